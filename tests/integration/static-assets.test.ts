// The browser-facing assets: /widget.js and the console's files are sent precompressed (brotli or
// gzip, as the client's Accept-Encoding prefers, with Vary), no source map is public, and the pages'
// CSP lets them connect only to their own origin and be framed by nobody.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../server/http/static.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const built = existsSync(path.join(WEB_DIST, 'widget.js'));

/** A raw GET: fetch would decompress the body and hide Content-Encoding's effect on the bytes. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const decode = (r: { headers: http.IncomingHttpHeaders; body: Buffer }) =>
  r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body;

describe.skipIf(!built)(`static assets${built ? '' : ' (skipped: dist/web is not built; run node scripts/build-web.mjs, npm test does)'}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server?.close();
  });

  const ASSETS = ['/widget.js', '/console/assets/console.js', '/console/assets/console.css'];

  it.each(ASSETS)('%s comes as brotli, gzip or plain, as Accept-Encoding asks, always with Vary', async (route) => {
    const original = readFileSync(path.join(WEB_DIST, path.basename(route)));
    const cases: [string, string | undefined][] = [['br, gzip, deflate', 'br'], ['gzip, deflate, br;q=0.5', 'gzip'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip'], ['identity', undefined], ['', undefined]];
    for (const [accept, encoding] of cases) {
      const res = await rawGet(server.url + route, accept ? { 'accept-encoding': accept } : {});
      expect(res.status, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(res.headers['content-type'], accept).toMatch(route.endsWith('.css') ? /^text\/css/ : /^(application|text)\/javascript/);
      expect(Number(res.headers['content-length']), accept).toBe(res.body.length);
      expect(decode(res).equals(original), accept).toBe(true);
      if (encoding) expect(res.body.length, `${route} ${encoding}`).toBeLessThan(original.length * 0.5);
    }
  });

  it('the widget stays loadable from any site, compressed', async () => {
    const res = await rawGet(server.url + '/widget.js', { 'accept-encoding': 'br' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toContain('public');
  });

  it('no source map is served or linked', async () => {
    for (const route of ['/widget.js.map', '/console/assets/console.js.map', '/console/assets/console.css.map']) expect((await rawGet(server.url + route)).status, route).toBe(404);
    for (const route of ASSETS) expect(decode(await rawGet(server.url + route)).toString('utf8'), route).not.toContain('sourceMappingURL');
  });

  it('asset names cannot reach outside the build folder', async () => {
    for (const route of ['/console/assets/..%2f..%2fpackage.json', '/console/assets/..%5c..%5cpackage.json', '/console/assets/nope.js', '/console/assets/.env']) expect((await rawGet(server.url + route)).status, route).toBe(404);
    // Two segments are no asset at all: the console's own page answers (its router shows "not found").
    const deeper = await rawGet(server.url + '/console/assets/%2e%2e/package.json');
    expect(deeper.body.toString('utf8')).not.toContain('"name": "switchboard"');
  });

  const cspOf = async (route: string) => {
    const res = await fetch(server.url + route);
    await res.text();
    return { csp: res.headers.get('content-security-policy') ?? '', xfo: res.headers.get('x-frame-options') };
  };
  const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));

  it('the console and the demo connect only to their own origin and cannot be framed', async () => {
    for (const route of ['/console', '/demo']) {
      const { csp, xfo } = await cspOf(route);
      expect(directive(csp, 'connect-src'), route).toBe("connect-src 'self'");
      expect(directive(csp, 'frame-ancestors'), route).toBe("frame-ancestors 'none'");
      expect(xfo, route).toBe('DENY');
    }
  });
});
