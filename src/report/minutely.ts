// The report's minute series: a log of a few minutes to a few hours (`tail -n 20000 maillog`, a grep of one burst, the
// first minutes after a fix) drawn in hour bins is one or two bars, which say nothing (review AG, AG6). Under
// MINUTELY_MAX_MINUTES of log, the report carries the charts' series minute by minute (Aggregate.minutes, counted
// where the hourly ones are), and the charts and the Markdown table bin them by a few minutes (render/time-bins.ts).

import type { Aggregate, MinuteStats } from '../types.js';
import type { MinuteRow } from './model.js';
import { MINUTE_MS } from '../aggregate/create.js';

/**
 * The longest log (first to last line's minute) listed minute by minute: 12 hours, where hour bins are 12 bars, the
 * fewest that draw a course.
 */
export const MINUTELY_MAX_MINUTES = 12 * 60;

/** "2026-11-28T22:05" of a local minute index (the wall clock; no zone maths, as hourLabel). */
export function minuteLabel(minuteIndex: number): string {
  return new Date(minuteIndex * MINUTE_MS).toISOString().slice(0, 16);
}

/**
 * Every minute from the log's first to its last (with lines or not), when they are at most MINUTELY_MAX_MINUTES;
 * null for a longer log (or none). `queueSize` is the queue rebuilt from the log at the end of the minute, as
 * hourly[].queuePeak takes its highest; `mailboxLoginFailures` those of the record of them hourly[] takes in the
 * minute's hour, so that an hour's minutes add up to its figure; `deliveredByArrival` and
 * `compromisedDeliveredByArrival` as hourly[]'s, by the minute the message arrived.
 */
export function minuteRows(agg: Aggregate, zone: string, compromisedByMinute: ReadonlyMap<number, number>): MinuteRow[] | null {
  if (agg.minutes.size === 0) return null;
  const keys = [...agg.minutes.keys()].sort((a, b) => a - b);
  const first = keys[0]!;
  const last = keys[keys.length - 1]!;
  if (last - first + 1 > MINUTELY_MAX_MINUTES) return null;
  const suffix = zone === 'local' ? '' : zone;
  const view = mailboxViewByHour(agg, first, last);
  let queue = agg.totals.partialMessages;
  const rows: MinuteRow[] = [];
  for (let m = first; m <= last; m++) {
    const s: MinuteStats | undefined = agg.minutes.get(m);
    if (s !== undefined) queue += s.entered - s.removed;
    rows.push({
      minute: minuteLabel(m) + suffix,
      lines: s?.lines ?? 0, received: s?.received ?? 0, sent: s?.sent ?? 0, deferred: s?.deferred ?? 0,
      bounced: s?.bounced ?? 0, expired: s?.expired ?? 0, rejected: s?.rejected ?? 0, authFailures: s?.authFailures ?? 0,
      mailboxLoginFailures: s === undefined ? 0 : s[view.get(Math.floor(m / 60))!],
      queueSize: Math.max(0, queue),
      deliveredByArrival: s?.deliveredByArrival ?? 0, compromisedDeliveredByArrival: compromisedByMinute.get(m) ?? 0,
    });
  }
  return rows;
}

type MailboxView = 'mailboxLogin' | 'mailboxAuth' | 'mailboxProxy';

/**
 * Per hour index, the record of IMAP/POP3 login failures that hour counts (aggregate/timeline.ts mailboxFailuresByHour:
 * the login process's, auth's if more, a login proxy's if more still). Not the larger per minute: the login process logs
 * an attempt when its session ends ("pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, …"),
 * often a minute after auth's line of the same attempt, which the larger of each minute would count twice (the corpus
 * incident: 43 for its 42).
 */
function mailboxViewByHour(agg: Aggregate, first: number, last: number): Map<number, MailboxView> {
  const sums = new Map<number, Record<MailboxView, number>>();
  for (let m = first; m <= last; m++) {
    const h = Math.floor(m / 60);
    let sum = sums.get(h);
    if (sum === undefined) sums.set(h, sum = { mailboxLogin: 0, mailboxAuth: 0, mailboxProxy: 0 });
    const s = agg.minutes.get(m);
    if (s === undefined) continue;
    sum.mailboxLogin += s.mailboxLogin;
    sum.mailboxAuth += s.mailboxAuth;
    sum.mailboxProxy += s.mailboxProxy;
  }
  const out = new Map<number, MailboxView>();
  for (const [h, sum] of sums) {
    let view: MailboxView = 'mailboxLogin';
    if (sum.mailboxAuth > sum[view]) view = 'mailboxAuth';
    if (sum.mailboxProxy > sum[view]) view = 'mailboxProxy';
    out.set(h, view);
  }
  return out;
}
