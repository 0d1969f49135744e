// Background password guessing (review Z, Z5): the few failed logins an hour from many addresses that every mail
// server on the Internet gets, told apart from an attack worth acting on. analyze makes such a sasl-bruteforce
// finding low with a title that says so, and compare calls a brute force that fell to it "down to the background":
// both read it from the finding with isBackgroundGuessing, so the two commands agree.
//
// Background, from the rule's own thresholds: no attacking IP failed `perIpFailures` (10) times or more, none of them
// logged in (SMTP AUTH, sent as a user, or opened a mailbox), and no clock hour of the log holds `distributedFailures`
// (30) failed logins or more, the count that makes a distributed attack, unless they come at an even rate below it
// all day (guessingRateIsBackground, review AO) (samples/after-fix.log: 92 from 41 IPs over
// 42 hours, at most 12 in an hour; samples/rotated: 52 from 28 IPs over 3.5 days, at most 8; the corpus incident's
// 213 in three minutes and samples/bruteforce.log's 848 in a day, 383 in its busiest hour, are attacks).

import type { Aggregate, Finding } from '../types.js';
import { mailboxFailuresByHour } from '../aggregate/timeline.js';

/**
 * The most failed logins of any clock hour of the log: SMTP AUTH failures as Postfix logs them, with the aborted AUTH
 * attempts (a guesser that gives up mid-AUTH; the whole log's count, failedLoginsInLog, has them too: review AI, AI2),
 * plus IMAP/POP3 login failures (the larger of Dovecot's two views, timeline.ts). Every client's, the attack's and
 * everyone else's, so it is never below the attack's own.
 */
export function peakHourFailures(agg: Aggregate): number {
  return hourlyFailures(agg).peak;
}

/** The failed logins of every clock hour (as peakHourFailures counts them): the busiest hour's, and the whole log's. */
function hourlyFailures(agg: Aggregate): { peak: number; total: number } {
  const byHour = mailboxFailuresByHour(agg);
  for (const [h, s] of agg.hourly) if (s.authFailures > 0) byHour.set(h, (byHour.get(h) ?? 0) + s.authFailures);
  for (const [h, n] of agg.authAbortedByHour) byHour.set(h, (byHour.get(h) ?? 0) + n);
  let peak = 0;
  let total = 0;
  for (const n of byHour.values()) { total += n; if (n > peak) peak = n; }
  return { peak, total };
}

/**
 * The hours of failed logins look like the background's (review AO, AO1): the busiest hour holds fewer than
 * `perHour` (sasl-bruteforce.distributedFailures), or the log's failures come at an even rate below it, with no burst
 * above it. An even rate: over at least 3 clock hours of log (the hours with any line, agg.hourly), the mean of
 * failures an hour is below `perHour`, and the busiest hour is within what chance gives such a rate (the mean plus 4
 * standard deviations of a Poisson count, √mean). Review AO's busy MX: 600 failures from 268 bots over 24 hours, 25
 * an hour on average, 35 in the busiest hour by chance, none of them 10 times: the weather, not an attack. Attacks
 * stay attacks: samples/bruteforce.log's 848 in a day with 383 in its busiest hour is a burst; the corpus incident's
 * 213 in three minutes is above the rate; a steady 40 an hour all day is too.
 */
export function guessingRateIsBackground(agg: Aggregate, perHour: number): boolean {
  const { peak, total } = hourlyFailures(agg);
  if (peak < perHour) return true;
  const hours = agg.hourly.size;
  if (hours < 3) return false;
  const mean = total / hours;
  return mean < perHour && peak <= mean + 4 * Math.sqrt(mean);
}

/**
 * A sasl-bruteforce finding of background guessing: the low one of attacking IPs (the low note of mail clients with
 * an old password has none). Older reports have no such finding: theirs are high or critical.
 */
export function isBackgroundGuessing(f: Pick<Finding, 'rule' | 'severity' | 'evidence'>): boolean {
  const ips = f.evidence.attackingIps;
  return f.rule === 'sasl-bruteforce' && f.severity === 'low' && typeof ips === 'number' && ips > 0;
}
