// Review AK, AK2 and AK3: the before run's intruder IPs (compromised-ips.txt of samples/incident.log, 43 IPs) that
// still reach the server after the fix. Counted with grep on samples/after-fix.log: 16 of the 43 connect again; 10 of
// them fail 19 SMTP logins, all as info@example.jp (`SASL PLAIN authentication failed … sasl_username=info@example.jp`,
// each with `dovecot: auth: passwd-file(info@example.jp,IP): Password mismatch`); the other 6 connect only (port 25,
// `auth=0/N`); none of the 61 IPs of blocklist-ips.txt appears. Its first 2 hours (`awk '$2==29 && $3 < "03:00"'`)
// hold one of them, 106.125.64.253, failing 3 logins as info@example.jp at 00:49, and no IMAP/POP3 login. compare
// said "none of them logged in" and "Fixed" (42 h), and "the after log has no Dovecot login at all, successful or
// failed, by anyone" (2 h). Every test fails on the code before the fix (6252375): no clientIpIndex, no stillTrying,
// the 2 h check 'no-dovecot' (the last one, whose no-dovecot check is unchanged, for its stillTrying counts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { compareEn, compareJa } from '../src/i18n/compare.js';
import { ROOT, report, runCli, compareReportPair } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-ak-'));

/**
 * The 10 intruder IPs failing logins after, with their failures (grep: 19 in all): most failures first, then most
 * connections (80.43.125.180 and 171.121.196.21 connect twice), then by IP as text.
 */
const FAILING: Array<[string, number]> = [
  ['80.43.125.180', 3], ['106.125.64.253', 3], ['146.78.11.168', 3], ['171.121.196.21', 2], ['116.94.40.111', 2], ['94.21.106.166', 2],
  ['156.101.53.60', 1], ['175.221.62.127', 1], ['186.126.255.140', 1], ['87.103.201.197', 1],
];
/** The 6 that only connect (each once, `auth=0/N` on port 25, no SASL line). */
const CONNECT_ONLY = ['167.72.51.148', '178.10.28.98', '187.157.62.204', '60.30.204.226', '82.104.130.191', '95.92.87.151'];

let beforeRun: Promise<Report> | undefined;
const before = (): Promise<Report> => (beforeRun ??= report([INCIDENT], { year: 2026, top: 50 }));
let after42Run: Promise<Report> | undefined;
const after42 = (): Promise<Report> => (after42Run ??= report([AFTER_FIX], { year: 2026, top: 50 }));
let after2Run: Promise<Report> | undefined;
/** after-fix.log's lines of Nov 29 before 03:00, as `awk '$2==29 && $3 < "03:00"'` gives them (31 lines). */
const after2 = (): Promise<Report> => (after2Run ??= (() => {
  const lines = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => { const f = l.split(/\s+/); return f[1] === '29' && (f[2] ?? '') < '03:00'; });
  assert.equal(lines.length, 31);
  const path = join(dir, 'after-2h.log');
  writeFileSync(path, lines.join('\n') + '\n');
  return report([path], { year: 2026, top: 50 });
})());

const compare = compareReportPair;

const account = (c: Comparison): FindingMatch => c.findings.find((f) => f.rule === 'compromised-account' && f.before !== null)!;

test('report.json clientIpIndex: every client IP of after-fix.log, the 16 intruder IPs with their failed logins and users', async () => {
  const r = await after42();
  const index = r.clientIpIndex!;
  assert.equal(index.complete, true);
  assert.equal(index.ips.length, 95);
  assert.equal(r.clientIpCounts.clientIps, 95);
  const list = new Set((await before()).findings.find((f) => f.rule === 'compromised-account')!.lists!['compromised-ips.txt']!);
  assert.equal(list.size, 43);
  const mine = index.ips.filter((x) => list.has(x.ip));
  assert.deepEqual(mine.filter((x) => x.failedLogins !== undefined).map((x) => [x.ip, x.failedLogins, x.users, x.usersTried]),
    FAILING.map(([ip, n]) => [ip, n, ['info@example.jp'], 1]));
  assert.deepEqual(mine.filter((x) => x.failedLogins === undefined).map((x) => [x.ip, x.connections, x.users]).sort(),
    CONNECT_ONLY.map((ip) => [ip, 1, undefined]).sort());
  // Past byClientIp's 50 rows (the 6 connecting only): the table cut at --top did not show them.
  const rows = new Set(r.byClientIp.map((x) => x.key));
  assert.deepEqual(CONNECT_ONLY.filter((ip) => rows.has(ip)), []);
  // None of the 61 IPs of the before run's blocklist-ips.txt.
  const block = (await before()).findings.find((f) => f.rule === 'sasl-bruteforce')!.lists!['blocklist-ips.txt']!;
  assert.equal(block.length, 61);
  assert.deepEqual(index.ips.filter((x) => block.includes(x.ip)), []);
});

