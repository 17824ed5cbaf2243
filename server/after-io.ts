// Work that follows an answer (routing a new conversation, list rows, suggestions) waits here for
// the event loop's next check phase. On SQLite every query resolves without real I/O, so without
// this a listener's whole chain runs as microtasks before the next socket is even read: in a burst
// of new visitors each first message waited for all the routing and fan-out of those before it.
export const afterPendingIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
