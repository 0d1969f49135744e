// The recipient domains that hold the queue at the end of the log (review AI, AI4): per domain, the messages still
// queued with a recipient there not delivered yet, and the domain's last deferral reason (DomainStats.lastDeferral*).
// Whether that reason is the receiver refusing tells the advice whether pushing the queue can help:
//   "connect to mail.nishi-kensetsu.co.jp[203.0.113.140]:25: Connection refused"   the receiver's host answered, no
//   "host mx.example.com[192.0.2.1] said: 450 4.7.1 … try again later"              the receiver answered: a refusal
// against
//   "connect to gmail-smtp-in.l.google.com[142.250.157.27]:25: Connection timed out" nothing answered (our port 25
//   blocked, a network down): once the route works, `postqueue -f` sends it at once.
// samples/deferred-flood.log ends with 5 messages to nishi-kensetsu.co.jp, whose server refuses connections all along:
// `postqueue -f` would only knock on that door again. A third case: the receiver has no room for the mail, a full
// mailbox (review AI's rest), "452 4.2.2 <ADDR> Quota exceeded (mailbox for user is full)": no push delivers it before the
// recipient makes room, but nothing refuses our server either.

import type { Aggregate } from '../types.js';
import { domainOf } from '../parse/fields.js';
import { answerOf, refusalKind } from './refusal-kinds.js';

/**
 * What holds a domain's mail in the queue, by its last deferral reason (holdOf):
 * - `route`: nothing refuses it (a connection failing on the way, greylisting, or never tried): a push of the queue
 *   delivers it once the route works;
 * - `refused`: the receiving server refuses our mail (a refused connection, an answer other than greylisting);
 * - `no-room`: the receiver has no room for it (the recipient's mailbox full or over quota, its storage full): that is
 *   for the recipient or their provider to fix, not a refusal of our server, and no push delivers it before.
 */
export type QueueHold = 'route' | 'refused' | 'no-room';

export interface QueueHolder {
  domain: string;
  /** Messages still queued with a recipient of this domain not delivered yet (the recipients the log names). */
  messages: number;
  /** The domain's last deferral reason, normalised ('' when the log has none: never tried). */
  reason: string;
  /** What holds it, by that reason (holdOf). */
  hold: QueueHold;
}

/** Postfix's prefix of a deferral made from its cache of a destination that had just failed (postfix/error). */
const FROM_CACHE = 'delivery temporarily suspended: ';

/**
 * Greylisting, which takes the retry: its answers name it ("450 4.2.0 <ADDR>: Recipient address rejected: Greylisted,
 * see http://postgrey.schweikert.ch/help/mail.ru.html", the corpus; "451-You have been greylisted. …", Lightmeter's
 * 6_deferred_message_retry.log), or are ASSP's default answer to a delayed triplet, with nothing after it: "451 4.7.1
 * Please try again later" (ASSP's DelayError). The same words followed by more ("…, rate limited") are no greylisting.
 */
const GREYLISTING = /grey ?list|gray ?list|Delayed by postgrey|^45\d[ -]4\.7\.1 Please try again later\.?(?: \(in reply to [A-Z -]+ command\))?$/i;

/**
 * A receiver with no room for the mail, by RFC 3463's x.2.2 ("mailbox full") or in words (review AI's rest):
 *   "452 4.2.2 <tanaka@example.jp> Quota exceeded (mailbox for user is full)"        Dovecot's LMTP (mailbox-transport.ts)
 *   "452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to …
 *    https://support.google.com/mail/?p=OverQuotaTemp … - gsmtp"                     Gmail (codenote.net/en/posts/2871)
 *   "452 4.1.1 <ADDR> user is over quota, please try again later"                     lightmeterio/ControlCenter 18_expired.log
 *   "452 4.3.1 Insufficient system storage"                                           the receiver's own disk full
 * Not a sender's quota ("550 5.7.1 Daily user sending quota exceeded": a limit on us), which is no word here.
 */
const NO_ROOM = /\b[45]\.2\.2\b|mailbox (?:is )?full|full mailbox|over ?quota|(?:mailbox|storage|disk) quota exceeded|out of storage space|insufficient (?:system )?storage|exceeded storage allocation/i;

