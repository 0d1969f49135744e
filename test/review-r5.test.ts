// Review R, R5 (and review Q, Q11): reports made with --redact-key left the before run's intruder IPs out
// (compromised-ips.txt is not written, and the finding's `lists` lost it), so compare could not check whether they still
// log in after the fix. The same two logs read "Not fixed", exit 3 with --fail-on persisting, unredacted, and
// "Unclear … could not be checked against the before run's intruder IPs", exit 0, redacted: a CI gate passed on a
// compromised mailbox. The verdict also said "no sign of someone else in its mail" and "not checked against the
// intruder's IPs, neither its mail …" in one sentence. Each test but the refusals failed on the code the review read
// (b5a61b3).
//
// The after log is samples/after-fix.log with two POP3 logins of info@example.jp from 101.82.15.105, one of the 43 IPs
// of the incident's compromised-ips.txt (the review's after-pop3.log, built here).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports } from '../src/compare/compare.js';
import { compareEn, compareJa } from '../src/i18n/compare.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { HEX, ROOT, redactionFingerprint, redactionHash } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-r5-'));
const INTRUDER = '101.82.15.105';
const KEY = 'K1';

/** The pseudonyms of src/report/redact.ts (HMAC-SHA256 of kind:value, 12 hex digits). */
const pseudonym = (kind: 'ip' | 'u', v: string, key = KEY): string => redactionHash(key, `${kind}:${v}`);
const ipOf = (ip: string): string => `ip-${pseudonym('ip', ip)}`;
const INFO = `user-${pseudonym('u', 'info')}@example.jp`;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

/** after-fix.log with the review's POP3 sessions of the intruder IP on Nov 29, in time order. */
function afterPop3(): string {
  const lines = [3, 4].flatMap((h) => [
    `Nov 29 0${h}:10:00 mail dovecot: pop3-login: Login: user=<info@example.jp>, method=PLAIN, rip=${INTRUDER}, lip=203.0.113.25, mpid=7100${h - 2}, TLS, session=<MTAxLjgyLjE1LjEw>`,
    `Nov 29 0${h}:11:00 mail dovecot: pop3(info@example.jp)<7100${h - 2}><MTAxLjgyLjE1LjEw>: Disconnected: Logged out in=1220 out=23810`,
  ]);
  const base = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  const k = (l: string): string => l.slice(4, 15).replace(/^ /, '0');
  const all = [...base, ...lines].map((l, i) => ({ l, i })).sort((x, y) => (k(x.l) < k(y.l) ? -1 : k(x.l) > k(y.l) ? 1 : x.i - y.i)).map((x) => x.l);
  const out = join(dir, 'after-pop3.log');
  writeFileSync(out, `${all.join('\n')}\n`);
  return out;
}

const AFTER = afterPop3();

/**
 * analyze LOG into dir/NAME (-j 1, --year 2026, the default --top as a user runs it), with `extra` options, in the
 * formats the tests read: report.json, and csv/ where a test reads it (the lists, compromised-ips.txt, are written
 * whatever the formats: src/render/index.ts renderReport).
 */
