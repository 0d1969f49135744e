// Review 19, M2: spam through a hacked web form (PHP mail() → sendmail → pickup "uid=33", www-data) to few domains.
// after-webform-forged.log: 397 messages as security…@mufg.jp, …@smbc-card.com, …@amazon.co.jp, …@rakuten.co.jp,
// …@jcb.co.jp to 799 addresses of 10 free-mail domains, over a day, all delivered:
//   "Dec  5 22:01:55 mail postfix/pickup[56648]: 94F7616D281: uid=33 from=<security578@amazon.co.jp>"
// raised nothing: a program's forged senders counted only from 20 outside domains (localForgedMinDomains), since a
// Sieve redirect resends mail as its original senders to the few outside mailboxes the users forward to. The number
// of different recipient addresses tells the two apart. Generated logs (test/day-log.ts, the corpus's line shapes)
// with known answers; the legitimate shapes of programs on a web server stay as they were.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay, reportOfLog } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Finding } from '../src/types.js';
import type { Report } from '../src/report/model.js';
import { EXACT_HASHES, addToSketch, countSketches, mergeSketches, newSketch } from '../src/aggregate/address-set.js';
import type { AddressSketch } from '../src/types.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-webform-forged-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

const relays = (r: Report): Finding[] => r.findings.filter((f) => f.rule === 'open-relay');
/** after-webform-forged.log's recipient domains: Japanese and international free mail. */
const FREE10 = ['163.com', 'qq.com', 'outlook.com', 'gmail.com', 'icloud.com', 'yahoo.co.jp', 'ezweb.ne.jp', 'hotmail.com', 'docomo.ne.jp', 'softbank.ne.jp'];
const BRANDS = ['mufg.jp', 'smbc-card.com', 'amazon.co.jp', 'rakuten.co.jp', 'jcb.co.jp'];

/** A message a program submitted through sendmail, each recipient delivered over SMTP (or `bounced`). */
function programMail(log: DayLog, t: number, uid: number, sender: string, rcpts: string[], bounced = (_: number): boolean => false): void {
  const q = log.pickup(t, uid, sender, rcpts);
  rcpts.forEach((r, k) => (bounced(k) ? log.bounced(t + 1, q, r, ' in virtual mailbox table') : log.sent(t + 1, q, r)));
  log.removed(t + 1.5, q);
}

/** A message a program submitted for a mailbox here (Dovecot LMTP, as the review input's www-data mail to info@example.jp). */
function programMailHere(log: DayLog, t: number, uid: number, sender: string, rcpt: string): void {
  const q = log.pickup(t, uid, sender, [rcpt]);
  log.emit(t + 0.5, 'dovecot', `lmtp(${rcpt})<${log.nextPid()}><lCsJMaJgFWvyDgEAg+zDdQ>: msgid=<x${q}@mail.example.jp>: saved mail to INBOX`);
  log.emit(t + 0.5, `postfix/lmtp[${log.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.03, delays=0/0/0/0.02, dsn=2.0.0, status=sent (250 2.0.0 <${rcpt}> lCsJMaJgFWvyDgEAg+zDdQ Saved)`);
  log.removed(t + 0.6, q);
}

/** cron's mail to root, delivered by local(8): "uid=0 from=<root>" (the corpus's pickup line). */
function cronMail(log: DayLog, t: number): void {
  const q = log.pickup(t, 0, 'root', ['root']);
  log.emit(t + 0.3, `postfix/local[${log.nextPid()}]`, `${q}: to=<root@mail.example.jp>, orig_to=<root>, relay=local, delay=0.02, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)`);
  log.removed(t + 0.4, q);
}

/** The site's everyday mail: users' inbound mail (example.jp is ours), cron to root, the contact form to info@example.jp. */
function siteDay(): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 6; i++) log.inbound(3600 * (8 + i), 'kato@partner.example', 'tanaka@example.jp');
  cronMail(log, 6 * 3600 + 25 * 60);
  cronMail(log, 6 * 3600 + 26 * 60);
  programMailHere(log, 9 * 3600, 33, 'www-data@mail.example.jp', 'info@example.jp');
  programMailHere(log, 16 * 3600, 33, 'www-data@mail.example.jp', 'info@example.jp');
  return log;
}

/**
 * The hacked form: `messages` messages through pickup uid=33 from 00:30 to 23:30, two recipients each (`u{i}.{k}@`, all
 * different) at the `domains` given in turn, as security{100 + i % 150}@ of the five brands in turn (150 sender
 * addresses, 30 of each brand), all delivered.
 */
