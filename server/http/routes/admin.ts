// Admins manage agents, teams and inboxes. Inbox secrets never leave the server.
import { Router } from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword } from '../../auth/password.js';
import { newIdentitySecret } from '../../customers/identity.js';
import type { ChannelHost } from '../../../channels/types.js';
import type { AppContext } from '../../context.js';
import { endpointKeys } from '../../channels/inbox-settings.js';
import { isUniqueViolation, type Prisma } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { requireRole, tokenFrom } from '../auth.js';
import { id, idParams, parse } from '../validate.js';
import { publicUser } from './auth.js';

const capacity = z.record(z.enum(['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack']), z.number().int().min(1, 'capacity must be at least 1').max(100));
const userFields = {
  name: z.string().trim().min(1).max(100), password: z.string().min(10, 'must be at least 10 characters').max(200),
  role: z.enum(['agent', 'supervisor', 'admin']), teamIds: z.array(id).max(50), capacity, locale: z.enum(['en', 'zh']),
};
const userCreate = z.object({
  ...userFields, email: z.email('must be an email address').trim().toLowerCase(),
  role: userFields.role.default('agent'), teamIds: userFields.teamIds.default([]), capacity: capacity.optional(), locale: userFields.locale.default('en'),
});
// No defaults here: a field left out of a PATCH keeps its value (partial() of userCreate would reset role, teams and locale).
const userUpdate = z.object(userFields).partial().extend({ active: z.boolean().optional() });
const teamCreate = z.object({ key: z.string().trim().toLowerCase().regex(/^[a-z0-9-]{2,32}$/, 'must be 2-32 letters, digits or dashes'), name: z.string().trim().min(1).max(100) });
const inboxCreate = z.object({ channel: z.enum(['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack']), name: z.string().trim().min(1).max(100), language: z.enum(['en', 'zh']).default('en'), settings: z.record(z.string(), z.unknown()).optional() });
const inboxUpdate = z.object({ name: z.string().trim().min(1).max(100).optional(), language: z.enum(['en', 'zh']).optional(), enabled: z.boolean().optional(), settings: z.record(z.string(), z.unknown()).optional() });

/** Validates settings with the channel's schema; a secret left out keeps its stored value. */
function parseSettings(ctx: AppContext, channel: string, given: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const adapter = ctx.adapters[channel as keyof typeof ctx.adapters];
  // Where the provider's API is decides where its credentials go: never an admin's setting.
  const endpoint = endpointKeys(adapter).find((k) => k in given);
  if (endpoint) throw new AppError('VALIDATION_FAILED', `settings.${endpoint}: cannot be set here; the provider's API address is fixed (tests set ${adapter!.endpointSettings![endpoint]})`, `settings.${endpoint}`);
  const merged = { ...Object.fromEntries((adapter?.secretSettings ?? []).filter((k) => k in stored).map((k) => [k, stored[k]])), ...given };
  if (!adapter?.settingsSchema) return merged;
  const result = adapter.settingsSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = ['settings', ...issue.path].join('.');
  throw new AppError('VALIDATION_FAILED', `${field}: ${issue.message}`, field);
}

/** Secrets never leave the server: the API says only whether each one is set. */
export function inboxView(ctx: AppContext, i: { id: string; channel: string; name: string; publicToken: string; language: string; enabled: boolean; settings: unknown }) {
  const secrets = ctx.adapters[i.channel as keyof typeof ctx.adapters]?.secretSettings ?? [];
  const all = (i.settings ?? {}) as Record<string, unknown>;
  const hidden = [...secrets, ...endpointKeys(ctx.adapters[i.channel as keyof typeof ctx.adapters])];
  const settings = Object.fromEntries(Object.entries(all).filter(([k]) => !hidden.includes(k)));
  const secretsSet = Object.fromEntries(secrets.map((k) => [k, all[k] !== undefined && all[k] !== '']));
  return { id: i.id, channel: i.channel, name: i.name, publicToken: i.publicToken, language: i.language, enabled: i.enabled, settings, secretsSet };
}

