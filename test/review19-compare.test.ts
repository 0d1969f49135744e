// Review 19 (an adversarial review of the before/after workflow, /tmp/revN/findings.md): the comparison's verdict on
// what a fix leaves behind. The before run is the bundled incident; each after log is the few lines, in real Postfix
// and Dovecot shapes, that make the case (the review's own inputs are a few thousand lines of normal traffic around them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports, failingFindings } from '../src/compare/compare.js';
import type { Comparison } from '../src/compare/model.js';
import type { Report } from '../src/report/model.js';
import { ROOT, report } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-r19-'));

let incident: Promise<Report> | undefined;
function before(): Promise<Report> {
  incident ??= report([INCIDENT], { year: 2026 });
  return incident;
}

/**
 * Each after log holds a Dovecot login of another mailbox, stamped as its first line (its period unchanged): an after log
 * with no Dovecot login at all cannot show the intruders' mailbox logins, and compare says so ('no-dovecot', "Unclear":
 * review S, S2), which is not what these tests are about.
 */
async function after(name: string, lines: string[]): Promise<Report> {
  const path = join(dir, name);
  const other = `${lines[0]!.slice(0, 15)} mail dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=198.51.100.99, lip=203.0.113.25, mpid=61001, TLS, session=<Zq0tHeRvAAAAAAAA>`;
  writeFileSync(path, `${[lines[0]!, other, ...lines.slice(1)].join('\n')}\n`);
  return report([path], { year: 2026 });
}

function compare(b: Report, a: Report): Comparison {
  return compareReports(b, a, { version: 'test', before: { kind: 'logs', paths: ['b'] }, after: { kind: 'logs', paths: ['a'] } });
}

const two = (n: number): string => String(n).padStart(2, '0');
/** A classic stamp of December `day`, `min` minutes after midnight. */
const at = (day: number, min: number, sec = 0): string => `Dec ${String(day).padStart(2, ' ')} ${two(Math.floor(min / 60) % 24)}:${two(min % 60)}:${two(sec)}`;

// ------------------------------------------------------------------------------------------------ H4

/** info@'s phone on the office address logs in, then keeps the old password for 30 tries (after-stale.log's lines). */
function stalePhone(): string[] {
  const out = [`${at(1, 440, 23)} mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=198.51.100.40, lip=203.0.113.25, mpid=62221, TLS, session=<Lzzr0IVhHMzGM2Qo>`];
  for (let i = 0; i < 30; i++) {
    const s = `AIAfNYdh${String(i).padStart(4, '0')}GM2Qo`;
    out.push(`${at(1, 540 + i * 10)} mail dovecot: auth: passwd-file(info@example.jp,198.51.100.40,<${s}>): Password mismatch`,
      `${at(1, 540 + i * 10, 2)} mail dovecot: imap-login: Disconnected: Aborted login (auth failed, 1 attempts in 2 secs): user=<info@example.jp>, method=PLAIN, rip=198.51.100.40, lip=203.0.113.25, TLS, session=<${s}>`);
  }
  return out;
}

/** reject_sender_login_mismatch turned on: info@ refused 12 times as sales@example.jp from 6 IPs (after-mapnote.log's lines). */
function mapNote(): string[] {
  const ips = ['198.51.100.40', '198.51.100.77', '192.0.2.150', '192.0.2.151', '126.1.2.3', '126.1.9.8'];
  return ips.flatMap((ip, i) => [0, 1].map((j) => `${at(2, 610 + i * 63 + j)} mail postfix/submission/smtpd[${90001 + i * 1000 + j * 100}]: NOQUEUE: reject: `
    + `RCPT from unknown[${ip}]: 553 5.7.1 <sales@example.jp>: Sender address rejected: not owned by user info@example.jp; `
    + 'from=<sales@example.jp> to=<tanaka.k@customer.co.jp> proto=ESMTP helo=<[192.168.1.23]>'));
}

