// When the failed logins for one user name happened, so that a finding can count those before a given moment
// (compromised-account: "after N failed logins for that name" counts only the failures before the guess).
//
// Exact times (a plain list, one entry per failure) while a name has at most EXACT_TIMES failures; beyond that,
// counts per hour. The level depends on the union of the input only (a part with more than EXACT_TIMES failures
// means the union has more too), so any split of the log merges to the same timeline (test/timeline.test.ts).
// A list of numbers, not a Map keyed by time: a time key is a heap number, and Map entries of 248 brute-forced
// names × 4 views × 512 times raised the peak RSS of a 200 MB log by ~18 MiB; the lists cost 8 bytes a failure.

import { ownString } from '../own-string.js';
import type { Aggregate, FailureTimeline, LoginFailureTimes } from '../types.js';
import { HOUR_MS } from './create.js';

/** Failures kept with their exact times per name before falling back to hours (bounds memory under a brute force). */
export const EXACT_TIMES = 512;
const HOUR = 3_600_000;

export function newLoginFailureTimes(): LoginFailureTimes {
  return { smtp: new Map(), smtpDovecot: new Map(), mailbox: new Map(), mailboxDovecot: new Map(), mailboxProxy: new Map() };
}

function coarsen(t: FailureTimeline): void {
  if (t.hourly) return;
  for (const at of t.times) {
    const h = Math.floor(at / HOUR);
    t.counts.set(h, (t.counts.get(h) ?? 0) + 1);
  }
  t.hourly = true;
  t.times = [];
}

/** Counts `n` failures for `name` at `at`. */
export function addFailureTime(map: Map<string, FailureTimeline>, name: string, at: number, n: number): void {
  let t = map.get(name);
  if (t === undefined) {
    t = { hourly: false, times: [], counts: new Map() };
    map.set(ownString(name), t);
  }
  // n is an rsyslog "message repeated n times": past the exact limit at once, never n list entries.
  if (!t.hourly && t.times.length + n <= EXACT_TIMES) {
    for (let i = 0; i < n; i++) t.times.push(at);
    return;
  }
  coarsen(t);
  const h = Math.floor(at / HOUR);
  t.counts.set(h, (t.counts.get(h) ?? 0) + n);
}

/** Merges b into a (b's timelines are moved or consumed). */
export function mergeFailureTimelines(a: Map<string, FailureTimeline>, b: Map<string, FailureTimeline>): void {
  for (const [name, tb] of b) {
    const ta = a.get(name);
    if (ta === undefined) { a.set(name, tb); continue; }
    if (ta.hourly || tb.hourly || ta.times.length + tb.times.length > EXACT_TIMES) {
      coarsen(ta);
      coarsen(tb);
      for (const [k, n] of tb.counts) ta.counts.set(k, (ta.counts.get(k) ?? 0) + n);
    } else {
      for (const at of tb.times) ta.times.push(at);
    }
  }
}

export function mergeLoginFailureTimes(a: LoginFailureTimes, b: LoginFailureTimes): void {
  mergeFailureTimelines(a.smtp, b.smtp);
  mergeFailureTimelines(a.smtpDovecot, b.smtpDovecot);
  mergeFailureTimelines(a.mailbox, b.mailbox);
  mergeFailureTimelines(a.mailboxDovecot, b.mailboxDovecot);
  mergeFailureTimelines(a.mailboxProxy, b.mailboxProxy);
}

/**
 * Failures for `name` at or before `at` (a failure logged in the same instant as the success came first: a
 * session fails, then logs in). Once a name's timeline is hourly, the hour of `at` counts as before.
 */
export function failuresUpTo(t: FailureTimeline | undefined, at: number): number {
  if (t === undefined) return 0;
  let sum = 0;
  if (t.hourly) {
    const limit = Math.floor(at / HOUR);
    for (const [k, n] of t.counts) if (k <= limit) sum += n;
  } else {
    for (const x of t.times) if (x <= at) sum++;
  }
  return sum;
}

/**
 * Distinct failed logins for `name` up to `at`. One SMTP AUTH attempt is logged twice, by Postfix ("warning:
 * unknown[127.66.6.2]: SASL LOGIN authentication failed: …, sasl_username=info@example.jp") and by Dovecot auth
 * ("passwd-file(info@example.jp,127.66.6.2): Password mismatch"); one IMAP/POP3 attempt by Dovecot auth (with a
 * session ID) and by the login process ("auth failed, 1 attempts … user=<info@example.jp>"). Which of each pair
 * exists depends on the versions and on auth_verbose: the larger of each pair, then the sum of the two kinds. An
 * IMAP/POP3 login a login proxy passed on and its backend refused is a third view of the same attempt (the proxy's
 * "proxy dest auth failed" line; the backend's own lines, when its log is read): the larger of the three.
 */
export function loginFailuresUpTo(times: LoginFailureTimes, name: string, at: number): number {
  return Math.max(failuresUpTo(times.smtp.get(name), at), failuresUpTo(times.smtpDovecot.get(name), at))
    + Math.max(failuresUpTo(times.mailbox.get(name), at), failuresUpTo(times.mailboxDovecot.get(name), at),
      failuresUpTo(times.mailboxProxy.get(name), at));
}

/**
 * IMAP/POP3 login failures per hour index. One failed login is logged by the login process ("auth failed, N
 * attempts") and by Dovecot auth with a session ID; which of the two exists depends on auth_verbose, so each hour
 * takes the larger of the two views (three with a login proxy's refusals), as the totals do per IP (not the same sum when, in one hour, one IP is only in
 * one view and another only in the other: the aggregate keeps no per-IP hourly count; docs/report-json.md, hourly[]). Not dovecotAuthFailures: with smtpd_sasl_type =
 * dovecot, Dovecot auth also logs every SMTP AUTH failure (without a session ID).
 */
export function mailboxFailuresByHour(agg: Pick<Aggregate, 'loginFailureTimes'>): Map<number, number> {
  const byHour = (timelines: Map<string, FailureTimeline>): Map<number, number> => {
    const out = new Map<number, number>();
    for (const t of timelines.values()) {
      if (t.hourly) for (const [h, n] of t.counts) out.set(h, (out.get(h) ?? 0) + n);
      else for (const x of t.times) { const h = Math.floor(x / HOUR_MS); out.set(h, (out.get(h) ?? 0) + 1); }
    }
    return out;
  };
  const login = byHour(agg.loginFailureTimes.mailbox);
  const auth = byHour(agg.loginFailureTimes.mailboxDovecot);
  for (const [h, n] of auth) if (n > (login.get(h) ?? 0)) login.set(h, n);
  // A login proxy's refusals (proxy-refusals.ts): the same attempts as its backends' lines, when read.
  if (agg.loginFailureTimes.mailboxProxy.size > 0) {
    for (const [h, n] of byHour(agg.loginFailureTimes.mailboxProxy)) if (n > (login.get(h) ?? 0)) login.set(h, n);
  }
  return login;
}
