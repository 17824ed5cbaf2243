// REST shapes for reports, the live overview, routing admin, inbox settings and Customer 360.
import type { Lead } from './api-customers.js';
import type { Channel, VisitorLabel } from './types.js';

export type { Overview } from '../../server/reports/overview.js';

export type Interval = 'hour' | 'day' | 'week';
export interface ReportFilter { from: string; to: string; teamId: string; interval: Interval }
export type ReportName = 'volume' | 'response-times' | 'sla' | 'csat' | 'agents';

export interface VolumeReport {
  from: string; to: string; interval: Interval;
  series: { bucket: string; channel: string; type: string | null; teamId: string | null; conversations: number }[];
  totals: { conversations: number; byChannel: Record<string, number>; byType: Record<string, number>; byTeam: Record<string, number> };
}
export interface TimingSummary { count: number; medianSec: number | null; p90Sec: number | null }
export interface ResponseTimesReport { conversations: number; firstResponse: TimingSummary; resolution: TimingSummary }
export interface Attainment { met: number; due: number; attainmentPct: number | null }
export interface SlaReport {
  firstResponse: Attainment; resolution: Attainment;
  byTeam: { teamId: string | null; team: string | null; firstResponse: Attainment; resolution: Attainment }[];
}
export interface CsatReport { responses: number; average: number | null; satisfiedPct: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> }
export interface AgentRow {
  agentId: string; name: string; email: string; conversations: number; resolved: number;
  medianFirstResponseSec: number | null; medianResolutionSec: number | null; csatAverage: number | null; csatResponses: number;
}
export interface AgentsReport { agents: AgentRow[] }

export interface BusinessHours { tz: string; days: Partial<Record<string, [string, string][]>> }
export interface TeamRouting { id: string; key: string; name: string; fallbackTeamId: string | null; overflowAfterSec: number | null; businessHours: BusinessHours | null }
export interface AgentRouting {
  id: string; name: string; email: string; role: string; presence: string;
  capacity: Partial<Record<Channel, number>>; skills: string[]; teamIds: string[]; load: unknown;
}
export interface SlaPolicy { priority: number; firstResponseSec: number; nextResponseSec: number; resolutionSec: number }

export interface InboxFull {
  id: string; channel: Channel; name: string; publicToken: string; language: string; enabled: boolean;
  settings: Record<string, unknown>; secretsSet: Record<string, boolean>;
}
export interface InboxStatus { state: string; message?: string; at?: string }

export type LifecycleStage = 'prospect' | 'new' | 'returning' | 'loyal' | 'churned';
export interface Purchase { id: string; orderNumber: string; amountCents: number; currency: string; items: unknown; purchasedAt: string }
/** One row of GET /api/customers?q=… (customer search). */
export interface CustomerHit {
  id: string; name: string | null; email: string | null; phone: string | null; company: string | null; tags: unknown; updatedAt: string; visitor: VisitorLabel;
}
export interface Customer360 {
  tags?: string[];
  notes?: string | null;
  attributes?: Record<string, unknown>;
  lifecycle?: { stage: LifecycleStage; rules: { stage: LifecycleStage; rule: string }[]; reason: string };
  purchases?: Purchase[];
  purchaseCount?: number;
  lifetimeValue?: { currency: string; amountCents: number }[];
  vip?: boolean;
  leads?: Lead[];
  openConversations?: number;
  csat?: { count: number; average: number | null };
}
export interface DuplicateSuggestion {
  customer: { id: string; name: string | null; email: string | null; phone: string | null; company: string | null; createdAt: string };
  reasons: string[];
}