test('H4: a phone with the old password after the password change is a follow-up note, not "Attention"; its number is its 30 failures', async () => {
  const c = compare(await before(), await after('stale.log', stalePhone()));
  const note = c.findings.find((f) => f.status === 'new')!;
  assert.deepEqual([note.rule, note.severity.after, note.followUp], ['sasl-bruteforce', 'info', true]);
  assert.equal(note.measure.after, 30, 'not "failed logins 0" (failedLoginsFromAttackingIps of the note)');
  assert.match(note.verdict, /^Follow-up note: Password guessing: 198\.51\.100\.40 \(sasl-bruteforce, info\): failed logins of clients that also logged in \(an old password\?\) 30 \(/);
  // Review AB, F6: 6.5 hours are too short to show that the intruder (bursts up to 21 h apart) stopped: "Unclear", not
  // "Fixed"; the follow-up note is still no "Attention".
  assert.match(c.verdict.headline, /^Unclear: 7 of the 7 findings of the before run no longer found, but the after log covers only 6\.49 h, too short to show that compromised mail account, .* stopped \(see their verdicts\); no new finding; 1 follow-up note of a fixed finding \(password guessing: a note, what the fix left to do\)/);
  assert.deepEqual([c.verdict.counts.new, c.verdict.counts.followUp], [1, 1]);
  assert.deepEqual(failingFindings(c, ['new', 'persisting']), [], '--fail-on new must not fail over a phone with the old password');
  // Its 30 failures in a 6.5-hour after log are the phone's, which the after run says: no "same rate, too short to tell".
  const bf = c.findings.find((f) => f.rule === 'sasl-bruteforce' && f.status === 'resolved')!;
  assert.deepEqual([bf.measure.afterWithoutFinding?.count, bf.measure.afterWithoutFinding?.sameRate], [30, false]);
});

test('H4: the sender_login line asked for after reject_sender_login_mismatch is a follow-up note counted by its 12 refusals, not "messages sent 12"', async () => {
  const c = compare(await before(), await after('mapnote.log', mapNote()));
  const ca = c.findings.filter((f) => f.rule === 'compromised-account');
  assert.deepEqual(ca.map((f) => [f.status, f.followUp ?? false]), [['resolved', false], ['new', true]]);
  assert.equal(ca[1]!.measure.label, 'sender refusals');
  assert.match(ca[1]!.verdict, /^Follow-up note: Compromised mail account: info@example\.jp \(compromised-account, low\): sender refusals 12 \(\d+\.\d+ per hour\)\.$/);
  assert.match(c.verdict.headline, /^Unclear: .*too short to show that .* stopped .*1 follow-up note of a fixed finding \(compromised mail account: a note/); // review AB, F6
  assert.deepEqual(failingFindings(c, ['new']), []);
  // A note of another rule, or about another account, is still new: only the rule and subject of a resolved finding.
  const other = compare(await before(), await after('mapnote-other.log', mapNote().map((l) => l.replaceAll('info@example.jp', 'sato@example.jp'))));
  assert.equal(other.findings.find((f) => f.status === 'new')!.followUp, undefined);
  assert.match(other.verdict.headline, /^Attention: /);
});

// ------------------------------------------------------------------------------------------------ H1

/** The usual bots after the fix: 12 IPs, 3 failed SMTP AUTH each over two hours, none logging in. */
function background(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    for (let j = 0; j < 3; j++) {
      const min = 600 + i * 10 + j * 3;
      out.push(`${at(5, min, 24)} mail postfix/submission/smtpd[${26000 + i * 10 + j}]: warning: unknown[124.122.${i}.3]: SASL LOGIN authentication failed: `
        + `(reason unavailable), sasl_username=${j === 0 ? 'info' : 'suzuki'}@example.jp`);
    }
  }
  return out;
}

test('H1: a brute force that got a login before and none after is down to its background: "Fixed" whatever its rate does, and --fail-on persisting passes', async () => {
  const c = compare(await before(), await after('background.log', background()));
  const bf = c.findings.find((f) => f.rule === 'sasl-bruteforce')!;
  // Low after: no IP over the per-IP threshold, no login, at most 18 failures an hour (review Z, Z5).
  assert.deepEqual([bf.severity.before, bf.severity.after, bf.status, bf.background], ['critical', 'low', 'reduced', true]);
  // 36 failures in 2 hours: a higher rate than the incident's 3.85 an hour. The day's weather, not the incident.
  assert.ok(bf.measure.afterPerHour! > bf.measure.beforePerHour!);
  assert.match(bf.verdict, /^Reduced to the background \(nobody logged in\): Password guessing: .* \(sasl-bruteforce, critical → low\)/);
  // Review AB, F6: the 1.9-hour after log cannot show that the slower abuse stopped ("Unclear"); the brute force is
  // still named as down to its background, not reduced.
  assert.match(c.verdict.headline, /^Unclear: 6 of the 7 findings of the before run no longer found, but the after log covers only 1\.93 h, too short to show that .* stopped \(see their verdicts\); password guessing reduced to the background: nobody logged in after, but 24 of the 36 failed logins after are for suzuki@example\.jp, a real account \(/);
  // Review AL, AL2: these bots try two real accounts by name (suzuki@ twice for every info@, from 12 IPs): the headline
  // names the one most tried rather than calling it "the usual guessing".
  assert.equal(c.verdict.counts.background, 1);
  assert.deepEqual(failingFindings(c, ['persisting', 'new']), []);
  // One IP hammering after (15 failures, over the per-IP threshold of 10): high, no longer critical, nothing logged in.
  const hammer = Array.from({ length: 15 }, (_, j) => `${at(5, 720 + j, 24)} mail postfix/submission/smtpd[${27000 + j}]: warning: `
    + `unknown[124.122.99.3]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=info@example.jp`);
  const h = compare(await before(), await after('background-hammer.log', [...background(), ...hammer]));
  const hb = h.findings.find((f) => f.rule === 'sasl-bruteforce')!;
  assert.deepEqual([hb.severity.before, hb.severity.after, hb.status, hb.background], ['critical', 'high', 'reduced', true]);
  assert.match(hb.verdict, /^Reduced to the background \(nobody logged in\): Password guessing: .* \(sasl-bruteforce, critical → high\)/);
});

// ------------------------------------------------------------------------------------------------ H3

test('H3: abusive queue IDs of the before run still queued at the end of the after log keep queue-cleanup persisting', async () => {
  const b = await before();
  const ids = b.findings.find((f) => f.rule === 'queue-cleanup')!.lists!['queue-delete.txt']!.slice(0, 3);
  // The admin did not purge the queue: qmgr retries three of the spam messages, still deferred (after-queue-left60.log's shape).
  const lines = ids.flatMap((id, i) => [
    `${at(1, 540 + i)} mail postfix/qmgr[63001]: ${id}: from=<service366${i}@aeon.co.jp>, size=3512, nrcpt=1 (queue active)`,
    `${at(1, 540 + i)} mail postfix/smtp[8000${i}]: ${id}: to=<mushiku.299${i}@yahoo.co.jp>, relay=none, delay=400000, delays=400000/0.02/30/0, dsn=4.4.1, `
      + 'status=deferred (connect to mx1.mail.yahoo.co.jp[182.22.12.117]:25: Connection timed out)',
  ]);
  const c = compare(b, await after('queue-left.log', lines));
  const q = c.findings.find((f) => f.rule === 'queue-cleanup')!;
  assert.equal(q.status, 'persisting');
  assert.deepEqual(q.measure.carriedOver, { kind: 'queue-ids', count: 3, of: 220, atLeast: false });
  assert.match(q.verdict, /^Still there \(the same messages still queued\): Spam still in the queue \(queue-cleanup, high\): abusive messages still queued 220 before, 3 after: 3 of the before run's 220 abusive queue IDs \(queue-delete\.txt\) are still queued at the end of the after log/);
  assert.match(c.verdict.headline, /^Not fixed: /);
  // The same three messages were among the 224 the flood left queued: queue-flood is below its threshold but still
  // going on too (compare/still-going-on.ts), not fixed.
  assert.deepEqual(failingFindings(c, ['persisting']).map((f) => f.rule), ['queue-cleanup', 'queue-flood']);
  assert.deepEqual(c.findings.find((f) => f.rule === 'queue-flood')!.measure.stillGoingOn?.count, 3);
});

// ------------------------------------------------------------------------------------------------ H2

test('H2: the before run\'s intruders still sending as the account, below the rule\'s threshold, keep compromised-account persisting', async () => {
  const b = await before();
  const ips = b.findings.find((f) => f.rule === 'compromised-account')!.lists!['compromised-ips.txt']!.slice(0, 3);
  // Password not changed: three of the intruder's IPs send as info@ itself (after-same8.log's shape): 3 IPs, nothing
  // forged, 6 domains: below every threshold of the rule.
  const lines: string[] = [];
  ips.forEach((ip, i) => {
    for (let j = 0; j < 2; j++) {
      const id = `DEA5216C1${i}${j}`;
      const t = 1230 + i * 20 + j * 5;
      lines.push(
        `${at(5, t, 30)} mail postfix/submission/smtpd[${78857 + i * 2 + j}]: ${id}: client=unknown[${ip}], sasl_method=LOGIN, sasl_username=info@example.jp`,
        `${at(5, t, 31)} mail postfix/cleanup[78863]: ${id}: message-id=<2f096a7febf3578${i}${j}@example.jp>`,
        `${at(5, t, 31)} mail postfix/qmgr[74624]: ${id}: from=<info@example.jp>, size=8560, nrcpt=1 (queue active)`,
        `${at(5, t, 32)} mail postfix/smtp[78869]: ${id}: to=<ama.nyami${i}${j}@softbank${i}.ne.jp>, relay=mx.softbank.ne.jp[210.146.60.17]:25, delay=1, delays=0.34/0.01/0.5/0.17, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4RU01hlzqi7te)`,
        `${at(5, t, 32)} mail postfix/qmgr[74624]: ${id}: removed`,
      );
    }
  });
  const a = await after('same-bots.log', lines);
  assert.equal(a.findings.filter((f) => f.rule === 'compromised-account').length, 0, 'the rule does not fire after');
  const c = compare(b, a);
  const ca = c.findings.find((f) => f.rule === 'compromised-account')!;
  assert.equal(ca.status, 'persisting');
  // None of them logs in to the mailbox (review P, P3: that is checked too).
  assert.deepEqual(ca.measure.carriedOver, {
    kind: 'intruder-ips', count: 3, of: 43, atLeast: false, messages: 6, sending: 3, mailbox: { checked: true, count: 0, logins: 0, atLeast: false, ips: [] },
  });
  assert.match(ca.verdict, /^Still there, below the rule's threshold: Compromised mail account: info@example\.jp \(compromised-account, critical\): messages sent 304 \(4\.05 per hour\) before, 6 \(.* per hour\) after, below the rule's threshold, but 3 of the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\) still send as it \(6 messages\): the password still works for them\.$/);
  assert.match(c.verdict.headline, /^Not fixed: /);
  assert.ok(failingFindings(c, ['persisting']).some((f) => f.rule === 'compromised-account'));
});

// ------------------------------------------------------------------------------------------------ M1

test('M1: the "Authentication failures" chart counts SMTP AUTH failures once: 251 + 38 before, 57 + 35 after (the totals)', async () => {
  const c = compare(await before(), await report([join(ROOT, 'samples', 'after-fix.log')], { year: 2026 }));
  const sum = (side: 'before' | 'after'): number => c.hourly[side].reduce((s, h) => s + h.authFailures, 0);
  assert.deepEqual([sum('before'), sum('after')], [251 + 38, 57 + 35]);
});

// ------------------------------------------------------------------------------------------------ H5

test('H5: an after set holding the whole before period and more (older rotation, the before log, the new log) is cut at the before period\'s end', async () => {
  const { analyzeAfterSide } = await import('../src/compare/after-side.js');
  const lines = readFileSync(INCIDENT, 'utf8').split('\n').filter((l) => l !== '');
  const early = (l: string): boolean => Number(l.slice(4, 6)) < 26 || (Number(l.slice(4, 6)) === 26 && Number(l.slice(7, 9)) < 12);
  const part1 = join(dir, 'inc-part1.log');
  const part2 = join(dir, 'inc-part2.log');
  writeFileSync(part1, `${lines.filter(early).join('\n')}\n`);
  writeFileSync(part2, `${lines.filter((l) => !early(l)).join('\n')}\n`);
  const afterFix = join(ROOT, 'samples', 'after-fix.log');
  const b = await report([part2], { year: 2026 });
  const opts = { jobs: 1, top: 0, formats: ['json' as const], allowPartial: false, progress: false, version: 'test' };
  const reference = compare(b, (await analyzeAfterSide(b, [part2, afterFix], 2026, true, opts)).report);
  for (const paths of [[part1, part2, afterFix], [join(dir, 'all-in-one.log')]]) {
    if (paths.length === 1) writeFileSync(paths[0]!, `${lines.join('\n')}\n${readFileSync(afterFix, 'utf8')}`);
    const a = (await analyzeAfterSide(b, paths, 2026, true, opts)).report;
    assert.equal(a.since?.at, '2026-11-28T09:28:17', `${paths.length} file(s): cut at the end of the before period`);
    const c = compare(b, a);
    assert.equal(c.order.relation, 'after-later');
    assert.deepEqual(c.verdict.counts, reference.verdict.counts);
    assert.equal(c.verdict.headline, reference.verdict.headline);
    assert.match(c.checks.cut ?? '', /^The after log is analyzed from 2026-11-28 09:28:17 on/);
  }
  // Reports: the after report of the whole set cannot be cut; the note says it holds the before period, not "swapped?".
  const whole = await report([part1, part2, afterFix], { year: 2026 });
  const c = compare(b, whole);
  assert.equal(c.order.relation, 'overlapping');
  assert.match(c.order.note ?? '', /the after period holds the whole before period and more/);
  assert.doesNotMatch(c.order.note ?? '', /swapped/);
  // Swapped sides still say so.
  assert.match(compare(await report([afterFix], { year: 2026 }), b).order.note ?? '', /were the two swapped\?/);
});

// ------------------------------------------------------------------------------------------------ M5, L1, L3, L4, L5

test('M5: the overlap or same-period note is on stderr with the headline (compare of two reports of one period)', async () => {
  const { spawnSync } = await import('node:child_process');
  const path = join(dir, 'report.json');
  writeFileSync(path, JSON.stringify(await before()));
  const res = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'compare', path, path, '-f', 'json', '-o', join(dir, 'm5')], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /^No change: all 7 findings of the before run are still there at the same rate; no new finding\.\n  Both runs cover the same period \(2026-11-25 06:26:21 to 2026-11-28 09:28:17\)/);
});

