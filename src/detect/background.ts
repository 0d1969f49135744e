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

import type { Aggregate, ClientIpStats, Finding } from '../types.js';
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
 * An attacking IP that failed `perIp` (sasl-bruteforce.perIpFailures) times or more in the whole log, but slowly, for
 * names that are no account here (review AO, AO4): the background's, not one over the per-IP threshold. Review AO's
 * mx-v2.log: 15 bots that come back once an hour or two all day, 16–17 failures each over 24 h, each try a guessed name
 * ("warning: unknown[…]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin"); counted over
 * the whole log, they made the day's weather a HIGH whose first step was to block 166 IPs, though no firewall jail
 * (fail2ban's postfix-sasl: 5 in 10 minutes) would ever have fired on them.
 *
 * Slow: one failure every `minutes` (sasl-bruteforce.slowReturnerMinutes, 30) or slower on average, from its first
 * failed login to its last line (firstLoginFailureAt, lastAt: the per-IP times the aggregate keeps, each merged by min
 * or max, so the verdict is the same for any --jobs or byte ranges; no new per-IP state on the scan's path). A pace,
 * not a count per 24 h, which the returners exceed (16 a day), nor 10 within an hour, which a guesser keeping at one
 * made-up name every 10 minutes for hours never reaches (review AN, AN1's guard: 26 in 4 hours, an attack). 10 tries
 * in minutes are fast. An average, not the busiest hour (which the aggregate does not keep per IP): a burst followed by
 * one try many hours later reads as slow; a burst big enough to matter still shows in the log's busiest hour
 * (guessingRateIsBackground), and samples/bruteforce.log's IPs (104, 88, 84 … failures, its busiest hour 208) are fast.
 *
 * Never slow: an IP whose failures for real accounts (`realAccountFailures`: names that log in here,
 * targeted-account.ts isRealAccount) reach `perIp` on their own. Coming back all day for an account that exists is
 * someone who knows it, not the weather.
 */
export function slowReturner(
  r: Pick<ClientIpStats, 'firstLoginFailureAt' | 'lastAt'>, failures: number, perIp: number, minutes: number, realAccountFailures: number,
): boolean {
  if (failures < perIp || realAccountFailures >= perIp) return false;
  // No failure time (none of its failures set one): nothing to call slow.
  if (!Number.isFinite(r.firstLoginFailureAt) || !Number.isFinite(r.lastAt)) return false;
  return r.lastAt - r.firstLoginFailureAt >= (failures - 1) * minutes * 60_000;
}

/**
 * A sasl-bruteforce finding of background guessing: the low one of attacking IPs (the low note of mail clients with
 * an old password has none). Older reports have no such finding: theirs are high or critical.
 */
export function isBackgroundGuessing(f: Pick<Finding, 'rule' | 'severity' | 'evidence'>): boolean {
  const ips = f.evidence.attackingIps;
  return f.rule === 'sasl-bruteforce' && f.severity === 'low' && typeof ips === 'number' && ips > 0;
}
