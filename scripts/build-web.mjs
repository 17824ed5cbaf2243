// Bundles the browser code with esbuild: the widget (one script for any website) and the console.
// Runs before `npm start` and `npm test`; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
mkdirSync('dist/web', { recursive: true });
const common = { bundle: true, minify: true, sourcemap: 'linked', target: ['es2020'], logLevel: 'warning', legalComments: 'none' };
const builds = [
  { ...common, entryPoints: ['widget/src/main.ts'], outfile: 'dist/web/widget.js', format: 'iife' },
  { ...common, entryPoints: ['agent-console/src/main.tsx'], outfile: 'dist/web/console.js', format: 'esm', jsx: 'automatic', jsxImportSource: 'preact' },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
