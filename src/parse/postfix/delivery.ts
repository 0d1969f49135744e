// Delivery agents: smtp, lmtp, local, virtual, pipe, error, discard, relay, retry (and multi-instance names).

import type { LogEvent } from '../../types.js';
import { clientAt, queueIdLength, sliceKnown, startsAt } from '../fields.js';
import { parseDaemonWarning } from './warning.js';
import { cutLine } from '../cut.js';

/**
 * "DFBEFDBF00C5: to=<test@example-to.com>, relay=mail.example-to.com[192.168.0.10]:25, delay=5.3, delays=0.26/0/0.31/4.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as C598F1B0002D)"
 * "BC4E116065B: to=<sato@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.02/0.01, dsn=2.0.0, status=sent (250 2.0.0 <sato@example.jp> pfGzL/bTCmvSVAAAg+zDdQ Saved)"
 * "1FDA7160673: to=<root@mail.example.jp>, orig_to=<root>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (forwarded as 2237316067A)"
 * "758F716068C: to=<nshike_5100@qq.com>, relay=none, delay=0.26, delays=0.19/0.08/0/0, dsn=4.4.1, status=deferred (connect to 127.0.1.6[127.0.1.6]:25: Connection refused)"
 * "85272AA02B8: to=<j@ricoh-mex.com.mx>, relay=mxb.pphosted.com[67.231.156.189]:25, delay=58978, delays=58977/0.15/1.5/0, dsn=4.0.0, status=deferred (host … refused to talk to me: 554 Blocked …)"
 */
const TLSRPT_SUCCESS: LogEvent = { kind: 'noise', what: 'tlsrpt' };
const TLSRPT_FAILURE: LogEvent = { kind: 'noise', what: 'tlsrpt-failure' };

