// Runs the routing sweeps (overflow, SLA breaches, resync) on an interval. The clock is injected
// into the sweeps, so tests call tick() with a fake clock instead of waiting.
import type { Logger } from '../log.js';

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private task: () => Promise<void>, private everyMs: number, private log: Logger) {}

  start(): void {
    if (this.timer || this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    // A pending sweep must never keep the process alive on shutdown.
    this.timer.unref();
  }

  /** Runs the task now; a tick while one is running joins it instead of overlapping. */
  tick(): Promise<void> {
    this.running ??= this.task()
      .catch((err: unknown) => this.log.warn({ err }, 'routing sweep failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
