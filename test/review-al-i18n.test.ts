// Review AL, AL3 and AL4: the compare's note on the side reports' language, and the Japanese title of the deferred flood;
// review AM, AM6: the SMTP AUTH by-user table says what it leaves out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEn } from '../src/i18n/compare-en.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import { ja } from '../src/i18n/ja.js';
import { firstClause } from '../src/report/overview.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { CORPUS, ROOT, readJson, runCli as cli } from './helpers.js';

test('AL3: two side reports in one language are "both", never "the before report is English, the after report is English"', () => {
  const both = { sides: [{ side: 'before' as const, lang: 'en' }, { side: 'after' as const, lang: 'en' }] };
  assert.equal(compareJa.languagesDiffer(both),
    '対策前・対策後のレポートはどちらも英語です: ここに出る検出事項の名前と対象はそのレポートのままです（日本語にするには --lang ja で分析し直してください）。');
  const bothJa = { sides: [{ side: 'before' as const, lang: 'ja' }, { side: 'after' as const, lang: 'ja' }] };
  assert.equal(compareEn.languagesDiffer(bothJa),
    'Both reports are in Japanese: their finding titles and subjects here are as they wrote them (analyze them again with --lang en for English ones).');
  // One side: as before.
  assert.equal(compareEn.languagesDiffer({ sides: [{ side: 'after', lang: 'ja' }] }),
    'The after report is in Japanese: its finding titles and subjects here are as it wrote them (analyze it again with --lang en for English ones).');
  assert.equal(compareJa.languagesDiffer({ sides: [{ side: 'before', lang: 'en' }] }),
    '対策前のレポートは英語です: ここに出る検出事項の名前と対象はそのレポートのままです（日本語にするには --lang ja で分析し直してください）。');
});

test('AL4: the Japanese deferred-flood title keeps the message count in its short form, as the English one does', () => {
  const title = ja.findings.queueFlood({
    deferred: 1600, share: 59.1, deferredMessages: 267, peak: 226, peakAt: '2026-11-28 09:11', stillQueued: 224, deletedInBulk: 0, deletedAt: '',
  });
  assert.equal(title, 'メール 267 通で配送の遅延（deferred）1,600 回（全配送試行の 59.1%）。キューは 2026-11-28 09:11 頃に最大約 226 通に達し、'
    + 'ログの終了時点で 224 通が残っていました');
  // The summary list and the compare's headings show the first clause: was "配送の遅延が 1,600 回発生しました" (267 lost).
  assert.equal(firstClause(title), 'メール 267 通で配送の遅延 1,600 回');
});

test('AM6: under the SMTP AUTH by-user table, what it leaves out (corpus incident: 99 of the 168, the 454s and undecodable AUTH data by reason)', () => {
  const out = mkdtempSync(join(tmpdir(), 'am6-'));
  for (const lang of ['en', 'ja']) {
    const res = cli(['analyze', join(CORPUS, 'incident', 'maillog'), '-q', '-f', 'json,md', '--lang', lang, '-o', join(out, lang)]);
    assert.equal(res.status, 0, res.stderr);
  }
  const r = readJson<Report>(join(out, 'en', 'report.json'));
  // The log: 168 "authentication failed" warnings, 29 "Connection lost to authentication server", 40 "Invalid base64".
  assert.deepEqual([r.totals.authFailures, r.totals.authCredentialFailures, r.totals.authServerErrors, r.totals.authMalformed], [168, 99, 29, 40]);
  assert.equal(r.authFailuresByUser.reduce((s, x) => s + x.count, 0), 99);
  const md = readFileSync(join(out, 'en', 'report.md'), 'utf8');
  assert.ok(md.includes('| postmaster | 1 |\n\n_It counts the 99 failures where a password was checked, of the 168 SMTP AUTH failures: the other 69 '
    + '(29 ended in a 454 when smtpd lost the authentication server and 40 sent undecodable AUTH data) are in the table by reason below, '
    + 'and in the per-IP counts._\n\nBy reason:\n'));
  assert.ok(readFileSync(join(out, 'ja', 'report.md'), 'utf8').includes('_この表は、SMTP AUTH の失敗 168 件のうちパスワードを照合した 99 件を数えています。'
    + '残りの 69 件（認証サーバーとの接続が切れた 454 が 29 件、解読できない AUTH データが 40 件）は、下の理由別の表と IP ごとの件数に含まれています。_\n\n理由別:\n'));
  // A log whose failures are all wrong passwords has no such note.
  const after = join(out, 'after');
  assert.equal(cli(['analyze', join(ROOT, 'samples', 'after-fix.log'), '--year', '2026', '-q', '-f', 'md', '-o', after]).status, 0);
  assert.ok(!readFileSync(join(after, 'report.md'), 'utf8').includes('It counts the'));
});
