// A local stand-in for Slack's Web API speaking its documented wire format: POST /api/<method>
// with a form or JSON body and a bearer token, answers {ok:true,...} or {ok:false,error}, and
// 429 with Retry-After when told to. Files are served at /files/<id> to the bot token only.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestServer } from './server.js';

export interface RecordedCall { method: string; token: string | null; body: Record<string, unknown>; answered?: 'ok' | 'ratelimited' | string }
type Scripted = { status: 429; retryAfter: number } | { error: string };

export interface SlackStandin {
  url: string;
  apiUrl: string;
  calls: RecordedCall[];
  downloads: { id: string; token: string | null }[];
  /** What was POSTed to interaction response_urls (`responseUrl(id)`), in order. */
  responses: { id: string; body: Record<string, unknown> }[];
  responseUrl(id: string): string;
  callsTo(method: string): RecordedCall[];
  /** The next call(s) to `method` answer with this instead of succeeding. */
  failNext(method: string, outcome: Scripted, times?: number): void;
  addUser(id: string, profile: { real_name?: string; email?: string; display_name?: string }): void;
  addFile(id: string, data: Buffer, contentType?: string): string;
  /** Bytes POSTed to upload URLs from files.getUploadURLExternal, by file id (the multipart body as sent). */
  uploads: Map<string, { filename: string; length: number; body: Buffer }>;
  close(): Promise<void>;
}

export const STANDIN_BOT = { token: 'xoxb-standin-token', userId: 'UBOTSELF', botId: 'BBOTSELF' };

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startSlackStandin(opts: { teamId?: string } = {}): Promise<SlackStandin> {
  const calls: RecordedCall[] = [];
  const downloads: SlackStandin['downloads'] = [];
  const responses: SlackStandin['responses'] = [];
  const scripted = new Map<string, Scripted[]>();
  const users = new Map<string, { real_name?: string; email?: string; display_name?: string }>();
  const files = new Map<string, { data: Buffer; contentType: string }>();
  let seq = 0;
  const uploads: SlackStandin['uploads'] = new Map();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? null;
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
        const id = url.pathname.slice('/files/'.length);
        downloads.push({ id, token });
        const f = files.get(id);
        // Like Slack: without the token a private file URL answers a login page.
        if (!f || token !== STANDIN_BOT.token) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
        return void res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.data.length }).end(f.data);
      }
      if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
        // Like files.slack.com upload URLs: pre-authorised by the URL itself, the bytes in a multipart body.
        const slot = uploads.get(url.pathname.slice('/upload/'.length));
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        if (!slot) return void res.writeHead(404).end('unknown upload');
        slot.body = Buffer.concat(chunks);
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${slot.body.length}`);
      }
      if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
        // Like hooks.slack.com response_urls: JSON in, "ok" out, no token.
        responses.push({ id: url.pathname.slice('/respond/'.length), body: await readBody(req) });
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const body = await readBody(req);
      const call: RecordedCall = { method, token: token ?? (typeof body.token === 'string' ? body.token : null), body };
      calls.push(call);
      const json = (status: number, payload: { ok: boolean; error?: string; [k: string]: unknown }, headers: Record<string, string> = {}) => {
        call.answered = status === 429 ? 'ratelimited' : payload.ok ? 'ok' : String(payload.error);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
      };
      const next = scripted.get(method)?.shift();
      if (next && 'status' in next) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(next.retryAfter) });
      if (next) return json(200, { ok: false, error: next.error });
      if (token !== STANDIN_BOT.token) return json(200, { ok: false, error: 'invalid_auth' });
      switch (method) {
        case 'auth.test':
          return json(200, { ok: true, url: 'https://standin.slack.com/', team: 'Standin', user: 'switchboard', team_id: opts.teamId ?? 'T0STANDIN', user_id: STANDIN_BOT.userId, bot_id: STANDIN_BOT.botId });
        case 'users.info': {
          const u = users.get(String(body.user));
          if (!u) return json(200, { ok: false, error: 'user_not_found' });
          return json(200, { ok: true, user: { id: body.user, name: 'handle', real_name: u.real_name, profile: { real_name: u.real_name, display_name: u.display_name ?? '', ...(u.email ? { email: u.email } : {}) } } });
        }
        case 'chat.postMessage': {
          if (!body.channel) return json(200, { ok: false, error: 'channel_not_found' });
          if (!body.text) return json(200, { ok: false, error: 'no_text' });
          seq += 1;
          const ts = `1800000000.${String(seq).padStart(6, '0')}`;
          return json(200, { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, ts, bot_id: STANDIN_BOT.botId, ...(body.thread_ts ? { thread_ts: body.thread_ts } : {}) } });
        }
        case 'files.getUploadURLExternal': {
          if (!body.filename || !Number(body.length)) return json(200, { ok: false, error: 'invalid_arguments' });
          seq += 1;
          const fileId = `F0UP${seq}`;
          uploads.set(fileId, { filename: String(body.filename), length: Number(body.length), body: Buffer.alloc(0) });
          return json(200, { ok: true, upload_url: `http://${req.headers.host}/upload/${fileId}`, file_id: fileId });
        }
        case 'files.completeUploadExternal': {
          const listed = (typeof body.files === 'string' ? JSON.parse(body.files) : body.files) as { id: string; title?: string }[];
          // Slack refuses to share a file whose bytes never arrived.
          if (!Array.isArray(listed) || !listed.length || listed.some((f) => !uploads.get(f.id)?.body.length)) return json(200, { ok: false, error: 'file_not_found' });
          return json(200, { ok: true, files: listed.map((f) => ({ id: f.id, title: f.title ?? uploads.get(f.id)!.filename })) });
        }
        default:
          return json(200, { ok: false, error: 'unknown_method' });
      }
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, apiUrl: `${url}/api/`, calls, downloads, responses, uploads,
    responseUrl: (id) => `${url}/respond/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, outcome, times = 1) {
      const q = scripted.get(method) ?? [];
      for (let i = 0; i < times; i++) q.push(outcome);
      scripted.set(method, q);
    },
    addUser: (id, profile) => void users.set(id, profile),
    addFile(id, data, contentType = 'application/octet-stream') {
      files.set(id, { data, contentType });
      return `${url}/files/${id}`;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** The request signature Slack sends: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function signSlack(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${sig}` };
}

