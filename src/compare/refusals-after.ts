// The receivers' refusals left in the after run where receivers-refusing did not fire (review AH, AH2): its verdict
// read "145 before, no finding after" where every other rule gives an after count. The after report.json holds no
// refusal classes without the finding, but its grouped deferral causes (deferralCauses, one row per receiver and
// class: report/deferral-causes.ts) and its bounce reasons (bounceReasons) hold the answers the rule counts; the
// before finding's classes are its evidence keys ("gmailRate": refusalEvidenceKey). Counted as the rule counts: the
// receiver's own answers (deferred or bounced), not Postfix's re-deferrals from its cache.

import type { Finding } from '../types.js';
import type { Report } from '../report/model.js';
import type { RefusalKind } from '../detect/refusal-kinds.js';
import { REFUSAL_KINDS, RECEIVERS, answerOf, providerOf, refusalEvidenceKey, refusalKind } from '../detect/refusal-kinds.js';

/** The refusals counted, or why they could not be: 'older', no grouped deferral causes; 'cut', none found in tables cut at --top. */
export type RefusalsAfter = { count: number; atLeast: boolean } | { count: null; why: 'older' | 'cut' };

const KINDS: ReadonlySet<string> = new Set(REFUSAL_KINDS.map(([k]) => k));

/** Postfix's prefix of a deferral made from its cache (no receiver asked): not a refusal the rule counts. */
const FROM_CACHE = 'delivery temporarily suspended: ';

/** The before finding's classes as evidence keys; null when it names none (a report of an older version): every class. */
function classesOf(f: Finding): Set<string> | null {
  const keys = new Set<string>();
  for (const p of RECEIVERS) for (const k of KINDS) if (refusalEvidenceKey(p, k as RefusalKind) in f.evidence) keys.add(refusalEvidenceKey(p, k as RefusalKind));
  return keys.size > 0 ? keys : null;
}

/** The receiver the rule names an answer after: from its example's answer, as classifyRefusals reads it. */
function providerFrom(exampleText: string | undefined, fallback: string): string {
  if (exampleText === undefined || exampleText === '') return fallback;
  return providerOf(answerOf(exampleText) || exampleText);
}

/** A table cut at --top (it holds `top` rows): a class missing from it may be further down. */
function cut(r: Report, rows: unknown[]): boolean {
  const top = r.options?.top ?? 0;
  return top > 0 && rows.length >= top;
}

export function refusalsAfter(before: Finding, after: Report): RefusalsAfter {
  const causes: unknown = after.deferralCauses;
  if (!Array.isArray(causes)) return { count: null, why: 'older' };
  const bounces: unknown[] = Array.isArray(after.bounceReasons) ? after.bounceReasons : [];
  const wanted = classesOf(before);
  const counts = (provider: string, kind: RefusalKind): boolean => wanted === null || wanted.has(refusalEvidenceKey(provider, kind));
  let count = 0;
  let found = false;
  for (const x of causes as Array<Record<string, unknown>>) {
    if (x === null || typeof x !== 'object' || typeof x.cause !== 'string' || !KINDS.has(x.cause) || typeof x.count !== 'number') continue;
    // deferral-causes.ts names a receiver by its host first, the rule by the answer: a host of no known receiver
    // ("mx.example.com" quoting Spamhaus) is read again from the row's example answer.
    const receiver = typeof x.receiver === 'string' && RECEIVERS.includes(x.receiver) ? x.receiver
      : providerFrom((x.example as { text?: string } | null)?.text, 'Other receivers');
    if (!counts(receiver, x.cause as RefusalKind)) continue;
    count += x.count - (typeof x.fromCache === 'number' ? x.fromCache : 0);
    found = true;
  }
  for (const x of bounces as Array<Record<string, unknown>>) {
    if (x === null || typeof x !== 'object' || typeof x.reason !== 'string' || typeof x.count !== 'number' || x.reason.startsWith(FROM_CACHE)) continue;
    const answer = answerOf(x.reason);
    const kind = answer === '' ? undefined : refusalKind(answer);
    if (kind === undefined) continue;
    if (!counts(providerFrom((x.example as { text?: string } | null)?.text, providerOf(answer)), kind)) continue;
    count += x.count;
    found = true;
  }
  const anyCut = cut(after, causes) || cut(after, bounces);
  if (!found && anyCut) return { count: null, why: 'cut' };
  return { count, atLeast: found && anyCut };
}
