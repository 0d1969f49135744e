// Review AB, the findings left after F1–F5 (F6–F10), and the tool's version and build in report.json (F5's rest).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import type { Comparison } from '../src/compare/model.js';
import type { Finding } from '../src/types.js';
import { longestPause } from '../src/compare/rhythm.js';
import { ROOT, readJson, runCli as cli } from './helpers.js';
import { sentAs as sentAsLines } from './sent-as.js';

process.chdir(ROOT);
const BEFORE_LOG = 'samples/incident.log';
const AFTER_LOG = 'samples/after-fix.log';

let tmp: string;
let beforeDir: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlf-review-ab-rest-'));
  beforeDir = join(tmp, 'before');
  const res = cli(['analyze', BEFORE_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', beforeDir]);
  assert.equal(res.status, 0, res.stderr);
});

/** The lines of samples/after-fix.log from Nov 29 05:00 to 06:59: the reviewer's 1.6-hour after log. */
function twoHours(): string {
  const lines = readFileSync(AFTER_LOG, 'utf8').split('\n').filter((l) => /^Nov 29 0[56]:/.test(l));
  assert.equal(lines.length, 40);
  return `${lines.join('\n')}\n`;
}

test('F6: a 1.6-hour after log is too short to show that the before run\'s abuse stopped: "Unclear", its length and the pauses named (en, ja)', () => {
  const log = join(tmp, 'after-2h.log');
  writeFileSync(log, twoHours());
  for (const lang of ['en', 'ja'] as const) {
    const out = join(tmp, `short-${lang}`);
    const res = cli(['compare', beforeDir, log, '--year', '2026', '-j', '1', '-f', 'json', '-o', out, '--lang', lang, '--fail-on', 'persisting']);
    // Nothing fires after: --fail-on does not fail on "too short", as on "same rate".
    assert.equal(res.status, 0, res.stderr);
    const c = readJson<Comparison>(join(out, 'compare.json'));
    // Was "Fixed: 7 of the 7 findings of the before run fixed; no new finding."
    const account = c.findings.find((f) => f.rule === 'compromised-account')!;
    assert.equal(account.status, 'resolved');
    // The intruder's mail came in bursts: the hours of 25–28 Nov without any of it delivered, up to 21 in a row.
    assert.deepEqual(account.measure.afterWithoutFinding?.tooShort, { afterHours: 1.61, pauseHours: 21, expected: 6.5 });
    const backscatter = c.findings.find((f) => f.rule === 'backscatter')!;
    assert.equal(backscatter.measure.afterWithoutFinding?.tooShort?.pauseHours, 20);
    // A level (the queue emptied) is shown at the end of any log: no rhythm to wait for.
    assert.equal(c.findings.find((f) => f.rule === 'queue-cleanup')!.measure.afterWithoutFinding?.tooShort, undefined);
    if (lang === 'en') {
      assert.match(c.verdict.headline, /^Unclear: 7 of the 7 findings of the before run no longer found, but the after log covers only 1\.61 h, too short to show that compromised mail account, .* stopped/);
      assert.match(account.verdict, /^Unclear \(after log too short\): .*; but the after log covers only 1\.61 h and in the before run it paused for up to 21 h between its events: too short to show that it stopped/);
      assert.match(c.findings.find((f) => f.rule === 'receivers-refusing')!.verdict, /at the before rate it would hold about 3\.10 of them, too few to tell/);
      assert.match(res.stderr.split('\n')[0]!, /^Unclear: /);
    } else {
      assert.match(c.verdict.headline, /^判断保留: .*ただし対策後のログは 1\.61 時間分しかなく、.*が止まったことを示すには短すぎます/);
      assert.match(account.verdict, /^判断保留: 対策後のログが短すぎます: .*対策前の実行ではこの問題が最長 21 時間途切れていたため、止まったことはこの長さでは示せません/);
    }
  }
});

