// The receivers' refusal classes the after run has and the before run had not (a receiver, a class: "Gmail,
// unauthenticated"), named in the verdict even below receivers-refusing's threshold (10): a DNS change that broke
// DKIM or DMARC shows first as a few refusals, "550-5.7.26 This mail is unauthenticated … DKIM checks did not pass"
// — exactly what the admin checks after a cleanup, and no finding said it. Both runs' classes are read as
// refusal-classes.ts reads them (the receivers' own answers, deferred or bounced). A class the after run's own finding
// reports is left out: its finding says it.

import type { Report } from '../report/model.js';
import type { RefusalClass } from './refusal-classes.js';
import { refusalClasses } from './refusal-classes.js';

export type NewRefusal = RefusalClass;

/**
 * The classes of the after run that the before run did not have, most refusals first; [] when either report has no
 * grouped deferral causes (nothing to tell new from old). A class the before run may hold past its tables cut at
 * --top is still named new: its absence there is what the before report says.
 */
export function newRefusals(before: Report, after: Report): NewRefusal[] {
  const b = refusalClasses(before)?.classes;
  const a = refusalClasses(after)?.classes;
  if (b === undefined || a === undefined) return [];
  const reported = after.findings.filter((f) => f.rule === 'receivers-refusing');
  return [...a.entries()]
    .filter(([key, v]) => v.count > 0 && (b.get(key)?.count ?? 0) <= 0 && !reported.some((f) => key in f.evidence))
    .map(([, v]) => v)
    .sort((x, y) => y.count - x.count || x.receiver.localeCompare(y.receiver) || x.kind.localeCompare(y.kind));
}
