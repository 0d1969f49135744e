// The chart thread (src/workers/chart-thread.ts): report.html's charts drawn on a worker of their own, with --jobs 2 or
// more, are the bytes the main thread draws; a thread that cannot start, ends, or answers wrong loses nothing (the main
// thread draws them), and a chart vega cannot draw fails as it does on the main thread.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartSpecs } from '../src/render/charts.js';
import { drawCharts } from '../src/render/chart-svg.js';
import type { DrawableChart } from '../src/render/chart-svg.js';
import { renderReport } from '../src/render/index.js';
import type { RenderedFile } from '../src/render/index.js';
import { messagesFor } from '../src/i18n/index.js';
import { startChartThread } from '../src/workers/chart-thread.js';
import { emptyReport, incidentReport, INCIDENT } from './fixtures/render/reports.js';
import { CLI, ROOT, filesUnder } from './helpers.js';

const failing = (name: string): string => fileURLToPath(new URL(`./fixtures/chart-thread/${name}.js`, import.meta.url));

const text = (files: RenderedFile[]): Array<[string, string]> => files.map((f) => [f.path, String(f.content)]);

test('the chart thread draws the bytes the main thread draws: the incident report in English and Japanese, an empty one', { skip: !existsSync(INCIDENT) }, async () => {
  for (const [what, report, lang] of [['incident', await incidentReport(), 'en'], ['incident ja', await incidentReport(), 'ja'], ['empty', await emptyReport(), 'en']] as const) {
    const specs = chartSpecs(report, messagesFor(lang));
    const fallbacks: string[] = [];
    const drawn = await startChartThread(undefined, (why) => fallbacks.push(why)).draw(specs);
    assert.deepEqual(fallbacks, [], `${what}: the thread drew them`);
    const inline = await drawCharts(specs);
    assert.equal(drawn.length, specs.length, what);
    drawn.forEach((svg, i) => assert.equal(svg, inline[i], `${what}: ${specs[i]!.id}`));
    assert.ok(drawn.every((svg) => svg.startsWith('<svg') && svg.includes('</svg>')), what);
  }
});

test('renderReport with the chart thread writes every file the main thread writes, byte for byte and in the same order', { skip: !existsSync(INCIDENT) }, async () => {
  const formats = ['json', 'html', 'md', 'csv'];
  const inline = await renderReport(await incidentReport(), formats, { title: 'Incident' });
  const thread = startChartThread();
  const drawnElsewhere = await renderReport(await incidentReport(), formats, { title: 'Incident', drawCharts: thread.draw });
  assert.deepEqual(text(drawnElsewhere), text(inline));
  assert.ok(inline.some((f) => f.path === 'charts/top-attacking-ips.svg') && inline.some((f) => f.path === 'report.html'));
  // Written through a sink as the CLI does (each format as soon as it may be): the same files in the same order.
  const sunk: RenderedFile[] = [];
  await renderReport(await incidentReport(), formats, { title: 'Incident', drawCharts: startChartThread().draw }, (files) => sunk.push(...files));
  assert.deepEqual(text(sunk), text(inline));
});

test('a chart thread that cannot start, ends when asked, or answers short: the main thread draws the charts, the same report', { skip: !existsSync(INCIDENT) }, async () => {
  const formats = ['json', 'html', 'md', 'csv'];
  const inline = text(await renderReport(await incidentReport(), formats, { title: 'Incident' }));
  const cases: Array<[string, string, RegExp]> = [
    ['no such entry', join(tmpdir(), 'no-such-chart-worker.js'), /chart thread (failed|did not start)/],
    ['entry throws', failing('throws-at-start'), /chart thread failed: chart thread entry broken on purpose/],
    ['ends when asked', failing('crash-on-job'), /chart thread ended \(exit code 7\) before its answer/],
    ['answers short', failing('answers-short'), /^1 charts drawn of 7$/],
  ];
  for (const [what, file, why] of cases) {
    const fallbacks: string[] = [];
    const thread = startChartThread(file, (w) => fallbacks.push(w));
    const files = await renderReport(await incidentReport(), formats, { title: 'Incident', drawCharts: thread.draw });
    assert.equal(fallbacks.length, 1, `${what}: drawn on the main thread once`);
    assert.match(fallbacks[0]!, why, what);
    assert.deepEqual(text(files), inline, what);
  }
});

test('a chart vega cannot draw fails on the chart thread as it does on the main thread; the thread draws once', async () => {
  // An unknown mark type: vega-lite's compile throws.
  const bad: DrawableChart[] = [{ id: 'bad', title: 'Bad', description: 'A mark vega-lite has not', spec: { data: { values: [{ a: 1 }] }, mark: 'no-such-mark' }, patterns: [] }];
  const inline = await drawCharts(bad).then(() => null, (err: Error) => err.message);
  assert.ok(inline !== null, 'vega-lite refuses the spec');
  const fallbacks: string[] = [];
  const thread = startChartThread(undefined, (why) => fallbacks.push(why));
  await assert.rejects(thread.draw(bad), (err: Error) => err.message === inline);
  assert.equal(fallbacks.length, 1);
  assert.ok(fallbacks[0]!.includes(inline), `the thread said why it drew nothing: ${fallbacks[0]}`);
  await assert.rejects(thread.draw([]), /draws once/);
});

test('analyze --jobs 2 writes the files of --jobs 1, report.html and charts/*.svg included (the chart thread drew them)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-chart-thread-'));
  try {
    const outputs: Array<Array<[string, string]>> = [];
    for (const jobs of ['1', '2']) {
      const out = join(dir, `jobs-${jobs}`);
      const run = spawnSync(process.execPath, [CLI, 'analyze', join(ROOT, 'samples', 'incident.log'), '--year', '2026', '--jobs', jobs, '-q', '--out', out],
        { encoding: 'utf8', env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' } });
      assert.equal(run.status, 0, run.stderr);
      // The timing lines say who drew the charts.
      assert.equal(/timing: charts from the chart thread/.test(run.stderr), jobs === '2', `jobs ${jobs}: ${run.stderr}`);
      outputs.push(filesUnder(out).map((f) => [relative(out, f.path), f.text]));
    }
    assert.deepEqual(outputs[1], outputs[0]);
    assert.ok(outputs[0]!.filter(([p]) => p.startsWith('charts/')).length >= 6, 'charts written');
    assert.match(readFileSync(join(dir, 'jobs-2', 'report.html'), 'utf8'), /<figure class="chart[^>]*>\n<svg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
