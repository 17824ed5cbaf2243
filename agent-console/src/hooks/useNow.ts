// A clock that re-renders every `intervalMs`, for "waiting 5m" style labels.
import { useEffect, useState } from 'preact/hooks';

export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
