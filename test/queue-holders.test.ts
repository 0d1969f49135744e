// holdOf and isReceiverRefusal (src/detect/queue-holders.ts): whether a domain's last deferral reason is the receiving
// server refusing our mail (`postqueue -f` cannot deliver it), a connection that failed on the way (the push delivers it
// once the route works), or a receiver with no room for it (a full mailbox: the recipient's to fix, no refusal of ours).
// Real Postfix deferrals of every shape, each through the parser and normalize.ts as the aggregate keeps them
// (DomainStats.lastDeferralReason), with where it was seen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdOf, isReceiverRefusal, routeTroubleOf, type QueueHold, type RouteTrouble } from '../src/detect/queue-holders.js';
import { normalizeReason } from '../src/aggregate/normalize.js';
import { parseLine } from './helpers.js';

interface Case {
  /** Where the line (or the reason, from a `mailq` listing) was seen. */
  source: string;
  /** A whole status=deferred log line … */
  line?: string;
  /** … or only its reason, the text in the parentheses. */
  reason?: string;
  hold: QueueHold;
}

/** The reason as queue-holders.ts reads it: the parser's, normalised (the key of the domain's last deferral). */
function keptReason(c: Case): string {
  if (c.reason !== undefined) return normalizeReason(c.reason);
  const ev = parseLine(c.line!);
  assert.ok(ev !== null && ev.kind === 'delivery' && ev.status === 'deferred', c.line);
  return normalizeReason(ev.reason);
}

/** The receiver answered, or reset the connection: the push cannot deliver it. */
const REFUSING: Case[] = [
  {
    source: 'samples/deferred-flood.log:5322 (the server of nishi-kensetsu.co.jp refuses connections all along)',
    line: 'Nov 17 11:33:11 mail postfix/smtp[27170]: 570BB16F105: to=<nishi@nishi-kensetsu.co.jp>, relay=none, delay=78294, delays=78294/0.04/0.02/0, dsn=4.4.1, status=deferred (connect to mail.nishi-kensetsu.co.jp[203.0.113.140]:25: Connection refused)',
    hold: 'refused',
  },
  {
    source: 'corpus incident/maillog (postfix/error, from the cache of the dead destination)',
    line: 'Nov 28 22:16:29 mail postfix/error[22095]: 9C0751606B1: to=<naroyatsu_mitsu@163.com>, relay=none, delay=0.73, delays=0.17/0.56/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.1.6[127.0.1.6]:25: Connection refused)',
    hold: 'refused',
  },
  {
    source: 'corpus incident/maillog (Yahoo-style TSS04 greeting)',
    line: 'Nov 28 22:16:29 mail postfix/smtp[22061]: A22E81606F1: to=<ririha-nora@yahoo.co.jp>, relay=127.0.1.2[127.0.1.2]:25, delay=0.5, delays=0.03/0.46/0.01/0, dsn=4.7.0, status=deferred (host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes)',
    hold: 'refused',
  },
  {
    source: 'corpus incident/maillog (the same, postfix/error from the cache)',
    line: 'Nov 28 22:16:29 mail postfix/error[22098]: 9C0751606B1: to=<ketana_hichi@yahoo.co.jp>, relay=none, delay=0.83, delays=0.17/0.66/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes)',
    hold: 'refused',
  },
  {
    source: 'corpus incident/maillog (Gmail-style 421-4.7.0 rate limit, in reply to RCPT TO)',
    line: 'Nov 28 22:16:30 mail postfix/smtp[22064]: 438B6160722: to=<hiaiha7878@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.8, delays=0/0.73/0.04/0.02, dsn=4.7.0, status=deferred (host 127.0.1.1[127.0.1.1] said: 421-4.7.0 [127.0.0.1      15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address. To protect our 421-4.7.0 users from spam, mail sent from your IP address has been temporarily 421-4.7.0 rate limited. For more information, go to 421-4.7.0  https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.0 review our Bulk Email Senders Guidelines. d9443c01a7336-2a1b2c3d4e5si123456pjb.0 - gsmtp (in reply to RCPT TO command))',
    hold: 'refused',
  },
  {
    source: 'LINES.md 3 #12 (Mailu#1458: Proofpoint\'s block)',
    line: 'Apr 21 08:45:17 mail postfix/smtp[1278]: 85272AA02B8: to=<jgutierrez@ricoh-mex.com.mx>, relay=mxb-00145802.gslb.pphosted.com[67.231.156.189]:25, delay=58978, delays=58977/0.15/1.5/0, dsn=4.0.0, status=deferred (host mxb-00145802.gslb.pphosted.com[67.231.156.189] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=78.225.183.108)',
    hold: 'refused',
  },
  {
    source: 'LINES.md 3 #13 (docker-mailserver#3292: Yahoo\'s TSS04 in reply to MAIL FROM)',
    reason: 'host mta7.am0.yahoodns.net[67.195.228.109] said: 421 4.7.0 [TSS04] Messages from "x.x.x.x" temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)',
    hold: 'refused',
  },
  {
    // The words of ASSP's greylisting answer with more after them: a rate limit, not greylisting.
    source: 'a receiver\'s "451 4.7.1 Please try again later, rate limited" (a bounce classifier\'s test data), in Postfix\'s "host … said:" form',
    reason: 'host mx.example.com[192.0.2.1] said: 451 4.7.1 Please try again later, rate limited (in reply to RCPT TO command)',
    hold: 'refused',
  },
];