// Signed Events API deliveries and polling for their results (events are acknowledged before they are stored).
export const SECRET = 'slack-signing-secret-for-tests';
export const TEAM = 'T0STANDIN';

let tsSeq = 0;
/** A fresh Slack message ts (seconds.micros), unique within this run. */
export function nextTs(): string {
  tsSeq += 1;
  return `${1_700_000_000 + tsSeq}.${String(tsSeq).padStart(6, '0')}`;
}

let eventSeq = 0;
export function envelope(event: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> {
  eventSeq += 1;
  return { token: 'legacy', team_id: TEAM, api_app_id: 'A0APP', type: 'event_callback', event_id: `Ev${process.pid}${eventSeq}`, event_time: Math.floor(Date.now() / 1000), event, ...over };
}

export async function postEvent(server: TestServer, payload: unknown, o: { secret?: string; timestamp?: number; headers?: Record<string, string>; raw?: string } = {}): Promise<{ status: number; text: string }> {
  const body = o.raw ?? JSON.stringify(payload);
  const headers = { ...signSlack(o.secret ?? SECRET, body, o.timestamp), ...(o.headers ?? {}) };
  const res = await fetch(`${server.url}/channels/slack/events`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

/** Events are acknowledged before they are stored: poll until `fn` returns something. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting for the Slack event to be processed');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Lets in-flight event handling finish, for asserting that nothing was stored. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** A signed Interactivity request as Slack sends it: form-encoded `payload=<json>`. */
export async function postInteraction(server: TestServer, payload: unknown, o: { secret?: string; raw?: string; contentType?: string } = {}): Promise<{ status: number; text: string }> {
  const body = o.raw ?? new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const headers = { ...signSlack(o.secret ?? SECRET, body), 'content-type': o.contentType ?? 'application/x-www-form-urlencoded' };
  const res = await fetch(`${server.url}/channels/slack/interactions`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

/** A block_actions payload for one button click (https://api.slack.com/reference/interaction-payloads/block-actions). */
export function blockActionsPayload(o: { user: string; team?: string; channel: string; messageTs: string; blockId: string; actionId: string; value?: string; responseUrl: string }): Record<string, unknown> {
  const team = o.team ?? TEAM;
  return {
    type: 'block_actions', team: { id: team, domain: 'standin' }, user: { id: o.user, username: 'someone', name: 'someone', team_id: team },
    api_app_id: 'A0APP', token: 'legacy', trigger_id: `${Date.now()}.1.abc`,
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false },
    channel: { id: o.channel, name: 'directmessage' }, response_url: o.responseUrl,
    actions: [{ type: 'button', action_id: o.actionId, block_id: o.blockId, value: o.value ?? o.actionId.slice(-1), text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}` }],
  };
}
