// Review S, S12 and S13, what their fixes left open:
//   - S13: an intruder IP that fails logins again after the fix, past every table of the after report cut at --top,
//     is still known to have failed from the after run's own uncut lists (sasl-bruteforce's blocklist-ips.txt,
//     mailbox-breach's compromised-ips.txt); it was named "to check with the owner", its failures "not known";
//   - planAfterSide's same-server shortcut (src/compare/after-side.ts): the before log grown is cut at the end of the
//     before period, another server's log never is, and (S12) another server's log is not read at its end for it.
// The S13 test and the count of the last lines read failed on the code before (3104743).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareJa } from '../src/i18n/compare.js';
import { analyzeAfterSide, planAfterSide } from '../src/compare/after-side.js';
import { resolveInputs } from '../src/split/inputs.js';
import { redactReport } from '../src/report/redact.js';
import { parseLocalTime } from '../src/time.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { ROOT, report, compareReportPair } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-s12-s13-'));
const two = (n: number): string => String(n).padStart(2, '0');

// ------------------------------------------------------------------------------------------------ S13

const compare = compareReportPair;

const account = (c: Comparison): FindingMatch => c.findings.find((f) => f.rule === 'compromised-account' && f.before !== null)!;

let incident: Promise<Report> | undefined;
const beforeIncident = (): Promise<Report> => (incident ??= report([INCIDENT], { year: 2026 }));

/** One of the 43 IPs of the before run's compromised-ips.txt (samples/incident.log) for info@example.jp. */
const INTRUDER = '101.82.15.105';
const NAMES = ['admin@example.jp', 'test@example.jp', 'sales@example.jp'];

/** after-fix.log with `extra` lines of Nov 29 merged in time order (a stable sort: lines of one second keep their order). */
function afterWith(extra: string[], name: string): string {
  const base = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  const k = (l: string): string => l.slice(4, 15).replace(/^ /, '0');
  const all = [...base, ...extra].map((l, i) => ({ l, i })).sort((x, y) => (k(x.l) < k(y.l) ? -1 : k(x.l) > k(y.l) ? 1 : x.i - y.i)).map((x) => x.l);
  const path = join(dir, name);
  writeFileSync(path, all.join('\n') + '\n');
  return path;
}

/**
 * after-fix.log with a password guessing of Nov 29 added: 16 bots failing 12 IMAP logins each, then the intruder
 * failing 10 (other people's names) and logging in as info@example.jp. With --top 3 the intruder is in none of the
 * after report's tables of client IPs: not in byClientIp (3 rows), not in topAttackingIps (15 rows, the bots
 * fail more), not in dovecotAuthFailuresByIp (3 rows).
 */
function afterWithGuessing(): string {
  const extra: string[] = [];
  let session = 0;
  const failed = (h: number, m: number, s: number, user: string, ip: string): string => `Nov 29 ${two(h)}:${two(m)}:${two(s)} mail dovecot: `
    + `imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=203.0.113.25, TLS, session=<G${session++}>`;
  for (let b = 0; b < 16; b++) for (let k = 0; k < 12; k++) extra.push(failed(6, b, k * 2, NAMES[k % 3]!, `198.18.7.${10 + b}`));
  for (let k = 0; k < 10; k++) extra.push(failed(7, 30, k * 2, NAMES[k % 3]!, INTRUDER));
  extra.push(`Nov 29 07:31:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=${INTRUDER}, lip=203.0.113.25, mpid=9100, TLS, session=<L0>`);
  return afterWith(extra, 'after-guessing.log');
}

