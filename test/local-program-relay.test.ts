// Review 13 H5: a hacked web application on the server itself. PHP's mail() goes through /usr/sbin/sendmail and
// pickup ("uid=33 from=<security@mufg.jp>"), which no rule read; and a host that relays all day from 127.0.0.1 (a
// shop's order mail) hid a 40-minute burst, measured from its first to its last relayed message of the day.
// Generated logs (test/day-log.ts, the corpus's line shapes) with known answers; healthy contrasts stay as they were.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Example, Finding } from '../src/types.js';
import type { Report } from '../src/report/model.js';
import { addRelaySlot, mergeRelaySlots } from '../src/aggregate/relay-slots.js';
import { burstWindow } from '../src/detect/relay-window.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-local-program-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

function write(name: string, log: DayLog): string {
  const path = join(DIR, name);
  writeFileSync(path, log.text());
  return path;
}

const relays = (r: Report): Finding[] => r.findings.filter((f) => f.rule === 'open-relay');
const FREE = ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'ezweb.ne.jp', 'icloud.com', 'outlook.jp', 'nifty.com', 'ocn.ne.jp'];

/** How each message goes out: over SMTP from 127.0.0.1, through sendmail (pickup uid=33), or that behind amavis. */
type Via = 'smtp' | 'pickup' | 'pickup-amavis' | 'pickup-amavis-noxf';

/** One message of the web application to `rcpt`, delivered or bounced. */
function webMail(log: DayLog, via: Via, t: number, sender: string, rcpt: string, bounced: boolean): void {
  let q = via === 'smtp' ? log.submit(t, '127.0.0.1', null, sender, [rcpt], 'postfix/smtpd', 'localhost') : log.pickup(t, 33, sender, [rcpt]);
  if (via === 'pickup-amavis' || via === 'pickup-amavis-noxf') q = log.amavisHop(t + 0.5, q, sender, [rcpt], via === 'pickup-amavis');
  if (bounced) log.bounced(t + 1, q, rcpt, ' in virtual mailbox table');
  else log.sent(t + 1, q, rcpt);
  log.removed(t + 1.2, q);
}

/**
 * A day of php-pickup.log / php-allday.log (gen13.py): mail for example.jp's mailboxes (so example.jp is ours), the
 * shop's 60 order mails as shop@example.jp from 00:00 to 22:37 (one every 23 minutes), and with `burst`, 120 messages
 * as `sender` from 14:00, one every 20 seconds (to 14:39:40), each to a domain of its own, every fourth bounced.
 */
function webDay(via: Via, burst: string | null): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 6; i++) log.inbound(3600 * (8 + i), 'kato@partner.example', 'tanaka@example.jp');
  for (let i = 0; i < 60; i++) webMail(log, via, 30 + i * 1380, 'shop@example.jp', `customer${i}@${FREE[i % FREE.length]}`, false);
  if (burst !== null) {
    for (let i = 0; i < 120; i++) webMail(log, via, 14 * 3600 + i * 20, burst, `u${i}@d${i}.example.net`, i % 4 === 0);
  }
  return log;
}

