// Review AO, AO8: a recipient's full mailbox is a cause in words in the Deferral reasons table. On review AO's list host
// Gmail deferred 89 deliveries with "452-4.2.2 The recipient's inbox is out of storage space" and the table showed the
// answer alone, with no cause, where greylisting beside it read "greylisting (asks to try again later)".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reasonCause } from '../src/report/deferral-causes.js';
import { normalizeReason } from '../src/aggregate/normalize.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { markdownSection, report } from './helpers.js';
import { GMAIL_FULL_ANSWER } from './fixtures/gmail-list-answers.js';

/** Verbatim from review AO's list.log (Gmail's answer as Postfix logs it). */
const GMAIL_FULL = GMAIL_FULL_ANSWER;

test('AO8: Gmail\'s 452-4.2.2, a 552 5.2.2 "Mailbox full" and an over-quota answer are the recipient\'s full mailbox', () => {
  const c = reasonCause(normalizeReason(GMAIL_FULL), GMAIL_FULL);
  assert.deepEqual([c.receiver, c.cause, c.detail, c.code], ['Gmail', 'mailbox-full', '', '452 4.2.2']);
  const full = 'host mx.example.net[192.0.2.7] said: 552 5.2.2 <a@example.net>: Mailbox full (in reply to RCPT TO command)';
  assert.equal(reasonCause(normalizeReason(full), full).cause, 'mailbox-full');
  const quota = 'host mx.example.net[192.0.2.7] said: 452 4.3.1 <b@example.net>: user is over quota (in reply to RCPT TO command)';
  assert.equal(reasonCause(normalizeReason(quota), quota).cause, 'mailbox-full');
  // Greylisting (4.2.0) stays greylisting; another answer stays the answer.
  const grey = 'host mx.example.net[192.0.2.7] said: 450 4.2.0 <c@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command)';
  assert.equal(reasonCause(normalizeReason(grey), grey).cause, 'greylisted');
  const other = 'host mx.example.net[192.0.2.7] said: 451 4.3.0 Temporary server error (in reply to RCPT TO command)';
  assert.equal(reasonCause(normalizeReason(other), other).cause, 'answer');
});

test('AO8: the Deferral reasons table says so, in English and Japanese', async () => {
  const lines = [
    'Dec  1 09:30:00 mail postfix/pickup[1300]: 80632167633: uid=1001 from=<news@example.jp>',
    'Dec  1 09:30:00 mail postfix/cleanup[1301]: 80632167633: message-id=<20261201093000.1@example.jp>',
    'Dec  1 09:30:00 mail postfix/qmgr[1000]: 80632167633: from=<news@example.jp>, size=2100, nrcpt=1 (queue active)',
  ];
  for (let i = 0; i < 3; i++) {
    const t = `09:${String(30 + 5 * i).padStart(2, '0')}:53`;
    lines.push(`Dec  1 ${t} mail postfix/smtp[1417]: 80632167633: to=<ann0527.t33@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, `
      + `delay=59, delays=0.1/0.2/0.5/0.3, dsn=4.2.2, status=deferred (${GMAIL_FULL})`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ao8-'));
  const path = join(dir, 'maillog');
  writeFileSync(path, lines.join('\n') + '\n');
  for (const [lang, words] of [['en', "the recipient's mailbox is full"], ['ja', '宛先のメールボックスが満杯']] as const) {
    const r = await report([path], { year: 2026, lang });
    assert.deepEqual(r.deferralCauses!.map((x) => [x.receiver, x.cause, x.count]), [['Gmail', 'mailbox-full', 3]]);
    const section = markdownSection(renderMarkdown(r), lang === 'en' ? 'Deferral reasons' : '配送遅延の理由');
    assert.ok(section.includes(`| Gmail | ${words} | 452 4.2.2 | 3 |`), section);
  }
});
