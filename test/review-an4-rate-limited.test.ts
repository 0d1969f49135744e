// Review AN, AN4 and AN5: on the review's office log one newsletter, info@'s 5E7F1A2B3C4 (nrcpt=300), met Gmail's
// 421-4.7.28 at 14:00–14:06 and every refused recipient was delivered later (by 14:20:08); no finding showed spam. The
// receivers-refusing finding said MEDIUM "Gmail refuses mail from this server", "100 refusals" (80 recipients of 1
// message across two tries) and "every retry of the spam". A small log of the same shapes: low, of the past, with the
// distinct recipients and the message named; the incident keeps its severity and present tense.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../src/render/markdown.js';
import type { Report } from '../src/report/model.js';
import { CORPUS, report, reportEveryWay } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'review-an4-'));

// The office log's line 759 (the IP and Gmail's own words).
const GMAIL_421 = 'dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[142.250.157.27] said: 421-4.7.28 [203.0.113.25      15] '
  + 'Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 '
  + 'users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. For more information, go to 421-4.7.28  '
  + 'https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.28 review our Bulk Email Senders Guidelines. '
  + '3b2147d71e711-5f3bc90807si7480087b3a.572 - gsmtp (in reply to RCPT TO command))';
const RELAY = 'relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, delay=0.6, delays=0.44/0/0/0.15';

/**
 * info@'s newsletter to 20 Gmail recipients: 8 sent at 14:00, 12 refused (member08–19); at 14:06 6 of them sent and 6
 * refused again; at 14:20 the last 6 sent (`lastTry`), or never tried again (still queued). 18 refusal lines, 12
 * recipients of 1 message.
 */
function newsletter(lastTry: boolean): { text(): string } {
  const to = (i: number): string => `member${String(i).padStart(2, '0')}@gmail.com`;
  const sent = (t: string, i: number): string => `Dec  1 ${t} mail postfix/smtp[31745]: 5E7F1A2B3C4: to=<${to(i)}>, ${RELAY}, dsn=2.0.0, `
    + 'status=sent (250 2.0.0 OK  1796086800 a1b2c3d4e5si790259 - gsmtp)';
  const refused = (t: string, i: number): string => `Dec  1 ${t} mail postfix/smtp[31748]: 5E7F1A2B3C4: to=<${to(i)}>, ${RELAY}, ${GMAIL_421}`;
  const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, k) => a + k);
  const qmgr = (t: string): string => `Dec  1 ${t} mail postfix/qmgr[1101]: 5E7F1A2B3C4: from=<info@example.jp>, size=48213, nrcpt=20 (queue active)`;
  return {
    text: () => [
      'Dec  1 14:00:00 mail postfix/submission/smtpd[31738]: 5E7F1A2B3C4: client=unknown[198.51.100.40], sasl_method=PLAIN, sasl_username=info@example.jp',
      'Dec  1 14:00:00 mail postfix/cleanup[31739]: 5E7F1A2B3C4: message-id=<news-202612@example.jp>',
      qmgr('14:00:00'),
      ...range(0, 7).map((i) => sent('14:00:08', i)),
      ...range(8, 19).map((i) => refused('14:00:08', i)),
      qmgr('14:06:08'),
      ...range(8, 13).map((i) => sent('14:06:08', i)),
      ...range(14, 19).map((i) => refused('14:06:08', i)),
      ...(lastTry ? [qmgr('14:20:08'), ...range(14, 19).map((i) => sent('14:20:08', i)), 'Dec  1 14:20:08 mail postfix/qmgr[1101]: 5E7F1A2B3C4: removed'] : []),
    ].join('\n') + '\n',
  };
}

function refusing(r: Report): NonNullable<Report['findings'][number]> {
  const f = r.findings.find((x) => x.rule === 'receivers-refusing');
  assert.ok(f, 'a receivers-refusing finding');
  return f;
}