test('php-pickup: a hacked form\'s phishing through sendmail (pickup uid=33) beside the shop\'s mail all day is CRITICAL, measured in its 40 minutes', async () => {
  const path = write('php-pickup.log', webDay('pickup', 'security@mufg.jp'));
  const fs = relays(await report([path], { year: 2026 }));
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.kind, f.subject.value]), [['critical', 'localPrograms', 'mail uid=33']]);
  const f = fs[0]!;
  // The shop messages of 14:11 and 14:34 are inside the burst's slots: 122 messages, 122 outside domains, 30 of 122 bounced.
  // mufg.jp is a well-known brand's (detect/brand-domains.ts): never the program's own domain (that is example.jp,
  // the shop's), forged, and its 120 messages to 120 different addresses are the forged-sender sign (review Q, Q5;
  // it was HIGH, as a stranger's burst only).
  assert.deepEqual({ ...f.evidence, topDomains: undefined }, {
    localPrograms: 1, relayedMessages: 180, relayedRecipients: 180, externalDomains: 128, topDomains: undefined,
    topLocalPrograms: 'mail uid=33 (180)', forgedSenderMessages: 120, distinctForgedSenderDomains: 1, topForgedSenderDomains: 'mufg.jp',
    hostSenderDomains: 'mail uid=33 (example.jp)', relayMinutes: 'mail uid=33 (40)', relayNotDeliveredPercent: 'mail uid=33 (24.6)',
    burstWindows: 'mail uid=33 (2026-11-10 14:00 – 2026-11-10 14:39: 122 messages, 122 domains)',
    outsideRecipientAddresses: 'mail uid=33 (120)', forgedSenderAddresses: 'mail uid=33 (1)',
    spamSigns: 'forged-senders, many-recipients, burst, not-delivered, sender-not-ours',
  });
  assert.equal(f.title, 'Spam sent by a program on this server: 1 local program submitting through sendmail (mail uid=33) had 180 messages '
    + 'sent to 180 recipients in 128 external domains between 2026-11-10 00:00 and 2026-11-10 22:37, 120 of them as other people\'s domains '
    + '(mufg.jp), from 1 sender address to 120 different recipient addresses, 122 of them within 40 minutes, 24.6% of their recipients not delivered: '
    + 'a hacked web application or script on this server');
  // The evidence line is the burst's first message (14:00), not the shop's first order mail of the day (00:00).
  assert.match(f.examples[0]!.text, /^Nov 10 14:00:00 mail postfix\/pickup\[21553\]: [0-9A-F]+: uid=33 from=<security@mufg\.jp>$/);
  const fix = f.fix!;
  for (const must of [/^A program on this server handed this mail to Postfix through `sendmail`/,
    /mufg\.jp is the domain of a well-known company that phishing impersonates \(a bank, card company, shop, carrier or online service\), and none of this server's/,
    /getent passwd 33 +# the user/, /ps -u 33 -f/, /mail\.add_x_header = On/, /X-PHP-Originating-Script/, /the burst's times \(from 2026-11-10 14:00\)/,
    /php\*-fpm\.log/, /Disable that form/, /postsuper -d ALL hold/, /^postconf -e 'authorized_submit_users = !www-data, static:all'$/m]) assert.match(fix, must);
  assert.doesNotMatch(fix, /mynetworks|Do not block the IP/);
  const ja = relays(await report([path], { year: 2026, lang: 'ja' }))[0]!;
  assert.match(ja.title, /^このサーバー上のプログラムからのスパム: .*ローカルプログラム 1 件（mail uid=33）.*（うち 122 通は 40 分間）。うち 120 通は他社のドメイン（mufg\.jp）を送信者としています。送信者アドレスは 1 種類、宛先は異なるアドレス 120 件です。その 122 通の宛先の 24\.6% には届いていません。/);
  for (const must of [/getent passwd 33/, /authorized_submit_users = !www-data, static:all/, /2026-11-10 14:00 から/, /mufg\.jp はフィッシングでよく詐称される有名企業.*のドメインで、このサーバーのドメインではありません/]) {
    assert.match(ja.fix!, must);
  }
});

