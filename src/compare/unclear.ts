// The findings of the before run gone from the after run whose verdict reads "Unclear", not "Fixed" (review AK, AK1:
// the 2-hour sample pair had six "UNCLEAR (AFTER LOG TOO SHORT)" lines under "## Fixed (7)" and a "7 fixed" tile).
// Their status stays `resolved` in compare.json (the rule no longer fires; --fail-on does not count them); compare.md
// gives them a section of their own after Fixed, compare.html a tile, and verdict.counts.unclear counts them.

import type { FindingMatch } from './model.js';
import { intrudersUnchecked, newSendersAfter, sameRateOnly, tooShortOnly } from './match.js';

/**
 * Below the threshold at the same rate, an after log too short to show that the abuse stopped, an account sent as from
 * IPs the before run did not know, or an account not checked against the before run's intruder IPs: each makes the
 * headline "Unclear" and the finding's badge "Unclear (…)".
 */
export function unclearResolved(f: FindingMatch): boolean {
  return sameRateOnly(f) || tooShortOnly(f) || newSendersAfter(f) || intrudersUnchecked(f);
}
