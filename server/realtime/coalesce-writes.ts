// engine.io hands a websocket client its queued packets together (everything emitted to it
// while its previous write was in flight), but ws writes each frame with its own syscall. An
// agent watching busy chats gets dozens of frames per flush, and on loopback each write costs
// tens of microseconds (docs/benchmarks.md). Corking the TCP socket around one flush sends those
// frames in one writev; frames, order and callbacks are unchanged.
import type { Socket as NetSocket } from 'node:net';
import { transports } from 'engine.io';

interface WebSocketTransport { socket?: { _socket?: NetSocket }; send(packets: unknown[]): void }

const PATCHED = Symbol.for('switchboard.coalesceWrites');

/** Idempotent; patches engine.io's websocket transport for this process (there is one per process). */
export function coalesceWebsocketWrites(): void {
  const proto = (transports as unknown as Record<string, { prototype: WebSocketTransport & { [PATCHED]?: true } }>).websocket?.prototype;
  if (!proto || proto[PATCHED] || typeof proto.send !== 'function') return;
  const send = proto.send;
  proto.send = function (this: WebSocketTransport, packets: unknown[]): void {
    const raw = this.socket?._socket;
    // One packet is one write anyway; without a raw socket (another ws version) change nothing.
    if (packets.length < 2 || typeof raw?.cork !== 'function') return send.call(this, packets);
    raw.cork();
    try {
      send.call(this, packets);
    } finally {
      raw.uncork();
    }
  };
  proto[PATCHED] = true;
}
