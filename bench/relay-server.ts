// The baseline: a bare socket.io relay with the same event shapes as Switchboard, but no
// storage, no routing. Customer `message.send` -> ack + `message.created` to every agent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 64 * 1024 });
let nextId = 1;
io.of('/widget').on('connection', (socket) => {
  socket.emit('session.ready', { visitorToken: 'x', visitorId: socket.id, conversationId: null, agentsOnline: true, inbox: { name: 'relay', language: 'en' } });
  socket.on('message.send', (payload: { clientMessageId: string; body: string }, ack: (r: unknown) => void) => {
    const message = { id: nextId++, conversationId: socket.id, body: payload.body, authorKind: 'customer', authorName: null, clientMessageId: payload.clientMessageId, createdAt: new Date().toISOString(), attachments: [] };
    io.of('/agent').emit('message.created', message);
    ack({ ok: true, data: message });
  });
});
io.of('/agent').on('connection', () => undefined);
http.listen(0, '127.0.0.1', () => process.stdout.write(`RELAY_PORT=${(http.address() as AddressInfo).port}\n`));