function phishingForm(log: DayLog, messages: number, domains: readonly string[]): void {
  const step = (23 * 3600) / messages;
  for (let i = 0; i < messages; i++) {
    const rcpts = [0, 1].map((k) => `u${i}.${k}@${domains[(2 * i + k) % domains.length]}`);
    programMail(log, 1800 + i * step, 33, `security${100 + (i % 150)}@${BRANDS[i % 5]}`, rcpts);
  }
}

test('address sketches: exact distinct counts up to 1,024 hashes, a bitmap estimate past it, the same in any merge order', () => {
  const parts = (n: number, mod: number): AddressSketch[] => [0, 1, 2].map((p) => {
    let s = newSketch();
    for (let i = p; i < n; i += 3) s = addToSketch(s, `U${i % mod}@Gmail.com`);
    return s;
  });
  const merged = (made: AddressSketch[], order: number[]): ReturnType<typeof countSketches> => {
    const copies = made.map((s) => (Array.isArray(s) ? [...s] : new Int32Array(s)));
    return countSketches([order.reduce<AddressSketch>((a, k) => mergeSketches(a, copies[k]!), newSketch())]);
  };
  // 300 additions of 200 addresses (case folded): exactly 200, in any order.
  const small = parts(300, 200);
  assert.deepEqual(merged(small, [0, 1, 2]), { count: 200, about: false, atLeast: false });
  assert.deepEqual(merged(small, [2, 0, 1]), { count: 200, about: false, atLeast: false });
  assert.deepEqual(countSketches([addToSketch(addToSketch(newSketch(), 'A@x.example'), 'a@x.example')]), { count: 1, about: false, atLeast: false });
  // Two parts of 1,000 different addresses each (exact) whose union is past 1,024: merged, one bitmap, about 2,000,
  // the same bits in any order; two lists counted together (two sender domains' recipients) are exact.
  let a = newSketch();
  let b = newSketch();
  for (let i = 0; i < 1000; i++) { a = addToSketch(a, `a${i}@x.example`); b = addToSketch(b, `b${i}@x.example`); }
  assert.deepEqual(countSketches([a]), { count: 1000, about: false, atLeast: false });
  assert.deepEqual(countSketches([a, b]), { count: 2000, about: false, atLeast: false });
  const ab = mergeSketches(Array.isArray(a) ? [...a] : a, Array.isArray(b) ? [...b] : b);
  const ba = mergeSketches(Array.isArray(b) ? [...b] : b, Array.isArray(a) ? [...a] : a);
  assert.equal(Array.isArray(ab), false);
  assert.deepEqual([...(ab as Int32Array)], [...(ba as Int32Array)]);
  const est = countSketches([ab]);
  assert.equal(est.about && !est.atLeast && Math.abs(est.count - 2000) < 40, true, JSON.stringify(est));
  assert.equal(EXACT_HASHES, 1024);
  // 20,000 addresses: about 20,000 (within 3%); the sketch stays 1 KB.
  const big = parts(20000, 20000);
  const n = merged(big, [1, 0, 2]);
  assert.equal(n.about && !n.atLeast && Math.abs(n.count - 20000) < 600, true, JSON.stringify(n));
});

