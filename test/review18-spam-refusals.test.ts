// Review 18 (review L, item 3): a burst from a program on this server or from our own network whose receivers bounced a
// share of it as spam is spam, whatever its share not delivered. A web shop sends its order mail all day as
// noreply@shop-example.jp (PHP's mail() through sendmail, pickup uid=33, or SMTP from 127.0.0.1); at 15:10 a hacked
// contact form sends 500 one-recipient messages to 250 domains in 35 minutes as the same address, 15% of them bounced.
// The log cannot tell 15% unknown users from an old list (open-relay's ownSpamNotDeliveredPercent is 20: a Mailman post
// with 3% dead addresses and Yahoo's TSS04 throttle was 11.8%), but Gmail's "550-5.7.1 … likely unsolicited mail" is
// the receiver's own verdict. The reviewer's generator was /tmp/s15/revL/inputs/form.mjs; the logs are built here in
// the corpus's line shapes (test/day-log.ts), the refusals as Postfix 3.7's smtp(8) logs a continued reply.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, reportOfLog } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Finding } from '../src/types.js';
import type { Report } from '../src/report/model.js';
import { renderJson } from '../src/render/index.js';
import { isSpamVerdict } from '../src/detect/refusal-kinds.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review18-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

const titles = (r: Report): string => r.findings.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('\n');
/** The open-relay findings that are not the info note on relaying for our own networks. */
const relays = (r: Report): Finding[] => r.findings.filter((f) => f.rule === 'open-relay' && f.severity !== 'info');

const SHOP = 'noreply@shop-example.jp';
const GMAIL = 'gmail-smtp-in.l.google.com[142.250.157.27]:25';

/** Gmail refusing a message as spam: its continued 550-5.7.1 reply as Postfix 3.7's smtp(8) joins it into one line. */
function spamBounce(log: DayLog, t: number, q: string, rcpt: string): void {
  log.emit(t, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${rcpt}>, relay=${GMAIL}, delay=1.4, delays=0.1/0.01/0.5/0.8, dsn=5.7.1, `
    + 'status=bounced (host gmail-smtp-in.l.google.com[142.250.157.27] said: 550-5.7.1 [203.0.113.5      12] Our system has detected that '
    + 'this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been '
    + 'blocked. For more information, go to 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError '
    + '41be03b00d2f7-5f8e2c9a1b2si1234567a12.255 - gsmtp (in reply to end of DATA command))');
}

/** Yahoo's throttle of a list post, at connect time (421 greeting), as review I's Mailman log has it. */
function tss04(log: DayLog, t: number, q: string, rcpt: string): void {
  log.emit(t, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mx.mail.yahoo.co.jp[182.22.12.117]:25, delay=1.2, delays=0.1/0.01/0.4/0.7, `
    + 'dsn=4.7.0, status=deferred (host mx.mail.yahoo.co.jp[182.22.12.117] refused to talk to me: 421 4.7.0 [TSS04] Messages from 203.0.113.5 '
    + 'temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes)');
}

