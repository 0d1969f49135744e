// Review Z (first-time user), Z19: report.html's summary tiles are red or amber only when a finding of that severity
// cites their number, and a report without findings says so in green.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { renderHtml } from '../src/render/html.js';
import { ROOT, report } from './helpers.js';
import { emptyReport } from './fixtures/render/reports.js';

const S = (name: string): string => join(ROOT, 'samples', name);

const cache = new Map<string, Promise<Report>>();
function run(path: string): Promise<Report> {
  let r = cache.get(path);
  if (r === undefined) cache.set(path, (r = report([path], { year: 2026 })));
  return r;
}

/** The summary tiles of report.html: "label=class" (class '' when neutral). */
function tiles(r: Report): string[] {
  const page = renderHtml(r, { title: 't', charts: [] });
  return [...page.matchAll(/<div class="kpi( [a-z]+)?"><div class="kpi-value[^"]*">[^<]*<\/div><div class="kpi-label">([^<]*)<\/div>/g)]
    .map((m) => `${m[2]}=${(m[1] ?? '').trim()}`);
}

test('Z19 tiles: neutral on a healthy log with one SMTP AUTH failure, 5 deferrals and a bounce; red where a critical or high finding cites the number', async () => {
  const healthy = await run(S('healthy.log'));
  assert.deepEqual([healthy.totals.authFailures, healthy.totals.deferred, healthy.totals.bounced], [1, 5, 1]);
  assert.deepEqual(tiles(healthy), ['Messages received=', 'Recipients delivered=', 'Deferred attempts=', 'Bounced or expired=', 'SMTP rejects=',
    'SMTP AUTH failures=', 'IMAP/POP3 login failures=', 'Still queued=']);
  // Background guessing (low) cites 57 SMTP AUTH and 35 IMAP/POP3 failures: a note, no alarm.
  const after = await run(S('after-fix.log'));
  assert.deepEqual(after.findings.map((f) => `${f.severity} ${f.rule}`), ['low sasl-bruteforce']);
  assert.ok(tiles(after).every((t) => t.endsWith('=')), tiles(after).join(', '));

  const incident = await run(S('incident.log'));
  // Relay probing (low) cites the 20 rejects: no colour; the rest is cited by critical and high findings.
  assert.deepEqual(tiles(incident), ['Messages received=', 'Recipients delivered=', 'Deferred attempts=bad', 'Bounced or expired=bad', 'SMTP rejects=',
    'SMTP AUTH failures=bad', 'IMAP/POP3 login failures=bad', 'Still queued=bad']);
  // A medium finding alone is amber, on its own number only: backscatter's bounces.
  const medium = { ...incident, findings: incident.findings.filter((f) => f.rule === 'backscatter'), overview: undefined };
  assert.equal(medium.findings[0]!.severity, 'medium');
  assert.deepEqual(tiles(medium).filter((t) => !t.endsWith('=')), ['Bounced or expired=warn']);
});

test('Z19 a report without findings has the green verdict and a green "no findings" badge; an empty log a grey one', async () => {
  const page = renderHtml(await run(S('healthy.log')), { title: 't', charts: [] });
  assert.match(page, /<span class="badge sev-none clean">no findings<\/span>/);
  assert.match(page, /<div class="verdict verdict-clean sev-none"><p><strong>No problem found in 21.4 hours of log \(2026-11-10 01:43 to 2026-11-10 23:06\)\.<\/strong>/);
  const empty = renderHtml(await emptyReport(), { title: 't', charts: [] });
  assert.match(empty, /<span class="badge sev-none">no findings<\/span>/);
  assert.match(empty, /<div class="verdict verdict-empty /);
});
