// Who sees and who manages a saved reply: personal ones their owner; team ones the team's members
// (managed by its supervisors and admins); global ones everybody (managed by supervisors and admins).
import type { AuthUser } from '../auth/sessions.js';
import type { Db } from '../db/client.js';
import { hasRole } from '../http/auth.js';
import type { Prisma } from '../db/generated/sqlite/client.ts';

export const GLOBAL = 'global';
export const personalKey = (userId: string) => `personal:${userId}`;
export const teamKey = (teamId: string) => `team:${teamId}`;

export interface Viewer {
  user: AuthUser;
  teamIds: string[];
}

export async function viewerOf(db: Db, user: AuthUser): Promise<Viewer> {
  const rows = await db.teamMember.findMany({ where: { userId: user.id }, select: { teamId: true } });
  return { user, teamIds: rows.map((r) => r.teamId) };
}

/** The rows a viewer may see, as one indexed filter on scopeKey. */
export function visibleWhere(v: Viewer): Prisma.CannedResponseWhereInput {
  if (v.user.role === 'admin') return { OR: [{ scopeKey: { in: [GLOBAL, personalKey(v.user.id)] } }, { teamId: { not: null } }] };
  return { scopeKey: { in: [GLOBAL, personalKey(v.user.id), ...v.teamIds.map(teamKey)] } };
}

export function mayManage(v: Viewer, row: { ownerId: string | null; teamId: string | null }): boolean {
  if (row.ownerId) return row.ownerId === v.user.id;
  if (row.teamId) return v.user.role === 'admin' || (hasRole(v.user, 'supervisor') && v.teamIds.includes(row.teamId));
  return hasRole(v.user, 'supervisor');
}
