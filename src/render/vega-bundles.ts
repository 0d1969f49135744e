// vega and vega-lite loaded from the single-file builds their packages ship (vega/build/vega.js,
// vega-lite/build/vega-lite.min.js: UMD, the same version and code as their ES module builds), not through their ES
// module graphs. Node 20's ES module loader pays for every file it resolves, reads and links: vega's package entry
// imports ~30 vega-* and d3-* packages, a few hundred files, and `import('vega')` with `import('vega-lite')` took
// ~270 ms of a chart thread's start (docs/performance.md "Thirty-ninth session"), where the two files take ~100. Every
// run that writes report.html pays it once, on the chart thread or (--jobs 1) on the main thread; a small run's
// report.html waits for it.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

export type VegaModule = typeof import('vega');
export type VegaLiteModule = typeof import('vega-lite');

/**
 * A UMD file run as CommonJS: `factory(exports, require(…))`, with `require` answering `deps` only. Read as UTF-8:
 * vega.js holds d3-format's minus sign (U+2212) and SI prefix µ as characters.
 */
function runUmd(path: string, deps: Record<string, unknown>): unknown {
  const wrapped = `(function (exports, module, require) {${readFileSync(path, 'utf8')}\n})`;
  const fn = new Script(wrapped, { filename: path }).runInThisContext() as (e: object, m: object, r: (id: string) => unknown) => void;
  const module = { exports: {} as Record<string, unknown> };
  fn(module.exports, module, (id: string) => {
    if (id in deps) return deps[id];
    throw new Error(`${path} asked for "${id}"`);
  });
  return module.exports;
}

/**
 * vega and vega-lite from their single files; null when a package has none where expected (another version's
 * layout), for the caller to import them as modules instead.
 */
export function loadVegaBundles(): [VegaModule, VegaLiteModule] | null {
  const require = createRequire(import.meta.url);
  try {
    // Each package's entry is in its build/ folder, beside the single-file build.
    const vegaFile = join(dirname(require.resolve('vega')), 'vega.js');
    const liteFile = join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js');
    const vega = runUmd(vegaFile, {}) as VegaModule;
    if (typeof vega.View !== 'function' || typeof vega.parse !== 'function') return null;
    const lite = runUmd(liteFile, { vega }) as VegaLiteModule;
    if (typeof lite.compile !== 'function') return null;
    return [vega, lite];
  } catch {
    return null;
  }
}
