// Serves the browser bundles from dist/web precompressed: brotli or gzip, whichever the client's
// Accept-Encoding prefers (q-values honoured), from the .br/.gz files the build writes beside each
// bundle; always with Vary: Accept-Encoding so caches keep the variants apart. A source map is served
// only when the build made one (--watch or WEB_SOURCEMAPS), so none is public by default.
import type { Request, Response } from 'express';
import { statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { ROOT } from '../paths.js';

export const WEB_DIST = path.join(ROOT, 'dist/web');

const ENCODINGS = [{ name: 'br', ext: '.br' }, { name: 'gzip', ext: '.gz' }] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.(js|css|map)$/;

const mtime = (file: string) => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/** The compressed sibling to send, if the client takes it and it is not older than the bundle (a rebuild in progress). */
function variant(req: Request, file: string, bundleTime: number): { name: string; file: string } | null {
  if (file.endsWith('.map')) return null;
  const preferred = req.acceptsEncodings(...ENCODINGS.map((e) => e.name), 'identity');
  const encoding = ENCODINGS.find((e) => e.name === preferred);
  if (!encoding) return null;
  const compressed = file + encoding.ext;
  const time = mtime(compressed);
  return time !== undefined && time >= bundleTime ? { name: encoding.name, file: compressed } : null;
}

/** Sends dist/web/<name>; 404 for anything else. `headers` are set first (cache, CORS). */
export async function sendBuilt(req: Request, res: Response, name: string, headers: Record<string, string> = {}): Promise<void> {
  if (!NAME.test(name)) throw new AppError('NOT_FOUND', 'No such file');
  const file = path.join(WEB_DIST, name);
  const bundleTime = mtime(file);
  if (bundleTime === undefined) throw new AppError('NOT_FOUND', name.endsWith('.map') ? 'No such file' : `${name} is missing: run npm run build:web`);
  const chosen = variant(req, file, bundleTime);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Vary', 'Accept-Encoding');
  // The type of the bundle, not of the .br/.gz file that carries it.
  res.type(path.extname(name));
  if (chosen) res.setHeader('Content-Encoding', chosen.name);
  await new Promise<void>((resolve, reject) => {
    res.sendFile(chosen?.file ?? file, { cacheControl: false }, (err) => {
      if (!err) return resolve();
      if (res.headersSent) {
        res.destroy();
        return resolve();
      }
      reject(err);
    });
  });
}
