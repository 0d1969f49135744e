// Review R (/tmp/revR/findings.md), R7 (and R6). R7b: with a before run made with --since, compare's cut note said
// all the after log's lines left out were "counted on the before side", though those before the before run's --since
// were counted on neither side. R7a: the same server's after log without Dovecot's own file, given to the before run
// only, was said to be maybe another server's. Each test fails on the code before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalTime } from '../src/time.js';
import { ROOT, report } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-rr2-'));
const OPTS = { jobs: 1, top: 0, formats: ['json' as const], allowPartial: false, progress: false, version: 'test' };
const sides = { version: 'test', before: { kind: 'logs' as const, paths: ['b'] }, after: { kind: 'logs' as const, paths: ['a'] } };

async function grown(name: string, filter: (line: string) => boolean = () => true): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const text = (readFileSync(INCIDENT, 'utf8') + readFileSync(AFTER_FIX, 'utf8')).split('\n').filter((l) => l === '' || filter(l)).join('\n');
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('R7b: a before run made with --since: the lines before its start are said to be counted on neither side (en, ja)', async () => {
  const { analyzeAfterSide } = await import('../src/compare/after-side.js');
  const { compareReports } = await import('../src/compare/compare.js');
  const { compareJa } = await import('../src/i18n/compare.js');
  const b = await report([INCIDENT], { year: 2026, since: parseLocalTime('2026-11-26T12:30') });
  assert.equal(b.since?.linesBefore, 2068);
  const a = (await analyzeAfterSide(b, [await grown('grown.log')], 2026, true, OPTS)).report;
  assert.equal(a.since?.linesBefore, 9576);
  const c = compareReports(b, a, sides);
  assert.equal(c.checks.cut, 'The after log is analyzed from 2026-11-28 09:28:17 on, the end of the before period: its 9,576 lines before that are '
    + 'left out (they are the before period, but 2,068 of them are from before the before run\'s start, its --since 2026-11-26 12:30:00, and so '
    + 'counted on neither side; the rest are counted on the before side; a message that began before is counted as partial).');
  assert.match(compareReports(b, a, { ...sides, messages: compareJa }).checks.cut ?? '',
    /そのうち 2,068 行は対策前の分析の開始（--since 2026-11-26 12:30:00）より前の行で、どちらの側でも数えていません。/);
  // Without --since on the before run: as before
  const whole = await report([INCIDENT], { year: 2026 });
  const a2 = (await analyzeAfterSide(whole, [await grown('grown2.log')], 2026, true, OPTS)).report;
  assert.match(compareReports(whole, a2, sides).checks.cut ?? '', /\(they are the before period, counted on the before side;/);
});

test('R7a: the same server\'s log grown, without the Dovecot lines the before run had from Dovecot\'s own file, is not said to be another server\'s', async () => {
  const { analyzeAfterSide } = await import('../src/compare/after-side.js');
  const { compareReports } = await import('../src/compare/compare.js');
  // The before run: the syslog file and Dovecot's own log file (log_path=/var/log/dovecot.log)
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(INCIDENT, 'utf8').split('\n');
  const dovecot = (l: string): boolean => / dovecot(\[\d+\])?: /.test(l);
  const maillog = join(dir, 'maillog');
  writeFileSync(maillog, lines.filter((l) => !dovecot(l)).join('\n'));
  const dovecotLog = join(dir, 'dovecot.log');
  writeFileSync(dovecotLog, lines.filter((l) => l !== '' && dovecot(l)).join('\n') + '\n');
  const b = await report([maillog, dovecotLog], { year: 2026 });
  assert.ok(b.hourly.reduce((n, h) => n + (h.dovecotLines ?? 0), 0) === 1133, 'the before run counts Dovecot\'s lines per hour');
  // The after log: the syslog file grown, with no Dovecot line
  const a = (await analyzeAfterSide(b, [await grown('grown-nodovecot.log', (l) => !dovecot(l))], 2026, true, OPTS)).report;
  assert.ok((a.since?.linesBefore ?? 0) > 8000);
  assert.match(compareReports(b, a, sides).checks.cut ?? '', /^The after log is analyzed from 2026-11-28 09:28:17 on, the end of the before period: its [\d,]+ lines before that are left out \(they are the before period, counted on the before side;/);
  // The lines left out, hour by hour, say which are Dovecot's
  const whole = await report([await grown('grown-all.log')], { year: 2026, since: parseLocalTime('2026-11-28T09:28:18') });
  assert.equal(whole.since?.hourly?.reduce((n, h) => n + (h.dovecotLines ?? 0), 0), b.hourly.reduce((n, h) => n + (h.dovecotLines ?? 0), 0));
});
