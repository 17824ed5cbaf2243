// A local stand-in for Twilio's REST API (2010-04-01), speaking its documented wire format:
// form-encoded requests with basic auth, JSON resources and error bodies. It records every
// request and serves media/recording files. Also: request signing and a strict TwiML reader.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

export interface RecordedRequest {
  method: string;
  path: string;
  form: Record<string, string>;
  /** "user:password" from the Basic Authorization header, or null. */
  auth: string | null;
  /** Every MediaUrl of the request (the form keeps only the last of repeated fields). */
  mediaUrls: string[];
}

export interface TwilioStandIn {
  url: string;
  requests: RecordedRequest[];
  /** Numbers the API rejects as invalid (Twilio error 21211, HTTP 400). */
  invalidNumbers: Set<string>;
  /** The next N Messages/Calls requests fail with HTTP 500 (to exercise retries). */
  failNext: { count: number };
  /** The first Messages/Calls request this matches fails with HTTP 500, once. */
  failOnce(match: (r: RecordedRequest) => boolean): void;
  /** Serves `data` at `path` (with basic auth) as a media file or recording would be. */
  serve(path: string, contentType: string, data: Buffer): string;
  /** Every Messages.json create so far. */
  messages(): RecordedRequest[];
  close(): Promise<void>;
}

