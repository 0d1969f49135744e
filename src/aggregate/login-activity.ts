// A SASL login's first line and first and last activity, from each message of it (messages.ts for its accepted
// mail, refused-messages.ts for its submissions refused at the end of DATA).

import type { Example, MessageRecord, SaslUserStats } from '../types.js';
import { isEarlier } from './examples.js';

/**
 * A SASL login's first line (its earliest message's start line, `refs`: as foldMessage's) and its first and last
 * activity, from a message of it: accepted here, refused at the end of DATA in refused-messages.ts.
 */
export function noteLoginActivity(u: SaslUserStats, rec: MessageRecord, refs: Example[] | null): void {
  if (rec.firstRef !== null && rec.startLine !== '') {
    const e: Example = { ...rec.firstRef, text: rec.startLine };
    if (u.firstExample === null || isEarlier(e, u.firstExample)) {
      u.firstExample = e;
      refs?.push(e);
    }
  }
  if (rec.startAt < u.firstAt) u.firstAt = rec.startAt;
  if (rec.startAt > u.lastAt) u.lastAt = rec.startAt;
}