test('L1: a change of the rate that rounds to 0% is "no change", not "down 0% per hour"', async () => {
  const { compareEn, compareJa } = await import('../src/i18n/compare.js');
  assert.equal(compareEn.status('persisting', { kind: 'count', changePct: -0.4 }), 'Still there (no change per hour)');
  assert.equal(compareEn.status('persisting', { kind: 'level', changePct: 0.3 }), 'Still there (no change)');
  assert.equal(compareJa.status('persisting', { kind: 'count', changePct: -0.1 }), '継続（1 時間あたりの頻度は変わらず）');
});

test('L3: a report.md or report.html given as a side is a one-line usage error, not a log without mail lines', async () => {
  const { resolveSide } = await import('../src/compare/load.js');
  const md = join(dir, 'report.md');
  writeFileSync(md, '# Mail log forensics\n\n- **Period:** …\n');
  const html = join(dir, 'page');
  writeFileSync(html, '<!doctype html>\n<html lang="en"><head>');
  for (const p of [md, html]) assert.throws(() => resolveSide(p, 'after'), { name: 'UsageError', message: new RegExp(`^after: ${p} is a rendered report \\(Markdown or HTML\\)`) });
  const { spawnSync } = await import('node:child_process');
  const res = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'compare', INCIDENT, md, '-o', join(dir, 'l3')], { encoding: 'utf8' });
  assert.equal(res.status, 2);
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
});

