// Relayed mail of an own-network client or a local program by ten-minute slot: what the open-relay rule needs to
// find a burst inside a day of ordinary relaying (review 13 H5). A web shop on this host sends its order mail from
// 127.0.0.1 (or through sendmail) from midnight to midnight; a hacked contact form on the same host sends 400
// phishing messages to 189 domains between 14:00 and 14:40. Measured from the host's first to its last relayed
// message, that is 460 messages in 23 hours: no burst. Six consecutive slots are at most 60 minutes, and any run of
// mail within 50 minutes lies inside six of them (detect/relay-window.ts).
//
// Per slot only sums, a union and earliest/latest times, so slots merge in any order and give the same windows for
// any split of the log. Kept for the site's own hosts and programs only: there are few of them, and an open relay's
// Internet clients are a finding without any burst. A slot holds each distinct recipient domain once, so the table
// is at most one entry per relayed recipient, and far less for mail to the same providers.

import type { Example, LocalMillis, LineRef, RelaySlot, RelaySlots } from '../types.js';
import { ownString } from '../own-string.js';
import { bump } from './create.js';
import { earliest, isEarlier } from './examples.js';

export const SLOT_MS = 600_000;

/** The slot index of a local time. */
export function slotOf(at: LocalMillis): number {
  return Math.floor(at / SLOT_MS);
}

/**
 * Counts the relayed recipients in `domains` (one entry per recipient) of a message that arrived at `at`, of which
 * `notDelivered` were not delivered and `spamRefused` bounced by their receivers as spam; and, when `newMessage` (not a
 * further copy of a message already counted, behind a pipe filter run per recipient), the message, sent as
 * `senderDomain` ('<>' for the null sender, '' unknown). Returns the slots to store back (created on first use). `ref`
 * is where the message's start line is, and `example()` makes that line's example when the slot keeps it (the
 * earliest in the log: the same whatever the split); `refusal` is the message's first spam refusal line (kept the same way).
 */
export function addRelaySlot(slots: RelaySlots | null, at: LocalMillis, domains: readonly string[], notDelivered: number,
  senderDomain: string, newMessage: boolean, ref: LineRef | null = null, example: () => Example | null = () => null,
  spamRefused = 0, refusal: Example | null = null): RelaySlots {
  const map = slots ?? new Map<number, RelaySlot>();
  const key = slotOf(at);
  let s = map.get(key);
  if (s === undefined) {
    s = {
      firstAt: at, lastAt: at, messages: 0, recipients: 0, notDelivered: 0, spamRefused: 0, domains: new Set(), senderDomains: new Map(),
      example: null, spamRefusal: null,
    };
    map.set(key, s);
  }
  s.spamRefused += spamRefused;
  s.spamRefusal = earliest(s.spamRefusal, refusal);
  if (ref !== null && (s.example === null || isEarlier(ref, s.example))) s.example = example() ?? s.example;
  if (at < s.firstAt) s.firstAt = at;
  if (at > s.lastAt) s.lastAt = at;
  if (newMessage) s.messages++;
  s.recipients += domains.length;
  s.notDelivered += notDelivered;
  for (const d of domains) if (!s.domains.has(d)) s.domains.add(ownString(d));
  if (senderDomain !== '') bump(s.senderDomains, senderDomain);
  return map;
}

/** Merges b into a (b's slots are moved or consumed); returns the slots to store in a. */
export function mergeRelaySlots(a: RelaySlots | null, b: RelaySlots | null): RelaySlots | null {
  if (b === null) return a;
  if (a === null) return b;
  for (const [key, sb] of b) {
    const sa = a.get(key);
    if (sa === undefined) { a.set(key, sb); continue; }
    sa.firstAt = Math.min(sa.firstAt, sb.firstAt);
    sa.lastAt = Math.max(sa.lastAt, sb.lastAt);
    sa.messages += sb.messages;
    sa.recipients += sb.recipients;
    sa.notDelivered += sb.notDelivered;
    sa.spamRefused += sb.spamRefused;
    sa.example = earliest(sa.example, sb.example);
    sa.spamRefusal = earliest(sa.spamRefusal, sb.spamRefusal);
    for (const d of sb.domains) sa.domains.add(d);
    for (const [d, n] of sb.senderDomains) sa.senderDomains.set(d, (sa.senderDomains.get(d) ?? 0) + n);
  }
  return a;
}
