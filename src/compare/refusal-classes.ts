// The receivers' refusals of a run, per receiver and class, read from its report.json as receivers-refusing counts
// them: its grouped deferral causes (deferralCauses, one row per receiver and class: report/deferral-causes.ts) and its
// bounce reasons (bounceReasons), the receivers' own answers only, not Postfix's re-deferrals from its cache
// ("delivery temporarily suspended: …", no receiver asked). compare reads an after run's refusals left below the
// rule's threshold (refusals-after.ts) and the classes new after (new-refusals.ts) from these.

import type { Report } from '../report/model.js';
import type { RefusalKind } from '../detect/refusal-kinds.js';
import { REFUSAL_KINDS, RECEIVERS, answerOf, providerOf, refusalEvidenceKey, refusalKind } from '../detect/refusal-kinds.js';

/** One receiver's refusals of one class; `count` may be 0 (a row whose every attempt came from Postfix's cache). */
export interface RefusalClass { receiver: string; kind: RefusalKind; count: number }

const KINDS: ReadonlySet<string> = new Set(REFUSAL_KINDS.map(([k]) => k));

/** Postfix's prefix of a deferral made from its cache (no receiver asked): not a refusal the rule counts. */
const FROM_CACHE = 'delivery temporarily suspended: ';

/**
 * The receiver the rule names an answer after. deferral-causes.ts names a receiver by its host first, the rule by the
 * answer: a host of no known receiver ("mx.example.com" quoting Spamhaus) is read again from the row's example answer.
 */
function receiverOf(host: unknown, exampleText: string | undefined, fallback: string): string {
  if (typeof host === 'string' && RECEIVERS.includes(host)) return host;
  if (exampleText === undefined || exampleText === '') return fallback;
  return providerOf(answerOf(exampleText) || exampleText);
}

export interface RefusalClasses {
  /** Keyed by the rule's evidence key (refusalEvidenceKey: "gmailRate"). */
  classes: Map<string, RefusalClass>;
  /** Whether either table read was cut at --top (a class missing from it may be further down). */
  cut: boolean;
}

/** A table cut at --top (it holds `top` rows). */
function cutAtTop(r: Report, rows: unknown[]): boolean {
  const top = r.options?.top ?? 0;
  return top > 0 && rows.length >= top;
}

/** The refusals of `r` per receiver and class; null when it has no grouped deferral causes (an older report). */
export function refusalClasses(r: Report): RefusalClasses | null {
  const causes: unknown = r.deferralCauses;
  if (!Array.isArray(causes)) return null;
  const bounces: unknown[] = Array.isArray(r.bounceReasons) ? r.bounceReasons : [];
  const classes = new Map<string, RefusalClass>();
  const add = (receiver: string, kind: RefusalKind, n: number): void => {
    const key = refusalEvidenceKey(receiver, kind);
    const had = classes.get(key);
    if (had) had.count += n; else classes.set(key, { receiver, kind, count: n });
  };
  for (const x of causes as Array<Record<string, unknown>>) {
    if (x === null || typeof x !== 'object' || typeof x.cause !== 'string' || !KINDS.has(x.cause) || typeof x.count !== 'number') continue;
    add(receiverOf(x.receiver, (x.example as { text?: string } | null)?.text, 'Other receivers'), x.cause as RefusalKind,
      x.count - (typeof x.fromCache === 'number' ? x.fromCache : 0));
  }
  for (const x of bounces as Array<Record<string, unknown>>) {
    if (x === null || typeof x !== 'object' || typeof x.reason !== 'string' || typeof x.count !== 'number' || x.reason.startsWith(FROM_CACHE)) continue;
    const answer = answerOf(x.reason);
    const kind = answer === '' ? undefined : refusalKind(answer);
    if (kind === undefined) continue;
    add(receiverOf(undefined, (x.example as { text?: string } | null)?.text, providerOf(answer)), kind, x.count);
  }
  return { classes, cut: cutAtTop(r, causes) || cutAtTop(r, bounces) };
}
