// What the routing parts share: the database (source of truth), the bus, the in-memory index and
// one clock, injectable so tests can move time forward.
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import type { Logger } from '../log.js';
import type { LiveIndex } from './live-index.js';

export interface RoutingDeps {
  db: Db;
  bus: DomainBus;
  log: Logger;
  index: LiveIndex;
  now: () => number;
}