export function adminRoutes(ctx: AppContext, host: ChannelHost): Router {
  const r = Router();
  const staff = requireRole(ctx.sessions);
  const admin = requireRole(ctx.sessions, 'admin');

  async function checkTeams(teamIds: string[]) {
    const found = await ctx.db.team.count({ where: { id: { in: teamIds } } });
    if (found !== new Set(teamIds).size) throw new AppError('TEAM_NOT_FOUND', 'One of teamIds does not exist', 'teamIds');
  }

  r.get('/users', staff, async (_req, res) => {
    const users = await ctx.db.user.findMany({ include: { teams: { select: { teamId: true } } }, orderBy: { name: 'asc' } });
    res.json({ users: users.map(publicUser) });
  });
  r.post('/users', admin, async (req, res) => {
    const input = parse(userCreate, req.body);
    await checkTeams(input.teamIds);
    try {
      const user = await ctx.db.user.create({
        data: { email: input.email, name: input.name, role: input.role, locale: input.locale, passwordHash: await hashPassword(input.password), ...(input.capacity ? { capacity: input.capacity } : {}), teams: { create: input.teamIds.map((teamId) => ({ teamId })) } },
        include: { teams: { select: { teamId: true } } },
      });
      await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'user.create', subjectType: 'user', subjectId: user.id, data: { role: user.role } } });
      res.status(201).json(publicUser(user));
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('EMAIL_TAKEN', undefined, 'email');
      throw err;
    }
  });
  r.patch('/users/:id', admin, async (req, res) => {
    const { id: userId } = parse(idParams, req.params);
    const input = parse(userUpdate, req.body);
    const before = await ctx.db.user.findUnique({ where: { id: userId } });
    if (!before) throw new AppError('USER_NOT_FOUND');
    if (input.teamIds) await checkTeams(input.teamIds);
    // What a session was granted on: changing any of it ends the user's other sessions.
    const accessChanged = input.password !== undefined || (input.role !== undefined && input.role !== before.role) || (input.active !== undefined && input.active !== before.active);
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const { user, revoked } = await ctx.db.$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id: userId },
        data: {
          ...(input.name ? { name: input.name } : {}), ...(input.role ? { role: input.role } : {}), ...(input.locale ? { locale: input.locale } : {}),
          ...(input.capacity ? { capacity: input.capacity } : {}), ...(input.active !== undefined ? { active: input.active } : {}),
          ...(passwordHash ? { passwordHash } : {}), ...(accessChanged ? { authVersion: { increment: 1 } } : {}),
          ...(input.teamIds ? { teams: { deleteMany: {}, create: input.teamIds.map((teamId) => ({ teamId })) } } : {}),
        },
        include: { teams: { select: { teamId: true } } },
      });
      // An admin changing their own account keeps the session they are using.
      const revoked = accessChanged ? await ctx.sessions.endOthers(tx, userId, user.authVersion, userId === req.user!.id ? tokenFrom(req.headers) : undefined) : [];
      return { user, revoked };
    });
    ctx.sessions.forgetUser(userId);
    for (const tokenHash of revoked) ctx.bus.emit('session.revoked', { tokenHash });
    if (input.active === false || input.role) ctx.bus.emit('user.access_changed', { userId });
    if (input.teamIds || input.capacity || input.active !== undefined) await ctx.routing.reloadAgent(userId);
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'user.update', subjectType: 'user', subjectId: userId, data: { fields: Object.keys(input), sessionsRevoked: revoked.length } } });
    res.json(publicUser(user));
  });

  r.get('/teams', staff, async (_req, res) => {
    const teams = await ctx.db.team.findMany({ include: { members: { select: { userId: true } } }, orderBy: { name: 'asc' } });
    res.json({ teams: teams.map((t) => ({ id: t.id, key: t.key, name: t.name, memberIds: t.members.map((m) => m.userId) })) });
  });
  r.post('/teams', admin, async (req, res) => {
    const input = parse(teamCreate, req.body);
    try {
      const team = await ctx.db.team.create({ data: input });
      res.status(201).json({ id: team.id, key: team.key, name: team.name, memberIds: [] });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'A team with this key already exists', 'key');
      throw err;
    }
  });

  r.get('/inboxes', staff, async (_req, res) => {
    const inboxes = await ctx.db.inbox.findMany({ orderBy: { createdAt: 'asc' } });
    res.json({ inboxes: inboxes.map((i) => inboxView(ctx, i)) });
  });
  r.post('/inboxes', admin, async (req, res) => {
    const input = parse(inboxCreate, req.body);
    const settings = parseSettings(ctx, input.channel, input.settings ?? {}, {});
    if (input.channel === 'webchat' && !settings.identitySecret) settings.identitySecret = newIdentitySecret();
    const inbox = await ctx.db.inbox.create({ data: { channel: input.channel, name: input.name, language: input.language, settings: settings as Prisma.InputJsonValue, publicToken: `${input.channel.slice(0, 3)}_${randomBytes(12).toString('base64url')}` } });
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'inbox.create', subjectType: 'inbox', subjectId: inbox.id } });
    // The identity secret is shown once, here; later only rotation reveals a new one.
    res.status(201).json({ ...inboxView(ctx, inbox), ...(input.channel === 'webchat' ? { identitySecret: settings.identitySecret } : {}) });
  });
  r.patch('/inboxes/:id', admin, async (req, res) => {
    const { id: inboxId } = parse(idParams, req.params);
    const input = parse(inboxUpdate, req.body);
    const current = await ctx.db.inbox.findUnique({ where: { id: inboxId } });
    if (!current) throw new AppError('INBOX_NOT_FOUND');
    const settings = input.settings ? parseSettings(ctx, current.channel, input.settings, current.settings as Record<string, unknown>) : undefined;
    const inbox = await ctx.db.inbox.update({
      where: { id: inboxId },
      data: { ...(input.name ? { name: input.name } : {}), ...(input.language ? { language: input.language } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}), ...(settings ? { settings: settings as Prisma.InputJsonValue } : {}) },
    });
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'inbox.update', subjectType: 'inbox', subjectId: inboxId, data: { fields: Object.keys(input) } } });
    res.json(inboxView(ctx, inbox));
  });
  r.get('/inboxes/:id/status', admin, async (req, res) => {
    const { id: inboxId } = parse(idParams, req.params);
    const inbox = await ctx.db.inbox.findUnique({ where: { id: inboxId } });
    if (!inbox) throw new AppError('INBOX_NOT_FOUND');
    const adapter = ctx.adapters[inbox.channel as keyof typeof ctx.adapters];
    res.json(adapter?.status ? await adapter.status(host, inboxId) : { state: inbox.enabled ? 'ready' : 'disabled' });
  });
  r.post('/inboxes/:id/identity-secret', admin, async (req, res) => {
    const { id: inboxId } = parse(idParams, req.params);
    const inbox = await ctx.db.inbox.findUnique({ where: { id: inboxId } });
    if (!inbox || inbox.channel !== 'webchat') throw new AppError('INBOX_NOT_FOUND');
    const identitySecret = newIdentitySecret();
    await ctx.db.inbox.update({ where: { id: inboxId }, data: { settings: { ...(inbox.settings as object), identitySecret } } });
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'inbox.identity_secret.rotate', subjectType: 'inbox', subjectId: inboxId } });
    res.json({ identitySecret });
  });
  return r;
}
