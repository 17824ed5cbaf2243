// Types the console shares with the server (the realtime contract) plus the REST shapes it reads.
import type { Channel, ConversationStatus, ConversationSummary, Presence, Role, StaffMessage } from '../../server/realtime/contract.js';

export type {
  Ack, AgentClientToServer, AgentServerToClient, AuthorKind, Channel, ConversationStatus, ConversationSummary,
  DeliveryStatus, KbSuggestion, Presence, RequestType, Role, StaffMessage,
} from '../../server/realtime/contract.js';

export const CHANNELS: Channel[] = ['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack'];
export const STATUSES: ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
export const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  presence: Presence;
  active?: boolean;
  teamIds?: string[];
}

export interface Team {
  id: string;
  key: string;
  name: string;
  memberIds: string[];
}

export interface Inbox {
  id: string;
  channel: Channel;
  name: string;
  publicToken: string;
  language: string;
  enabled?: boolean;
}

export interface RoutingEntry {
  action: string;
  reason: string;
  teamId: string | null;
  agentId: string | null;
  createdAt: string;
}

export interface ConversationDetail extends ConversationSummary {
  messages: StaffMessage[];
  routing: RoutingEntry[];
}

export interface CustomerDetail {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  identities: { kind: string; value: string; verified: boolean }[];
  channels: Channel[];
  conversations: ConversationSummary[];
}

export interface KbHit {
  id: string;
  title: string;
  snippet: string;
}

export interface KbArticle {
  id: string;
  title: string;
  body: string;
  category?: string | null;
  language?: string;
  updatedAt?: string;
}

export interface TeamOverview {
  id: string;
  key?: string;
  name: string;
  waiting: number;
  longestWaitSec: number;
  inProgress: number;
  slaBreached: number;
  agents: { online: number; away: number; offline: number };
}

export interface Overview {
  generatedAt?: string;
  teams: TeamOverview[];
  unrouted: number;
  csat: { average: number | null; responses: number };
}

export type ListScope = 'all' | 'mine' | 'unassigned';

export interface ListFilters {
  scope: ListScope;
  teamId: string;
  status: ConversationStatus | 'all';
  channel: Channel | '';
}
