// compare and analyze --baseline: the comparison model, its renderers and the command line (README "Comparing two runs").

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze } from '../src/run.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { compareReports, failingFindings } from '../src/compare/compare.js';
import type { Comparison } from '../src/compare/model.js';
import { pairFindings } from '../src/compare/match.js';
import { renderCompareMarkdown } from '../src/compare/markdown.js';
import { renderComparisonJson } from '../src/compare/render.js';
import { resolveSide } from '../src/compare/load.js';
import { ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const GOLDEN = join(ROOT, 'test', 'golden', 'compare');
const FIX = join(ROOT, 'test', 'fixtures', 'compare');
// Paths as a user types them (relative to the repository), so that golden files name the same inputs everywhere.
process.chdir(ROOT);
const BEFORE_LOG = 'samples/incident.log';
const AFTER_LOG = 'samples/after-fix.log';

async function run(paths: string[]): Promise<Report> {
  const { report } = await analyze({ paths, jobs: 1, year: 2026, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test' });
  return report;
}

function compare(b: Report, a: Report, bp: string[], ap: string[]): Comparison {
  return compareReports(b, a, { version: 'test', before: { kind: 'logs', paths: bp }, after: { kind: 'logs', paths: ap } });
}

/** Byte-for-byte comparison with test/golden/compare/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    assert.fail(`golden file ${path} is missing: run UPDATE_GOLDEN=1 npm test and review the diff`);
  }
  assert.equal(actual, expected, `${name} differs from its golden file (UPDATE_GOLDEN=1 npm test rewrites it; review the diff)`);
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

let incident: Report;
let afterFix: Report;
let tmp: string;
/** report.json directories written by the CLI: plain, redacted with key one, with key two. */
const dirs = { before: '', after: '', redactedOne: '', redactedTwo: '', redactedOneAgain: '' };

before(async () => {
  [incident, afterFix] = await Promise.all([run([BEFORE_LOG]), run([AFTER_LOG])]);
  tmp = mkdtempSync(join(tmpdir(), 'mlf-compare-'));
  const analyzeTo = (name: keyof typeof dirs, log: string, extra: string[] = []): void => {
    dirs[name] = join(tmp, name);
    const res = cli(['analyze', log, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', dirs[name], ...extra]);
    assert.equal(res.status, 0, res.stderr);
  };
  analyzeTo('before', BEFORE_LOG);
  analyzeTo('after', AFTER_LOG);
  analyzeTo('redactedOne', BEFORE_LOG, ['--redact-key', 'key-one']);
  analyzeTo('redactedTwo', AFTER_LOG, ['--redact-key', 'key-two']);
  analyzeTo('redactedOneAgain', AFTER_LOG, ['--redact-key', 'key-one']);
});

// ------------------------------------------------------------------------------------------------ the sample pair

test('incident → after-fix: golden compare.md and compare.json', () => {
  const c = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  golden('compare.md', renderCompareMarkdown(c, 'Before and after'));
  golden('compare.json', renderComparisonJson(c));
});

test('incident → after-fix: the abuse is resolved, brute force reduced per hour, nothing new', () => {
  const c = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0 });
  // receivers-refusing comes after queue-cleanup now: its impact is the receivers' 145 own answers, no longer 836
  // with Postfix's 691 cached "delivery temporarily suspended" re-deferrals counted as refusals.
  assert.deepEqual(c.findings.map((f) => [f.rule, f.status]), [
    ['compromised-account', 'resolved'], ['queue-flood', 'resolved'], ['sasl-bruteforce', 'reduced'],
    ['queue-cleanup', 'resolved'], ['receivers-refusing', 'resolved'], ['backscatter', 'resolved'], ['relay-probing', 'resolved'],
  ]);
  // The brute force goes on from other IPs: matched by rule, compared by failed logins per hour.
  const bf = c.findings.find((f) => f.rule === 'sasl-bruteforce')!;
  assert.equal(bf.matchedBy, 'rule');
  assert.equal(bf.measure.before, 289);
  assert.equal(bf.measure.after, 92);
  assert.equal(bf.measure.beforePerHour, 3.85); // 289 / 75.03 h
  assert.equal(bf.measure.afterPerHour, 2.17); // 92 / 42.48 h
  assert.equal(bf.measure.changePct, -43.8); // 2.17 / 3.85 per hour, unrounded
  assert.match(bf.verdict, /^Reduced by 44%: sasl-bruteforce \(high\) on ips /);
  const ca = c.findings[0]!;
  assert.equal(ca.verdict, 'Resolved: compromised-account (critical) on saslUser info@example.jp: messages sent 304 (4.05 per hour) before, none after.');
  assert.equal(c.verdict.headline, 'Improved: 6 of the 7 findings of the before run resolved; 1 reduced (sasl-bruteforce -44%); no new finding.');

  const m = Object.fromEntries(c.totals.map((r) => [r.id, r]));
  assert.deepEqual([m.deferred!.before, m.deferred!.after, m.deferred!.delta], [1600, 8, -1592]);
  assert.deepEqual([m.deferred!.beforePerDay, m.deferred!.afterPerDay, m.deferred!.changePct], [511.8, 4.5, -99.1]);
  assert.deepEqual([m.bounceRate!.before, m.bounceRate!.after, m.bounceRate!.delta, m.bounceRate!.beforePerDay], [17.4, 0, -17.4, null]);
  assert.deepEqual([m.stillQueued!.before, m.stillQueued!.after, m.stillQueued!.changePct], [224, 0, -100]);
  assert.deepEqual([m.authFailures!.before, m.authFailures!.after], [251, 57]);
  assert.equal(c.rates.sameLength, false);
  assert.match(c.rates.note, /^The periods differ in length \(before 75 h, after 42\.5 h\): counts are compared as rates per hour and per day/);

  const users = c.movers.find((t) => t.id === 'saslUsers')!;
  assert.deepEqual(users.rows[0], {
    key: 'info@example.jp', detail: '', before: 304, after: 7, beforePerDay: 97.2, afterPerDay: 4, changePerDay: -93.3, status: 'down', approximate: false,
  });
  const reasons = c.movers.find((t) => t.id === 'deferralReasons')!;
  assert.equal(reasons.rows[0]!.status, 'gone');
  assert.equal(reasons.rows[0]!.detail, '4.7.0');
  assert.equal(c.hourly.before.length, incident.hourly.length);
  assert.equal(c.hourly.after[0]!.h, 0);
});

// ------------------------------------------------------------------------------------------------ rates

test('periods of different lengths are compared by rate: 100 deferrals in 10 h = 30 in 3 h (logs through the CLI)', () => {
  const out = join(tmp, 'rates');
  const res = cli(['compare', join(FIX, 'ten-hours.log'), join(FIX, 'three-hours.log'), '--year', '2026', '-j', '1', '-q', '-f', 'json,md', '-o', out,
    '--threshold', 'queue-flood.minDeferred=20', '--threshold', 'queue-flood.minStillQueued=20']);
  assert.equal(res.status, 0, res.stderr);
  const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison;
  assert.equal(c.before.period.hours, 10);
  assert.equal(c.after.period.hours, 3);
  const deferred = c.totals.find((r) => r.id === 'deferred')!;
  assert.deepEqual(
    [deferred.before, deferred.after, deferred.delta, deferred.beforePerHour, deferred.afterPerHour, deferred.beforePerDay, deferred.afterPerDay, deferred.changePct],
    [100, 30, -70, 10, 10, 240, 240, 0],
  );
  // A level is not a rate: 100 then 30 messages left in the queue is 70% fewer.
  const queued = c.totals.find((r) => r.id === 'stillQueued')!;
  assert.deepEqual([queued.before, queued.after, queued.beforePerDay, queued.changePct], [100, 30, null, -70]);
  // The same queue flood at the same rate: persisting, no change, although the total fell from 100 to 30.
  assert.equal(c.findings.length, 1);
  const f = c.findings[0]!;
  assert.deepEqual([f.rule, f.status, f.matchedBy, f.measure.before, f.measure.after, f.measure.beforePerHour, f.measure.afterPerHour, f.measure.changePct],
    ['queue-flood', 'persisting', 'subject', 100, 30, 10, 10, 0]);
  // Same rate per day: the reason and the recipient domain did not move.
  assert.deepEqual(c.movers.find((t) => t.id === 'deferralReasons')!.rows, []);
  assert.deepEqual(c.movers.find((t) => t.id === 'recipientDomains')!.rows, []);
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  assert.match(md, /\| Deferred delivery attempts \| 100 \| 30 \| -70 \| 240 \| 240 \| 0\.0% \|/);
  assert.match(md, /The periods differ in length \\\(before 10 h, after 3 h\\\)/);
});

test('rates from crafted reports: per hour and per day over each period, a short period counts as one hour', () => {
  const b = structuredClone(afterFix);
  const a = structuredClone(afterFix);
  b.period = { ...b.period, hours: 48 };
  a.period = { ...a.period, hours: 0.25 };
  b.totals = { ...b.totals, received: 96, rejected: 0 };
  a.totals = { ...a.totals, received: 6, rejected: 3 };
  const c = compare(b, a, ['b'], ['a']);
  const received = c.totals.find((r) => r.id === 'received')!;
  // 96 in 48 h = 2/h = 48/day; 6 in a quarter of an hour counts as 6 in one hour = 144/day: three times the rate.
  assert.deepEqual([received.beforePerHour, received.afterPerHour, received.beforePerDay, received.afterPerDay, received.changePct], [2, 6, 48, 144, 200]);
  const rejected = c.totals.find((r) => r.id === 'rejected')!;
  assert.equal(rejected.changePct, null, 'no base rate: no percentage');
  assert.equal(c.after.rateHours, 1);
  assert.match(c.rates.note, /a period shorter than an hour counts as one hour/);
});

// ------------------------------------------------------------------------------------------------ self-comparison

test('a run compared with itself: every finding persisting with 0% change, every delta 0, no mover', () => {
  const c = compare(incident, structuredClone(incident), [BEFORE_LOG], [BEFORE_LOG]);
  assert.equal(c.findings.length, incident.findings.length);
  for (const f of c.findings) {
    assert.equal(f.status, 'persisting', f.rule);
    assert.equal(f.matchedBy, 'subject', f.rule);
    assert.equal(f.measure.changePct, 0, f.rule);
    assert.equal(f.measure.before, f.measure.after, f.rule);
    assert.match(f.verdict, /^Persisting \(no change( per hour)?\): /);
  }
  assert.deepEqual(c.verdict.counts, { resolved: 0, reduced: 0, persisting: 7, new: 0 });
  assert.equal(c.verdict.headline, 'No change: all 7 findings of the before run persist at the same rate; no new finding.');
  for (const r of c.totals) {
    assert.equal(r.delta, 0, r.id);
    assert.equal(r.before, r.after, r.id);
    assert.equal(r.beforePerDay, r.afterPerDay, r.id);
    if (r.kind !== 'ratio') assert.equal(r.changePct, 0, r.id);
  }
  for (const t of c.movers) assert.deepEqual(t.rows, [], t.id);
  assert.equal(c.rates.sameLength, true);
  assert.deepEqual(failingFindings(c, ['new']), []);
  assert.equal(failingFindings(c, ['persisting']).length, 7);
});

// ------------------------------------------------------------------------------------------------ matching

function finding(rule: string, kind: string, value: string, evidence: Record<string, number | string>, impact: number): Finding {
  return { rule, severity: 'high', title: `${rule} ${value}`, subject: { kind, value }, firstAt: null, lastAt: null, evidence, examples: [], impact };
}

test('findings match by rule + subject; a subject naming one thing (an account) never matches another one', () => {
  const info = finding('compromised-account', 'saslUser', 'info@example.jp', { messages: 10 }, 10);
  const sales = finding('compromised-account', 'saslUser', 'sales@example.jp', { messages: 5 }, 5);
  assert.deepEqual(pairFindings([info], [sales]).map(([b, a, by]) => [b?.subject.value ?? null, a?.subject.value ?? null, by]),
    [['info@example.jp', null, null], [null, 'sales@example.jp', null]]);
});

test('findings whose subject changes naturally match by rule, and two kinds of one rule keep apart by their evidence', () => {
  const probing = finding('relay-probing', 'ips', '192.0.2.1, 192.0.2.2', { relayDenied: 16, probingIps: 2, ipsThatRelayedAnyway: 0, topIps: 'x' }, 16);
  const harvesting = finding('relay-probing', 'ips', '192.0.2.9', { unknownRecipientRejects: 40, harvestingIps: 1, acceptedRecipientsFromThem: 0, topIps: 'y' }, 40);
  const probingLater = finding('relay-probing', 'ips', '198.51.100.7 and 3 more', { relayDenied: 4, probingIps: 4, ipsThatRelayedAnyway: 0, topIps: 'z' }, 4);
  const pairs = pairFindings([harvesting, probing], [probingLater]);
  assert.deepEqual(pairs.map(([b, a, by]) => [b?.subject.value ?? null, a?.subject.value ?? null, by]),
    [['192.0.2.9', null, null], ['192.0.2.1, 192.0.2.2', '198.51.100.7 and 3 more', 'rule']]);
});

// ------------------------------------------------------------------------------------------------ refusals (exit 2)

test('reports of different schema versions are refused: exit 2, one line naming both versions', () => {
  const future = join(tmp, 'future');
  mkdirSync(future, { recursive: true });
  const r = JSON.parse(readFileSync(join(dirs.after, 'report.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(future, 'report.json'), JSON.stringify({ ...r, schemaVersion: 2 }));
  const res = cli(['compare', dirs.before, future, '-o', join(tmp, 'out-schema'), '-q']);
  assert.equal(res.status, 2);
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
  assert.match(res.stderr, /^maillog-forensics: cannot compare reports of different schema versions: before \(.*before\/report\.json\) is report schema 1, after \(.*future\/report\.json\) is report schema 2;/);
  // Both of a version this tool does not read: named too.
  const both = cli(['compare', future, future, '-o', join(tmp, 'out-schema2'), '-q']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /they are report schema 2 and this maillog-forensics reads report schema 1/);
  // Against a log analyzed now (schema 1), before anything is analyzed.
  const mixed = cli(['compare', future, AFTER_LOG, '--year', '2026', '-o', join(tmp, 'out-schema3'), '-q']);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /is report schema 2, after \(the log samples\/after-fix\.log\) is report schema 1/);
});

test('reports redacted with different keys, or one redacted and one not, are refused: exit 2, one line', () => {
  const keys = cli(['compare', dirs.redactedOne, dirs.redactedTwo, '-o', join(tmp, 'out-keys'), '-q']);
  assert.equal(keys.status, 2);
  assert.equal(keys.stderr.trim().split('\n').length, 1, keys.stderr);
  const fp = (k: string): string => (JSON.parse(readFileSync(join(k, 'report.json'), 'utf8')) as Report).redaction!.keyFingerprint;
  assert.notEqual(fp(dirs.redactedOne), fp(dirs.redactedTwo));
  assert.ok(keys.stderr.includes(`key fingerprint ${fp(dirs.redactedOne)}`) && keys.stderr.includes(`key fingerprint ${fp(dirs.redactedTwo)}`), keys.stderr);
  assert.match(keys.stderr, /the same name has different pseudonyms under different keys; make both with the same --redact-key/);

  const mixed = cli(['compare', dirs.before, dirs.redactedTwo, '-o', join(tmp, 'out-mixed'), '-q']);
  assert.equal(mixed.status, 2);
  assert.equal(mixed.stderr.trim().split('\n').length, 1, mixed.stderr);
  assert.match(mixed.stderr, /\(not redacted\) with after \(.*\) \(redacted, key fingerprint [0-9a-f]{8}\): pseudonyms never match real names/);

  // A log side gets the --redact-key given: it must be the key of the report side.
  const wrongKey = cli(['compare', dirs.redactedOne, AFTER_LOG, '--year', '2026', '--redact-key', 'key-two', '-o', join(tmp, 'out-wrongkey'), '-q']);
  assert.equal(wrongKey.status, 2);
  // The same key on both sides compares, and says so.
  const out = join(tmp, 'out-samekey');
  const same = cli(['compare', dirs.redactedOne, AFTER_LOG, '--year', '2026', '-j', '1', '--redact-key', 'key-one', '-f', 'json', '-o', out, '-q']);
  assert.equal(same.status, 0, same.stderr);
  const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison;
  assert.deepEqual(c.redaction, { keyFingerprint: fp(dirs.redactedOne), domains: false });
  assert.ok(!readFileSync(join(out, 'compare.json'), 'utf8').includes('186.78.183.59'), 'an IP of the before report is not redacted');
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0 });
});

test('sides that are not reports or logs are usage errors', () => {
  const empty = mkdtempSync(join(tmpdir(), 'mlf-compare-empty-'));
  const dir = cli(['compare', empty, dirs.after, '-q', '-o', join(tmp, 'out-x')]);
  assert.equal(dir.status, 2);
  assert.match(dir.stderr, /^maillog-forensics: before: .* is a directory without report\.json/);
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, '{"hello": 1}');
  const notReport = cli(['compare', bad, dirs.after, '-q', '-o', join(tmp, 'out-y')]);
  assert.equal(notReport.status, 2);
  assert.match(notReport.stderr, /bad\.json: not a maillog-forensics report\.json \(no schemaVersion\)/);
  const fmt = cli(['compare', dirs.before, dirs.after, '-f', 'csv', '-q', '-o', join(tmp, 'out-z')]);
  assert.equal(fmt.status, 2);
  assert.match(fmt.stderr, /unknown format "csv" \(known: json, md, html\)/);
  // Several log files for one side: comma-separated.
  assert.deepEqual(resolveSide('samples/rotated-plain/maillog.1,samples/rotated-plain/maillog', 'before'),
    { kind: 'logs', paths: ['samples/rotated-plain/maillog.1', 'samples/rotated-plain/maillog'] });
  assert.deepEqual(resolveSide(dirs.before, 'before'), { kind: 'report', path: join(dirs.before, 'report.json') });
});

// ------------------------------------------------------------------------------------------------ --fail-on (exit 3)

test('--fail-on new exits 3 when the after run has a new finding and 0 otherwise; --fail-on persisting counts reduced ones', () => {
  // after-fix → incident: the compromise is new.
  const worse = cli(['compare', dirs.after, dirs.before, '--fail-on', 'new', '-f', 'json', '-o', join(tmp, 'fail-new')]);
  assert.equal(worse.status, 3, worse.stderr);
  assert.match(worse.stderr, /--fail-on new: new compromised-account, /);
  const c = JSON.parse(readFileSync(join(tmp, 'fail-new', 'compare.json'), 'utf8')) as Comparison;
  assert.equal(c.verdict.counts.new, 6);
  // incident → after-fix: nothing new.
  const better = cli(['compare', dirs.before, dirs.after, '--fail-on', 'new', '-f', 'json', '-q', '-o', join(tmp, 'fail-none')]);
  assert.equal(better.status, 0, better.stderr);
  // The brute force goes on (reduced): persisting for --fail-on.
  const persisting = cli(['compare', dirs.before, dirs.after, '--fail-on', 'persisting,new', '-f', 'json', '-q', '-o', join(tmp, 'fail-persisting')]);
  assert.equal(persisting.status, 3);
  const unknown = cli(['compare', dirs.before, dirs.after, '--fail-on', 'resolved', '-q', '-o', join(tmp, 'fail-unknown')]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--fail-on: unknown kind "resolved" \(known: persisting, new\)/);
});

// ------------------------------------------------------------------------------------------------ outputs

test('compare writes compare.html, compare.md, compare.json; the HTML is self-contained with the overlay charts inline', () => {
  const out = join(tmp, 'all');
  const res = cli(['compare', dirs.before, dirs.after, '--title', 'ACME: before and after', '-o', out]);
  assert.equal(res.status, 0, res.stderr);
  assert.deepEqual(res.stdout.trim().split('\n').map((l) => l.slice(out.length + 1)).sort(), [
    'charts/compare-auth-failures-per-hour.svg', 'charts/compare-deferred-per-hour.svg', 'charts/compare-delivered-per-hour.svg',
    'charts/compare-queue-size.svg', 'compare.html', 'compare.json', 'compare.md',
  ]);
  const html = readFileSync(join(out, 'compare.html'), 'utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i, 'an external URL in src or href');
  assert.doesNotMatch(html, /<(?:img|link|iframe|object)\b/i);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.equal(html.match(/<svg /g)?.length, 4);
  assert.match(html, /<title>ACME: before and after<\/title>/);
  assert.match(html, /<span class="status st-reduced">reduced by 44%<\/span>/);
  assert.equal(html.match(/<span class="status st-resolved">resolved<\/span>/g)?.length, 12); // verdict + resolved section
  // compare.md links the chart files written with it, and names the periods' lengths.
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  assert.match(md, /^# ACME: before and after\n/);
  assert.match(md, /- \[Deferred delivery attempts, before and after\]\(charts\/compare-deferred-per-hour\.svg\)/);
  assert.match(md, /\| Messages received \| 507 \| 211 \| -296 \| 162 \| 119 \| -26\.5% \|/);
  // The summary line on stderr is the headline.
  assert.equal(res.stderr.trim(), 'Improved: 6 of the 7 findings of the before run resolved; 1 reduced (sasl-bruteforce -44%); no new finding.');
});

test('analyze --baseline adds the comparison to report.json, report.md and report.html; --fail-on works there too', () => {
  const out = join(tmp, 'baseline');
  const res = cli(['analyze', AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json,md,html', '-o', out, '--baseline', dirs.before, '--fail-on', 'persisting']);
  assert.equal(res.status, 3, res.stderr);
  const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  assert.ok(r.comparison, 'report.json has no comparison');
  assert.deepEqual(r.comparison.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0 });
  assert.deepEqual(r.comparison.before.source, { kind: 'report', paths: [join(dirs.before, 'report.json')] });
  assert.deepEqual(r.comparison.after.source, { kind: 'logs', paths: [AFTER_LOG] });
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  const at = md.indexOf('\n## Compared with the baseline\n');
  assert.ok(at > md.indexOf('\n## Findings\n') && at < md.indexOf('\n## Totals\n'), 'the section sits between Findings and Totals');
  assert.match(md, /### Verdict\n\n\*\*Improved: 6 of the 7 findings/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<li><a href="#compared-with-the-baseline">Compared with the baseline<\/a><\/li><li><a href="#totals">/);
  assert.match(html, /<section id="compared-with-the-baseline"[^>]*>\n<style>/);
  assert.doesNotMatch(html, /<script/i);

  // Without --baseline the report has no comparison; --fail-on alone is a usage error; a log is no baseline.
  const plain = cli(['analyze', AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'plain')]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal((JSON.parse(readFileSync(join(tmp, 'plain', 'report.json'), 'utf8')) as Report).comparison, undefined);
  const alone = cli(['analyze', AFTER_LOG, '--fail-on', 'new', '-q', '-o', join(tmp, 'alone')]);
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /--fail-on needs --baseline/);
  const logBaseline = cli(['analyze', AFTER_LOG, '--baseline', BEFORE_LOG, '-q', '-o', join(tmp, 'logbase')]);
  assert.equal(logBaseline.status, 2);
  assert.match(logBaseline.stderr, /--baseline: samples\/incident\.log is a log file/);
  // A redacted baseline with an unredacted run: refused before the analysis.
  const red = cli(['analyze', AFTER_LOG, '--baseline', dirs.redactedOne, '-q', '-o', join(tmp, 'redbase')]);
  assert.equal(red.status, 2);
  assert.match(red.stderr, /cannot compare the baseline \(.*\) \(redacted, key fingerprint [0-9a-f]{8}\) with this run \(not redacted\)/);
});

test('hostile log text stays text in compare.md and compare.html', async () => {
  const { renderCompareHtml } = await import('../src/compare/html.js');
  const evil = '<img src=x onerror=alert(1)> **RESOLVED** [x](http://evil.example/) `tick` | pipe \u001b[31m';
  const a = structuredClone(afterFix);
  a.findings = [...a.findings, finding('compromised-account', 'saslUser', evil, { messages: 3, topSenders: evil }, 3)];
  a.bySaslUser = [...a.bySaslUser, { ...a.bySaslUser[0]!, key: evil, messages: 50 }];
  const c = compare(afterFix, a, [AFTER_LOG], [AFTER_LOG]);
  assert.equal(c.findings.find((f) => f.status === 'new')?.after?.subject.value, evil);
  const md = renderCompareMarkdown(c, `Title ${evil}`);
  const prose = md.replace(/(`+)[^`][\s\S]*?\1/g, '');
  assert.doesNotMatch(prose, /<[a-z/!]/i);
  assert.ok(!md.includes('\u001b'), 'an ESC character reached compare.md');
  assert.doesNotMatch(prose, /\[x\]\(http/, 'a link from log text would be live Markdown (code spans show it as text)');
  const html = renderCompareHtml(c, { title: `Title ${evil}`, charts: [] });
  assert.doesNotMatch(html, /<img|<script|href="http/i);
  // Our status badges come only from our own markup, never from log text.
  assert.equal(html.match(/<span class="status st-new">/g)?.length, 2); // verdict line + its finding block
  assert.doesNotMatch(html, /class="status st-resolved"/);
});