/** A receiver's policy refusal of one recipient with DSN 5.7.1 that says nothing about spam. */
function accessDenied(log: DayLog, t: number, q: string, rcpt: string): void {
  const dom = rcpt.split('@')[1]!;
  log.emit(t, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${rcpt}>, relay=mx.${dom}[192.0.2.80]:25, delay=0.9, delays=0.1/0.01/0.3/0.5, dsn=5.7.1, `
    + `status=bounced (host mx.${dom}[192.0.2.80] said: 550 5.7.1 <${rcpt}>: Recipient address rejected: Access denied (in reply to RCPT TO command))`);
}

/** Mail delivered here for example.jp all day: the company's domain, as the report learns it. */
function officeMail(log: DayLog): void {
  for (let i = 0; i < 8; i++) log.inbound(8 * 3600 + i * 900, `kato@partner${i}.co.jp`, `${['tanaka', 'sato'][i % 2]}@example.jp`);
}

interface FormOptions {
  /** pickup: PHP's mail() through sendmail (uid=33); smtp: from 127.0.0.1 without a login. */
  mode: 'pickup' | 'smtp';
  /** Of the burst's 500 recipients: those Gmail refuses as spam, and those bounced as unknown users. */
  spam: number;
  unknown: number;
  /** Of the others, those a receiver refused by policy with DSN 5.7.1 ("Access denied"): no spam verdict. */
  denied?: number;
  /** Every message through amavis (127.0.0.1:10024, back on 10025): the outcomes are the copy's. */
  amavis?: boolean;
}

/** The shop's day and the hacked form's burst (review L's form.mjs, without its randomness). */
function formLog(o: FormOptions): DayLog {
  const log = new DayLog();
  officeMail(log);
  const send = (t: number, rcpt: string): string => {
    const q = o.mode === 'pickup' ? log.pickup(t, 33, SHOP, [rcpt]) : log.submit(t, '127.0.0.1', null, SHOP, [rcpt], 'postfix/smtpd', 'localhost');
    return o.amavis === true ? log.amavisHop(t + 0.2, q, SHOP, [rcpt], true) : q;
  };
  // The order mail: 40 a day from 08:00 to 23:00, to the customers' big providers.
  const big = ['yahoo.co.jp', 'docomo.ne.jp', 'outlook.com', 'ezweb.ne.jp', 'icloud.com'];
  for (let i = 0; i < 40; i++) {
    const t = 8 * 3600 + i * 1350;
    const rcpt = `cust${i}@${big[i % big.length]}`;
    const q = send(t, rcpt);
    log.sent(t + 1, q, rcpt);
    log.removed(t + 1.1, q);
  }
  // The burst: 500 messages from 15:10, one every 4.2 s; every fifth to Gmail, the rest to 249 other domains. (The
  // order mail of 15:30 falls inside it: the burst window holds 501 messages.)
  let gmail = 0;
  let other = 0;
  for (let i = 0; i < 500; i++) {
    const t = 15 * 3600 + 600 + i * 4.2;
    const toGmail = i % 5 === 0;
    const rcpt = toGmail ? `h${i}@gmail.com` : `h${i}@corp${i % 249}.example-${(i % 249) % 9}.net`;
    const q = send(t, rcpt);
    if (toGmail && gmail++ < o.spam) spamBounce(log, t + 1, q, rcpt);
    else if (!toGmail && other < o.unknown) { log.bounced(t + 1, q, rcpt); other++; }
    else if (!toGmail && other++ < o.unknown + (o.denied ?? 0)) accessDenied(log, t + 1, q, rcpt);
    else if (toGmail) log.emit(t + 1, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${rcpt}>, relay=${GMAIL}, delay=1.1, delays=0.1/0.01/0.4/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK  1763045521 d2e1a72fcca58-7a9b3c1d2e4si123456b3a.42 - gsmtp)`);
    else log.sent(t + 1, q, rcpt);
    log.removed(t + 2, q);
  }
  return log;
}

