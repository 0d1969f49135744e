// Background password guessing (review Z, Z5): the few failed logins an hour from many addresses that every mail
// server on the Internet gets, told apart from an attack worth acting on. analyze makes such a sasl-bruteforce
// finding low with a title that says so, and compare calls a brute force that fell to it "down to the background":
// both read it from the finding with isBackgroundGuessing, so the two commands agree.
//
// Background, from the rule's own thresholds: no attacking IP failed `perIpFailures` (10) times or more, none of them
// logged in (SMTP AUTH, sent as a user, or opened a mailbox), and no clock hour of the log holds `distributedFailures`
// (30) failed logins or more, the count that makes a distributed attack (samples/after-fix.log: 92 from 41 IPs over
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
  const byHour = mailboxFailuresByHour(agg);
  for (const [h, s] of agg.hourly) if (s.authFailures > 0) byHour.set(h, (byHour.get(h) ?? 0) + s.authFailures);
  for (const [h, n] of agg.authAbortedByHour) byHour.set(h, (byHour.get(h) ?? 0) + n);
  let peak = 0;
  for (const n of byHour.values()) if (n > peak) peak = n;
  return peak;
}

/**
 * A sasl-bruteforce finding of background guessing: the low one of attacking IPs (the low note of mail clients with
 * an old password has none). Older reports have no such finding: theirs are high or critical.
 */
export function isBackgroundGuessing(f: Pick<Finding, 'rule' | 'severity' | 'evidence'>): boolean {
  const ips = f.evidence.attackingIps;
  return f.rule === 'sasl-bruteforce' && f.severity === 'low' && typeof ips === 'number' && ips > 0;
}