test('a hacked form through sendmail (pickup uid=33) sending as five brands to 800 addresses of 10 free-mail domains is CRITICAL spam, the same for every split', async () => {
  const log = siteDay();
  phishingForm(log, 400, FREE10);
  const r = await reportEveryWay(DIR, 'webform10.log', log);
  const fs = relays(r);
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.kind, f.subject.value]), [['critical', 'localPrograms', 'mail uid=33']]);
  const f = fs[0]!;
  // amazon.co.jp is first of the five brands sent as 80 times each, the program's most used domain, but through 30
  // rotating addresses (37%): no site's own domain (review Q, Q6; it was, and its 80 messages were left out of every
  // figure). All 400 messages are forged, from the 150 sender addresses, to 800 addresses; no own domain (-).
  assert.deepEqual({ ...f.evidence, topDomains: undefined }, {
    localPrograms: 1, relayedMessages: 400, relayedRecipients: 800, externalDomains: 10, topDomains: undefined,
    topLocalPrograms: 'mail uid=33 (800)', forgedSenderMessages: 400, distinctForgedSenderDomains: 5,
    topForgedSenderDomains: 'amazon.co.jp, jcb.co.jp, mufg.jp, rakuten.co.jp, smbc-card.com', hostSenderDomains: 'mail uid=33 (-)',
    relayMinutes: 'mail uid=33 (1377)', relayNotDeliveredPercent: 'mail uid=33 (0)',
    outsideRecipientAddresses: 'mail uid=33 (800)', forgedSenderAddresses: 'mail uid=33 (150)', spamSigns: 'forged-senders, many-recipients',
  });
  assert.equal(f.title, 'Spam sent by a program on this server: 1 local program submitting through sendmail (mail uid=33) had 400 messages '
    + 'sent to 800 recipients in 10 external domains between 2026-11-10 00:30 and 2026-11-10 23:26, 400 of them as other people\'s domains '
    + '(amazon.co.jp, jcb.co.jp, mufg.jp and 2 more), from 150 different sender addresses to 800 different recipient addresses: '
    + 'a hacked web application or script on this server');
  // The evidence line: the form's first message, pickup's uid=33 line with its forged sender.
  assert.match(f.examples[0]!.text, /^Nov 10 00:30:00 mail postfix\/pickup\[21553\]: [0-9A-F]+: uid=33 from=<security100@mufg\.jp>$/);
  const fix = f.fix!;
  for (const must of [/mail sent as other people's domains \(amazon\.co\.jp, jcb\.co\.jp, mufg\.jp …\) was submitted by mail uid=33/,
    /Those messages went to 800 different outside addresses, at most two messages an address on average, from 150 different sender addresses/, /not a redirect or `\.forward`/,
    /SPF, DKIM and DMARC records of your own domains change nothing here/, /getent passwd 33/, /crontab -l -u "\$\(id -nu 33\)"/,
    /find \/var\/www -name '\*\.php' -mtime -7/, /Disable that form/, /^postconf -e 'authorized_submit_users = !www-data, static:all'$/m]) assert.match(fix, must);
  assert.doesNotMatch(fix, /mynetworks|Do not block the IP|publish|dns-records/);
  // The queue rules read the program's forged domains as its spam (relaySpamSources); the Japanese report says the same.
  const ja = relays(await reportOfLog(DIR, 'webform10.log', log, { lang: 'ja' }))[0]!;
  assert.match(ja.title, /送信者アドレスは 150 種類、宛先は異なるアドレス 800 件です/);
  assert.match(ja.fix!, /それらのメールの宛先は外部の異なるアドレス 800 件で、1 アドレスあたり平均 2 通以下です/);
  assert.match(ja.fix!, /crontab -l -u "\$\(id -nu 33\)"/);
  // The local programs table: the form and cron, the form's 800 outside recipients in 10 domains.
  assert.deepEqual(r.byLocalProgram.map((p) => [p.key, p.messages, p.outsideRecipients, p.outsideDomains]),
    [['mail uid=33', 402, 800, 10], ['mail uid=0', 2, 0, 0]]);
});

test('the same form to 40 domains fires as before: forged senders from localForgedMinDomains outside domains, no address figures needed', async () => {
  const forty = Array.from({ length: 40 }, (_, i) => (i < 10 ? FREE10[i]! : `shop${i}.example${i % 7}.com`));
  const log = siteDay();
  phishingForm(log, 400, forty);
  const f = relays(await reportOfLog(DIR, 'webform40.log', log))[0]!;
  assert.deepEqual([f.severity, f.subject.value, f.evidence.externalDomains, f.evidence.forgedSenderMessages, f.evidence.spamSigns,
    f.evidence.outsideRecipientAddresses, f.evidence.forgedSenderAddresses], ['critical', 'mail uid=33', 40, 400, 'forged-senders', undefined, undefined]);
  // amazon.co.jp, the most used, rotates its senders too: forged (review Q, Q6).
  assert.equal(f.title, 'Spam sent by a program on this server: 1 local program submitting through sendmail (mail uid=33) had 400 messages '
    + 'sent to 800 recipients in 40 external domains between 2026-11-10 00:30 and 2026-11-10 23:26, 400 of them as other people\'s domains '
    + '(amazon.co.jp, jcb.co.jp, mufg.jp and 2 more): a hacked web application or script on this server');
  assert.doesNotMatch(f.fix!, /different outside addresses/);
});