test('review 18: a hacked form\'s burst through sendmail whose receivers refused 35 of 500 (7%) as spam is HIGH spam, the refusal among its lines, though 15% is below the not-delivered sign', async () => {
  const r = await reportOfLog(DIR, 'form-pickup-spam.log', formLog({ mode: 'pickup', spam: 35, unknown: 40 }));
  const f = relays(r);
  assert.equal(f.length, 1, titles(r));
  assert.equal(f[0]!.severity, 'high', titles(r));
  assert.match(f[0]!.title, /^Spam sent by a program on this server: 1 local program submitting through sendmail \(mail uid=33\) had 540 messages sent to 540 recipients in 255 external domains between 2026-11-10 08:00 and 2026-11-10 22:37, 501 of them within 35 minutes, 35 of their recipients refused as spam by the receivers: a hacked web application or script on this server$/);
  const e = f[0]!.evidence;
  assert.equal(e.spamSigns, 'burst, refused-as-spam', 'not "not-delivered": 75 of 500 is 15%');
  assert.equal(e.relayNotDeliveredPercent, 'mail uid=33 (15)');
  assert.equal(e.spamRefusedRecipients, 'mail uid=33 (35)');
  assert.equal(e.spamRefusedPercent, 'mail uid=33 (7)');
  assert.equal(e.spamRefusalCode, '550-5.7.1');
  // One evidence line is the receiver's refusal, the first of the burst's (h0@gmail.com, 15:10:01).
  const refusal = f[0]!.examples.filter((x) => /status=bounced .*likely unsolicited mail/.test(x.text));
  assert.equal(refusal.length, 1, f[0]!.examples.map((x) => x.text).join('\n'));
  assert.match(refusal[0]!.text, /^Nov 10 15:10:01 mail postfix\/smtp\[\d+\]: [0-9A-F]+: to=<h0@gmail\.com>, relay=gmail-smtp-in\.l\.google\.com\[142\.250\.157\.27\]:25, .*dsn=5\.7\.1, status=bounced \(host gmail-smtp-in/);
  assert.match(f[0]!.fix!, /501 messages to 251 outside domains were submitted by mail uid=33 within 35 minutes, and the receivers themselves bounced 35 of the recipients \(7%\) as spam \(550-5\.7\.1: the first such line is among the lines shown\)/);
  assert.doesNotMatch(f[0]!.fix!, /did not get them/, 'the share not delivered is no sign here: the fix does not make it one');
  assert.match(f[0]!.fix!, /getent passwd 33/);
  // receivers-refusing still reports the refusals on its own.
  const refusing = r.findings.filter((x) => x.rule === 'receivers-refusing');
  assert.equal(refusing.length, 1, titles(r));
  assert.equal(refusing[0]!.evidence.refusals, 35);

  const ja = relays(await reportOfLog(DIR, 'form-pickup-spam-ja.log', formLog({ mode: 'pickup', spam: 35, unknown: 40 }), { lang: 'ja' }));
  assert.equal(ja.length, 1);
  assert.match(ja[0]!.title, /^このサーバー上のプログラムからのスパム: .*その 501 通の宛先のうち 35 件は、受信側がスパムとして拒否しました。このサーバー上の Web アプリケーション/);
  assert.match(ja[0]!.fix!, /受信側自身が、宛先のうち 35 件（7%）をスパムとしてバウンスさせています（550-5\.7\.1。最初の 1 行は上のログ行にあります）/);
  assert.doesNotMatch(ja[0]!.fix!, /届いていません/);
});

test('review 18: the same burst from 127.0.0.1 over SMTP, and behind amavis, is HIGH spam relayed from our own network; byte-identical with 3 jobs', async () => {
  const log = formLog({ mode: 'smtp', spam: 35, unknown: 40 });
  const r = await reportOfLog(DIR, 'form-smtp-spam.log', log);
  const f = relays(r);
  assert.equal(f.length, 1, titles(r));
  assert.equal(f[0]!.severity, 'high', titles(r));
  assert.match(f[0]!.title, /^Spam relayed from your own network: .*\(127\.0\.0\.1\).*, 35 of their recipients refused as spam by the receivers: a hacked web application or script on your own host$/);
  assert.deepEqual([f[0]!.evidence.spamSigns, f[0]!.evidence.spamRefusedRecipients], ['burst, refused-as-spam', '127.0.0.1 (35)']);
  assert.match(f[0]!.fix!, /without a login within 35 minutes, and the receivers themselves bounced 35 of the recipients \(7%\) as spam/);
  assert.ok(f[0]!.examples.some((x) => /to=<h0@gmail\.com>.*likely unsolicited mail/.test(x.text)), 'the refusal line is evidence');
  // Whatever the split of the log among workers: the refusals are counted per message, in the message's slot.
  const path = join(DIR, 'form-smtp-spam.log');
  const one = renderJson(await report([path], { year: 2026, top: 50 }));
  for (const rangeBytes of [30_000, 111_111]) {
    assert.equal(renderJson(await report([path], { year: 2026, top: 50, jobs: 3, rangeBytes })), one, `3 jobs, ranges of ${rangeBytes} bytes`);
  }

  // Behind amavis the refusals are on the copies' lines: they count for the program that sent the originals.
  const a = relays(await reportOfLog(DIR, 'form-amavis-spam.log', formLog({ mode: 'pickup', spam: 35, unknown: 40, amavis: true })));
  assert.deepEqual(a.map((x) => [x.severity, x.evidence.spamSigns, x.evidence.spamRefusedRecipients]), [['high', 'burst, refused-as-spam', 'mail uid=33 (35)']]);
});

test('review 18: the same burst with 15% unknown users and no receiver calling it spam stays LOW bulk mail (the documented trade-off); 9 spam refusals are too few; 5.7.1 policy refusals are none', async () => {
  for (const [name, spam, unknown, denied] of [['form-pickup-15.log', 0, 75, 0], ['form-pickup-9-spam.log', 9, 66, 0], ['form-pickup-denied.log', 0, 35, 40]] as const) {
    const r = await reportOfLog(DIR, name, formLog({ mode: 'pickup', spam, unknown, denied }));
    const f = relays(r);
    assert.equal(f.length, 1, titles(r));
    assert.equal(f[0]!.severity, 'low', `${name}\n${titles(r)}`);
    assert.match(f[0]!.title, /^Bulk mail from a program on this server: .*, 15% of their recipients not delivered: what a newsletter or mailing list looks like; check that it was yours$/);
    assert.equal(f[0]!.evidence.spamSigns, undefined);
    assert.equal(f[0]!.evidence.spamRefusedRecipients, undefined);
  }
});

// Review I's Mailman control (I1): a post to 2,000 subscribers reinjected from 127.0.0.1 with VERP senders, 20% of them at
// Yahoo, which throttles half of those with TSS04 until the log ends; 3% unknown users, 10 "550 5.7.1 … Access denied"
// policy refusals, and 20 of the 400 Gmail subscribers refused as spam (1% of the post: below ownSpamRefusedPercent).
test('review 18: a Mailman post throttled by Yahoo TSS04 with 3% unknown users, policy 5.7.1s and 1% spam refusals is not spam', async () => {
  const log = new DayLog();
  officeMail(log);
  // The post arrives for the list and goes to Mailman's pipe: lists.example.jp is delivered here.
  const p = log.submit(18 * 3600, '198.51.100.10', null, 'member@partner0.co.jp', ['announce@lists.example.jp'], 'postfix/smtpd', 'mail.partner0.co.jp');
  log.emit(18 * 3600 + 0.5, `postfix/local[${log.nextPid()}]`, `${p}: to=<announce@lists.example.jp>, relay=local, delay=0.3, delays=0.1/0.01/0/0.2, dsn=2.0.0, status=sent (delivered to command: /var/lib/mailman/mail/mailman post announce)`);
  log.removed(18 * 3600 + 0.6, p);
  let yahoo = 0;
  let gmail = 0;
  let unknown = 0;
  let denied = 0;
  for (let i = 0; i < 2000; i++) {
    const t = 18 * 3600 + 30 + i * 0.6;
    const dom = i % 5 === 0 ? 'yahoo.co.jp' : i % 5 === 1 ? 'gmail.com' : `torihiki${i % 200}.co.jp`;
    const rcpt = `m${i}@${dom}`;
    const q = log.submit(t, '127.0.0.1', null, `announce-bounces+m${i}=${dom}@lists.example.jp`, [rcpt], 'postfix/smtpd', 'localhost');
    if (dom === 'yahoo.co.jp' && yahoo++ % 2 === 0) {
      for (let tx = t + 1; tx < 86_000; tx += 1800) tss04(log, tx, q, rcpt);
      continue; // still queued at the end
    }
    if (dom === 'gmail.com' && gmail++ < 20) spamBounce(log, t + 1, q, rcpt);
    else if (dom !== 'gmail.com' && dom !== 'yahoo.co.jp' && unknown < 60) { log.bounced(t + 1, q, rcpt); unknown++; }
    else if (dom !== 'gmail.com' && dom !== 'yahoo.co.jp' && denied++ < 10) accessDenied(log, t + 1, q, rcpt);
    else log.sent(t + 1, q, rcpt);
    log.removed(t + 2, q);
  }
  const r = await reportOfLog(DIR, 'mailman-tss04.log', log);
  const f = relays(r);
  assert.equal(f.length, 1, titles(r));
  assert.equal(f[0]!.severity, 'low', titles(r));
  assert.match(f[0]!.title, /^Bulk mail from your own network: .*\(127\.0\.0\.1\) had 2,000 messages .*, sent as lists\.example\.jp, 14\.5% of the recipients not delivered: what a newsletter/);
  assert.equal(f[0]!.evidence.spamSigns, undefined);
  // The throttle was read as Yahoo's refusals, and Gmail's 20 as refusals of their own: the figures are there, the sign is not.
  const refusing = r.findings.filter((x) => x.rule === 'receivers-refusing');
  assert.equal(refusing.length, 1, titles(r));
  assert.match(refusing[0]!.title, /Yahoo rate limit \/ poor reputation \(421 4\.7\.0 TSS04\): 2,400 deferred/);
  assert.match(refusing[0]!.title, /550-5\.7\.1\): 20 bounced/);
  assert.ok(!r.findings.some((x) => x.rule === 'queue-cleanup'), 'the list\'s mail to Yahoo is no abuse to delete');
});

