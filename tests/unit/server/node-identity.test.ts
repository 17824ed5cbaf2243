import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimNodeIdentity, leaseOwner } from '../../../server/channels/node-identity.js';

const dirs: string[] = [];
const fresh = () => { const d = mkdtempSync(path.join(tmpdir(), 'sb-node-')); dirs.push(d); return d; };
const lockFile = (dir: string) => path.join(dir, 'nodes', `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('node identity', () => {
  it('keeps its name across restarts once the earlier process is gone', () => {
    const dir = fresh();
    const first = claimNodeIdentity(dir);
    expect(first.stable).toMatch(/^host:/);
    // The lock names a process that has exited (pid 2^22 + 1 is above Linux's pid range).
    writeFileSync(lockFile(dir), JSON.stringify({ id: first.stable!.slice(5), pid: 4_194_305 }));
    const again = claimNodeIdentity(dir);
    expect(again.stable).toBe(first.stable);
    expect(again.incarnation).not.toBe(first.incarnation);
    expect(leaseOwner(again).previous).toBe(`${first.stable}/`);
  });
  it('a second live process on the same DATA_DIR gets no stable name (it never takes the first one\'s leases)', async () => {
    const dir = fresh();
    const other = spawn('sleep', ['30']);
    try {
      mkdirSync(path.join(dir, 'nodes'), { recursive: true });
      writeFileSync(lockFile(dir), JSON.stringify({ id: 'someone', pid: other.pid }));
      const id = claimNodeIdentity(dir);
      expect(id.stable).toBeNull();
      expect(leaseOwner(id)).toEqual({ owner: id.incarnation, previous: null });
      expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(other.pid);
    } finally {
      other.kill();
    }
  });
  it('NODE_ID names the node as given', () => {
    expect(claimNodeIdentity(fresh(), 'eu-1').stable).toBe('id:eu-1');
  });
});