export function parseDelivery(s: string, m: number, agent: string): LogEvent | null {
  // Postfix 3.10 with TLSRPT on (smtp_tlsrpt_enable): a line per TLS attempt for the receiving domain's TLS report
  // (libpostfix-tls.so of 3.10.13: "TLSRPT: status=success, domain=%s, receiving_mx=%s[%s]" and "TLSRPT:
  // status=failure, domain=%s, receiving_mx=%s[%s], failure_type=%s%s%s"; review 18 of the versions, finding 6). No
  // delivery event: a failure's TLS problem is the attempt's, which its status line and smtp's TLS warnings tell;
  // known, not an error. Tested before the queue ID: "TLSRPT" is a possible long queue ID.
  //   "TLSRPT: status=success, domain=example.org, receiving_mx=mx.example.org[198.51.100.1]"
  if (s.charCodeAt(m) === 84 && s.startsWith('TLSRPT: status=', m)) return s.startsWith('success', m + 15) ? TLSRPT_SUCCESS : TLSRPT_FAILURE;
  const qlen = queueIdLength(s, m);
  if (qlen === 0) {
    // "connect to 127.0.1.6[127.0.1.6]:25: Connection refused" ; "connect to intern.nl[194.109.6.98]:25: Connection timed out"
    if (s.startsWith('connect to ', m)) {
      const host = clientAt(s, m + 11);
      const close = s.indexOf(']', m + 11);
      const colon = s.indexOf(': ', close);
      const port = close > 0 && s.charCodeAt(close + 1) === 58 ? s.slice(close + 2, colon < 0 ? undefined : colon) : '';
      return {
        kind: 'connectFailed', daemon: agent, host: host.name, ip: host.ip, port,
        reason: colon < 0 ? '' : s.slice(colon + 2),
      };
    }
    // "Untrusted TLS connection established to 127.0.1.1[127.0.1.1]:25: TLSv1.3 with cipher …"
    if (s.indexOf('TLS connection established to ', m) >= 0) return { kind: 'noise', what: 'tls' };
    if (s.startsWith('SSL_connect error', m)) return { kind: 'daemonProblem', daemon: agent, severity: 'warning', text: s.slice(m) };
    return parseDaemonWarning(s, m, agent);
  }
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  if (s.startsWith('to=<', t)) return parseStatusLine(s, t, qid, agent);

  // "266DB1A36D6: host mta7.am0.yahoodns.net[67.195.228.109] said: 421 4.7.0 [TSS04] Messages from … (in reply to MAIL FROM command)"
  // "D0F29603B4: SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535 5.7.8 Error: authentication failed"
  if (s.startsWith('host ', t)) {
    const said = s.indexOf(' said: ', t);
    const refused = s.indexOf(' refused to talk to me: ', t);
    const end = said > 0 ? said : refused;
    if (end > 0) {
      const h = clientAt(s, t + 5);
      return { kind: 'remoteSaid', qid, host: h.name, ip: h.ip, text: s.slice(end + (said > 0 ? 7 : 24)) };
    }
  }
  if (s.startsWith('SASL authentication failed; ', t)) {
    if (s.startsWith('server ', t + 28)) {
      const h = clientAt(s, t + 35);
      return { kind: 'relayAuthFailed', qid, host: h.name + '[' + h.ip + ']', text: s.slice(t) };
    }
    // No mechanism in common with the relay (smtp_sasl_mechanism_filter, cyrus plugins missing):
    // "6F263169B46: SASL authentication failed; cannot authenticate to server smtp.sendgrid.net[161.202.148.179]: no mechanism available"
    if (s.startsWith('cannot authenticate to server ', t + 28)) {
      const h = clientAt(s, t + 58);
      return { kind: 'relayAuthFailed', qid, host: h.name + '[' + h.ip + ']', text: s.slice(t) };
    }
  }
  // "1A3C6160669: lost connection with 127.0.1.8[127.0.1.8] while sending end of data -- message may be sent more than once"
  // "…: conversation with x[ip] timed out while receiving the initial server greeting"
  if (s.startsWith('lost connection with ', t) || s.startsWith('conversation with ', t)) {
    const h = clientAt(s, t + (s.charCodeAt(t) === 108 ? 21 : 18));
    return { kind: 'remoteSaid', qid, host: h.name, ip: h.ip, text: s.slice(t) };
  }
  // "…: enabling PIX workarounds: …", "…: Cannot start TLS: handshake failure" — details before a status line.
  // "4jcV5V6TK5zNgMq: breaking line > 998 bytes with <CR><LF>SPACE" (smtp_line_length_limit)
  if (s.startsWith('enabling PIX', t) || s.startsWith('Cannot start TLS', t) || s.startsWith('TLS is required', t)
    || s.startsWith('breaking line > ', t)) {
    return { kind: 'noise', what: 'smtp-detail' };
  }
  return null;
}

/**
 * One left-to-right pass over "to=<…>, orig_to=<…>, relay=…, conn_use=N, delay=N, delays=a/b/c/d, dsn=x.y.z,
 * status=word (reason)": this is the line a deferred flood repeats millions of times, so no field is searched
 * from the start again and only kept values become substrings.
 */
