// The Recipient domains table's column of recipients whose last try was deferred, named for what it counts: it read
// "Deferred (final)" ("遅延（最終状態）"), which says neither that it counts recipients nor that a message deleted from the
// queue after its last deferral counts too. samples/deferred-flood.log: nishi-kensetsu.co.jp has 6 recipients in the
// log (6 queue IDs), none delivered, 1 expired, and the truth's 5 messages still queued at the end; 101 status=deferred
// lines name it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { renderCsv } from '../src/render/csv.js';
import { ja } from '../src/i18n/ja.js';
import { ROOT, markdownSection, readJson, report } from './helpers.js';

const FLOOD = join(ROOT, 'samples', 'deferred-flood.log');

test('Recipient domains: "Deferred at last try" (最後の試行で遅延) beside "Deferral attempts", with a note; report.json and the CSV keep `deferred`', async () => {
  const truth = readJson<{ stillQueued: number }>(join(ROOT, 'samples', 'deferred-flood.truth.json'));
  const lines = readFileSync(FLOOD, 'utf8').split('\n').filter((l) => /to=<[^>]*@nishi-kensetsu\.co\.jp>/.test(l));
  const attempts = lines.filter((l) => l.includes('status=deferred')).length;
  const recipients = new Set(lines.map((l) => /: ([0-9A-F]+): to=/.exec(l)?.[1])).size;
  assert.deepEqual([attempts, recipients, truth.stillQueued], [101, 6, 5]);

  const r = await report([FLOOD], { year: 2026, top: 50 });
  const row = r.byRecipientDomain.find((d) => d.key === 'nishi-kensetsu.co.jp');
  assert.deepEqual(row, { key: 'nishi-kensetsu.co.jp', recipients: 6, sent: 0, deferred: 5, bounced: 0, expired: 1, deferralAttempts: 101 });

  const sec = markdownSection(renderMarkdown(r, 't'), 'Recipient domains');
  assert.ok(sec.includes('| Domain | Recipients | Sent | Deferred at last try | Bounced | Expired | Deferral attempts |\n'), sec);
  assert.ok(sec.includes('| nishi-kensetsu.co.jp | 6 | 0 | 5 | 0 | 1 | 101 |\n'), sec);
  assert.ok(sec.includes('\n"Deferred at last try": recipients at the domain whose last delivery attempt in the log was deferred (still queued '
    + 'at its end, or deleted from the queue after it); "Deferral attempts" counts every deferred attempt.\n'), sec);
  assert.doesNotMatch(sec, /\(final\)/);

  const secJa = markdownSection(renderMarkdown(r, 't', [], ja), '宛先ドメイン');
  assert.ok(secJa.includes('| ドメイン | 宛先数 | 配送完了 | 最後の試行で遅延 | バウンス | 期限切れ | 遅延の試行回数 |\n'), secJa);
  assert.ok(secJa.includes('\n「最後の試行で遅延」: そのドメインの宛先のうち、ログ上の最後の配送試行が遅延（deferred）だったものの数です（ログの終わりにまだ'
    + 'キューにあるもの、またはその後キューから削除されたもの）。「遅延の試行回数」は遅延した配送試行をすべて数えます。\n'), secJa);
  assert.doesNotMatch(secJa, /最終状態/);

  const html = renderHtml(r, { title: 't', charts: [] });
  assert.match(html, /<th>Domain<\/th><th class="num">Recipients<\/th><th class="num">Sent<\/th><th class="num">Deferred at last try<\/th>/);
  assert.ok(html.includes('recipients at the domain whose last delivery attempt in the log was deferred'));

  // The machine names stay: report.json's field and the CSV header (docs/report-json.md).
  const csv = renderCsv(r).find((f) => f.path.endsWith('byRecipientDomain.csv'));
  assert.ok(csv, renderCsv(r).map((f) => f.path).join(', '));
  // (after the UTF-8 byte order mark the CSV files open with)
  assert.equal(String(csv.content).replace(/^\uFEFF/, '').split(/\r?\n/)[0], 'key,recipients,sent,deferred,bounced,expired,deferralAttempts');
  assert.ok(String(csv.content).includes('nishi-kensetsu.co.jp,6,0,5,0,1,101'));
});
