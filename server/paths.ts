// The repository root, found from this module's own location, so file paths hold whether the
// server runs from source (tsx) or from the bundle `npm start` builds into dist/server.
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prisma'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Switchboard checkout above ${from}`);
  }
}

export const ROOT = findRoot(import.meta.dirname);

/** A path inside the checkout, from its root. */
export const fromRoot = (...parts: string[]) => path.join(ROOT, ...parts);