export function parseStatusLine(s: string, t: number, qid: string, agent: string): LogEvent | null {
  const n = s.length;
  let p = t + 4; // after "to=<"
  let close = s.indexOf('>', p);
  if (close < 0) return cutLine();
  const to = s.slice(p, close);
  p = close + 1;
  let origTo = '';
  let relay = '';
  let delay = 0;
  let dsn = '';
  while (s.charCodeAt(p) === 44 && s.charCodeAt(p + 1) === 32) { // ", "
    p += 2;
    const eq = s.indexOf('=', p);
    if (eq < 0) return cutLine();
    const klen = eq - p;
    const k0 = s.charCodeAt(p);
    if (k0 === 115 && klen === 6) break; // status
    let end = s.indexOf(', ', eq + 1);
    if (end < 0) end = n;
    if (k0 === 111 && klen === 7) { // orig_to=<…>
      close = s.indexOf('>', eq + 2);
      origTo = s.slice(eq + 2, close < 0 ? end : close);
      end = close < 0 ? end : close + 1;
    } else if (k0 === 114 && klen === 5) relay = sliceKnown(s, eq + 1, end, RELAYS); // relay
    else if (k0 === 100 && klen === 5) delay = decimal(s, eq + 1, end); // delay
    else if (k0 === 100 && klen === 3) dsn = s.slice(eq + 1, end); // dsn
    // conn_use, delays, tls: not needed
    p = end;
  }
  // The fields ran to the line's end, or its last one was cut ("dsn=4.4.1, stat"): the status never came.
  if (!startsAt(s, 'status=', p)) return p >= n || s.indexOf(', ', p) < 0 ? cutLine() : null;
  const st = p + 7;
  let stEnd = st;
  while (stEnd < n) {
    const c = s.charCodeAt(stEnd);
    if (c === 32 || c === 44) break;
    stEnd++;
  }
  // log_adhoc.c writes "status=%s (%s)": the word ends at " (" and the line at ")". A word at the line's end
  // ("status=def") or a reason without its ")" is cut; Postfix's own reasons hold parentheses, balanced or not
  // ("(in reply to RCPT TO command))"), and a reason Postfix shortened still gets its ")".
  if (stEnd >= n - 1 || (s.charCodeAt(stEnd + 1) === 40 && (s.charCodeAt(n - 1) !== 41 || isCutAfterReply(s, stEnd, n)))) return cutLine();
  let status = sliceKnown(s, st, stEnd, STATUSES);
  // soft_bounce=yes turns a bounce into a deferral, the message stays queued and is retried:
  // "4B6D11E01729: to=<viviane@techs.com.br>, relay=mail.techs.com.br[186.232.248.4]:25, delay=39993, delays=35133/4859/0.58/0.71, dsn=4.7.1, status=SOFTBOUNCE (host mail.techs.com.br[186.232.248.4] said: 501 5.7.1 <kmcgrath@upperuwchlan-pa.gov>... Sender refused by the DNSBL b.barracudacentral.org (in reply to RCPT TO command))"
  if (status === 'SOFTBOUNCE') status = 'deferred';
  if (s.charCodeAt(stEnd) === 44) stEnd++;
  let reason = '';
  if (s.charCodeAt(stEnd + 1) === 40) { // " ("
    const last = n - 1;
    reason = s.charCodeAt(last) === 41 ? s.slice(stEnd + 2, last) : s.slice(stEnd + 2);
  } else if (stEnd < n) {
    reason = s.slice(stEnd + 1);
  }
  let handedTo = '';
  let filterHop = false;
  if (status === 'sent') {
    // local(8): "forwarded as 2237316067A"; content filter reinjection: "250 2.0.0 Ok: queued as A17F830001CA"
    const fwd = reason.lastIndexOf('forwarded as ');
    if (fwd >= 0) handedTo = reason.slice(fwd + 13).trim();
    else {
      const qa = reason.lastIndexOf('queued as ');
      if (qa >= 0 && isFilterRelay(relay)) {
        handedTo = reason.slice(qa + 10).trim();
        const sp = handedTo.indexOf(' ');
        if (sp > 0) handedTo = handedTo.slice(0, sp);
        if (handedTo.endsWith(')')) handedTo = handedTo.slice(0, -1);
        // A copy re-injected here is queued under a Postfix queue ID; any other ID is a remote MTA's, reached
        // through a loopback tunnel (review 17 H1): "status=sent (250 Ok: queued as 7PQDlbCGQHy-fQNHpsBzVg)"
        // (SendGrid's reply through stunnel on 127.0.0.1:11587) is a delivery.
        filterHop = isKnownFilterRelay(relay) || isPostfixQueueId(handedTo);
        if (!filterHop) handedTo = '';
      } else if (qa < 0 && isFilterVerdict(reason) && isFilterRelay(relay)) {
        status = 'discarded';
      }
    }
  }
  return { kind: 'delivery', agent, qid, to, origTo, relay, delay, dsn, status, reason, handedTo, filterHop };
}