test('42 h: 16 of the 43 intruder IPs still connect, 10 fail 19 logins as info@example.jp; a note on the fixed account', async () => {
  const c = compare(await before(), await after42());
  const f = account(c);
  // The password change held: still resolved, not a failed fix.
  assert.equal(f.status, 'resolved');
  assert.deepEqual(f.measure.carriedOver!.stillTrying, {
    count: 16, atLeast: false, ips: FAILING.map(([ip]) => ip),
    failing: 10, failedLogins: 19, users: ['info@example.jp'], usersTried: 1,
  });
  assert.equal(f.measure.carriedOver!.count, 0);
  assert.ok(f.verdict.endsWith('with no sign of someone else at work (below the rule\'s threshold), none of it from the 43 IPs the before run listed '
    + 'as the intruder\'s (compromised-ips.txt), and none of them logged in to it through Dovecot (IMAP, POP3, submission, ManageSieve); '
    + 'but 16 of the 43 IPs of compromised-ips.txt still connect after the fix (80.43.125.180, 106.125.64.253, 146.78.11.168, 171.121.196.21, '
    + '116.94.40.111 and 11 more) and 10 of them failed 19 logins, all as info@example.jp. The new password holds, but these IPs are not blocked: '
    + 'block the IPs of compromised-ips.txt at the firewall (a first step of the before report) and check that the block is in place.'), f.verdict);
  const ja = account(compare(await before(), await after42(), compareJa));
  assert.ok(ja.verdict.includes('。ただし compromised-ips.txt の IP 43 件のうち 16 件が対策後も接続しています（80.43.125.180、106.125.64.253、'
    + '146.78.11.168、171.121.196.21、116.94.40.111 ほか 11 件）。うち 10 件が、どれも info@example.jp としてログインに計 19 回失敗しています。'
    + '新しいパスワードは破られていませんが、これらの IP は遮断されていません。compromised-ips.txt の IP をファイアウォールで遮断し'
    + '（対策前のレポートの最初の手順の 1 つ）、遮断が効いていることを確認してください。'), ja.verdict);
});

test('2 h: Dovecot auth failures are Dovecot in the log; 106.125.64.253 still tries info@example.jp, 3 failed logins', async () => {
  const a = await after2();
  assert.equal(a.totals.dovecotLogins, 0);
  assert.equal(a.totals.dovecotLoginFailures, 0);
  assert.equal(a.totals.dovecotAuthFailures, 3);
  assert.equal(a.totals.authFailures, 3);
  const f = account(compare(await before(), a));
  const c = f.measure.carriedOver!;
  assert.deepEqual(c.mailbox, { checked: true, count: 0, logins: 0, atLeast: false, ips: [] });
  assert.deepEqual(c.stillTrying, {
    count: 1, atLeast: false, ips: ['106.125.64.253'], failing: 1, failedLogins: 3, users: ['info@example.jp'], usersTried: 1,
  });
  assert.ok(!f.verdict.includes('no Dovecot login at all'), f.verdict);
  assert.ok(f.verdict.includes('none after, and none of the 43 IPs the before run listed as the intruder\'s (compromised-ips.txt) logged in to it '
    + 'through Dovecot (IMAP, POP3, submission, ManageSieve); but 1 of the 43 IPs of compromised-ips.txt still connects after the fix '
    + '(106.125.64.253) and failed 3 logins as info@example.jp. The new password holds, but this IP is not blocked: block the IPs of '
    + 'compromised-ips.txt at the firewall (a first step of the before report) and check that the block is in place; but the after log covers only 1.97 h'), f.verdict);
  const ja = account(compare(await before(), a, compareJa));
  assert.ok(!ja.verdict.includes('1 件もありません'), ja.verdict);
  assert.ok(ja.verdict.includes('。ただし compromised-ips.txt の IP 43 件のうち 1 件が対策後も接続しています（106.125.64.253）。'
    + 'この IP は info@example.jp としてログインに計 3 回失敗しています。新しいパスワードは破られていませんが、この IP は遮断されていません。'), ja.verdict);
});

test('an after report of an older version (no clientIpIndex): what its cut client-IP tables show, as a lower bound', async () => {
  const { clientIpIndex: _, ...older } = await after42();
  const f = account(compare(await before(), older as Report));
  // byClientIp's 50 rows (52 with the rows kept below the cut) hold 8 of the 10 failing IPs; topAttackingIps 3 of them.
  assert.deepEqual(f.measure.carriedOver!.stillTrying, {
    count: 8, atLeast: true, ips: ['80.43.125.180', '106.125.64.253', '146.78.11.168', '171.121.196.21', '116.94.40.111', '94.21.106.166',
      '175.221.62.127', '186.126.255.140'],
    failing: 8, failedLogins: 17, users: ['info@example.jp'], usersTried: 1,
  });
  assert.match(f.verdict, /but at least 8 of the 43 IPs of compromised-ips\.txt still connect after the fix .* \(the after report, made by an older version, lists only its first client IPs: analyze the after log again to count them all\)\.$/);
});

