// A record's recipients: a short list searched in place, a map beside it past LINEAR_RECIPIENTS; fragments of
// one message merge into the same recipients whichever form each side is in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINEAR_RECIPIENTS, addRecipient, findRecipient } from '../src/correlate/recipients.js';
import { mergeFragments, newRecipient, newRecord } from '../src/correlate/record.js';
import type { MessageRecord } from '../src/types.js';

/** A record with recipients r<from>…r<to-1>@example.net, each last seen with `status`. */
function recordWith(from: number, to: number, status: string): MessageRecord {
  const rec = newRecord('mail', '4F2A91C0B7', 0, null);
  for (let i = from; i < to; i++) {
    const r = newRecipient(`r${i}@example.net`, '');
    r.finalStatus = status;
    addRecipient(rec, r);
  }
  return rec;
}

test('recipients are found by address in the list, and through the map once the list is long', () => {
  const rec = recordWith(0, LINEAR_RECIPIENTS, 'deferred');
  const indexSize = (): number => rec.recipientIndex?.size ?? 0; // read through a call: the map comes later
  assert.equal(indexSize(), 0);
  // A string built apart from the stored one (as a parser slices it from its line) is found by value.
  const probe = ['r', String(LINEAR_RECIPIENTS - 1), '@example.net'].join('');
  assert.equal(findRecipient(rec, probe), rec.recipients[LINEAR_RECIPIENTS - 1]);
  assert.equal(findRecipient(rec, 'r99@example.net'), undefined);

  addRecipient(rec, newRecipient('late@example.org', ''));
  assert.equal(indexSize(), LINEAR_RECIPIENTS + 1);
  assert.equal(findRecipient(rec, 'r3@example.net'), rec.recipients[3]);
  assert.equal(findRecipient(rec, 'late@example.org'), rec.recipients[LINEAR_RECIPIENTS]);
  addRecipient(rec, newRecipient('later@example.org', ''));
  assert.equal(findRecipient(rec, 'later@example.org')?.to, 'later@example.org');
  assert.equal(findRecipient(rec, 'nobody@example.org'), undefined);
});

test('merging fragments: shared recipients take the later status, new ones are appended in order, past the list size too', () => {
  // The earlier range saw r0…r9 deferred; the later one r5…r29 sent (a retry that went through, plus new ones).
  const a = recordWith(0, 10, 'deferred');
  const b = recordWith(5, 30, 'sent');
  mergeFragments(a, b);
  assert.equal(a.recipients.length, 30);
  assert.deepEqual(a.recipients.map((r) => r.to), Array.from({ length: 30 }, (_, i) => `r${i}@example.net`));
  assert.deepEqual(a.recipients.map((r) => r.finalStatus), [...Array(5).fill('deferred'), ...Array(25).fill('sent')]);
  assert.equal(a.recipientIndex?.size, 30);
  for (let i = 0; i < 30; i++) assert.equal(findRecipient(a, `r${i}@example.net`), a.recipients[i]);
});
