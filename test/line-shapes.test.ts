// Postfix 3.7 / Dovecot 2.3 line shapes the corpus lacks (review 7: a Postfix 3.7.11 + Dovecot 2.3.19.1 lab on
// Debian 12, and public lines), through the whole pipeline: each fixture (test/fixtures/logs/*.log, verbatim lines)
// in one piece and cut into small byte ranges on 1 and 3 jobs must give the same report, with the counts below.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, countsOf, report } from './helpers.js';
import type { Report } from '../src/report/model.js';

const fixture = (name: string): string => join(ROOT, 'test', 'fixtures', 'logs', name);

async function analyzeEveryWay(name: string): Promise<Report> {
  const paths = [fixture(name)];
  const whole = await report(paths, { year: 2026 });
  const json = JSON.stringify(whole);
  for (const [jobs, rangeBytes] of [[1, 200], [3, 200], [1, 37]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

const kinds = (r: Report): Record<string, number> => countsOf(r.eventKinds, (k) => k.count);

test('Dovecot ≥ 2.3.11 auth-worker failures ("conn unix:auth-worker (…): auth-worker<N>: ") count; LMTP recipient lookups without an IP do not', async () => {
  // 3 auth-worker failures (sql, pam, pam through imap-login), then 3 "passwd-file(user): unknown user" lookups
  const r = await analyzeEveryWay('dovecot-auth-worker.log');
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.totals.dovecotAuthFailures, 3);
  assert.deepEqual(countsOf(r.dovecotAuthFailuresByUser, (x) => x.count), { 'user1@test.ro': 1, 'sato@example.jp': 1, ghost: 1 });
  assert.deepEqual(countsOf(r.dovecotAuthFailuresByIp, (x) => x.count), { '192.168.1.23': 1, '127.0.0.1': 2 });
  assert.deepEqual(kinds(r), { dovecotAuthFailed: 3, noise: 3 });
});

test('an auth-worker error is one daemon-problem row whatever the worker pid', async () => {
  // the same "Invalid password in passdb" from auth-worker(57917) and auth-worker(57999)
  const r = await analyzeEveryWay('dovecot-auth-worker-error.log');
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.daemonProblems.length, 1);
  assert.equal(r.daemonProblems[0]?.count, 2);
});

test('milter-discard and milter-hold count as discarded and held; the held message stays queued', async () => {
  // lab: two smtpd messages, a milter answering DISCARD to the first and HOLD to the second
  const r = await analyzeEveryWay('milter-discard-hold.log');
  const t = r.totals;
  assert.equal(r.lines.unparsed, 0);
  assert.deepEqual([t.received, t.discarded, t.held, t.rejected], [2, 1, 1, 0]);
  assert.deepEqual(r.stillQueued.map((q) => q.qid), ['4jcV4Q2HP0zNgND']);
});

test('status=SOFTBOUNCE (soft_bounce=yes) is a deferral: counted in deferred, with its reason, and the message stays queued', async () => {
  // a public smtp line, then a lab message whose smtp bounce and whose null-sender notification's local bounce were softened
  const r = await analyzeEveryWay('softbounce.log');
  const t = r.totals;
  assert.equal(r.lines.unparsed, 0);
  assert.deepEqual([t.deferred, t.deferredMessages, t.bounced, t.delivered], [3, 3, 0, 0]);
  assert.deepEqual(r.byStatus.map((s) => [s.key, s.count]), [['deferred', 3]]);
  assert.equal(r.deferralReasons.reduce((a, x) => a + x.count, 0), 3);
  assert.ok(r.deferralReasons.some((x) => x.reason === 'unknown user: "nouser2"'));
  assert.deepEqual(r.stillQueued.map((q) => q.qid).sort(), ['4B6D11E01729', '4jcV1r57g0zNgQ7', '4jcV1r5VrYzNgRF']);
});

test('header_checks INFO, REPLACE, PREPEND, BCC and STRIP are understood and change no count', async () => {
  const r = await analyzeEveryWay('header-actions.log');
  const t = r.totals;
  assert.equal(r.lines.unparsed, 0);
  assert.deepEqual(kinds(r), { reject: 5 });
  assert.deepEqual([t.rejected, t.discarded, t.held, t.rejectWarnings], [0, 0, 0, 0]);
});

test("cleanup's own status=bounced lines (pickup mail it refused, mail over the hop count) are deliveries that bounced", async () => {
  // lab: D9BCD29E2CF refused by a header REJECT, F3E7E29EAF4 over the hop count; both picked up from sendmail
  const r = await analyzeEveryWay('cleanup-bounce.log');
  const t = r.totals;
  assert.equal(r.lines.unparsed, 0);
  assert.deepEqual([t.received, t.bounced, t.delivered, t.rejected], [2, 2, 0, 1]);
  assert.deepEqual(r.byStatus.map((s) => [s.key, s.count]), [['bounced', 2]]);
  // cleanup deletes what it bounced, and no "removed" follows: neither is still queued (F3E7E29EAF4 was).
  assert.equal(t.stillQueued, 0);
  assert.deepEqual(r.stillQueued, []);
});

// A client that left before smtpd learned its address (review 7, parsers L8): its connections count, but it
// makes no client-IP row called "unknown".
test('connect from unknown[unknown]: counted, with no IP row', async () => {
  const r = await analyzeEveryWay('unknown-client.log');
  assert.equal(r.totals.connections, 2);
  assert.equal(r.lines.unparsed, 0);
  assert.deepEqual(r.byClientIp.map((c) => c.key), []);
});

// smtpd_proxy_filter (review 7, parsers M9; a lab run of Postfix 3.7.11): one message accepted by the filter, one
// refused. Both lines were unparsed, and the refusal was not counted.
test('a before-queue content filter: its refusal is a reject, its acceptance a note', async () => {
  const r = await analyzeEveryWay('proxy-filter.log');
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.totals.rejected, 1);
  assert.equal(r.totals.received, 0, 'the accepted message is received by the after-filter smtpd, not in this log');
});