test('S13: an intruder IP past every table cut at --top that failed logins after the fix is known from the after run\'s own lists, not "to check with the owner"', async () => {
  const before = await beforeIncident();
  const cutAt3 = await report([afterWithGuessing()], { year: 2026, top: 3 });
  // Since review Z the table keeps such an IP below the cut (it got in with a guessed password; 20 such rows at most):
  // taken out here, as in a report of an older version or one with more intruders than the rows kept.
  assert.ok(cutAt3.byClientIp.some((r) => r.key === INTRUDER && r.roles?.includes('guessed-password')), 'kept below the cut');
  const after: Report = { ...cutAt3, byClientIp: cutAt3.byClientIp.filter((r) => r.key !== INTRUDER) };
  assert.ok(after.byClientIp.length >= 3, 'the table is cut');
  assert.ok(!after.topAttackingIps.some((r) => r.key === INTRUDER), 'past topAttackingIps');
  assert.ok(!after.dovecotAuthFailuresByIp.some((r) => r.key === INTRUDER), 'past dovecotAuthFailuresByIp');
  const listing = (rule: string, list: string): boolean => after.findings.some((f) => f.rule === rule && (f.lists?.[list] ?? []).includes(INTRUDER));
  assert.ok(listing('sasl-bruteforce', 'blocklist-ips.txt') && listing('mailbox-breach', 'compromised-ips.txt'), 'both of the after run\'s lists name it');

  const f = account(compare(before, after));
  assert.equal(f.status, 'persisting');
  const c = f.measure.carriedOver!;
  assert.equal(c.count, 1);
  assert.equal(c.toCheck, undefined);
  assert.equal(c.toCheckUnknown, undefined);
  assert.match(f.verdict, /still log in to it through Dovecot \(at least 1 login: 101\.82\.15\.105 .*\): the password still works for them; but \d+ more of the 43 IPs of compromised-ips\.txt still connect after the fix .*\.$/);
  assert.doesNotMatch(f.verdict, /to check with the owner|not known/);
  assert.doesNotMatch(account(compare(before, after, compareJa)).verdict, /所有者に確認|不明です/);

  // Either list alone is enough: each is whole whatever --top.
  for (const rule of ['sasl-bruteforce', 'mailbox-breach']) {
    const one = { ...after, findings: after.findings.filter((x) => x.rule !== rule) };
    assert.equal(account(compare(before, one)).measure.carriedOver!.toCheck, undefined, `without ${rule}`);
  }
  // Redacted with one key: blocklist-ips.txt is withheld, mailbox-breach's list kept as pseudonyms (redact.ts).
  const key = 'k'.repeat(32);
  const hidden = redactReport(after, { key, redactDomains: false });
  assert.ok(hidden.findings.some((x) => x.rule === 'sasl-bruteforce' && x.lists?.['blocklist-ips.txt'] === undefined && x.pseudonymLists?.['blocklist-ips.txt'] === undefined));
  assert.ok(hidden.findings.some((x) => x.rule === 'mailbox-breach' && (x.pseudonymLists?.['compromised-ips.txt']?.length ?? 0) > 0));
  const redacted = account(compare(redactReport(before, { key, redactDomains: false }), hidden)).measure.carriedOver!;
  assert.equal(redacted.count, 1);
  assert.equal(redacted.toCheck, undefined);
  // With neither, the report cannot tell: named to check, its failures "not known" (review S's fix).
  const neither = { ...after, findings: after.findings.filter((x) => x.rule !== 'sasl-bruteforce' && x.rule !== 'mailbox-breach') };
  const unknown = account(compare(before, neither)).measure.carriedOver!;
  assert.deepEqual([unknown.toCheck, unknown.toCheckUnknown], [[INTRUDER], [INTRUDER]]);
  // --top 0: every row there, the same answer as from the lists.
  const whole = account(compare(before, await report([afterWithGuessing()], { year: 2026, top: 0 }))).measure.carriedOver!;
  assert.deepEqual([whole.toCheck, whole.toCheckUnknown], [undefined, undefined]);
});

test('S13: an intruder IP past byClientIp but in topAttackingIps (relay probes, no failed login) is named to check, its failures known: none', async () => {
  const prober = '118.199.114.97';
  const extra = [0, 1, 2].map((i) => `Nov 29 05:0${i}:00 mail postfix/smtpd[9${i}00]: NOQUEUE: reject: RCPT from unknown[${prober}]: 554 5.7.1 `
    + `<probe.${i}@yahoo.co.jp>: Relay access denied; from=<a.${i}@gmail.com> to=<probe.${i}@yahoo.co.jp> proto=ESMTP helo=<example.jp>`);
  extra.push(`Nov 29 05:10:00 mail dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=${prober}, lip=203.0.113.25, mpid=9200, TLS, session=<P0>`);
  const after = await report([afterWith(extra, 'after-prober.log')], { year: 2026, top: 3 });
  assert.ok(!after.byClientIp.some((r) => r.key === prober), 'past byClientIp');
  const row = after.topAttackingIps.find((r) => r.key === prober);
  assert.deepEqual([row?.relayDenied, row?.authFailures, row?.mailboxLoginFailures], [3, 0, 0], 'in topAttackingIps with every count');
  const c = account(compare(await beforeIncident(), after)).measure.carriedOver!;
  assert.deepEqual(c.toCheck, [prober]);
  assert.equal(c.toCheckUnknown, undefined);
});

// ------------------------------------------------------------------------------------------------ planAfterSide

/** Postfix lines of Nov 28, one a minute from h:00 for `minutes`, of `host`. */
function minutes(host: string, h: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const at = h * 60 + i;
    return `Nov 28 ${two(Math.floor(at / 60))}:${two(at % 60)}:00 ${host} postfix/smtpd[${2000 + at}]: connect from unknown[203.0.113.${1 + (at % 200)}]`;
  });
}

