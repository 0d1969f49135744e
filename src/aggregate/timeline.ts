// When the failed logins for one user name happened, so that a finding can count those before a given moment
// (compromised-account: "after N failed logins for that name" counts only the failures before the guess).
//
// Exact times while a name has at most EXACT_TIMES distinct failure times; beyond that, counts per hour. The level
// depends on the union of the input only (a part with more than EXACT_TIMES distinct times means the union has
// more too), so any split of the log merges to the same timeline (test/aggregate-merge.test.ts).

import { ownString } from '../own-string.js';
import type { FailureTimeline, LoginFailureTimes } from '../types.js';

/** Distinct failure times kept per name before falling back to hours (bounds memory under a brute force). */
export const EXACT_TIMES = 512;
const HOUR = 3_600_000;

export function newLoginFailureTimes(): LoginFailureTimes {
  return { smtp: new Map(), smtpDovecot: new Map(), mailbox: new Map(), mailboxDovecot: new Map() };
}

function coarsen(t: FailureTimeline): void {
  if (t.hourly) return;
  const hours = new Map<number, number>();
  for (const [at, n] of t.counts) {
    const h = Math.floor(at / HOUR);
    hours.set(h, (hours.get(h) ?? 0) + n);
  }
  t.hourly = true;
  t.counts = hours;
}

/** Counts `n` failures for `name` at `at`. */
export function addFailureTime(map: Map<string, FailureTimeline>, name: string, at: number, n: number): void {
  let t = map.get(name);
  if (t === undefined) {
    t = { hourly: false, counts: new Map() };
    map.set(ownString(name), t);
  }
  const key = t.hourly ? Math.floor(at / HOUR) : at;
  t.counts.set(key, (t.counts.get(key) ?? 0) + n);
  if (!t.hourly && t.counts.size > EXACT_TIMES) coarsen(t);
}

/** Merges b into a (b's timelines are moved or consumed). */
export function mergeFailureTimelines(a: Map<string, FailureTimeline>, b: Map<string, FailureTimeline>): void {
  for (const [name, tb] of b) {
    const ta = a.get(name);
    if (ta === undefined) { a.set(name, tb); continue; }
    if (ta.hourly || tb.hourly) { coarsen(ta); coarsen(tb); }
    for (const [k, n] of tb.counts) ta.counts.set(k, (ta.counts.get(k) ?? 0) + n);
    if (!ta.hourly && ta.counts.size > EXACT_TIMES) coarsen(ta);
  }
}

export function mergeLoginFailureTimes(a: LoginFailureTimes, b: LoginFailureTimes): void {
  mergeFailureTimelines(a.smtp, b.smtp);
  mergeFailureTimelines(a.smtpDovecot, b.smtpDovecot);
  mergeFailureTimelines(a.mailbox, b.mailbox);
  mergeFailureTimelines(a.mailboxDovecot, b.mailboxDovecot);
}

/**
 * Failures for `name` at or before `at` (a failure logged in the same instant as the success came first: a
 * session fails, then logs in). Once a name's timeline is hourly, the hour of `at` counts as before.
 */
export function failuresUpTo(t: FailureTimeline | undefined, at: number): number {
  if (t === undefined) return 0;
  const limit = t.hourly ? Math.floor(at / HOUR) : at;
  let sum = 0;
  for (const [k, n] of t.counts) if (k <= limit) sum += n;
  return sum;
}

/**
 * Distinct failed logins for `name` up to `at`. One SMTP AUTH attempt is logged twice, by Postfix ("warning:
 * unknown[127.66.6.2]: SASL LOGIN authentication failed: …, sasl_username=info@example.jp") and by Dovecot auth
 * ("passwd-file(info@example.jp,127.66.6.2): Password mismatch"); one IMAP/POP3 attempt by Dovecot auth (with a
 * session ID) and by the login process ("auth failed, 1 attempts … user=<info@example.jp>"). Which of each pair
 * exists depends on the versions and on auth_verbose: the larger of each pair, then the sum of the two kinds.
 */
export function loginFailuresUpTo(times: LoginFailureTimes, name: string, at: number): number {
  return Math.max(failuresUpTo(times.smtp.get(name), at), failuresUpTo(times.smtpDovecot.get(name), at))
    + Math.max(failuresUpTo(times.mailbox.get(name), at), failuresUpTo(times.mailboxDovecot.get(name), at));
}
