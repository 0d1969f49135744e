// The users' legitimate mail among the messages still queued or deleted with `postsuper -d ALL` (review 7, M2): the
// queue-cleanup and queue-deleted findings count it and send the admin to the report's queue sections, so those
// sections list every such message first, with the recipients that never got it, in Markdown, HTML, CSV and JSON.
//
// Known answers: the corpus incident's mailq.txt (taken just before `postsuper -d ALL`) lists every deleted message
// with the recipients still waiting; samples/incident.truth.json names the legitimate messages still queued.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { renderCsv } from '../src/render/csv.js';
import { ja } from '../src/i18n/index.js';
import type { QueuedRow, Report } from '../src/report/model.js';

const INCIDENT = join(CORPUS, 'incident', 'maillog');
const SAMPLE = join(ROOT, 'samples', 'incident.log');

/** mailq.txt: each entry's queue ID, sender and the recipients listed under it (those not yet delivered). */
function mailq(path: string): Map<string, { sender: string; to: string[] }> {
  const out = new Map<string, { sender: string; to: string[] }>();
  for (const block of readFileSync(path, 'utf8').split(/\n\s*\n/)) {
    const head = /^([0-9A-F]{6,})[*!]?\s+\d+\s+\w{3} \w{3}\s+\d+ [\d:]+\s+(\S+)/m.exec(block);
    if (head === null) continue;
    out.set(head[1]!, { sender: head[2]!, to: [...block.matchAll(/^\s+(\S+@\S+)\s*$/gm)].map((m) => m[1]!) });
  }
  return out;
}

/** The rows of the Markdown table that follows `intro` (up to the next blank line). */
function tableAfter(md: string, intro: string): string[] {
  const at = md.indexOf(intro);
  assert.ok(at >= 0, `no "${intro.slice(0, 60)}" in report.md`);
  const rest = md.slice(at + intro.length).replace(/^\n\n/, '');
  return rest.slice(0, rest.indexOf('\n\n')).split('\n').slice(2);
}

const sorted = (xs: string[]): string[] => [...xs].sort();

test('corpus incident: the 4 legitimate messages postsuper -d ALL deleted are listed first, with the recipients that never got them',
  { skip: !existsSync(INCIDENT) ? 'corpus not found' : false }, async () => {
    // --top 50 as the CLI: the deleted table shows the 50 oldest of 290, and 3 of the 4 were not among them.
    const r = await report([INCIDENT], { year: 2026, top: 50 });
    const queue = mailq(join(CORPUS, 'incident', 'mailq.txt'));
    assert.equal(queue.size, 290);
    const own = new Set(['sato@example.jp', 'takahashi@example.jp', 'tanaka@example.jp', 'suzuki@example.jp', 'yamada@example.jp']);
    const lost = sorted([...queue].filter(([, e]) => own.has(e.sender)).map(([id]) => id));
    assert.deepEqual(lost, ['3173A160862', '59678160662', '69ED3160636', 'D4E89160888']);

    // The finding carries every legitimate ID; each deleted row says whether it is one.
    const f = r.findings.find((x) => x.rule === 'queue-deleted');
    assert.deepEqual(f?.legitimateQueueIds, lost);
    assert.deepEqual(sorted(r.deletedInBulk.filter((q) => q.legitimate === true).map((q) => q.qid)), lost);
    assert.equal(r.deletedInBulk.filter((q) => q.legitimate === false).length, 286);

    // pendingTo: exactly the recipients mailq listed under the message (not the ones already delivered), for every
    // deleted message that has at most 10 of them; `to` keeps its meaning (the first recipients, delivered or not).
    for (const q of r.deletedInBulk) {
      const waiting = queue.get(q.qid)!.to;
      assert.equal(q.pending, waiting.length, q.qid);
      if (waiting.length <= 10) assert.deepEqual(sorted(q.pendingTo), sorted(waiting), q.qid);
      else assert.ok(q.pendingTo.length === 10 && q.pendingTo.every((a) => waiting.includes(a)), q.qid);
    }
    const sato = r.deletedInBulk.find((q) => q.qid === '59678160662')!;
    assert.deepEqual(sato.pendingTo, ['yumi.k@ezweb.ne.jp']);
    assert.ok(sato.to.includes('yamamoto@partner.co.jp'), 'delivered at line 4853: in `to`, not in pendingTo');

    // report.md: the legitimate messages before the table of the 50 oldest, each with who did not get it.
    const md = renderMarkdown(r);
    const section = md.slice(md.indexOf('## Deleted from the queue with postsuper -d ALL'));
    const intro = '**4** messages deleted were your users\' legitimate mail, not the abuse. These recipients never got them: '
      + 'tell the senders, so that they send them again:';
    assert.ok(section.indexOf(intro) < section.indexOf('`postsuper -d ALL` deleted 290 messages'), 'the legitimate mail comes first');
    const rows = tableAfter(section, intro);
    assert.deepEqual(rows, [
      '| `59678160662` | 2026-11-28 22:16:04 | sato@example.jp | sato@example.jp | yumi.k@ezweb.ne.jp | 5 |',
      '| `3173A160862` | 2026-11-28 22:16:43 | takahashi@example.jp | takahashi@example.jp | k.suzuki.design@gmail.com, kondo.office@outlook.jp (refused by the receiver) | 6 |',
      '| `69ED3160636` | 2026-11-28 22:17:03 | takahashi@example.jp | takahashi@example.jp | yoshida_k@yahoo.co.jp, nosuch.mori@gmail.com | 10 |',
      '| `D4E89160888` | 2026-11-28 22:17:22 | takahashi@example.jp | takahashi@example.jp | tanaka.family@gmail.com | 5 |',
    ]);
    for (const id of lost) {
      assert.ok(rows.some((row) => row.includes(id)), id);
      for (const to of queue.get(id)!.to) assert.ok(rows.some((row) => row.includes(id) && row.replace(/\\/g, '').includes(to)), `${id} → ${to}`);
    }
    // The same in report.html (made from the same Markdown) and in Japanese.
    // The text as shown: the <wbr>s of addresses (render/break-points.ts) are no characters.
    const html = renderHtml(r, { title: 'T', charts: [] }).replace(/<wbr>/g, '');
    for (const id of lost) assert.match(html, new RegExp(`<td><code>${id}</code></td>.*<td>[^<]*${queue.get(id)!.to[0]!.replace(/[.]/g, '\\.')}`));
    const jaMd = renderMarkdown(r, undefined, [], ja);
    assert.ok(jaMd.includes('削除されたメールのうち **4** 通は利用者の正規のメールで'));
    assert.ok(jaMd.includes('| 届いていない宛先 |'));

    // csv/deletedInBulk.csv: the old columns unchanged, then to, pendingTo and legitimate, then refused and refusedTo
    // (review AM, AM2: kondo.office@outlook.jp, whose receiver refused this server at line 4856, never got 3173A160862).
    const csv = String(renderCsv(r).find((x) => x.path === 'csv/deletedInBulk.csv')!.content).split('\r\n');
    assert.equal(csv[0], '\uFEFFqid,host,since,lastAt,deletedAt,saslUser,sender,clientIp,recipients,pending,deferrals,partial,to,pendingTo,legitimate,refused,refusedTo');
    assert.ok(csv.includes('59678160662,mail,2026-11-28T22:16:04,2026-11-28T22:19:58,2026-11-28T22:20:49,sato@example.jp,sato@example.jp,127.0.10.1,3,1,5,false,'
      + 'john.smith@globex-corp.com yamamoto@partner.co.jp yumi.k@ezweb.ne.jp,yumi.k@ezweb.ne.jp,true,0,'));
  });

