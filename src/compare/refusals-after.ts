// The receivers' refusals left in the after run where receivers-refusing did not fire (review AH, AH2): its verdict
// read "145 before, no finding after" where every other rule gives an after count. The after report.json holds no
// refusal classes without the finding, but its grouped deferral causes (deferralCauses, one row per receiver and
// class: report/deferral-causes.ts) and its bounce reasons (bounceReasons) hold the answers the rule counts; the
// before finding's classes are its evidence keys ("gmailRate": refusalEvidenceKey). Counted as the rule counts: the
// receiver's own answers (deferred or bounced), not Postfix's re-deferrals from its cache.

import type { Finding } from '../types.js';
import type { Report } from '../report/model.js';
import type { RefusalKind } from '../detect/refusal-kinds.js';
import { REFUSAL_KINDS, RECEIVERS, refusalEvidenceKey } from '../detect/refusal-kinds.js';
import { refusalClasses } from './refusal-classes.js';

/** The refusals counted, or why they could not be: 'older', no grouped deferral causes; 'cut', none found in tables cut at --top. */
export type RefusalsAfter = { count: number; atLeast: boolean } | { count: null; why: 'older' | 'cut' };

const KINDS: readonly RefusalKind[] = REFUSAL_KINDS.map(([k]) => k);

/** The before finding's classes as evidence keys; null when it names none (a report of an older version): every class. */
function classesOf(f: Finding): Set<string> | null {
  const keys = new Set<string>();
  for (const p of RECEIVERS) for (const k of KINDS) if (refusalEvidenceKey(p, k) in f.evidence) keys.add(refusalEvidenceKey(p, k));
  return keys.size > 0 ? keys : null;
}

export function refusalsAfter(before: Finding, after: Report): RefusalsAfter {
  const read = refusalClasses(after);
  if (read === null) return { count: null, why: 'older' };
  const wanted = classesOf(before);
  let count = 0;
  let found = false;
  for (const [key, c] of read.classes) {
    if (wanted !== null && !wanted.has(key)) continue;
    count += c.count;
    found = true;
  }
  if (!found && read.cut) return { count: null, why: 'cut' };
  return { count, atLeast: found && read.cut };
}
