// Review S, S10 and S12: unit tests of compare/cut-lines.ts, compare/mailbox-intruders.ts ('capped', an empty table),
// split/last-dated.ts (a truncated last line, a window that starts inside a line, no dated line) and
// report/mailbox-logins.ts (detailed rows formatted only for the users that keep them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutLines, unlikeBeforePeriod } from '../src/compare/cut-lines.js';
import { mailboxIntrudersOf } from '../src/compare/mailbox-intruders.js';
import { lastDatedAt } from '../src/split/last-dated.js';
import { resolveInputs } from '../src/split/inputs.js';
import { mailboxLoginRows } from '../src/report/mailbox-logins.js';
import { parseLocalTime } from '../src/time.js';
import type { Report } from '../src/report/model.js';
import type { Aggregate, MailboxLoginRow } from '../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-s10-'));

// ------------------------------------------------------------------------------------------------ cut-lines

const hours = (day: number, counts: number[], from = 0): Array<{ hour: string; lines: number }> =>
  counts.map((lines, i) => ({ hour: `2026-11-${String(day).padStart(2, '0')}T${String(from + i).padStart(2, '0')}:00`, lines }));

function sides(before: number[], left: number[], tz = ['local', 'local'], leftFrom = 0): [Report, Report] {
  return [
    { period: { timezone: tz[0] }, hourly: hours(12, before) } as unknown as Report,
    { period: { timezone: tz[1] }, hourly: [], since: { at: '2026-11-12T23:59:59', linesBefore: 0, hourly: hours(12, left, leftFrom) } } as unknown as Report,
  ];
}

test('S10 cut-lines: alike hours within 2 lines or 2%, the first hour skipped, quiet hours ignored', () => {
  // Hour 0 is skipped (either log may begin within it); 1: 100 vs 102 (2 lines: alike); 2: 1000 vs 1020 (2%: alike);
  // 3: 1000 vs 1021 (unlike); 4: quiet on both sides (not compared); 5: 3 vs 0 (unlike).
  const c = cutLines(...sides([50, 100, 1000, 1000, 0, 3], [7, 102, 1020, 1021, 0, 0]));
  assert.deepEqual(c, { hours: 4, alike: 2, before: 2103, after: 2143 });
  assert.equal(unlikeBeforePeriod(c), false, 'exactly half alike is not "unlike"');
  const d = cutLines(...sides([50, 100, 1000, 1000, 0, 3], [7, 102, 900, 1021, 0, 0]));
  assert.equal(d!.alike, 1);
  assert.equal(unlikeBeforePeriod(d), true);
});

test('S10 cut-lines: the after log beginning later: hours up to its first hour are not compared', () => {
  // The after run left out lines from 02:00 on: 00:00–02:00 are not compared (02:00 may be partial).
  const c = cutLines(...sides([10, 20, 30, 40, 50], [31, 40, 50], ['local', 'local'], 2));
  assert.deepEqual(c, { hours: 2, alike: 2, before: 90, after: 90 });
});

test('S10 cut-lines: different time zones, no since.hourly, or nothing to compare: null', () => {
  assert.equal(cutLines(...sides([1, 2, 3], [1, 2, 3], ['+09:00', 'local'])), null);
  const [b, a] = sides([1, 2, 3], [1, 2, 3]);
  assert.equal(cutLines(b, { ...a, since: { at: 'x', linesBefore: 0 } } as Report), null);
  assert.equal(cutLines(...sides([5], [5])), null, 'one hour only: the first, skipped');
  assert.equal(unlikeBeforePeriod(null), false);
});

// ------------------------------------------------------------------------------------------------ mailbox-intruders

const afterReport = (rows: unknown[], totals: Record<string, number> = { dovecotLogins: 1, dovecotLoginFailures: 0 }, top = 50): Report =>
  ({ options: { top }, totals, mailboxLoginsByUser: rows } as unknown as Report);

test('S10 mailbox-intruders: an account with more client IPs than kept and no intruder among them: capped; one found: at least', () => {
  const row = { key: 'info@example.jp', logins: 1500, clientIps: 1500, ips: ['198.51.100.1'], ipsComplete: false, topClientIps: [] };
  assert.deepEqual(mailboxIntrudersOf(afterReport([row]), 'info@example.jp', new Set(['203.0.113.9'])), { checked: false, why: 'capped' });
  const found = mailboxIntrudersOf(afterReport([row]), 'info@example.jp', new Set(['198.51.100.1']));
  assert.ok(found.checked);
  assert.deepEqual([found.count, found.atLeast, found.loginsAtLeast, found.ips[0]!.logins], [1, true, true, null]);
});

