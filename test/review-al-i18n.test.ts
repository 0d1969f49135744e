// Review AL, AL3 and AL4: the compare's note on the side reports' language, and the Japanese title of the deferred flood.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEn } from '../src/i18n/compare-en.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import { ja } from '../src/i18n/ja.js';
import { firstClause } from '../src/report/overview.js';

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
  assert.equal(title, 'メール 267 通の配送の遅延（deferred）1,600 回（全配送試行の 59.1%）。キューは 2026-11-28 09:11 頃に最大約 226 通に達し、'
    + 'ログの終了時点で 224 通が残っていました');
  // The summary list and the compare's headings show the first clause: was "配送の遅延が 1,600 回発生しました" (267 lost).
  assert.equal(firstClause(title), 'メール 267 通の配送の遅延 1,600 回');
});
