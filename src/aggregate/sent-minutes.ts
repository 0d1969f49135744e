// When the mail of each client IP of a SASL user was delivered, counted by the minute the message arrived: what the
// report needs to place a compromised account's spam in time (report.json hourly[] and minutely[]
// compromisedDeliveredByArrival), so that the compare charts can leave it out of the legitimate mail flow as the
// compare totals do, and a log of a few minutes draws it in minutes (review AG, AG6).
//
// Per IP a flat list of numbers, [minute, recipients, minute, recipients, …], not a Map keyed by minute: a Map per
// (user, IP) pair costs far more than two numbers a message. A message arriving in the same minute as the pair's last
// one adds to it, so mail in time order gives one pair of numbers per (user, IP, minute); a merge appends, and the
// same minute may then appear twice: readers add them up (addSentByMinute), so any split of the log reads the same.

import { ownString } from '../own-string.js';

/** Client IP → [minute index, recipients delivered, …]; minute index = Math.floor(localMillis / 60_000). */
export type SentMinutes = Map<string, number[]>;

/** Counts `n` recipients delivered of a message from `ip` that arrived in minute `minute`. */
export function addSentMinute(map: SentMinutes, ip: string, minute: number, n: number): void {
  const list = map.get(ip);
  if (list === undefined) {
    map.set(ownString(ip), [minute, n]);
    return;
  }
  if (list[list.length - 2] === minute) list[list.length - 1]! += n;
  else list.push(minute, n);
}

/** Merges b into a (b's lists are moved or consumed). */
export function mergeSentMinutes(a: SentMinutes, b: SentMinutes): void {
  for (const [ip, lb] of b) {
    const la = a.get(ip);
    if (la === undefined) a.set(ip, lb);
    else for (let i = 0; i < lb.length; i++) la.push(lb[i]!);
  }
}

/** Adds the recipients of one IP's list into `into`, by minute index. */
export function addSentByMinute(into: Map<number, number>, list: readonly number[] | undefined): void {
  if (list === undefined) return;
  for (let i = 0; i + 1 < list.length; i += 2) into.set(list[i]!, (into.get(list[i]!) ?? 0) + list[i + 1]!);
}
