// Streamed CSV: byte for byte what toCsv writes, through a slow socket-like stream that pushes back.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toCsv, type Cell } from '../../../server/reports/csv.js';
import { writeCsv } from '../../../server/reports/csv-stream.js';

function slowSink(): { out: Writable; text: () => string; writes: () => number } {
  const parts: string[] = [];
  const out = new Writable({ highWaterMark: 64, write(chunk, _enc, done) { parts.push(String(chunk)); setImmediate(done); } });
  return { out, text: () => parts.join(''), writes: () => parts.length };
}

const tricky: Cell[][] = Array.from({ length: 2_000 }, (_, i) => [i, `=cmd|${i}`, 'a "quoted", field', ' edge ', null, i % 7 ? 1.5 : Number.NaN, '@x', 'line\r\nbreak', '-1', undefined]);

describe('writeCsv', () => {
  it('writes the same bytes as toCsv, in several chunks, and ends the stream', async () => {
    const header = ['n', 'formula', 'quoted', 'spaces', 'null', 'num', 'at', 'crlf', 'minus', 'undef'];
    const sink = slowSink();
    const finished = new Promise((r) => sink.out.on('finish', r));
    await writeCsv(sink.out, header, tricky);
    await finished;
    expect(sink.text()).toBe(toCsv(header, tricky));
    expect(sink.writes()).toBeGreaterThan(3);
  });

  it('takes rows from an async source (keyset batches) with the same result', async () => {
    async function* batches() {
      for (let k = 0; k < tricky.length; k += 300) for (const r of tricky.slice(k, k + 300)) yield r;
    }
    const sink = slowSink();
    await writeCsv(sink.out, ['a'], batches());
    await new Promise((r) => setImmediate(r));
    expect(sink.text()).toBe(toCsv(['a'], tricky));
  });

  it('writes only the header for no rows, as before', async () => {
    const sink = slowSink();
    await writeCsv(sink.out, ['x', 'y'], []);
    await new Promise((r) => setImmediate(r));
    expect(sink.text()).toBe(toCsv(['x', 'y'], []));
  });
});
