// A rotated set with a file missing (maillog.2.gz not copied): every file given is read and the report looked whole,
// with a day of the log not in it and nothing to say so (the twenty-seventh session's hostile-input review). The
// warning names the two files around the hole, the times of their lines and the numbered rotations not given.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import { SET_GAP_MS, setGaps } from '../src/split/set-gaps.js';
import type { InputFile } from '../src/split/inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-set-gaps-'));
const pad = (n: number): string => String(n).padStart(2, '0');

/** A day of a server's log as logrotate cuts it at 06:25: a connection every `every` minutes from 06:25 on. */
function day(nov: number, every = 10): string {
  const out: string[] = [];
  for (let m = 0; m < 24 * 60; m += every) {
    const t = 6 * 60 + 25 + m;
    const d = nov + Math.floor(t / (24 * 60));
    const hm = t % (24 * 60);
    out.push(`Nov ${pad(d)} ${pad(Math.floor(hm / 60))}:${pad(hm % 60)}:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.${1 + (m % 200)}]`);
  }
  return out.join('\n') + '\n';
}

const set = {
  'maillog.3.gz': gzipSync(day(24)),
  'maillog.2.gz': gzipSync(day(25)),
  'maillog.1': day(26),
  maillog: day(27),
};
for (const [name, content] of Object.entries(set)) writeFileSync(join(dir, name), content);
const path = (name: string): string => join(dir, name);

test('a rotated set with a file missing: a warning names the files around the hole, its times and the rotation not given, at 1 and 3 jobs', async () => {
  const given = [path('maillog'), path('maillog.3.gz'), path('maillog.1')];
  const r = await report(given, { year: 2026, jobs: 1 });
  assert.equal(r.totals.connections, 3 * 144);
  assert.deepEqual(r.warnings, [`No Postfix or Dovecot line between ${path('maillog.3.gz')}'s last (2026-11-25 06:15:00) and ${path('maillog.1')}'s first `
    + `(2026-11-26 06:25:00), 24.2 hours, and ${path('maillog.2.gz')} is not among the inputs: a rotated file of that time missing? Its lines are not in `
    + 'this report; give it too if you have it.']);
  const three = await report(given, { year: 2026, jobs: 3, rangeBytes: 2_000 });
  assert.equal(renderJson(three), renderJson(r));
  const ja = await report(given, { year: 2026, jobs: 1, lang: 'ja' });
  assert.deepEqual(ja.warnings, [`${path('maillog.3.gz')} の最後の行（2026-11-25 06:15:00）から ${path('maillog.1')} の最初の行（2026-11-26 06:25:00）まで、`
    + `24.2 時間のあいだ Postfix・Dovecot の行がありません。${path('maillog.2.gz')} は入力にありません。その間のローテーションされたファイルが欠けていませんか。`
    + 'その行はこのレポートに含まれていません。あれば一緒に指定してください。']);
});

test('the whole set, a set whose files follow each other, and a quiet night shorter than 20 hours give no such warning', async () => {
  const whole = await report(Object.keys(set).map(path), { year: 2026, jobs: 1 });
  assert.equal(whole.totals.connections, 4 * 144);
  assert.deepEqual(whole.warnings, []);
  // A server quiet from 19:00 to 06:30 (11.5 hours, the rotation inside): no line missing, no warning.
  const quietA = join(dir, 'quiet.1');
  const quietB = join(dir, 'quiet');
  writeFileSync(quietA, 'Nov 24 19:00:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.1]\n');
  writeFileSync(quietB, 'Nov 25 06:30:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.2]\n');
  assert.deepEqual((await report([quietA, quietB], { year: 2026, jobs: 1 })).warnings, []);
});

