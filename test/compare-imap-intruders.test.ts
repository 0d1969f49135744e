// Review P, P3: after the fix, 6 of the 43 IPs the before run listed as the intruder's (compromised-ips.txt) log in to
// info@example.jp's mailbox over IMAP 18 times, and compare said "Fixed … none of it from the 43 IPs the before run
// listed as the intruder's" (its check read SMTP submissions only; the report held no IMAP/POP3 login by IP). The
// after logs are samples/after-fix.log with Dovecot lines of the shapes of the review's after-imap-intruders.log.
// Each test fails on the code the review read (f7d3acf): its report has no mailboxLoginsByUser and its verdict is
// "Resolved".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failingFindings } from '../src/compare/compare.js';
import { redactReport } from '../src/report/redact.js';
import { renderJson } from '../src/render/index.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { compareJa } from '../src/i18n/compare.js';
import { ROOT, parseLine, report, reportEveryWay, compareReportPair } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-p3-'));

/**
 * Six IPs of the before run's compromised-ips.txt (samples/incident.log), in the order they log in after. Five are the
 * review's; its 106.125.64.253 tries the old password in after-fix.log (Nov 29 00:49:12, "Password mismatch"), so the
 * after run's own mailbox-breach rule would see it log in: the last test. Here 118.199.114.97, absent from after-fix.log.
 */
const INTRUDERS = ['101.82.15.105', '118.199.114.97', '112.127.60.110', '112.25.61.3', '112.66.140.169', '113.14.69.111'];

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * An IMAP session of `user` from `ip` on Nov `day` at h:m, verbatim shapes of after-imap-intruders.log (the login
 * process's "Login:" line, then the mail process's "Logged out … body_bytes=2380011": the whole mailbox downloaded).
 */
function imapSession(day: number, h: number, m: number, user: string, ip: string, pid: number): string[] {
  const session = Buffer.from(ip).toString('base64').slice(0, 15);
  return [
    `Nov ${day} ${two(h)}:${two(m)}:00 mail dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=203.0.113.25, mpid=${pid}, TLS, session=<${session}>`,
    `Nov ${day} ${two(h)}:${two(m + 2)}:40 mail dovecot: imap(${user})<${pid}><${session}>: Disconnected: Logged out in=1220 out=2381044 deleted=0 expunged=0 trashed=0 hdr_count=412 hdr_bytes=288120 body_count=412 body_bytes=2380011`,
  ];
}

/** A classic stamp's sort key (November only, as the samples). */
function key(line: string): number {
  const d = Number(line.slice(4, 6));
  const [h, mi, s] = line.slice(7, 15).split(':').map(Number) as [number, number, number];
  return ((d * 24 + h) * 60 + mi) * 60 + s;
}

