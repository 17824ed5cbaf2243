// Sign-in limits behind a reverse proxy: the client address is the one the trusted proxy hops saw
// (TRUST_PROXY), never a header the client wrote; and each account backs off after repeated failures,
// whatever the addresses they come from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

type ErrorShape = { code: string; message: string };

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    // One proxy in front: its X-Forwarded-For entry (the last) is the client; anything left of it the client wrote.
    server = await startTestServer(db, { TRUST_PROXY: 'true' });
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = (email: string, password: string, forwardedFor: string) =>
    server.api<ErrorShape>('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': forwardedFor } });

  async function newAgent(): Promise<{ email: string; password: string }> {
    const email = `${randomId('limit')}@test.local`.toLowerCase();
    const password = 'a long enough password';
    expect((await server.api('POST', '/api/users', { token: admin, body: { email, password, name: 'Limited' } })).status).toBe(201);
    return { email, password };
  }

  it('rotating the X-Forwarded-For a client writes does not escape the per-address limit', async () => {
    const statuses: number[] = [];
    // The proxy appends the real client (198.51.100.7); the rotating part is the attacker's own header.
    for (let i = 0; i < 12; i++) statuses.push((await login(`nobody-${i}@test.local`, 'wrong password', `10.0.0.${i}, 198.51.100.7`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('an account backs off after five failures in a row, from any address; the right password waits too; other accounts do not', async () => {
    const victim = await newAgent();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(victim.email, 'wrong password', `203.0.113.${i + 1}`)).status);
    // Five free failures, the sixth sets the first delay, the seventh comes too soon.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const waiting = await server.api<ErrorShape>('POST', '/api/auth/login', { body: victim, headers: { 'x-forwarded-for': '203.0.113.99' } });
    expect(waiting.status).toBe(429);
    expect(waiting.body.code).toBe('RATE_LIMITED');
    const other = await newAgent();
    expect((await login(other.email, other.password, '203.0.113.100')).status).toBe(200);
    // An unknown account backs off the same way, so the limit says nothing about who exists.
    const ghost = `${randomId('ghost')}@test.local`.toLowerCase();
    const ghostStatuses: number[] = [];
    for (let i = 0; i < 7; i++) ghostStatuses.push((await login(ghost, 'wrong password', `192.0.2.${i + 1}`)).status);
    expect(ghostStatuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  it('the wait is announced in Retry-After and the account signs in once it has passed', async () => {
    const victim = await newAgent();
    for (let i = 0; i < 6; i++) expect((await login(victim.email, 'wrong password', `198.18.0.${i + 1}`)).status).toBe(401);
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.18.0.50' }, body: JSON.stringify(victim) });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    expect((await login(victim.email, victim.password, '198.18.0.51')).status).toBe(200);
  });

  it('the admin from the start signs in as before', async () => {
    expect((await login(ADMIN.email, ADMIN.password, '198.51.100.200')).status).toBe(200);
  });
});
