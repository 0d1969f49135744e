// Review AM, AM2: a recipient of the users' own mail that a receiver bounced because it refuses this server (a block
// list, its reputation: detect/refusal-kinds.ts refusalKind of the answer) never got the mail either. The queue tables
// name it, marked, beside those still waiting, and the lost-mail step counts it among those to send to again; one
// bounced for a reason of its own (an unknown user) stays out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderCsv } from '../src/render/csv.js';
import type { Report } from '../src/report/model.js';
import { CORPUS, markdownSection, report, reportEveryWay } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'review-am2-'));
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const noCorpus = !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false;

function lostMailStep(r: Report): string {
  const step = r.overview!.steps.find((s) => s.kind === 'lost-mail');
  assert.ok(step, 'a lost-mail step');
  return step.text;
}

// The corpus incident: 3173A160862 (takahashi@) bounced for kondo.office@outlook.jp at line 4856, "550 5.7.1
// Unfortunately, messages from [127.0.0.1] weren't sent. … on our block list (S3150)"; yamamoto@partner.co.jp got it
// (line 4853), k.suzuki.design@gmail.com was deferred until postsuper -d ALL (line 12584).
test('AM2: the corpus incident\'s lost mail goes again to 6 recipients, 1 refused by its receiver, not to the 3 delivered to (en, ja)', { skip: noCorpus }, async () => {
  const en = await report([CORPUS_INCIDENT], { year: 2026, lang: 'en' });
  const f = en.findings.find((x) => x.rule === 'queue-deleted')!;
  assert.deepEqual([f.evidence.legitimate, f.evidence.legitimateRecipients, f.evidence.legitimateRecipientsNotDelivered,
    f.evidence.legitimateRecipientsRefused, f.evidence.legitimateRecipientsBounced], [4, 9, 6, 1, 0]);
  assert.equal(lostMailStep(en), 'Tell takahashi@example.jp, sato@example.jp that postsuper -d ALL deleted 4 messages of theirs: to send them '
    + 'again to the 6 recipients who never got them (1 of them bounced by a receiver that refuses mail from this server: to that one once it '
    + 'takes this server\'s mail again), listed in the report\'s section "Deleted from the queue with postsuper -d ALL", not to the other 3: '
    + 'delivered to before the deletion.');
  const row = en.deletedInBulk.find((q) => q.qid === '3173A160862')!;
  assert.deepEqual([row.pending, row.pendingTo, row.refused, row.refusedTo], [1, ['k.suzuki.design@gmail.com'], 1, ['kondo.office@outlook.jp']]);
  const md = renderMarkdown(en);
  const sec = markdownSection(md, 'Deleted from the queue with postsuper -d ALL');
  assert.match(sec, /^\| `3173A160862` \| [^|]+ \| takahashi@example\.jp \| takahashi@example\.jp \| k\.suzuki\.design@gmail\.com, kondo\.office@outlook\.jp \(refused by the receiver\) \| 6 \|$/m);
  assert.match(sec, /^_"Refused by the receiver": bounced because the receiver refuses mail from this server/m);
  const csv = String(renderCsv(en).find((x) => x.path === 'csv/deletedInBulk.csv')!.content).split('\r\n');
  assert.ok(csv[0]!.endsWith(',legitimate,refused,refusedTo'), csv[0]);
  assert.ok(csv.some((l) => l.startsWith('3173A160862,') && l.endsWith(',true,1,kondo.office@outlook.jp')));

  const ja = await report([CORPUS_INCIDENT], { year: 2026, lang: 'ja' });
  assert.equal(lostMailStep(ja), 'takahashi@example.jp、sato@example.jp に、postsuper -d ALL で削除された 4 通を、届いていない 6 件の宛先'
    + '（レポートの「postsuper -d ALL でキューから削除されたメール」の一覧）へ送り直すよう伝えます。そのうち 1 件は、このサーバーからのメールを'
    + '拒否している受信側でバウンスした宛先です。受信側がこのサーバーのメールを再び受け付けるようになってから送り直します。'
    + 'ほかの 3 件の宛先には削除の前に配送が済んでいるので、送り直しは不要です。');
  assert.match(renderMarkdown(ja), /k\.suzuki\.design@gmail\.com, kondo\.office@outlook\.jp（受信側が拒否） \| 6 \|/);

  // The receivers-refusing finding counts the users' own mail it bounced, deleted or not: 3173A160862 (takahashi@, line
  // 4856) and 1FF5816087E (sato@, m.ito@hotmail.com, the same S3150 answer), not info@example.jp's spam.
  const refusing = en.findings.find((x) => x.rule === 'receivers-refusing')!;
  assert.deepEqual([refusing.evidence.usersMailRefused, refusing.evidence.usersMailRefusedRecipients, refusing.evidence.usersMailRefusedSenders],
    [2, 2, 'sato@example.jp, takahashi@example.jp']);
  assert.match(md, /^\| Your users' own mail bounced by a receiver refusing this server \(to send again once it accepts it\) \| 2 \|$/m);
});

/**
 * sato@example.jp's message to 4 recipients: delivered to one, bounced for an unknown user (not to send to again), bounced
 * by Microsoft's block list (to send to again) and deferred; with `deleted`, postsuper -d ALL deletes the queue after.
 */
function satoLog(deleted: boolean): { text(): string } {
  const relay = (n: number): string => `relay=127.0.1.${n}[127.0.1.${n}]:25, delay=0.01, delays=0/0/0/0`;
  return {
    text: () => [
      'Nov 28 10:00:00 mail postfix/submission/smtpd[100]: A1B2C3D4E5: client=unknown[192.0.2.10], sasl_method=PLAIN, sasl_username=sato@example.jp',
      'Nov 28 10:00:00 mail postfix/cleanup[101]: A1B2C3D4E5: message-id=<m1@mail.example.jp>',
      'Nov 28 10:00:00 mail postfix/qmgr[102]: A1B2C3D4E5: from=<sato@example.jp>, size=661, nrcpt=4 (queue active)',
      `Nov 28 10:00:01 mail postfix/smtp[103]: A1B2C3D4E5: to=<yamamoto@partner.co.jp>, ${relay(9)}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 2224D0747)`,
      // The corpus incident's line 931: the address does not exist; sending again would bounce again.
      `Nov 28 10:00:01 mail postfix/smtp[104]: A1B2C3D4E5: to=<nosuch@partner.co.jp>, ${relay(9)}, dsn=5.1.1, status=bounced (host 127.0.1.9[127.0.1.9] said: `
        + '550 5.1.1 <nosuch@partner.co.jp>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
      // The corpus incident's line 4856: Microsoft refuses this server.
      `Nov 28 10:00:01 mail postfix/smtp[105]: A1B2C3D4E5: to=<kondo@outlook.jp>, ${relay(3)}, dsn=5.7.1, status=bounced (host 127.0.1.3[127.0.1.3] said: `
        + '550 5.7.1 Unfortunately, messages from [127.0.0.1] weren\'t sent. Please contact your Internet service provider since part of their '
        + 'network is on our block list (S3150). (in reply to RCPT TO command))',
      `Nov 28 10:00:02 mail postfix/smtp[106]: A1B2C3D4E5: to=<k.suzuki@gmail.com>, ${relay(1)}, dsn=4.7.0, status=deferred (host 127.0.1.1[127.0.1.1] said: `
        + '421-4.7.0 Try again later, closing connection. - gsmtp (in reply to RCPT TO command))',
      'Nov 28 10:30:00 mail postfix/qmgr[102]: A1B2C3D4E5: from=<sato@example.jp>, size=661, nrcpt=4 (queue active)',
      `Nov 28 10:30:01 mail postfix/smtp[107]: A1B2C3D4E5: to=<k.suzuki@gmail.com>, ${relay(1)}, dsn=4.7.0, status=deferred (host 127.0.1.1[127.0.1.1] said: `
        + '421-4.7.0 Try again later, closing connection. - gsmtp (in reply to RCPT TO command))',
      ...(deleted ? ['Nov 28 10:40:00 mail postfix/postsuper[200]: Deleted: 1 message'] : []),
    ].join('\n') + '\n',
  };
}

test('AM2: deleted with the queue, a recipient bounced by a block list is to be sent again, one bounced as unknown is not (any cut of the log)', async () => {
  const r = await reportEveryWay(dir, 'deleted.log', satoLog(true));
  assert.equal(r.stillQueued.length, 0);
  const q = r.deletedInBulk[0]!;
  assert.deepEqual([q.recipients, q.pending, q.pendingTo, q.refused, q.refusedTo], [4, 1, ['k.suzuki@gmail.com'], 1, ['kondo@outlook.jp']]);
  const f = r.findings.find((x) => x.rule === 'queue-deleted')!;
  assert.deepEqual([f.evidence.legitimate, f.evidence.legitimateRecipients, f.evidence.legitimateRecipientsNotDelivered,
    f.evidence.legitimateRecipientsRefused, f.evidence.legitimateRecipientsBounced], [1, 4, 2, 1, 1]);
  assert.equal(lostMailStep(r), 'Tell sato@example.jp that postsuper -d ALL deleted 1 message of theirs: to send it again to the 2 recipients '
    + 'who never got it (1 of them bounced by a receiver that refuses mail from this server: to that one once it takes this server\'s mail again), '
    + 'listed in the report\'s section "Deleted from the queue with postsuper -d ALL", not to the other 2: delivered to, or bounced for a reason '
    + 'of their own (an unknown address, a full mailbox), before the deletion.');
  const ja = await report([join(dir, 'deleted.log')], { year: 2026, lang: 'ja' });
  assert.match(lostMailStep(ja), /ほかの 2 件の宛先には削除の前に配送が済んでいるか、別の理由（存在しない宛先、容量超過など）でバウンスしたので、送り直しは不要です。$/);
});

test('AM2: still queued, the users\' message names the recipient its receiver refused beside the one still waiting (en, ja)', async () => {
  const r = await reportEveryWay(dir, 'queued.log', satoLog(false));
  const q = r.stillQueued[0]!;
  assert.deepEqual([q.pending, q.pendingTo, q.refused, q.refusedTo], [1, ['k.suzuki@gmail.com'], 1, ['kondo@outlook.jp']]);
  // As the queue-cleanup finding marks the users' mail when it tells it from a compromised account's.
  q.legitimate = true;
  const md = markdownSection(renderMarkdown(r), 'Still queued at the end of the log');
  assert.match(md, /\| sato@example\.jp \| sato@example\.jp \| k\.suzuki@gmail\.com, kondo@outlook\.jp \(refused by the receiver\) \| 2 \|/);
  assert.match(md, /^_"Refused by the receiver":/m);
  const csv = String(renderCsv(r).find((x) => x.path === 'csv/stillQueued.csv')!.content).split('\r\n');
  assert.ok(csv[1]!.endsWith(',true,1,kondo@outlook.jp'), csv[1]);
});
