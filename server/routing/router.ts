// The routing service: classifies each new conversation, queues it for its team, assigns the
// least-loaded online agent with room (decided in memory, written conditionally), releases an
// offline agent's unanswered work, overflows long waits and keeps SLA timers. See README.md here.
import { afterPendingIo } from '../after-io.js';
import type { Db } from '../db/client.js';
import type { DomainBus, DomainEvents } from '../domain/events.js';
import type { Logger } from '../log.js';
import type { RequestType } from '../realtime/contract.js';
import { Assigner } from './assign.js';
import { correctType, type CorrectionResult } from './corrections.js';
import type { RoutingDeps } from './deps.js';
import { LiveIndex } from './live-index.js';
import { loadAgent, loadAll, loadConversation } from './load.js';
import { sweepOverflow } from './overflow.js';
import { QueueEstimator, type QueuePosition } from './position.js';
import { releaseAgent } from './release.js';
import { findUnrouted, routeNew } from './route.js';
import { Scheduler } from './scheduler.js';
import { readTriageThreshold, writeTriageThreshold, DEFAULT_TRIAGE_THRESHOLD } from './settings.js';
import { SlaService, type AtRisk } from './sla-service.js';

export { decide, TEAM_FOR_TYPE, type RoutingDecision } from './decide.js';
export { capacityFor } from './agents.js';
/** The default; the live value is RoutingService.triageThreshold (admin API, Setting table). */
export const TRIAGE_THRESHOLD = DEFAULT_TRIAGE_THRESHOLD;

export interface RoutingOptions {
  /** The clock for queue times, overflow and SLA (tests pass a fake one). */
  now?: () => number;
  /** How often the sweeps run; 0 disables the timer (tests call tick()). */
  tickMs?: number;
  /** How often the in-memory index is rebuilt from the database (other nodes, admin edits). */
  resyncMs?: number;
}

const ROUTING_WAIT_MS = 3000;

export class RoutingService {
  readonly index = new LiveIndex();
  readonly sla: SlaService;
  triageThreshold = DEFAULT_TRIAGE_THRESHOLD;
  private deps: RoutingDeps;
  private assigner: Assigner;
  private estimator: QueueEstimator;
  private scheduler: Scheduler;
  private ready: Promise<void> | null = null;
  private inFlight = new Set<Promise<unknown>>();
  // New conversations whose routing has not finished (it runs just after the first message's ack).
  private routing = new Map<string, Promise<unknown>>();
  private stopped = false;
  private lastResync = 0;
  private resyncMs: number;

  constructor(private db: Db, private bus: DomainBus, private log: Logger, opts: RoutingOptions = {}) {
    this.deps = { db, bus, log, index: this.index, now: opts.now ?? Date.now };
    this.sla = new SlaService(this.deps);
    this.assigner = new Assigner(this.deps);
    this.estimator = new QueueEstimator(this.deps);
    this.scheduler = new Scheduler(() => this.tick(), opts.tickMs ?? 10_000, log);
    this.resyncMs = opts.resyncMs ?? 60_000;
  }

  /** Subscribes to domain events, loads the index and starts the sweeps. */
  listen(): void {
    this.on('conversation.created', ({ conversationId }) => this.route(conversationId), undefined, ({ conversationId }) => conversationId);
    this.on('conversation.updated', ({ conversationId, change }) => this.onConversationChanged(conversationId, change));
    this.on('message.created', ({ messageId, conversationId, message, startsReplyClock }) => this.onMessage(messageId, conversationId, message !== undefined, startsReplyClock === true),
      // Nothing to do: a new conversation is routed by conversation.created, and most chat
      // messages land on an open conversation and start no clock.
      ({ isNewConversation, message, startsReplyClock }) => isNewConversation || (message !== undefined && !startsReplyClock));
    this.on('presence.updated', ({ userId, presence }) => this.onPresence(userId, presence));
    this.start().catch((err: unknown) => this.log.error({ err }, 'routing index failed to load; retrying on the next event'));
  }

  start(): Promise<void> {
    this.ready ??= this.reload().then(
      async () => {
        if (!this.stopped) this.scheduler.start();
        await this.drainAll();
      },
      (err: unknown) => {
        // Not loaded: the next event or call tries again instead of failing forever.
        this.ready = null;
        throw err;
      },
    );
    return this.ready;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.scheduler.stop();
    await this.settled();
    await this.assigner.idle();
  }

