// Measures the widget bundle as visitors download it (gzip level 9) against its 50 KB budget.
// `node scripts/widget-size.mjs` prints the size and exits 1 when over; the benchmark imports widgetGzipBytes.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

export const WIDGET_GZIP_LIMIT = 50 * 1024;

/** Gzipped size in bytes; throws if the bundle has not been built. */
export function widgetGzipBytes(file = 'dist/web/widget.js') {
  return gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bytes = widgetGzipBytes(process.argv[2]);
  console.log(`widget.js: ${(bytes / 1024).toFixed(1)} KB gzip (limit ${WIDGET_GZIP_LIMIT / 1024} KB)`);
  if (bytes > WIDGET_GZIP_LIMIT) process.exit(1);
}
