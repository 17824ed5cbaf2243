// With Meilisearch the index is shared by every node: starting a server applies settings only and
// must never wipe it (that would empty search cluster-wide on each restart). New articles still
// reach it through the service. Runs against the REST stand-in (no Meilisearch binary here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeiliStandin, type MeiliStandin } from '../helpers/meili-standin.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('a server start with MEILISEARCH_URL', () => {
  let meili: MeiliStandin;
  let server: TestServer;

  beforeAll(async () => {
    meili = await startMeiliStandin();
    server = await startTestServer('sqlite', { MEILISEARCH_URL: meili.url });
  });

  afterAll(async () => {
    await server?.close();
    await meili?.close();
  });

  it('applies index settings but deletes no documents', async () => {
    expect(meili.requests.some((r) => r.path.includes('/settings'))).toBe(true);
    expect(meili.requests.filter((r) => r.method === 'DELETE' || r.path.includes('delete'))).toEqual([]);
  });

  it('still indexes a newly published article', async () => {
    const token = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/kb/articles', { token, body: { title: 'Reset your password', body: 'Open settings.', status: 'published' } });
    expect(res.status).toBe(201);
    await expect.poll(() => meili.requests.some((r) => r.path.endsWith('/documents') && JSON.stringify(r.body).includes(res.body.id))).toBe(true);
  });
});