function analyzeTo(name: string, log: string, extra: string[] = [], formats = 'json'): string {
  const out = join(dir, name);
  const r = cli(['analyze', log, '--year', '2026', '-j', '1', '-q', '-f', formats, '-o', out, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return out;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const account = (c: Comparison): FindingMatch => c.findings.find((f) => f.rule === 'compromised-account' && f.before !== null)!;

const dirs = {
  incRed: analyzeTo('inc-red', INCIDENT, ['--redact-key', KEY], 'json,csv'),
  afterRed: analyzeTo('after-red', AFTER, ['--redact-key', KEY]),
  inc: analyzeTo('inc', INCIDENT),
  after: analyzeTo('after', AFTER),
  afterOtherKey: analyzeTo('after-k2', AFTER, ['--redact-key', 'K2']),
};

/** compare BEFORE AFTER into dir/NAME with --fail-on persisting,new: the exit status and compare.json (when written). */
function compareCli(name: string, before: string, after: string, extra: string[] = []): { status: number | null; stderr: string; c: Comparison | null } {
  const out = join(dir, name);
  const r = cli(['compare', before, after, '-q', '-f', 'json', '-o', out, '--fail-on', 'persisting,new', ...extra]);
  const path = join(out, 'compare.json');
  return { status: r.status, stderr: r.stderr, c: existsSync(path) ? readJson<Comparison>(path) : null };
}

function inProcess(b: Report, a: Report, messages = compareEn): Comparison {
  return compareReports(b, a, {
    version: 'test', before: { kind: 'report', paths: ['before/report.json'] }, after: { kind: 'report', paths: ['after/report.json'] }, messages,
  });
}

test('R5: a redacted report keeps the intruder IPs as pseudonyms in report.json, and still writes no compromised-ips.txt', () => {
  const plain = readJson<Report>(join(dirs.inc, 'report.json'));
  const red = readJson<Report>(join(dirs.incRed, 'report.json'));
  const list = plain.findings.find((f) => f.rule === 'compromised-account')!.lists!['compromised-ips.txt']!;
  assert.equal(list.length, 43);
  assert.ok(list.includes(INTRUDER));
  const f = red.findings.find((x) => x.rule === 'compromised-account')!;
  assert.equal(f.lists?.['compromised-ips.txt'], undefined);
  assert.deepEqual(f.pseudonymLists, { 'compromised-ips.txt': list.map(ipOf) });
  assert.deepEqual(red.redaction, { keyFingerprint: redactionFingerprint(KEY), keyDerivation: 'scrypt', pseudonymHexDigits: 12, domains: false, pseudonymLists: true });
  assert.ok(existsSync(join(dirs.inc, 'compromised-ips.txt')));
  assert.ok(!existsSync(join(dirs.incRed, 'compromised-ips.txt')), 'a list of pseudonyms is never written');
  const text = readFileSync(join(dirs.incRed, 'report.json'), 'utf8');
  for (const ip of list) assert.ok(!text.includes(`"${ip}"`), ip);
  // Not a column of the CSV export either.
  assert.doesNotMatch(readFileSync(join(dirs.incRed, 'csv', 'findings.csv'), 'utf8').split('\n')[0]!, /pseudonymLists/);
});

test('R5: the redacted pair gives the unredacted pair\'s verdict, headline and exit code (3), with pseudonyms for the IP and the account', () => {
  const plain = compareCli('c', dirs.inc, dirs.after);
  const red = compareCli('c-red', dirs.incRed, dirs.afterRed);
  assert.equal(plain.status, 3, plain.stderr);
  assert.equal(red.status, 3, red.stderr);
  assert.match(red.c!.verdict.headline, /^Not fixed: 5 of the 7 findings of the before run fixed; .*1 still there; no new finding; 17 of the 43 intruder IPs \(compromised-ips\.txt\) still connect after: block them at the firewall\.$/);
  // Review AL, AL2: the account the after run's background guessing goes for is named, as its pseudonym when redacted.
  const sameAccount = (h: string): string => h.replace(/ for \S+, a real account /, ' for ACCOUNT, a real account ');
  assert.ok(red.c!.verdict.headline.includes(' for user-') && plain.c!.verdict.headline.includes(' for info@example.jp, a real account '));
  assert.equal(sameAccount(red.c!.verdict.headline), sameAccount(plain.c!.verdict.headline));
  assert.deepEqual(red.c!.verdict.counts, plain.c!.verdict.counts);
  const f = account(red.c!);
  assert.equal(f.status, 'persisting');
  assert.equal(f.measure.carriedOver!.unchecked, undefined);
  assert.equal(f.measure.carriedOver!.of, 43);
  assert.match(f.verdict, new RegExp(`still log in to it through Dovecot \\(2 logins: ${ipOf(INTRUDER)} POP3 2× from 2026-11-29 03:10:00\\): the password still works for them`));
  assert.ok(!f.verdict.includes(INTRUDER));
  // Word for word the unredacted verdict, the IP and the account as their pseudonyms.
  // Review AK, AK3: the IPs still connecting, named by the first 5 (ties by their text: the pseudonyms' order is another).
  const named = /(still connect after the fix \()([^)]*)( and 11 more\))/;
  assert.match(f.verdict.match(named)![2]!, new RegExp(`^ip-${HEX}(, ip-${HEX}){4}$`));
  const expected = account(plain.c!).verdict.replaceAll(INTRUDER, ipOf(INTRUDER)).replaceAll('info@example.jp', INFO).replace(named, '$1…$3');
  assert.equal(f.verdict.replace(named, '$1…$3'), expected);
});

test('R5: the same check on log sides redacted by compare itself, with analyze --baseline, and in Japanese', () => {
  const logs = compareCli('c-logs', INCIDENT, AFTER, ['--year', '2026', '-j', '1', '--redact-key', KEY]);
  assert.equal(logs.status, 3, logs.stderr);
  assert.match(logs.c!.verdict.headline, /^Not fixed: /);
  assert.match(account(logs.c!).verdict, new RegExp(ipOf(INTRUDER)));
  // --redact with a random key: one key for both sides of one run.
  const random = compareCli('c-random', INCIDENT, AFTER, ['--year', '2026', '-j', '1', '--redact']);
  assert.equal(random.status, 3, random.stderr);

  const out = join(dir, 'base-red');
  const base = cli(['analyze', AFTER, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', out, '--redact-key', KEY, '--baseline', dirs.incRed, '--fail-on', 'persisting']);
  assert.equal(base.status, 3, base.stderr);
  assert.match(readJson<Report>(join(out, 'report.json')).comparison!.verdict.headline, /^Not fixed: /);

  const ja = compareCli('c-red-ja', dirs.incRed, dirs.afterRed, ['--lang', 'ja']);
  assert.equal(ja.status, 3, ja.stderr);
  assert.match(ja.c!.verdict.headline, /^未解決: /);
  assert.match(account(ja.c!).verdict, new RegExp(`${ipOf(INTRUDER)}`));
});

test('R5: different keys, or one side redacted and the other not, are refused (exit 2, the reason on one line): never a pass', () => {
  const keys = compareCli('c-keys', dirs.incRed, dirs.afterOtherKey);
  assert.equal(keys.status, 2);
  assert.equal(keys.c, null, 'nothing is written');
  assert.match(keys.stderr, /^maillog-forensics: cannot compare before \(.*\) \(redacted, key fingerprint [0-9a-f]{8}\) with after \(.*\) \(redacted, key fingerprint [0-9a-f]{8}\): the same name has different pseudonyms under different keys; make both with the same --redact-key\n$/);

  const mixed = compareCli('c-mixed', dirs.incRed, dirs.after);
  assert.equal(mixed.status, 2);
  assert.equal(mixed.c, null);
  assert.match(mixed.stderr, /\(redacted, key fingerprint [0-9a-f]{8}\) with after \(.*\) \(not redacted\): pseudonyms never match real names; make both with the same --redact-key, or neither redacted\n$/);

  // A redacted before report with the after log analyzed without --redact-key.
  const log = compareCli('c-log', dirs.incRed, AFTER, ['--year', '2026']);
  assert.equal(log.status, 2);
  assert.match(log.stderr, /\(not redacted\): pseudonyms never match real names/);
});

test('R5: a redacted before report of an older version (no pseudonym list): "Unclear", the reason, and no "no sign of someone else"', () => {
  const old = readJson<Report>(join(dirs.incRed, 'report.json'));
  for (const f of old.findings) delete f.pseudonymLists;
  delete old.redaction!.pseudonymLists;
  const oldDir = join(dir, 'inc-red-old');
  mkdirSync(oldDir);
  writeFileSync(join(oldDir, 'report.json'), JSON.stringify(old));
  const r = compareCli('c-old', oldDir, dirs.afterRed);
  // Nothing was found: --fail-on passes, the headline says what could not be checked (docs/compare.md).
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.c!.verdict.headline, /^Unclear: 6 of the 7 findings of the before run no longer found, but compromised mail account could not be checked against the before run's intruder IPs \(see its verdict\); /);
  const f = account(r.c!);
  assert.equal(f.measure.carriedOver!.unchecked, 'no-list');
  // Review AK, AK1: its badge says "Unclear" as the headline does (was "Fixed" under an "Unclear" headline).
  assert.equal(f.verdict, `Unclear (intruder IPs not checked): Compromised mail account: ${INFO} (compromised-account, critical): messages sent 304 (4.05 per hour) before, 7 (0.16 per hour) after, below the rule's threshold; `
    + 'not checked against the intruder\'s IPs, neither its mail nor its Dovecot logins (IMAP, POP3, submission, ManageSieve): the before report lists none '
    + '(a redacted report made by an older version leaves compromised-ips.txt out: analyze the before log again with the same --redact-key).');
  const ja = account(inProcess(old, readJson<Report>(join(dirs.afterRed, 'report.json')), compareJa));
  assert.match(ja.verdict, /ルールのしきい値未満。侵入者の IP とは照合していません（送信も.*も）: 対策前のレポートに一覧がありません（旧版で匿名化したレポートは compromised-ips\.txt を省いています。/);
  assert.doesNotMatch(ja.verdict, /兆候はありません/);
});

test('R5: an unredacted before finding with no list of its own: "Unclear" with that reason, not a redaction it does not have', () => {
  const b = readJson<Report>(join(dirs.inc, 'report.json'));
  const f0 = b.findings.find((f) => f.rule === 'compromised-account')!;
  delete f0.lists;
  const c = inProcess(b, readJson<Report>(join(dirs.after, 'report.json')));
  const f = account(c);
  assert.equal(f.status, 'resolved');
  assert.equal(f.measure.carriedOver!.unchecked, 'none-listed');
  assert.match(f.verdict, /below the rule's threshold; not checked against the intruder's IPs, neither its mail nor its Dovecot logins \(IMAP, POP3, submission, ManageSieve\): the before finding lists none \(no compromised-ips\.txt: every IP that used the account since the guess is also another user's, or this server's\)\.$/);
  assert.doesNotMatch(f.verdict, /redact|no sign of someone else/);
  assert.match(c.verdict.headline, /^Unclear: /);
});

test('R5: the resolved verdict never says "no sign of someone else" over mail it did not check against the intruder\'s IPs (en, ja)', () => {
  for (const m of [compareEn, compareJa]) {
    for (const why of ['no-list', 'none-listed'] as const) {
      for (const count of [0, 7]) {
        const t = m.resolvedAfter({ rule: 'compromised-account', count, perHour: count === 0 ? '0.00' : '0.16', atLeast: false, sameRate: false, intrudersUnchecked: why });
        assert.doesNotMatch(t, /no sign of someone else|兆候はありません/, `${m.lang} ${why} ${count}: ${t}`);
        // With no mail after, only the logins are left unchecked: not "neither its mail".
        if (count === 0) assert.doesNotMatch(t, /neither its mail|送信も/, t);
        else assert.match(t, /neither its mail|送信も/, t);
      }
    }
  }
  // The mailbox alone not checked, the mail checked: the sentence that names what was checked stays.
  assert.match(compareEn.resolvedAfter({ rule: 'compromised-account', count: 7, perHour: '0.16', atLeast: false, sameRate: false, intrudersChecked: 43, mailboxChecked: 'no-table' }),
    /no sign of someone else in its mail, but see what was not checked, none of it from the 43 IPs/);
});
