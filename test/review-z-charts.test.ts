// Review Z (first-time user), Z14: the time charts mark the moment an account was taken over and a `postsuper -d ALL`
// with a labelled rule, and stack no retries with recipients. (The chart text at 390 px is checked in a browser by
// browser.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { chartEvents, chartSpecs, renderCharts } from '../src/render/charts.js';
import { ja } from '../src/i18n/ja.js';
import { CORPUS, ROOT, report } from './helpers.js';

const S = (name: string): string => join(ROOT, 'samples', name);
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;

const cache = new Map<string, Promise<Report>>();
function run(path: string): Promise<Report> {
  let r = cache.get(path);
  if (r === undefined) cache.set(path, (r = report([path], { year: 2026 })));
  return r;
}

const TIME_CHARTS = ['messages-per-hour', 'compromised-delivered-per-hour', 'deferrals-and-auth-failures-per-hour', 'queue-size'];

interface Rule { bin: string; bandPosition: number; color: string; labelled: boolean }

/** Every event rule of a chart spec (in each panel of a stacked chart), and the label texts drawn with them. */
function eventMarks(spec: unknown): { rules: Rule[]; labels: string[] } {
  const rules: Rule[] = [];
  const labels: string[] = [];
  JSON.stringify(spec, (_k, v: unknown) => {
    const o = v as { mark?: { type?: string; color?: string }; data?: { values?: Array<{ bin: string; text: string }> }; encoding?: { x?: { bandPosition?: number }; y2?: unknown } } | null;
    if (o !== null && typeof o === 'object' && o.encoding?.x?.bandPosition !== undefined) {
      const row = o.data!.values![0]!;
      if (o.mark?.type === 'rule') rules.push({ bin: row.bin, bandPosition: o.encoding.x.bandPosition, color: o.mark.color!, labelled: o.encoding.y2 !== undefined });
      if (o.mark?.type === 'text') labels.push(row.text);
    }
    return v;
  });
  return { rules, labels };
}

test('Z14 samples/incident.log: every time chart rules and labels the takeover of info@example.jp at 2026-11-25 23:41, nothing else', async () => {
  const r = await run(S('incident.log'));
  assert.deepEqual(chartEvents(r, ja), [{ at: '2026-11-25T23:41:08', kind: 'takeover', label: '11-25 23:41 info@example.jp の乗っ取り' }]);
  const specs = chartSpecs(r);
  assert.deepEqual(specs.filter((c) => TIME_CHARTS.includes(c.id)).map((c) => c.id), TIME_CHARTS);
  for (const c of specs) {
    const { rules, labels } = eventMarks(c.spec);
    if (!TIME_CHARTS.includes(c.id)) {
      assert.deepEqual(rules, [], `${c.id} is no time chart`);
      continue;
    }
    // 76 one-hour bins: 23:41 is 41/60 of the 23:00 bin's band. The two-panel charts rule both panels, label the first.
    const rule = { bin: '11-25 23:00', bandPosition: 0.683, color: '#9b1c1c' };
    const panels = c.id === 'queue-size' || c.id === 'compromised-delivered-per-hour' ? 1 : 2;
    assert.deepEqual(rules, [{ ...rule, labelled: true }, ...(panels === 2 ? [{ ...rule, labelled: false }] : [])], c.id);
    assert.deepEqual(labels, ['info@example.jp taken over 11-25 23:41'], c.id);
  }
  // Drawn, and the time axis keeps its labels (a layer's `axis: null` once dropped them all).
  const svgs = await renderCharts(r);
  for (const id of TIME_CHARTS) {
    const svg = svgs.find((c) => c.id === id)!.svg;
    assert.ok(svg.includes('>info@example.jp taken over 11-25 23:41</text>'), `${id}: the label`);
    assert.ok(svg.includes('>11-25 06:00</text>') && svg.includes('>11-28 06:00</text>'), `${id}: the time axis`);
  }
});

test('Z14 corpus incident: the takeover at 22:16 and postsuper -d ALL at 22:20, each on the bar of its minute', { skip: noCorpus }, async () => {
  const r = await run(CORPUS_INCIDENT);
  assert.deepEqual(chartEvents(r, ja).map((e) => [e.kind, e.at]), [['takeover', '2026-11-28T22:16:27'], ['deleted', '2026-11-28T22:20:49']]);
  const queue = chartSpecs(r).find((c) => c.id === 'queue-size')!;
  const { rules, labels } = eventMarks(queue.spec);
  // The log spans 6 minutes: 6 bins of a minute (review AG, AG6; it was one bin of the hour). Each 44 px bar stands for
  // its minute inside a 51.2 px band (step 64, 80% of it the band): 22:16:27 is at 0.5 + (27/60 − 0.5) × 44/51.2 of
  // the band of 22:16, 22:20:49 at 0.5 + (49/60 − 0.5) × 44/51.2 of the band of 22:20.
  // Each rule in two parts, above and below the bar's total (review AG, AG14).
  assert.deepEqual(rules.map((x) => [x.bin, x.bandPosition, x.color]), [['11-28 22:16', 0.457, '#9b1c1c'], ['11-28 22:16', 0.457, '#9b1c1c'],
    ['11-28 22:20', 0.772, '#1d2330'], ['11-28 22:20', 0.772, '#1d2330']]);
  assert.deepEqual(labels, ['info@example.jp taken over 11-28 22:16', 'postsuper -d ALL 11-28 22:20']);
});

test('Z14 samples/healthy.log and after-fix.log: no takeover, no postsuper -d ALL, no rule in any chart', async () => {
  for (const name of ['healthy.log', 'after-fix.log']) {
    const r = await run(S(name));
    assert.deepEqual(chartEvents(r, ja), [], name);
    for (const c of chartSpecs(r)) assert.deepEqual(eventMarks(c.spec), { rules: [], labels: [] }, `${name} ${c.id}`);
  }
});

test('Z14 delivery outcomes: recipients delivered and bounced stacked, SMTP rejects apart, deferred attempts (retries) not at all', async () => {
  const r = await run(S('incident.log'));
  const spec = chartSpecs(r).find((c) => c.id === 'messages-per-hour')!.spec as unknown as {
    data: { values: Array<{ panel: number; series: string; value: number }> }; vconcat: unknown[];
  };
  assert.equal(spec.vconcat.length, 2);
  const sums = new Map<string, number>();
  for (const v of spec.data.values) sums.set(`${v.panel} ${v.series}`, (sums.get(`${v.panel} ${v.series}`) ?? 0) + v.value);
  const total = (f: (h: Report['hourly'][number]) => number): number => r.hourly.reduce((n, h) => n + f(h), 0);
  assert.deepEqual([...sums], [
    ['0 Delivered (recipients)', total((h) => h.sent)],
    ['0 Bounced or expired (recipients)', total((h) => h.bounced + h.expired)],
    ['1 SMTP rejects', r.totals.rejected],
  ]);
  assert.equal(r.totals.rejected, 20);
  assert.equal(total((h) => h.bounced + h.expired), 194);
});
