// Saved replies: CRUD within each viewer's scope, the language variant a conversation needs,
// variables filled from the conversation and Customer 360, use counts and suggestions.
import MiniSearch from 'minisearch';
import type { AuthUser } from '../auth/sessions.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { AppError } from '../errors.js';
import { tokenize } from '../kb/search/text.js';
import { csatLanguage } from '../csat/texts.js';
import { GLOBAL, mayManage, personalKey, teamKey, viewerOf, visibleWhere, type Viewer } from './access.js';
import type { CannedScope } from './scopes.js';
import type { CreateCanned, ListQuery, UpdateCanned } from './schemas.js';
import { firstName, renderTemplate, type Rendered, type VariableValues } from './variables.js';

type Row = Awaited<ReturnType<Db['cannedResponse']['findFirstOrThrow']>>;
const ANY = 'any';
const SUGGESTIONS = 5;

export interface CannedView {
  id: string; shortcut: string; title: string; body: string; language: string | null;
  requestType: string | null; scope: CannedScope; teamId: string | null;
  useCount: number; lastUsedAt: Date | null; canManage: boolean; updatedAt: Date;
}

export interface Filled extends Rendered { id: string; shortcut: string; title: string; language: string | null }

export class CannedResponseService {
  constructor(private db: Db) {}

