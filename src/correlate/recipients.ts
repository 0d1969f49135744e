// A message record's recipients: a list in the order they were first seen, searched in place while short, with
// a map beside it once long.
//
// A deferred flood keeps thousands of messages open for days, each with a dozen or more recipients (the last half
// of the 1.5 GB benchmark log ends with 6,392 open records holding 83,885 recipients). A Map per record costs its
// hash table (about 490 bytes for 9 to 16 entries) on top of the entries; a list costs a pointer per entry.
// Searching a short list compares the address with `===`, which V8 settles on the length for most entries and
// with a byte comparison for the rest; the map must first hash the address, a new string sliced from its line.

import type { MessageRecord, RecipientState } from '../types.js';

/** Past this many recipients, a record also keeps a map from address to recipient. */
export const LINEAR_RECIPIENTS = 16;

export function findRecipient(rec: MessageRecord, to: string): RecipientState | undefined {
  if (rec.recipientIndex !== null) return rec.recipientIndex.get(to);
  const list = rec.recipients;
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.to === to) return r;
  }
  return undefined;
}

/**
 * The index of `to` in the record's recipients (-1: not there), looked for from `hint` on. A delivery attempt logs
 * its recipients one line each, in the order of the record's list, skipping those of other destinations (qmgr
 * hands each destination its own request) and those already done: a deferred flood's retries, 41% of the 200 MB
 * benchmark log's lines, nearly always find theirs at the hint or a few places after it. That is a comparison or
 * a few instead of a search from the list's start, or of hashing a string sliced from the line for a long list's map.
 */
export function recipientIndexOf(rec: MessageRecord, to: string, hint: number): number {
  const list = rec.recipients;
  const long = rec.recipientIndex !== null;
  const stop = long ? Math.min(list.length, hint + NEAR_HINT) : list.length;
  for (let i = hint; i < stop; i++) if (list[i]!.to === to) return i;
  if (long) {
    const r = rec.recipientIndex!.get(to);
    return r === undefined ? -1 : list.indexOf(r); // indexOf compares pointers: cheap beside the map's hash
  }
  for (let i = 0; i < hint && i < list.length; i++) if (list[i]!.to === to) return i;
  return -1;
}

/** How far past the hint a long list is searched before its map is asked. */
const NEAR_HINT = 8;

/** Adds a recipient that findRecipient did not find. */
export function addRecipient(rec: MessageRecord, r: RecipientState): void {
  const list = rec.recipients;
  list.push(r);
  if (rec.recipientIndex !== null) rec.recipientIndex.set(r.to, r);
  else if (list.length > LINEAR_RECIPIENTS) rec.recipientIndex = new Map(list.map((x) => [x.to, x]));
}
