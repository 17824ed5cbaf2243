// Socket payloads are text that enters too: the handshake's auth and every event's arguments are
// cleaned once (server/text.ts) before any gateway middleware or handler reads them.
import type { Namespace } from 'socket.io';
import { cleanDeep } from '../text.js';

export function cleanPayloads(nsp: Namespace): void {
  nsp.use((socket, next) => {
    cleanDeep(socket.handshake.auth);
    socket.use((packet, done) => {
      cleanDeep(packet);
      done();
    });
    next();
  });
}