test('php-pickup behind amavis (the copy back through smtpd, with and without XFORWARD): the copy\'s outcomes are the program\'s, the same finding', async () => {
  for (const via of ['pickup-amavis', 'pickup-amavis-noxf'] as const) {
    const path = write(`${via}.log`, webDay(via, 'security@mufg.jp'));
    const r = await report([path], { year: 2026 });
    const fs = relays(r);
    assert.deepEqual(fs.map((f) => [f.severity, f.subject.value, f.evidence.relayedMessages, f.evidence.relayedRecipients, f.evidence.burstWindows,
      f.evidence.relayNotDeliveredPercent, f.evidence.spamSigns]), [['critical', 'mail uid=33', 180, 180,
      'mail uid=33 (2026-11-10 14:00 – 2026-11-10 14:39: 122 messages, 122 domains)', 'mail uid=33 (24.6)',
      'forged-senders, many-recipients, burst, not-delivered, sender-not-ours']], via);
    // The copies came from 127.0.0.1 without a login: not relaying of their own.
    assert.equal(r.byClientIp.find((x) => x.key === '127.0.0.1')?.unauthRelayed ?? 0, 0, via);
    // Every cut of the log into byte ranges, on 1 to 3 threads, gives the same report.
    const json = JSON.stringify(r);
    const size = statSync(path).size;
    for (const [jobs, rangeBytes] of [[1, 4000], [3, Math.floor(size / 7)], [2, Math.floor(size / 2)]] as const) {
      assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), json, `${via}: jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    }
  }
});

test('php-allday: the shop\'s order mail from 127.0.0.1 all day no longer hides a 40-minute burst as our own domain, 25% bounced: HIGH, not the info note', async () => {
  const path = write('php-allday.log', webDay('smtp', 'support@example.jp'));
  const fs = relays(await report([path], { year: 2026 }));
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value, f.evidence.spamSigns, f.evidence.relayMinutes, f.evidence.relayNotDeliveredPercent, f.evidence.burstWindows]),
    [['high', '127.0.0.1', 'burst, not-delivered', '127.0.0.1 (40)', '127.0.0.1 (24.6)', '127.0.0.1 (2026-11-10 14:00 – 2026-11-10 14:39: 122 messages, 122 domains)']]);
  const f = fs[0]!;
  assert.match(f.title, /had 180 messages relayed without login to 180 recipients in 128 external domains between 2026-11-10 00:00 and 2026-11-10 22:37, 122 of them within 40 minutes, 24\.6% of their recipients not delivered: a hacked web application/);
  // The fix gives the burst's figures, not the day's, and its start, not the shop's first order mail of 00:00.
  assert.match(f.fix!, /^This is not a smarthost at work: 122 messages to 122 outside domains went out from 127\.0\.0\.1 without a login within 40 minutes, and 24\.6% of the recipients did not get them/);
  assert.match(f.fix!, /Then match the burst's times \(from 2026-11-10 14:00\) to the web server's logs/);
  // Its log line is the burst's first message (14:00:00), whatever the cut: an IP row's slots cross the wire.
  assert.match(f.examples[0]!.text, /^Nov 10 14:00:00 mail postfix\/smtpd\[\d+\]: [0-9A-F]+: client=localhost\[127\.0\.0\.1\]$/);
  const size = statSync(path).size;
  for (const [jobs, rangeBytes] of [[1, 4000], [3, Math.floor(size / 7)], [2, Math.floor(size / 2)]] as const) {
    const cut = relays(await report([path], { year: 2026, jobs, rangeBytes }))[0]!;
    assert.deepEqual(cut.examples, f.examples, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  // The burst holds 122 recipients against the shop's average hour of 58 / 23 = 2.5: with the bar raised past 48 times that, the note is back.
  const raised = relays(await report([path], { year: 2026, detect: { thresholds: { 'open-relay.ownSpamBurstRatio': 60 } } }));
  assert.deepEqual(raised.map((x) => x.severity), ['info']);
});

test('healthy contrasts: the shop alone all day (SMTP: the info note; sendmail: nothing), and a busy office smarthost\'s every hour, 15% not delivered, is no burst', async () => {
  assert.deepEqual(relays(await report([write('shop-smtp.log', webDay('smtp', null))], { year: 2026 })).map((f) => f.severity), ['info']);
  assert.deepEqual(relays(await report([write('shop-pickup.log', webDay('pickup', null))], { year: 2026 })), []);
  // 10.1.2.30 relays 100 messages an hour from 09:00 to 18:00 to 60 outside domains, every seventh bounced: 60
  // domains in every hour, but no hour stands out from the others.
  const log = new DayLog();
  for (let i = 0; i < 900; i++) {
    const t = 9 * 3600 + i * 36;
    const rcpt = `staff${i}@corp${i % 60}.example`;
    const q = log.submit(t, '10.1.2.30', null, 'info@example.jp', [rcpt], 'postfix/smtpd', 'exchange.office.lan');
    if (i % 7 === 0) log.bounced(t + 1, q, rcpt); else log.sent(t + 1, q, rcpt);
    log.removed(t + 1.2, q);
  }
  const fs = relays(await report([write('office.log', log)], { year: 2026 }));
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value]), [['info', '10.1.2.30']]);
  // Its ten-minute slots hold no more than its average hour (100): each is the host's usual flow, trimmed from any
  // window, whatever ownSpamBurstRatio says.
  const none = relays(await report([write('office.log', log)], { year: 2026, detect: { thresholds: { 'open-relay.ownSpamBurstRatio': 0 } } }));
  assert.deepEqual(none.map((f) => f.severity), ['info']);
});

test('local programs: auto-replies with the null sender and a Sieve redirect\'s original senders are no spam; slow forged phishing through sendmail is HIGH; a list manager\'s mailing is LOW bulk mail', async () => {
  const log = new DayLog();
  log.inbound(8 * 3600, 'kato@partner.example', 'tanaka@example.jp');
  // Vacation replies (uid 5000, from=<>) to 60 outside senders in 30 minutes, every fifth bounced: backscatter's
  // business, not a program's spam.
  for (let i = 0; i < 60; i++) {
    const q = log.pickup(9 * 3600 + i * 30, 5000, '', [`sender${i}@s${i}.example.org`]);
    if (i % 5 === 0) log.bounced(9 * 3600 + i * 30 + 1, q, `sender${i}@s${i}.example.org`); else log.sent(9 * 3600 + i * 30 + 1, q, `sender${i}@s${i}.example.org`);
    log.removed(9 * 3600 + i * 30 + 2, q);
  }
  // A Sieve redirect (uid 5000) resends 40 messages of 10 sender domains to two users' outside mailboxes.
  for (let i = 0; i < 40; i++) {
    const rcpt = i % 2 === 0 ? 'tanaka.home@gmail.com' : 'sato@yahoo.co.jp';
    const q = log.pickup(10 * 3600 + i * 600, 5000, `news@shop${i % 10}.example`, [rcpt]);
    log.sent(10 * 3600 + i * 600 + 1, q, rcpt);
    log.removed(10 * 3600 + i * 600 + 2, q);
  }
  const quiet = relays(await report([write('sieve.log', log)], { year: 2026 }));
  assert.deepEqual(quiet, []);
  // The forged-sender sign for programs needs localForgedMinDomains (20) outside domains: at 2 the redirect would be spam.
  const low = relays(await report([write('sieve.log', log)], { year: 2026, detect: { thresholds: { 'open-relay.localForgedMinDomains': 2 } } }));
  assert.deepEqual(low.map((f) => [f.severity, f.subject.value, f.evidence.spamSigns]), [['high', 'mail uid=5000', 'forged-senders']]);

  // uid 33 sends 30 phishing messages as four brands over five hours (no burst), each to a domain of its own.
  const brands = ['service@amazon.co.jp', 'info@smbc-card.com', 'notice@mufg.jp', 'security@aeon.co.jp'];
  const slow = new DayLog();
  slow.inbound(8 * 3600, 'kato@partner.example', 'tanaka@example.jp');
  for (let i = 0; i < 30; i++) webMail(slow, 'pickup', 9 * 3600 + i * 600, brands[i % 4]!, `v${i}@p${i}.example.net`, false);
  const fs = relays(await report([write('slow-phish.log', slow)], { year: 2026 }));
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value, f.evidence.spamSigns, f.evidence.forgedSenderMessages, f.evidence.hostSenderDomains, f.evidence.burstWindows]),
    [['high', 'mail uid=33', 'forged-senders', 30, 'mail uid=33 (-)', undefined]]);
  // amazon.co.jp, its most used sender domain (8 of 30, first of the two), is a well-known brand's: not taken for its
  // own, as a host's most used domain is, but forged with the others (review Q, Q6: it was left out, 22 of 30).
  assert.match(fs[0]!.fix!, /mail sent as other people's domains \(amazon\.co\.jp, smbc-card\.com, aeon\.co\.jp …\) was submitted by mail uid=33/);
  assert.match(fs[0]!.fix!, /the first messages' times \(pickup's `uid=… from=<…>` lines above\)/);

  // Mailman (uid 38) sends a post to 40 members in 40 domains within 4 minutes, as lists.example.jp, all delivered.
  // The post came in for mylist@lists.example.jp (delivered here over LMTP): the list's domain is ours.
  const list = new DayLog();
  list.inbound(8 * 3600, 'kato@partner.example', 'mylist@lists.example.jp');
  for (let i = 0; i < 40; i++) {
    const q = list.pickup(9 * 3600 + i * 6, 38, 'mylist-bounces@lists.example.jp', [`member${i}@m${i}.example.com`]);
    list.sent(9 * 3600 + i * 6 + 1, q, `member${i}@m${i}.example.com`);
    list.removed(9 * 3600 + i * 6 + 2, q);
  }
  const bulk = relays(await report([write('list.log', list)], { year: 2026 }));
  assert.deepEqual(bulk.map((f) => [f.severity, f.subject.value, f.evidence.hostSenderDomains, f.evidence.forgedSenderMessages]),
    [['low', 'mail uid=38', 'mail uid=38 (lists.example.jp)', 0]]);
  assert.match(bulk[0]!.title, /^Bulk mail from a program on this server: 1 local program submitting through sendmail \(mail uid=38\) had 40 messages sent to 40 recipients in 40 external domains .* within 4 minutes, sent as lists\.example\.jp, 0% of the recipients not delivered: what a newsletter or mailing list looks like/);
  assert.match(bulk[0]!.fix!, /a list manager \(Mailman, Sympa\).*none of it was sent as other people's domains\. If it was planned, nothing needs changing here/);
  assert.match(bulk[0]!.fix!, /getent passwd 38/);
  const ja = relays(await report([write('list.log', list)], { year: 2026, lang: 'ja' }))[0]!;
  assert.match(ja.title, /^このサーバー上のプログラムからの一斉送信: /);
  assert.match(ja.fix!, /他社のドメインを送信者としたメールはありません/);
});

test('relay slots and the burst window: the busiest six slots, trimmed of the host\'s usual flow, merged in any order alike', () => {
  const MIN = 60_000;
  const day = Date.UTC(2026, 10, 10);
  const own = new Set(['example.jp']);
  const build = (order: number[]): ReturnType<typeof mergeRelaySlots> => {
    const parts = [null, null, null] as Array<ReturnType<typeof mergeRelaySlots>>;
    // Each message's start line: its place in the log follows its time (a line every 30 s of the day).
    const at = (t: number): [{ file: number; line: number; offset: number }, () => Example] => {
      const n = Math.round((t - day) / 30_000);
      return [{ file: 0, line: n, offset: n }, () => ({ file: 0, line: n, offset: n, text: `line ${n}` })];
    };
    // One message an hour all day as shop.example (at :02); from 14:10, 40 messages in 20 minutes, each to its own domain.
    for (let h = 0; h < 24; h++) {
      const t = day + h * 60 * MIN + 2 * MIN;
      parts[h % 3] = addRelaySlot(parts[h % 3]!, t, [`c${h}.example`], 0, 'shop.example', true, ...at(t));
    }
    for (let i = 0; i < 40; i++) {
      const t = day + (14 * 60 + 10) * MIN + i * 30_000;
      // Of the 8 not delivered, 4 bounced by their receivers as spam (i = 10, 20, 30, 35), each with its refusal line a second later.
      const refused = (i % 10 === 0 && i > 0) || i === 35 ? 1 : 0;
      const n = Math.round((t - day) / 30_000);
      parts[i % 3] = addRelaySlot(parts[i % 3]!, t, [`d${i}.example`, 'example.jp'], i % 5 === 0 ? 1 : 0, 'mufg.jp', true, ...at(t),
        refused, refused > 0 ? { file: 0, line: n + 1, offset: n + 1, text: `refusal ${n + 1}` } : null);
    }
    return order.reduce<ReturnType<typeof mergeRelaySlots>>((a, k) => mergeRelaySlots(a, parts[k]!), null);
  };
  const w = burstWindow(build([0, 1, 2]), own, 30, 5)!;
  // The window of 14:00 to 14:59 has 41 outside domains; its slot of 14:00 holds only the hour's 14:02 message (no
  // more than the host's average hour, 1 recipient) and is trimmed: 14:10:00 to 14:29:30.
  assert.deepEqual({ ...w, domains: w.domains.size, usedOutside: [...w.usedOutside] }, {
    firstAt: day + (14 * 60 + 10) * MIN, lastAt: day + (14 * 60 + 29) * MIN + 30_000, minutes: 20, messages: 40, recipients: 80, notDelivered: 8,
    domains: 40, mainSenderDomain: 'mufg.jp', usedOutside: ['shop.example'],
    // the receivers' spam refusals in it, and the first of their lines (review 18), whatever order the slots merged in
    spamRefused: 4, spamRefusal: { file: 0, line: 1711, offset: 1711, text: 'refusal 1711' },
    // the evidence: the window's first message (14:10), not the 14:02 one of the trimmed slot
    example: { file: 0, line: 1700, offset: 1700, text: 'line 1700' },
  });
  assert.deepEqual(burstWindow(build([2, 0, 1]), own, 30, 5), w);
  // Too few domains once trimmed (41 before), or not standing out enough from the host's average hour (80 recipients against 1).
  assert.equal(burstWindow(build([0, 1, 2]), own, 41, 5), null);
  assert.equal(burstWindow(build([0, 1, 2]), own, 30, 81), null);
  assert.ok(burstWindow(build([0, 1, 2]), own, 30, 80) !== null);
  assert.equal(burstWindow(null, own, 30, 5), null);
});

test('the burst window: of windows with as many domains, the one with the most mail, not the earliest (review 16)', () => {
  const MIN = 60_000;
  const day = Date.UTC(2026, 4, 20);
  const own = new Set(['shop-c.jp']);
  const ref = (t: number): [{ file: number; line: number; offset: number }, () => Example] => {
    const n = Math.round((t - day) / 1000);
    return [{ file: 0, line: n, offset: n }, () => ({ file: 0, line: n, offset: n, text: `line ${n}` })];
  };
  const domains = Array.from({ length: 48 }, (_, k) => `d${k}.example`);
  let slots: ReturnType<typeof mergeRelaySlots> = null;
  // The shop's order mail at :21 of every hour to a customer at d0.example; from 21:10, 240 messages in 48 minutes,
  // one every 12 s, to the 48 domains in turn: its first ten minutes already write to every one of them, so the
  // window that starts with the quiet 20:20 slot has as many domains as the burst's own.
  for (let h = 7; h < 24; h++) slots = addRelaySlot(slots, day + (h * 60 + 21) * MIN, ['d0.example'], 0, 'shop-c.jp', true, ...ref(day + (h * 60 + 21) * MIN));
  for (let i = 0; i < 240; i++) {
    const t = day + (21 * 60 + 10) * MIN + i * 12_000;
    slots = addRelaySlot(slots, t, [domains[i % 48]!], i % 5 === 0 ? 1 : 0, 'mufg.jp', true, ...ref(t));
  }
  const w = burstWindow(slots, own, 30, 5)!;
  // Before: the earliest window of 48 domains, 20:20 to 21:19, trimmed to its 21:10 slot: 50 messages in 10 minutes.
  assert.deepEqual([w.firstAt, w.lastAt, w.minutes, w.messages, w.domains.size, w.mainSenderDomain],
    [day + (21 * 60 + 10) * MIN, day + (21 * 60 + 57) * MIN + 48_000, 48, 241, 48, 'mufg.jp']);
});