/** A SID of Twilio's shape: two-letter prefix and 32 hex digits. */
export function sid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function twilioError(res: http.ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startTwilioStandIn(accountSid = ACCOUNT_SID, authToken = AUTH_TOKEN): Promise<TwilioStandIn> {
  const requests: RecordedRequest[] = [];
  const files = new Map<string, { contentType: string; data: Buffer }>();
  const invalidNumbers = new Set<string>();
  const failNext = { count: 0 };
  let failMatch: ((r: RecordedRequest) => boolean) | null = null;
  const base = `/2010-04-01/Accounts/${accountSid}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const header = req.headers.authorization ?? '';
      const auth = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : null;
      const params = new URLSearchParams(Buffer.concat(chunks).toString());
      const form = Object.fromEntries(params);
      requests.push({ method: req.method ?? 'GET', path, form, auth, mediaUrls: params.getAll('MediaUrl') });
      if (auth !== `${accountSid}:${authToken}`) return twilioError(res, 401, 20003, 'Authenticate');

      const file = req.method === 'GET' ? files.get(path) : undefined;
      if (file) return void res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length }).end(file.data);
      if (req.method !== 'POST') return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
      if (failNext.count > 0) {
        failNext.count -= 1;
        return twilioError(res, 500, 20500, 'Internal Server Error');
      }
      if (failMatch?.(requests[requests.length - 1]!)) {
        failMatch = null;
        return twilioError(res, 500, 20500, 'Internal Server Error');
      }
      const now = new Date().toUTCString();
      if (path === `${base}/Messages.json`) {
        if (!form.To || !form.From || (!form.Body && !form.MediaUrl)) return twilioError(res, 400, 21604, "A 'To' phone number, 'From' and 'Body' are required.");
        if (invalidNumbers.has(form.To.replace(/^whatsapp:/, ''))) return twilioError(res, 400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
        const messageSid = sid('SM');
        return sendJson(res, 201, {
          account_sid: accountSid, api_version: '2010-04-01', body: form.Body, date_created: now, date_sent: null, date_updated: now,
          direction: 'outbound-api', error_code: null, error_message: null, from: form.From, messaging_service_sid: null,
          num_media: '0', num_segments: '1', price: null, price_unit: 'USD', sid: messageSid, status: 'queued',
          subresource_uris: { media: `${base}/Messages/${messageSid}/Media.json` }, to: form.To, uri: `${base}/Messages/${messageSid}.json`,
        });
      }
      const call = new RegExp(`^${base}/Calls/(CA[0-9a-f]{32})\\.json$`).exec(path);
      if (call) {
        if (!form.Twiml && !form.Url && !form.Status) return twilioError(res, 400, 21205, 'Url, Twiml or Status is required');
        return sendJson(res, 200, {
          account_sid: accountSid, api_version: '2010-04-01', sid: call[1], status: 'in-progress', direction: 'inbound',
          from: '+15005550006', to: '+15005550001', date_created: now, date_updated: now, uri: `${base}/Calls/${call[1]}.json`,
        });
      }
      twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, requests, invalidNumbers, failNext,
    failOnce: (match) => void (failMatch = match),
    serve(path, contentType, data) {
      files.set(path, { contentType, data });
      return url + path;
    },
    messages: () => requests.filter((r) => r.method === 'POST' && r.path === `${base}/Messages.json`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Posts a form to our webhook the way Twilio does, signed for `publicUrl` (the URL Twilio called). */
export async function postSigned(serverUrl: string, publicUrl: string, path: string, params: Record<string, string>, opts: { token?: string; signature?: string | null } = {}): Promise<{ status: number; text: string; contentType: string }> {
  const signature = opts.signature === undefined ? twilio.getExpectedTwilioSignature(opts.token ?? AUTH_TOKEN, publicUrl + path, params) : opts.signature;
  const res = await fetch(serverUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature !== null ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/** A stable fake E.164 number from a seed (the 555 range is reserved for fiction). */
export function fakeNumber(seed: string): string {
  return `+1415555${(parseInt(createHash('sha1').update(seed).digest('hex').slice(0, 6), 16) % 10000).toString().padStart(4, '0')}`;
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/** A small strict XML reader (prolog, elements, attributes, text): throws on anything malformed. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => { throw new Error(`XML: ${why} at ${i}: ${xml.slice(i, i + 40)}`); };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated prolog');
    i = end + 2;
  }
  const skipSpace = () => { while (i < xml.length && /\s/.test(xml[i]!)) i++; };
  const readName = (): string => {
    const m = /^[A-Za-z_][\w.-]*/.exec(xml.slice(i));
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const readElement = (): XmlElement => {
    if (xml[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (xml.startsWith('/>', i)) { i += 2; return el; }
      if (xml[i] === '>') { i++; break; }
      const attr = readName();
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      skipSpace();
      if (xml[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      const q = xml[i];
      if (q !== '"' && q !== "'") return fail('expected a quoted value');
      const end = xml.indexOf(q, i + 1);
      if (end < 0) fail('unterminated attribute');
      const raw = xml.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute');
      el.attrs[attr] = decode(raw);
      i = end + 1;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      el.text += decode(xml.slice(i, lt));
      i = lt;
      if (xml.startsWith('</', i)) {
        i += 2;
        const name = readName();
        if (name !== el.name) fail(`</${name}> closes <${el.name}>`);
        skipSpace();
        if (xml[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      el.children.push(readElement());
    }
  };
  skipSpace();
  const root = readElement();
  skipSpace();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

/** Twilio's documented voice/messaging verbs and nouns, with the parents each may appear in. */
const ALLOWED: Record<string, string[]> = {
  Response: ['Say', 'Gather', 'Enqueue', 'Play', 'Record', 'Dial', 'Leave', 'Hangup', 'Redirect', 'Pause', 'Message'],
  Gather: ['Say', 'Play', 'Pause'],
  Dial: ['Number', 'Client', 'Queue', 'Conference', 'Sip'],
  Enqueue: ['Task'],
};

/** Parses TwiML and checks it against the documented verbs; returns the root <Response>. */
export function parseTwiml(xml: string): XmlElement {
  const root = parseXml(xml);
  if (root.name !== 'Response') throw new Error(`TwiML root must be <Response>, got <${root.name}>`);
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (!(ALLOWED[el.name] ?? []).includes(c.name)) throw new Error(`<${c.name}> is not a documented child of <${el.name}>`);
      walk(c);
    }
  };
  walk(root);
  return root;
}

/** Depth-first list of every element named `name`. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
