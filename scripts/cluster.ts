// `npm run cluster [-- --nodes 3 --port 3000]`: N identical Switchboard nodes on one PostgreSQL
// and one Redis, behind a small sticky proxy, as a load balancer would run them (docs/scaling.md).
// Also imported by the multi-node tests, which start nodes and the proxy the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import httpProxy from 'http-proxy';
import pg from 'pg';
import { createClient } from 'redis';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres?schema=switchboard';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const COOKIE = 'sb_node';

export interface NodeProcess {
  index: number;
  url: string;
  child: ChildProcess;
  /** Everything the node wrote so far (for failure messages). */
  output(): string;
  /** SIGTERM shuts down cleanly; SIGKILL is a crash. Resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node --import tsx server/main.ts` and resolves with the URL it prints. */
export function startNode(index: number, env: Record<string, string>, onOutput?: (text: string) => void): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const node = (url: string): NodeProcess => ({
    index, url, child, output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  });
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      onOutput?.(d.toString());
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(node(url));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`node ${index} exited (${signal ?? code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}

/** Why PostgreSQL cannot be used here, or null when it answers. */
export async function postgresUnreachable(databaseUrl: string): Promise<string | null> {
  const u = new URL(databaseUrl);
  u.searchParams.delete('schema');
  const db = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 2_000 });
  try {
    await db.connect();
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${u.host} (${(err as Error).message || (err as { code?: string }).code})`;
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Why Redis cannot be used here, or null when it answers. */
export async function redisUnreachable(redisUrl: string): Promise<string | null> {
  const redis = createClient({ url: redisUrl, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return `Redis is not reachable at ${new URL(redisUrl).host} (${(err as Error).message})`;
  } finally {
    if (redis.isOpen) redis.destroy();
  }
}

/** Why the cluster cannot run here (a service is unreachable), or null when both answer. */
export async function unreachable(databaseUrl: string, redisUrl: string): Promise<string | null> {
  return (await postgresUnreachable(databaseUrl)) ?? (await redisUnreachable(redisUrl));
}

/** Rendezvous hashing: when a node goes down, only the clients it had move. */
function byAddress(address: string, pool: number[]): number {
  const score = (i: number) => createHash('sha1').update(`${address}|${i}`).digest().readUInt32BE(0);
  return pool.reduce((best, i) => (score(i) > score(best) ? i : best));
}

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

function cookieNode(req: IncomingMessage, count: number): number | null {
  const m = new RegExp(`(?:^|;\\s*)${COOKIE}=(\\d+)`).exec(req.headers.cookie ?? '');
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 0 && n < count ? n : null;
}

/**
 * Sticky proxy: a request goes to the node named by its cookie, else to one chosen by a hash of the
 * client address, so socket.io's polling requests keep reaching the node that holds their session
 * (cross-site widgets send no cookie). A node that refuses connections is skipped for a while.
 */
export async function startProxy(targets: string[], port = 0, host = '127.0.0.1'): Promise<Proxy> {
  const proxy = httpProxy.createProxyServer({ ws: true, xfwd: true });
  const downUntil = targets.map(() => 0);
  const chosen = new WeakMap<IncomingMessage, { node: number; setCookie: boolean }>();

  const pick = (req: IncomingMessage): number => {
    const alive = targets.map((_, i) => i).filter((i) => downUntil[i]! < Date.now());
    const pool = alive.length ? alive : targets.map((_, i) => i);
    const fromCookie = cookieNode(req, targets.length);
    const node = fromCookie !== null && pool.includes(fromCookie) ? fromCookie : byAddress(req.socket.remoteAddress ?? '', pool);
    chosen.set(req, { node, setCookie: node !== fromCookie });
    return node;
  };
  const failed = (node: number) => {
    downUntil[node] = Date.now() + 3_000;
  };

  proxy.on('proxyRes', (proxyRes, req) => {
    const c = chosen.get(req);
    if (!c?.setCookie) return;
    const prior = proxyRes.headers['set-cookie'] ?? [];
    proxyRes.headers['set-cookie'] = [...prior, `${COOKIE}=${c.node}; Path=/; HttpOnly; SameSite=Lax`];
  });

  const server = createServer((req, res) => {
    const node = pick(req);
    proxy.web(req, res, { target: targets[node] }, () => {
      failed(node);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 502, code: 'BAD_GATEWAY', error: 'Bad Gateway', message: `node ${node + 1} did not answer` }));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const node = pick(req);
    proxy.ws(req, socket, head, { target: targets[node] }, () => {
      failed(node);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actual}`,
    close: () => new Promise<void>((resolve) => {
      proxy.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const count = Number(option('nodes', '2'));
  if (!Number.isInteger(count) || count < 1 || count > 32) throw new Error('--nodes must be a whole number from 1 to 32');
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must be a PostgreSQL URL: SQLite cannot be shared by several nodes');
  const missing = await unreachable(databaseUrl, redisUrl);
  if (missing) {
    process.stderr.write(`${missing}.\nThe cluster needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL, or start them locally (docs/scaling.md).\n`);
    process.exit(1);
  }
  // Unset SECRET_KEY is fine too: then every node reads the one the first node stored in the database.
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, TRUST_PROXY: '1' };
  // Each node's own banner names its private address: only the proxy's is printed below.
  const banner = /^\s*(Switchboard is running at|console:|demo:)/;
  const echo = (i: number) => {
    let partial = '';
    return (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      const shown = lines.filter((l) => l.trim() && !banner.test(l));
      if (shown.length) process.stdout.write(shown.map((l) => `[node ${i + 1}] ${l}\n`).join(''));
    };
  };
  // The first node migrates and creates the first admin (and prints its password once).
  const nodes = [await startNode(0, env, echo(0))];
  nodes.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startNode(i + 1, env, echo(i + 1))))));
  const proxy = await startProxy(nodes.map((n) => n.url), Number(option('port', process.env.PORT || '3000')), process.env.HOST || '0.0.0.0');
  for (const n of nodes) n.child.once('exit', (code, signal) => process.stdout.write(`[cluster] node ${n.index + 1} exited (${signal ?? code}); the proxy routes around it\n`));
  process.stdout.write(`\n  Switchboard cluster (${count} nodes, sticky proxy) is running at ${proxy.url}\n    console: ${proxy.url}/console\n    demo:    ${proxy.url}/demo\n    nodes:   ${nodes.map((n) => n.url).join(', ')}\n\n`);
  const stop = async () => {
    await proxy.close();
    await Promise.all(nodes.map((n) => n.stop('SIGTERM')));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`cluster failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
