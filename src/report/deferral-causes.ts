// The deferral reasons grouped by receiver and cause (review Z, Z27): one Yahoo TSS04 rate limit was 8 rows of the
// Deferral reasons table (mx1/mx2/mx3/mta7, each with and without Postfix's "delivery temporarily suspended:"), each
// cut mid-word. A row here is one receiver and one cause: the classes receivers-refusing counts refusals by
// (detect/refusal-kinds.ts: provider and kind), else what Postfix says went wrong (could not connect, lost connection,
// timed out, greylisting, DNS, TLS) or the receiver's own answer. Postfix's re-deferrals from its cache of a receiver
// that had just failed ("delivery temporarily suspended: …", no receiver asked) are counted in their row, apart.
//
// Built from every normalised reason (aggregate deferralReasons), before the --top cut: the rows add up to
// totals.deferred whenever they are not cut. report.deferralReasons keeps each reason as it is (csv/deferralReasons.csv).

import type { Example, LocalMillis, ReasonStats } from '../types.js';
import type { DeferralCause, DeferralCauseRow } from './model.js';
import { answerOf, providerOf, refusalCode, refusalKind } from '../detect/refusal-kinds.js';
import { receiverExample } from '../detect/closed-after-refusal.js';

/** Postfix's prefix of a deferral made from its cache of a dead or refusing destination (postfix/error, relay=none). */
const FROM_CACHE = 'delivery temporarily suspended: ';

