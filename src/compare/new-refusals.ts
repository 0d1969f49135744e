// The receivers' refusal classes the after run has and the before run had not (a receiver, a class: "Gmail,
// unauthenticated"), named in the verdict even below receivers-refusing's threshold (10): a DNS change that broke
// DKIM or DMARC shows first as a few refusals, "550-5.7.26 This mail is unauthenticated … DKIM checks did not pass"
// — exactly what the admin checks after a cleanup, and no finding said it. Read as refusals-after.ts reads the after
// run: its grouped deferral causes (one row per receiver and class) and its bounce reasons, the receivers' own
// answers only (not Postfix's re-deferrals from its cache). A class the after run's own finding reports is left out:
// its finding says it.

import type { Report } from '../report/model.js';
import type { RefusalKind } from '../detect/refusal-kinds.js';
import { REFUSAL_KINDS, RECEIVERS, answerOf, providerOf, refusalEvidenceKey, refusalKind } from '../detect/refusal-kinds.js';

export interface NewRefusal { receiver: string; kind: RefusalKind; count: number }

const KINDS: ReadonlySet<string> = new Set(REFUSAL_KINDS.map(([k]) => k));
const FROM_CACHE = 'delivery temporarily suspended: ';

/** The receiver of an answer: its host when it is a known receiver, else read from the example answer, as the rule does. */
function receiverOf(host: unknown, exampleText: string | undefined, fallback: string): string {
  if (typeof host === 'string' && RECEIVERS.includes(host)) return host;
  if (exampleText === undefined || exampleText === '') return fallback;
  return providerOf(answerOf(exampleText) || exampleText);
}

/** The refusals of `r` per receiver and class (keyed by the rule's evidence key), null when it has no grouped deferral causes (an older report). */
export function refusalClasses(r: Report): Map<string, NewRefusal> | null {
  const causes: unknown = r.deferralCauses;
  if (!Array.isArray(causes)) return null;
  const out = new Map<string, NewRefusal>();
  const add = (receiver: string, kind: RefusalKind, n: number): void => {
    if (n <= 0) return;
    const key = refusalEvidenceKey(receiver, kind);
    const had = out.get(key);
    if (had) had.count += n; else out.set(key, { receiver, kind, count: n });
  };
  for (const x of causes as Array<Record<string, unknown>>) {
    if (x === null || typeof x !== 'object' || typeof x.cause !== 'string' || !KINDS.has(x.cause) || typeof x.count !== 'number') continue;
    add(receiverOf(x.receiver, (x.example as { text?: string } | null)?.text, 'Other receivers'), x.cause as RefusalKind,
      x.count - (typeof x.fromCache === 'number' ? x.fromCache : 0));
  }
  for (const x of (Array.isArray(r.bounceReasons) ? r.bounceReasons : []) as unknown as Array<Record<string, unknown>>) {
    if (x === null || typeof x !== 'object' || typeof x.reason !== 'string' || typeof x.count !== 'number' || x.reason.startsWith(FROM_CACHE)) continue;
    const answer = answerOf(x.reason);
    const kind = answer === '' ? undefined : refusalKind(answer);
    if (kind === undefined) continue;
    add(receiverOf(undefined, (x.example as { text?: string } | null)?.text, providerOf(answer)), kind, x.count);
  }
  return out;
}

/**
 * The classes of the after run that the before run did not have, most refusals first; [] when either report has no
 * grouped deferral causes (nothing to tell new from old). A class the before run may hold past its tables cut at
 * --top is still named new: its absence there is what the before report says.
 */
export function newRefusals(before: Report, after: Report): NewRefusal[] {
  const b = refusalClasses(before);
  const a = refusalClasses(after);
  if (b === null || a === null) return [];
  const reported = after.findings.filter((f) => f.rule === 'receivers-refusing');
  return [...a.entries()]
    .filter(([key]) => !b.has(key) && !reported.some((f) => key in f.evidence))
    .map(([, v]) => v)
    .sort((x, y) => y.count - x.count || x.receiver.localeCompare(y.receiver) || x.kind.localeCompare(y.kind));
}
