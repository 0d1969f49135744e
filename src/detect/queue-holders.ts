// The recipient domains that hold the queue at the end of the log (review AI, AI4): per domain, the messages still
// queued with a recipient there not delivered yet, and the domain's last deferral reason (DomainStats.lastDeferral*).
// Whether that reason is the receiver refusing tells the advice whether pushing the queue can help:
//   "connect to mail.nishi-kensetsu.co.jp[203.0.113.140]:25: Connection refused"   the receiver's host answered, no
//   "host mx.example.com[192.0.2.1] said: 450 4.7.1 … try again later"              the receiver answered: a refusal
// against
//   "connect to gmail-smtp-in.l.google.com[142.250.157.27]:25: Connection timed out" nothing answered (our port 25
//   blocked, a network down): once the route works, `postqueue -f` sends it at once.
// samples/deferred-flood.log ends with 5 messages to nishi-kensetsu.co.jp, whose server refuses connections all along:
// `postqueue -f` would only knock on that door again.

import type { Aggregate } from '../types.js';
import { domainOf } from '../parse/fields.js';
import { answerOf } from './refusal-kinds.js';

export interface QueueHolder {
  domain: string;
  /** Messages still queued with a recipient of this domain not delivered yet (the recipients the log names). */
  messages: number;
  /** The domain's last deferral reason, normalised ('' when the log has none: never tried). */
  reason: string;
  /** That reason is the receiving server refusing (a refused connection, a 4xx answer other than greylisting). */
  refusing: boolean;
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
 * Whether a deferral reason is the receiving server refusing, not a connection that failed on the way: a refused
 * connection (a host answered, with a reset) or an answer of the receiver, but greylisting (it takes the retry). Lost
 * connections and timeouts (even after the greeting), DNS failures and TLS failures are no answer: they count as
 * failing on the way (Wietse Venema: "a TLS failure is no different than any other connection failure").
 */
export function isReceiverRefusal(reason: string): boolean {
  const text = reason.startsWith(FROM_CACHE) ? reason.slice(FROM_CACHE.length) : reason;
  if (/^connect to \S+: Connection refused$/.test(text)) return true;
  const answer = answerOf(text);
  return answer !== '' && !GREYLISTING.test(answer);
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
    return { domain, messages: n, reason, refusing: reason !== '' && isReceiverRefusal(reason) };
  });
}
