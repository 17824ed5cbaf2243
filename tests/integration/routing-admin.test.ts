// The routing admin API: supervisors read, admins write, and every bad input is a clear 4xx
// naming the field (unknown team, fallback to itself, overlapping hours, capacity 0, negative SLA).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { createStaff } from './support.js';

type ErrorShape = { statusCode: number; code: string; message: string; field?: string };
type TeamView = { id: string; key: string; fallbackTeamId: string | null; overflowAfterSec: number | null; businessHours: unknown };
const BASE = '/api/routing/admin';

describe.each(databases())('routing admin on %s', (db) => {
  let server: TestServer;
  let admin: string;
  let supervisor: string;
  let agent: { id: string; token: string };
  let sales: string;
  let care: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
    supervisor = (await createStaff(server, admin, { role: 'supervisor' })).token;
    agent = await createStaff(server, admin, { role: 'agent' });
    const teams = await server.api<{ teams: TeamView[] }>('GET', `${BASE}/teams`, { token: supervisor });
    expect(teams.status).toBe(200);
    sales = teams.body.teams.find((t) => t.key === 'sales')!.id;
    care = teams.body.teams.find((t) => t.key === 'care')!.id;
  });
  afterAll(async () => {
    await server?.app.ctx.routing.stop();
    await server?.close();
  });

  const call = <T = ErrorShape>(method: string, path: string, body?: unknown, token = admin) => server.api<T>(method, BASE + path, { token, body });
  const expectError = (res: { status: number; body: ErrorShape }, status: number, code: string, field?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.code).toBe(code);
    if (field) expect(res.body.field).toBe(field);
  };

  describe('team settings', () => {
    it('saves fallback, overflow and business hours, and reads them back', async () => {
      const businessHours = { tz: 'Europe/Berlin', days: { '1': [['09:00', '12:00'], ['13:00', '17:00']] } };
      const res = await call<TeamView>('PUT', `/teams/${sales}`, { fallbackTeamId: care, overflowAfterSec: 300, businessHours });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id: sales, fallbackTeamId: care, overflowAfterSec: 300, businessHours });
      expect((await call<TeamView>('GET', `/teams/${sales}`, undefined, supervisor)).body).toMatchObject({ overflowAfterSec: 300, businessHours });
      const cleared = await call<TeamView>('PUT', `/teams/${sales}`, { businessHours: null });
      expect(cleared.body).toMatchObject({ fallbackTeamId: care, overflowAfterSec: 300, businessHours: null });
    });

    it('rejects unknown teams, a fallback to itself, and overflow without a fallback', async () => {
      expectError(await call('PUT', '/teams/no-such-team', { overflowAfterSec: 60 }), 404, 'TEAM_NOT_FOUND');
      expectError(await call('GET', '/teams/no-such-team', undefined, supervisor), 404, 'TEAM_NOT_FOUND');
      expectError(await call('PUT', `/teams/${sales}`, { fallbackTeamId: 'no-such-team' }), 404, 'TEAM_NOT_FOUND', 'fallbackTeamId');
      expectError(await call('PUT', `/teams/${sales}`, { fallbackTeamId: sales }), 400, 'VALIDATION_FAILED', 'fallbackTeamId');
      expectError(await call('PUT', `/teams/${care}`, { overflowAfterSec: 60 }), 400, 'VALIDATION_FAILED', 'overflowAfterSec');
      expectError(await call('PUT', `/teams/${sales}`, { overflowAfterSec: -5 }), 400, 'VALIDATION_FAILED', 'overflowAfterSec');
      expectError(await call('PUT', `/teams/${sales}`, {}), 400, 'VALIDATION_FAILED');
    });

    it('rejects overlapping or malformed business hours naming the field', async () => {
      const put = (businessHours: unknown) => call('PUT', `/teams/${sales}`, { businessHours });
      expectError(await put({ tz: 'UTC', days: { '2': [['09:00', '13:00'], ['12:00', '17:00']] } }), 400, 'VALIDATION_FAILED', 'businessHours.days.2.1');
      expectError(await put({ tz: 'UTC', days: { '2': [['9am', '17:00']] } }), 400, 'VALIDATION_FAILED', 'businessHours.days.2.0.0');
      expectError(await put({ tz: 'UTC', days: { '2': [['17:00', '09:00']] } }), 400, 'VALIDATION_FAILED', 'businessHours.days.2.0');
      expectError(await put({ tz: 'Nowhere/City', days: {} }), 400, 'VALIDATION_FAILED', 'businessHours.tz');
      expect((await call<TeamView>('GET', `/teams/${sales}`)).body.businessHours).toBeNull();
    });
  });

  describe('agents', () => {
    it('merges capacity per channel and saves skills; the list shows live load', async () => {
      const res = await call<{ capacity: Record<string, number>; skills: string[] }>('PATCH', `/agents/${agent.id}`, { capacity: { webchat: 5 }, skills: ['zh', 'billing', 'zh'] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.capacity).toMatchObject({ webchat: 5, email: 10 });
      expect(res.body.skills).toEqual(['zh', 'billing']);
      const list = await call<{ agents: { id: string; capacity: Record<string, number>; load: Record<string, number> }[] }>('GET', '/agents', undefined, supervisor);
      expect(list.body.agents.find((a) => a.id === agent.id)).toMatchObject({ capacity: { webchat: 5 }, load: {} });
    });

    it('rejects capacity 0, unknown channels and unknown agents', async () => {
      expectError(await call('PATCH', `/agents/${agent.id}`, { capacity: { webchat: 0 } }), 400, 'VALIDATION_FAILED', 'capacity.webchat');
      expectError(await call('PATCH', `/agents/${agent.id}`, { capacity: { fax: 2 } }), 400, 'VALIDATION_FAILED');
      expectError(await call('PATCH', '/agents/nobody-here', { skills: ['x'] }), 404, 'USER_NOT_FOUND');
    });
  });

  describe('SLA policies', () => {
    it('reads and replaces a priority policy', async () => {
      const put = await call<{ priority: number; firstResponseSec: number }>('PUT', '/sla/2', { firstResponseSec: 600, nextResponseSec: 1200, resolutionSec: 7200 });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const list = await call<{ policies: { priority: number; firstResponseSec: number }[] }>('GET', '/sla', undefined, supervisor);
      expect(list.body.policies.find((p) => p.priority === 2)).toEqual({ priority: 2, firstResponseSec: 600, nextResponseSec: 1200, resolutionSec: 7200 });
      expect(list.body.policies).toHaveLength(4);
    });

    it('rejects negative times, a first response longer than resolution, and unknown priorities', async () => {
      expectError(await call('PUT', '/sla/1', { firstResponseSec: -1, nextResponseSec: 60, resolutionSec: 600 }), 400, 'VALIDATION_FAILED', 'firstResponseSec');
      expectError(await call('PUT', '/sla/1', { firstResponseSec: 900, nextResponseSec: 60, resolutionSec: 600 }), 400, 'VALIDATION_FAILED', 'firstResponseSec');
      expectError(await call('PUT', '/sla/7', { firstResponseSec: 60, nextResponseSec: 60, resolutionSec: 600 }), 400, 'VALIDATION_FAILED', 'priority');
    });
  });

  describe('triage threshold', () => {
    it('is stored, validated and used by classify', async () => {
      expect((await call<{ threshold: number }>('GET', '/triage', undefined, supervisor)).body).toEqual({ threshold: 0.55 });
      expectError(await call('PUT', '/triage', { threshold: 1.5 }), 400, 'VALIDATION_FAILED', 'threshold');
      expect((await call('PUT', '/triage', { threshold: 0.99 })).status).toBe(200);
      expect(await server.app.ctx.db.setting.findUnique({ where: { key: 'routing.triageThreshold' } })).toMatchObject({ value: '0.99' });
      const res = await server.api<{ team: string; confidence: number }>('POST', '/api/routing/classify', { token: agent.token, body: { text: 'I have a question about my plan' } });
      expect(res.body.confidence).toBeLessThan(0.99);
      expect(res.body.team).toBe('triage');
      await call('PUT', '/triage', { threshold: 0.55 });
    });
  });

  describe('roles', () => {
    it('supervisors read but cannot write; agents cannot read', async () => {
      expectError(await call('PUT', '/triage', { threshold: 0.5 }, supervisor), 403, 'FORBIDDEN');
      expectError(await call('PUT', `/teams/${sales}`, { overflowAfterSec: 60 }, supervisor), 403, 'FORBIDDEN');
      expectError(await call('PATCH', `/agents/${agent.id}`, { skills: [] }, supervisor), 403, 'FORBIDDEN');
      expectError(await call('PUT', '/sla/1', { firstResponseSec: 60, nextResponseSec: 60, resolutionSec: 600 }, supervisor), 403, 'FORBIDDEN');
      expectError(await call('GET', '/teams', undefined, agent.token), 403, 'FORBIDDEN');
      expectError(await call('GET', '/sla', undefined, agent.token), 403, 'FORBIDDEN');
    });
  });
});