test('S10 mailbox-intruders: an empty table with no Dovecot login in the report: no-dovecot; with Dovecot logins of others only: checked, none', () => {
  assert.deepEqual(mailboxIntrudersOf(afterReport([], { dovecotLogins: 0, dovecotLoginFailures: 0 }), 'info@example.jp', new Set(['203.0.113.9'])),
    { checked: false, why: 'no-dovecot' });
  // Failed logins only (no table row): Dovecot's lines are there, the account did not log in.
  assert.deepEqual(mailboxIntrudersOf(afterReport([], { dovecotLogins: 0, dovecotLoginFailures: 3 }), 'info@example.jp', new Set(['203.0.113.9'])),
    { checked: true, count: 0, logins: 0, atLeast: false, ips: [] });
  const other = { key: 'suzuki@example.jp', logins: 2, clientIps: 1, ips: ['198.51.100.9'], ipsComplete: true, topClientIps: [] };
  assert.deepEqual(mailboxIntrudersOf(afterReport([other]), 'info@example.jp', new Set(['203.0.113.9'])),
    { checked: true, count: 0, logins: 0, atLeast: false, ips: [] });
  assert.deepEqual(mailboxIntrudersOf({ options: { top: 50 }, totals: {} } as unknown as Report, 'info@example.jp', new Set()), { checked: false, why: 'no-table' });
});

// ------------------------------------------------------------------------------------------------ last-dated

async function lastOf(name: string, text: string, year = 2026): Promise<number> {
  const path = join(dir, name);
  writeFileSync(path, text);
  return lastDatedAt((await resolveInputs([path], year)).inputs[0]!);
}

const line = (s: number): string => `Nov 28 10:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} mail postfix/qmgr[1201]: 3F2A81637B1: removed`;

test('S10 last-dated: trailing lines without a stamp, a truncated last line, a window that starts inside a line', async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => line(i % 3600));
  // 2,999 s after 10:00:00 is 10:49:59.
  assert.equal(await lastOf('trailing.log', [...lines, 'not a syslog line', '', '   '].join('\n') + '\n'), parseLocalTime('2026-11-28T10:49:59'));
  // The last line cut in its stamp (a copy taken while the log was written): the line before it counts.
  assert.equal(await lastOf('truncated.log', [...lines, 'Nov 28 11:0'].join('\n')), parseLocalTime('2026-11-28T10:49:59'));
  // Cut after its program's colon: the line still dates (one cut before it has no header and does not).
  assert.equal(await lastOf('truncated2.log', [...lines, 'Nov 28 11:00:00 mail postfix/qmgr[1201]: 3F2A8'].join('\n')), parseLocalTime('2026-11-28T11:00:00'));
  // No dated line in the window: NaN (the analysis tells).
  assert.ok(Number.isNaN(await lastOf('undated.log', `${line(0)}\n${'x'.repeat(80)}\n`.repeat(1) + `${'no stamp here\n'.repeat(100000)}`)));
});

// ------------------------------------------------------------------------------------------------ mailbox-logins (S12)

test('S12 mailbox-logins: times and examples are formatted only for the detailed rows kept (the first --top users)', () => {
  const mailboxLogins = new Map<string, Map<string, MailboxLoginRow>>();
  for (let u = 0; u < 20; u++) {
    const byIp = new Map<string, MailboxLoginRow>();
    for (let i = 0; i < 10; i++) byIp.set(`198.51.${u}.${i}`, {
      logins: 1 + i, lips: '', others: '', othersN: 0, proxied: 0, via: '', protocol: 'imap', firstAt: 1000 * i, lastAt: 1000 * i + 1, example: null,
    });
    mailboxLogins.set(`user${u}@example.jp`, byIp);
  }
  let calls = 0;
  const at = (ms: number): string => { calls++; return String(ms); };
  const rows = mailboxLoginRows({ mailboxLogins } as unknown as Aggregate, 2, at);
  assert.equal(rows.length, 20);
  assert.deepEqual(rows.map((r) => r.topClientIps.length), [2, 2, ...Array(18).fill(0)]);
  assert.deepEqual(rows[0]!.topClientIps.map((x) => [x.ip, x.logins, x.firstAt]), [['198.51.0.9', 10, '9000'], ['198.51.0.8', 9, '8000']]);
  assert.ok(rows.every((r) => r.ips!.length === 10 && r.ipsComplete === true));
  // Each user's first and last (40), and 2 × 2 rows' two times (8): not 20 users × 10 IPs × 2 more.
  assert.equal(calls, 48);
});
