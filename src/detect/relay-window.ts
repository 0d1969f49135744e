// The worst hour of a host's relaying (review 13 H5). A web shop on this host sends order mail from 127.0.0.1 all
// day, 60 messages from 00:01 to 23:01; at 14:00 a hacked contact form on the same host sends 400 phishing messages
// to 189 domains in 40 minutes. Measured from the first to the last relayed message, that is one run of 23 hours and
// no burst. Measured in the host's worst window of six ten-minute slots (aggregate/relay-slots.ts: at most 60
// minutes, and every run of mail within 50 minutes fits in one), it is 400 messages to 189 domains in 40 minutes,
// 25% not delivered.
//
// A window is a burst only when it stands out from the host's own flow: at least `ratio` times the relayed
// recipients of the host's average active hour outside it. An office smarthost reaches 30 outside domains in its
// busiest hour of every working day; that hour is about twice its average hour, not five times. A shop's burst is a
// hundred times its order mail's hour.

import type { Example, LocalMillis, RelaySlot, RelaySlots } from '../types.js';
import { earliest } from '../aggregate/examples.js';

/** Six ten-minute slots: at most 60 minutes. */
export const WINDOW_SLOTS = 6;
const SLOTS_PER_HOUR = 6;

/** The busiest window of a host's relaying, when it is a burst (see burstWindow). */
export interface RelayWindow {
  /** The first and last relayed message in it, and the minutes between them. */
  firstAt: LocalMillis;
  lastAt: LocalMillis;
  minutes: number;
  /** Messages with a relayed recipient, those recipients (of any domain), and the ones not delivered. */
  messages: number;
  recipients: number;
  notDelivered: number;
  /** Of those not delivered, the ones their receivers bounced as spam, and the first such line (RelaySlot.spamRefused). */
  spamRefused: number;
  spamRefusal: Example | null;
  /** Its distinct recipient domains that are not ours. */
  domains: Set<string>;
  /** The sender domain most of its messages were sent as ('' for the null sender only). */
  mainSenderDomain: string;
  /** The sender domains the host sent relayed mail as outside the window (before or after it). */
  usedOutside: Set<string>;
  /** Its first relayed message's start line: the finding's evidence, rather than the host's first message of the day. */
  example: Example | null;
}

/**
 * The window of WINDOW_SLOTS consecutive slots with the most outside recipient domains (of equals, the one with the
 * most recipients, then the earliest), less
 * its edge slots that are no busier than the host's usual flow (no more recipients than its average active hour
 * outside the window: the shop's order mail of 13:45 is not part of the 14:00 burst), when it still has at least `minDomains`
 * outside domains and at least `ratio` times the relayed recipients of the host's average active hour outside it
 * (an hour with relayed mail in a slot outside the window); null otherwise or without slots.
 */
export function burstWindow(slots: RelaySlots | null, own: ReadonlySet<string>, minDomains: number, ratio: number): RelayWindow | null {
  if (slots === null) return null;
  const keys = [...slots.keys()].sort((a, b) => a - b);
  const slot = (i: number): RelaySlot => slots.get(keys[i]!)!;
  const outsideOf = (from: number, to: number): Set<string> => {
    const domains = new Set<string>();
    for (let i = from; i < to; i++) for (const d of slot(i).domains) if (!own.has(d)) domains.add(d);
    return domains;
  };
  // Of windows with as many domains, the one with the most recipients, then the earliest: a burst whose first ten
  // minutes already reach every domain it writes to is also in the window that starts an hour before it, with one
  // order mail at its quiet start and only those ten minutes after trimming (review 16: 240 messages in 48 minutes
  // measured as 40 in 10, and no burst).
  let best: { from: number; to: number; size: number; recipients: number } | null = null;
  for (let i = 0; i < keys.length; i++) {
    let j = i;
    let recipients = 0;
    while (j < keys.length && keys[j]! < keys[i]! + WINDOW_SLOTS) recipients += slot(j++).recipients;
    const size = outsideOf(i, j).size;
    if (size >= minDomains && (best === null || size > best.size || (size === best.size && recipients > best.recipients))) {
      best = { from: i, to: j, size, recipients };
    }
  }
  if (best === null) return null;
  let { from, to } = best;
  const usual = restOf(keys, slots, from, to);
  const quiet = usual.hours === 0 ? -1 : usual.recipients / usual.hours;
  while (to - from > 1 && slot(from).recipients <= quiet) from++;
  while (to - from > 1 && slot(to - 1).recipients <= quiet) to--;
  const domains = outsideOf(from, to);
  if (domains.size < minDomains) return null;
  const w: RelayWindow = {
    firstAt: Infinity, lastAt: -Infinity, minutes: 0, messages: 0, recipients: 0, notDelivered: 0, spamRefused: 0, spamRefusal: null, domains,
    mainSenderDomain: '', usedOutside: new Set(), example: null,
  };
  const senders = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const s = slot(i);
    if (i < from || i >= to) {
      for (const d of s.senderDomains.keys()) if (d !== '<>') w.usedOutside.add(d);
      continue;
    }
    w.firstAt = Math.min(w.firstAt, s.firstAt);
    w.lastAt = Math.max(w.lastAt, s.lastAt);
    w.messages += s.messages;
    w.recipients += s.recipients;
    w.notDelivered += s.notDelivered;
    w.spamRefused += s.spamRefused;
    w.spamRefusal = earliest(w.spamRefusal, s.spamRefusal);
    w.example = earliest(w.example, s.example);
    for (const [d, n] of s.senderDomains) senders.set(d, (senders.get(d) ?? 0) + n);
  }
  const rest = restOf(keys, slots, from, to);
  if (rest.hours > 0 && w.recipients < ratio * (rest.recipients / rest.hours)) return null;
  w.minutes = Math.round((w.lastAt - w.firstAt) / 60_000);
  let most = 0;
  for (const [d, n] of senders) {
    if (d === '<>') continue;
    if (n > most || (n === most && d < w.mainSenderDomain)) { w.mainSenderDomain = d; most = n; }
  }
  return w;
}

/** The relayed recipients of the slots outside [from, to), and the clock hours they fall in. */
function restOf(keys: readonly number[], slots: RelaySlots, from: number, to: number): { recipients: number; hours: number } {
  let recipients = 0;
  const hours = new Set<number>();
  for (let i = 0; i < keys.length; i++) {
    if (i >= from && i < to) continue;
    recipients += slots.get(keys[i]!)!.recipients;
    hours.add(Math.floor(keys[i]! / SLOTS_PER_HOUR));
  }
  return { recipients, hours: hours.size };
}

/** The recipients bounced as spam in all of a host's slots, and the first such line: a burst that is all of its relaying. */
export function spamRefusedIn(slots: RelaySlots | null): { spamRefused: number; spamRefusal: Example | null } {
  let spamRefused = 0;
  let spamRefusal: Example | null = null;
  for (const s of slots?.values() ?? []) {
    spamRefused += s.spamRefused;
    spamRefusal = earliest(spamRefusal, s.spamRefusal);
  }
  return { spamRefused, spamRefusal };
}
