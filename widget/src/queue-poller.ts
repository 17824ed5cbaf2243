// Asks the server for the visitor's place in line while they wait for an agent, and shows it.
import type { Result } from './connection.js';
import type { Translate } from './i18n.js';
import { QUEUE_POLL_MS, queueText } from './queue.js';

export interface QueuePollerDeps {
  t: Translate;
  /** No agent has joined the visitor's open conversation yet. */
  waiting: () => boolean;
  /** The panel is open and the socket connected: only then is a request worth sending. */
  live: () => boolean;
  ask: () => Promise<Result<{ position: number; estimatedWaitSec: number }>>;
  show: (text: string | null) => void;
}

export class QueuePoller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;

  constructor(private d: QueuePollerDeps) {}

  start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.poll(), QUEUE_POLL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Hides the line at once when an agent has joined; no request. */
  sync(): void {
    if (!this.d.waiting()) this.d.show(null);
  }

  async poll(): Promise<void> {
    this.sync();
    if (!this.d.waiting() || !this.d.live() || this.busy) return;
    this.busy = true;
    const res = await this.d.ask().finally(() => (this.busy = false));
    // An agent may have joined while we waited for the answer.
    if (!this.d.waiting()) return this.d.show(null);
    if (res.ok) this.d.show(queueText(this.d.t, res.data.position, res.data.estimatedWaitSec));
  }
}
