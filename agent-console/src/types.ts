// Types the console shares with the server (the realtime contract) plus the REST shapes it reads.
import type { Channel, ConversationStatus, ConversationSummary, Presence, ReplyLimit, Role, StaffMessage, VisitorLabel } from '../../server/realtime/contract.js';

export type {
  Ack, AgentClientToServer, AgentServerToClient, AuthorKind, Channel, ConversationStatus, ConversationSummary,
  DeliveryStatus, KbSuggestion, Presence, ReplyLimit, RequestType, Role, StaffMessage, VisitorLabel,
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
  /** The newest messages only; hasOlder says more are on the server (api.olderMessages). */
  messages: StaffMessage[];
  hasOlder: boolean;
  routing: RoutingEntry[];
  replyLimit: ReplyLimit;
  noteMaxChars: number;
}

export interface CustomerDetail {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  visitor: VisitorLabel;
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

export type KbStatus = 'draft' | 'in_review' | 'published' | 'archived';
export const KB_STATUSES: KbStatus[] = ['draft', 'in_review', 'published', 'archived'];

/** A list row: the article without its body. */
export interface KbArticleSummary {
  id: string;
  title: string;
  category: string | null;
  tags: string[];
  language: 'en' | 'zh';
  status: KbStatus;
  authorId: string | null;
  reviewerId: string | null;
  version: number;
  helpful: number;
  notHelpful: number;
  views: number;
  usage: number;
  publishedAt: string | null;
  updatedAt: string;
}

export interface KbArticle extends KbArticleSummary {
  body: string;
  /** Plain text of the body (only from GET /api/kb/articles/:id), for inserting into replies. */
  text?: string;
}

export interface KbArticleInput {
  title: string;
  body: string;
  tags: string[];
  language: 'en' | 'zh';
  category: string | null;
  status?: KbStatus;
}

export interface KbHistory {
  versions: { version: number; title: string; body: string; editorName: string | null; createdAt: string }[];
  statusChanges: { from: KbStatus | null; to: KbStatus; actorName: string | null; at: string }[];
}

export interface KbStats {
  articles: Record<KbStatus, number>;
  totals: { views: number; helpful: number; notHelpful: number; usage: number; usageHelped: number; usageNotHelped: number; deflections: number };
  top: { id: string; title: string; status: KbStatus; views: number; helpful: number; notHelpful: number; usage: number; deflections: number }[];
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