/** Nothing answered, or greylisting: the push delivers it once the route (or the wait) is over. */
const ON_THE_WAY: Case[] = [
  {
    source: 'samples/deferred-flood.log (the blocked port 25)',
    line: 'Nov 16 09:56:45 mail postfix/smtp[21086]: EC0FD16F0D1: to=<mori.takeshi@gmail.com>, relay=none, delay=150, delays=0.24/0/150/0, dsn=4.4.1, status=deferred (connect to alt4.gmail-smtp-in.l.google.com[142.250.152.27]:25: Connection timed out)',
    hold: 'route',
  },
  {
    source: 'samples/deferred-flood.log (the same, postfix/error from the cache)',
    line: 'Nov 16 10:18:10 mail postfix/error[21192]: 2F87116F0D5: to=<yumi.k@ezweb.ne.jp>, relay=none, delay=575, delays=575/0.05/0/0.04, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to lsean.ezweb.ne.jp[27.86.113.14]:25: Connection timed out)',
    hold: 'route',
  },
  {
    source: 'a mailq listing of a server with no route out (a forum thread on Postfix mail to Gmail and Yahoo)',
    reason: 'connect to alt4.gmail-smtp-in.l.google.com[173.194.65.27]:25: No route to host',
    hold: 'route',
  },
  {
    source: 'the same listing, from the cache',
    reason: 'delivery temporarily suspended: connect to mta5.am0.yahoodns.net[66.94.237.64]:25: No route to host',
    hold: 'route',
  },
  {
    source: 'serveraide.com "How to read postfix maillog" (postfix/error, an IPv6 address of a host without IPv6)',
    reason: 'delivery temporarily suspended: connect to ALT2.ASPMX.L.GOOGLE.com[2607:f8b0:4001:c08::1a]:25: Network is unreachable',
    hold: 'route',
  },
  {
    source: 'a mailq listing (Network is unreachable over IPv6)',
    reason: 'connect to alt2.gmail-smtp-in.l.google.com[2404:6800:4003:c01::1a]:25: Network is unreachable',
    hold: 'route',
  },
  {
    source: 'corpus healthy/maillog (postgrey)',
    line: 'Nov 28 22:13:42 mail postfix/smtp[21284]: 4F0271606B2: to=<ivan.petrov@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, delay=0.01, delays=0/0/0/0, dsn=4.2.0, status=deferred (host 127.0.1.7[127.0.1.7] said: 450 4.2.0 <ivan.petrov@mail.ru>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mail.ru.html (in reply to RCPT TO command))',
    hold: 'route',
  },
  {
    source: 'lightmeterio/ControlCenter test_files/postfix_logs/individual_files/6_deferred_message_retry.log (greylisting in other words)',
    line: 'Dec  7 13:28:02 mail postfix/smtp[18832]: A17F830001CA: to=<recipient@recipient.com>, relay=mailin6.zih.recipient.relay.example.com[141.30.67.69]:25, delay=0.75, delays=0/0.03/0.66/0.06, dsn=4.0.0, status=deferred (host mailin6.zih.recipient.relay.example.com[141.30.67.69] said: 451-You have been greylisted. This is part of our standard anti-spam measures 451-and your mail system should automatically try again later. We will accept 451 this mail from you in 42 seconds (in reply to RCPT TO command))',
    hold: 'route',
  },
  {
    // ASSP's default DelayError, its answer to a triplet it greylists (assp.cfg 'DelayError', "Reply Message to Refuse
    // Delayed Email"), in Postfix's "host … said:" form.
    source: 'ASSP\'s greylisting answer "451 4.7.1 Please try again later"',
    reason: 'host mail.example.net[192.0.2.25] said: 451 4.7.1 Please try again later (in reply to RCPT TO command)',
    hold: 'route',
  },
  {
    source: 'corpus incident/maillog (a connection lost after RCPT TO)',
    line: 'Nov 28 22:16:30 mail postfix/smtp[22161]: 600E4160729: to=<koyu9249@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.7, delays=0.15/0.52/0.03/0, dsn=4.4.2, status=deferred (lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO)',
    hold: 'route',
  },
  {
    source: 'LINES.md 3 #12 (grok error_0001: the same from the cache)',
    reason: 'delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO',
    hold: 'route',
  },
  {
    source: 'a Postfix user\'s log of mail to Gmail (forum thread: lost before the greeting)',
    line: 'Feb 12 11:25:28 mail postfix/smtp[4709]: 7C53F35BAC: to=<johndoe@gmail.com>, relay=alt2.gmail-smtp-in.l.google.com[209.85.221.184]:25, delay=946, delays=0.12/0.01/946/0, dsn=4.4.2, status=deferred (lost connection with alt2.gmail-smtp-in.l.google.com[209.85.221.184] while receiving the initial server greeting)',
    hold: 'route',
  },
  {
    source: 'corpus incident/maillog (postfix/error: no greeting in time, from the cache)',
    line: 'Nov 28 22:16:48 mail postfix/error[22109]: 804E016068E: to=<nisari-7433@ezweb.ne.jp>, relay=none, delay=20, delays=0.24/20/0/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: conversation with 127.0.1.5[127.0.1.5] timed out while receiving the initial server greeting)',
    hold: 'route',
  },
  {
    // Postfix's smtp_proto.c: "TLS is required, but was not offered by host %s" (namaddr): our TLS policy, no answer.
    source: 'Postfix smtp_proto.c\'s deferral when smtp_tls_security_level=encrypt meets no STARTTLS',
    reason: 'TLS is required, but was not offered by host mx.example.net[127.0.0.1]',
    hold: 'route',
  },
  {
    source: 'suped.com "Why does Postfix show TLS handshake failure when connecting to an Exchange server" (dsn=4.7.5)',
    reason: 'Cannot start TLS: handshake failure',
    hold: 'route',
  },
  {
    source: 'a Postfix user\'s log (forum thread: a resolver that fails, postfix/error from the cache)',
    line: 'Mar 11 18:22:26 smc-dev postfix/error[9889]: B240167C0EB: to=<gcornelisse@gmail.com>, relay=none, delay=135053, delays=135033/20/0/0.03, dsn=4.4.3, status=deferred (delivery temporarily suspended: Host or domain name not found. Name service error for name=gmail.com type=MX: Host not found, try again)',
    hold: 'route',
  },
  {
    source: 'a Postfix user\'s log (forum thread: a server whose DNS lookups are blocked)',
    line: 'Aug 23 10:32:57 qs1 postfix/smtp[3799]: 82DD318E2F87: to=<my@mydomain.co.uk>, relay=none, delay=0.11, delays=0.1/0/0/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=mydomain.co.uk type=MX: Host not found, try again)',
    hold: 'route',
  },
];

