// A real SMTP server (smtp-server) on a free loopback port that keeps every mail it receives,
// parsed with postal-mime, so tests can check what the project actually sent.
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail { envelope: { from: string; to: string[] }; raw: Buffer; parsed: Email; header(name: string): string | undefined }

export interface SmtpCapture {
  host: string;
  port: number;
  mails: CapturedMail[];
  /** Resolves with the first captured mail passing `match`, already received or still to come. */
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Makes the next RCPT answer with this SMTP code (e.g. 550, 451) once. */
  failNextRcpt(code: number): void;
  /** Makes the next mail's end of DATA answer with this code once (the whole mail was sent, then refused). */
  failNextData(code: number): void;
  /** Every answer we refused with, in order: login attempts with a wrong password, failed RCPT and DATA. */
  refusals: { stage: 'auth' | 'rcpt' | 'data'; code: number }[];
  close(): Promise<void>;
}

export async function startSmtpCapture(auth?: { user: string; password: string }): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const waiters: (() => void)[] = [];
  let nextRcptCode: number | null = null;
  let nextDataCode: number | null = null;
  const refusals: SmtpCapture['refusals'] = [];
  const refuse = (stage: 'auth' | 'rcpt' | 'data', code: number, message: string) => {
    refusals.push({ stage, code });
    return Object.assign(new Error(message), { responseCode: code });
  };
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true, authOptional: !auth, logger: false,
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.password) cb(null, { user: a.username });
      else cb(refuse('auth', 535, 'Invalid username or password'));
    },
    onRcptTo(_addr, _session, cb) {
      if (nextRcptCode === null) return cb();
      const code = nextRcptCode;
      nextRcptCode = null;
      cb(refuse('rcpt', code, code >= 500 ? 'No such user' : 'Try again later'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (nextDataCode !== null) {
          const code = nextDataCode;
          nextDataCode = null;
          return cb(refuse('data', code, code >= 500 ? 'Message rejected' : 'Local error in processing, try again later'));
        }
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw).then((parsed) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          mails.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed, header: (n) => parsed.headers.find((h) => h.key === n.toLowerCase())?.value });
          for (const w of waiters.splice(0)) w();
          cb();
        }, (err: Error) => cb(err));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1', port, mails, refusals,
    failNextRcpt(code) { nextRcptCode = code; },
    failNextData(code) { nextDataCode = code; },
    async waitFor(match, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find(match);
        if (found) return found;
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no matching mail captured within ${timeoutMs} ms (${mails.length} captured)`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, Math.min(left, 200)); });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