/**
 * The previous status line of a delivery agent, for sameAttempt: its event and the text from the ">" that closes
 * its "to=<…>" to the end of its line (a slice of that line, which it keeps alive: one line).
 */
export interface LastAttempt {
  ev: DeliveryEvent;
  tail: string;
}

/** The event of a delivery agent's status line. */
export type DeliveryEvent = Extract<LogEvent, { kind: 'delivery' }>;

/**
 * The attempt of a status line parseStatusLine just read from `s` (message part at `m`), for sameAttempt; else null.
 * `reuse`: the scanner's previous attempt, filled in again rather than a new one made (thirty-eighth session).
 */
export function lastAttemptOf(s: string, m: number, ev: DeliveryEvent, reuse: LastAttempt | null = null): LastAttempt | null {
  const close = m + ev.qid.length + 6 + ev.to.length; // "QID: to=<" + address
  if (s.charCodeAt(close) !== 62) return null;
  if (reuse === null) return { ev, tail: s.slice(close) };
  reuse.ev = ev;
  reuse.tail = s.slice(close);
  return reuse;
}

/**
 * A delivery agent's status line that differs from its previous one only in the recipient, or null. One attempt
 * to deliver a message logs a line per recipient, each with the attempt's relay, delays, DSN, status and reason:
 *   "D02A92A8A3E: to=<senasu1065@docomo.ne.jp>, relay=none, delay=128618, delays=128587/31/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mfsmax.docomo.ne.jp[203.138.181.240]:25: Connection timed out)"
 *   "D02A92A8A3E: to=<nia.4849@docomo.ne.jp>, relay=none, delay=128618, delays=128587/31/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mfsmax.docomo.ne.jp[203.138.181.240]:25: Connection timed out)"
 * On the 1.5 GB benchmark log 59% of the deferred lines are such a repeat. parseStatusLine reads a line left to
 * right and what follows "to=<…>" decides every other field, so the same program (same agent), the same queue ID
 * and the same text after the address give the previous event with this address: one comparison of the two
 * tails (equal strings of one length) instead of a parse, and the same reason string, which the reason counts
 * then find by identity (events.ts cachedReason).
 */
export function sameAttempt(s: string, m: number, last: LastAttempt): DeliveryEvent | null {
  const prev = last.ev;
  const q = prev.qid;
  if (!startsAt(s, q, m) || !startsAt(s, ': to=<', m + q.length)) return null;
  const p = m + q.length + 6;
  const close = s.indexOf('>', p);
  if (close < 0 || s.length - close !== last.tail.length) return null;
  if (s.slice(close) !== last.tail) return null;
  // `last` stays as it is: its strings are the run's first line's, which this event shares.
  return {
    kind: 'delivery', agent: prev.agent, qid: q, to: s.slice(p, close), origTo: prev.origTo, relay: prev.relay,
    delay: prev.delay, dsn: prev.dsn, status: prev.status, reason: prev.reason, handedTo: prev.handedTo, filterHop: prev.filterHop,
  };
}