/** The receiver has no room for it: a full mailbox or storage (review AI's rest), which counted as refusing us. */
const NO_ROOM: Case[] = [
  {
    source: 'lightmeterio/ControlCenter test_files/postfix_logs/individual_files/18_expired.log (words only: its code is 4.1.1)',
    line: 'Sep 25 18:26:36 smtpnode16 postfix-239.58.50.50/smtp[5084]: 23EBE3D5C0: to=<h-664d01@h-695da2287.com>, relay=ALT2.ASPMX.L.GOOGLE.com[3.155.237.60]:25, delay=2, delays=0.18/0/1.6/0.19, dsn=4.1.1, status=deferred (host ALT2.ASPMX.L.GOOGLE.com[3.155.237.60] said: 452 4.1.1 <h-664d01@h-695da2287.com> user is over quota, please try again later (in reply to RCPT TO command))',
    hold: 'no-room',
  },
  {
    source: 'Gmail\'s "452-4.2.2 … over quota" (codenote.net/en/posts/2871), as a Postfix log reader\'s test quotes the deferral',
    reason: 'host alt1.gmail-smtp-in.l.google.com[142.250.153.26] said: 452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp h7-20020aa7c607000000b0050be1d05c73si7675270edq.40 - gsmtp (in reply to RCPT TO command)',
    hold: 'no-room',
  },
  {
    source: 'Dovecot\'s LMTP with quota_full_tempfail (src/aggregate/mailbox-transport.ts\'s example)',
    reason: 'host mail.example.jp[private/dovecot-lmtp] said: 452 4.2.2 <tanaka@example.jp> Quota exceeded (mailbox for user is full) (in reply to end of DATA command)',
    hold: 'no-room',
  },
  {
    source: 'Cyrus lmtpd behind BlueMind (its docs, a postqueue -p listing; mailbox-transport.ts)',
    reason: 'host 192.168.124.72[192.168.124.72] said: 452 4.2.2 Over quota SESSIONID=<cyrus-4311-1488438658-1> (in reply to RCPT TO command)',
    hold: 'no-room',
  },
  {
    source: 'a logstash pattern collection\'s Postfix "smtp_relay" example: the receiver\'s disk full (452 4.3.1)',
    reason: 'host host.example.com[1.1.1.1] said: 452 4.3.1 Insufficient system storage (in reply to MAIL FROM command)',
    hold: 'no-room',
  },
  {
    // A quota on what we send is a limit on us, not on the recipient's room: a refusal.
    source: 'a receiver\'s "5.7.1 Daily user sending quota exceeded" (a bounce classifier\'s test data), in the "host … said:" form',
    reason: 'host mx.example.com[192.0.2.1] said: 550 5.7.1 Daily user sending quota exceeded (in reply to MAIL FROM command)',
    hold: 'refused',
  },
];

