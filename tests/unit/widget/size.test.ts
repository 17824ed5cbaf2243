import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The npm test script builds first; this reads the bundle and fails if it is missing or too big.
const FILE = path.resolve(import.meta.dirname, '../../../dist/web/widget.js');
const LIMIT = 50 * 1024;

describe('widget bundle size', () => {
  it('widget.js is at most 50 KB gzipped, socket.io-client included', async () => {
    expect(existsSync(FILE), `${FILE} is missing: run node scripts/build-web.mjs`).toBe(true);
    const mod = (await import('../../../scripts/widget-size.mjs' as string)) as { widgetGzipBytes(file?: string): number; WIDGET_GZIP_LIMIT: number };
    expect(mod.WIDGET_GZIP_LIMIT).toBe(LIMIT);
    const bytes = mod.widgetGzipBytes(FILE);
    expect(bytes).toBeGreaterThan(10_000); // a bundle that small has lost socket.io-client or the UI
    expect(bytes).toBeLessThanOrEqual(LIMIT);
  });
});
