// vega and vega-lite from their single-file builds (render/vega-bundles.ts) draw the same SVG as their ES modules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadVegaBundles } from '../src/render/vega-bundles.js';
import { chartSpecs } from '../src/render/charts.js';
import { incidentReport } from './fixtures/render/reports.js';

const SILENT = { level: () => 0, error: () => SILENT, warn: () => SILENT, info: () => SILENT, debug: () => SILENT };

async function svgOf(vega: typeof import('vega'), vl: typeof import('vega-lite'), spec: unknown): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec as never, { logger: SILENT as never }).spec), { renderer: 'none', logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

test('the single-file builds are found, are the installed versions, and draw every chart of the incident report byte for byte as the modules', async () => {
  const bundles = loadVegaBundles();
  assert.ok(bundles !== null, 'vega/build/vega.js and vega-lite/build/vega-lite.min.js load');
  const [vega, vl] = bundles;
  const [mVega, mVl] = await Promise.all([import('vega'), import('vega-lite')]);
  assert.equal(vega.version, mVega.version);
  assert.equal(vl.version, mVl.version);
  const specs = chartSpecs(await incidentReport());
  assert.ok(specs.length >= 6);
  for (const c of specs) {
    const svg = await svgOf(vega, vl, c.spec);
    assert.match(svg, /^<svg[^>]*>/);
    assert.ok(svg.length > 1000, `${c.id}: a drawn chart`);
    assert.equal(svg, await svgOf(mVega, mVl, c.spec), c.id);
  }
});

test('the builds are read as UTF-8: the minus sign of d3-format (U+2212) and SI prefix µ come out as the modules draw them', async () => {
  const bundles = loadVegaBundles();
  assert.ok(bundles !== null);
  const [mVega, mVl] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = {
    data: { values: [{ k: 'a', v: -1500 }, { k: 'b', v: 0.000002 }] },
    mark: 'bar',
    encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative', axis: { format: 's' } } },
  };
  const svg = await svgOf(bundles[0], bundles[1], spec);
  assert.match(svg, /\u2212/, 'a negative tick with the minus sign');
  assert.equal(svg, await svgOf(mVega, mVl, spec));
});

