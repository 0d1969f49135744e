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

/** Adds a recipient that findRecipient did not find. */
export function addRecipient(rec: MessageRecord, r: RecipientState): void {
  const list = rec.recipients;
  list.push(r);
  if (rec.recipientIndex !== null) rec.recipientIndex.set(r.to, r);
  else if (list.length > LINEAR_RECIPIENTS) rec.recipientIndex = new Map(list.map((x) => [x.to, x]));
}
