// Starts a real Dovecot IMAP server for tests in its own temp dir on a free loopback port.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

export const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
export const DOVEADM_BIN = process.env.DOVEADM_BIN ?? '/usr/bin/doveadm';

export interface Dovecot {
  host: string;
  port: number;
  dir: string;
  /** Adds a mail user (plaintext password, fine for a throwaway test server). */
  users: { user: string; password: string }[];
  /** Runs Dovecot's own admin tool against this server (e.g. `who`, `mailbox status`) and returns its output. */
  doveadm(...args: string[]): string;
  /** Logged-in IMAP sessions of a user right now, as Dovecot counts them. */
  sessions(user: string): number;
  /** Stops the server (every session drops, as in a server restart) and starts it again on the same port and mail. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface DovecotOptions {
  /** False: the server does not announce IDLE (like some hosted IMAP servers), so clients must poll. */
  idle?: boolean;
}

// Dovecot 2.3's own post-login capability list, minus IDLE, for servers that must not offer it.
const CAPABILITIES_WITHOUT_IDLE = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY';

/** Why Dovecot cannot run here, or null when it can (tests skip with this reason). */
export function dovecotMissing(): string | null {
  return existsSync(DOVECOT_BIN) ? null : `${DOVECOT_BIN} not found (apt-get install -y dovecot-imapd)`;
}

function systemUser(name: string): { uid: number; gid: number } | null {
  if (!existsSync('/etc/passwd')) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  const parts = line?.split(':');
  return parts && parts.length > 3 ? { uid: Number(parts[2]), gid: Number(parts[3]) } : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms`);
}

export async function startDovecot(users: { user: string; password: string }[], opts: DovecotOptions = {}): Promise<Dovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-dovecot-'));
  const port = await freePort();
  for (const sub of ['base', 'state', 'mail']) mkdirSync(path.join(dir, sub));
  // Login processes drop to the login user and must reach the sockets under base_dir.
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'base'), 0o755);
  const me = userInfo();
  // As root, imap-login refuses to run as root: use Debian's dovenull/dovecot users; otherwise ourselves.
  const dovecotUser = me.uid === 0 ? systemUser('dovecot') : null;
  const asRoot = dovecotUser !== null && systemUser('dovenull') !== null;
  const loginUser = asRoot ? 'dovenull' : me.username;
  const internalUser = asRoot ? 'dovecot' : me.username;
  // Dovecot's passwd-file rejects uid 0 for mail users, so as root the mail belongs to "dovecot".
  const owner = asRoot && dovecotUser ? dovecotUser : { uid: me.uid, gid: me.gid };
  chmodSync(path.join(dir, 'mail'), 0o755);
  chownSync(path.join(dir, 'mail'), owner.uid, owner.gid);
  writeFileSync(path.join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}:${owner.uid}:${owner.gid}::${dir}/mail/${u.user}::`).join('\n') + '\n');
  // Everything lives in the temp dir so parallel suites and a normal system Dovecot never clash.
  writeFileSync(path.join(dir, 'dovecot.conf'), [
    `base_dir = ${dir}/base`, `state_dir = ${dir}/state`, `log_path = ${dir}/dovecot.log`, `info_log_path = ${dir}/dovecot.log`,
    'protocols = imap', `listen = 127.0.0.1`, 'ssl = no', 'disable_plaintext_auth = no', 'auth_mechanisms = plain login',
    `default_internal_user = ${internalUser}`, `default_login_user = ${loginUser}`, 'first_valid_uid = 0', 'first_valid_gid = 0',
    `mail_location = maildir:${dir}/mail/%u`, 'auth_failure_delay = 0',
    ...(opts.idle === false ? [`imap_capability = ${CAPABILITIES_WITHOUT_IDLE}`] : []),
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}', 'service imap-login {\n  chroot =\n}', 'service pop3-login {\n  chroot =\n}',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${dir}/passwd\n}`,
    `userdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
  ].join('\n') + '\n');
  const conf = path.join(dir, 'dovecot.conf');
  let master = await launch(conf, port).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const doveadm = (...args: string[]) => execFileSync(DOVEADM_BIN, ['-c', path.join(dir, 'dovecot.conf'), ...args], { encoding: 'utf8' });
  return {
    host: '127.0.0.1', port, dir, users, doveadm,
    sessions: (user) => doveadm('who', '-1', user).split('\n').filter((l) => l.split(/\s+/)[0] === user && / imap /.test(l)).length,
    async restart() {
      await master.stop(path.join(dir, 'base', 'master.pid'));
      master = await launch(conf, port);
    },
    async stop() {
      await master.stop(path.join(dir, 'base', 'master.pid'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the Dovecot master in the foreground (-F: the child is ours, and a daemonized master would keep our pipes open). */
async function launch(conf: string, port: number): Promise<{ stop(pidFile: string): Promise<void> }> {
  // Its own process group, so a stop ends every Dovecot process at once (as systemd does on restart).
  const child = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([waitForPort(port, 10_000), exited.then(() => { throw new Error(`dovecot exited: ${stderr}`); })]);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    async stop(pidFile) {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : child.pid;
      if (pid && child.exitCode === null) {
        try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      // Sessions outlive the master for a while otherwise; a restart drops them.
      if (child.pid) try { process.kill(-child.pid, 'SIGTERM'); } catch { /* the group is gone */ }
    },
  };
}
