// The SQLite gate's lanes: urgent waiters go first, FIFO within a lane, and a waiting normal caller
// gets a turn after a bounded streak of urgent ones.
import { describe, expect, it } from 'vitest';
import { Gate, type Lane } from '../../../server/db/sqlite-gate.js';

async function order(gate: Gate, lanes: Lane[]): Promise<string[]> {
  const hold = await gate.acquire('urgent');
  const got: string[] = [];
  const waits = lanes.map((lane, i) => gate.acquire(lane).then((release) => {
    got.push(`${lane[0]}${i}`);
    release();
  }));
  // Let every normal waiter get past its event-loop poll and into the queue.
  await new Promise((r) => setTimeout(r, 20));
  hold();
  await Promise.all(waits);
  return got;
}

describe('Gate lanes', () => {
  it('serves urgent waiters before normal ones, each lane in arrival order', async () => {
    expect(await order(new Gate(), ['normal', 'urgent', 'normal', 'urgent'])).toEqual(['u1', 'u3', 'n0', 'n2']);
  });

  it('gives a waiting normal caller a turn after 8 urgent ones in a row', async () => {
    const lanes: Lane[] = ['normal', ...Array.from({ length: 12 }, () => 'urgent' as const)];
    const got = await order(new Gate(), lanes);
    expect(got.indexOf('n0')).toBe(8);
    expect(got).toHaveLength(13);
  });

  it('holds one caller at a time', async () => {
    const gate = new Gate();
    let inside = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => gate.acquire(i % 2 ? 'urgent' : 'normal').then(async (release) => {
      most = Math.max(most, ++inside);
      await new Promise((r) => setTimeout(r, 1));
      inside--;
      release();
    })));
    expect(most).toBe(1);
  });
});
