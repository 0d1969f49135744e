// `npm run build` runs this after tsc: the CLI's entry (dist/src/cli.js) and the two worker entries
// (dist/src/workers/scan-worker.js, chart-worker.js) are each replaced by one esbuild bundle of themselves and
// everything they import, written at the same path. Node 20 loads a graph of ES modules file by file: the CLI's ~300
// modules (the project's and yargs') took ~0.35 s of CPU before any work, a bundle ~0.05 s (the fortieth session:
// a json analyze of samples/incident.log 0.65 → 0.30 s of CPU). Every other compiled module stays as tsc wrote it:
// the tests import them one by one, and a worker started by an in-process analyze runs the bundled worker entry, which
// speaks the same wire format (the same source).
//
// vega and vega-lite stay outside: render/vega-bundles.ts runs their own single-file builds. A module that reads
// `import.meta.url` (our data files beside dist/, yargs' locales, createRequire's base) gets the URL of its own file,
// not the bundle's.

import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const distSrc = fileURLToPath(new URL('./', import.meta.url));
const ENTRIES = ['cli.js', join('workers', 'scan-worker.js'), join('workers', 'chart-worker.js')];

/** `import.meta.url` in each bundled file becomes that file's own URL, computed from the bundle's at run time. */
function ownModuleUrl(bundleDir: string): Plugin {
  return {
    name: 'own-module-url',
    setup(b) {
      b.onLoad({ filter: /\.(m?js|cjs)$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        let rel = relative(bundleDir, args.path).split(sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

for (const entry of ENTRIES) {
  const file = join(distSrc, entry);
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['vega', 'vega-lite'],
    // CommonJS packages inside the bundle (papaparse) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    sourcemap: 'linked',
    plugins: [ownModuleUrl(dirname(file))],
    logLevel: 'warning',
  });
}
