// Domain events: services emit facts after they are stored; listeners (realtime, routing,
// knowledge base, outbox) react. Emitting never blocks or fails the emitter.
import { EventEmitter } from 'node:events';
import type { Presence } from '../realtime/contract.js';

/** The stored row, carried in the event so listeners need not read it back. */
export interface MessageSnapshot {
  id: number; conversationId: string; body: string; authorKind: string; authorId: string | null;
  author: { name: string } | null; direction: string; private: boolean; clientMessageId: string | null;
  deliveryStatus: string; deliveryError: string | null; createdAt: Date;
}

export interface DomainEvents {
  /** `startsReplyClock` (hot path only): the conversation was answered and no next-response clock ran. */
  'message.created': { messageId: number; conversationId: string; isNewConversation: boolean; message?: MessageSnapshot; startsReplyClock?: boolean; senderSocketId?: string };
  'message.updated': { messageId: number; conversationId: string };
  /** `webhooksQueued`: the change's webhook jobs were enqueued in its own transaction (server/webhooks/enqueue.ts). */
  'conversation.created': { conversationId: string; webhooksQueued?: boolean };
  'conversation.updated': { conversationId: string; change: 'status' | 'assignment' | 'routing' | 'sla' | 'details'; webhooksQueued?: boolean };
  'presence.updated': { userId: string; presence: Presence };
  /** Role change or deactivation: open sockets must re-authenticate. */
  'user.access_changed': { userId: string };
  /** A resolved web chat asks its visitor for a rating in the widget. */
  'csat.requested': { conversationId: string; token: string };
  'sla.breached': { conversationId: string; timer: 'first_response' | 'next_response' | 'resolution'; dueAt: string; teamId: string | null; assigneeId: string | null };
  /** Which visitor ids these customers' conversations reach may have changed (merge, undo, a visitor joining a signed-in user). */
  'customer.identities_changed': { customerIds: string[] };
  /** Signed out: sockets opened with that session close. */
  'session.revoked': { tokenHash: string };
  'typing.updated': { conversationId: string; who: 'customer' | 'agent'; name: string | null; typing: boolean; userId?: string };
}

export type DomainEventName = keyof DomainEvents;

export class DomainBus {
  private emitter = new EventEmitter();

  constructor(private onListenerError: (event: string, err: unknown) => void) {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends DomainEventName>(event: K, payload: DomainEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  on<K extends DomainEventName>(event: K, listener: (payload: DomainEvents[K]) => void | Promise<void>): void {
    // A failing listener is logged, never allowed to break the emitter or other listeners.
    this.emitter.on(event, (payload: DomainEvents[K]) => {
      try {
        const r = listener(payload);
        if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err) => this.onListenerError(event, err));
      } catch (err) {
        this.onListenerError(event, err);
      }
    });
  }
}
