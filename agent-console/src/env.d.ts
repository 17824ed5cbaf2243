// esbuild turns CSS imported from TS into dist/web/console.css; the import itself has no value.
declare module '*.css';