/** The receiving host Postfix names first in a reason: "host mx1.qq.com[IP] said: …", "connect to x[IP]: …". */
const HOST = /^(?:host|connect to|lost connection with|conversation with) ([A-Za-z0-9][A-Za-z0-9.-]*)\[/;

/** Second-level labels under a country code that a registrant's domain sits below: ezweb.ne.jp, example.co.uk. */
const SECOND_LEVEL = new Set(['co', 'ne', 'or', 'ac', 'go', 'ad', 'ed', 'gr', 'lg', 'com', 'net', 'org', 'edu', 'gov']);

/** Codes shown per row, as receivers-refusing shows a class's. */
const CODES_SHOWN = 3;

/** "163mx03.mxmail.netease.com" → "netease.com", "lsean.ezweb.ne.jp" → "ezweb.ne.jp": who runs a receiving host. */
export function hostDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const n = labels.length;
  const keep = labels[n - 1]!.length === 2 && SECOND_LEVEL.has(labels[n - 2]!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** One reason's receiver, cause and the words that stay Postfix's or the receiver's own. */
export interface ReasonCause {
  receiver: string;
  cause: DeferralCause;
  detail: string;
  /** The receiver's reply code ("421 4.7.0 TSS04") when it answered; '' otherwise. */
  code: string;
  /** The receiving host's name when the reason gives one ('' for "[IP]" alone). */
  host: string;
  fromCache: boolean;
}

/**
 * The cause of one normalised deferral reason. `raw`: the text of its example line, where a receiver's name may be that
 * the normalised text lost (receivers-refusing reads its provider there too).
 */
export function reasonCause(reason: string, raw: string | null): ReasonCause {
  const fromCache = reason.startsWith(FROM_CACHE);
  const text = fromCache ? reason.slice(FROM_CACHE.length) : reason;
  const host = HOST.exec(text)?.[1] ?? '';
  const answer = answerOf(text);
  const rawAnswer = raw === null ? '' : answerOf(raw);
  const named = providerOf(host !== '' ? host : rawAnswer || answer);
  // A receiver no text names (the log's relays are bare IPs) is '': not guessed from the example's recipient.
  const receiver = named !== 'Other receivers' ? named : host !== '' ? hostDomain(host) : '';
  const out = (cause: DeferralCause, detail: string, code = ''): ReasonCause => ({ receiver, cause, detail, code, host, fromCache });
  if (answer !== '') {
    const code = refusalCode(answer).replace(/^(\d{3})-/, '$1 ');
    const kind = refusalKind(answer);
    if (kind !== undefined) return out(kind, '', code);
    // postgrey says "Greylisted, see http://postgrey…" or, in some builds, "450 4.2.0 <…>: Recipient address rejected:
    // Delayed by postgrey" (docker-mailserver/docker-mailserver#1397; review AC, F9).
    // Not rspamd's bare "451 4.7.1 Try again later" (its greylist module's default message; vstakhov/rmilter#88), left an
    // answer with its words on purpose (review AC, F9): Gmail answers a refused EHLO name with the same words, "421 4.7.0
    // Try again later, closing connection. (EHLO) … - gsmtp" (containrrr/shoutrrr pkg/services/smtp/smtp_test.go), and
    // rspamd's milter gives every soft reject that text by default (RSPAMD_MILTER_TEMPFAIL_MESSAGE), whatever the cause;
    // "greylisted" would tell the reader that waiting is enough.
    if (/grey ?list|gray ?list|Delayed by postgrey/i.test(answer)) return out('greylisted', '', code);
    // The recipient's mailbox is full: the enhanced status X.2.2 (RFC 3463, "Mailbox full") or the receiver's words,
    // Gmail's "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to …" (review AO,
    // AO8: a list host's 89 such deferrals read as an answer with no cause in words).
    if (/\b[45]\.2\.2\b/.test(code) || /out of storage|mailbox (?:is )?full|over ?quota|quota exceeded/i.test(answer)) return out('mailbox-full', '', code);
    return out('answer', answer, code);
  }
  let m: RegExpExecArray | null;
  if ((m = /^connect to [^ ]*?: (.+)$/.exec(text)) !== null) return out('connect-failed', m[1]!);
  if ((m = /^lost connection with [^ ]* (while .+)$/.exec(text)) !== null) return out('lost-connection', m[1]!);
  if ((m = /^conversation with [^ ]* timed out (while .+)$/.exec(text)) !== null) return out('timed-out', m[1]!);
  if (/Host or domain name not found|Name service error|Host not found/i.test(text)) return out('dns', '');
  if (/\bTLS\b|\bSSL\b/.test(text)) return out('tls', text);
  return out('other', text);
}

interface Group {
  row: DeferralCauseRow;
  codes: Set<string>;
  hosts: Map<string, number>;
  /** The earliest of the receiver's own answers (else of the cached repeats), as receivers-refusing picks a class's line. */
  first: { at: LocalMillis; own: boolean; reason: string; example: Example | null } | null;
}

/**
 * Every deferral reason grouped by receiver and cause, most deferrals first (then receiver, cause, text: the same for
 * any --jobs), cut at `top` (0: all). `at` writes a time as the report does; `example` makes an example line displayable.
 */
export function deferralCauseRows(reasons: ReadonlyMap<string, ReasonStats>, top: number,
  at: (ms: number) => string | null, example: (e: Example | null) => Example | null, reasonText: (k: string) => string): DeferralCauseRow[] {
  const groups = new Map<string, Group>();
  for (const [key, r] of reasons) {
    const reason = reasonText(key);
    const c = reasonCause(reason, receiverExample(reasons, key, r)?.text ?? null);
    const id = `${c.receiver}\u0000${c.cause}\u0000${c.detail}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = {
        row: { receiver: c.receiver, cause: c.cause, detail: c.detail, code: '', count: 0, fromCache: 0, hosts: [], reasons: 0, firstAt: null, example: null },
        codes: new Set(), hosts: new Map(), first: null,
      };
      groups.set(id, g);
    }
    g.row.count += r.count;
    if (c.fromCache) g.row.fromCache += r.count;
    g.row.reasons++;
    g.codes.add(c.code !== '' ? c.code : r.dsn);
    if (c.host !== '') g.hosts.set(c.host, (g.hosts.get(c.host) ?? 0) + r.count);
    const own = !c.fromCache;
    const f = g.first;
    if (f === null || (own && !f.own) || (own === f.own && (r.firstAt < f.at || (r.firstAt === f.at && reason < f.reason)))) {
      g.first = { at: r.firstAt, own, reason, example: r.example };
    }
  }
  const rows = [...groups.values()].map((g) => {
    const codes = [...g.codes].filter((x) => x !== '').sort();
    return {
      ...g.row,
      code: codes.slice(0, CODES_SHOWN).join(', ') + (codes.length > CODES_SHOWN ? ', …' : ''),
      hosts: [...g.hosts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([h]) => h),
      firstAt: g.first === null ? null : at(g.first.at),
      example: example(g.first?.example ?? null),
    };
  });
  rows.sort((a, b) => b.count - a.count || cmp(a.receiver, b.receiver) || cmp(a.cause, b.cause) || cmp(a.detail, b.detail));
  return top > 0 ? rows.slice(0, top) : rows;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
