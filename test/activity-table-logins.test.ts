// Review AN, AN6: report.md's activity table had one "AUTH failures" column, SMTP AUTH only, while the findings count
// IMAP/POP3 failed logins too (an old phone's 66 IMAP failures, 6 an hour, showed as 0 in every row). It has both
// columns now, per minute bin and per hour, in English and Japanese; report.html shows the same table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownSection, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import type { Report } from '../src/report/model.js';

const stamp = (minute: number, second: number): string => `Dec  1 10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}`;

// "Nov 28 22:14:00 mail postfix/submission/smtpd[21287]: warning: unknown[127.0.12.34]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=suzuki@example.jp"
const smtpFail = (minute: number, second: number): string =>
  `${stamp(minute, second)} mail postfix/submission/smtpd[4101]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=sato@example.jp`;
// "dovecot: auth: passwd-file(yamada@example.jp,127.0.10.2,<ZyDm9VVhTbx/AAoC>): Password mismatch" and the login
// process's line of the same session (corpus healthy log, line 2874).
const imapFail = (minute: number, second: number, k: number): string[] => {
  const sid = `ZyDm9VVhTbx/${String(k).padStart(4, '0')}`;
  return [
    `${stamp(minute, second)} mail dovecot: auth: passwd-file(sato@example.jp,203.0.113.77,<${sid}>): Password mismatch`,
    `${stamp(minute, second)} mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<sato@example.jp>, method=PLAIN, rip=203.0.113.77, lip=127.0.0.1, session=<${sid}>`,
  ];
};

/** 10:00–10:09: 2 SMTP AUTH failures at 10:01, 3 IMAP failures at 10:04 and 1 at 10:07. */
async function fewLogins(lang?: 'ja'): Promise<Report> {
  const lines = [
    smtpFail(0, 0).replace(/warning: .*/, 'connect from unknown[203.0.113.9]'),
    smtpFail(1, 10), smtpFail(1, 20),
    ...imapFail(4, 0, 1), ...imapFail(4, 20, 2), ...imapFail(4, 40, 3),
    ...imapFail(7, 0, 4),
    smtpFail(9, 59).replace(/warning: .*/, 'disconnect from unknown[203.0.113.9] ehlo=1 auth=0/2 quit=1 commands=2/4'),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'mlf-activity-'));
  writeFileSync(join(dir, 'maillog'), lines.join('\n') + '\n');
  return report([join(dir, 'maillog')], { year: 2026, ...(lang ? { lang } : {}) });
}

/** The table's rows as cells, by their first cell. */
function rowsOf(sec: string): Map<string, string[]> {
  return new Map(sec.split('\n').filter((l) => /^\| 2026-/.test(l)).map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    return [cells[0]!, cells];
  }));
}

test('per minute bin: SMTP AUTH failures and IMAP/POP3 login failures in columns of their own (en)', async () => {
  const r = await fewLogins();
  const sec = markdownSection(renderMarkdown(r), 'Activity per minute');
  assert.ok(sec.includes('| From | Lines | Received | Sent | Deferred | Bounced | Rejected | SMTP AUTH failures | IMAP/POP3 login failures | Queue size |'), sec);
  const rows = rowsOf(sec);
  assert.deepEqual(rows.get('2026-12-01 10:01')!.slice(7, 9), ['2', '0']);
  assert.deepEqual(rows.get('2026-12-01 10:04')!.slice(7, 9), ['0', '3']);
  assert.deepEqual(rows.get('2026-12-01 10:07')!.slice(7, 9), ['0', '1']);
  // The columns add up to the report's totals.
  const sum = (i: number): number => [...rows.values()].reduce((s, c) => s + Number(c[i]), 0);
  assert.equal(sum(7), r.totals.authFailures);
  assert.equal(sum(8), r.totals.dovecotLoginFailures);
  assert.equal(sum(8), 4);
  // report.html renders the same table.
  const html = renderHtml(r, { title: 't', charts: [] });
  assert.match(html, /<th[^>]*>SMTP AUTH failures<\/th>\s*<th[^>]*>IMAP\/POP3 login failures<\/th>/);
});

test('per hour (a report without minute rows): the same two columns (en, ja)', async () => {
  const r = await fewLogins();
  const hourly: Report = { ...r, minutely: undefined };
  const sec = markdownSection(renderMarkdown(hourly), 'Activity per hour');
  assert.ok(sec.includes('| Hour | Lines | Received | Sent | Deferred | Bounced | Rejected | SMTP AUTH failures | IMAP/POP3 login failures | Queue size |'), sec);
  assert.deepEqual(rowsOf(sec).get('2026-12-01 10:00')!.slice(7, 9), ['2', '4']);

  const ja = await fewLogins('ja');
  const jaSec = markdownSection(renderMarkdown({ ...ja, minutely: undefined }), '時間ごとの推移');
  assert.ok(jaSec.includes('| 時刻 | 行数 | 受信 | 配送完了 | 遅延 | バウンス | 拒否 | SMTP AUTH の失敗 | IMAP/POP3 のログイン失敗 | キュー内の件数 |'), jaSec);
  assert.deepEqual(rowsOf(jaSec).get('2026-12-01 10:00')!.slice(7, 9), ['2', '4']);
  const jaMinutes = markdownSection(renderMarkdown(ja), '1 分ごとの推移');
  assert.deepEqual(rowsOf(jaMinutes).get('2026-12-01 10:04')!.slice(7, 9), ['0', '3']);
});