/** after-fix.log with `extra` lines merged in time order (a stable sort: a session's lines keep their order). */
function afterLog(extra: string[]): string {
  const base = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  return [...base, ...extra].map((l, i) => ({ l, i, k: key(l) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.l).join('\n') + '\n';
}

/** Each intruder IP three times, one hour apart, from Nov 29 03:10 on (18 logins), as in the review's log. */
function intruderLines(ips = INTRUDERS): string[] {
  const out: string[] = [];
  ips.forEach((ip, i) => {
    for (let j = 0; j < 3; j++) out.push(...imapSession(29, 3 + i * 3 + j, 10 + i, 'info@example.jp', ip, 7100 + i * 3 + j));
  });
  return out;
}

/** The owner's own phone on a new address (not one of the listed IPs), four times: no intruder. */
function newPhoneLines(): string[] {
  const out: string[] = [];
  for (let j = 0; j < 4; j++) out.push(...imapSession(30, 8 + j, 20, 'info@example.jp', '198.51.100.77', 7200 + j));
  return out;
}

let beforeReport: Promise<Report> | undefined;
const before = (): Promise<Report> => (beforeReport ??= report([INCIDENT], { year: 2026 }));

/**
 * after-fix.log with `extra` merged in, written as DIR/NAME, and its report. Analyzed once per file for each name,
 * lines and --top: several tests read the same after run (the callers copy a report before changing it, and
 * compare and redactReport leave theirs as they are).
 */
const afterOnce = new Map<string, Promise<Report>>();
function after(name: string, extra: string[], top = 0): Promise<Report> {
  const key = JSON.stringify([name, top, extra]);
  let r = afterOnce.get(key);
  if (r === undefined) {
    const path = join(dir, name);
    writeFileSync(path, afterLog(extra));
    afterOnce.set(key, r = report([path], { year: 2026, top }));
  }
  return r;
}

/** samples/after-fix.log alone (no lines added), analyzed once per file. */
let afterFixReport: Promise<Report> | undefined;
const afterFixAlone = (): Promise<Report> => (afterFixReport ??= report([AFTER_FIX], { year: 2026 }));

const compare = compareReportPair;

const account = (c: Comparison): FindingMatch => c.findings.find((f) => f.rule === 'compromised-account' && f.before !== null)!;

test('the before run lists the six IPs as the intruder\'s (compromised-ips.txt)', async () => {
  const f = (await before()).findings.find((x) => x.rule === 'compromised-account')!;
  const list = f.lists?.['compromised-ips.txt'] ?? [];
  assert.equal(list.length, 43);
  for (const ip of INTRUDERS) assert.ok(list.includes(ip), ip);
  assert.ok(!list.includes('198.51.100.77') && !list.includes('198.51.100.40'), 'the owner\'s addresses are not listed');
});

test('report.json mailboxLoginsByUser: per user the logins and client IPs, byte-identical for every split of the log', async () => {
  const r = await reportEveryWay(dir, 'imap-intruders-every-way.log', { text: () => afterLog(intruderLines()) });
  const info = r.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  const base = (await afterFixAlone()).mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  // The six IPs' 18 logins on top of the owner's own.
  assert.equal(info.logins, base.logins + 18);
  assert.equal(info.clientIps, base.clientIps + 6);
  const rows = info.topClientIps.filter((x) => INTRUDERS.includes(x.ip));
  assert.deepEqual(rows.map((x) => [x.ip, x.logins, x.protocol, x.firstAt, x.lastAt]), [
    ['101.82.15.105', 3, 'imap', '2026-11-29T03:10:00', '2026-11-29T05:10:00'],
    ['112.127.60.110', 3, 'imap', '2026-11-29T09:12:00', '2026-11-29T11:12:00'],
    ['112.25.61.3', 3, 'imap', '2026-11-29T12:13:00', '2026-11-29T14:13:00'],
    ['112.66.140.169', 3, 'imap', '2026-11-29T15:14:00', '2026-11-29T17:14:00'],
    ['113.14.69.111', 3, 'imap', '2026-11-29T18:15:00', '2026-11-29T20:15:00'],
    ['118.199.114.97', 3, 'imap', '2026-11-29T06:11:00', '2026-11-29T08:11:00'],
  ]);
  assert.match(rows[0]!.example!.text, /^Nov 29 03:10:00 mail dovecot: imap-login: Login: user=<info@example\.jp>, method=PLAIN, rip=101\.82\.15\.105, /);
  // The owner's address, with the most logins, comes first; users with more client IPs before others.
  assert.equal(info.topClientIps[0]!.ip, '198.51.100.40');
  const counts = r.mailboxLoginsByUser!.map((u) => u.clientIps);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
});

test('P3: six listed IPs logging in to the mailbox after the fix keep compromised-account persisting, named with their logins', async () => {
  const c = compare(await before(), await after('imap-intruders.log', intruderLines()));
  const f = account(c);
  assert.equal(f.status, 'persisting');
  assert.equal(f.after, null, 'the rule does not fire after: it reads sent mail');
  assert.deepEqual({ ...f.measure.carriedOver, mailbox: undefined, toCheck: undefined, stillTrying: undefined }, { kind: 'intruder-ips', count: 6, of: 43, atLeast: false, messages: 0, sending: 0, mailbox: undefined, toCheck: undefined, stillTrying: undefined });
  // Review AK, AK3: the 16 of after-fix.log still connecting, none of these six: a note besides.
  assert.deepEqual([f.measure.carriedOver!.stillTrying!.count, f.measure.carriedOver!.stillTrying!.failedLogins], [16, 19]);
  const mb = f.measure.carriedOver!.mailbox!;
  assert.ok(mb.checked);
  assert.deepEqual([mb.count, mb.logins, mb.atLeast], [6, 18, false]);
  assert.deepEqual(mb.ips.map((x) => x.ip), INTRUDERS);
  assert.match(f.verdict, /^Still there, below the rule's threshold: Compromised mail account: info@example\.jp \(compromised-account, critical\): messages sent 304 \(4\.05 per hour\) before, \d+ \([\d.]+ per hour\) after, below the rule's threshold, but 6 of the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\) still log in to it through Dovecot \(18 logins: 101\.82\.15\.105 IMAP 3× from 2026-11-29 03:10:00, 118\.199\.114\.97 IMAP 3× from 2026-11-29 06:11:00, .* and 1 more IP\): the password still works for them; the log cannot tell whether 101\.82\.15\.105, .* are the owner's own .*: to check with the owner; but 16 more of the 43 IPs of compromised-ips\.txt still connect after the fix \(.*\) and 10 of them failed 19 logins, all as info@example\.jp\. The new password holds, but .* check that the block is in place\.$/);
  assert.doesNotMatch(f.verdict, /none of it from|no sign of someone else/);
  assert.match(c.verdict.headline, /^Not fixed: /);
  assert.ok(failingFindings(c, ['persisting']).includes(f));
  // In Japanese too.
  const ja = account(compare(await before(), await after('imap-intruders.log', intruderLines()), compareJa));
  assert.match(ja.verdict, /43 件（compromised-ips\.txt）のうち 6 件が今も Dovecot 経由でログインしています（ログイン 18 回: 101\.82\.15\.105 から IMAP 3 回/);
});

test('P3 from the command line: compare of the two report.json exits 3 with --fail-on persisting,new', async () => {
  const b = join(dir, 'cli-before');
  const a = join(dir, 'cli-after');
  mkdirSync(b, { recursive: true });
  mkdirSync(a, { recursive: true });
  writeFileSync(join(b, 'report.json'), renderJson(await before()));
  writeFileSync(join(a, 'report.json'), renderJson(await after('imap-intruders.log', intruderLines())));
  const r = spawnSync(process.execPath, [CLI, 'compare', b, a, '-q', '-f', 'json', '-o', join(dir, 'cli-compare'), '--fail-on', 'persisting,new'], { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stderr);
  const c = JSON.parse(readFileSync(join(dir, 'cli-compare', 'compare.json'), 'utf8')) as Comparison;
  assert.match(c.verdict.headline, /^Not fixed: /);
});

test('a clean after (the owner\'s own clients, a new phone address among them) stays resolved and says the mailbox was checked', async () => {
  const a = await after('owner-only.log', newPhoneLines());
  // No false positive of the after run alone: the owner's new address is no finding of the account.
  assert.deepEqual(a.findings.filter((x) => x.subject.value === 'info@example.jp').map((x) => x.rule), []);
  assert.ok(a.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!.topClientIps.some((x) => x.ip === '198.51.100.77'));
  const f = account(compare(await before(), a));
  assert.equal(f.status, 'resolved');
  assert.equal(f.measure.carriedOver?.count, 0);
  assert.match(f.verdict, /after, with no sign of someone else at work \(below the rule's threshold\), none of it from the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\), and none of them logged in to it through Dovecot \(IMAP, POP3, submission, ManageSieve\); but 16 of the 43 IPs of compromised-ips\.txt still connect after the fix \(.*\) and 10 of them failed 19 logins, all as info@example\.jp\. The new password holds, but .* check that the block is in place\.$/);
});

test('an after report without mailbox logins (an older version) or with the user\'s IPs cut at --top says they were not checked', async () => {
  // Older version: no table. The same P3 log, so the intruders are there but cannot be seen: never "none of them".
  const p3 = await after('imap-intruders.log', intruderLines());
  const old = structuredClone(p3);
  delete old.mailboxLoginsByUser;
  const f = account(compare(await before(), old));
  assert.equal(f.status, 'resolved');
  assert.match(f.verdict, /below the rule's threshold, no sign of someone else in its mail, but see what was not checked, none of it from the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\); the Dovecot logins \(IMAP, POP3, submission, ManageSieve\) of the IPs the before run listed as the intruder's were not checked: the after report has no table of them \(made by an older version\); but 16 of the 43 IPs of compromised-ips\.txt still connect after the fix \(.*\) and 10 of them failed 19 logins, all as info@example\.jp\. The new password holds, but .* check that the block is in place\.$/);
  assert.doesNotMatch(f.verdict, /none of them logged in/);
  // Cut: only the owner's address shown of info@'s seven; none of the shown is an intruder's.
  const cut = structuredClone(p3);
  const row = cut.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  row.topClientIps = row.topClientIps.slice(0, 1);
  delete row.ips;
  delete row.ipsComplete;
  cut.mailboxLoginsByUser = [row];
  const g = account(compare(await before(), cut));
  assert.match(g.verdict, /were not checked: the after report lists only some of them \(made by an older version, cut at --top; --top 0 lists all\); but 16 of the 43 IPs of compromised-ips\.txt still connect after the fix .*\.$/);
  // Japanese.
  const ja = account(compare(await before(), old, compareJa));
  assert.match(ja.verdict, /Dovecot へのログイン（IMAP・POP3・submission・ManageSieve）は確認していません: 対策後のレポートにその表がありません/);
});

test('redacted reports: the before list is kept as pseudonyms, so the intruders\' logins are found under their pseudonyms (review R, R5)', async () => {
  const key = 'p3-test-key';
  const b = redactReport(await before(), { key, redactDomains: false });
  const a = redactReport(await after('imap-intruders.log', intruderLines()), { key, redactDomains: false });
  // The new table is redacted like every other: no address or user name of it left.
  const table = JSON.stringify(a.mailboxLoginsByUser);
  for (const ip of INTRUDERS) assert.ok(!table.includes(ip), ip);
  assert.ok(!table.includes('info@example.jp'));
  assert.match(table, /"ip":"ip-[0-9a-f]{12}"/);
  const f = account(compare(b, a));
  assert.equal(f.before!.lists?.['compromised-ips.txt'], undefined, 'no list to write');
  assert.equal(f.before!.pseudonymLists?.['compromised-ips.txt']?.length, 43);
  assert.equal(f.status, 'persisting');
  const plain = account(compare(await before(), await after('imap-intruders.log', intruderLines())));
  assert.equal(f.measure.carriedOver!.count, plain.measure.carriedOver!.count);
  assert.match(f.verdict, /but 6 of the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\) still log in to it through Dovecot \(18 logins: ip-[0-9a-f]{12} IMAP 3× from 2026-11-29 03:10:00, /);
  for (const ip of INTRUDERS) assert.ok(!f.verdict.includes(ip), ip);
});

test('an intruder IP that also failed the old password after the fix: the after run\'s own mailbox-breach sees it, compare persists', async () => {
  // 106.125.64.253 fails as info@example.jp in after-fix.log (Nov 29 00:49) and here logs in over IMAP from 03:10 on.
  const a = await after('imap-after-failures.log', intruderLines(['106.125.64.253']));
  const breach = a.findings.filter((x) => x.rule === 'mailbox-breach');
  assert.equal(breach.length, 1);
  assert.match(breach[0]!.title, /106\.125\.64\.253/);
  const c = compare(await before(), a);
  const f = account(c);
  assert.equal(f.status, 'persisting');
  assert.match(f.verdict, /but 1 of the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\) still log in to it through Dovecot \(3 logins: 106\.125\.64\.253 IMAP 3× from 2026-11-29 03:10:00\): the password still works for them; but 15 more of the 43 IPs of compromised-ips\.txt still connect after the fix \(.*\) and 9 of them failed 16 logins, all as info@example\.jp\. The new password holds, but .* check that the block is in place\.$/);
  assert.ok(failingFindings(c, ['persisting']).includes(f));
});

// --- Review Q ----------------------------------------------------------------------------------------------------

/** `n` other mailbox users, each reading mail from 5 addresses of 198.18.0.0/15 (an office or ISP server). */
function crowdLines(n: number): string[] {
  const out: string[] = [];
  for (let u = 0; u < n; u++) {
    for (let k = 1; k <= 5; k++) {
      out.push(`Nov 30 ${two(1 + (u % 20))}:${two(k * 5)}:00 mail dovecot: imap-login: Login: user=<user${u}@example.jp>, method=PLAIN, rip=198.18.${u}.${k}, lip=203.0.113.25, mpid=${9000 + u * 5 + k}, TLS, session=<c${u}x${k}>`);
    }
  }
  return out;
}

test('Q8: with the default --top on a server of more than 50 mailbox users, an intruder IP logging in keeps the account persisting', async () => {
  const a = await after('crowd.log', [...crowdLines(60), ...intruderLines(['101.82.15.105'])], 50);
  assert.equal(a.options.top, 50);
  // Every user is kept, with the compact list of its IPs; the detailed rows only for the first 50.
  assert.equal(a.mailboxLoginsByUser!.length, 60 + (await afterFixAlone()).mailboxLoginsByUser!.length);
  assert.equal(a.mailboxLoginsByUser!.filter((u) => u.topClientIps.length > 0).length, 50);
  const info = a.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  assert.deepEqual(info.topClientIps, []);
  assert.ok(info.ips!.includes('101.82.15.105'));
  assert.equal(info.ipsComplete, true);
  assert.deepEqual(info.ips, [...info.ips!].sort());
  const c = compare(await before(), a);
  const f = account(c);
  assert.equal(f.status, 'persisting');
  assert.match(f.verdict, /still log in to it through Dovecot \(at least 1 login: 101\.82\.15\.105 \(its logins are beyond the after report's detailed rows\)\)/);
  assert.match(c.verdict.headline, /^Not fixed: /);
  assert.ok(failingFindings(c, ['persisting']).includes(f));
});

test('Q8: a mailbox check not made is said even when the sending check was cut, and the headline is "Unclear", never "Fixed"', async () => {
  const a = await after('owner-only.log', newPhoneLines());
  const old = structuredClone(a);
  delete old.mailboxLoginsByUser;
  // byClientIp cut as on any real server: the sending check is not exact.
  old.options.top = 5;
  old.byClientIp = old.byClientIp.slice(0, 5);
  const c = compare(await before(), old);
  const f = account(c);
  assert.equal(f.status, 'resolved');
  assert.doesNotMatch(f.verdict, /no sign of someone else at work/);
  assert.match(f.verdict, /were not checked: the after report has no table of them/);
  assert.match(c.verdict.headline, /^Unclear: .*but compromised mail account could not be checked against the before run's intruder IPs/);
  assert.match(account(compare(await before(), old, compareJa)).verdict, /は確認していません/);
  assert.match(compare(await before(), old, compareJa).verdict.headline, /^判断保留: /);
});

test('Q9: an IP that only logs in after the fix (no mail, no failure) is named "to check with the owner"; one that sends is not', async () => {
  const c = compare(await before(), await after('one-reader.log', intruderLines(['101.82.15.105'])));
  const f = account(c);
  assert.equal(f.status, 'persisting');
  assert.deepEqual(f.measure.carriedOver!.toCheck, ['101.82.15.105']);
  assert.match(f.verdict, /the log cannot tell whether 101\.82\.15\.105, which only logs in after the fix \(no mail sent, no failed login\), is the owner's own .*: to check with the owner; but 16 more of the 43 IPs of compromised-ips\.txt still connect after the fix \(.*\) and 10 of them failed 19 logins, all as info@example\.jp\. The new password holds, but .* check that the block is in place\.$/);
  assert.match(account(compare(await before(), await after('one-reader.log', intruderLines(['101.82.15.105'])), compareJa)).verdict, /所有者に確認してください/);
});

test('Q10: submission and ManageSieve logins are called Dovecot logins, and ManageSieve names the filters to check', async () => {
  const lines = [
    'Nov 29 03:10:00 mail dovecot: managesieve-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=203.0.113.25, mpid=7301, TLS, session=<ms1>',
    'Nov 29 03:20:00 mail dovecot: submission-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=203.0.113.25, mpid=7302, TLS, session=<sub1>',
  ];
  const f = account(compare(await before(), await after('sieve.log', lines)));
  assert.equal(f.status, 'persisting');
  assert.doesNotMatch(f.verdict, /IMAP\/POP3/);
  // Review U, U3: one ManageSieve login and one submission login, not "MANAGESIEVE 2×" (the first login's protocol).
  assert.match(f.verdict, /still log in to it through Dovecot \(2 logins: 101\.82\.15\.105 2× \(MANAGESIEVE 1, SUBMISSION 1\) from 2026-11-29 03:10:00\)/);
  assert.match(f.verdict, /a ManageSieve login can change the mailbox's Sieve filters/);
});

test('U3: an intruder IP whose first login was IMAP and which then pulled the mailbox over POP3 is named with both; ManageSieve after submission still names the filters', async () => {
  const lines = [
    'Nov 29 03:00:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=203.0.113.25, mpid=7300, TLS, session=<i0>',
    ...Array.from({ length: 50 }, (_, i) => `Nov 29 04:${two(i)}:00 mail dovecot: pop3-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=203.0.113.25, mpid=${7400 + i}, TLS, session=<p${i}>`),
    'Nov 29 05:10:00 mail dovecot: submission-login: Login: user=<info@example.jp>, method=PLAIN, rip=118.199.114.97, lip=203.0.113.25, mpid=7501, TLS, session=<s1>',
    'Nov 29 05:20:00 mail dovecot: submission-login: Login: user=<info@example.jp>, method=PLAIN, rip=118.199.114.97, lip=203.0.113.25, mpid=7502, TLS, session=<s2>',
    'Nov 29 05:30:00 mail dovecot: managesieve-login: Login: user=<info@example.jp>, method=PLAIN, rip=118.199.114.97, lip=203.0.113.25, mpid=7503, TLS, session=<m1>',
  ];
  const a = await after('u3-pop3.log', lines);
  const f = account(compare(await before(), a));
  assert.equal(f.status, 'persisting');
  const mb = f.measure.carriedOver!.mailbox!;
  assert.ok(mb.checked);
  assert.deepEqual(mb.ips.map((x) => [x.ip, x.logins, x.protocol, x.protocols]),
    [['101.82.15.105', 51, 'imap', { pop3: 50, imap: 1 }], ['118.199.114.97', 3, 'submission', { submission: 2, managesieve: 1 }]]);
  assert.match(f.verdict, /\(54 logins: 101\.82\.15\.105 51× \(POP3 50, IMAP 1\) from 2026-11-29 03:00:00, 118\.199\.114\.97 3× \(SUBMISSION 2, MANAGESIEVE 1\) from 2026-11-29 05:10:00\)/);
  // The ManageSieve login is not the IP's first: the filters are named all the same (they were not before).
  assert.match(f.verdict, /a ManageSieve login can change the mailbox's Sieve filters/);
  const jaF = account(compare(await before(), a, compareJa));
  assert.match(jaF.verdict, /101\.82\.15\.105 から 51 回（POP3 50 回、IMAP 1 回）、2026-11-29 03:00:00 から/);
  assert.match(jaF.verdict, /ManageSieve のログインではメールボックスの Sieve フィルター/);

  // An after report older than review U (no `protocols`): compare reads it as it did, the first login's protocol.
  const old = JSON.parse(JSON.stringify(a)) as Report;
  for (const u of old.mailboxLoginsByUser!) {
    delete (u as { protocols?: unknown }).protocols;
    for (const x of u.topClientIps) delete (x as { protocols?: unknown }).protocols;
  }
  const o = account(compare(await before(), old));
  assert.equal(o.status, 'persisting');
  const omb = o.measure.carriedOver!.mailbox!;
  assert.ok(omb.checked);
  assert.deepEqual(omb.ips.map((x) => [x.ip, x.logins, x.protocol, 'protocols' in x]), [['101.82.15.105', 51, 'imap', false], ['118.199.114.97', 3, 'submission', false]]);
  assert.match(o.verdict, /\(54 logins: 101\.82\.15\.105 IMAP 51× from 2026-11-29 03:00:00, 118\.199\.114\.97 SUBMISSION 3× from 2026-11-29 05:10:00\)/);
  assert.doesNotMatch(o.verdict, /ManageSieve/);
});

test('Q11: a redacted before report of an older version (no pseudonym list): the headline is "Unclear", not "Fixed"', async () => {
  const key = 'q11-test-key';
  const b = redactReport(await before(), { key, redactDomains: false });
  // As the versions before review R, R5 wrote it.
  for (const x of b.findings) delete x.pseudonymLists;
  delete b.redaction!.pseudonymLists;
  const c = compare(b, redactReport(await after('imap-intruders.log', intruderLines()), { key, redactDomains: false }));
  const f = account(c);
  assert.equal(f.status, 'resolved');
  assert.equal(f.measure.carriedOver!.unchecked, 'no-list');
  assert.doesNotMatch(f.verdict, /no sign of someone else/);
  assert.match(c.verdict.headline, /^Unclear: /);
  // The compact lists are pseudonyms too.
  assert.ok(!JSON.stringify(c).includes('101.82.15.105'));
});

test('Q12: behind a Dovecot proxy, "proxy(user): started proxying to …" is a login of the user from rip', async () => {
  const lines = [0, 1].map((j) => `Nov 29 0${3 + j}:10:00 mail dovecot: imap-login: proxy(info@example.jp): started proxying to 10.0.0.6:143: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=203.0.113.25, TLS, session=<px${j}>`);
  const a = await reportEveryWay(dir, 'proxy-every-way.log', { text: () => afterLog(lines) });
  const info = a.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  assert.deepEqual(info.topClientIps.filter((x) => x.ip === '101.82.15.105').map((x) => [x.logins, x.protocol]), [[2, 'imap']]);
  const f = account(compare(await before(), a));
  assert.equal(f.status, 'persisting');
  assert.match(f.verdict, /101\.82\.15\.105 IMAP 2× from 2026-11-29 03:10:00/);
});

// --- Review R, R6 ------------------------------------------------------------------------------------------------
// A login proxy and its backend in one log (a central syslog, a director and its backend on one host) log each login
// twice: /tmp/revR/inputs/proxy-backend.log, after-fix.log with these pairs, gave info@example.jp 4 logins from
// 101.82.15.105 for 2, and compare "still log in to it through Dovecot (4 logins …)".

/** The review's pair of lines of one session: the proxy's, then its backend's (trusted: the client's rip, the same session). */
function proxiedPair(h: number, session: string, proxyLip = '203.0.113.25', backendRip = '101.82.15.105', backendSession = session): string[] {
  return [
    `Nov 29 0${h}:10:00 mail dovecot: imap-login: proxy(info@example.jp): started proxying to 10.0.0.6:143: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=${proxyLip}, TLS, session=<${session}>`,
    `Nov 29 0${h}:10:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=${backendRip}, lip=10.0.0.6, mpid=4411, TLS, session=<${backendSession}>`,
  ];
}

test('R6: the proxy line names its backend and the address it was reached on; the backend\'s line is a plain login', () => {
  const [proxy, backend] = proxiedPair(3, 'pX0bQ8xW2ZvLg1X', '10.0.0.5');
  assert.deepEqual(parseLine(proxy!), { kind: 'dovecotLogin', protocol: 'imap', user: 'info@example.jp', ip: '101.82.15.105', lip: '10.0.0.5', backend: '10.0.0.6' });
  assert.deepEqual(parseLine(backend!), { kind: 'dovecotLogin', protocol: 'imap', user: 'info@example.jp', ip: '101.82.15.105', lip: '10.0.0.6', backend: '' });
  // 2.3's remote user ("/info", review R's proxy-remoteuser.log), duration (proxy-secs.log), master user; 2.4's "<host>";
  // an IPv6 backend loses its port only; a host name stays as the passdb wrote it.
  const backendOf = (to: string): unknown => (parseLine(`Nov 29 03:10:00 mail dovecot: imap-login: proxy(info@example.jp): ${to}: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, lip=203.0.113.25, TLS, session=<pX0bQ8xW2ZvLg1X>`) as { backend?: string } | null)?.backend;
  assert.equal(backendOf('started proxying to 10.0.0.6:143/info'), '10.0.0.6');
  assert.equal(backendOf('started proxying to 10.0.0.6:143 (0.012 secs)'), '10.0.0.6');
  assert.equal(backendOf('started proxying to 10.0.0.6:143 (master admin)'), '10.0.0.6');
  assert.equal(backendOf('Started proxying to <192.0.2.30> (0.012 secs)'), '192.0.2.30');
  assert.equal(backendOf('started proxying to 2001:db8::6:143'), '2001:db8::6');
  assert.equal(backendOf('started proxying to imap1.example.jp:143'), 'imap1.example.jp');
});

test('R6: a proxy\'s and its backend\'s line of one login count once, every split; compare says 2 logins, not 4', async () => {
  const base = await afterFixAlone();
  const baseInfo = base.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  const imapInfo = (r: Report): number => r.dovecotLoginsByUser.find((x) => x.key === 'imap info@example.jp')!.count;
  const a = await reportEveryWay(dir, 'proxy-backend-every-way.log', { text: () => afterLog([...proxiedPair(3, 'pX0bQ8xW2ZvLg1X'), ...proxiedPair(4, 'pX1bQ8xW2ZvLg1X')]) });
  const info = a.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  assert.deepEqual(info.topClientIps.filter((x) => x.ip === '101.82.15.105').map((x) => [x.logins, x.protocol, x.firstAt, x.lastAt]),
    [[2, 'imap', '2026-11-29T03:10:00', '2026-11-29T04:10:00']]);
  assert.deepEqual([info.logins, info.clientIps], [baseInfo.logins + 2, baseInfo.clientIps + 1]);
  assert.equal(imapInfo(a), imapInfo(base) + 2);
  assert.equal(a.totals.dovecotLogins, base.totals.dovecotLogins + 2);
  const f = account(compare(await before(), a));
  assert.equal(f.status, 'persisting');
  assert.match(f.verdict, /still log in to it through Dovecot \(2 logins: 101\.82\.15\.105 IMAP 2× from 2026-11-29 03:10:00\)/);
  // The backend's lines alone, and the proxy's alone, count as many.
  for (const pick of [0, 1]) {
    const one = await after(`proxy-side-${pick}.log`, [...proxiedPair(3, 'pX0bQ8xW2ZvLg1X'), ...proxiedPair(4, 'pX1bQ8xW2ZvLg1X')].filter((_, i) => i % 2 === pick));
    assert.deepEqual([one.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!.logins, imapInfo(one), one.totals.dovecotLogins],
      [info.logins, imapInfo(a), a.totals.dovecotLogins], `side ${pick}`);
  }
});

test('R6: a backend that does not trust the proxy logs the proxy as the client: that address is no client IP of the user', async () => {
  // The proxy reached on 10.0.0.5 (its lip), the backend logging rip=10.0.0.5 under a session of its own. Beside them:
  // a client on the internal network logging in straight to the backend, and a login at the proxy host to its own
  // address (a mailbox still kept there), which are logins.
  const extra = [
    ...proxiedPair(3, 'pX0bQ8xW2ZvLg1X', '10.0.0.5', '10.0.0.5', 'Qz3bQ8xW2ZvLg1Y'),
    ...proxiedPair(4, 'pX1bQ8xW2ZvLg1X', '10.0.0.5', '10.0.0.5', 'Qz4bQ8xW2ZvLg1Y'),
    'Nov 29 05:20:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=10.0.0.7, lip=10.0.0.6, mpid=4420, TLS, session=<Rk5bQ8xW2ZvLg1Z>',
    'Nov 29 05:30:00 mail dovecot: imap-login: Login: user=<sato@example.jp>, method=PLAIN, rip=10.0.0.5, lip=10.0.0.5, mpid=4421, session=<Sl6bQ8xW2ZvLg1Z>',
  ];
  const base = await afterFixAlone();
  const a = await reportEveryWay(dir, 'proxy-untrusted-every-way.log', { text: () => afterLog(extra) });
  const info = a.mailboxLoginsByUser!.find((u) => u.key === 'info@example.jp')!;
  const ipsOf = (r: Report, user: string): string[] => r.mailboxLoginsByUser!.find((u) => u.key === user)?.ips ?? [];
  assert.deepEqual(info.ips, [...ipsOf(base, 'info@example.jp'), '10.0.0.7', '101.82.15.105'].sort());
  const logins = (ip: string): number | undefined => info.topClientIps.find((x) => x.ip === ip)?.logins;
  assert.deepEqual([logins('101.82.15.105'), logins('10.0.0.7'), logins('10.0.0.5')], [2, 1, undefined]);
  assert.ok(ipsOf(a, 'sato@example.jp').includes('10.0.0.5'), 'a login to the proxy host\'s own address (lip 10.0.0.5, no backend) stays');
  // 2 proxied sessions, the internal client and the local login: 4 more than after-fix.log, not 6.
  assert.equal(a.totals.dovecotLogins, base.totals.dovecotLogins + 4);
  const f = account(compare(await before(), a));
  assert.match(f.verdict, /still log in to it through Dovecot \(2 logins: 101\.82\.15\.105 IMAP 2× from 2026-11-29 03:10:00\)/);
});