test('F6: the sample pair (42 h after) is long enough: "Fixed: 6 of the 7", no finding too short', () => {
  const out = join(tmp, 'pair');
  assert.equal(cli(['compare', beforeDir, AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', out]).status, 0);
  const c = readJson<Comparison>(join(out, 'compare.json'));
  assert.match(c.verdict.headline, /^Fixed: 6 of the 7 findings/);
  assert.deepEqual(c.findings.filter((f) => f.measure.afterWithoutFinding?.tooShort !== undefined).map((f) => f.rule), []);
  assert.match(c.findings.find((f) => f.rule === 'compromised-account')!.verdict, /with no sign of someone else at work/);
});

test('F6: longestPause reads the hours at 0 between the finding\'s events in its rule\'s series, and nothing without one', () => {
  const f = { rule: 'relay-probing', firstAt: '2026-11-25T10:40:45', lastAt: '2026-11-25T20:05:00' } as Finding;
  const row = (hour: string, rejected: number): Record<string, unknown> => ({ hour, rejected, deferred: 0, bounced: 0, expired: 0, authFailures: 0, dovecotAuthFailures: 0 });
  const hourly = [
    row('2026-11-25T09:00', 5), // before the finding's first event: not its pause
    row('2026-11-25T10:00', 1), row('2026-11-25T11:00', 0), row('2026-11-25T12:00', 2),
    // 13:00 to 19:00 missing: hours without a line
    row('2026-11-25T20:00', 1), row('2026-11-25T21:00', 0), row('2026-11-25T22:00', 0),
  ];
  assert.equal(longestPause(f, hourly), 7);
  assert.equal(longestPause({ ...f, rule: 'queue-deleted' }, hourly), null);
  assert.equal(longestPause({ ...f, firstAt: null }, hourly), null);
  assert.equal(longestPause(f, 'not a list'), null);
  // compromised-account's own series, absent in older reports: not known, rather than no pause.
  assert.equal(longestPause({ ...f, rule: 'compromised-account' }, hourly), null);
});

const sentAs = (user: string, ips: string[], n: number): string => sentAsLines(user, ips, n, { qidLetter: 'E', qidDigit: '2', messageId: 'rest', queuedAs: 'Y' });

test('F7: IPs the before run knew neither as the owner\'s nor as the intruder\'s sending as the account after: named, "Unclear", never "no sign of someone else" (en, ja)', () => {
  const fresh = ['45.77.10.1', '45.77.20.2', '45.77.30.3', '45.77.40.4'];
  const log = join(tmp, 'after-new-ips.log');
  writeFileSync(log, readFileSync(AFTER_LOG, 'utf8') + sentAs('info@example.jp', fresh, 4));
  for (const lang of ['en', 'ja'] as const) {
    const out = join(tmp, `new-ips-${lang}`);
    const res = cli(['compare', beforeDir, log, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', out, '--lang', lang]);
    assert.equal(res.status, 0, res.stderr);
    const c = readJson<Comparison>(join(out, 'compare.json'));
    const account = c.findings.find((f) => f.rule === 'compromised-account')!;
    // The rule does not fire below its minimum of IPs: resolved, but not a clean fix.
    assert.equal(account.status, 'resolved');
    assert.deepEqual(account.measure.carriedOver?.newSenders?.ips, fresh);
    assert.equal(account.measure.carriedOver?.newSenders?.count, 4);
    // The office address (198.51.100.40: the owner's before, and other users') is no new sender.
    assert.doesNotMatch(account.verdict, /no sign of someone else|他人が使っている兆候はありません|198\.51\.100\.40/);
    if (lang === 'en') {
      assert.match(account.verdict, /^Unclear \(sent as from IPs not known before\): .*; but 4 IPs the before run knew neither as the owner's nor as the intruder's send as it after \(45\.77\.10\.1, 45\.77\.20\.2, 45\.77\.30\.3, 45\.77\.40\.4[):].*to check with the owner/);
      assert.match(c.verdict.headline, /^Unclear: 6 of the 7 findings of the before run no longer found, but compromised mail account is used after from IPs the before run did not know/);
    } else {
      assert.match(account.verdict, /対策前の実行が所有者のものとも侵入者のものともしていない IP 4 件（45\.77\.10\.1、45\.77\.20\.2、45\.77\.30\.3、45\.77\.40\.4.*所有者に確認してください/);
      assert.match(c.verdict.headline, /^判断保留: /);
    }
  }
});

test('F8: compare given a shell glob\'s three words says that a side of several logs is one argument, and how to analyze them first', () => {
  const res = cli(['compare', 'reports/before', 'maillog.1', 'maillog', '-o', join(tmp, 'glob')]);
  assert.equal(res.status, 2);
  // Was "Unknown argument: maillog" alone.
  assert.match(res.stderr, /compare takes two runs, before then after, and was given 3: reports\/before maillog\.1 maillog\. A side of several logs is one argument, comma-separated: maillog-forensics compare reports\/before maillog\.1,maillog; or analyze the logs first \(maillog-forensics analyze maillog\.1 maillog --out reports\/after\)/);
  // A mistyped option is still named as such.
  const typo = cli(['compare', 'a', 'b', '--langg', 'en']);
  assert.match(typo.stderr, /Unknown argument: langg \(--langg: did you mean --lang\?\)/);
});

test('F9 and F10: the terminal summary carries each side\'s own warnings; a side report in another language is said in compare.md', () => {
  const afterDir = join(tmp, 'after-ja');
  assert.equal(cli(['analyze', AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '--lang', 'ja', '-o', afterDir]).status, 0);
  const path = join(afterDir, 'report.json');
  const r = readJson<Report>(path);
  r.warnings = [...r.warnings, 'gzip data is truncated: the report covers the part read before the error'];
  writeFileSync(path, JSON.stringify(r));
  const out = join(tmp, 'warned');
  const res = cli(['compare', beforeDir, afterDir, '-f', 'json,md', '-o', out, '--lang', 'en']);
  assert.equal(res.status, 0, res.stderr);
  // Was said in compare.md only.
  assert.match(res.stderr, /\n {2}Warning of the after report: gzip data is truncated: the report covers the part read before the error\n/);
  const c = readJson<Comparison>(join(out, 'compare.json'));
  assert.equal(c.checks.languages, 'The after report is in Japanese: its finding titles and subjects here are as it wrote them (analyze it again with --lang en for English ones).');
  assert.ok(readFileSync(join(out, 'compare.md'), 'utf8').includes('> **Note:** The after report is in Japanese'));
  // Both in the comparison's language: nothing said.
  const same = join(tmp, 'same-lang');
  assert.equal(cli(['compare', beforeDir, afterDir, '-q', '-f', 'json', '-o', same, '--lang', 'ja']).status, 0);
  assert.match(readJson<Comparison>(join(same, 'compare.json')).checks.languages ?? '', /^対策前のレポートは英語です: /);
});

test('version: tool.version is package.json\'s, tool.commit the build\'s stamp (same for --jobs 1 and 3); compare says when the builds differ', () => {
  const pkg = readJson<{ version: string }>(join(ROOT, 'package.json'));
  const stamp = join(ROOT, 'dist', 'build-info.json');
  const build = existsSync(stamp) ? readJson<{ commit: string; modified?: true }>(stamp) : null;
  const reports: string[] = [];
  for (const jobs of ['1', '3']) {
    const out = join(tmp, `version-${jobs}`);
    assert.equal(cli(['analyze', AFTER_LOG, '--year', '2026', '-j', jobs, '--range-bytes', '300000', '-q', '-f', 'json', '-o', out]).status, 0);
    reports.push(readFileSync(join(out, 'report.json'), 'utf8'));
  }
  assert.equal(reports[1], reports[0], 'report.json differs between --jobs 1 and --jobs 3');
  const r = JSON.parse(reports[0]!) as Report;
  assert.equal(r.tool.version, pkg.version);
  assert.equal(r.tool.commit, build?.commit);
  assert.equal(r.tool.modified, build?.modified);
  if (build !== null) {
    assert.match(build.commit, /^[0-9a-f]{40}$/);
    assert.ok(cli(['--version']).stdout.startsWith(`${pkg.version} (commit ${build.commit.slice(0, 12)}`));
  }
  // The same build on both sides: no note.
  const sameOut = join(tmp, 'same-build');
  assert.equal(cli(['compare', beforeDir, join(tmp, 'version-1'), '-q', '-f', 'json', '-o', sameOut]).status, 0);
  assert.equal(readJson<Comparison>(join(sameOut, 'compare.json')).checks.versions, null);
  // A before report of another version (hand-edited: an older build named no commit).
  const olderDir = join(tmp, 'older');
  const older = readJson<Report>(join(beforeDir, 'report.json'));
  older.tool = { name: 'maillog-forensics', version: '0.0.9' };
  // The before run's folder (the same command's output), its report.json replaced.
  cpSync(beforeDir, olderDir, { recursive: true });
  writeFileSync(join(olderDir, 'report.json'), JSON.stringify(older));
  const out = join(tmp, 'older-vs-now');
  const res = cli(['compare', olderDir, join(tmp, 'version-1'), '-f', 'json,md', '-o', out]);
  assert.equal(res.status, 0, res.stderr);
  const note = readJson<Comparison>(join(out, 'compare.json')).checks.versions ?? '';
  assert.match(note, /^The two reports come from different builds of maillog-forensics: before 0\.0\.9, naming no commit \(an older version, or a build outside a git checkout\); after /);
  assert.ok(res.stderr.includes(note));
  assert.ok(readFileSync(join(out, 'compare.md'), 'utf8').includes('different builds of maillog-forensics'));
});
