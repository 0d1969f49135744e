// Review Q, Q5 and Q6: a hacked web form through sendmail (pickup "uid=33 from=<…>") was seen only when it rotated
// its senders over three brands or more. As one fixed security@mufg.jp to 800 free-mail addresses (the commonest
// phishing kit) it was no finding: a program's most used sender domain was taken for the site's own, and a site
// hosted here whose mailboxes are at Google sends order mail as one domain to many free-mail addresses too. What
// tells them apart is the domain: a well-known brand's (src/detect/brand-domains.ts) is never a hosted site's.
// Generated logs (test/day-log.ts, the corpus's line shapes, after /tmp/revQ's gen.mjs) with known answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay, reportOfLog } from './helpers.js';
import { BRANDS, FREE, programMail, relays, siteDay } from './program-mail.js';
import { brandDomains, isImpersonatedBrand } from '../src/detect/brand-domains.js';
import type { DayLog } from './day-log.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review-q-brands-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

/** 400 messages through uid=33 from 00:30, one every 200 s, each to two addresses of its own (800) in the ten free-mail domains. */
function form(log: DayLog, sender: (i: number) => string, uid = 33): void {
  for (let i = 0; i < 400; i++) programMail(log, 1800 + i * 200, uid, sender(i), [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
}

/** A finding's figures the review read: severity, forged messages and domains, the host's domain, addresses, signs. */
const figures = (r: Awaited<ReturnType<typeof reportOfLog>>): unknown[] => relays(r).map((f) => [f.severity, f.evidence.forgedSenderMessages,
  f.evidence.topForgedSenderDomains, f.evidence.hostSenderDomains, f.evidence.outsideRecipientAddresses, f.evidence.forgedSenderAddresses, f.evidence.spamSigns]);

test('the brand list: a listed domain and its subdomains, never a look-alike, a free-mail domain nor a provider\'s sending domain', () => {
  for (const d of ['mufg.jp', 'cr.mufg.jp', 'amazon.co.jp', 'smbc-card.com', 'email.apple.com', 'paypal.com', 'rakuten.co.jp', 'jcb.co.jp', 'mercari.jp']) {
    assert.equal(isImpersonatedBrand(d), true, d);
  }
  for (const d of ['mufg.jp.example', 'notmufg.jp', 'mufg-jp.example', 'jp', 'co.jp', 'amazonses.com', 'ap-northeast-1.amazonses.com', 'googlegroups.com',
    'gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'icloud.com', 'outlook.com', 'hotmail.com', 'au.com', 'example.jp', '']) {
    assert.equal(isImpersonatedBrand(d), false, d);
  }
  // Consumer free-mail domains are not on it: a contact form sends as its visitors.
  for (const d of FREE) assert.equal(brandDomains().includes(d), false, d);
  for (const d of BRANDS) assert.equal(isImpersonatedBrand(d), true, d);
});

test('onebrand: 400 messages as one fixed security@mufg.jp to 800 addresses are CRITICAL spam, mufg.jp named and counted, the same for every split', async () => {
  const log = siteDay();
  form(log, () => 'security@mufg.jp');
  const r = await reportEveryWay(DIR, 'onebrand.log', log);
  assert.deepEqual(figures(r), [['critical', 400, 'mufg.jp', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (1)', 'forged-senders, many-recipients']]);
  const f = relays(r)[0]!;
  assert.equal(f.title, 'Spam sent by a program on this server: 1 local program submitting through sendmail (mail uid=33) had 400 messages sent to '
    + '800 recipients in 10 external domains between 2026-11-10 00:30 and 2026-11-10 22:40, 400 of them as other people\'s domains (mufg.jp), '
    + 'from 1 sender address to 800 different recipient addresses: a hacked web application or script on this server');
  const fix = f.fix!;
  for (const must of [/mail sent as other people's domains \(mufg\.jp …\) was submitted by mail uid=33\. mufg\.jp is the domain of a well-known company that phishing impersonates/,
    /Those messages went to 800 different outside addresses, at most two messages an address on average, from 1 sender address of that domain/,
    /SPF, DKIM and DMARC records of your own domains change nothing here/, /^postconf -e 'authorized_submit_users = !www-data, static:all'$/m]) assert.match(fix, must);
  const ja = relays(await reportOfLog(DIR, 'onebrand.log', log, { lang: 'ja' }))[0]!;
  assert.match(ja.title, /うち 400 通は他社のドメイン（mufg\.jp）を送信者としています。送信者アドレスは 1 種類、宛先は異なるアドレス 800 件です/);
  assert.match(ja.fix!, /mufg\.jp はフィッシングでよく詐称される有名企業（銀行、カード会社、通販、配送業者、オンラインサービス）のドメインで、このサーバーのドメインではありません/);
  // A subdomain of the brand is the brand's.
  const sub = siteDay();
  form(sub, () => 'info@cr.mufg.jp');
  assert.deepEqual(figures(await reportOfLog(DIR, 'onebrand-sub.log', sub)).map((x) => (x as unknown[]).slice(0, 4)), [['critical', 400, 'cr.mufg.jp', 'mail uid=33 (-)']]);
  // Below localForgedMinAddresses (45 messages to 90 addresses) it stays quiet, as the rotating form does.
  const few = siteDay();
  for (let i = 0; i < 45; i++) programMail(few, 1800 + i * 1800, 33, 'security@mufg.jp', [`u${i}.0@${FREE[i % 10]}`, `u${i}.1@${FREE[(i + 1) % 10]}`]);
  assert.deepEqual(relays(await reportOfLog(DIR, 'onebrand-few.log', few)), []);
});

test('threebrands and phish5: every brand forged, the favourite named first; fixed senders of three brands fire too', async () => {
  // gen.mjs threebrands: security{0..49}@ of three brands in turn.
  const three = siteDay();
  form(three, (i) => `security${i % 50}@${BRANDS[i % 3]}`);
  assert.deepEqual(figures(await reportEveryWay(DIR, 'threebrands.log', three)),
    [['critical', 400, 'mufg.jp, amazon.co.jp, smbc-card.com', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (150)', 'forged-senders, many-recipients']]);
  // gen.mjs phish5: 150 senders, mufg.jp in 30% of the messages, the four others in the rest.
  const five = siteDay();
  const w = [0, 0, 0, 1, 1, 2, 2, 3, 3, 4];
  form(five, (i) => `security${100 + (i % 150)}@${BRANDS[w[i % 10]!]}`);
  const r5 = await reportOfLog(DIR, 'phish5.log', five);
  assert.deepEqual(figures(r5), [['critical', 400, 'mufg.jp, amazon.co.jp, rakuten.co.jp, smbc-card.com, jcb.co.jp', 'mail uid=33 (-)', 'mail uid=33 (800)',
    'mail uid=33 (150)', 'forged-senders, many-recipients']]);
  const f5 = relays(r5)[0]!;
  assert.match(f5.title, /, 400 of them as other people's domains \(mufg\.jp, amazon\.co\.jp, rakuten\.co\.jp and 2 more\), from 150 different sender addresses to 800 different recipient addresses/);
  assert.match(f5.fix!, /\(mufg\.jp, amazon\.co\.jp, rakuten\.co\.jp …\) was submitted by mail uid=33\. mufg\.jp, amazon\.co\.jp, rakuten\.co\.jp are domains of well-known companies/);
  // One fixed sender a brand (security@mufg.jp, security@smbc-card.com, security@amazon.co.jp): before, each was "a
  // site's own fixed orders@" (localOwnSenderAddresses) and the form was quiet.
  const fixed = siteDay();
  form(fixed, (i) => `security@${BRANDS[i % 3]}`);
  assert.deepEqual(figures(await reportOfLog(DIR, 'threebrands-fixed.log', fixed)),
    [['critical', 400, 'mufg.jp, amazon.co.jp, smbc-card.com', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (3)', 'forged-senders, many-recipients']]);
});

test('a form as one brand beside a shop\'s order mail from the same uid: the brand forged and counted, the shop\'s domain its own', async () => {
  const log = siteDay();
  form(log, () => 'security@mufg.jp');
  for (let i = 0; i < 500; i++) programMail(log, 1000 + i * 160, 33, i % 2 === 0 ? 'orders@shop-example.jp' : 'noreply@shop-example.jp', [`c${i}@${FREE[i % 10]}`]);
  assert.deepEqual(figures(await reportEveryWay(DIR, 'shop-and-onebrand.log', log)),
    [['critical', 400, 'mufg.jp', 'mail uid=33 (shop-example.jp)', 'mail uid=33 (800)', 'mail uid=33 (1)', 'forged-senders, many-recipients']]);
  // Its messages still queued are the queue rules' spam (relaySpamSources' forged domains): listed, the shop's stay.
  const queued = siteDay();
  const spam: string[] = [];
  for (let i = 0; i < 400; i++) {
    const rcpts = [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`);
    const q = queued.pickup(1800 + i * 200, 33, 'security@mufg.jp', rcpts);
    if (i % 10 === 0) { for (const to of rcpts) queued.deferred(1801 + i * 200, q, to); spam.push(q); continue; }
    for (const to of rcpts) queued.sent(1801 + i * 200, q, to);
    queued.removed(1801.5 + i * 200, q);
  }
  const order = queued.pickup(80000, 33, 'orders@shop-example.jp', ['buyer@gmail.com']);
  queued.deferred(80001, order, 'buyer@gmail.com');
  const r = await reportOfLog(DIR, 'onebrand-queued.log', queued);
  const cleanup = r.findings.find((f) => f.rule === 'queue-cleanup');
  assert.deepEqual(cleanup?.lists?.['queue-delete.txt'], [...spam].sort());
  assert.deepEqual([cleanup?.evidence.relayedSpam, cleanup?.evidence.relayedFor, cleanup?.evidence.legitimateQueued], [spam.length, 'mail uid=33', 1]);
});

test('legitimate shapes stay quiet: a shop or newsletter as one domain not listed, a redirect of brands\' notices, the brand\'s own server', async () => {
  // A shop hosted here (mailboxes at Google) sending 400 messages as orders@shop-example.jp to 800 free-mail
  // addresses: the onebrand form's very shape but for the domain. And its newsletter with a VERP sender for each
  // reader (bounce-u12@shop-example.jp: rotating senders), the same.
  const shop = siteDay();
  form(shop, () => 'orders@shop-example.jp');
  assert.deepEqual(relays(await reportEveryWay(DIR, 'shop-one.log', shop)), []);
  const verp = siteDay();
  form(verp, (i) => `bounce-u${i}@news.shop-example.jp`);
  assert.deepEqual(relays(await reportOfLog(DIR, 'shop-verp.log', verp)), []);
  // A Sieve redirect (uid 5000) resending the brands' own notices (Amazon, PayPal, Mercari, the bank) to three users'
  // outside mailboxes, 400 messages: brands, but the same few addresses again and again.
  const redirect = siteDay();
  const notices = ['auto-confirm@amazon.co.jp', 'service@paypal.com', 'no-reply@mercari.jp', 'info@mufg.jp'];
  for (let i = 0; i < 400; i++) programMail(redirect, 600 + i * 200, 5000, notices[i % 4]!, [`user${i % 3}.home@${FREE[i % 3]}`]);
  assert.deepEqual(relays(await reportOfLog(DIR, 'redirect-brands.log', redirect)), []);
  // The brand's own server: mail for rakuten.co.jp is delivered here, so its web application's 400 messages as
  // order@rakuten.co.jp to 800 customers are ours (ownDomains), not forged.
  const own = siteDay();
  own.inbound(7 * 3600, 'kato@partner.example', 'support@rakuten.co.jp');
  form(own, () => 'order@rakuten.co.jp');
  assert.deepEqual(relays(await reportOfLog(DIR, 'brand-own.log', own)), []);
});

test('from this host\'s loopback a brand is never the host\'s own domain either: all 400 of the form\'s messages forged', async () => {
  const log = siteDay();
  for (let i = 0; i < 400; i++) {
    const rcpts = [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`);
    const q = log.submit(1800 + i * 200, '127.0.0.1', null, `security${100 + (i % 150)}@${BRANDS[i % 5]}`, rcpts, 'postfix/smtpd', 'localhost');
    for (const to of rcpts) log.sent(1801 + i * 200, q, to);
    log.removed(1801.5 + i * 200, q);
  }
  const r = relays(await reportEveryWay(DIR, 'localhost.log', log));
  // amazon.co.jp (80 messages, first of five) was "127.0.0.1 (amazon.co.jp)", 320 forged.
  assert.deepEqual(r.map((f) => [f.severity, f.subject.value, f.evidence.forgedSenderMessages, f.evidence.hostSenderDomains, f.evidence.topForgedSenderDomains]),
    [['critical', '127.0.0.1', 400, '127.0.0.1 (-)', 'amazon.co.jp, jcb.co.jp, mufg.jp, rakuten.co.jp, smbc-card.com']]);
});
