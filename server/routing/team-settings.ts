// A team's routing settings: fallback team, overflow time, business hours. Checks that span rows
// (the fallback exists and is another team; overflow needs a fallback) live here.
import type { Db } from '../db/client.js';
// Both generated clients share one Prisma runtime, so this DbNull works on either provider.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.js';
import { readHours, type BusinessHours } from './hours.js';

export interface TeamSettingsInput {
  fallbackTeamId?: string | null;
  overflowAfterSec?: number | null;
  businessHours?: BusinessHours | null;
}

export interface TeamSettingsView {
  id: string;
  key: string;
  name: string;
  fallbackTeamId: string | null;
  overflowAfterSec: number | null;
  businessHours: BusinessHours | null;
}

const SELECT = { id: true, key: true, name: true, fallbackTeamId: true, overflowAfterSec: true, businessHours: true } as const;

function view(t: { id: string; key: string; name: string; fallbackTeamId: string | null; overflowAfterSec: number | null; businessHours: unknown }): TeamSettingsView {
  return { id: t.id, key: t.key, name: t.name, fallbackTeamId: t.fallbackTeamId, overflowAfterSec: t.overflowAfterSec, businessHours: readHours(t.businessHours) };
}

export async function listTeamSettings(db: Db): Promise<TeamSettingsView[]> {
  return (await db.team.findMany({ select: SELECT, orderBy: { name: 'asc' } })).map(view);
}

export async function getTeamSettings(db: Db, teamId: string): Promise<TeamSettingsView> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: SELECT });
  if (!team) throw new AppError('TEAM_NOT_FOUND');
  return view(team);
}

/** Applies the given fields (others stay); validates the result as a whole. */
export async function updateTeamSettings(db: Db, teamId: string, input: TeamSettingsInput): Promise<TeamSettingsView> {
  const current = await getTeamSettings(db, teamId);
  if (input.fallbackTeamId) {
    if (input.fallbackTeamId === teamId) throw new AppError('VALIDATION_FAILED', 'fallbackTeamId: must be another team, not the team itself', 'fallbackTeamId');
    const exists = await db.team.findUnique({ where: { id: input.fallbackTeamId }, select: { id: true } });
    if (!exists) throw new AppError('TEAM_NOT_FOUND', 'fallbackTeamId: no such team', 'fallbackTeamId');
  }
  const fallback = input.fallbackTeamId !== undefined ? input.fallbackTeamId : current.fallbackTeamId;
  const overflow = input.overflowAfterSec !== undefined ? input.overflowAfterSec : current.overflowAfterSec;
  // Overflow without a place to overflow to would silently do nothing.
  if (overflow !== null && fallback === null) throw new AppError('VALIDATION_FAILED', 'overflowAfterSec: needs a fallbackTeamId to overflow to', 'overflowAfterSec');
  const data: Prisma.TeamUpdateInput = {};
  if (input.fallbackTeamId !== undefined) data.fallbackTeamId = input.fallbackTeamId;
  if (input.overflowAfterSec !== undefined) data.overflowAfterSec = input.overflowAfterSec;
  if (input.businessHours !== undefined) data.businessHours = input.businessHours === null ? Prisma.DbNull : (input.businessHours as unknown as Prisma.InputJsonValue);
  const team = await db.team.update({ where: { id: teamId }, data, select: SELECT });
  return view(team);
}
