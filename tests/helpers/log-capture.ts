// A real pino logger whose JSON lines are kept in memory, so a test can check what the server logged.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface LogCapture {
  log: Logger;
  lines: Record<string, unknown>[];
  /** The lines whose message is `msg` (and that pass `match`). */
  find(msg: string, match?: (line: Record<string, unknown>) => boolean): Record<string, unknown>[];
}

export function captureLogs(level = 'info'): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level }, sink), lines, find: (msg, match = () => true) => lines.filter((l) => l.msg === msg && match(l)) };
}
