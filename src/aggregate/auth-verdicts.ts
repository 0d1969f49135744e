// OpenDMARC's and policyd-spf's verdicts on incoming mail (parse/auth-milters.ts), counted by check, result and
// sender domain: the report shows how much incoming mail passed and which domains fail most (report/mail-authentication.ts).
// One map keyed "check result domain", so that it merges by sum.

import type { Aggregate } from '../types.js';
import { ownString } from '../own-string.js';

export function countAuthVerdict(agg: Aggregate, check: string, result: string, domain: string, n: number): void {
  const key = `${check} ${result} ${domain}`;
  const had = agg.authVerdicts.get(key);
  // A new key is copied: built from slices of the line, it would keep the whole line alive (docs/memory.md).
  if (had === undefined) agg.authVerdicts.set(ownString(key), n);
  else agg.authVerdicts.set(key, had + n);
}

export function mergeAuthVerdicts(a: Map<string, number>, b: Map<string, number>): void {
  for (const [k, n] of b) a.set(k, (a.get(k) ?? 0) + n);
}
