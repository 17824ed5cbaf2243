// Channel SDKs (Slack Bolt, Twilio, imapflow, nodemailer) cost tens of MB each once loaded; a
// server with no inbox of that channel should not pay for them. Adapters import their heavy
// modules with import() on first use, and mount their webhook routes through lazyRouter.
import { Router } from 'express';

/** Runs `load` once, on the first call; a failed load is tried again on the next call. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => (loading ??= load().catch((err: unknown) => {
    loading = null;
    throw err;
  }));
}

/** A router that builds the real one (and loads its modules) on the first request it sees. */
export function lazyRouter(build: () => Promise<Router>): Router {
  const real = once(build);
  const router = Router();
  router.use((req, res, next) => {
    real().then((r) => r(req, res, next), next);
  });
  return router;
}
