// A record's recipients: a short list searched in place, a map beside it past LINEAR_RECIPIENTS; fragments of
// one message merge into the same recipients whichever form each side is in. The correlator looks for a delivery
// line's recipient from the place after the last line's (recipientIndexOf): any order of the lines finds the same
// recipients.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINEAR_RECIPIENTS, addRecipient, findRecipient, recipientIndexOf } from '../src/correlate/recipients.js';
import { mergeFragments, newRecipient, newRecord } from '../src/correlate/record.js';
import { correlate, newCorrelator } from '../src/correlate/correlator.js';
import { newLineContext } from '../src/aggregate/context.js';
import type { MessageRecord } from '../src/types.js';
import { parseLine } from './helpers.js';

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

test('recipientIndexOf finds a recipient at the hint, after it, before it, through the map, and says when it is absent', () => {
  for (const n of [5, LINEAR_RECIPIENTS + 9]) { // a short list, and a long one with its map
    const rec = recordWith(0, n, 'deferred');
    assert.equal(rec.recipientIndex !== null, n > LINEAR_RECIPIENTS);
    const probe = (i: number): string => ['r', String(i), '@example.net'].join(''); // a string apart from the stored one
    for (const [to, hint] of [[0, 0], [3, 3], [4, 1], [1, 4], [n - 1, 0], [0, n - 1], [2, n], [n - 1, n + 5]]) {
      assert.equal(recipientIndexOf(rec, probe(to!), hint!), to, `r${to} from ${hint} of ${n}`);
    }
    for (const hint of [0, 2, n - 1, n, n + 3]) assert.equal(recipientIndexOf(rec, 'nobody@example.net', hint), -1);
  }
});

/** A postfix/error or postfix/smtp status line of the benchmark log's shape for queue ID `qid` and recipient r<i>. */
function statusLine(qid: string, i: number, status: 'deferred' | 'sent'): string {
  const to = `r${i}@${i % 2 === 0 ? 'yahoo.com' : 'gmail.com'}`;
  return status === 'deferred'
    ? `Nov 24 03:42:42 mail postfix/error[87543]: ${qid}: to=<${to}>, relay=none, delay=0.77, delays=0.76/0/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host mta7.am0.yahoodns.net[67.195.228.106] refused to talk to me: 421 4.7.0 [TSS04] Messages from 203.0.113.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes)`
    : `Nov 24 04:33:46 mail postfix/smtp[79760]: ${qid}: to=<${to}>, relay=lsean.ezweb.ne.jp[27.86.113.10]:25, delay=1.7, delays=0.21/0/1.3/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4NF80wpvw4mxv)`;
}

test('delivery lines in any order, two messages interleaved, update each recipient of their own message once', () => {
  // Message A has LINEAR_RECIPIENTS + 4 recipients (its map), B three. A's first attempt in list order with B's
  // lines between; its retries by destination (odd, then even: qmgr's requests per domain), then backwards, then a
  // recipient first seen in a retry; B's r1 is sent in between. Every line goes through the correlator.
  const n = LINEAR_RECIPIENTS + 4;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(statusLine('E3BF72A66B3', i, 'deferred'));
    if (i === 5 || i === 6) lines.push(statusLine('CBCFE2A66B6', i - 5, 'deferred'));
  }
  lines.push(statusLine('CBCFE2A66B6', 2, 'deferred'));
  for (let i = 1; i < n; i += 2) lines.push(statusLine('E3BF72A66B3', i, 'deferred'));
  lines.push(statusLine('CBCFE2A66B6', 1, 'sent'));
  for (let i = 0; i < n; i += 2) lines.push(statusLine('E3BF72A66B3', i, i % 4 === 0 ? 'sent' : 'deferred'));
  for (let i = n - 1; i >= 0; i -= 3) lines.push(statusLine('E3BF72A66B3', i, 'deferred'));
  lines.push(statusLine('E3BF72A66B3', 99, 'deferred'));
  lines.push(statusLine('E3BF72A66B3', 8, 'sent'));
  lines.push('Nov 24 05:30:46 mail postfix/qmgr[76684]: E3BF72A66B3: removed');
  lines.push('Nov 24 05:30:47 mail postfix/qmgr[76684]: CBCFE2A66B6: removed');

  const finished = new Map<string, MessageRecord>();
  const c = newCorrelator(true, (rec) => finished.set(rec.qid, rec));
  const ctx = newLineContext(0);
  for (const line of lines) {
    const ev = parseLine(line);
    assert.ok(ev, line);
    ctx.line++;
    ctx.text = line;
    correlate(c, ev, 'mail', Date.UTC(2026, 10, 24, 3, 42, 42) + ctx.line, ctx);
  }
  const a = finished.get('E3BF72A66B3');
  const b = finished.get('CBCFE2A66B6');
  assert.ok(a && b);
  // Each recipient once, in the order first seen; the last status of each as worked out from the lines above.
  const expectA = Array.from({ length: n }, (_, i) => i);
  expectA.push(99);
  assert.deepEqual(a.recipients.map((r) => r.to), expectA.map((i) => `r${i}@${i % 2 === 0 ? 'yahoo.com' : 'gmail.com'}`));
  const lastA = (i: number): string => {
    if (i === 8) return 'sent'; // sent after the backwards retry
    if ((n - 1 - i) % 3 === 0) return 'deferred'; // the backwards retry: r(n-1), r(n-4), …
    return i % 4 === 0 ? 'sent' : 'deferred';
  };
  assert.deepEqual(a.recipients.map((r) => r.finalStatus), expectA.map((i) => (i === 99 ? 'deferred' : lastA(i))));
  assert.equal(a.deferrals, lines.filter((l) => l.includes('E3BF72A66B3: to=') && l.includes('status=deferred')).length);
  assert.deepEqual(b.recipients.map((r) => `${r.to} ${r.finalStatus}`), ['r0@yahoo.com deferred', 'r1@gmail.com sent', 'r2@yahoo.com deferred']);
});