test('samples/incident.log: the legitimate messages still queued are listed first, the two younger than the 50 oldest too',
  { skip: !existsSync(SAMPLE) ? 'samples not found' : false }, async () => {
    const truth = JSON.parse(readFileSync(join(ROOT, 'samples', 'incident.truth.json'), 'utf8')) as { legitStillQueuedIds: string[]; spamStillQueuedIds: string[] };
    const r = await report([SAMPLE], { year: 2026, top: 50 });
    const cleanup = r.findings.find((x) => x.rule === 'queue-cleanup')!;
    const toDelete = new Set(cleanup.lists!['queue-delete.txt']);
    // The truth's "legitimate" also holds one bounce to a forged sender, which queue-delete.txt rightly takes.
    const legit = truth.legitStillQueuedIds.filter((id) => !toDelete.has(id)).sort();
    assert.deepEqual(legit, ['75FB7163845', '785EC163901', '88C471637B1', '8D3091637B3']);
    assert.equal(cleanup.evidence.legitimateQueued, 4);
    assert.deepEqual(cleanup.legitimateQueueIds, legit);
    assert.deepEqual(sorted(r.stillQueued.filter((q) => q.legitimate === true).map((q) => q.qid)), legit);
    assert.ok(r.stillQueued.filter((q) => q.legitimate === false).every((q) => toDelete.has(q.qid)));
    for (const id of truth.spamStillQueuedIds) assert.equal(r.stillQueued.find((q) => q.qid === id)?.legitimate, false, id);

    const md = renderMarkdown(r);
    const oldest = md.slice(md.indexOf('224 messages were never removed.'));
    const rows = tableAfter(md, '**4** messages still queued are your users\' legitimate mail, not the abuse (`queue-delete.txt` leaves them out). '
      + 'These recipients are still waiting for them:');
    assert.equal(rows.length, 4);
    for (const id of ['75FB7163845', '785EC163901']) {
      assert.ok(!oldest.slice(0, oldest.indexOf('\n\n## ')).includes(id), `${id} is not among the 50 oldest`);
      assert.ok(rows.some((row) => row.includes(`\`${id}\``)), `${id} is listed`);
    }
    // Every recipient still waiting is named (none of these messages has more than 10).
    for (const q of r.stillQueued.filter((x) => x.legitimate)) {
      assert.ok(q.pendingTo.length > 0 && q.pendingTo.length === q.pending, q.qid);
      const row = rows.find((x) => x.includes(q.qid))!;
      for (const to of q.pendingTo) assert.ok(row.replace(/\\/g, '').includes(to), `${q.qid} → ${to}`);
    }
    assert.deepEqual(r.stillQueued.find((q) => q.qid === '785EC163901')!.pendingTo, ['yoshida_k@yahoo.co.jp', 'm.ogawa@tokai-shoji.co.jp']);
  });

test('without a compromised account nothing is called legitimate or abuse: no flag, no extra table', async () => {
  const flood = join(ROOT, 'samples', 'deferred-flood.log');
  if (!existsSync(flood)) return;
  const r: Report = await report([flood], { year: 2026 });
  assert.equal(r.findings.find((x) => x.rule === 'queue-cleanup'), undefined);
  assert.ok(r.stillQueued.length > 0);
  assert.ok(r.stillQueued.every((q: QueuedRow) => !('legitimate' in q) && q.pendingTo.length > 0));
  const md = renderMarkdown(r);
  assert.ok(!md.includes('legitimate mail, not the abuse'));
  assert.match(md, /\n## Still queued at the end of the log\n\n\d+ messages were never removed\. Oldest first:\n\n\| Queue ID \|/);
});