  /** Resolves once every event handler started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async reload(): Promise<void> {
    this.lastResync = this.deps.now();
    await loadAll(this.db, this.index);
    this.triageThreshold = await readTriageThreshold(this.db);
  }

  async route(conversationId: string): Promise<void> {
    const teamId = await routeNew(this.deps, conversationId, this.triageThreshold);
    if (teamId) await this.assigner.drain(teamId);
  }

  drain(teamId: string): Promise<number> {
    return this.assigner.drain(teamId);
  }

  drainAll(): Promise<number> {
    return this.assigner.drainAll(this.index.teamsWithWaiting());
  }

  /** One round of the sweeps: missed routing, overflow, SLA breaches, a periodic index rebuild. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    for (const id of await findUnrouted(this.deps)) await this.route(id);
    const received = await sweepOverflow(this.deps);
    await this.assigner.drainAll(received);
    await this.sla.sweepBreaches();
    if (this.deps.now() - this.lastResync >= this.resyncMs) {
      await this.reload();
      await this.drainAll();
    }
  }

  async correctType(conversationId: string, userId: string, type: RequestType): Promise<CorrectionResult> {
    const result = await correctType(this.deps, conversationId, userId, type);
    if (result.moved && result.teamId) await this.assigner.drain(result.teamId);
    return result;
  }

  /** A conversation still being routed (just after its first message's ack) answers once it is queued, or after 3 s. */
  async queuePosition(conversationId: string): Promise<QueuePosition> {
    const pending = this.routing.get(conversationId);
    if (pending) await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ROUTING_WAIT_MS).unref())]);
    return this.estimator.position(conversationId);
  }

  atRisk(ratio?: number, teamId?: string): Promise<AtRisk[]> {
    return this.sla.atRisk(ratio, teamId);
  }

  async setTriageThreshold(value: number): Promise<void> {
    await writeTriageThreshold(this.db, value);
    this.triageThreshold = value;
  }

  /** Re-reads an agent after an admin edit (capacity, teams) and assigns if they gained room. */
  async reloadAgent(userId: string): Promise<void> {
    const agent = await loadAgent(this.db, this.index, userId);
    if (agent?.online) await this.assigner.drainAll(agent.teamIds);
  }

  /** `skip`: events known to need nothing, dropped before any promise is made (the chat hot path). */
  /** `track`: the handler's promise is kept under this key until it settles (see queuePosition). */
  private on<K extends keyof DomainEvents>(event: K, handler: (payload: DomainEvents[K]) => Promise<unknown>, skip?: (payload: DomainEvents[K]) => boolean, track?: (payload: DomainEvents[K]) => string): void {
    this.bus.on(event, (payload) => {
      if (this.stopped || skip?.(payload)) return;
      const p = (async () => {
        // Sockets read and customers answered first (server/after-io.ts); still tracked by settled().
        await afterPendingIo();
        await this.start();
        await handler(payload);
      })();
      this.inFlight.add(p);
      const key = track?.(payload);
      if (key) this.routing.set(key, p);
      void p.finally(() => {
        this.inFlight.delete(p);
        if (key && this.routing.get(key) === p) this.routing.delete(key);
      }).catch(() => undefined);
      return p.then(() => undefined);
    });
  }

  private async onConversationChanged(conversationId: string, change: DomainEvents['conversation.updated']['change']): Promise<void> {
    if (change === 'sla' || change === 'details') return;
    await this.refresh(conversationId);
    if (change === 'status') await this.sla.syncPause(conversationId);
  }

  /** `hot`: a chat message that ingest stored on a conversation it knew was open (see Ingest). */
  private async onMessage(messageId: number, conversationId: string, hot: boolean, startsReplyClock: boolean): Promise<void> {
    const direction = hot ? await this.sla.onOpenInbound(conversationId, startsReplyClock) : await this.sla.onMessage(messageId, conversationId);
    // A customer writing reopens a resolved or pending conversation without a status event;
    // on the hot path the conversation was already open, so nothing in the index changed.
    if (direction === 'in' && !hot) await this.refresh(conversationId);
  }

  /** Re-reads one conversation and assigns where it freed an agent or joined a queue. */
  private async refresh(conversationId: string): Promise<void> {
    const effect = await loadConversation(this.db, this.index, conversationId);
    await this.assigner.drainAll([...(effect.queuedTeam ? [effect.queuedTeam] : []), ...(effect.freedAgent ? this.index.agents.teamsOf(effect.freedAgent) : [])]);
  }

  private async onPresence(userId: string, presence: string): Promise<void> {
    const agent = await loadAgent(this.db, this.index, userId);
    if (presence === 'online') {
      if (agent) await this.assigner.drainAll(agent.teamIds);
    } else if (presence === 'offline') {
      const teams = await releaseAgent(this.deps, userId, 'agent went offline before replying; back to the queue at the original place');
      await this.assigner.drainAll(teams);
    }
  }
}
