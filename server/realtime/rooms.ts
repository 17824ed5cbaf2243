// Room names in one place, so the gateway (joins) and the listener (emits) always agree.
export const rooms = {
  staff: 'staff',
  supervisors: 'supervisors',
  user: (userId: string) => `user:${userId}`,
  session: (tokenHash: string) => `session:${tokenHash}`,
  conversation: (conversationId: string) => `conv:${conversationId}`,
  visitor: (inboxId: string, visitorId: string) => `visitor:${inboxId}:${visitorId}`,
};