test('a log without any Dovecot line is still "no Dovecot" (review S, S2 unchanged)', async () => {
  const lines = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '' && !l.includes(' dovecot: '));
  const path = join(dir, 'no-dovecot.log');
  writeFileSync(path, lines.join('\n') + '\n');
  const a = await report([path], { year: 2026, top: 50 });
  assert.equal(a.totals.dovecotAuthFailures, 0);
  const f = account(compare(await before(), a));
  assert.deepEqual(f.measure.carriedOver!.mailbox, { checked: false, why: 'no-dovecot' });
  // The SMTP AUTH failures are Postfix's own lines: the same 16 and 19.
  assert.equal(f.measure.carriedOver!.stillTrying!.count, 16);
  assert.equal(f.measure.carriedOver!.stillTrying!.failedLogins, 19);
});

// The headline (compare's first line on stderr) names them too: blocking them is left to do whatever the label, which
// stays "Fixed" / "Unclear" (the password change holds; the finding's status does not change).
test('headline: the intruder IPs still connecting after, 16 of 43 (42 h) and 1 of 43 (2 h), en and ja; the label unchanged', async () => {
  const c42 = compare(await before(), await after42());
  assert.equal(c42.verdict.headline, 'Fixed: 6 of the 7 findings of the before run fixed; password guessing reduced to the background: nobody '
    + 'logged in after, but 22 of the 92 failed logins after are for info@example.jp, a real account (2.17 failed logins per hour, before 3.85); no new finding; '
    + '16 of the 43 intruder IPs (compromised-ips.txt) still connect after: block them at the firewall.');
  const c2 = compare(await before(), await after2());
  assert.ok(c2.verdict.headline.startsWith('Unclear: 7 of the 7 findings of the before run no longer found, but '), c2.verdict.headline);
  assert.ok(c2.verdict.headline.endsWith('; no new finding; 1 of the 43 intruder IPs (compromised-ips.txt) still connects after: block it at the firewall.'),
    c2.verdict.headline);
  const ja42 = compare(await before(), await after42(), compareJa);
  assert.ok(ja42.verdict.headline.startsWith('解決: '), ja42.verdict.headline);
  assert.ok(ja42.verdict.headline.endsWith('新たな検出事項はありません。侵入者の IP（compromised-ips.txt）43 件のうち 16 件が対策後も接続しています。'
    + 'ファイアウォールで遮断してください。'), ja42.verdict.headline);
  const ja2 = compare(await before(), await after2(), compareJa);
  assert.ok(ja2.verdict.headline.startsWith('判断保留: '), ja2.verdict.headline);
  assert.ok(ja2.verdict.headline.endsWith('侵入者の IP（compromised-ips.txt）43 件のうち 1 件が対策後も接続しています。ファイアウォールで遮断してください。'),
    ja2.verdict.headline);
  // An older after report (no clientIpIndex): what its cut tables show, a lower bound.
  const { clientIpIndex: _, ...older } = await after42();
  assert.ok(compare(await before(), older as Report).verdict.headline
    .endsWith('; at least 8 of the 43 intruder IPs (compromised-ips.txt) still connect after: block them at the firewall.'));
});

test('headline on stderr: compare of the two reports, its first line', async () => {
  const out = mkdtempSync(join(tmpdir(), 'mlf-ak-cli-'));
  for (const [name, r] of [['before', await before()], ['after', await after2()]] as const) {
    mkdirSync(join(out, name));
    writeFileSync(join(out, name, 'report.json'), JSON.stringify(r));
  }
  const run = runCli(['compare', join(out, 'before'), join(out, 'after'), '-o', join(out, 'cmp')]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr.split('\n')[0]!, /^Unclear: .*; no new finding; 1 of the 43 intruder IPs \(compromised-ips\.txt\) still connects after: block it at the firewall\.$/);
});

