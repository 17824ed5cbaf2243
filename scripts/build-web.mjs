// Bundles the browser code with esbuild: the widget (one script for any website) and the console.
// Runs before `npm start` and `npm test`; `--watch` rebuilds on change. Every output is also written
// precompressed (.br, .gz) for the server to pick by Accept-Encoding. Source maps only with --watch or
// WEB_SOURCEMAPS=true: the server serves a map only if one was built, so none is public by default.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const OUT = 'dist/web';
const watch = process.argv.includes('--watch');
const maps = watch || /^(1|true|yes|on)$/i.test(process.env.WEB_SOURCEMAPS ?? '');
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** After each build: the .br and .gz siblings of every new output, so a stale one is never served. */
const precompress = {
  name: 'precompress',
  setup(build) {
    build.onEnd(async (result) => {
      const outputs = Object.keys(result.metafile?.outputs ?? {}).filter((f) => /\.(js|css)$/.test(f));
      await Promise.all(outputs.map(async (file) => {
        const data = await readFile(file);
        const [br, gzipped] = await Promise.all([
          brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gz(data, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
      }));
    });
  },
};

mkdirSync(OUT, { recursive: true });
// Maps (and compressed files) from an earlier build must not outlive the build that made them.
for (const f of readdirSync(OUT)) if (/\.(map|br|gz)$/.test(f)) rmSync(path.join(OUT, f));
const common = { bundle: true, minify: true, sourcemap: maps ? 'linked' : false, target: ['es2020'], logLevel: 'warning', legalComments: 'none', metafile: true, plugins: [precompress] };
const builds = [
  { ...common, entryPoints: ['widget/src/main.ts'], outfile: `${OUT}/widget.js`, format: 'iife' },
  { ...common, entryPoints: ['agent-console/src/main.tsx'], outfile: `${OUT}/console.js`, format: 'esm', jsx: 'automatic', jsxImportSource: 'preact' },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
