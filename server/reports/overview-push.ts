// Pushes the overview to supervisors after changes: debounced (a burst of events costs one build)
// yet bounded, so a continuous stream still shows up within maxWaitMs of its first change.

export interface OverviewPusher {
  /** Something changed; the overview goes out within maxWaitMs. */
  notify(): void;
  stop(): void;
}

export function createOverviewPusher<T>(build: () => Promise<T>, emit: (overview: T) => void, opts: { delayMs?: number; maxWaitMs?: number; onError?: (err: unknown) => void } = {}): OverviewPusher {
  const delay = opts.delayMs ?? 300;
  const maxWait = opts.maxWaitMs ?? 900;
  let timer: NodeJS.Timeout | null = null;
  let firstAt = 0;
  let building = false;
  let dirty = false;
  let stopped = false;

  async function flush(): Promise<void> {
    timer = null;
    firstAt = 0;
    if (building) return void (dirty = true); // one build at a time; the change is picked up after it
    building = true;
    try {
      emit(await build());
    } catch (err) {
      opts.onError?.(err);
    } finally {
      building = false;
      if (dirty && !stopped) {
        dirty = false;
        notify();
      }
    }
  }

  function notify(): void {
    if (stopped) return;
    const now = Date.now();
    if (!firstAt) firstAt = now;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(delay, firstAt + maxWait - now));
    timer = setTimeout(() => void flush(), wait);
    timer.unref?.();
  }

  return {
    notify,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