// Review AK, AK7/AK8 follow-up: an after report whose clientIpIndex is complete says whether the IPs the before
// relay-probing and sasl-bruteforce findings named connected at all (grep: none of the 8 probers nor of the 61 of
// blocklist-ips.txt is in after-fix.log); without the index (or with complete false), the old "not known" wording.
test('relay probing and password guessing: none of the before run\'s IPs connected after (complete index), en and ja; not known without it', async () => {
  const c = compare(await before(), await after42());
  const relay = c.findings.find((f) => f.rule === 'relay-probing')!;
  const brute = c.findings.find((f) => f.rule === 'sasl-bruteforce' && f.before !== null)!;
  assert.ok(relay.verdict.includes('rejected probes 16 (0.21 per hour) before, 5 (0.12 per hour) after, below the rule\'s threshold; '
    + 'none of the 8 IPs the before run named connected after.'), relay.verdict);
  assert.ok(brute.verdict.includes('failed logins 289 (3.85 per hour) before, 92 (2.17 per hour) after; none of the 61 IPs the before run '
    + 'listed in blocklist-ips.txt connected after.'), brute.verdict);
  assert.equal(relay.measure.stillGoingOn!.connected, 0);
  const ja = compare(await before(), await after42(), compareJa);
  assert.ok(ja.findings.find((f) => f.rule === 'relay-probing')!.verdict.includes('で、ルールのしきい値未満。対策前の実行が名前を挙げた IP 8 件はどれも対策後に接続していません。'));
  // The index cut (complete false): as an older report, the cut tables' "not known".
  const a = await after42();
  const cut = { ...a, clientIpIndex: { ...a.clientIpIndex!, complete: false } } as Report;
  const old = compare(await before(), cut).findings.find((f) => f.rule === 'relay-probing')!;
  assert.ok(old.verdict.includes('none of the 8 IPs the before run named is in the after report\'s client-IP tables (cut at --top 50): '
    + 'whether they still probe beyond those rows is not known (--top 0 lists all, or compare with the after log itself).'), old.verdict);
});

// Review AK, AK8 follow-up: a before prober that connected after but is in no row of the tables cut at --top 50 (as 3
// of the 5 "Relay access denied" of after-fix.log are): the index's relayDenied says whether it probed; an index of an
// earlier build (no relayCounted) has no probes: "not known", the status unchanged.
test('relay probing: a before prober connected after past the cut rows: its probes from the index; not known from an earlier index', async () => {
  const a = await after42();
  assert.equal(a.clientIpIndex!.relayCounted, true);
  // after-fix.log's 5 "Relay access denied" are from 4 IPs (grep), none of them a before prober.
  assert.equal(a.clientIpIndex!.ips.reduce((n, x) => n + (x.relayDenied ?? 0), 0), 5);
  const withProber = (row: { ip: string; connections: number; relayDenied?: number }, counted = true): Report => {
    const { relayCounted: _, ...index } = a.clientIpIndex!;
    return { ...a, clientIpIndex: { ...index, ...(counted ? { relayCounted: true as const } : {}), ips: [...index.ips, row] } } as Report;
  };
  const relayOf = async (r: Report): Promise<FindingMatch> => compare(await before(), r).findings.find((f) => f.rule === 'relay-probing')!;
  const quiet = await relayOf(withProber({ ip: '116.244.39.244', connections: 1 }));
  assert.equal(quiet.status, 'resolved');
  assert.ok(quiet.verdict.endsWith('below the rule\'s threshold; 1 of the 8 IPs the before run named connected after, without probing.'), quiet.verdict);
  const probing = await relayOf(withProber({ ip: '116.244.39.244', connections: 1, relayDenied: 2 }));
  assert.equal(probing.status, 'persisting');
  assert.deepEqual(probing.measure.stillGoingOn!.items, [{ key: '116.244.39.244', events: 2 }]);
  const earlier = await relayOf(withProber({ ip: '116.244.39.244', connections: 1 }, false));
  assert.equal(earlier.status, 'resolved');
  assert.deepEqual([earlier.measure.stillGoingOn!.connected, earlier.measure.stillGoingOn!.unknown], [1, { ips: 1, top: 50 }]);
  assert.ok(earlier.verdict.endsWith('below the rule\'s threshold; 1 of the 8 IPs the before run named is in none of the after report\'s client-IP tables '
    + '(cut at --top 50): whether it still probes beyond those rows is not known (--top 0 lists all, or compare with the after log itself).'), earlier.verdict);
  assert.equal(compareEn.ipsConnected({ after: '5 after', complete: true, rule: 'relay-probing', list: 'topIps', of: 8, connected: 2 }),
    '5 after; 2 of the 8 IPs the before run named connected after, none of them probing');
  assert.equal(compareEn.ipsConnected({ after: '92', complete: false, rule: 'sasl-bruteforce', list: 'blocklist-ips.txt', of: 61, connected: 1 }),
    '92 after; 1 of the 61 IPs the before run listed in blocklist-ips.txt connected after, without failing a login');
  assert.equal(compareJa.ipsConnected({ after: 'x', complete: true, rule: 'relay-probing', list: 'topIps', of: 8, connected: 2 }),
    'x。対策前の実行が名前を挙げた IP 8 件のうち 2 件が対策後に接続しましたが、どれも試行はしていません');
});

