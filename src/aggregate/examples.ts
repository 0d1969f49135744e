// Evidence lines. Choice is by position, never by arrival order, so any split of the input into ranges keeps
// the same examples: the earliest (file, offset) wins.

import type { Example, LineRef } from '../types.js';

export function isEarlier(a: LineRef, b: LineRef): boolean {
  return a.file < b.file || (a.file === b.file && a.offset < b.offset);
}

/** The earlier of two optional examples. */
export function earliest(a: Example | null, b: Example | null): Example | null {
  if (a === null) return b;
  if (b === null) return a;
  return isEarlier(b, a) ? b : a;
}

/** Merges two position-sorted example lists, keeping the first `cap`. */
export function mergeExampleLists(a: Example[], b: Example[], cap: number): Example[] {
  const out: Example[] = [];
  let i = 0;
  let j = 0;
  while (out.length < cap && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && !isEarlier(b[j]!, a[i]!))) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * bounce(8) "notification: X" lines kept per scan (Aggregate.notificationExamples). The backscatter evidence looks
 * there for the line that made its failed notification, the earliest one that failed: nearly always among the
 * first notifications of the log.
 */
export const NOTIFICATION_EXAMPLES = 64;
