// Roles: admins manage staff and teams, supervisors see the overview, agents do neither.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectAgent, createStaff, expectConnectError, randomId, waitForEvent } from './support.js';

type ErrorShape = { statusCode: number; code: string; error: string; message: string; field?: string };
type UserView = { id: string; email: string; name: string; role: string; active: boolean; teamIds?: string[]; capacity: unknown };

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;
  let teamId: string;
  let agent: Awaited<ReturnType<typeof createStaff>>;
  let supervisor: Awaited<ReturnType<typeof createStaff>>;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an admin creates a team', async () => {
    const key = `t-${Math.random().toString(36).slice(2, 10)}`;
    const res = await server.api<{ id: string; key: string; name: string; memberIds: string[] }>('POST', '/api/teams', { token: admin, body: { key, name: 'Escalations' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ key, name: 'Escalations', memberIds: [] });
    teamId = res.body.id;
    const again = await server.api<ErrorShape>('POST', '/api/teams', { token: admin, body: { key, name: 'Escalations again' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', field: 'key' });
  });

  it('an admin creates an agent and a supervisor, who can sign in with their role', async () => {
    agent = await createStaff(server, admin, { role: 'agent', name: 'Ada Agent', teamIds: [teamId] });
    supervisor = await createStaff(server, admin, { role: 'supervisor', name: 'Sam Supervisor', teamIds: [teamId] });
    const me = await server.api<{ user: UserView }>('GET', '/api/auth/me', { token: agent.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: agent.id, role: 'agent', name: 'Ada Agent', active: true, teamIds: [teamId] });
    expect(me.body.user).not.toHaveProperty('passwordHash');
    const sup = await server.api<{ user: UserView }>('GET', '/api/auth/me', { token: supervisor.token });
    expect(sup.body.user).toMatchObject({ id: supervisor.id, role: 'supervisor' });
    const teams = await server.api<{ teams: { id: string; memberIds: string[] }[] }>('GET', '/api/teams', { token: agent.token });
    expect(teams.body.teams.find((t) => t.id === teamId)?.memberIds.sort()).toEqual([agent.id, supervisor.id].sort());
  });

  it('an agent gets 403 FORBIDDEN on POST /api/users', async () => {
    const res = await server.api<ErrorShape>('POST', '/api/users', { token: agent.token, body: { email: `${randomId('x')}@test.local`, password: 'a long enough password', name: 'Nope' } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', error: 'Forbidden' });
  });

  it('a supervisor gets 403 FORBIDDEN on POST /api/users too', async () => {
    const res = await server.api<ErrorShape>('POST', '/api/users', { token: supervisor.token, body: { email: `${randomId('x')}@test.local`, password: 'a long enough password', name: 'Nope' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('an agent gets 403 on GET /api/supervisor/overview', async () => {
    const res = await server.api<ErrorShape>('GET', '/api/supervisor/overview', { token: agent.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('a supervisor gets 200 on the overview, with their team and its agents', async () => {
    const res = await server.api<{ teams: { id: string; waiting: number; longestWaitSec: number; agents: { online: number; away: number; offline: number } }[]; unrouted: number; csat: { responses: number } }>('GET', '/api/supervisor/overview', { token: supervisor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const team = res.body.teams.find((t) => t.id === teamId);
    expect(team).toBeDefined();
    expect(team!.waiting).toBe(0);
    expect(team!.agents.online + team!.agents.away + team!.agents.offline).toBe(2);
    expect(typeof res.body.unrouted).toBe('number');
    expect(res.body.csat.responses).toBe(0);
  });

  it('an admin gets 200 on the overview too', async () => {
    expect((await server.api('GET', '/api/supervisor/overview', { token: admin })).status).toBe(200);
  });

  it('a duplicate email is 409 EMAIL_TAKEN, whatever its case', async () => {
    const res = await server.api<ErrorShape>('POST', '/api/users', { token: admin, body: { email: agent.email.toUpperCase(), password: 'a long enough password', name: 'Twin' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'EMAIL_TAKEN', field: 'email' });
  });

  it('a capacity of 0 is 400 naming the capacity field', async () => {
    const res = await server.api<ErrorShape>('POST', '/api/users', { token: admin, body: { email: `${randomId('cap')}@test.local`, password: 'a long enough password', name: 'Zero', capacity: { webchat: 0 } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.field).toBe('capacity.webchat');
    expect(res.body.message).toContain('capacity');
  });

  it('an unknown teamId is rejected naming teamIds, and no user is created', async () => {
    const email = `${randomId('team')}@test.local`.toLowerCase();
    const res = await server.api<ErrorShape>('POST', '/api/users', { token: admin, body: { email, password: 'a long enough password', name: 'Lost', teamIds: ['no-such-team'] } });
    expect([400, 404]).toContain(res.status);
    expect(res.body.field).toBe('teamIds');
    expect(res.body.code).toBe('TEAM_NOT_FOUND');
    const users = await server.api<{ users: UserView[] }>('GET', '/api/users', { token: admin });
    expect(users.body.users.map((u) => u.email)).not.toContain(email);
  });

  it('a short password is 400 naming password', async () => {
    const res = await server.api<ErrorShape>('POST', '/api/users', { token: admin, body: { email: `${randomId('pw')}@test.local`, password: 'short', name: 'Shorty' } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('password');
  });

  it("a deactivated user's token stops working at once, on HTTP and on the socket", async () => {
    const victim = await createStaff(server, admin, { role: 'agent', name: 'Leaving Soon' });
    // Warm the session cache, so deactivation must clear it rather than wait for expiry.
    expect((await server.api('GET', '/api/auth/me', { token: victim.token })).status).toBe(200);
    const socket = await connectAgent(server.url, victim.token);
    closeAll(socket);

    const patch = await server.api<UserView>('PATCH', `/api/users/${victim.id}`, { token: admin, body: { active: false } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect(patch.body.active).toBe(false);

    const me = await server.api<ErrorShape>('GET', '/api/auth/me', { token: victim.token });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    expect((await server.api('GET', '/api/conversations', { token: victim.token })).status).toBe(401);
    expect(await expectConnectError(server.url, '/agent', { token: victim.token })).toBe('UNAUTHENTICATED');
    const login = await server.api<ErrorShape>('POST', '/api/auth/login', { body: { email: victim.email, password: victim.password } });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');
  });

  it("a deactivated user's already open console socket is disconnected", async () => {
    const victim = await createStaff(server, admin, { role: 'agent', name: 'Walked Out' });
    const socket = await connectAgent(server.url, victim.token);
    try {
      const dropped = waitForEvent<string>(socket, 'disconnect');
      const patch = await server.api('PATCH', `/api/users/${victim.id}`, { token: admin, body: { active: false } });
      expect(patch.status).toBe(200);
      // Otherwise the socket keeps receiving every new conversation and message of the staff room.
      await dropped;
      expect(socket.connected).toBe(false);
    } finally {
      closeAll(socket);
    }
  });

  it('a demoted admin loses admin rights at once: the session ends, and a new one has the new role', async () => {
    const temp = await createStaff(server, admin, { role: 'admin', name: 'Temp Admin' });
    expect((await server.api('GET', '/api/supervisor/overview', { token: temp.token })).status).toBe(200);
    expect((await server.api('PATCH', `/api/users/${temp.id}`, { token: admin, body: { role: 'agent' } })).status).toBe(200);
    expect((await server.api('GET', '/api/supervisor/overview', { token: temp.token })).status).toBe(401);
    const fresh = await server.login(temp.email, temp.password);
    expect((await server.api('GET', '/api/supervisor/overview', { token: fresh })).status).toBe(403);
  });

  it('the console session cookie authenticates the agent socket from our own origin only', async () => {
    const cookieSocket = (origin?: string) =>
      io(server.url + '/agent', { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: `sb_session=${admin}`, ...(origin ? { origin } : {}) } });
    const outcome = (socket: ReturnType<typeof cookieSocket>) =>
      new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (err: Error) => resolve(err.message));
      }).finally(() => socket.disconnect());
    expect(await outcome(cookieSocket(server.url))).toBe('connected');
    // A cookie rides along on any cross-site WebSocket: a foreign page must not get a staff socket.
    expect(await outcome(cookieSocket('https://evil.example'))).toBe('FORBIDDEN');
    expect(await outcome(cookieSocket('null'))).toBe('FORBIDDEN');
  });

  it('an agent socket with a bad token is refused', async () => {
    expect(await expectConnectError(server.url, '/agent', { token: 'not-a-session' })).toBe('UNAUTHENTICATED');
  });
});
