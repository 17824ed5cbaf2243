// Domain events this feature emits, merged into DomainEvents so the bus stays typed
// (the lead may move them into server/domain/events.ts; the shapes stay the same).
declare module '../domain/events.js' {
  interface DomainEvents {
    /** Profile, merge, unmerge or purchase change; `version` makes each change's webhook unique. */
    'customer.updated': { customerId: string; change: 'profile' | 'merge' | 'unmerge' | 'purchase' | 'identity'; version: string };
    'lead.created': { leadId: string; customerId: string; conversationId: string | null };
  }
}
export {};
