// Room names in one place, so the gateway (joins) and the listener (emits) always agree.
import type { Namespace } from 'socket.io';

export const rooms = {
  staff: 'staff',
  supervisors: 'supervisors',
  user: (userId: string) => `user:${userId}`,
  session: (tokenHash: string) => `session:${tokenHash}`,
  conversation: (conversationId: string) => `conv:${conversationId}`,
  visitor: (inboxId: string, visitorId: string) => `visitor:${inboxId}:${visitorId}`,
};

/**
 * Whether a broadcast to these rooms may reach any socket but `except`. One node knows its rooms;
 * with the Redis adapter the listeners may be on other nodes, so the answer is always yes.
 */
export function mayReach(nsp: Namespace, names: string[], clustered: boolean, except?: string): boolean {
  if (clustered) return true;
  for (const name of names) for (const sid of nsp.adapter.rooms.get(name) ?? []) if (sid !== except) return true;
  return false;
}
