// Classification to routing decision: the type's team, or triage when the model is unsure.
import type { RequestType } from '../realtime/contract.js';
import { classify } from './classifier/index.js';
import { DEFAULT_TRIAGE_THRESHOLD } from './settings.js';

export const TEAM_FOR_TYPE: Record<RequestType, string> = { sales: 'sales', support: 'support', complaint: 'care', billing: 'finance' };

export interface RoutingDecision {
  type: RequestType;
  confidence: number;
  priority: number;
  language: string;
  team: string;
}

export function decide(text: string, threshold = DEFAULT_TRIAGE_THRESHOLD): RoutingDecision {
  const c = classify(text);
  const team = c.confidence >= threshold ? TEAM_FOR_TYPE[c.type] : 'triage';
  return { type: c.type, confidence: Math.round(c.confidence * 1000) / 1000, priority: c.priority, language: c.language, team };
}

/** The team a channel asked for (a phone menu choice) wins over the classifier, with the type that team serves. */
export function withRequestedTeam(dec: RoutingDecision, team: string): RoutingDecision {
  const type = (Object.keys(TEAM_FOR_TYPE) as RequestType[]).find((t) => TEAM_FOR_TYPE[t] === team);
  return { ...dec, team, ...(type ? { type, confidence: 1 } : {}) };
}

/** A stored routing hint, or null when the column is empty or not the shape ingest writes. */
export function readRoutingHint(raw: unknown): { team: string; reason: string } | null {
  if (!raw || typeof raw !== 'object') return null;
  const { team, reason } = raw as Record<string, unknown>;
  return typeof team === 'string' && team ? { team, reason: typeof reason === 'string' ? reason : 'requested by the channel' } : null;
}