/**
 * amavisd-new's answer to the hand-off when it keeps the message from its recipient (review 17 H2): it took the mail
 * ("250", so Postfix logs status=sent) and discarded it, or bounced it itself (its own DSN to the sender), or
 * suppressed that bounce. The recipient got nothing: status "discarded" (aggregate/messages.ts counts it in
 * `discarded`, not delivered). Real lines (a Debian and a Gentoo amavis, published logs):
 *   "4185621A16: to=<guest@indra.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=2.7, delays=0.06/0.02/0.04/2.6, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=03774-01 - SPAM)"
 *   "7FC7B22DF6: to=<testuser@example.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.41, delays=0.21/0.02/0.01/0.16, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=07554-01 - INFECTED: Eicar-Test-Signature)"
 *   "79C12FEF59: to=<test.djoven@icecrown.es>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.29, delays=0.08/0.01/0/0.2, dsn=2.5.0, status=sent (250 2.5.0 Ok, id=18438-02, BOUNCE)"
 *   "ED6481B24C0: to=<glover@MyDomain1.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=14896, delays=10375/4515/0.01/5.3, dsn=2.5.0, status=sent (250 2.5.0 Ok, id=03164-18, DISCARD(bounce.suppressed))"
 * Only from a filter relay on this host (isFilterRelay): a remote MTA's 250 is its delivery, whatever its text.
 * A quarantine is no verdict of its own (code review 17, item 4, checked in amavisd-new 2.13.0's source, Debian 12's
 * amavisd-new package, /usr/share/perl5/Amavis.pm): the reply's words come from the recipient's destiny alone,
 *   sprintf("%s %s%s%s", $status, ($final_destiny == D_PASS ? "Ok" : $final_destiny == D_DISCARD ? "Ok, discarded" :
 *     $final_destiny == D_REJECT ? "Reject" : $final_destiny == D_BOUNCE ? "Bounce" : …), …)
 * and a quarantine (do_notify_and_quarantine) only adds "Quarantined" to amavis's own log line. So no reply says
 * "quarantined": a message blocked and quarantined is answered "Ok, discarded" (matched above), as in
 *   "amavis[3991]: (03991-01) Blocked INFECTED (Eicar-Test-Signature) {DiscardedInbound,Quarantined}, [67.222.38.20]:38793 …"
 *   "B97952261F: to=<jason@pingcomputers.ca>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.53, delays=0.28/0/0.02/0.24, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=03991-01 - INFECTED: Eicar-Test-Signature)"
 * (published log), with its bounce suppressed "Ok, id=…, DISCARD(bounce.suppressed)" ("Blocked SPAM
 * {NoBounceInbound,Quarantined}"); one passed with a copy kept in quarantine ("Passed SPAM
 * {RelayedTaggedInbound,Quarantined}, …, queued_as: 8D8297429") reaches its recipient, and its hand-off is the
 * re-injection's "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 8D8297429", a filter hop.
 */
function isFilterVerdict(reason: string): boolean {
  // Any 2.x.y: amavisd-new 2.13 answers "250 2.6.0 Ok, discarded, …" for a bad header, older ones "250 2.7.1 Ok,
  // discarded, …" for a virus (review 17, L6).
  if (reason.startsWith('250 2.') && reason.startsWith(' Ok, discarded, ', 9) && reason.charCodeAt(7) === 46) return true;
  return reason.startsWith('250 2.5.0 Ok, id=') && (reason.endsWith(', BOUNCE') || reason.indexOf(', DISCARD', 17) > 0);
}

/**
 * Whether a status line ends at the ")" of smtp's "(in reply to RCPT TO command)" before its own: "(host … said: 550
 * … (in reply to RCPT TO command))" cut one character short. Looked for only when the line ends in " command)".
 */
function isCutAfterReply(s: string, stEnd: number, n: number): boolean {
  if (s.charCodeAt(n - 2) !== 100 || !s.startsWith(' command)', n - 9)) return false; // "…command)", not "…))"
  const reply = s.lastIndexOf(' (in reply to ', n);
  return reply > stEnd && s.indexOf(')', reply) === n - 1;
}

/** delivery status values (postconf(5) "status="), most frequent first; and relay=none (no MX answered). */
const STATUSES = ['deferred', 'sent', 'bounced', 'expired'] as const;
const RELAYS = ['none', 'local', 'virtual'] as const;

/** "5.3", "58978", "0.01" → number, without a substring. */
function decimal(s: string, from: number, to: number): number {
  let v = 0;
  let scale = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) { scale = 1; continue; }
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    if (scale > 0) scale *= 10;
  }
  return scale > 0 ? v / scale : v;
}

