// The /agent socket: authenticated by the HttpOnly session cookie (same origin), typed by the contract.
import { io, type Socket } from 'socket.io-client';
import type { AgentClientToServer, AgentServerToClient } from './types.js';

export type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

export function connectAgentSocket(): AgentSocket {
  return io('/agent', { withCredentials: true, reconnectionDelayMax: 5000 });
}

/** Emits conversation.watch and resolves when the server acknowledges (false on refusal or timeout). */
export function watchConversation(socket: AgentSocket, conversationId: string): Promise<boolean> {
  return new Promise((resolve) => {
    socket.timeout(10_000).emit('conversation.watch', { conversationId }, (err: Error | null, res?: { ok: boolean }) => {
      resolve(!err && !!res?.ok);
    });
  });
}
