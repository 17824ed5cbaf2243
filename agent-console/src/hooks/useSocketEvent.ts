// Subscribes to a server event for the component's lifetime; the handler may change every render.
import { useEffect, useRef } from 'preact/hooks';
import type { AgentSocket } from '../socket.js';
import type { AgentServerToClient } from '../types.js';

export function useSocketEvent<E extends keyof AgentServerToClient>(socket: AgentSocket | null, event: E, handler: AgentServerToClient[E]): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return undefined;
    const listener = (...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args);
    const s = socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void; off(e: string, l: (...a: unknown[]) => void): void };
    s.on(event, listener);
    return () => s.off(event, listener);
  }, [socket, event]);
}
