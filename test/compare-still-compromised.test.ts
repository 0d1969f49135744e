// Review 10: an account whose password others still use after only the sender check was applied (H2), and after
// logs stamped in another UTC offset than the before log (M2). The scenario logs are made here from the bundled
// samples with real Postfix line shapes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports, failingFindings } from '../src/compare/compare.js';
import { zoneShift } from '../src/compare/after-side.js';
import { renderJson } from '../src/render/index.js';
import { redactReport } from '../src/report/redact.js';
import type { Report } from '../src/report/model.js';
import type { Comparison } from '../src/compare/model.js';
import { ROOT, report, reportOf } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-r10-'));

/** A classic stamp's sort key (November only, as the samples). */
function key(line: string): number {
  const d = Number(line.slice(4, 6));
  const [h, m, s] = line.slice(7, 15).split(':').map(Number) as [number, number, number];
  return ((d * 24 + h) * 60 + m) * 60 + s;
}

/**
 * after-fix.log plus `ips` IPs that log in as `user` and are refused the sender `perIp` times each (the line shape
 * of reject_sender_login_mismatch, Postfix smtpd_check.c), from Nov 29 00:00 on, one session every 7 minutes.
 */
function withRefusals(name: string, user: string, ips: number, perIp: number): string {
  const base = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  const extra: string[] = [];
  let k = 0;
  for (let i = 0; i < ips; i++) {
    const ip = `80.43.${1 + (i >> 8)}.${1 + (i % 250)}`;
    for (let j = 0; j < perIp; j++, k++) {
      const t = 29 * 86400 + k * 420;
      const stamp = `Nov ${Math.floor(t / 86400)} ${String(Math.floor(t / 3600) % 24).padStart(2, '0')}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:00`;
      const pid = 90000 + k;
      extra.push(
        `${stamp} mail postfix/submission/smtpd[${pid}]: connect from unknown[${ip}]`,
        `${stamp} mail postfix/submission/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip}]: 553 5.7.1 <service@amazon.co.jp>: `
          + `Sender address rejected: not owned by user ${user}; from=<service@amazon.co.jp> to=<user${k}@gmail.com> proto=ESMTP helo=<User>`,
        `${stamp} mail postfix/submission/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=6/7`,
      );
    }
  }
  // Stable sort: the three lines of a session keep their order.
  const all = [...base, ...extra].map((l, i) => ({ l, i, k: key(l) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.l);
  const path = join(dir, name);
  writeFileSync(path, all.join('\n') + '\n');
  return path;
}


function compare(before: Report, after: Report): Comparison {
  return compareReports(before, after, {
    version: 'test', before: { kind: 'logs', paths: ['b'] }, after: { kind: 'logs', paths: ['a'] },
  });
}

test('H2: 200 IPs refused as "not owned by user info@" after the fix: the compromised-account finding stays open, PERSISTING in compare', async () => {
  const partial = withRefusals('after-partial.log', 'info@example.jp', 200, 1);
  const after = await reportOf(partial);
  const f = after.findings.filter((x) => x.rule === 'compromised-account');
  assert.equal(f.length, 1);
  assert.deepEqual([f[0]!.severity, f[0]!.subject], ['critical', { kind: 'saslUser', value: 'info@example.jp' }]);
  assert.deepEqual([f[0]!.evidence.refusedSenderLogins, f[0]!.evidence.refusedSenderLoginIps], [200, 200]);
  // The refused IPs had no mail accepted: nothing of the after run's mail flow is the compromise's.
  assert.deepEqual([f[0]!.evidence.messagesSinceGuessed, f[0]!.evidence.messages], [0, 7]);
  assert.equal(f[0]!.lists!['compromised-ips.txt']!.length, 200);
  assert.match(f[0]!.title, /^The password of the SASL account info@example\.jp still works for others: between 2026-11-29 00:00 and .*200 IPs logged in as it .*refused them 200 times \("not owned by user"\)/);
  assert.match(f[0]!.fix ?? '', /^The password still works: 200 IPs logged in as info@example\.jp and were refused the sender 200 times/);
  assert.match(f[0]!.fix ?? '', /doveadm kick info@example\.jp/);
  assert.doesNotMatch(f[0]!.fix ?? '', /smtpd_sender_login_maps =/, 'the sender check is on: its setup is not asked again');

  const before = await reportOf(INCIDENT);
  const c = compare(before, after);
  const m = c.findings.find((x) => x.rule === 'compromised-account')!;
  assert.equal(m.status, 'persisting');
  // The brute force after is down to its background (nothing logged in: review 19, H1), which --fail-on does not count.
  assert.deepEqual(failingFindings(c, ['persisting']).map((x) => x.rule).sort(), ['compromised-account']);
  // Without the refusals the same account is resolved (the bundled after-fix log).
  const fixed = compare(before, await reportOf(AFTER_FIX));
  assert.equal(fixed.findings.find((x) => x.rule === 'compromised-account')!.status, 'resolved');
  // No mail of the account to leave out after: the mail-flow rows leave out the before run's only.
  assert.deepEqual(c.compromisedMail.after, []);
  // --redact: the refused IPs are IP pseudonyms everywhere (the evidence list is not read as user names).
  const red = redactReport(after, { key: 'k', redactDomains: false });
  const rf = red.findings.find((x) => x.rule === 'compromised-account')!;
  assert.ok(!JSON.stringify(red.findings).includes('80.43.'), 'a refused IP left after --redact');
  assert.match(String(rf.evidence.topRefusedIps), /^ip-[0-9a-f]{12} \(1\), ip-[0-9a-f]{12} \(1\), /);
  // A redacted run writes no list of pseudonyms (review 10, L3): the finding names none.
  assert.equal(rf.lists?.['compromised-ips.txt'], undefined);
});

test('H2: the owner\'s own client refused a few times, or 4 IPs, make no finding; 5 IPs do (compromised-account.minRefusedSenderIps)', async () => {
  const compromised = (r: Report): string[] => r.findings.filter((x) => x.rule === 'compromised-account').map((x) => x.subject.value);
  assert.deepEqual(compromised(await reportOf(withRefusals('one-ip.log', 'tanaka@example.jp', 1, 4))), []);
  assert.deepEqual(compromised(await reportOf(withRefusals('four-ips.log', 'tanaka@example.jp', 4, 2))), []);
  const five = await reportOf(withRefusals('five-ips.log', 'tanaka@example.jp', 5, 1));
  assert.deepEqual(compromised(five), ['tanaka@example.jp']);
  assert.equal(five.findings.find((x) => x.rule === 'compromised-account')!.evidence.refusedSenderLoginIps, 5);
  // The threshold can be raised like any other.
  const raised = await report([join(dir, 'five-ips.log')], { year: 2026, top: 50, detect: { thresholds: { 'compromised-account.minRefusedSenderIps': 6 } } });
  assert.deepEqual(compromised(raised), []);
});

test('H2: the refusals per login and IP give the same report.json for 1, 2 and 3 jobs and small ranges', async () => {
  const path = withRefusals('jobs.log', 'info@example.jp', 30, 3);
  const one = renderJson(await report([path], { year: 2026, top: 50 }));
  assert.match(one, /"refusedSenderLogins": 90,/);
  for (const jobs of [2, 3]) {
    assert.equal(renderJson(await report([path], { year: 2026, top: 50, jobs, rangeBytes: 40_000 })), one, `jobs ${jobs}`);
  }
});

/** The after-fix traffic from 2026-11-28 10:00 JST on, stamped in `zone` (gen_after_utc.py of the review). */
function shifted(name: string, zone: 'Z' | '+09:00'): string {
  const lines = readFileSync(AFTER_FIX, 'utf8').split('\n').filter((l) => l !== '');
  const months: Record<string, number> = { Nov: 10 };
  const jst = (l: string): number => Date.UTC(2026, months[l.slice(0, 3)]!, Number(l.slice(4, 6)), ...l.slice(7, 15).split(':').map(Number) as [number, number, number]) - 9 * 3_600_000;
  const shift = Date.UTC(2026, 10, 28, 1, 0, 0) - jst(lines[0]!);
  const out = lines.map((l) => {
    const t = jst(l) + shift;
    const local = new Date(zone === 'Z' ? t : t + 9 * 3_600_000).toISOString().slice(0, 19);
    return `${local}.000000${zone}${l.slice(15)}`;
  });
  const path = join(dir, name);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

function cliCompare(before: string, after: string, out: string): Comparison {
  const r = spawnSync(process.execPath, [CLI, 'compare', before, after, '--out', join(dir, out), '--format', 'json', '--year', '2026', '-q'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(join(dir, out, 'compare.json'), 'utf8')) as Comparison;
}

test('M2: an after log stamped in UTC is placed by its offset: not cut, the same comparison as the same log in +09:00', () => {
  const before = join(ROOT, 'samples', 'rfc3339', 'incident.log');
  const jst = cliCompare(before, shifted('after-jst.log', '+09:00'), 'cmp-jst');
  const utc = cliCompare(before, shifted('after-utc.log', 'Z'), 'cmp-utc');
  // The before log ends at 2026-11-28 09:28:17 +09:00; the after log starts at 10:00 +09:00 = 01:00 UTC (its first
  // mail line 32 minutes later): nothing to cut (the review saw 205 lines cut, 34.52 h instead of 42.5 h).
  for (const c of [jst, utc]) {
    assert.equal(c.checks.cut, null);
    assert.equal(c.checks.zones, null);
    assert.equal(c.after.period.hours, 42.48);
    assert.equal(c.order.relation, 'after-later');
  }
  // The after side speaks the before run's offset (review V): the UTC log's times are shown at +09:00 too.
  assert.deepEqual([jst.after.period.from, utc.after.period.from], ['2026-11-28T10:32:10+09:00', '2026-11-28T10:32:10+09:00']);
  assert.deepEqual(utc.after.period.timezone, '+09:00');
  const pct = (c: Comparison): number | null => c.findings.find((f) => f.rule === 'sasl-bruteforce')!.measure.changePct;
  assert.equal(pct(utc), pct(jst));
  assert.equal(Math.round(pct(utc)!), -44);
});

test('M2: a classic syslog before log and an after log with an offset: not cut, and the verdict warns first', () => {
  const c = cliCompare(INCIDENT, shifted('after-utc2.log', 'Z'), 'cmp-mixed');
  assert.equal(c.checks.cut, null);
  assert.equal(c.after.period.hours, 42.48);
  assert.match(c.checks.zones ?? '', /^The before log's times carry no UTC offset \(classic syslog: the server's local time\) and the after log's are in UTC\+00:00: .*the after log was analyzed whole, not cut/);
  const md = readFileSync(join(dir, 'cmp-mixed', 'compare.json'), 'utf8');
  assert.ok(md.includes('"zones": "The before log'));
});

test('M2: zoneShift: the offsets\' difference when both sides have one, 0 for two classic logs, null when only one has', () => {
  assert.equal(zoneShift('+09:00', '+00:00'), -9 * 3_600_000);
  assert.equal(zoneShift('+00:00', '+09:00'), 9 * 3_600_000);
  assert.equal(zoneShift('-05:30', '+09:00'), 14.5 * 3_600_000);
  assert.equal(zoneShift('+09:00', '+09:00'), 0);
  assert.equal(zoneShift('local', 'local'), 0);
  assert.equal(zoneShift('local', '+09:00'), null);
  assert.equal(zoneShift('+09:00', 'local'), null);
  assert.equal(zoneShift('+09:00', ''), null, 'after files in several zones');
});

test('H2: the refused IPs of the evidence come the most refused first, with their counts (review 11 code, 6)', async () => {
  const path = withRefusals('ranked.log', 'info@example.jp', 6, 1);
  const lines = readFileSync(path, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes('reject: RCPT from unknown[80.43.1.6]'));
  assert.ok(i > 0);
  lines.splice(i + 1, 0, lines[i]!, lines[i]!);
  writeFileSync(path, lines.join('\n'));
  const r = await report([path], { year: 2026, top: 50 });
  const f = r.findings.find((x) => x.rule === 'compromised-account')!;
  assert.equal(f.evidence.refusedSenderLogins, 8);
  assert.equal(f.evidence.topRefusedIps, '80.43.1.6 (3), 80.43.1.1 (1), 80.43.1.2 (1), 80.43.1.3 (1), 80.43.1.4 (1)');
});
