// The findings on the real corpus: quiet on the healthy server; on the incident, the compromised account, the
// brute-force IPs, the deferred flood and a cleanup list holding exactly the still-queued abuse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, report } from './helpers.js';

const healthy = join(CORPUS, 'healthy', 'maillog');
const incident = join(CORPUS, 'incident', 'maillog');
const skip = !existsSync(incident) ? 'corpus not found' : false;

test('healthy corpus: no finding above low severity', { skip }, async () => {
  const r = await report([healthy], { year: 2026 });
  const loud = r.findings.filter((f) => f.severity !== 'low' && f.severity !== 'info');
  assert.deepEqual(loud.map((f) => f.title), []);
});

test('incident corpus: the compromised account, when it fell, and from where', { skip }, async () => {
  const r = await report([incident], { year: 2026 });
  const f = r.findings.find((x) => x.rule === 'compromised-account');
  assert.ok(f, 'compromised-account fires');
  assert.equal(f.severity, 'critical');
  assert.deepEqual(f.subject, { kind: 'saslUser', value: 'info@example.jp' });
  assert.equal(r.findings[0]!.rule, 'compromised-account', 'the most severe finding comes first');
  assert.equal(f.evidence.messages, 275);
  assert.equal(f.evidence.forgedSenderMessages, 203, 'ground truth: 203 spam messages with forged envelope senders');
  assert.equal(f.evidence.clientIps, 42);
  // The guessed password: first mail from the guesser IP 127.66.6.6 (ground truth notes.guessed_from_ip).
  assert.match(f.title, /successful login from 127\.66\.6\.6/);
  // Its first session with a successful AUTH ends at 22:16:27 (line 805: auth=1/2); the client side noted 22:16:28.3.
  assert.equal(f.firstAt, '2026-11-28T22:16:27');
  assert.ok(f.examples.length > 0 && f.examples.every((e) => e.line > 0 && e.text.length > 0));
});

test('incident corpus: every brute-force IP of the ground truth is in the finding and the blocklist', { skip }, async () => {
  const truth = JSON.parse(readFileSync(join(CORPUS, 'incident', 'ground_truth.json'), 'utf8')) as {
    notes: { bruteforce_ips: string[]; broken_auth_bot_ips: string[]; mailbox_bruteforce_ips: string[]; spam_ips: string[] };
  };
  const r = await report([incident], { year: 2026 });
  const f = r.findings.find((x) => x.rule === 'sasl-bruteforce');
  assert.ok(f, 'sasl-bruteforce fires');
  const listed = new Set(f.lists?.['blocklist-ips.txt'] ?? []);
  for (const ip of [...truth.notes.bruteforce_ips, ...truth.notes.broken_auth_bot_ips, ...truth.notes.mailbox_bruteforce_ips]) {
    assert.ok(listed.has(ip), `${ip} is in the blocklist`);
  }
  // Legitimate users who mistyped a password once are not blocked.
  assert.ok(!listed.has('127.0.10.2'));
  assert.ok(f.examples.length > 0);
});

test('incident corpus: the deferred flood and the queue at the end', { skip }, async () => {
  const r = await report([incident], { year: 2026 });
  const f = r.findings.find((x) => x.rule === 'queue-flood');
  assert.ok(f, 'queue-flood fires');
  assert.equal(f.evidence.deferredAttempts, 5920);
  // "postsuper[22918]: Deleted: 290 messages" (line 12584) emptied the queue: mailq-after-delete.txt is empty.
  assert.equal(f.evidence.stillQueued, 0);
  assert.equal(f.evidence.deletedInBulk, 290);
  assert.match(f.title, /0 were still queued at the end of the log \(after `postsuper -d ALL` deleted 290 at 2026-11-28 22:20\)/);
  // Minute by minute (queue-level.ts): 288 at the end of 22:16, 290 from 22:17 until the deletion; the hourly
  // series alone said 0, since the queue was emptied within the same hour.
  assert.equal(f.evidence.queuePeak, 290);
  assert.equal(f.evidence.queuePeakAt, '2026-11-28 22:17');
  // The busiest minute, counted (not the hourly average of 210), and the flood starts at its first deferral
  // (line 118, 22:15:40), not at the top of the hour before the log began (22:15:28).
  assert.equal(f.evidence.maxLogLinesPerMinute, 6202);
  assert.equal(f.evidence.busiestMinute, '2026-11-28 22:16');
  assert.equal(f.firstAt, '2026-11-28T22:15:40');
});

test('incident corpus: postsuper -d ALL deleted the whole queue; the users\' own mail lost with it is named', { skip }, async () => {
  const r = await report([incident], { year: 2026 });
  // Nothing is left to clean up: the queue was empty at the end of the log.
  assert.equal(r.findings.find((x) => x.rule === 'queue-cleanup'), undefined);
  const f = r.findings.find((x) => x.rule === 'queue-deleted');
  assert.ok(f, 'queue-deleted fires');
  // mailq.txt (taken just before postsuper -d ALL): every entry was deleted; the legitimate users' own messages
  // among them are the ones lost.
  const mailq = readFileSync(join(CORPUS, 'incident', 'mailq.txt'), 'utf8');
  const entries = [...mailq.matchAll(/^([0-9A-F]{6,})[*!]?\s+\d+\s+\w{3} \w{3}\s+\d+ [\d:]+\s+(\S+)/gm)].map((m) => ({ id: m[1]!, sender: m[2]! }));
  assert.equal(entries.length, 290);
  const legit = new Set(['sato@example.jp', 'takahashi@example.jp', 'tanaka@example.jp', 'suzuki@example.jp', 'yamada@example.jp']);
  const lost = entries.filter((e) => legit.has(e.sender)).map((e) => e.id).sort();
  assert.deepEqual(lost, ['3173A160862', '59678160662', '69ED3160636', 'D4E89160888']);
  assert.equal(f.severity, 'medium');
  assert.equal(f.evidence.deletedInBulk, 290);
  assert.equal(f.evidence.abusive, 286);
  assert.equal(f.evidence.legitimate, 4);
  assert.equal(f.evidence.legitimateIds, lost.join(' '));
  assert.equal(f.evidence.legitimateSenders, 'takahashi@example.jp, sato@example.jp');
  assert.match(f.title, /^`postsuper -d ALL` deleted 290 messages at 2026-11-28 22:20: 286 abuse, and 4 legitimate messages of takahashi@example\.jp, sato@example\.jp lost with them$/);
  assert.equal(f.examples[0]!.line, 12584);
  assert.deepEqual(r.deletedInBulk.map((q) => q.qid).sort(), entries.map((e) => e.id).sort());
  assert.ok(r.deletedInBulk.every((q) => q.deletedAt === '2026-11-28T22:20:49'));
});
