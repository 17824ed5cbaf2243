// Packets queued for one websocket client while its previous write was in flight leave in one
// TCP write, in order, instead of one syscall per packet.
import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { coalesceWebsocketWrites } from '../../../server/realtime/coalesce-writes.js';

let io: Server;
let url: string;

beforeAll(async () => {
  coalesceWebsocketWrites();
  const http = createServer();
  io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => io.close(() => resolve())));

/** Counts the writes the server's TCP socket for this client hands to the kernel. */
function countWrites(socket: Socket): () => number {
  const raw = (socket.conn.transport as unknown as { socket: { _socket: NetSocket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void } } }).socket._socket;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = raw[method].bind(raw);
    raw[method] = (...args: unknown[]) => {
      writes++;
      return original(...args);
    };
  }
  return () => writes;
}

it('a burst of 100 packets to one client takes a few writes, and arrives whole and in order', async () => {
  const serverSide = new Promise<Socket>((resolve) => io.once('connection', resolve));
  const client = connect(url, { transports: ['websocket'], forceNew: true });
  try {
    const socket = await serverSide;
    const received: number[] = [];
    const all = new Promise<void>((resolve) => client.on('n', (n: number) => {
      received.push(n);
      if (received.length === 100) resolve();
    }));
    await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
    const writes = countWrites(socket);
    for (let i = 0; i < 100; i++) socket.emit('n', i);
    await all;
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // The first packet goes at once; the other 99 wait for it and then leave together.
    expect(writes()).toBeLessThanOrEqual(3);
  } finally {
    client.disconnect();
  }
});