test('L4, L5: a schemaVersion that is no number is named as written; negative counts are refused', async () => {
  const b = await before();
  const edit = (f: (r: Record<string, any>) => void): Report => { const r = JSON.parse(JSON.stringify(b)); f(r); return r as Report; };
  assert.throws(() => compare(b, edit((r) => { r.schemaVersion = '1'; })),
    /before \(.*\) is report schema 1, after \(.*\) is report schema "1" \(a string, not a number\)|the before report is report schema 1, the after report is report schema "1" \(a string, not a number\)/);
  assert.throws(() => compare(b, edit((r) => { r.totals.delivered = -100; })), /totals\.delivered is missing or not a number of 0 or more/);
  assert.throws(() => compare(b, edit((r) => { r.bySaslUser[0].messages = -1; })), /bySaslUser\[0\]\.messages is missing or not a number of 0 or more/);
});

test('H3 (analyze): a message queued since before the log, sent as a domain the run\'s spam forged many addresses of, is abuse, not legitimate', async () => {
  // The incident, whose spam forges aeon.co.jp, rakuten.co.jp …, and four messages whose first lines are before the log
  // (qmgr retries only: partial records): three as the campaign's domains, one as a partner's domain it never forged.
  const retry = (id: string, from: string, to: string): string[] => [
    `Nov 28 09:28:17 mail postfix/qmgr[35001]: ${id}: from=<${from}>, size=3512, nrcpt=1 (queue active)`,
    `Nov 28 09:28:17 mail postfix/smtp[39999]: ${id}: to=<${to}>, relay=none, delay=400000, delays=400000/0.02/30/0, dsn=4.4.1, `
      + 'status=deferred (connect to mx1.mail.yahoo.co.jp[182.22.12.117]:25: Connection timed out)',
  ];
  const lines = [...readFileSync(INCIDENT, 'utf8').split('\n').filter((l) => l !== ''),
    ...retry('1A0001637F1', 'service9664@aeon.co.jp', 'mushiku.2992@yahoo.co.jp'),
    ...retry('1A0001637F2', 'notice8560@rakuten.co.jp', 'tarufumoe@yahoo.co.jp'),
    ...retry('1A0001637F3', 'security578@mufg.jp', 'katsu6722@yahoo.co.jp'),
    ...retry('1A0001637F4', 'orders@partner-shop.co.jp', 'yamada.t@yahoo.co.jp'),
    // A shop's real notice to a user of the site, waiting for her mailbox: coming in, not the campaign's
    `Nov 28 09:28:17 mail postfix/qmgr[35001]: 1A0001637F5: from=<notice@rakuten.co.jp>, size=3512, nrcpt=1 (queue active)`,
    'Nov 28 09:28:17 mail postfix/lmtp[39998]: 1A0001637F5: to=<tanaka@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=400000, '
      + 'delays=400000/0.02/0/0, dsn=4.2.2, status=deferred (host mail.example.jp[private/dovecot-lmtp] said: 452 4.2.2 <tanaka@example.jp> Quota exceeded (mailbox for user is full) (in reply to end of DATA command))',
    // The same for a second domain this server delivers for (review P, P5): one delivery there makes it ours
    'Nov 28 09:20:00 mail postfix/lmtp[39997]: 1A0001637E9: to=<info@example-shop.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.1, delays=0.05/0.01/0/0.04, dsn=2.0.0, status=sent (250 2.0.0 <info@example-shop.jp> Saved)',
    'Nov 28 09:20:00 mail postfix/qmgr[35001]: 1A0001637E9: removed',
    `Nov 28 09:28:17 mail postfix/qmgr[35001]: 1A0001637F6: from=<order@rakuten.co.jp>, size=3512, nrcpt=1 (queue active)`,
    'Nov 28 09:28:17 mail postfix/lmtp[39998]: 1A0001637F6: to=<owner@example-shop.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=400000, '
      + 'delays=400000/0.02/0/0, dsn=4.2.2, status=deferred (host mail.example.jp[private/dovecot-lmtp] said: 452 4.2.2 <owner@example-shop.jp> Quota exceeded (mailbox for user is full) (in reply to end of DATA command))'];
  const r = await after('queued-before-log.log', lines);
  const legit = (id: string): boolean | undefined => r.stillQueued.find((q) => q.qid === id)?.legitimate;
  assert.deepEqual(['1A0001637F1', '1A0001637F2', '1A0001637F3', '1A0001637F4', '1A0001637F5', '1A0001637F6'].map(legit), [false, false, false, true, true, true]);
  const q = r.findings.find((f) => f.rule === 'queue-cleanup')!;
  assert.equal(q.evidence.queuedSinceBeforeLogAsForgedDomains, 3);
  assert.ok(q.lists!['queue-delete.txt']!.includes('1A0001637F2') && !q.lists!['queue-delete.txt']!.includes('1A0001637F4'));
  assert.match(q.title, /^223 of the 230 messages still queued are abuse \(219 from info@example\.jp, 1 bounce to forged senders, 3 queued since before the log, sent as the spam's forged sender domains\); 7 legitimate messages stay$/);
});

// ------------------------------------------------------------------------------------------------ M4

test('M4: report.json records the detection options; compare warns when the two runs differ in them (pseudonyms when redacted)', async () => {
  const { redactReport } = await import('../src/report/redact.js');
  const b = await before();
  assert.equal(b.options.detection, undefined, 'no detection option given: none recorded');
  // The admin silences the "false positive" the second time.
  const a = await report([INCIDENT], { year: 2026, detect: { allowUsers: new Set(['info@example.jp']), thresholds: { 'sasl-bruteforce.perIpFailures': 20 } } });
  assert.deepEqual(a.options.detection, { allowIps: [], allowUsers: ['info@example.jp'], thresholds: { 'sasl-bruteforce.perIpFailures': 20 }, queueSnapshot: false });
  const c = compare(b, a);
  assert.equal(c.checks.options, 'The two runs were made with different detection options (before: none; after: --allow-users info@example.jp '
    + '--threshold sasl-bruteforce.perIpFailures=20): a finding fixed or new may come from the options, not from the log (an allowed '
    + 'account or IP is never reported, a higher threshold fires later). Analyze both logs with the same options for a comparison of the fix.');
  assert.equal(compare(a, a).checks.options, null);
  const red = redactReport(a, { key: 'k', redactDomains: false });
  assert.match(red.options.detection!.allowUsers[0]!, /^user-[0-9a-f]{12}@example\.jp$/);
});

// ------------------------------------------------------------------------------------------------ L6, L7

test('L6: the queued spam and backscatter of another account than the before run\'s are new findings, not the old ones "reduced"', async () => {
  const b = await before();
  // The same spam run, but the account that fell is suzuki@ (after-second.log: a second account guessed a week later).
  // Its own messages: other queue IDs than the before run's.
  const a = JSON.parse(JSON.stringify(b).replaceAll('info@example.jp', 'suzuki@example.jp').replace(/\b([0-9A-F]{7})([0-9A-F]{4})\b/g, '$1F$2')) as Report;
  assert.ok(!a.stillQueued.some((q) => b.stillQueued.some((x) => x.qid === q.qid)));
  const c = compare(b, a);
  const of = (rule: string): string[] => c.findings.filter((f) => f.rule === rule).map((f) => f.status);
  assert.deepEqual([of('compromised-account'), of('queue-cleanup'), of('backscatter')],
    [['resolved', 'new'], ['resolved', 'new'], ['resolved', 'new']]);
  const bs = c.findings.find((f) => f.rule === 'backscatter' && f.status === 'resolved')!;
  assert.match(bs.verdict, /before, none of it after: the after run's finding of the rule is other accounts' spam \(new\)\.$/);
  assert.match(c.verdict.headline, /^Attention: .*3 new \(compromised mail account, spam still in the queue, backscatter\)/);
  // The same account after: one problem, matched as before.
  assert.deepEqual(compare(b, b).findings.filter((f) => f.rule === 'queue-cleanup').map((f) => f.status), ['persisting']);
});

test('L7: a long finding title in compare.md is cut at a clause, not in the middle of "53.3% of those recipients"', async () => {
  const { titleCut } = await import('../src/compare/markdown.js');
  const title = (await before()).findings[0]!.title;
  assert.ok(title.length > 300);
  const cut = titleCut(title);
  // The title names what its failed logins count since review AG (AG8): 25 characters more, so the cut comes a clause earlier.
  assert.ok(cut.endsWith('to 1,073 recipients (211 with forged senders) …'), cut);
  assert.ok(title.startsWith(cut.slice(0, -2)));
  assert.equal(titleCut('short title'), 'short title');
});

// ------------------------------------------------------------------------------------------------ M2

test('M2: spam relayed by a program on the server is named in the mail-flow line, and local programs have a movers table', async () => {
  const b = await before();
  const a = JSON.parse(JSON.stringify(await report([join(ROOT, 'samples', 'after-fix.log')], { year: 2026 }))) as Report;
  // A hacked contact form after the fix (after-webform40-forged.log): its finding and its row, as analyze writes them.
  a.findings.push({
    rule: 'open-relay', severity: 'critical', title: 'Spam sent by a program on this server', subject: { kind: 'localPrograms', value: 'mail uid=33' },
    firstAt: '2026-11-29T10:44:16', lastAt: '2026-11-30T07:56:41', evidence: { localPrograms: 1, relayedMessages: 404, relayedRecipients: 795 }, examples: [], impact: 795,
  });
  a.byLocalProgram = [{ key: 'mail uid=33', host: 'mail', uid: '33', messages: 408, recipients: 799, outsideRecipients: 795, outsideDomains: 44,
    outsideNotDelivered: 0, firstOutsideAt: '2026-11-29T10:44:16', lastOutsideAt: '2026-11-30T07:56:41' }];
  const c = compare(b, a);
  assert.match(c.verdict.mailFlow, / Not left out: the after run's 795 recipients relayed as spam by mail uid=33 \(open-relay\), counted as mail flow in its totals\.$/);
  const t = c.movers.find((m) => m.id === 'localPrograms')!;
  assert.equal(t.title, 'Local programs (sendmail)');
  assert.deepEqual([t.rows[0]!.key, t.rows[0]!.before, t.rows[0]!.after, t.rows[0]!.status], ['mail uid=33', 4, 795, 'up']);
});

// ------------------------------------------------------------------------------------------------ L2

test('L2: a before report and an after log of classic stamps dated a year early: the order warning names the year to give', async () => {
  const b = await before();
  // after-fix.log read with --year 2026 though it is of the January after the incident (jan-after.log's case).
  const a = JSON.parse(JSON.stringify(await report([join(ROOT, 'samples', 'after-fix.log')], { year: 2026 })).replaceAll('2026-11-', '2026-01-')) as Report;
  const sides = (before: 'report' | 'logs') => ({ version: 'test', before: { kind: before, paths: ['b'] }, after: { kind: 'logs' as const, paths: ['a'] } });
  const c = compareReports(b, a, sides('report'));
  assert.equal(c.order.relation, 'after-older');
  assert.match(c.order.note ?? '', /Or is the after log of the next year\? Its lines carry no year, and with a report as the before side --year is the after log's own: give --year 2027\.$/);
  // Two log sides are one set for the year (after-side.ts rolls them over): no such hint, the sides are swapped.
  assert.doesNotMatch(compareReports(b, a, sides('logs')).order.note ?? '', /--year/);
});

// ------------------------------------------------------------------------------------------------ M3

test('M3: the same maillog grown, with postsuper -d ALL as the fix: the cut after run cannot name what it deleted, and the verdict says whose mail may be lost', async () => {
  const { analyzeAfterSide } = await import('../src/compare/after-side.js');
  const grown = join(dir, 'grown-purge.log');
  writeFileSync(grown, `${readFileSync(INCIDENT, 'utf8')}Nov 29 00:05:00 mail postfix/postsuper[70001]: Deleted: 224 messages\n`
    + readFileSync(join(ROOT, 'samples', 'after-fix.log'), 'utf8'));
  const b = await before();
  const a = (await analyzeAfterSide(b, [grown], 2026, true, { jobs: 1, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test' })).report;
  assert.equal(a.deletedInBulk.length, 0, 'the messages began before the cut: the after run cannot name them');
  const c = compare(b, a);
  assert.equal(c.checks.purge, 'The after log has postsuper deleting 224 messages in bulk that the after run, read from the end of the before period on, '
    + 'cannot name (they were queued before it). The before period left 224 messages queued, 4 of them legitimate mail of takahashi@example.jp and '
    + 'tanaka@example.jp: if still queued then, they were lost with the deletion (ask the senders to send again); analyze the whole log to know which.');
  // Without the deletion, no such note.
  assert.equal(compare(b, (await analyzeAfterSide(b, [join(ROOT, 'samples', 'after-fix.log')], 2026, true,
    { jobs: 1, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test' })).report).checks.purge, null);
});
