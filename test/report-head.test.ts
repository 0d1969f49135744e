// The first fields of an earlier report.json (src/report-head.ts), which analyze reads to say which run it replaced
// in --out: what JSON.parse of the whole file gives for them, without reading the tables; the whole file when the
// head is not as renderJson writes it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import { readReportHead } from '../src/report-head.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-report-head-'));

test('a report.json as analyze writes it: its head holds the inputs and period that the whole file holds, and no table', async () => {
  const path = join(dir, 'report.json');
  writeFileSync(path, renderJson(await report([join(ROOT, 'samples', 'incident.log')])));
  const whole = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const head = readReportHead(path)!;
  assert.deepEqual(head.inputs, whole.inputs);
  assert.deepEqual(head.period, whole.period);
  assert.equal((head.period as { from: string }).from, '2026-11-25T06:26:21');
  assert.equal(head.hosts, undefined, 'the tables are not read');
  assert.ok(Array.isArray(whole.hosts));
});

test('a report.json written otherwise is read whole; one that is no JSON object is none', () => {
  const compact = join(dir, 'compact.json');
  writeFileSync(compact, JSON.stringify({ hosts: [], inputs: [{ path: 'maillog' }], period: { from: 'a', to: 'b' } }));
  assert.deepEqual(readReportHead(compact), { hosts: [], inputs: [{ path: 'maillog' }], period: { from: 'a', to: 'b' } });
  // Indented, but the period after the tables (no period in the head): the whole file.
  const late = join(dir, 'late.json');
  writeFileSync(late, JSON.stringify({ inputs: [], hosts: [], period: { from: 'a', to: 'b' } }, null, 2));
  assert.deepEqual(readReportHead(late)?.period, { from: 'a', to: 'b' });
  // A head longer than the bytes read at first (thousands of inputs): the whole file.
  const long = join(dir, 'long.json');
  const inputs = Array.from({ length: 8000 }, (_, i) => ({ path: `/var/log/maillog-${i}.gz` }));
  writeFileSync(long, JSON.stringify({ inputs, period: { from: 'c', to: 'd' }, hosts: [] }, null, 2));
  assert.equal((readReportHead(long)?.inputs as unknown[]).length, 8000);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{\n  "inputs": [],\n  "period": {\n  "hosts": [');
  assert.equal(readReportHead(broken), null);
  const nul = join(dir, 'null.json');
  writeFileSync(nul, 'null\n');
  assert.equal(readReportHead(nul), null);
  assert.equal(readReportHead(join(dir, 'missing.json')), null);
});
