// The HTML page's <title>: the report title, then the hosts and the days the log covers. A browser shows it on the
// tab and Chromium's "Save as PDF" proposes it as the file name, so the before and after reports a user attaches to
// one ticket no longer both arrive as "Mail log forensics report.pdf" (review Z, Z24). The page's own heading keeps
// the title alone: the header under it already shows the period and the hosts.

import type { Period } from '../report/model.js';

/** Hosts named before "+N": a central syslog file of many hosts would otherwise make a title of a line. */
const HOSTS_NAMED = 2;

/** The day of an ISO time as the report writes it ("2026-11-25T06:26:21" → "2026-11-25"); null when unknown. */
function dayOf(t: string | null): string | null {
  return t === null || t.length < 10 ? null : t.slice(0, 10);
}

/** "2026-11-25 – 2026-11-28", one day when both ends fall on it, '' when the period has no times. */
export function periodDays(period: Period): string {
  const from = dayOf(period.from);
  const to = dayOf(period.to);
  if (from === null || to === null) return from ?? to ?? '';
  return from === to ? from : `${from} – ${to}`;
}

/** "mail", "mx1, mx2", "mx1, mx2 +3": the hosts most lines came from (already sorted that way), '' for none. */
export function hostList(hosts: readonly string[]): string {
  const named = hosts.filter((h) => h !== '').slice(0, HOSTS_NAMED);
  if (named.length === 0) return '';
  const more = hosts.filter((h) => h !== '').length - named.length;
  return more > 0 ? `${named.join(', ')} +${more}` : named.join(', ');
}

/** "Mail log forensics report · mail · 2026-11-25 – 2026-11-28": the parts that are known, joined. */
export function documentTitle(title: string, hosts: readonly string[], ...periods: Period[]): string {
  const days = periods.map(periodDays).filter((d) => d !== '');
  return [title, hostList(hosts), days.join(' → ')].filter((p) => p !== '').join(' · ');
}