function logFile(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Runs `f` counting fs.openSync calls on `path` (seen by the named imports through syncBuiltinESMExports). */
async function opensOf<T>(path: string, f: () => Promise<T>): Promise<{ value: T; opens: number }> {
  let opens = 0;
  const original = fs.openSync;
  fs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    if (p === path) opens++;
    return (original as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync;
  syncBuiltinESMExports();
  try {
    return { value: await f(), opens };
  } finally {
    fs.openSync = original;
    syncBuiltinESMExports();
  }
}

// The before log: 08:00 to 09:59 on mail. Its period ends at 09:59:00; a cut starts 1 ms after it.
let beforeLog: Promise<Report> | undefined;
const beforeRun = (): Promise<Report> => (beforeLog ??= report([logFile('before.log', minutes('mail', 8, 120))], { year: 2026 }));
const CUT = parseLocalTime('2026-11-28T09:59:00') + 1;

/** The plan for `paths` with a report as the before side (--year 2026 is the after log's own year). */
async function plan(paths: string[], before?: Report): Promise<{ since?: number; sinceIfItSpans?: number; sinceIfWholeRunsPast?: number; lastLinesRead: number }> {
  const b = before ?? await beforeRun();
  // The opens of the last path that resolving the inputs alone makes: any more is the read of its last lines.
  const resolving = (await opensOf(paths.at(-1)!, () => resolveInputs(paths, 2026))).opens;
  const { value: p, opens } = await opensOf(paths.at(-1)!, () => planAfterSide(b, paths, 2026, false));
  assert.equal(p.year, 2026);
  assert.ok(p.resolved !== undefined);
  return {
    ...(p.since === undefined ? {} : { since: p.since }), ...(p.sinceIfItSpans === undefined ? {} : { sinceIfItSpans: p.sinceIfItSpans }),
    ...(p.sinceIfWholeRunsPast === undefined ? {} : { sinceIfWholeRunsPast: p.sinceIfWholeRunsPast }), lastLinesRead: opens - resolving,
  };
}

test('planAfterSide: the same server\'s log grown, or a set holding it, is cut at the end of the before period; another server\'s never is', async () => {
  const before = minutes('mail', 8, 120);
  // Grown: the before lines, then two hours more.
  assert.deepEqual(await plan([logFile('grown.log', [...before, ...minutes('mail', 10, 120)])]), { since: CUT, lastLinesRead: 0 });
  assert.deepEqual(await plan([logFile('grown-web01.log', [...minutes('web01', 8, 120), ...minutes('web01', 10, 120)])]), { lastLinesRead: 0 });
  // A rotated set holding the before period and more: an older file (06:00–07:59), then the grown one.
  assert.deepEqual(await plan([logFile('older.log', minutes('mail', 6, 120)), logFile('grown2.log', [...before, ...minutes('mail', 10, 120)])]),
    { since: CUT, lastLinesRead: 0 });
  assert.deepEqual(await plan([logFile('older-web01.log', minutes('web01', 6, 120)), logFile('grown2-web01.log', [...minutes('web01', 8, 240)])]),
    { lastLinesRead: 0 });
  // One host of the after set is the before run's: the same server.
  assert.deepEqual(await plan([logFile('older-web01b.log', minutes('web01', 6, 120)), logFile('grown3.log', [...before, ...minutes('mail', 10, 120)])]),
    { since: CUT, lastLinesRead: 0 });
  // An after log after the before period, of either server: whole.
  assert.deepEqual(await plan([logFile('later.log', minutes('mail', 11, 60))]), { lastLinesRead: 0 });
});

test('planAfterSide S12: a log starting before the before period is read at its end for the same server only; another server\'s is left whole', async () => {
  // One file from 06:00 running past the before period (11:59): analyzed from its end, if the analysis finds lines after it.
  assert.deepEqual(await plan([logFile('spans.log', minutes('mail', 6, 360))]), { sinceIfItSpans: CUT, lastLinesRead: 1 });
  // One ending within it (09:00): analyzed whole, and again cut if the analysis finds more (review R, R1).
  assert.deepEqual(await plan([logFile('ends-within.log', minutes('mail', 6, 181))]), { sinceIfWholeRunsPast: CUT, lastLinesRead: 1 });
  // Another server's: neither, and its last lines are not read (review S, S12: they were, for nothing).
  assert.deepEqual(await plan([logFile('spans-web01.log', minutes('web01', 6, 360))]), { lastLinesRead: 0 });
  assert.deepEqual(await plan([logFile('ends-within-web01.log', minutes('web01', 6, 181))]), { lastLinesRead: 0 });
  // A before run that names no host: any after log may be the same server's.
  const hostless = { ...await beforeRun(), hosts: [] };
  assert.deepEqual(await plan([logFile('spans-web01b.log', minutes('web01', 6, 360))], hostless), { sinceIfItSpans: CUT, lastLinesRead: 1 });
});

test('analyzeAfterSide: the same server\'s log spanning the before period is analyzed from its end; another server\'s is analyzed whole', async () => {
  const before = await beforeRun();
  const opts = { jobs: 1, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test' };
  const same = (await analyzeAfterSide(before, [logFile('spans2.log', minutes('mail', 6, 360))], 2026, false, opts)).report;
  // From 1 ms after the before period's last line (written to the second): its 240 lines of 06:00–09:59 left out.
  assert.deepEqual([same.since?.at, same.since?.linesBefore], ['2026-11-28T09:59:00', 240]);
  assert.deepEqual([same.period.from, same.period.to], ['2026-11-28T10:00:00', '2026-11-28T11:59:00']);
  const other = (await analyzeAfterSide(before, [logFile('spans2-web01.log', minutes('web01', 6, 360))], 2026, false, opts)).report;
  assert.equal(other.since, undefined);
  assert.deepEqual([other.period.from, other.period.to], ['2026-11-28T06:00:00', '2026-11-28T11:59:00']);
});