/**
 * A content filter is a hand-off on this host: a loopback address on a port that is not SMTP/submission/LMTP, or a
 * UNIX socket. A "queued as" from anywhere else is the receiver's own queue ID — a smarthost on port 2525 (the usual
 * way round a blocked port 25) is a delivery, not a filter hop.
 *   "relay=127.0.0.1[127.0.0.1]:10024"   amavis (reinjected on 10025)            → filter
 *   "relay=localhost[::1]:10026"          the same on IPv6 loopback                → filter
 *   "relay=amavis[private/amavis]"        lmtp/smtp to a UNIX socket of this host  → filter
 *   "relay=smtp.hypernode.com[82.94.214.140]:2525"  a smarthost                   → delivery
 *   "relay=127.0.1.9[127.0.1.9]:25"       an MX answering on port 25               → delivery
 * A loopback port that no filter is known to use may also be a local tunnel to a smarthost (review 17 H1:
 * "relayhost = [127.0.0.1]:11587", stunnel or spiped to an SMTPS relay): such a hop is a filter's only when its copy
 * comes back to this host (isKnownFilterRelay below; aggregate/messages.ts counts the others as delivered).
 */
export function isFilterRelay(relay: string): boolean {
  const close = relay.lastIndexOf(']');
  const open = close < 0 ? -1 : relay.lastIndexOf('[', close);
  if (open < 0) return false;
  const c = relay.charCodeAt(open + 1);
  // "[private/amavis]", "[public/…]", "[/var/run/amavis.sock]": no address, a socket path
  if (c === 47 || relay.startsWith('private/', open + 1) || relay.startsWith('public/', open + 1)) return true;
  if (relay.charCodeAt(close + 1) !== 58) return false;
  const port = relay.slice(close + 2);
  if (port === '25' || port === '587' || port === '465' || port === '24') return false;
  return relay.startsWith('127.', open + 1) || (close - open === 4 && relay.startsWith('::1', open + 1))
    || relay.startsWith('::ffff:127.', open + 1) || (open === 9 && relay.startsWith('localhost'));
}

/**
 * The ports content filters listen on by default, where a "queued as" on loopback is a filter's without asking for
 * its copy (a copy may come back after the log's end): amavisd-new's 10024 (and 10026 for ORIGINATING mail, 10027
 * in some policy banks), clamsmtp's and spampd's 10025/10026, the rspamd proxy's 11332 (its milter mode logs no hop);
 * and a UNIX socket ("relay=amavis[private/amavis]"), which only a local service listens on.
 *   "relay=127.0.0.1[127.0.0.1]:10024"  amavis    → a filter
 *   "relay=127.0.0.1[127.0.0.1]:11587"  a tunnel? → a filter only if its copy comes back (review 17 H1)
 */
export function isKnownFilterRelay(relay: string): boolean {
  const close = relay.lastIndexOf(']');
  if (close < 0 || !isFilterRelay(relay)) return false;
  if (relay.charCodeAt(close + 1) !== 58) return true; // a socket
  // "10024" … "10027", "11332", compared in place (every amavis hand-off line comes here)
  if (relay.length - close - 2 !== 5) return false;
  return relay.startsWith('1002', close + 2) ? relay.charCodeAt(close + 6) >= 52 && relay.charCodeAt(close + 6) <= 55
    : relay.startsWith('11332', close + 2);
}

/**
 * Whether `id` has the shape of a Postfix queue ID, as a copy re-injected on this host is named (mail_queue.h):
 * short, upper-case hex ("A17F830001CA", "153053D"); long (enable_long_queue_ids), ten characters of time in an
 * alphabet without vowels, "z", and the inode in the same alphabet ("4jcV5G6qpLzNgNp"). A remote MTA's ID of
 * another shape ("7PQDlbCGQHy-fQNHpsBzVg", SendGrid; "1tXyZa-0003Kb-2B", Exim) names no message of this host.
 */
export function isPostfixQueueId(id: string): boolean {
  const n = id.length;
  if (n < 5 || n > 20) return false;
  let hex = true;
  let long = n >= 12 && id.charCodeAt(10) === 122; // "z"
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) hex = false;
    if (long && i !== 10 && LONG_ID_CHARS.indexOf(id[i]!) < 0) long = false;
  }
  return hex || long;
}

/** mail_queue.h MQID_LG_ENCODE_CHARS: digits and consonants; "z" separates time from inode. */
const LONG_ID_CHARS = '0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxy';
