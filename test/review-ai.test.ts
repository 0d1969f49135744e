// Review AI: the reports of the bundled samples read by a reviewer (AI1 …). Each test holds one corrected behaviour
// and fails on the code before it; the known answers come from samples/*.log (and their .truth.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { messagesFor } from '../src/i18n/index.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { evidenceRows, shownEvidenceKeys } from '../src/render/evidence.js';
import type { Report } from '../src/report/model.js';
import { ROOT, report } from './helpers.js';

const SAMPLES = join(ROOT, 'samples');

const reports = new Map<string, Promise<Report>>();
/** The report of a sample in `lang`, made once per run of this file. */
function sampleReport(name: string, lang: 'en' | 'ja' = 'en'): Promise<Report> {
  const key = `${name} ${lang}`;
  let r = reports.get(key);
  if (r === undefined) reports.set(key, r = report([join(SAMPLES, name)], { year: 2026, lang }));
  return r;
}

/** The finding of `rule` in `r` (there must be one). */
function findingOf(r: Report, rule: string): Report['findings'][number] {
  const f = r.findings.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} finding`);
  return f;
}

test('AI1: deferred-flood.log, whose only outbound connect failures are timeouts, has no "Other connection failures" row', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await sampleReport('deferred-flood.log', lang);
    const f = findingOf(r, 'outbound-port-blocked');
    assert.equal(f.evidence.otherConnectFailures, undefined, JSON.stringify(f.evidence));
    const md = renderMarkdown(r);
    assert.doesNotMatch(md, lang === 'en' ? /Other connection failures/ : /その他の接続の失敗/);
    // The rest of the table is there.
    assert.match(md, lang === 'en' ? /\| Connections to port 25 that timed out \| 992 \|/ : /\| タイムアウトしたポート 25 への接続 \| 992 件 \|/);
  }
});

test('AI1: an older report\'s empty "Other connection failures" is not shown, alone or in compare\'s before/after table', () => {
  const old = { timeoutsDuringBlock: 992, otherConnectFailures: '' };
  const rows = evidenceRows('outbound-port-blocked', old, messagesFor('en'));
  assert.deepEqual(rows.map(([k]) => k), ['Connections to port 25 that timed out']);
  const now = { timeoutsDuringBlock: 10 };
  assert.deepEqual(shownEvidenceKeys('outbound-port-blocked', ['timeoutsDuringBlock', 'otherConnectFailures'], [old, now]), ['timeoutsDuringBlock']);
  // With failures to list, on either side, the row is shown.
  const listed = { otherConnectFailures: '4× Connection refused' };
  assert.deepEqual(shownEvidenceKeys('outbound-port-blocked', ['otherConnectFailures'], [old, listed]), ['otherConnectFailures']);
  assert.equal(evidenceRows('outbound-port-blocked', listed, messagesFor('ja'))[0]![0], 'その他の接続の失敗');
});
