// postsuper's "Requeued: N messages" lines (`postsuper -r`) shown beside the bulk deletions: report.json
// `postsuperRequeues[]` and `totals.postsuperRequeued`, the summary and totals of report.md (and so of the HTML).
// Before, the line was parsed and counted in eventKinds only: the admin's requeue at 01:27:05 was nowhere in the report.
//
// Known answers: requeue-more.log (Postfix 3.7.11 lab lines, see correlate.test.ts) has three such lines:
// "Nov 29 01:27:05 vm postfix/postsuper[22225]: Requeued: 5 messages" and two "Requeued: 1 message" at 01:41:00
// and 01:43:00.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { ja } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';

const LOGS = join(ROOT, 'test', 'fixtures', 'logs');

async function everyWay(paths: string[]): Promise<Report> {
  const whole = await report(paths, { year: 2026 });
  for (const [jobs, rangeBytes] of [[1, 1], [3, 200], [1, 500]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, rangeBytes })), JSON.stringify(whole), `jobs ${jobs}, ranges of ${rangeBytes}`);
  }
  return whole;
}

test('postsuper -r: each "Requeued: N" line in report.json, the summary and the totals table (en, ja, HTML)', async () => {
  const r = await everyWay([join(LOGS, 'requeue-more.log')]);
  assert.deepEqual(r.postsuperRequeues, [
    { at: '2026-11-29T01:27:05', host: 'vm', count: 5 },
    { at: '2026-11-29T01:41:00', host: 'vm', count: 1 },
    { at: '2026-11-29T01:43:00', host: 'vm', count: 1 },
  ]);
  assert.equal(r.totals.postsuperRequeued, 7);
  // Not a deletion.
  assert.equal(r.totals.postsuperDeleted, 0);
  assert.deepEqual(r.deletedInBulk, []);

  const md = renderMarkdown(r, 'T');
  assert.match(md, /still in the queue at the end of the log\. `postsuper -r` requeued \*\*5\*\* messages at 2026-11-29 01:27:05, \*\*1\*\* at 2026-11-29 01:41:00, \*\*1\*\* at 2026-11-29 01:43:00\.\n/);
  assert.match(md, /\| Requeued by postsuper -r \(summary lines; still queued, under new IDs\) \| 7 \|\n/);
  const html = renderHtml(r, { title: 'T', charts: [] });
  assert.match(html, /<code>postsuper -r<\/code> requeued <strong>5<\/strong> messages at 2026-11-29 01:27:05/);

  const mdJa = renderMarkdown({ ...r, lang: 'ja' }, 'T', [], ja);
  assert.match(mdJa, /`postsuper -r` でキューに入れ直したメール: 2026-11-29 01:27:05 に \*\*5\*\* 通、2026-11-29 01:41:00 に \*\*1\*\* 通、2026-11-29 01:43:00 に \*\*1\*\* 通（削除ではありません）。/);
});

test('postsuper -r: the summary names the first three runs and counts the rest; no line and no row without a requeue', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'requeue-'));
  const log = join(dir, 'maillog');
  // The verbatim shape of requeue-more.log's lines, five runs of postsuper.
  writeFileSync(log, [1, 2, 3, 4, 5].map((i) => `Nov 29 01:4${i}:00 vm postfix/postsuper[3001${i}]: Requeued: ${i} message${i === 1 ? '' : 's'}\n`).join(''));
  const r = await report([log], { year: 2026 });
  assert.equal(r.totals.postsuperRequeued, 15);
  assert.equal(r.postsuperRequeues.length, 5);
  const md = renderMarkdown(r, 'T');
  assert.match(md, /`postsuper -r` requeued \*\*1\*\* message at 2026-11-29 01:41:00, \*\*2\*\* at 2026-11-29 01:42:00, \*\*3\*\* at 2026-11-29 01:43:00 and 2 more runs\./);

  const none = await report([join(LOGS, 'expired.log')], { year: 2026 });
  assert.deepEqual(none.postsuperRequeues, []);
  const plain = renderMarkdown(none, 'T');
  assert.doesNotMatch(plain, /postsuper -r/);
});
