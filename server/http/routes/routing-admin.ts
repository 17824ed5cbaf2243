// Routing administration: team routing settings, agent capacity and skills, SLA policies and the
// triage threshold. Supervisors read; only admins write. Mounted at /api/routing/admin.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Prisma } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { businessHoursSchema, type BusinessHours } from '../../routing/hours.js';
import { getTeamSettings, listTeamSettings, updateTeamSettings } from '../../routing/team-settings.js';
import { requireRole } from '../auth.js';
import { id, idParams, parse } from '../validate.js';

const CHANNELS = ['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack'] as const;
const DAY = 86_400;

const teamSettings = z
  .object({
    fallbackTeamId: id.nullable().optional(),
    overflowAfterSec: z.number().int('must be whole seconds').min(1, 'must be at least 1 second').max(7 * DAY, 'must be at most 7 days').nullable().optional(),
    businessHours: businessHoursSchema.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give fallbackTeamId, overflowAfterSec or businessHours');
const agentPatch = z
  .object({
    capacity: z.partialRecord(z.enum(CHANNELS, 'must be a channel'), z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100')).optional(),
    skills: z.array(z.string().trim().min(1, 'must not be empty').max(50)).max(50).optional(),
  })
  .strict()
  .refine((v) => v.capacity !== undefined || v.skills !== undefined, 'give capacity or skills');
const seconds = z.number().int('must be whole seconds').positive('must be a positive number of seconds').max(365 * DAY, 'must be at most 365 days');
const slaBody = z
  .object({ firstResponseSec: seconds, nextResponseSec: seconds, resolutionSec: seconds })
  .strict()
  .refine((p) => p.firstResponseSec <= p.resolutionSec, { message: 'must not be longer than resolutionSec', path: ['firstResponseSec'] });
const priorityParams = z.object({ priority: z.coerce.number('must be 0-3').int('must be 0-3').min(0, 'must be 0-3').max(3, 'must be 0-3') });
const triageBody = z.object({ threshold: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1') }).strict();

export function routingAdminRoutes(ctx: AppContext): Router {
  const r = Router();
  const read = requireRole(ctx.sessions, 'supervisor');
  const write = requireRole(ctx.sessions, 'admin');
  const audit = (actorId: string, action: string, subjectType: string, subjectId: string | null, data: unknown) =>
    ctx.db.auditLog.create({ data: { actorId, action, subjectType, subjectId, data: data as Prisma.InputJsonValue } });

  r.get('/teams', read, async (_req, res) => {
    res.json({ teams: await listTeamSettings(ctx.db) });
  });
  r.get('/teams/:id', read, async (req, res) => {
    res.json(await getTeamSettings(ctx.db, parse(idParams, req.params).id));
  });
  r.put('/teams/:id', write, async (req, res) => {
    const { id: teamId } = parse(idParams, req.params);
    const input = parse(teamSettings, req.body);
    const team = await updateTeamSettings(ctx.db, teamId, { ...input, businessHours: input.businessHours as BusinessHours | null | undefined });
    await audit(req.user!.id, 'routing.team.update', 'team', teamId, input);
    res.json(team);
  });

  r.get('/agents', read, async (_req, res) => {
    const users = await ctx.db.user.findMany({ where: { active: true }, include: { teams: { select: { teamId: true } } }, orderBy: { name: 'asc' } });
    res.json({ agents: users.map((u) => agentView(ctx, u)) });
  });
  r.patch('/agents/:id', write, async (req, res) => {
    const { id: userId } = parse(idParams, req.params);
    const input = parse(agentPatch, req.body);
    const user = await ctx.db.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError('USER_NOT_FOUND');
    // Capacity is merged per channel: changing webchat leaves email as it was.
    const capacity = input.capacity ? { ...(user.capacity as Record<string, number>), ...input.capacity } : undefined;
    const updated = await ctx.db.user.update({
      where: { id: userId },
      data: { ...(capacity ? { capacity } : {}), ...(input.skills ? { skills: [...new Set(input.skills)] } : {}) },
      include: { teams: { select: { teamId: true } } },
    });
    await audit(req.user!.id, 'routing.agent.update', 'user', userId, input);
    await ctx.routing.reloadAgent(userId);
    res.json(agentView(ctx, updated));
  });

  r.get('/sla', read, async (_req, res) => {
    res.json({ policies: await ctx.db.slaPolicy.findMany({ orderBy: { priority: 'asc' }, select: { priority: true, firstResponseSec: true, nextResponseSec: true, resolutionSec: true } }) });
  });
  r.put('/sla/:priority', write, async (req, res) => {
    const { priority } = parse(priorityParams, req.params);
    const input = parse(slaBody, req.body);
    const policy = await ctx.db.slaPolicy.upsert({ where: { priority }, create: { priority, ...input }, update: input, select: { priority: true, firstResponseSec: true, nextResponseSec: true, resolutionSec: true } });
    await audit(req.user!.id, 'routing.sla.update', 'sla', String(priority), input);
    res.json(policy);
  });

  r.get('/triage', read, (_req, res) => {
    res.json({ threshold: ctx.routing.triageThreshold });
  });
  r.put('/triage', write, async (req, res) => {
    const { threshold } = parse(triageBody, req.body);
    await ctx.routing.setTriageThreshold(threshold);
    await audit(req.user!.id, 'routing.triage.update', 'setting', 'routing.triageThreshold', { threshold });
    res.json({ threshold });
  });
  return r;
}

function agentView(ctx: AppContext, u: { id: string; name: string; email: string; role: string; presence: string; capacity: unknown; skills: unknown; teams: { teamId: string }[] }) {
  return {
    id: u.id, name: u.name, email: u.email, role: u.role, presence: u.presence, capacity: u.capacity, skills: u.skills,
    teamIds: u.teams.map((t) => t.teamId), load: ctx.routing.index.agents.loadsOf(u.id),
  };
}