test('review 18: what counts as a receiver calling the mail spam, by the receivers-refusing classification', () => {
  const said = (answer: string): string => `host mx.example.net[192.0.2.80] said: ${answer} (in reply to end of DATA command)`;
  // Spam and reputation verdicts.
  assert.equal(isSpamVerdict(said('550-5.7.1 [203.0.113.5      12] Our system has detected that this message is 550-5.7.1 likely unsolicited mail.')), true);
  // Other receivers' spam verdicts (review 18 M, M1: the phrases Sisimai's SpamDetected.pm collects).
  assert.equal(isSpamVerdict(said('554 5.7.1 Spam message rejected')), true, 'rspamd');
  assert.equal(isSpamVerdict(said('554 5.7.1 Message rejected as spam')), true, 'IronPort');
  assert.equal(isSpamVerdict(said('550 5.7.1 Message rejected due to suspected spam content')), true, 'Proofpoint');
  assert.equal(isSpamVerdict(said('554 Message not allowed - [PH01] Email not accepted for policy reasons.')), true, 'Yahoo');
  // A verdict on our reputation only, which opted-in mail from a new domain or a cold IP draws too (review 18 M, H4).
  assert.equal(isSpamVerdict(said('550-5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain.')), false);
  assert.equal(isSpamVerdict(said('550 5.7.650 The mail server [203.0.113.5] has been rate limited due to IP reputation.')), false);
  // A block list's host name holds the word: a listing, not a verdict on the mail.
  assert.equal(isSpamVerdict(said('554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using spam.dnsbl.sorbs.net')), false);
  // A throttle, an unknown user, a policy refusal, a block list, an authentication failure: no verdict that the mail is spam.
  assert.equal(isSpamVerdict('host mx.mail.yahoo.co.jp[182.22.12.117] refused to talk to me: 421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume or user complaints'), false);
  assert.equal(isSpamVerdict(said('550 5.1.1 <a@example.net>: Recipient address rejected: User unknown')), false);
  assert.equal(isSpamVerdict(said('550 5.7.1 <a@example.net>: Recipient address rejected: Access denied')), false);
  assert.equal(isSpamVerdict(said('554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org')), false);
  assert.equal(isSpamVerdict(said('550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users')), false);
  assert.equal(isSpamVerdict(said('452 4.5.3 Too many recipients; rate limit exceeded')), false);
  // Postfix's own re-deferral from its cache asked nobody.
  assert.equal(isSpamVerdict('delivery temporarily suspended: host gmail-smtp-in.l.google.com[142.250.157.27] said: 550-5.7.1 likely unsolicited mail'), false);
  // Our own words, not a receiver's answer.
  assert.equal(isSpamVerdict('likely unsolicited mail'), false);
});

// Review M (H4): an opted-in newsletter from a new domain, Gmail refusing 20 of its 500 recipients (4%) as "likely
// unsolicited" and 1 unknown user: 4.2% not delivered, what a list of the shop's own customers looks like, even with
// Gmail's verdict. The same refusals in a burst with 10% not delivered are spam (ownSpamRefusedNotDeliveredPercent).
test('review 18 M: Gmail refusing 4% of an opted-in newsletter is no hacked script when little else bounces; with 10% not delivered it is', async () => {
  const news = relays(await reportOfLog(DIR, 'newsletter-gmail-4.log', formLog({ mode: 'smtp', spam: 20, unknown: 1 })));
  assert.equal(news.length, 1);
  assert.equal(news[0]!.severity, 'low', news[0]!.title);
  assert.equal(news[0]!.evidence.spamSigns, undefined);
  const form = relays(await reportOfLog(DIR, 'form-gmail-4-10.log', formLog({ mode: 'smtp', spam: 20, unknown: 30 })));
  assert.equal(form[0]!.severity, 'high', form[0]!.title);
  assert.equal(form[0]!.evidence.spamSigns, 'burst, refused-as-spam');
});