test('AN4, AN5: a newsletter Gmail rate-limited, every refused recipient delivered later: low, of the past, 12 recipients of 1 message named (any cut of the log)', async () => {
  const r = await reportEveryWay(dir, 'delivered.log', newsletter(true));
  const f = refusing(r);
  assert.equal(f.severity, 'low');
  assert.equal(f.title, 'Gmail rate-limited mail from 203.0.113.25 between 2026-12-01 14:00 and 2026-12-01 14:06: 12 recipients of 1 message '
    + '(5E7F1A2B3C4 from info@example.jp) refused 18 times, all 12 delivered later, by 2026-12-01 14:20 — Gmail rate limit / poor reputation '
    + '(421-4.7.28): 18 deferred');
  assert.deepEqual([f.evidence.recipientsRefused, f.evidence.messagesRefused, f.evidence.refusals, f.evidence.recipientsRefusedDeliveredLater,
    f.evidence.recipientsRefusedBounced, f.evidence.recipientsRefusedNotDelivered], [12, 1, 18, 12, undefined, undefined]);
  assert.equal(f.evidence.messagesRefusedNamed, '5E7F1A2B3C4 from info@example.jp, 20 recipients: 12 refused, all delivered later');
  assert.ok(f.why !== undefined && !/spam makes|retry of the spam/.test(f.why), f.why);
  assert.match(f.why, /No finding of this report shows spam/);
  assert.match(f.fix!, /^No finding of this report shows spam sent through this server, and every recipient the receivers refused got the mail later \(5E7F1A2B3C4 /);
  assert.doesNotMatch(f.fix!, /grep the log/);
  // No users' mail a receiver bounced: nothing to send again (review AM, AM2 rest).
  assert.doesNotMatch(f.fix!, /send it again/);
  // Not in the first steps, and its short form is no "Gmail refuses mail from this server".
  const short = r.overview!.findings.find((x) => x.rule === 'receivers-refusing')!.short;
  assert.doesNotMatch(short, /refuses/);
  assert.match(short, /^Gmail rate-limited mail from 203\.0\.113\.25: 12 recipients of 1 message/);
  const md = renderMarkdown(r);
  assert.match(md, /^\| Recipients refused by receivers \(each once\) \| 12 \|$/m);
  assert.match(md, /^\| Refusal lines \(every try counted\) \| 18 \|$/m);

  const ja = await report([join(dir, 'delivered.log')], { year: 2026, lang: 'ja' });
  const j = refusing(ja);
  assert.equal(j.severity, 'low');
  assert.match(j.title, /^Gmail が 203\.0\.113\.25 からのメールの送信量を制限しました。.*メール 1 通の宛先 12 件が計 18 回拒否されました（5E7F1A2B3C4、送信者 info@example\.jp）が、12 件すべてに 2026-12-01 14:20 までに配送されました/);
  assert.doesNotMatch(j.why!, /スパムが再送される/);
});

test('AN5: still queued for the refused recipients, the finding keeps its medium and present tense, with the distinct counts', async () => {
  const r = await reportEveryWay(dir, 'queued.log', newsletter(false));
  const f = refusing(r);
  assert.equal(f.severity, 'medium');
  assert.match(f.title, /^Gmail refuses mail from 203\.0\.113\.25: 12 recipients of 1 message \(5E7F1A2B3C4 from info@example\.jp\) refused 18 times between /);
  assert.deepEqual([f.evidence.recipientsRefused, f.evidence.recipientsRefusedDeliveredLater, f.evidence.recipientsRefusedNotDelivered], [12, 6, 6]);
  // No spam known: the why says so, and the advice names the message instead of a grep.
  assert.doesNotMatch(f.why!, /retry of the spam/);
  assert.match(f.fix!, /The refused mail: 5E7F1A2B3C4 from info@example\.jp, 20 recipients: 12 refused, 6 delivered later/);
});

const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
test('AN4: the incident (spam, refusals going on) keeps its severity, present tense and the rule\'s why; AM2: its advice has the users send their refused mail again', { skip: !existsSync(CORPUS_INCIDENT) ? 'corpus not found' : false }, async () => {
  const r = await report([CORPUS_INCIDENT], { year: 2026, lang: 'en' });
  const f = refusing(r);
  assert.equal(f.severity, 'high');
  assert.match(f.title, /^Gmail, Microsoft and Yahoo refuse mail from 127\.0\.0\.1 while the spam sent as info@example\.jp went out: 672 recipients of 243 messages refused 1,047 times between /);
  assert.equal(f.why, undefined);
  assert.match(f.fix!, /Your users' own mail that a receiver bounced because it refuses this server: 2 messages to 2 recipients \(evidence "Your users' own mail bounced by a receiver refusing this server"\), sent by sato@example\.jp, takahashi@example\.jp\. .*ask those senders to send it again\./);
  const ja = await report([CORPUS_INCIDENT], { year: 2026, lang: 'ja' });
  assert.match(refusing(ja).fix!, /送信者は sato@example\.jp、takahashi@example\.jp です。.*送り直すよう伝えてください。/);
});

test('AN4: samples/incident.log keeps its high and present tense', async () => {
  const r = await report(['samples/incident.log'], { year: 2026 });
  const f = refusing(r);
  assert.equal(f.severity, 'high');
  assert.match(f.title, /^Microsoft, Yahoo and Gmail refuse mail from 203\.0\.113\.25 while the spam sent as info@example\.jp went out: 132 recipients of \d+ messages refused 145 times /);
  assert.equal(f.why, undefined);
});
