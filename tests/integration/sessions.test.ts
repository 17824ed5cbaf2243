// Sessions end when the account's access changes: a password reset, a deactivation or a role change
// revokes the user's other sessions at once (sockets too), and reactivation never revives old tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectAgent, randomId, waitForEvent } from './support.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.close();
  });

  // Sign-ins are rate limited per address (10 a minute): extra sessions are minted the way login mints them.
  const extraSession = async (userId: string) => (await server.app.ctx.sessions.create(await server.app.ctx.db.user.findUniqueOrThrow({ where: { id: userId } }))).token;
  async function staff(token: string, input: { role: 'agent' | 'supervisor'; teamIds?: string[] }) {
    const email = `${randomId(input.role)}@test.local`.toLowerCase();
    const password = 'a long enough password';
    const res = await server.api<{ id: string }>('POST', '/api/users', { token, body: { email, password, name: `Test ${input.role}`, role: input.role, teamIds: input.teamIds ?? [] } });
    expect(res.status).toBe(201);
    return { id: res.body.id, email, password, token: await extraSession(res.body.id) };
  }
  const me = (token: string) => server.api('GET', '/api/auth/me', { token }).then((r) => r.status);
  const patchUser = (id: string, body: Record<string, unknown>, token = admin) => server.api('PATCH', `/api/users/${id}`, { token, body });

  it('a password reset signs the user out everywhere, sockets included; the new password signs in', async () => {
    const agent = await staff(admin, { role: 'agent' });
    const second = await extraSession(agent.id);
    expect([await me(agent.token), await me(second)]).toEqual([200, 200]);
    const socket = await connectAgent(server.url, second);
    try {
      const dropped = waitForEvent(socket, 'disconnect');
      expect((await patchUser(agent.id, { password: 'a brand new password' })).status).toBe(200);
      await dropped;
      expect([await me(agent.token), await me(second)]).toEqual([401, 401]);
      await expect(server.login(agent.email, agent.password)).rejects.toThrow(/401/);
      expect(await me(await server.login(agent.email, 'a brand new password'))).toBe(200);
    } finally {
      closeAll(socket);
    }
  });

  it('deactivation ends every session and reactivation does not bring them back', async () => {
    const agent = await staff(admin, { role: 'agent' });
    expect(await me(agent.token)).toBe(200);
    expect((await patchUser(agent.id, { active: false })).status).toBe(200);
    expect(await me(agent.token)).toBe(401);
    expect((await patchUser(agent.id, { active: true })).status).toBe(200);
    expect(await me(agent.token)).toBe(401);
    const fresh = await server.api('POST', '/api/auth/login', { body: { email: agent.email, password: agent.password } });
    expect(fresh.status).toBe(200);
  });

  it('a role change ends the sessions that were granted under the old role', async () => {
    const sup = await staff(admin, { role: 'supervisor' });
    expect(await me(sup.token)).toBe(200);
    expect((await patchUser(sup.id, { role: 'agent' })).status).toBe(200);
    expect(await me(sup.token)).toBe(401);
    const fresh = await extraSession(sup.id);
    expect((await server.api<{ user: { role: string } }>('GET', '/api/auth/me', { token: fresh })).body.user.role).toBe('agent');
  });

  it('a change of name, teams or locale leaves sessions alone', async () => {
    const agent = await staff(admin, { role: 'agent' });
    expect((await patchUser(agent.id, { name: 'Renamed', teamIds: [], locale: 'zh' })).status).toBe(200);
    expect(await me(agent.token)).toBe(200);
  });

  it('a PATCH changes only the fields it names (no role, teams or locale reset to defaults)', async () => {
    const team = await server.api<{ id: string }>('POST', '/api/teams', { token: admin, body: { key: `t-${Math.random().toString(36).slice(2, 10)}`, name: 'Keep' } });
    const sup = await staff(admin, { role: 'supervisor', teamIds: [team.body.id] });
    expect((await patchUser(sup.id, { locale: 'zh' })).status).toBe(200);
    const res = await patchUser(sup.id, { name: 'Only the name' });
    expect(res.body).toMatchObject({ name: 'Only the name', role: 'supervisor', locale: 'zh', teamIds: [team.body.id] });
    expect(await me(sup.token)).toBe(200);
  });

  it('an admin who resets their own password keeps this session and loses the others', async () => {
    const adminId = (await server.api<{ user: { id: string } }>('GET', '/api/auth/me', { token: admin })).body.user.id;
    const other = await extraSession(adminId);
    const res = await patchUser(adminId, { password: 'another admin password' });
    expect(res.status).toBe(200);
    expect(await me(admin)).toBe(200);
    expect(await me(other)).toBe(401);
    await expect(server.login(ADMIN.email, ADMIN.password)).rejects.toThrow(/401/);
    expect(await me(await server.login(ADMIN.email, 'another admin password'))).toBe(200);
  });

  it('a sign-in that checked the old password while it was being reset gets no working session', async () => {
    const agent = await staff(admin, { role: 'agent' });
    const sessions = server.app.ctx.sessions;
    // The race: the login read the user and verified the old password, then the reset committed.
    const user = await server.app.ctx.db.user.findUniqueOrThrow({ where: { id: agent.id } });
    expect((await patchUser(agent.id, { password: 'reset while signing in' })).status).toBe(200);
    const { token } = await sessions.create(user);
    expect(await me(token)).toBe(401);
  });
});
