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