/**
 * Whether the reason is the receiver's host refusing the connection, with no answer of its server (its port 25 closed:
 * the server down or not taking mail): "connect to mail.nishi-kensetsu.co.jp[IP]: Connection refused", also from the cache.
 */
export function isRefusedConnection(reason: string): boolean {
  const text = reason.startsWith(FROM_CACHE) ? reason.slice(FROM_CACHE.length) : reason;
  return /^connect to \S+: Connection refused$/.test(text);
}

/** What holds a domain's mail in the queue by its last deferral reason (normalised or raw): see QueueHold. */
export function holdOf(reason: string): QueueHold {
  const text = reason.startsWith(FROM_CACHE) ? reason.slice(FROM_CACHE.length) : reason;
  if (isRefusedConnection(text)) return 'refused';
  const answer = answerOf(text);
  if (answer === '' || GREYLISTING.test(answer)) return 'route';
  // A refusal of ours in a class receivers-refusing knows (rate, block list, SPF/DKIM …) before any word of quota.
  return refusalKind(answer) === undefined && NO_ROOM.test(answer) ? 'no-room' : 'refused';
}

/**
 * What fails on the way for mail that nothing refuses (hold `route`), by its last deferral reason, for the advice:
 * - `tls`: TLS between this server and the receiver (a push cannot help before it works on one side):
 *     "TLS is required, but was not offered by host mx.example.net[IP]"   (smtp_tls_security_level = encrypt; smtp_proto.c)
 *     "Cannot start TLS: handshake failure"                                (an Exchange server, dsn=4.7.5)
 * - `dns`: the lookup of the receiver's mail server:
 *     "Host or domain name not found. Name service error for name=gmail.com type=MX: Host not found, try again"
 * - `no-answer`: nothing answers, or the connection breaks ("connect to …:25: Connection timed out", "No route to host",
 *   "Network is unreachable", "lost connection with … while sending RCPT TO", "conversation with … timed out …");
 * - `waiting`: a receiver's answer that takes the retry (greylisting), or no try yet ('').
 */
export type RouteTrouble = 'tls' | 'dns' | 'no-answer' | 'waiting';

/** What fails on the way, by a route holder's last deferral reason (normalised or raw): see RouteTrouble. */
export function routeTroubleOf(reason: string): RouteTrouble {
  const text = reason.startsWith(FROM_CACHE) ? reason.slice(FROM_CACHE.length) : reason;
  if (text === '' || answerOf(text) !== '') return 'waiting';
  if (/\bTLS\b|\bcertificate\b/i.test(text)) return 'tls';
  if (/Host or domain name not found|Name service error|\bHost not found\b/i.test(text)) return 'dns';
  return 'no-answer';
}

/**
 * Whether a deferral reason is the receiving server refusing, not a connection that failed on the way: a refused
 * connection (a host answered, with a reset) or an answer of the receiver, but greylisting (it takes the retry) and a
 * full mailbox (no room: the recipient's to fix, not a refusal of our server). Lost connections and timeouts (even
 * after the greeting), DNS failures and TLS failures are no answer: they count as failing on the way (Wietse Venema:
 * "a TLS failure is no different than any other connection failure").
 */
export function isReceiverRefusal(reason: string): boolean {
  return holdOf(reason) === 'refused';
}

/**
 * Whether any message still queued waits for the route (hold `route`), among all its domains: a severity must not
 * depend on the advice's cut to the first five (a finished block with mail for a sixth domain still held is not over).
 */
export function someHeldForRoute(agg: Aggregate): boolean {
  return queueHolders(agg, Infinity).some((h) => h.hold === 'route');
}

/** The domains holding the queue at the end of the log, most messages first (then by name), at most `max` of them. */
export function queueHolders(agg: Aggregate, max = 5): QueueHolder[] {
  const messages = new Map<string, number>();
  for (const q of agg.stillQueued) {
    const domains = new Set<string>();
    for (const to of q.pendingTo) {
      const d = domainOf(to);
      if (d !== '') domains.add(d);
    }
    for (const d of domains) messages.set(d, (messages.get(d) ?? 0) + 1);
  }
  return [...messages].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, max).map(([domain, n]) => {
    const reason = agg.byRecipientDomain.get(domain)?.lastDeferralReason ?? '';
    return { domain, messages: n, reason, hold: reason === '' ? 'route' : holdOf(reason) };
  });
}
