// At most one call per key per window: the first at once, the latest of the rest at the window's
// end. A busy conversation then costs its watchers a few updates a second, not one per message,
// and the last state always arrives.
export interface PerKeyThrottle<T> {
  call(key: string, value: T): void;
  stop(): void;
}

export function perKeyThrottle<T>(windowMs: number, run: (key: string, value: T) => void): PerKeyThrottle<T> {
  const open = new Map<string, { timer: NodeJS.Timeout; latest?: { value: T } }>();
  const close = (key: string) => {
    const entry = open.get(key)!;
    if (!entry.latest) return void open.delete(key);
    const { value } = entry.latest;
    entry.latest = undefined;
    entry.timer = setTimeout(() => close(key), windowMs);
    run(key, value);
  };
  return {
    call(key, value) {
      const entry = open.get(key);
      if (entry) return void (entry.latest = { value });
      open.set(key, { timer: setTimeout(() => close(key), windowMs) });
      run(key, value);
    },
    stop() {
      for (const { timer } of open.values()) clearTimeout(timer);
      open.clear();
    },
  };
}
