// Tiny HTTP stand-in for the Meilisearch REST routes the KB adapter uses (plus index deletion, for cleanup).
// It records every request so tests can check the wire format; search is a crude substring match, good enough
// to round-trip documents, not to judge relevance.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: { authorization?: string; contentType?: string };
}

export interface MeiliStandin {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface MeiliStandinOptions {
  /** When set, requests must carry `Authorization: Bearer <masterKey>` (401/403 otherwise, like Meilisearch). */
  masterKey?: string;
  /** GET /tasks/:uid answers `processing` this many times before the final status, to exercise polling. */
  processingPolls?: number;
}

type Doc = Record<string, unknown>;
interface IndexState { primaryKey: string | null; settings: Record<string, unknown>; docs: Map<string, Doc> }
interface TaskState { uid: number; indexUid: string; type: string; enqueuedAt: string; polls: number; error: ApiError | null; details: Doc }
interface ApiError { message: string; code: string; type: string; link: string }

const apiError = (code: string, message: string, type = 'invalid_request'): ApiError => ({
  message, code, type, link: `https://docs.meilisearch.com/errors#${code}`,
});

export async function startMeiliStandin(options: MeiliStandinOptions = {}): Promise<MeiliStandin> {
  const requests: RecordedRequest[] = [];
  const indexes = new Map<string, IndexState>();
  const tasks: TaskState[] = [];

  // Meilisearch applies writes asynchronously; the stand-in applies them at once and reports them via the task.
  function enqueue(res: ServerResponse, indexUid: string, type: string, apply: () => { error: ApiError } | { details: Doc }): void {
    const outcome = apply();
    const error = 'error' in outcome ? outcome.error : null;
    const details = 'details' in outcome ? outcome.details : {};
    const task: TaskState = { uid: tasks.length, indexUid, type, enqueuedAt: new Date().toISOString(), polls: 0, error, details };
    tasks.push(task);
    send(res, 202, { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt });
  }

  function taskView(task: TaskState): Doc {
    const processing = task.polls++ < (options.processingPolls ?? 0);
    const status = processing ? 'processing' : task.error ? 'failed' : 'succeeded';
    const done = processing ? null : new Date().toISOString();
    return {
      uid: task.uid, batchUid: task.uid, indexUid: task.indexUid, status, type: task.type, canceledBy: null,
      details: task.details, error: processing ? null : task.error, duration: done ? 'PT0.001S' : null,
      enqueuedAt: task.enqueuedAt, startedAt: task.enqueuedAt, finishedAt: done,
    };
  }

  function route(req: RecordedRequest, res: ServerResponse): void {
    const parts = req.path.split('/').filter(Boolean);
    const [root, uid, sub, action] = parts;
    const index = uid ? indexes.get(uid) : undefined;
    const ensure = (): IndexState => {
      // Settings and document writes create a missing index implicitly, as Meilisearch does.
      let state = indexes.get(uid!);
      if (!state) indexes.set(uid!, (state = { primaryKey: null, settings: {}, docs: new Map() }));
      return state;
    };
    if (req.method === 'GET' && req.path === '/health') return send(res, 200, { status: 'available' });
    if (req.method === 'GET' && root === 'tasks' && uid && parts.length === 2) {
      const task = tasks[Number(uid)];
      return task ? send(res, 200, taskView(task)) : send(res, 404, apiError('task_not_found', `Task \`${uid}\` not found.`));
    }
    if (root !== 'indexes') return send(res, 404, apiError('not_found', 'Not found'));
    if (req.method === 'POST' && parts.length === 1) {
      const body = req.body as { uid?: string; primaryKey?: string };
      return enqueue(res, body.uid ?? '', 'indexCreation', () => {
        if (indexes.has(body.uid ?? '')) return { error: apiError('index_already_exists', `Index \`${body.uid}\` already exists.`) };
        indexes.set(body.uid ?? '', { primaryKey: body.primaryKey ?? null, settings: {}, docs: new Map() });
        return { details: { primaryKey: body.primaryKey ?? null } };
      });
    }
    if (req.method === 'DELETE' && parts.length === 2) {
      return enqueue(res, uid!, 'indexDeletion', () => {
        if (!index) return { error: apiError('index_not_found', `Index \`${uid}\` not found.`) };
        indexes.delete(uid!);
        return { details: { deletedDocuments: index.docs.size } };
      });
    }
    if (req.method === 'PATCH' && sub === 'settings' && !action) {
      return enqueue(res, uid!, 'settingsUpdate', () => {
        Object.assign(ensure().settings, req.body as Doc);
        return { details: req.body as Doc };
      });
    }
    if (sub === 'documents' && req.method === 'POST' && !action) {
      if (req.headers.contentType !== 'application/json') return send(res, 415, apiError('missing_content_type', 'Missing Content-Type'));
      return enqueue(res, uid!, 'documentAdditionOrUpdate', () => {
        const state = ensure();
        state.primaryKey ??= req.query['primaryKey'] ?? 'id';
        for (const doc of req.body as Doc[]) state.docs.set(String(doc[state.primaryKey]), doc);
        const count = (req.body as Doc[]).length;
        return { details: { receivedDocuments: count, indexedDocuments: count } };
      });
    }
    if (sub === 'documents' && ((req.method === 'POST' && action === 'delete-batch') || (req.method === 'DELETE' && !action))) {
      return enqueue(res, uid!, 'documentDeletion', () => {
        if (!index) return { error: apiError('index_not_found', `Index \`${uid}\` not found.`) };
        const ids = action ? (req.body as unknown[]).map(String) : [...index.docs.keys()];
        const deleted = ids.filter((id) => index.docs.delete(id)).length;
        return { details: { providedIds: ids.length, deletedDocuments: deleted, originalFilter: null } };
      });
    }
    if (req.method === 'POST' && sub === 'search' && !action) {
      if (!index) return send(res, 404, apiError('index_not_found', `Index \`${uid}\` not found.`));
      return search(index, req.body as Doc, res);
    }
    send(res, 404, apiError('not_found', 'Not found'));
  }

  const server = createServer((req, res) => {
    void readRequest(req).then((recorded) => {
      requests.push(recorded);
      if (options.masterKey !== undefined) {
        const auth = recorded.headers.authorization;
        if (!auth) return send(res, 401, apiError('missing_authorization_header', 'The Authorization header is missing.', 'auth'));
        if (auth !== `Bearer ${options.masterKey}`) return send(res, 403, apiError('invalid_api_key', 'The provided API key is invalid.', 'auth'));
      }
      route(recorded, res);
    }, () => send(res, 400, apiError('malformed_payload', 'The request body is not valid JSON.')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      // fetch keeps connections alive; drop them or close() would wait for the idle timeout.
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://standin');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: text === '' ? undefined : JSON.parse(text),
    headers: { authorization: req.headers.authorization, contentType: req.headers['content-type'] },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// Supports the subset the adapter sends: an array (AND) of `attr = "value"` expressions on filterable attributes.
function parseFilter(filter: unknown, filterable: string[]): ((doc: Doc) => boolean) | ApiError {
  const exprs = filter == null ? [] : Array.isArray(filter) ? filter : [filter];
  const checks: [string, string][] = [];
  for (const expr of exprs) {
    const m = typeof expr === 'string' ? /^\s*(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(expr) : null;
    if (!m) return apiError('invalid_search_filter', `Unsupported filter in stand-in: ${JSON.stringify(expr)}`);
    if (!filterable.includes(m[1]!)) return apiError('invalid_search_filter', `Attribute \`${m[1]}\` is not filterable.`);
    checks.push([m[1]!, m[2]!.replace(/\\(.)/g, '$1')]);
  }
  return (doc) => checks.every(([attr, value]) => String(doc[attr]) === value);
}

function search(index: IndexState, body: Doc, res: ServerResponse): void {
  const filter = parseFilter(body['filter'], (index.settings['filterableAttributes'] as string[] | undefined) ?? []);
  if (typeof filter !== 'function') return send(res, 400, filter);
  const q = String(body['q'] ?? '').toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const searchable = (index.settings['searchableAttributes'] as string[] | undefined) ?? ['*'];
  const textOf = (doc: Doc) =>
    Object.entries(doc).filter(([k]) => searchable.includes('*') || searchable.includes(k)).map(([, v]) => JSON.stringify(v)).join(' ').toLowerCase();
  const scored = [...index.docs.values()]
    .filter(filter)
    .map((doc) => ({ doc, score: words.length ? words.filter((w) => textOf(doc).includes(w)).length / words.length : 1 }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const limit = typeof body['limit'] === 'number' ? body['limit'] : 20;
  const offset = typeof body['offset'] === 'number' ? body['offset'] : 0;
  const retrieve = (body['attributesToRetrieve'] as string[] | undefined) ?? ['*'];
  const crop = (body['attributesToCrop'] as string[] | undefined) ?? [];
  const cropLength = typeof body['cropLength'] === 'number' ? body['cropLength'] : 10;
  const pick = (doc: Doc, keys: string[]) => Object.fromEntries(Object.entries(doc).filter(([k]) => keys.includes('*') || keys.includes(k)));
  const hits = scored.slice(offset, offset + limit).map(({ doc, score }) => {
    const hit: Doc = pick(doc, retrieve);
    if (crop.length > 0) {
      // Documented behaviour: cropped attributes appear in _formatted even when not in attributesToRetrieve.
      const formatted: Doc = { ...hit };
      for (const attr of crop) if (typeof doc[attr] === 'string') formatted[attr] = cropText(doc[attr] as string, words, cropLength);
      hit['_formatted'] = formatted;
    }
    if (body['showRankingScore'] === true) hit['_rankingScore'] = score;
    return hit;
  });
  send(res, 200, { hits, query: body['q'] ?? '', processingTimeMs: 0, limit, offset, estimatedTotalHits: scored.length });
}

function cropText(text: string, words: string[], cropLength: number): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  const first = Math.max(0, tokens.findIndex((t) => words.some((w) => t.toLowerCase().includes(w))));
  const start = Math.max(0, Math.min(first - Math.floor(cropLength / 2), tokens.length - cropLength));
  const slice = tokens.slice(start, start + cropLength).join(' ');
  return (start > 0 ? '…' : '') + slice + (start + cropLength < tokens.length ? '…' : '');
}
