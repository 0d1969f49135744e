// How long a before finding's abuse went quiet between its bursts, read from the before report's hourly series: an
// after log shorter than that pause cannot show that the abuse stopped (review AB, F6: a 1.6-hour after log read
// "Fixed: 7 of the 7 findings", where the before run's intruder sent in bursts up to 20 h apart and the deferred
// queue was retried by Postfix every few hours, up to maximal_backoff_time, postconf(5)).
//
// Each rule is read in the hourly series that holds its events (report hourly[]): a server-wide series holds other
// traffic too, so an hour at 0 there is an hour without the finding's events, and the pause found is at most the
// finding's own. compromised-account's mail is its own series (compromisedDeliveredByArrival: recipients delivered of
// the compromised accounts' mail, by the hour it arrived), the best the report keeps of when the intruder sent.

import type { Finding } from '../types.js';
import type { HourRow } from '../report/model.js';
import { parseLocalTime } from '../time.js';

type Series = (h: HourRow) => number | null;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const sum = (...xs: unknown[]): number | null => {
  let s = 0;
  for (const x of xs) {
    const v = num(x);
    if (v === null) return null;
    s += v;
  }
  return s;
};

/** The hourly series each rule's events are counted in (null: the row does not say, e.g. an older report). */
const RULE_SERIES: Record<string, Series> = {
  'compromised-account': (h) => num((h as unknown as Record<string, unknown>).compromisedDeliveredByArrival),
  'sasl-bruteforce': (h) => sum(h.authFailures, h.dovecotAuthFailures),
  'queue-flood': (h) => num(h.deferred),
  'receivers-refusing': (h) => sum(h.deferred, h.bounced),
  'backscatter': (h) => sum(h.bounced, h.expired),
  'relay-probing': (h) => num(h.rejected),
};

const HOUR = 3_600_000;

/** The rules of ongoing abuse whose stop an after log must be long enough to show (not one-off events: queue-deleted). */
export function hasRhythm(rule: string): boolean {
  return Object.hasOwn(RULE_SERIES, rule);
}

/**
 * The longest pause, in whole hours, between two hours of the before finding's events inside its own span (firstAt
 * to lastAt): hours of its series at 0 in a row. null when the rule has no series, the finding no span, or the
 * report's hourly rows do not say.
 */
export function longestPause(f: Finding, hourly: unknown): number | null {
  const series = RULE_SERIES[f.rule];
  if (series === undefined || typeof f.firstAt !== 'string' || typeof f.lastAt !== 'string' || !Array.isArray(hourly)) return null;
  const from = Math.floor(parseLocalTime(f.firstAt) / HOUR) * HOUR;
  const to = parseLocalTime(f.lastAt);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return null;
  let last = NaN;
  let longest = 0;
  for (const h of hourly as HourRow[]) {
    if (h === null || typeof h !== 'object' || typeof h.hour !== 'string') continue;
    const at = parseLocalTime(h.hour);
    if (!Number.isFinite(at) || at < from || at > to) continue;
    const v = series(h);
    if (v === null) return null;
    if (v === 0) continue;
    // Hours missing from the list are hours without a line: a pause too.
    if (Number.isFinite(last)) longest = Math.max(longest, Math.round((at - last) / HOUR) - 1);
    last = at;
  }
  return longest;
}
