// Who this process is, for leases (one IMAP watcher per mailbox across nodes). A process that
// restarts after a crash must take its own leases back at once instead of waiting for them to run
// out, yet two live processes must never pass for one. So a node has a stable name, kept per host
// in DATA_DIR (or NODE_ID, which the operator keeps unique), and a lock file naming the live process
// that uses it: a second process on the same DATA_DIR while the first runs gets a name of its own.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface NodeIdentity {
  /** Stable across restarts of this node; null when it could not be claimed (leases then only expire). */
  stable: string | null;
  /** This process: the lease owner is `<stable>/<incarnation>`. */
  incarnation: string;
}

interface LockFile { id: string; pid: number }

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // a lock naming our own pid was left by an earlier process (a container's pid 1)
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(file: string): LockFile | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockFile>;
    return typeof v.id === 'string' && typeof v.pid === 'number' ? { id: v.id, pid: v.pid } : null;
  } catch {
    return null;
  }
}

/** `nodeId`: NODE_ID from the environment, trusted to be unique among running processes. */
export function claimNodeIdentity(dataDir: string, nodeId?: string): NodeIdentity {
  const incarnation = randomUUID();
  if (nodeId) return { stable: `id:${nodeId}`, incarnation };
  // One file per host: nodes on several hosts may share a DATA_DIR (attachments on a network volume).
  const dir = path.resolve(dataDir, 'nodes');
  const file = path.join(dir, `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    const prior = read(file);
    if (prior && alive(prior.pid)) return { stable: null, incarnation };
    const id = prior?.id ?? randomUUID();
    // Written whole, then renamed: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ id, pid: process.pid }));
    renameSync(tmp, file);
    // Two processes starting at the same moment: the one whose pid stayed in the file wins the name.
    return read(file)?.pid === process.pid ? { stable: `host:${id}`, incarnation } : { stable: null, incarnation };
  } catch {
    return { stable: null, incarnation };
  }
}

/** The lease owner string, and the prefix that marks leases an earlier incarnation of this node left. */
export function leaseOwner(identity: NodeIdentity): { owner: string; previous: string | null } {
  return identity.stable ? { owner: `${identity.stable}/${identity.incarnation}`, previous: `${identity.stable}/` } : { owner: identity.incarnation, previous: null };
}
