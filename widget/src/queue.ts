// Queue-position logic, pure: whether the visitor is still waiting for an agent, and the line to show.
import type { ConversationStatus, PublicMessage } from '../../server/realtime/contract.js';
import type { Translate } from './i18n.js';

export const QUEUE_POLL_MS = 15_000;

/** Tracks the visitor's open conversation and whether an agent has joined it. */
export class AgentWatch {
  private current: string | null = null;
  private joined = new Set<string>();

  /** From session.ready: the open conversation, or null when there is none. */
  setConversation(id: string | null): void {
    this.current = id;
  }

  /** Messages arrive in id order, so the last customer message names the current conversation. */
  seeMessages(messages: readonly PublicMessage[]): void {
    for (const m of messages) {
      if (m.authorKind === 'agent') this.joined.add(m.conversationId);
      if (m.authorKind === 'customer') this.current = m.conversationId;
    }
  }

  /** From conversation.updated: an assignee counts as joined; a resolved conversation is nothing to wait for. */
  update(id: string, status: ConversationStatus, assigneeName: string | null): void {
    if (assigneeName) this.joined.add(id);
    if (status === 'resolved' && this.current === id) this.current = null;
  }

  waiting(): boolean {
    return this.current !== null && !this.joined.has(this.current);
  }
}

/** The line under the messages, or null when there is nothing to show (not queued). */
export function queueText(t: Translate, position: number, estimatedWaitSec: number): string | null {
  if (!Number.isFinite(position) || position <= 0) return null;
  const n = Math.floor(position);
  if (!Number.isFinite(estimatedWaitSec) || estimatedWaitSec <= 0) return t('queue', { n });
  // Round up so "about 1 min" never promises less than the estimate.
  return t('queueWait', { n, m: Math.max(1, Math.ceil(estimatedWaitSec / 60)) });
}