// The discard(8) transport (transport_maps → discard:) logs "status=sent" for mail it throws away (review 7,
// parsers L9; Postfix 3.7.11): discarded, not delivered.
test('mail the discard transport threw away is discarded, not delivered', async () => {
  const r = await analyzeEveryWay('discard-transport.log');
  assert.deepEqual([r.totals.received, r.totals.delivered, r.totals.discarded, r.totals.stillQueued], [1, 0, 1, 0]);
});

test('sysklogd "last message repeated N times" repeats the line before it, of the same host; what it cannot repeat is counted', async () => {
  // Lines: a repeat as the file's first line (3, not known); a SASL failure (review 7 L10's line) repeated 3 and
  // 2 more times; a postfix warning (a public line's text) repeated 2 times; a kernel line (ignored) repeated;
  // another host's SASL failure, then a repeat of "mail" (4, not known); a deferral repeated 2 times (the message
  // record sees 3); an unknown postfix line repeated (unparsed, as the line it repeats); a count of 0 (unparsed).
  const r = await analyzeEveryWay('syslog-repeats.log');
  assert.deepEqual(
    [r.lines.total, r.lines.parsed, r.lines.ignored, r.lines.unparsed, r.lines.repeatsNotExpanded, r.lines.repeatedEventsNotCounted],
    [18, 11, 4, 3, 2, 7],
  );
  assert.equal(r.totals.authFailures, 7);
  assert.deepEqual(countsOf(r.byClientIp, (x) => x.authFailures), { '1.2.3.4': 6, '5.6.7.8': 1 });
  assert.equal(r.daemonProblems[0]?.count, 3);
  assert.deepEqual([r.totals.deferred, r.totals.deferredMessages], [3, 1]);
  assert.deepEqual(r.stillQueued.map((q) => [q.qid, q.deferrals]), [['3A4B5C6D7E', 3]]);
  assert.deepEqual(r.lines.unparsedExamples.map((e) => e.line), [16, 17, 18]);
});

test('a repeat line that starts a file is not expanded: the line it repeats is in another file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-repeat-'));
  try {
    const a = join(dir, 'maillog.1');
    const b = join(dir, 'maillog');
    writeFileSync(a, 'Nov 28 22:15:30 mail postfix/smtpd[1]: warning: unknown[1.2.3.4]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n');
    writeFileSync(b, 'Nov 28 22:15:30 mail last message repeated 3 times\nNov 28 22:15:31 mail last message repeated 2 times\n');
    const r = await report([a, b], { year: 2026 });
    assert.deepEqual([r.totals.authFailures, r.lines.ignored, r.lines.repeatsNotExpanded, r.lines.repeatedEventsNotCounted], [1, 2, 2, 5]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docker compose logs: the "service  | " wrapper and its -t stamp are skipped, the syslog line inside is read', async () => {
  // docker-mailserver#3292 (`docker compose logs -t`, verbatim), a deferral line without -t, `docker logs -t` (no
  // service name), LINES.md §1's removed line; supervisord's own line in the wrapper stays unparsed.
  const r = await analyzeEveryWay('docker-compose.log');
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [7, 6, 1]);
  assert.deepEqual(kinds(r), { queued: 1, remoteSaid: 2, delivery: 1, connect: 1, removed: 1 });
  assert.deepEqual([r.totals.deferred, r.totals.messagesRemoved, r.totals.stillQueued, r.totals.connections], [1, 1, 0, 1]);
  assert.deepEqual(r.hosts.map((h) => h.key), ['mail']);
  assert.equal(r.period.from, '2023-04-26T00:52:49');
});
