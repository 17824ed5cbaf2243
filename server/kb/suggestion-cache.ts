// Each conversation's suggestions for its latest customer message, computed once and shown to every
// agent who opens it: 40 agents opening a new conversation had run 40 searches (issue 19).
// Dropped by: a new message on the conversation that is not an agent's (forget(), called by the
// suggestions listener on message.created), routing deciding its language (conversation.updated
// 'routing', from any node), and after 30 s (article edits, and another node's new messages, whose
// live refresh reaches every watcher through the socket adapter anyway).
import type { DomainBus } from '../domain/events.js';
import type { KbSuggestion } from '../realtime/contract.js';
import { LruTtl } from '../cache/lru-ttl.js';

const TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;

/** null: the conversation has no customer message to suggest for. */
export type Suggestions = KbSuggestion[] | null;

export class SuggestionCache {
  private entries = new LruTtl<string, Suggestions>(MAX_ENTRIES, TTL_MS);
  // Bumped by forget(): a computation that started before a newer message stores nothing.
  private versions = new LruTtl<string, number>(MAX_ENTRIES * 2, TTL_MS * 10);
  private loading = new Map<string, { version: number; promise: Promise<Suggestions> }>();

  constructor(bus: DomainBus) {
    bus.on('conversation.updated', ({ conversationId, change }) => (change === 'routing' ? this.forget(conversationId) : undefined));
  }

  version(conversationId: string): number {
    return this.versions.get(conversationId) ?? 0;
  }

  forget(conversationId: string): void {
    this.versions.set(conversationId, this.version(conversationId) + 1);
    this.entries.delete(conversationId);
  }

  /** Keeps what the live refresh computed, unless a newer message came in since it started. */
  put(conversationId: string, version: number, suggestions: Suggestions): void {
    if (this.version(conversationId) === version) this.entries.set(conversationId, suggestions);
  }

  /** Cached, or computed once for every caller meanwhile. */
  get(conversationId: string, compute: () => Promise<Suggestions>): Promise<Suggestions> {
    const hit = this.entries.get(conversationId);
    if (hit !== undefined) return Promise.resolve(hit);
    const version = this.version(conversationId);
    const pending = this.loading.get(conversationId);
    if (pending && pending.version === version) return pending.promise;
    const promise = compute().then((s) => {
      this.put(conversationId, version, s);
      return s;
    }).finally(() => {
      if (this.loading.get(conversationId)?.promise === promise) this.loading.delete(conversationId);
    });
    this.loading.set(conversationId, { version, promise });
    return promise;
  }
}