test('a smaller form fires from 100 different addresses of its forged messages; below that, or when most addresses get mail again and again, forged senders to few domains stay quiet', async () => {
  // 70 messages, all forged (14 rotating senders a brand), to 140 addresses: the sign (HIGH: fewer than 100 forged
  // messages and no burst). 45 messages, 36 forged (amazon.co.jp's 9 senders are too few to be no site's), to 72:
  // below localForgedMinAddresses.
  const seventy = siteDay();
  phishingForm(seventy, 70, FREE10);
  assert.deepEqual(relays(await reportOfLog(DIR, 'webform70.log', seventy)).map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.outsideRecipientAddresses]),
    [['high', 70, 'mail uid=33 (140)']]);
  const few = siteDay();
  phishingForm(few, 45, FREE10);
  assert.deepEqual(relays(await reportOfLog(DIR, 'webform60.log', few)), []);
  // A Sieve redirect on a big server (uid 5000): 600 messages of 60 sender domains resent to 150 users' outside
  // mailboxes in 6 free-mail domains, each 4 times: 150 addresses are 25% of its 600 recipients.
  const sieve = siteDay();
  for (let i = 0; i < 600; i++) programMail(sieve, 600 + i * 130, 5000, `news@shop${i % 60}.example`, [`user${i % 150}.home@${FREE10[i % 6]}`]);
  assert.deepEqual(relays(await reportOfLog(DIR, 'sieve150.log', sieve)), []);
  // Asked for 25%, and with its newsletters' fixed senders (news@, one a domain, 10 messages each) not taken for
  // their own domains, the same redirect is the sign: the percentage keeps it quiet, and the fixed senders too.
  const loose = relays(await reportOfLog(DIR, 'sieve150.log', sieve, {
    detect: { thresholds: { 'open-relay.localForgedAddressPercent': 25, 'open-relay.localOwnSenderAddresses': 0 } },
  }));
  assert.deepEqual(relays(await reportOfLog(DIR, 'sieve150.log', sieve, { detect: { thresholds: { 'open-relay.localForgedAddressPercent': 25 } } })), []);
  assert.deepEqual(loose.map((f) => [f.severity, f.evidence.spamSigns, f.evidence.outsideRecipientAddresses]),
    [['critical', 'forged-senders, many-recipients', 'mail uid=5000 (150)']]);
});

test('legitimate programs on a web server get no new finding: the contact form, a shop\'s order mail, cron; a blog\'s newsletter keeps its HIGH note', async () => {
  // The contact form: 80 messages sent as the visitors' own addresses (40 domains) to the owner's one outside mailbox,
  // plus the shop's order mail as shop-example.jp (its mailboxes at Google: not ours) to 300 customers in 10
  // free-mail domains, one or two messages each, as two addresses, over the day; and cron to root.
  const log = siteDay();
  for (let i = 0; i < 80; i++) programMail(log, 1200 + i * 1000, 33, `visitor${i}@v${i % 40}.example`, ['owner.example.jp@gmail.com']);
  for (let i = 0; i < 360; i++) {
    programMail(log, 900 + i * 230, 33, i % 3 === 0 ? 'noreply@shop-example.jp' : 'order@shop-example.jp', [`customer${i % 300}@${FREE10[i % 10]}`]);
  }
  const r = await reportOfLog(DIR, 'legit.log', log);
  assert.deepEqual(relays(r), []);
  assert.deepEqual(r.findings.map((f) => f.rule), []);
  // A blog hosted here sends its newsletter as blog-example.net (mailboxes elsewhere) to 300 readers in 40 domains
  // within 20 minutes, 2% bounced: "sender not ours", HIGH, as before (review 15, F1: the log cannot tell it from a
  // bank's phishing as one sender domain), and not forged senders nor many recipients.
  const blog = siteDay();
  const readers = Array.from({ length: 40 }, (_, i) => (i < 10 ? FREE10[i]! : `corp${i}.example.co.jp`));
  for (let i = 0; i < 300; i++) {
    programMail(blog, 10 * 3600 + i * 4, 33, 'news@blog-example.net', [`reader${i}@${readers[i % 40]}`], () => i % 50 === 0);
  }
  const news = relays(await reportOfLog(DIR, 'newsletter.log', blog));
  assert.deepEqual(news.map((f) => [f.severity, f.subject.value, f.evidence.spamSigns, f.evidence.outsideRecipientAddresses]),
    [['high', 'mail uid=33', 'burst, sender-not-ours', undefined]]);
  assert.match(news[0]!.fix!, /a site hosted on this server that sends its newsletter as its own domain/);
});
