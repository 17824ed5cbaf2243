// CSV written to a stream in chunks of rows, waiting for 'drain' when the socket is full, so an
// export never builds its whole file as one string. Lines are the ones toCsv writes (csv.ts).
import type { Writable } from 'node:stream';
import { csvCell, type Cell } from './csv.js';

const CHUNK_ROWS = 500;

const line = (r: readonly Cell[]) => r.map(csvCell).join(',') + '\r\n';

/** Writes the header and every row (a list, or batches from an async source such as a keyset query), then ends. */
export async function writeCsv(out: Writable, header: readonly string[], rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>): Promise<void> {
  let chunk = line(header);
  let n = 0;
  const flush = async () => {
    if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => (out.off('drain', done), out.off('close', closed), err ? reject(err) : resolve());
      const closed = () => done(new Error('the client closed the connection'));
      out.on('drain', done);
      out.on('close', closed);
    });
    chunk = '';
    n = 0;
  };
  for await (const r of rows) {
    chunk += line(r);
    if (++n >= CHUNK_ROWS) await flush();
  }
  if (chunk) await flush();
  out.end();
}
