// Domain events this feature emits, merged into DomainEvents so the bus stays typed
// (the lead may move them into server/domain/events.ts; the shapes stay the same).
declare module '../domain/events.js' {
  interface DomainEvents {
    /**
     * Profile, merge, unmerge or purchase change; `version` makes each change's webhook unique.
     * `webhooksQueued`: the change's webhook jobs were enqueued in its own transaction.
     */
    'customer.updated': { customerId: string; change: 'profile' | 'merge' | 'unmerge' | 'purchase' | 'identity'; version: string; webhooksQueued?: boolean };
    'lead.created': { leadId: string; customerId: string; conversationId: string | null; webhooksQueued?: boolean };
  }
}
export {};
