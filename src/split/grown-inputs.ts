// Plain files that grew while they were read: the tool run on the server itself, on the live /var/log/maillog.
// Ranges are planned on the size at start (split/ranges.ts), so the lines written after that are not read; unlike
// a file that shrank (workers/task.ts shrankMessage, an error), nothing read is wrong, but the report must say
// where it stops (review AA, F13 rest).

import { statSync } from 'node:fs';
import type { InputFile } from './inputs.js';

export interface GrownInput { path: string; planned: number; now: number }

/** The plain inputs now larger than when the run planned them; a file gone since (rotated away) is not one. */
export function grownInputs(inputs: readonly InputFile[]): GrownInput[] {
  const grown: GrownInput[] = [];
  for (const input of inputs) {
    if (input.kind !== 'plain') continue;
    let now: number;
    try { now = statSync(input.path).size; } catch { continue; }
    if (now > input.bytes) grown.push({ path: input.path, planned: input.bytes, now });
  }
  return grown;
}