// The twenty-seventh session's review: a relay that takes no mail from 18:00 to 07:00 is quiet for 13 hours across
// its daily rotation, and was warned about (12 hours then). A missing daily file leaves a hole of a day at least.
test('a quiet relay: 13 hours without a line across the daily rotation give no warning; the same set with a day missing still does', async () => {
  /** A day from 07:00 to 18:00 (a connection every 10 minutes), the file cut at 06:25 the next morning. */
  const workday = (nov: number): string => {
    const out: string[] = [];
    for (let m = 7 * 60; m <= 18 * 60; m += 10) out.push(`Nov ${pad(nov)} ${pad(Math.floor(m / 60))}:${pad(m % 60)}:00 relay postfix/smtpd[1]: connect from unknown[192.0.2.${1 + (m % 200)}]`);
    return out.join('\n') + '\n';
  };
  const q = (name: string): string => join(dir, `relay-${name}`);
  writeFileSync(q('maillog.3.gz'), gzipSync(workday(24)));
  writeFileSync(q('maillog.2.gz'), gzipSync(workday(25)));
  writeFileSync(q('maillog.1'), workday(26));
  writeFileSync(q('maillog'), workday(27));
  const quiet = await report([q('maillog.1'), q('maillog')], { year: 2026, jobs: 1 });
  assert.equal(quiet.totals.connections, 2 * 67);
  assert.deepEqual(quiet.warnings, []);
  // A dateext set (no numbers to go by): the day missing leaves 37 hours.
  writeFileSync(q('maillog-20261125'), workday(24));
  writeFileSync(q('maillog-20261127'), workday(26));
  const missing = await report([q('maillog-20261125'), q('maillog-20261127')], { year: 2026, jobs: 1 });
  assert.equal(missing.warnings.length, 1, missing.warnings.join('\n'));
  assert.match(missing.warnings[0]!, /^No Postfix or Dovecot line between .*relay-maillog-20261125's last \(2026-11-24 18:00:00\) and .*relay-maillog-20261127's first \(2026-11-26 07:00:00\), 37 hours/);
});

test('numbered rotations: a number skipped between two files is named, with .gz as the older file has it; other names are not guessed', () => {
  const input = (p: string, index: number): InputFile => ({ index, path: p } as InputFile);
  const spans = (...at: Array<[number, number]>): Map<number, { firstAt: number; lastAt: number; programs: number }> =>
    new Map(at.map(([first, last], i) => [i, { firstAt: first, lastAt: last, programs: 1 }]));
  const h = 3_600_000;
  // Files that follow each other in time, one number skipped: named, whatever the time between.
  assert.deepEqual(setGaps([input('log/maillog.4.gz', 0), input('log/maillog.1', 1)], spans([0, 10 * h], [10 * h + 60_000, 20 * h]), ['log/maillog.4.gz', 'log/maillog.1']),
    [{ before: 'log/maillog.4.gz', after: 'log/maillog.1', lastAt: 10 * h, firstAt: 10 * h + 60_000, missing: ['log/maillog.2.gz', 'log/maillog.3.gz'] }]);
  // The live file after maillog.2: maillog.1 (plain, as delaycompress leaves it).
  assert.deepEqual(setGaps([input('maillog.2', 0), input('maillog', 1)], spans([0, h], [2 * h, 3 * h]), ['maillog.2', 'maillog']).map((g) => g.missing), [['maillog.1']]);
  // A number given but skipped as a copy of another input is not missing; dateext names are not guessed at.
  assert.deepEqual(setGaps([input('maillog.3', 0), input('maillog.1', 1)], spans([0, h], [2 * h, 3 * h]), ['maillog.3', 'maillog.2', 'maillog.1']), []);
  assert.deepEqual(setGaps([input('maillog-20261120.gz', 0), input('maillog-20261127.gz', 1)], spans([0, h], [2 * h, 3 * h]), []), []);
  // Time alone: from SET_GAP_MS on, between any names; overlapping files (or a stream out of order) are no gap.
  assert.equal(setGaps([input('a.log', 0), input('b.log', 1)], spans([0, h], [h + SET_GAP_MS - 1, 20 * h]), []).length, 0);
  assert.equal(setGaps([input('a.log', 0), input('b.log', 1)], spans([0, h], [h + SET_GAP_MS, 20 * h]), []).length, 1);
  assert.equal(setGaps([input('maillog.3', 0), input('maillog.1', 1)], spans([0, 5 * h], [4 * h, 6 * h]), []).length, 0);
});