for (const c of [...REFUSING, ...ON_THE_WAY, ...NO_ROOM]) {
  test(`holdOf: ${c.hold}: ${c.source}`, () => {
    const reason = keptReason(c);
    assert.equal(holdOf(reason), c.hold, reason);
    assert.equal(isReceiverRefusal(reason), c.hold === 'refused', reason);
  });
}

/**
 * What fails on the way for each of ON_THE_WAY, in its order (the advice's wording by kind): timeouts, no route, lost
 * connections and greeting timeouts answer nothing; greylisting waits for the retry; TLS and DNS are their own.
 */
const TROUBLES: RouteTrouble[] = ['no-answer', 'no-answer', 'no-answer', 'no-answer', 'no-answer', 'no-answer',
  'waiting', 'waiting', 'waiting', 'no-answer', 'no-answer', 'no-answer', 'no-answer', 'tls', 'tls', 'dns', 'dns'];

test('routeTroubleOf: what fails on the way, for every case nothing refuses; no try yet waits', () => {
  assert.equal(TROUBLES.length, ON_THE_WAY.length);
  for (const [i, c] of ON_THE_WAY.entries()) assert.equal(routeTroubleOf(keptReason(c)), TROUBLES[i], `${c.source}: ${keptReason(c)}`);
  assert.equal(routeTroubleOf(''), 'waiting');
});
