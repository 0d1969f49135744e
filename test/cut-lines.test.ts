// Review S, S10: unit tests of src/compare/cut-lines.ts (review P, P7; review R, R7a/R7b), on reports built as plain
// objects in the shape compare reads: the before run's hourly[] rows ({hour, lines, dovecotLines}) and the cut after
// run's since.hourly ({hour, lines, dovecotLines?}: the hours it left lines out of, quiet ones absent). Every expected
// value below is worked out by hand from the code: an hour is compared when it is in the before run's hourly[], later
// than `from` (the later of the two sides' first hours) and not quiet on both sides; it is alike when
// |after - before| <= max(2, before / 50).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutLines, unlikeBeforePeriod, type CutLines } from '../src/compare/cut-lines.js';
import { uncountedBefore } from '../src/compare/compare.js';
import type { Report } from '../src/report/model.js';

interface Hour { hour: string; lines: number; dovecotLines?: number }

/** "2026-11-26T13:00" (+ zone unless local), as hourLabel labels hourly rows. */
const at = (day: number, hour: number, zone = 'local'): string =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00${zone === 'local' ? '' : zone}`;

/** The before run: its hourly rows (every new report row has dovecotLines, 0 when none). */
function beforeRun(rows: Hour[], zone = 'local', since?: Report['since']): Report {
  return {
    period: { timezone: zone },
    hourly: rows.map((r) => ({ dovecotLines: 0, ...r })),
    ...(since ? { since } : {}),
  } as unknown as Report;
}

/** The cut after run: its own hourly rows (after the cut) and the lines it left out by hour (since.hourly). */
function afterRun(left: Hour[] | undefined, zone = 'local', own: Hour[] = [{ hour: at(28, 10, zone), lines: 40, dovecotLines: 0 }]): Report {
  const linesBefore = (left ?? []).reduce((n, h) => n + h.lines, 0);
  return {
    period: { timezone: zone },
    hourly: own,
    since: { at: '2026-11-28T09:28:17', linesBefore, ...(left ? { hourly: left } : {}) },
  } as unknown as Report;
}

/** One compared hour (13:00) after a first hour (12:00) that both sides have and that is skipped. */
function oneHour(before: number, after: number): CutLines | null {
  return cutLines(
    beforeRun([{ hour: at(26, 12), lines: 500 }, { hour: at(26, 13), lines: before }]),
    afterRun([{ hour: at(26, 12), lines: 1 }, { hour: at(26, 13), lines: after }]),
  );
}

test('S10 cut-lines: small counts are alike within 2 lines, either way, and not at 3', () => {
  // before 10: max(2, 10/50 = 0.2) = 2
  assert.deepEqual(oneHour(10, 12), { hours: 1, alike: 1, before: 10, after: 12 });
  assert.deepEqual(oneHour(10, 8), { hours: 1, alike: 1, before: 10, after: 8 });
  assert.deepEqual(oneHour(10, 13), { hours: 1, alike: 0, before: 10, after: 13 });
  assert.deepEqual(oneHour(10, 7), { hours: 1, alike: 0, before: 10, after: 7 });
  // before 100: 100/50 = 2, the floor and the 2% meet
  assert.equal(oneHour(100, 102)!.alike, 1);
  assert.equal(oneHour(100, 98)!.alike, 1);
  assert.equal(oneHour(100, 103)!.alike, 0);
  assert.equal(oneHour(100, 97)!.alike, 0);
  // before 149: 149/50 = 2.98, still 2 lines only in integers
  assert.equal(oneHour(149, 151)!.alike, 1);
  assert.equal(oneHour(149, 152)!.alike, 0);
  // A quiet hour on one side only is compared: 0 before and 2 left out are alike, 3 are not
  assert.deepEqual(oneHour(0, 2), { hours: 1, alike: 1, before: 0, after: 2 });
  assert.deepEqual(oneHour(0, 3), { hours: 1, alike: 0, before: 0, after: 3 });
  assert.deepEqual(oneHour(3, 0), { hours: 1, alike: 0, before: 3, after: 0 });
  // Quiet on both sides: the only hour compared is left out, so nothing is compared
  assert.equal(oneHour(0, 0), null);
});

test('S10 cut-lines: large counts are alike within 2% of the before run\'s count, just inside and just outside', () => {
  // before 1000: 20 lines
  assert.equal(oneHour(1000, 1020)!.alike, 1);
  assert.equal(oneHour(1000, 980)!.alike, 1);
  assert.equal(oneHour(1000, 1021)!.alike, 0);
  assert.equal(oneHour(1000, 979)!.alike, 0);
  // before 50,000: 1,000 lines
  assert.deepEqual(oneHour(50_000, 51_000), { hours: 1, alike: 1, before: 50_000, after: 51_000 });
  assert.equal(oneHour(50_000, 49_000)!.alike, 1);
  assert.equal(oneHour(50_000, 51_001)!.alike, 0);
  assert.equal(oneHour(50_000, 48_999)!.alike, 0);
  // A fractional tolerance: before 1,049 allows 20.98 lines, so 21 apart is outside; before 1,050 allows 21
  assert.equal(oneHour(1049, 1070)!.alike, 0);
  assert.equal(oneHour(1050, 1071)!.alike, 1);
  // The 2% is of the before run's count: 21 apart is alike with 1,050 before, not with 1,029 before
  assert.equal(oneHour(1050, 1029)!.alike, 1);
  assert.equal(oneHour(1029, 1050)!.alike, 0);
});

test('S10 cut-lines: the after log beginning later: its first hour and the hours before it are not compared', () => {
  // The before period 10:00–15:00; the after run left out lines from 12:00 on (the after log begins within 12:00).
  // from = max(10:00, 12:00) = 12:00: 10:00 and 11:00 (nothing left out) and 12:00 itself (at <= from) are skipped,
  // though 10:00/11:00 would be unlike (0 against 300) and 12:00 too (7 against 300).
  const before = beforeRun([300, 300, 300, 400, 500, 600].map((lines, i) => ({ hour: at(26, 10 + i), lines })));
  const c = cutLines(before, afterRun([7, 400, 500, 600].map((lines, i) => ({ hour: at(26, 12 + i), lines }))));
  assert.deepEqual(c, { hours: 3, alike: 3, before: 1500, after: 1500 });
  assert.equal(unlikeBeforePeriod(c), false);
  // The same, but the after log's first hour is 13:00: 13:00 is skipped now, and 14:00/15:00 alone are compared
  const d = cutLines(before, afterRun([{ hour: at(26, 13), lines: 1 }, { hour: at(26, 14), lines: 500 }, { hour: at(26, 15), lines: 600 }]));
  assert.deepEqual(d, { hours: 2, alike: 2, before: 1100, after: 1100 });
  // Hours the after run left lines out of past the before period's last hour are not counted on either side
  const e = cutLines(before, afterRun([7, 400, 500, 600, 9_999].map((lines, i) => ({ hour: at(26, 12 + i), lines }))));
  assert.deepEqual(e, { hours: 3, alike: 3, before: 1500, after: 1500 });
  // An hour inside the compared range with nothing left out (absent from since.hourly) counts as 0 left out
  const f = cutLines(before, afterRun([7, 400, 600].map((lines, i) => ({ hour: at(26, [12, 13, 15][i]!), lines }))));
  assert.deepEqual(f, { hours: 3, alike: 2, before: 1500, after: 1000 });
});

test('S10 cut-lines: the before log beginning later: its first hour is skipped, though the after log has all of it', () => {
  // The after log holds an older rotation: lines left out from 08:00 on; the before log begins within 10:00.
  // from = max(10:00, 08:00) = 10:00: the before run's 10:00 (a part of the hour: 50 against 300) is skipped.
  const before = beforeRun([50, 300, 300].map((lines, i) => ({ hour: at(26, 10 + i), lines })));
  const c = cutLines(before, afterRun([900, 900, 300, 300, 301].map((lines, i) => ({ hour: at(26, 8 + i), lines }))));
  assert.deepEqual(c, { hours: 2, alike: 2, before: 600, after: 601 });
  // Over days: the first hour of the later side is what counts, not its hour of the day
  const d = cutLines(
    beforeRun([{ hour: at(26, 23), lines: 5 }, { hour: at(27, 0), lines: 100 }]),
    afterRun([{ hour: at(26, 22), lines: 9 }, { hour: at(26, 23), lines: 80 }, { hour: at(27, 0), lines: 97 }]),
  );
  assert.deepEqual(d, { hours: 1, alike: 0, before: 100, after: 97 });
});

test('S10 cut-lines: two runs in different time zones cannot be put side by side: null', () => {
  const rows = (zone: string): Hour[] => [100, 200, 300].map((lines, i) => ({ hour: at(26, 10 + i, zone), lines }));
  // The same zone (offset labels, as an ISO-stamped log's report writes them): compared
  assert.deepEqual(cutLines(beforeRun(rows('+09:00'), '+09:00'), afterRun(rows('+09:00'), '+09:00')), { hours: 2, alike: 2, before: 500, after: 500 });
  // The same counts, the after run in UTC: null
  assert.equal(cutLines(beforeRun(rows('+09:00'), '+09:00'), afterRun(rows('+09:00'), 'Z')), null);
  // Classic syslog ("local") on one side, an offset on the other: null
  assert.equal(cutLines(beforeRun(rows('local'), 'local'), afterRun(rows('local'), '+09:00')), null);
  assert.equal(cutLines(beforeRun(rows('+09:00'), '+09:00'), afterRun(rows('+09:00'), 'local')), null);
});

test('S10 cut-lines: no counts to compare: null', () => {
  const rows: Hour[] = [100, 200, 300].map((lines, i) => ({ hour: at(26, 10 + i), lines }));
  assert.notEqual(cutLines(beforeRun(rows), afterRun(rows)), null);
  assert.equal(cutLines(beforeRun(rows), afterRun(undefined)), null, 'an older after report: no since.hourly');
  assert.equal(cutLines(beforeRun(rows), afterRun([])), null, 'nothing left out');
  assert.equal(cutLines(beforeRun([]), afterRun(rows)), null, 'a before run without hours');
  assert.equal(cutLines(beforeRun(rows), { ...afterRun(rows), since: undefined } as unknown as Report), null, 'no cut');
  assert.equal(cutLines(beforeRun([{ hour: at(26, 10), lines: 100 }]), afterRun(rows)), null, 'the one hour is the first, skipped');
  assert.equal(cutLines(beforeRun(rows.map((r) => ({ ...r, hour: 'not a time' }))), afterRun(rows)), null, 'no hour read');
});

test('S10 cut-lines: unlikeBeforePeriod: exactly half of the hours alike is not unlike, just under half is', () => {
  const c = (hours: number, alike: number): CutLines => ({ hours, alike, before: 0, after: 0 });
  assert.equal(unlikeBeforePeriod(c(4, 2)), false);
  assert.equal(unlikeBeforePeriod(c(4, 1)), true);
  assert.equal(unlikeBeforePeriod(c(2, 1)), false);
  assert.equal(unlikeBeforePeriod(c(5, 3)), false);
  assert.equal(unlikeBeforePeriod(c(5, 2)), true, '2 of 5: just under half');
  assert.equal(unlikeBeforePeriod(c(22, 11)), false);
  assert.equal(unlikeBeforePeriod(c(22, 10)), true);
  assert.equal(unlikeBeforePeriod(c(1, 0)), true);
  assert.equal(unlikeBeforePeriod(null), false);
  // End to end: 4 hours compared after the first (10:00 skipped), 2 of them alike
  const before = beforeRun([10, 100, 200, 300, 400].map((lines, i) => ({ hour: at(26, 10 + i), lines })));
  // 11:00 100/101 alike (1 ≤ 2); 12:00 200/204 alike (4 ≤ 4); 13:00 300/307 unlike (7 > 6); 14:00 400/409 unlike (9 > 8)
  const half = cutLines(before, afterRun([10, 101, 204, 307, 409].map((lines, i) => ({ hour: at(26, 10 + i), lines }))));
  assert.deepEqual(half, { hours: 4, alike: 2, before: 1000, after: 1021 });
  assert.equal(unlikeBeforePeriod(half), false);
  // 12:00 one line further out (205: 5 > 4): 1 of 4 alike
  const under = cutLines(before, afterRun([10, 101, 205, 307, 409].map((lines, i) => ({ hour: at(26, 10 + i), lines }))));
  assert.deepEqual(under, { hours: 4, alike: 1, before: 1000, after: 1022 });
  assert.equal(unlikeBeforePeriod(under), true);
});

test('S10 cut-lines (R7a): Dovecot\'s lines on one side only: compared by their Postfix lines when both runs count Dovecot\'s', () => {
  // The before run had maillog and Dovecot's own log file: lines = Postfix + Dovecot. The after log is maillog grown,
  // with no Dovecot line (since.hourly without dovecotLines). All lines: 11:00–13:00 unlike (300 against 200 …).
  const before = beforeRun([
    { hour: at(26, 10), lines: 150, dovecotLines: 50 },
    { hour: at(26, 11), lines: 300, dovecotLines: 100 },
    { hour: at(26, 12), lines: 410, dovecotLines: 110 },
    { hour: at(26, 13), lines: 500, dovecotLines: 200 },
  ]);
  const left: Hour[] = [120, 200, 300, 301].map((lines, i) => ({ hour: at(26, 10 + i), lines }));
  // Postfix lines: 200/200, 300/300, 300/301: all alike
  assert.deepEqual(cutLines(before, afterRun(left)), { hours: 3, alike: 3, before: 800, after: 801 });
  // An after report of an older version (its hourly rows without dovecotLines): compared by all lines, unlike
  const older = afterRun(left, 'local', [{ hour: at(28, 10), lines: 40 }]);
  const all = cutLines(before, older);
  assert.deepEqual(all, { hours: 3, alike: 0, before: 1210, after: 801 });
  assert.equal(unlikeBeforePeriod(all), true);
  // A before report of an older version: the same
  const beforeOld = { ...before, hourly: before.hourly.map(({ dovecotLines: _d, ...r }) => r) } as unknown as Report;
  assert.deepEqual(cutLines(beforeOld, afterRun(left)), { hours: 3, alike: 0, before: 1210, after: 801 });
  // Another server's log: its Postfix lines unlike too: the comparison of all lines is the answer
  const other: Hour[] = [120, 50, 60, 70].map((lines, i) => ({ hour: at(26, 10 + i), lines }));
  assert.deepEqual(cutLines(before, afterRun(other)), { hours: 3, alike: 0, before: 1210, after: 180 });
  // Lines alike by all counts: all lines are compared (Dovecot's counted), even when both count Dovecot's
  const same: Hour[] = [150, 300, 410, 500].map((lines, i) => ({ hour: at(26, 10 + i), lines, dovecotLines: [50, 100, 110, 200][i]! }));
  assert.deepEqual(cutLines(before, afterRun(same)), { hours: 3, alike: 3, before: 1210, after: 1210 });
  // Dovecot's lines on the after side only (the after log with Dovecot's, the before run without): Postfix lines alike
  const beforeNoDovecot = beforeRun([150, 200, 300, 300].map((lines, i) => ({ hour: at(26, 10 + i), lines })));
  const withDovecot: Hour[] = [150, 300, 410, 500].map((lines, i) => ({ hour: at(26, 10 + i), lines, dovecotLines: [50, 100, 110, 200][i]! }));
  assert.deepEqual(cutLines(beforeNoDovecot, afterRun(withDovecot)), { hours: 3, alike: 3, before: 800, after: 800 });
});

test('S10 cut-lines (R7b): a before run made with --since: the after log\'s lines before its start are not compared', () => {
  // The before run with --since 2026-11-26 12:30 on a log from 00:00: its hourly rows from 12:00 (the lines after
  // 12:30 only), its since.hourly 00:00–12:00. The after log is the same log grown: the lines it left out from 00:00,
  // 12:00 holding the whole hour (12 + 88). from = max(12:00, 00:00) = 12:00: 00:00–12:00 are not compared.
  const beforeSince = Array.from({ length: 12 }, (_, i) => ({ hour: at(26, i), lines: 1000 + i }));
  const before = beforeRun(
    [88, 200, 300, 400].map((lines, i) => ({ hour: at(26, 12 + i), lines })),
    'local',
    { at: '2026-11-26T12:30:00', linesBefore: 12 * 1000 + 66 + 12, hourly: [...beforeSince, { hour: at(26, 12), lines: 12 }] },
  );
  const left: Hour[] = [...beforeSince, { hour: at(26, 12), lines: 100 }, { hour: at(26, 13), lines: 200 },
    { hour: at(26, 14), lines: 300 }, { hour: at(26, 15), lines: 400 }];
  const c = cutLines(before, afterRun(left));
  assert.deepEqual(c, { hours: 3, alike: 3, before: 900, after: 900 });
  assert.equal(unlikeBeforePeriod(c), false);
  // compare's count of them (uncountedBefore): the hours wholly before 12:30 (12,066 lines), and of 12:00 as many as
  // the before run left out of it (min(12, 100) = 12)
  assert.deepEqual(uncountedBefore(before, afterRun(left)), { since: '2026-11-26 12:30:00', lines: 12_078, atLeast: false });
  // Without the before run's own count of 12:00: its 100 lines may be partly before the start: "at least"
  const noOwn = { ...before, since: { ...before.since!, hourly: beforeSince } } as Report;
  assert.deepEqual(uncountedBefore(noOwn, afterRun(left)), { since: '2026-11-26 12:30:00', lines: 12_066, atLeast: true });
  // The before run without --since: nothing uncounted
  assert.equal(uncountedBefore({ ...before, since: undefined } as unknown as Report, afterRun(left)), null);
});
