// Review T, F1: a Sieve redirect (or a .forward) through sendmail resends mail that came in as its original sender
// ("postfix/pickup[…]: … uid=5000 from=<store-news@amazon.co.jp>", Pigeonhole's sieve_redirect_envelope_from = sender,
// the default). Since the brand list (src/detect/brand-domains.ts, review Q) one Amazon promotion reaching 150 users,
// each redirecting it to a personal free-mail address, was CRITICAL "Spam sent by a program on this server", and its
// copies still deferred went into queue-delete.txt; so were Google Classroom's VERP notices to 120 students. The log
// holds what tells a redirect from a phishing form: the brand's mail came in from outside to mailboxes here, and the
// program resent at most about as much of it, as the addresses it came from (open-relay.ts resentBrands). A phishing
// form sends as a brand that sent little or nothing in. Generated logs (test/day-log.ts, the shapes of /tmp/revT's
// gen_brand.py) with known answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay, reportOfLog } from './helpers.js';
import { BRANDS, FREE, programMail, relays, siteDay } from './program-mail.js';
import type { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';
import { EXACT_HASHES, addToSketch, countShared, newSketch } from '../src/aggregate/address-set.js';
import type { AddressSketch } from '../src/types.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review-t-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

/** Mail from outside for `user`, saved by Dovecot LMTP; the Dovecot line says whether Sieve forwarded it (`home`). */
function inbound(log: DayLog, t: number, sender: string, user: string, home: string | null): void {
  const dom = sender.split('@')[1]!;
  const q = log.submit(t, '198.18.7.25', null, sender, [user], 'postfix/smtpd', `mail.${dom}`);
  const msgid = `x${q}@${dom}`;
  log.emit(t + 0.5, 'dovecot', `lmtp(${user})<${log.nextPid()}><gbGdAtQnKWlTNQAA>: ${home !== null ? `sieve: msgid=<${msgid}>: forwarded to <${home}>`
    : `msgid=<${msgid}>: saved mail to INBOX`}`);
  log.emit(t + 0.5, `postfix/lmtp[${log.nextPid()}]`, `${q}: to=<${user}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <${user}> gbGdAtQnKWlTNQAA Saved)`);
  log.removed(t + 0.6, q);
}

/**
 * Mail from outside for `user` that a Sieve redirect resends through sendmail (pickup uid=5000, the sender kept) to
 * `home`: delivered, or (`deferred`) still in the queue at the end of the log (Yahoo's TSS04 throttle); the resent
 * copy's queue ID. `inside`: false for a log that starts after the original came in (its redirect only).
 */
function redirect(log: DayLog, t: number, sender: string, user: string, home: string, deferred = false, inside = true): string {
  if (inside) inbound(log, t, sender, user, home);
  const q = log.pickup(t + 0.55, 5000, sender, [home]);
  if (!deferred) {
    log.sent(t + 1.5, q, home);
    log.removed(t + 1.6, q);
    return q;
  }
  const dom = home.split('@')[1]!;
  log.emit(t + 2, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${home}>, relay=mx.${dom}[192.0.2.81]:25, delay=2, delays=0.1/0/1/0.9, dsn=4.7.0, status=deferred (host mx.${dom}[192.0.2.81] said: 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command))`);
  return q;
}

/** 400 messages through uid=33 from 00:30, one every 200 s, each to two addresses of its own (800) in the ten free-mail domains. */
function form(log: DayLog, sender: (i: number) => string, uid = 33): void {
  for (let i = 0; i < 400; i++) programMail(log, 1800 + i * 200, uid, sender(i), [0, 1].map((k) => `u${i}.${k}@${FREE[(2 * i + k) % 10]}`));
}

/** The figures review Q read of the finding: severity, forged messages and domains, the host's domain, addresses, signs. */
const figures = (r: Report): unknown[] => relays(r).map((f) => [f.severity, f.evidence.forgedSenderMessages, f.evidence.topForgedSenderDomains,
  f.evidence.hostSenderDomains, f.evidence.outsideRecipientAddresses, f.evidence.forgedSenderAddresses, f.evidence.spamSigns]);

const queueDelete = (r: Report): string[] | undefined => r.findings.find((f) => f.rule === 'queue-cleanup')?.lists?.['queue-delete.txt'];

test('countShared: the addresses two sketches share, exact for lists, through the bitmap for a list and a bitmap, estimated for two bitmaps', () => {
  const sketch = (from: number, to: number): AddressSketch => {
    let s = newSketch();
    for (let i = from; i < to; i++) s = addToSketch(s, `sender${i}@amazon.co.jp`);
    return s;
  };
  assert.equal(countShared(sketch(0, 100), sketch(50, 300)), 50);
  assert.equal(countShared(sketch(0, 100), sketch(200, 300)), 0);
  // Case is folded, as the sketches fold it.
  assert.equal(countShared(addToSketch(newSketch(), 'Store-News@Amazon.co.jp'), addToSketch(newSketch(), 'store-news@amazon.co.jp')), 1);
  const big = sketch(0, 3 * EXACT_HASHES);
  assert.equal(Array.isArray(big), false);
  // A list against a bitmap: its hashes whose bit is set (a bit set by another address counts too: about 1 in 3 here).
  assert.equal(countShared(sketch(0, 100), big), 100);
  assert.equal(countShared(big, sketch(0, 100)), 100);
  assert.ok(countShared(sketch(5 * EXACT_HASHES, 5 * EXACT_HASHES + 100), big) < 60);
  // Two bitmaps: |a| + |b| − |a ∪ b| of the estimates, within a few percent.
  const shared = countShared(big, sketch(EXACT_HASHES, 4 * EXACT_HASHES));
  assert.ok(Math.abs(shared - 2 * EXACT_HASHES) < 0.06 * 2 * EXACT_HASHES, String(shared));
});

test('F1: 150 users redirecting one Amazon promotion each to a personal free-mail address are no finding, the same for every split', async () => {
  const log = siteDay();
  for (let i = 0; i < 150; i++) {
    redirect(log, 7 * 3600 + i * 97, 'store-news@amazon.co.jp', `u${String(i).padStart(3, '0')}@example.jp`, `u${String(i).padStart(3, '0')}.home@${FREE[i % 10]}`);
  }
  const r = await reportEveryWay(DIR, 'amazon.log', log);
  // Before: critical, "… 150 of them as other people's domains (amazon.co.jp), from 1 sender address to 150 different recipient addresses".
  assert.deepEqual(relays(r), []);
  assert.equal(r.findings.some((f) => f.severity === 'critical' || f.severity === 'high'), false);
  // A user redirecting to two addresses resends each message twice: still the mail that came in.
  const twice = siteDay();
  for (let i = 0; i < 150; i++) {
    const t = 7 * 3600 + i * 97;
    redirect(twice, t, 'store-news@amazon.co.jp', `u${i}@example.jp`, `u${i}.home@${FREE[i % 10]}`);
    const q = twice.pickup(t + 0.7, 5000, 'store-news@amazon.co.jp', [`u${i}.phone@${FREE[(i + 3) % 10]}`]);
    twice.sent(t + 1.7, q, `u${i}.phone@${FREE[(i + 3) % 10]}`);
    twice.removed(t + 1.8, q);
  }
  assert.deepEqual(relays(await reportOfLog(DIR, 'amazon-twice.log', twice)), []);
  // Behind amavis, with XFORWARD and without: the copy's delivery here is the original client's mail coming in.
  for (const xforward of [true, false]) {
    const filtered = siteDay();
    for (let i = 0; i < 150; i++) {
      const t = 7 * 3600 + i * 97;
      const user = `u${i}@example.jp`;
      const home = `u${i}.home@${FREE[i % 10]}`;
      const q = filtered.submit(t, '198.18.7.25', null, 'store-news@amazon.co.jp', [user], 'postfix/smtpd', 'mail.amazon.co.jp');
      const c = filtered.amavisHop(t + 0.3, q, 'store-news@amazon.co.jp', [user], xforward);
      filtered.emit(t + 0.5, `postfix/lmtp[${filtered.nextPid()}]`, `${c}: to=<${user}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <${user}> gbGdAtQnKWlTNQAA Saved)`);
      filtered.removed(t + 0.6, c);
      const p = filtered.pickup(t + 0.55, 5000, 'store-news@amazon.co.jp', [home]);
      filtered.sent(t + 1.5, p, home);
      filtered.removed(t + 1.6, p);
    }
    assert.deepEqual(relays(await reportEveryWay(DIR, `amazon-amavis-${xforward}.log`, filtered)), [], `XFORWARD ${xforward}`);
  }
});

test('F1: Google Classroom\'s VERP notices to 120 students, redirected, are no finding, even when the log starts after the first came in', async () => {
  const log = siteDay();
  const verp = (i: number): string => `3xYz${String(i).padStart(4, '0')}AbC-classroom@classroom.bounces.google.com`;
  for (let i = 0; i < 120; i++) redirect(log, 15 * 3600 + i * 31, verp(i), `s${i}@example.jp`, `s${i}.private@${FREE[i % 10]}`);
  assert.deepEqual(relays(await reportEveryWay(DIR, 'classroom.log', log)), []);
  // The first five originals before the log: 115 of the 120 resent senders came in (96%), 120 messages for 115.
  const cut = siteDay();
  for (let i = 0; i < 120; i++) redirect(cut, 15 * 3600 + i * 31, verp(i), `s${i}@example.jp`, `s${i}.private@${FREE[i % 10]}`, false, i >= 5);
  assert.deepEqual(relays(await reportOfLog(DIR, 'classroom-cut.log', cut)), []);
});

test('F1: the redirect\'s copies still deferred at the end stay out of queue-delete.txt', async () => {
  const log = siteDay();
  const yahoo: string[] = [];
  for (let i = 0; i < 150; i++) {
    const q = redirect(log, 7 * 3600 + i * 97, 'store-news@amazon.co.jp', `u${i}@example.jp`, `u${i}.home@${FREE[i % 10]}`, FREE[i % 10] === 'yahoo.co.jp');
    if (FREE[i % 10] === 'yahoo.co.jp') yahoo.push(q);
  }
  assert.equal(yahoo.length, 15);
  const r = await reportEveryWay(DIR, 'amazon-queued.log', log);
  // Before: critical spam, and queue-cleanup (high) listing the 15 copies ("0 legitimate messages stay").
  assert.deepEqual(relays(r), []);
  assert.equal(r.findings.find((f) => f.rule === 'queue-cleanup'), undefined);
  assert.equal(r.totals.stillQueued, 15);
});

test('F1: the phishing forms stay CRITICAL with every count when the brands\' real mail comes in a few times', async () => {
  // onebrand, with two real notices from the very address the form forges and one from another: 400 messages for 3.
  const one = siteDay();
  inbound(one, 3 * 3600, 'security@mufg.jp', 'tanaka@example.jp', null);
  inbound(one, 9 * 3600, 'security@mufg.jp', 'tanaka@example.jp', null);
  inbound(one, 10 * 3600, 'info@cr.mufg.jp', 'tanaka@example.jp', null);
  form(one, () => 'security@mufg.jp');
  const r1 = await reportEveryWay(DIR, 'onebrand-real.log', one);
  assert.deepEqual(figures(r1), [['critical', 400, 'mufg.jp', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (1)', 'forged-senders, many-recipients']]);
  assert.match(relays(r1)[0]!.fix!, /mufg\.jp is the domain of a well-known company that phishing impersonates .* no site hosted here sends as it\. Nor is it mail from outside passed on by a Sieve redirect or `\.forward`/);
  // threebrands, each brand's notices coming in twice.
  const three = siteDay();
  BRANDS.slice(0, 3).forEach((b, k) => { for (const h of [2, 20]) inbound(three, h * 3600 + k, `security${k}@${b}`, 'tanaka@example.jp', null); });
  form(three, (i) => `security${i % 50}@${BRANDS[i % 3]}`);
  assert.deepEqual(figures(await reportOfLog(DIR, 'threebrands-real.log', three)),
    [['critical', 400, 'mufg.jp, amazon.co.jp, smbc-card.com', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (150)', 'forged-senders, many-recipients']]);
  // phish5, a user also redirecting the bank's real notices (uid 5000: two messages, resent, no finding of their own).
  const five = siteDay();
  for (const h of [2, 20]) redirect(five, h * 3600, 'info@mufg.jp', 'tanaka@example.jp', 'tanaka.home@gmail.com');
  const w = [0, 0, 0, 1, 1, 2, 2, 3, 3, 4];
  form(five, (i) => `security${100 + (i % 150)}@${BRANDS[w[i % 10]!]}`);
  assert.deepEqual(figures(await reportOfLog(DIR, 'phish5-real.log', five)), [['critical', 400, 'mufg.jp, amazon.co.jp, rakuten.co.jp, smbc-card.com, jcb.co.jp',
    'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (150)', 'forged-senders, many-recipients']]);
});

test('F1: a company receiving much of a brand\'s mail does not shield a form writing as it: another address, or more than twice the volume', async () => {
  // 500 real order confirmations from auto-confirm@amazon.co.jp to the staff; the form writes as security@amazon.co.jp.
  const company = siteDay();
  for (let i = 0; i < 500; i++) inbound(company, 600 + i * 170, 'auto-confirm@amazon.co.jp', `staff${i % 40}@example.jp`, null);
  form(company, () => 'security@amazon.co.jp');
  assert.deepEqual(figures(await reportOfLog(DIR, 'company-other-address.log', company)),
    [['critical', 400, 'amazon.co.jp', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (1)', 'forged-senders, many-recipients']]);
  // The very address of Amazon's real mail, which came in 150 times: 400 messages are more than twice that.
  const same = siteDay();
  for (let i = 0; i < 150; i++) inbound(same, 600 + i * 500, 'store-news@amazon.co.jp', `staff${i % 40}@example.jp`, null);
  form(same, () => 'store-news@amazon.co.jp');
  assert.deepEqual(figures(await reportOfLog(DIR, 'company-same-address.log', same)),
    [['critical', 400, 'amazon.co.jp', 'mail uid=33 (-)', 'mail uid=33 (800)', 'mail uid=33 (1)', 'forged-senders, many-recipients']]);
});

test('F1: on this host\'s loopback, a redirect through Dovecot\'s submission_host beside a form\'s phishing burst: only the phishing is forged and listed', async () => {
  const log = siteDay();
  const phish: string[] = [];
  const resent: string[] = [];
  // 14:00–14:50: 100 users' Amazon mail resent through smtpd on 127.0.0.1 (no login), 10 of it deferred; a form on the
  // same loopback sending 300 messages as security@mufg.jp to 300 addresses in 60 domains, 20 of them deferred.
  for (let i = 0; i < 100; i++) {
    const t = 14 * 3600 + i * 30;
    inbound(log, t, 'store-news@amazon.co.jp', `u${i}@example.jp`, `u${i}.home@${FREE[i % 10]}`);
    const home = `u${i}.home@${FREE[i % 10]}`;
    const q = log.submit(t + 0.55, '127.0.0.1', null, 'store-news@amazon.co.jp', [home], 'postfix/smtpd', 'localhost');
    if (i % 10 === 0) { log.deferred(t + 1.5, q, home); resent.push(q); continue; }
    log.sent(t + 1.5, q, home);
    log.removed(t + 1.6, q);
  }
  for (let i = 0; i < 300; i++) {
    const t = 14 * 3600 + 5 + i * 10;
    const to = `v${i}@d${i % 60}.example`;
    const q = log.submit(t, '127.0.0.1', null, 'security@mufg.jp', [to], 'postfix/smtpd', 'localhost');
    if (i % 15 === 0) { log.deferred(t + 1, q, to); phish.push(q); continue; }
    log.sent(t + 1, q, to);
    log.removed(t + 1.5, q);
  }
  const r = await reportEveryWay(DIR, 'loopback.log', log);
  const f = relays(r);
  assert.deepEqual(f.map((x) => [x.severity, x.subject.value, x.evidence.forgedSenderMessages, x.evidence.topForgedSenderDomains, x.evidence.hostSenderDomains,
    x.evidence.spamSigns]), [['high', '127.0.0.1', 300, 'mufg.jp', '127.0.0.1 (-)', 'burst, sender-not-ours']]);
  assert.equal(phish.length, 20);
  assert.equal(resent.length, 10);
  // The burst is all of 127.0.0.1's relaying: every message of it is spam but the Amazon mail it resent.
  assert.deepEqual(queueDelete(r), [...phish].sort());
});
