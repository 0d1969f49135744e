// When the mail of each client IP of a SASL user was delivered, counted by the hour the message arrived: what the
// report needs to place a compromised account's spam in time (report.json hourly[].compromisedDeliveredByArrival),
// so that the compare charts can leave it out of the legitimate mail flow as the compare totals do.
//
// Per IP a flat list of numbers, [hour, recipients, hour, recipients, …], not a Map keyed by hour: a Map per
// (user, IP) pair costs far more than two numbers a message. A message arriving in the same hour as the pair's last
// one adds to it, so mail in time order gives one pair of numbers per (user, IP, hour); a merge appends, and the
// same hour may then appear twice: readers add them up (sentByHour), so any split of the log reads the same.

import { ownString } from '../own-string.js';

/** Client IP → [hour index, recipients delivered, …]; hour index = Math.floor(localMillis / 3_600_000). */
export type SentHours = Map<string, number[]>;

/** Counts `n` recipients delivered of a message from `ip` that arrived in hour `hour`. */
export function addSentHour(map: SentHours, ip: string, hour: number, n: number): void {
  const list = map.get(ip);
  if (list === undefined) {
    map.set(ownString(ip), [hour, n]);
    return;
  }
  if (list[list.length - 2] === hour) list[list.length - 1]! += n;
  else list.push(hour, n);
}

/** Merges b into a (b's lists are moved or consumed). */
export function mergeSentHours(a: SentHours, b: SentHours): void {
  for (const [ip, lb] of b) {
    const la = a.get(ip);
    if (la === undefined) a.set(ip, lb);
    else for (let i = 0; i < lb.length; i++) la.push(lb[i]!);
  }
}

/** Adds the recipients of one IP's list into `into`, by hour index. */
export function addSentByHour(into: Map<number, number>, list: readonly number[] | undefined): void {
  if (list === undefined) return;
  for (let i = 0; i + 1 < list.length; i += 2) into.set(list[i]!, (into.get(list[i]!) ?? 0) + list[i + 1]!);
}