  async list(user: AuthUser, q: ListQuery): Promise<CannedView[]> {
    const v = await viewerOf(this.db, user);
    const rows = await this.db.cannedResponse.findMany({
      where: {
        AND: [visibleWhere(v),
          q.scope === 'personal' ? { ownerId: user.id } : q.scope === 'team' ? { teamId: q.teamId ?? { not: null } } : q.scope === 'global' ? { scopeKey: GLOBAL } : q.teamId ? { teamId: q.teamId } : {},
          q.language ? { language: { in: [q.language, ANY] } } : {}],
      },
      orderBy: [{ shortcut: 'asc' }, { language: 'asc' }],
      take: 1000,
    });
    const needle = q.q?.trim().replace(/^\//, '').toLowerCase();
    const hits = needle ? rows.filter((r) => r.shortcut.includes(needle) || r.title.toLowerCase().includes(needle) || r.body.toLowerCase().includes(needle)) : rows;
    return hits.map((r) => view(v, r));
  }

  async create(user: AuthUser, input: CreateCanned): Promise<CannedView> {
    const v = await viewerOf(this.db, user);
    const scope = input.scope ?? (input.teamId ? 'team' : user.role === 'agent' ? 'personal' : 'global');
    if (scope === 'team' && !input.teamId) throw new AppError('VALIDATION_FAILED', 'teamId: a team reply needs a team', 'teamId');
    if (scope !== 'team' && input.teamId) throw new AppError('VALIDATION_FAILED', `teamId: a ${scope} reply has no team`, 'teamId');
    if (input.teamId && !(await this.db.team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) throw new AppError('TEAM_NOT_FOUND', undefined, 'teamId');
    const owner = scope === 'personal' ? { ownerId: user.id } : scope === 'team' ? { teamId: input.teamId! } : {};
    if (!mayManage(v, { ownerId: owner.ownerId ?? null, teamId: owner.teamId ?? null })) {
      throw new AppError('FORBIDDEN', scope === 'team' ? "Only the team's supervisors and admins manage its replies" : 'Only supervisors and admins manage global replies');
    }
    const scopeKey = scope === 'personal' ? personalKey(user.id) : scope === 'team' ? teamKey(input.teamId!) : GLOBAL;
    const data = { shortcut: input.shortcut, title: input.title, body: input.body, language: input.language ?? ANY, requestType: input.requestType ?? null, scopeKey, createdById: user.id, ...owner };
    const row = await this.db.cannedResponse.create({ data }).catch((err: unknown) => { throw taken(err, input.shortcut); });
    return view(v, row);
  }

  async update(user: AuthUser, id: string, patch: UpdateCanned): Promise<CannedView> {
    const { v, row } = await this.managed(user, id);
    const { language, ...rest } = patch;
    const data = { ...rest, ...(language !== undefined ? { language: language ?? ANY } : {}) };
    const saved = await this.db.cannedResponse.update({ where: { id: row.id }, data }).catch((err: unknown) => { throw taken(err, patch.shortcut ?? row.shortcut); });
    return view(v, saved);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const { row } = await this.managed(user, id);
    await this.db.cannedResponse.delete({ where: { id: row.id } });
  }

  /** The reply as it would be sent in this conversation, without counting a use. */
  async preview(user: AuthUser, id: string, conversationId: string): Promise<Filled> {
    const v = await viewerOf(this.db, user);
    const row = await this.visible(v, id);
    const ctx = await this.conversationContext(conversationId, user);
    return fill(await this.variantFor(row, ctx.language), ctx.values);
  }

  /** Inserting a reply into the composer: the right language, filled, and counted. */
  async use(user: AuthUser, id: string, conversationId: string): Promise<Filled> {
    const filled = await this.preview(user, id, conversationId);
    await this.db.cannedResponse.update({ where: { id: filled.id }, data: { useCount: { increment: 1 }, lastUsedAt: new Date() } });
    return filled;
  }

  /** The replies most relevant to the customer's last message and the conversation's type, best first. */
  async suggest(user: AuthUser, conversationId: string): Promise<Filled[]> {
    const v = await viewerOf(this.db, user);
    const ctx = await this.conversationContext(conversationId, user);
    const rows = await this.db.cannedResponse.findMany({ where: { AND: [visibleWhere(v), { language: { in: [ctx.language, ANY] } }] }, take: 1000 });
    if (!rows.length) return [];
    const index = new MiniSearch<Row>({ fields: ['title', 'body', 'shortcut'], tokenize, processTerm: (t) => t, searchOptions: { boost: { title: 2, shortcut: 2 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' } });
    index.addAll(rows);
    const text = ctx.lastCustomerText ?? '';
    const relevance = new Map(text ? index.search(text).map((h) => [h.id as string, h.score]) : []);
    const scored = rows.map((r) => ({
      r, score: (relevance.get(r.id) ?? 0) + (ctx.type && r.requestType === ctx.type ? 3 : 0) + Math.log1p(r.useCount) * 0.1 + (r.language === ctx.language ? 0.05 : 0),
    })).filter((s) => s.score >= 0.5);
    const best = new Map<string, (typeof scored)[number]>();
    for (const s of scored.sort((a, b) => b.score - a.score)) {
      const key = `${s.r.scopeKey}/${s.r.shortcut}`;
      if (!best.has(key)) best.set(key, s);
    }
    return [...best.values()].slice(0, SUGGESTIONS).map((s) => fill(s.r, ctx.values));
  }

  private async managed(user: AuthUser, id: string): Promise<{ v: Viewer; row: Row }> {
    const v = await viewerOf(this.db, user);
    const row = await this.visible(v, id);
    if (!mayManage(v, row)) throw new AppError('FORBIDDEN', row.teamId ? "Only the team's supervisors and admins manage its replies" : 'Only supervisors and admins manage global replies');
    return { v, row };
  }

  private async visible(v: Viewer, id: string): Promise<Row> {
    const row = await this.db.cannedResponse.findFirst({ where: { AND: [{ id }, visibleWhere(v)] } });
    if (!row) throw new AppError('CANNED_RESPONSE_NOT_FOUND');
    return row;
  }

  /** Of the reply's language variants, the one in the conversation's language, else the any-language one. */
  private async variantFor(row: Row, language: string): Promise<Row> {
    if (row.language === language) return row;
    const siblings = await this.db.cannedResponse.findMany({ where: { scopeKey: row.scopeKey, shortcut: row.shortcut } });
    return siblings.find((s) => s.language === language) ?? siblings.find((s) => s.language === ANY) ?? row;
  }

  private async conversationContext(conversationId: string, user: AuthUser) {
    const c = await this.db.conversation.findUnique({
      where: { id: conversationId },
      select: {
        id: true, language: true, type: true, inbox: { select: { language: true } }, team: { select: { name: true } },
        customer: { select: { name: true, email: true, phone: true, company: true, purchases: { orderBy: { purchasedAt: 'desc' }, take: 1, select: { orderNumber: true } } } },
      },
    });
    if (!c) throw new AppError('CONVERSATION_NOT_FOUND', undefined, 'conversationId');
    const last = await this.db.message.findFirst({ where: { conversationId, direction: 'in' }, orderBy: { id: 'desc' }, select: { body: true } });
    const values: VariableValues = {
      'customer.name': c.customer.name, 'customer.firstName': firstName(c.customer.name), 'customer.email': c.customer.email,
      'customer.phone': c.customer.phone, 'customer.company': c.customer.company, 'customer.lastOrder': c.customer.purchases[0]?.orderNumber,
      'agent.name': user.name, 'agent.firstName': firstName(user.name), 'agent.email': user.email, 'team.name': c.team?.name, 'conversation.id': c.id,
    };
    return { values, language: csatLanguage(c.language, c.inbox.language), type: c.type, lastCustomerText: last?.body ?? null };
  }
}

function fill(row: Row, values: VariableValues): Filled {
  return { id: row.id, shortcut: row.shortcut, title: row.title, language: row.language === ANY ? null : row.language, ...renderTemplate(row.body, values) };
}

function view(v: Viewer, r: Row): CannedView {
  return {
    id: r.id, shortcut: r.shortcut, title: r.title, body: r.body, language: r.language === ANY ? null : r.language, requestType: r.requestType,
    scope: r.ownerId ? 'personal' : r.teamId ? 'team' : 'global', teamId: r.teamId, useCount: r.useCount, lastUsedAt: r.lastUsedAt,
    canManage: mayManage(v, r), updatedAt: r.updatedAt,
  };
}

function taken(err: unknown, shortcut: string): unknown {
  return isUniqueViolation(err) ? new AppError('CANNED_SHORTCUT_TAKEN', `A reply /${shortcut} in this language already exists here`, 'shortcut') : err;
}
