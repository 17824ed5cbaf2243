// The Customer 360 routes as the real server serves them (kept as a seam the suites share).
import type { TestServer } from '../../helpers/server.js';

export interface Harness {
  api: TestServer['api'];
  close(): Promise<void>;
}

export async function startHarness(server: TestServer): Promise<Harness> {
  return { api: server.api, close: async () => undefined };
}
