// Message records across queue-ID reuse, retries, partial lives, bounces, forwards, content filters, expiry,
// several hosts and several files — each through analyze() in one piece AND cut into small byte ranges (inline
// and on worker threads): the report must be byte-identical, and its numbers the ones worked out by hand from
// the fixture (test/fixtures/logs/*.log: small logs of real lines from ../shared/corpus, or hand-made from the
// corpus's own line shapes where the corpus has no such case).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { planTasks } from '../src/run.js';
import type { AnalyzeOptions } from '../src/run.js';
import { resolveInputs } from '../src/split/inputs.js';
import type { Report } from '../src/report/model.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'logs');
const fixture = (name: string): string => join(FIXTURES, name);

function run(paths: string[], opts: Partial<AnalyzeOptions> = {}): Promise<Report> {
  return report(paths, { year: 2026, ...opts });
}

/**
 * The report of `paths` in one piece (no options but the year), analyzed once however many tests read it: a fixture's
 * test, the range sweep and the boundary test below (none changes it).
 */
const wholeReports = new Map<string, Promise<Report>>();
function wholeReport(paths: string[]): Promise<Report> {
  return once(wholeReports, paths.join('\n'), () => run(paths));
}

/**
 * The report in one piece, after checking that small ranges (inline and on 3 workers) give the same JSON: once per set
 * of logs (content-filter.log is read by two tests).
 */
const checkedEveryWay = new Map<string, Promise<Report>>();
function analyzeEveryWay(names: string[]): Promise<Report> {
  return once(checkedEveryWay, names.join('\n'), () => checkEveryWay(names));
}

/** `make()`'s promise, made once per key of `cache`. */
function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let r = cache.get(key);
  if (r === undefined) cache.set(key, r = make());
  return r;
}

async function checkEveryWay(names: string[]): Promise<Report> {
  const paths = names.map(fixture);
  const whole = await wholeReport(paths);
  const json = JSON.stringify(whole);
  for (const [jobs, rangeBytes] of [[1, 200], [3, 200], [1, 1], [1, 37], [1, 500]] as const) {
    assert.equal(JSON.stringify(await run(paths, { jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

/** A row of a report table by key, with only the given fields (other engineers may add columns). */
function pick<T extends { key: string }>(rows: T[], key: string, fields: (keyof T)[]): Partial<T> {
  const row = rows.find((r) => r.key === key);
  assert.ok(row, `row ${key}`);
  const out: Partial<T> = {};
  for (const f of fields) out[f] = row[f];
  return out;
}

const QUEUED_FIELDS = ['qid', 'host', 'since', 'saslUser', 'sender', 'clientIp', 'recipients', 'deferrals', 'partial'] as const;
function queued(r: Report): Record<string, unknown>[] {
  return r.stillQueued.map((q) => Object.fromEntries(QUEUED_FIELDS.map((f) => [f, q[f]])));
}

test('queue ID reuse: client= … removed, then client= with the same ID again is another message (three lives of E5342160671)', async () => {
  const r = await analyzeEveryWay(['queue-id-reuse.log']);
  const t = r.totals;
  // smtpd (inbound), submission (suzuki), pickup (www-data): three messages, three "removed".
  assert.equal(t.received, 3);
  assert.equal(t.messagesRemoved, 3);
  assert.equal(t.stillQueued, 0);
  assert.equal(t.partialMessages, 0);
  // sato (lmtp) + kobayashi (smtp) + www-data (local); nosuch.ito bounced.
  assert.equal(t.delivered, 3);
  assert.equal(t.bounced, 1);
  assert.deepEqual(pick(r.bySender, 'order@supplier-b.com', ['messages', 'recipients', 'sent']), { messages: 1, recipients: 1, sent: 1 });
  assert.deepEqual(pick(r.bySender, 'suzuki@example.jp', ['messages', 'recipients', 'sent', 'bounced']), { messages: 1, recipients: 2, sent: 1, bounced: 1 });
  assert.deepEqual(pick(r.bySender, 'www-data@mail.example.jp', ['messages', 'recipients', 'sent']), { messages: 1, recipients: 1, sent: 1 });
  assert.deepEqual(pick(r.bySaslUser, 'suzuki@example.jp', ['messages', 'recipients', 'sent', 'bounced']), { messages: 1, recipients: 2, sent: 1, bounced: 1 });
  assert.deepEqual(pick(r.byClientIp, '127.0.20.8', ['connections', 'messages']), { connections: 1, messages: 1 });
  assert.deepEqual(pick(r.byClientIp, '127.0.12.34', ['connections', 'messages']), { connections: 1, messages: 1 });
});

test('deferred retries days apart (Dec 30 → Jan 2): qmgr from= on every retry is one message, every deferral counts, the last attempt decides', async () => {
  const r = await analyzeEveryWay(['deferred-retry.log']);
  const t = r.totals;
  // 85272AA02B8 (qmgr from= 4 times) and 2DC5552A34 (3 times): two messages, plus the NDR 3A1F5160700.
  assert.equal(t.received, 2);
  assert.deepEqual(pick(r.bySender, 'tanaka@example.jp', ['messages', 'recipients', 'sent', 'deferred', 'bounced']), {
    messages: 2, recipients: 3, sent: 2, deferred: 0, bounced: 1,
  });
  // ivan.petrov: deferred Dec 30 09:12, 09:42, Dec 31 → sent Jan 2; ririha-nora: deferred Dec 30, Dec 31 → bounced Jan 1.
  assert.equal(t.deferred, 5);
  assert.equal(t.deferredMessages, 2);
  assert.equal(t.delivered, 3); // kondo.office, ivan.petrov (last attempt), the NDR to tanaka
  assert.equal(t.bounced, 1);
  assert.equal(t.notifications, 1);
  assert.equal(t.messagesRemoved, 3);
  assert.equal(t.stillQueued, 0);
  assert.equal(t.partialMessages, 0);
  assert.deepEqual(pick(r.bySaslUser, 'tanaka@example.jp', ['messages', 'recipients', 'sent', 'deferred', 'bounced', 'deferralAttempts']), {
    messages: 2, recipients: 3, sent: 2, deferred: 0, bounced: 1, deferralAttempts: 5,
  });
  assert.deepEqual(pick(r.byRecipientDomain, 'mail.ru', ['recipients', 'sent', 'deferred', 'deferralAttempts']), { recipients: 1, sent: 1, deferred: 0, deferralAttempts: 3 });
  assert.deepEqual(pick(r.byRecipientDomain, 'yahoo.co.jp', ['recipients', 'bounced', 'deferralAttempts']), { recipients: 1, bounced: 1, deferralAttempts: 2 });
  assert.deepEqual(r.byStatus.map((s) => [s.key, s.count]).sort(), [['bounced', 1], ['deferred', 5], ['sent', 3]]);
  // --year 2026 is the year of the first line; January is the next year.
  assert.equal(r.period.from, '2026-12-30T09:12:00');
  assert.equal(r.period.to, '2027-01-02T08:00:04');
});

test('never removed = still queued, with its SASL user, sender and client; the NDR whose "notification" line comes after its "removed" is neither queued nor partial (corpus incident lines 974–11813)', async () => {
  const r = await analyzeEveryWay(['ndr-race.log']);
  const t = r.totals;
  assert.deepEqual(queued(r), [{
    qid: 'CB7681606C3', host: 'mail', since: '2026-11-28T22:16:28', saslUser: 'info@example.jp',
    sender: 'aisara@xkq-mail.top', clientIp: '127.66.6.6', recipients: 5, deferrals: 12, partial: false,
  }]);
  assert.equal(t.stillQueued, 1);
  assert.equal(t.partialMessages, 0);
  assert.equal(t.received, 1); // the NDR BF8A71606C2 is made by Postfix, not received
  assert.equal(t.messagesRemoved, 1);
  assert.equal(t.notifications, 1);
  // kokiki1122 sent, nitsumatoni bounced, three recipients deferred 12 times in all; the NDR was sent.
  assert.equal(t.delivered, 2);
  assert.equal(t.bounced, 1);
  assert.equal(t.deferred, 12);
  assert.equal(t.deferredMessages, 1);
  assert.deepEqual(pick(r.bySender, '<>', ['messages', 'recipients', 'sent']), { messages: 1, recipients: 1, sent: 1 });
  assert.deepEqual(pick(r.bySender, 'aisara@xkq-mail.top', ['messages', 'recipients', 'sent', 'deferred', 'bounced']), {
    messages: 1, recipients: 5, sent: 1, deferred: 3, bounced: 1,
  });
  assert.deepEqual(pick(r.bySaslUser, 'info@example.jp', ['messages', 'recipients', 'deferralAttempts']), { messages: 1, recipients: 5, deferralAttempts: 12 });
});

test('a message that started before the log (its first line is qmgr or a delivery) is partial and not received (corpus incident lines 525–8540)', async () => {
  const r = await analyzeEveryWay(['partial.log']);
  const t = r.totals;
  // 1A3C6160669 (retry, sent, removed) and 59678160662 (retries, never removed) began before the first line.
  assert.equal(t.partialMessages, 2);
  assert.equal(t.received, 1); // 0445E16066F only
  assert.equal(t.messagesRemoved, 2);
  assert.deepEqual(queued(r), [{
    qid: '59678160662', host: 'mail', since: '2026-11-28T22:16:48', saslUser: '', sender: 'sato@example.jp',
    clientIp: '', recipients: 3, deferrals: 2, partial: true,
  }]);
  assert.equal(t.delivered, 2);
  assert.equal(t.deferred, 2);
  assert.equal(t.deferredMessages, 1);
  assert.equal(t.rejected, 1);
  assert.equal(t.connections, 2);
  assert.deepEqual(pick(r.byClientIp, '127.0.20.16', ['connections', 'messages', 'rejects']), { connections: 2, messages: 1, rejects: 1 });
});

test('local "forwarded as": the forwarded copy is neither received nor partial (corpus healthy lines 1033–1043)', async () => {
  const r = await analyzeEveryWay(['local-forward.log']);
  const t = r.totals;
  assert.equal(t.received, 1); // the pickup of 402D81606C1; 41C4D1606C0 is its forwarded copy
  assert.equal(t.partialMessages, 0);
  assert.equal(t.stillQueued, 0);
  assert.equal(t.messagesRemoved, 2);
  assert.deepEqual(r.byStatus.map((s) => [s.key, s.count]), [['sent', 2]]);
});

test('content filter: the copy re-queued via "queued as" on port 10024/10025 (client= with orig_queue_id=) is one received message', async () => {
  const r = await analyzeEveryWay(['content-filter.log']);
  const t = r.totals;
  assert.equal(t.received, 1);
  assert.equal(t.filterHops, 2); // both recipients of 4A1B2160700 went to the filter
  assert.equal(t.delivered, 2); // counted once, from the re-queued 4C3D4160701
  assert.equal(t.deferred, 1);
  assert.equal(t.deferredMessages, 1);
  assert.equal(t.messagesRemoved, 2);
  assert.equal(t.stillQueued, 0);
  assert.equal(t.partialMessages, 0);
  assert.deepEqual(pick(r.bySaslUser, 'sato@example.jp', ['messages', 'recipients']), { messages: 1, recipients: 2 });
  assert.equal(r.byClientIp.find((c) => c.key === '127.0.0.1')?.messages ?? 0, 0, 'the reinjection is not a message from localhost');
  // Review 9 M2: the sender tables counted the message and its copy (2 messages, 4 recipients).
  assert.deepEqual(pick(r.bySender, 'sato@example.jp', ['messages', 'recipients', 'sent']), { messages: 1, recipients: 2, sent: 2 });
  assert.deepEqual(pick(r.bySenderDomain, 'example.jp', ['messages', 'recipients']), { messages: 1, recipients: 2 });
});

// Review 12 M1: amavis, or a second Postfix instance (postfix-out), re-injecting without XFORWARD: no
// orig_queue_id= names the original, so the copy from localhost was counted as received again and in the sender
// tables. The "queued as" hand-off names the loopback client's queue ID: the two pair within a pipe filter's window.
test('content filter without XFORWARD: the copy from a loopback smtpd is paired with the hand-off that names its queue ID, counted as with orig_queue_id=', async () => {
  const withId = await analyzeEveryWay(['content-filter.log']);
  const without = await analyzeEveryWay(['content-filter-noxforward.log']);
  for (const k of ['received', 'filterHops', 'delivered', 'deferred', 'deferredMessages', 'messagesRemoved', 'stillQueued'] as const) {
    assert.equal(without.totals[k], withId.totals[k], k);
  }
  assert.equal(without.totals.received, 1, 'was 2: the copy counted as new mail from localhost');
  assert.deepEqual(pick(without.bySender, 'sato@example.jp', ['messages', 'recipients', 'sent']), { messages: 1, recipients: 2, sent: 2 });
  assert.equal(without.byClientIp.find((c) => c.key === '127.0.0.1')?.messages ?? 0, 0);
  const split = await analyzeEveryWay(['content-filter-split-noxforward.log']);
  assert.deepEqual([split.totals.received, split.totals.filterHops, split.totals.delivered, split.totals.stillQueued], [1, 2, 2, 0]);
  assert.deepEqual(split.bySender.map((x) => [x.key, x.messages, x.recipients, x.sent]), [['sato@example.jp', 1, 2, 2]]);
});

test('a second Postfix instance behind amavis: its copy is no new mail; a web form on localhost still is', async () => {
  const r = await analyzeEveryWay(['content-filter-instances.log']);
  assert.deepEqual([r.totals.received, r.totals.filterHops, r.totals.delivered], [2, 2, 3]);
  assert.deepEqual(r.bySender.map((x) => [x.key, x.messages, x.recipients, x.sent]),
    [['form@example.jp', 1, 1, 1], ['kobayashi@partner.co.jp', 1, 2, 2]]);
  // The form's message is mail from localhost; the copy is not (was 2, and an open-relay note for 127.0.0.1).
  assert.deepEqual(r.byClientIp.map((c) => [c.key, c.messages]), [['127.0.0.1', 1], ['198.51.100.7', 1]]);
});

// Code review 13, H1: pairing by sender and Message-ID made a list manager's one post, sent from localhost as three
// transactions with the same ones, three "copies" of each other (received 0). The hand-off names its copy's queue ID.
test('a list post sent from localhost as three transactions with one Message-ID, each through amavis: three messages received', async () => {
  const r = await analyzeEveryWay(['list-batches-noxforward.log']);
  assert.deepEqual([r.totals.received, r.totals.filterHops, r.totals.delivered], [3, 4, 4]);
  assert.deepEqual(r.bySender.map((x) => [x.key, x.messages, x.recipients, x.sent]), [['news-bounces@lists.example.jp', 3, 4, 4]]);
  assert.deepEqual(r.byClientIp.map((c) => [c.key, c.messages]), [['127.0.0.1', 3]]);
});

// amavis splitting a message by recipient (content-filter-split.log, the lines of content-filter.log with each
// recipient "queued as" its own copy): one message of sato's in the sender tables, not one per copy (was 2).
test('content filter: a message whose recipients came back as two copies is one message in the sender tables', async () => {
  const r = await analyzeEveryWay(['content-filter-split.log']);
  const t = r.totals;
  assert.deepEqual([t.received, t.filterHops, t.delivered, t.deferred, t.stillQueued], [1, 2, 2, 1, 0]);
  assert.deepEqual(r.bySender.map((x) => [x.key, x.messages, x.recipients, x.sent, x.deferred]), [['sato@example.jp', 1, 2, 2, 0]]);
  assert.deepEqual(r.bySenderDomain.map((x) => [x.key, x.messages, x.recipients]), [['example.jp', 1, 2]]);
  assert.deepEqual(pick(r.bySaslUser, 'sato@example.jp', ['messages', 'recipients']), { messages: 1, recipients: 2 });
});

test('a smarthost on port 2525 answering "queued as" is a delivery, not a content-filter hop', async () => {
  // public line (Hypernode test fixture, review 7 H1): pickup → qmgr → smtp to smtp.hypernode.com[82.94.214.140]:2525 → removed
  const r = await analyzeEveryWay(['smarthost-2525.log']);
  const t = r.totals;
  assert.equal(t.received, 1);
  assert.equal(t.delivered, 1);
  assert.equal(t.filterHops, 0);
  assert.equal(t.stillQueued, 0);
  assert.deepEqual(r.byStatus.map((s) => [s.key, s.count]), [['sent', 1]]);
});

test('"status=expired, returned to sender" (and force-expired) turns the still-deferred recipients into expired', async () => {
  const r = await analyzeEveryWay(['expired.log']);
  const t = r.totals;
  assert.equal(t.received, 2);
  // kim.minjun of 7D1E2160690 (deferred twice, expired) and nshike_5100 of 8E2F3160691 (deferred once, force-expired).
  assert.equal(t.expired, 2);
  assert.equal(t.deferred, 3);
  assert.equal(t.deferredMessages, 2);
  assert.equal(t.delivered, 2); // sato.k and the NDR
  assert.equal(t.bounced, 0);
  assert.equal(t.notifications, 1);
  assert.equal(t.messagesRemoved, 3);
  assert.equal(t.stillQueued, 0);
  assert.deepEqual(pick(r.bySaslUser, 'yamada@example.jp', ['messages', 'recipients', 'sent', 'deferred', 'expired', 'deferralAttempts']), {
    messages: 2, recipients: 3, sent: 1, deferred: 0, expired: 2, deferralAttempts: 3,
  });
  assert.deepEqual(pick(r.byRecipientDomain, 'naver.com', ['recipients', 'expired', 'deferred', 'deferralAttempts']), { recipients: 1, expired: 1, deferred: 0, deferralAttempts: 2 });
  assert.deepEqual(pick(r.byRecipientDomain, 'qq.com', ['recipients', 'expired', 'deferralAttempts']), { recipients: 1, expired: 1, deferralAttempts: 1 });
  assert.deepEqual(r.hourly.filter((h) => h.expired > 0).map((h) => [h.hour.slice(0, 13), h.expired]), [['2026-11-27T14', 1], ['2026-11-30T09', 1]]);
});

test('two hosts interleaved in one file with the same queue ID are two messages', async () => {
  const r = await analyzeEveryWay(['two-hosts.log']);
  const t = r.totals;
  assert.equal(t.received, 2);
  assert.equal(t.messagesRemoved, 1);
  assert.equal(t.delivered, 1);
  assert.equal(t.deferred, 1);
  assert.deepEqual(queued(r), [{
    qid: '3F2A8160662', host: 'mx2', since: '2026-11-28T22:13:22', saslUser: 'yamada@example.jp',
    sender: 'yamada@example.jp', clientIp: '127.0.10.2', recipients: 1, deferrals: 1, partial: false,
  }]);
  assert.deepEqual(r.hosts, [{ key: 'mx1', count: 7 }, { key: 'mx2', count: 6 }]);
  assert.deepEqual(pick(r.bySender, 'keiri@tokyo-shoji.co.jp', ['messages', 'sent']), { messages: 1, sent: 1 });
});

test('a message whose lines span two files (rotated set, given newest first) is one whole message', async () => {
  const r = await analyzeEveryWay(['rotated/maillog', 'rotated/maillog.1']);
  const t = r.totals;
  assert.deepEqual(r.inputs.map((i) => [basename(i.path), i.lines]), [['maillog.1', 6], ['maillog', 10]]);
  assert.equal(t.received, 2);
  assert.equal(t.partialMessages, 0);
  assert.equal(t.stillQueued, 0);
  assert.equal(t.messagesRemoved, 2);
  assert.equal(t.deferred, 1);
  assert.equal(t.deferredMessages, 1);
  assert.equal(t.delivered, 2);
  assert.deepEqual(pick(r.bySaslUser, 'suzuki@example.jp', ['messages', 'sent', 'deferred', 'deferralAttempts']), { messages: 1, sent: 1, deferred: 0, deferralAttempts: 1 });
});

test('a message rejected in cleanup (milter END-OF-MESSAGE, header_checks) leaves the queue without a "removed" line', async () => {
  const r = await analyzeEveryWay(['cleanup-reject.log']);
  const t = r.totals;
  // 4104E3D milter-rejected, D8B07E3DB6 header-rejected (cleanup still logs its message-id after the reject),
  // then 4104E3D reused for a message that is delivered and removed.
  assert.equal(t.stillQueued, 0);
  assert.equal(t.partialMessages, 0);
  assert.equal(t.rejected, 2);
  // The two refused never entered the queue: only the reused ID's message is received (review 17 H3; was 3).
  assert.equal(t.received, 1);
  assert.equal(r.hourly.at(-1)!.queueSize, 0);
  assert.equal(t.messagesRemoved, 1);
  assert.equal(t.delivered, 1);
  assert.deepEqual(r.bySender.map((s) => [s.key, s.messages]), [['wumt5@cchfdc.com', 1]]);
});

test('every line kind of the corpus in one small log: nothing unparsed, the same report however it is cut', async () => {
  const r = await analyzeEveryWay(['line-kinds.log']);
  assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.ignored, r.lines.unparsed], [63, 63, 0, 0]);
});

// ---------------------------------------------------------------------------------------------------------
// Range boundaries everywhere.
// ---------------------------------------------------------------------------------------------------------

const ALL = [
  'queue-id-reuse.log', 'deferred-retry.log', 'ndr-race.log', 'partial.log', 'local-forward.log', 'content-filter.log',
  'expired.log', 'two-hosts.log', 'cleanup-reject.log', 'line-kinds.log', 'requeue-more.log', 'pipe-filter.log',
  'pipe-filter-more.log', 'pipe-filter-hour.log', 'content-filter-split.log',
];

test('a sweep of range sizes (every count of ranges from 1 to one per line, and more) gives byte-identical report.json', async () => {
  for (const name of ALL) {
    const path = fixture(name);
    const size = statSync(path).size;
    const lines = readFileSync(path, 'latin1').split('\n').length;
    const json = JSON.stringify(await wholeReport([path]));
    // analyze cuts a file into floor(size / rangeBytes) ranges: try every count up to two per line. Counts past one
    // range per line, and counts whose cuts move to the same line starts, cut the file alike: each set of cuts
    // (planTasks's) is analyzed once (838 sizes, 663 sets of cuts over the 15 logs).
    const sizes = new Set<number>([1]);
    for (let n = 1; n <= 2 * lines; n++) sizes.add(Math.max(1, Math.floor(size / n)));
    const { inputs } = await resolveInputs([path], 2026);
    const cutsSeen = new Set<string>();
    for (const rangeBytes of sizes) {
      const cuts = planTasks(inputs, 1, rangeBytes).map((t) => t.start).join(' ');
      if (cutsSeen.has(cuts)) continue;
      cutsSeen.add(cuts);
      assert.equal(JSON.stringify(await run([path], { rangeBytes })), json, `${name}: ranges of ${rangeBytes} bytes`);
    }
  }
});

/** The message-level part of a report: what must not depend on where the input was cut (examples name files). */
function outcome(r: Report): unknown {
  return {
    totals: r.totals, stillQueued: r.stillQueued, bySaslUser: r.bySaslUser, byClientIp: r.byClientIp, bySender: r.bySender,
    bySenderDomain: r.bySenderDomain, byRecipientDomain: r.byRecipientDomain, byRelay: r.byRelay, byStatus: r.byStatus,
    hourly: r.hourly, period: r.period, hosts: r.hosts,
    lines: [r.lines.total, r.lines.parsed, r.lines.ignored, r.lines.unparsed],
  };
}

test('a boundary after every single line (the log split into two files there) gives the same messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maillog-forensics-cut-'));
  try {
    // deferred-retry.log crosses New Year: --year is the year of the set's first dated line, so a second file that
    // starts in January is in the next year (review-robust.md D2).
    for (const name of ALL) {
      const text = readFileSync(fixture(name), 'latin1');
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const whole = JSON.stringify(outcome(await wholeReport([fixture(name)])));
      for (let k = 1; k < lines.length; k++) {
        const a = join(dir, `${k}-a.log`);
        const b = join(dir, `${k}-b.log`);
        writeFileSync(a, lines.slice(0, k).join('\n') + '\n', 'latin1');
        writeFileSync(b, lines.slice(k).join('\n') + '\n', 'latin1');
        assert.equal(JSON.stringify(outcome(await run([a, b]))), whole, `${name}: cut after line ${k}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Consecutive delivery lines reuse the last queue ID's record, recipient domain and raw reason (see recordFor and
// events.ts): the same queue ID on another host is another message, a removed message takes no later line, a
// domain differing only in case is the same domain, and a domain that is the tail of the last one is not.
test('runs of delivery lines: the same queue ID on two hosts, a line after "removed", domains by case and by tail', async () => {
  const r = await analyzeEveryWay(['delivery-runs.log']);
  const t = r.totals;
  // mail/1A2B3C4D5E: 3 recipients (a sent, b deferred, c bounced); mx2/1A2B3C4D5E: d (partial: no start line);
  // the deferral of b after "removed" on mail is a third, partial, message still queued.
  assert.equal(t.received, 1);
  assert.equal(t.deferred, 6);
  assert.equal(t.partialMessages, 2);
  assert.equal(t.stillQueued, 1);
  assert.deepEqual(r.stillQueued.map((q) => [q.host, q.qid, q.recipients]), [['mail', '1A2B3C4D5E', 1]]);
  assert.deepEqual(pick(r.bySender, 'info@example.jp', ['messages', 'recipients', 'sent', 'deferred', 'bounced']), {
    messages: 1, recipients: 3, sent: 1, deferred: 1, bounced: 1,
  });
  assert.deepEqual(pick(r.byRecipientDomain, 'example.com', ['deferralAttempts']), { deferralAttempts: 5 });
  assert.deepEqual(pick(r.byRecipientDomain, 'xample.com', ['deferralAttempts', 'bounced']), { deferralAttempts: 1, bounced: 1 });
  assert.equal(r.byRecipientDomain.some((d) => d.key === 'Example.COM'), false);
  // Two raw texts per group (two IPs in the timed-out one): 5 timed out, 1 refused.
  assert.deepEqual(r.deferralReasons.map((d) => d.count).sort(), [1, 5]);
  assert.match(r.deferralReasons.find((d) => d.count === 1)!.reason, /Connection refused/);
  assert.equal(r.bounceReasons.length, 1);
  assert.equal(r.bounceReasons[0]!.count, 1);
});

// Postfix 3.7.11 (a lab run, review 7): smtpd gives a queue ID at the first accepted RCPT, but these four never
// entered the queue — a client lost during DATA (cleanup still logs message-id=), RCPT then QUIT, and two
// recipient-verification probes (RCPT, RSET, QUIT). No qmgr line, no delivery, no removal. Were 4 received and
// 4 still queued; the last message, whose smtpd disconnect comes before qmgr's line, was received and delivered.
test('transactions that never entered the queue are neither received nor still queued', async () => {
  const r = await analyzeEveryWay(['abandoned.log', 'abandoned-committed.log']);
  assert.equal(r.totals.abandonedTransactions, 4);
  assert.equal(r.totals.received, 1);
  assert.equal(r.totals.delivered, 1);
  assert.equal(r.totals.stillQueued, 0);
  assert.deepEqual(r.stillQueued, []);
  // Their client IP sent no message.
  assert.equal(r.byClientIp.find((c) => c.key === '127.0.0.1')?.messages ?? 0, 0);
});

// `postsuper -r` (Postfix 3.7.11, a lab run, review 7): the requeued message comes back through pickup under a new
// queue ID with "orig_id=" and no "removed" line for the old one. Was 2 received, 2 deferred messages and 2 still
// queued; then 1 received but still 2 deferred messages, and the new ID had no SASL user.
test('a message requeued with postsuper -r is one message: the new queue ID continues the old record', async () => {
  const r = await analyzeEveryWay(['requeue.log']);
  assert.equal(r.totals.received, 1);
  assert.equal(r.totals.deferredMessages, 1);
  assert.equal(r.totals.deferred, 3);
  assert.deepEqual(queued(r), [{
    qid: '98D0529E2C8', host: 'vm', since: '2026-11-29T01:24:21', saslUser: 'sato@example.jp', sender: 'sato@example.jp',
    clientIp: '127.0.0.1', recipients: 1, deferrals: 3, partial: false,
  }]);
  assert.deepEqual(pick(r.bySaslUser, 'sato@example.jp', ['messages', 'recipients', 'deferralAttempts']), { messages: 1, recipients: 1, deferralAttempts: 3 });
});

// More requeues (requeue-more.log): lab lines of Postfix 3.7.11 for a submission with three recipients (one bounced,
// one sent to the sink on a loopback port, one deferred) requeued to 9B3AC29E2CA, and for a message held by a header
// check, requeued, and held again by the same check under its new ID A2E4F29E2F8; then hand-made in the same
// shapes: a message requeued twice (3C4D529E301 → 4D5E629E302 → 5E6F729E303, delivered), the first ID reused
// by another message in between, and a requeue whose old ID is not in the log (requeued before it began).
test('requeues: three recipients carried over, held again, requeued twice around a reused ID, old ID before the log', async () => {
  const r = await analyzeEveryWay(['requeue-more.log']);
  const t = r.totals;
  // sato's submission, alice's held message, suzuki's (requeued twice), kato's (the reused ID); not tanaka's.
  assert.equal(t.received, 4);
  assert.equal(t.partialMessages, 1);
  // ok2 (suzuki), friend (kato), late (tanaka), and ok1: the lab's sink on 127.0.0.1:2540 answered "queued as
  // 2B6BA999CC", an ID no message of this host took up again, so it is a delivery there, not a content-filter hop
  // (review 17 H1; it was counted as a hop before); bounce1 bounced.
  assert.equal(t.delivered, 4);
  assert.equal(t.filterHops, 0);
  assert.ok(r.warnings.some((w) => w.startsWith('1 recipient was handed to 127.0.0.1[127.0.0.1]:2540 on this host')), r.warnings.join('\n'));
  assert.equal(t.bounced, 1);
  assert.equal(t.deferredMessages, 2);
  assert.deepEqual(queued(r), [
    { qid: 'A2E4F29E2F8', host: 'vm', since: '2026-11-29T01:23:31', saslUser: '', sender: '', clientIp: '127.0.0.1', recipients: 0, deferrals: 0, partial: false },
    {
      qid: '9B3AC29E2CA', host: 'vm', since: '2026-11-29T01:24:21', saslUser: 'sato@example.jp', sender: 'sato@example.jp',
      clientIp: '127.0.0.1', recipients: 3, deferrals: 5, partial: false,
    },
  ]);
  assert.deepEqual(r.stillQueued.find((q) => q.qid === '9B3AC29E2CA')!.pendingTo, ['defer1@sink.example']);
  assert.deepEqual(pick(r.bySaslUser, 'suzuki@example.jp', ['messages', 'recipients', 'sent', 'deferralAttempts']), {
    messages: 1, recipients: 1, sent: 1, deferralAttempts: 2,
  });
  assert.deepEqual(pick(r.bySaslUser, 'kato@example.jp', ['messages', 'sent']), { messages: 1, sent: 1 });
  assert.deepEqual(pick(r.bySender, 'tanaka@example.jp', ['messages', 'sent']), { messages: 1, sent: 1 });
});

// A pipe content filter (Postfix 3.7.11 lab, review 7 M11: content_filter=spamassassin, a pipe transport running
// "spamc | sendmail -oi -f ${sender} ${recipient}"): the pipe's "status=sent (delivered via spamassassin service)"
// and the copy that comes back through pickup are one message. Was received 2, delivered 2.
test('a pipe content filter: its delivery is a filter hop and its copy from pickup is not received again', async () => {
  const r = await analyzeEveryWay(['pipe-filter.log']);
  const t = r.totals;
  assert.deepEqual([t.received, t.delivered, t.filterHops, t.stillQueued], [1, 1, 1, 0]);
  assert.deepEqual(r.hourly.map((h) => [h.received, h.sent]), [[1, 1]]);
  assert.deepEqual(r.bySender.map((x) => [x.key, x.messages, x.recipients, x.sent]), [['alice@outside.example', 1, 1, 1]]);
  assert.deepEqual(pick(r.byRecipientDomain, 'example.jp', ['recipients', 'sent']), { recipients: 1, sent: 1 });
});

// Spam often has no Message-ID: cleanup logs "message-id=<>" for it, and gives the filtered copy, a local
// submission, one of its own made from the time and the copy's queue ID ("<20261129014011.4jcVG36yvrzNgNr@…>",
// cleanup_message.c). The two are one message; a web form's mail picked up in the same second, with its own
// generated ID and another sender, is not its copy (the lab's line shapes; review 9 M1: received 3, delivered 3).
test('a pipe content filter: a message without a Message-ID and its copy with one cleanup made are one message', async () => {
  const r = await analyzeEveryWay(['pipe-filter-no-msgid.log']);
  const t = r.totals;
  assert.deepEqual([t.received, t.delivered, t.filterHops, t.stillQueued], [2, 2, 1, 0]);
  assert.deepEqual(r.bySender.map((x) => [x.key, x.messages, x.sent]), [['spammer@example.org', 1, 1], ['www-data@vm.lab.example', 1, 1]]);
});

// The lab's filter also took the copies (content_filter in main.cf applies to pickup): 49 hops of one message,
// the copy sometimes picked up before the pipe line that made it was logged, until cleanup refused the 50th
// ("too many hops"). One message received, none delivered, one bounced.
test('a pipe filter loop of 50 copies is one message received and bounced', async () => {
  const r = await analyzeEveryWay(['pipe-filter-loop.log']);
  const t = r.totals;
  assert.deepEqual([t.received, t.delivered, t.bounced, t.filterHops, t.stillQueued], [1, 0, 1, 49, 0]);
  assert.deepEqual(pick(r.bySaslUser, 'sato@example.jp', ['messages']), { messages: 1 });
  // One message in the sender table, not 49; its last copy, refused before qmgr, is named by pickup's from=.
  assert.deepEqual(r.bySender.map((x) => [x.key, x.messages, x.recipients, x.bounced]), [['sato@example.jp', 1, 1, 1]]);
});

// A message filtered one recipient at a time across an hour boundary (pipe-filter-hour.log: frank's message of
// pipe-filter-more.log at 10:59:59 and 11:00:01). Each pipe line counted in its own hour's "sent", and each hop takes
// its own back: was 10:00 sent -1, 11:00 sent 3 (both taken from the hour of the first pipe line).
test('a pipe filter hop across an hour: each hand-off is taken back from the hour it was counted in', async () => {
  const r = await analyzeEveryWay(['pipe-filter-hour.log']);
  assert.deepEqual([r.totals.received, r.totals.delivered, r.totals.filterHops], [1, 2, 2]);
  assert.deepEqual(r.hourly.map((h) => [h.hour, h.received, h.sent]), [['2026-11-29T10:00', 1, 0], ['2026-11-29T11:00', 0, 2]]);
});

// Other pipe commands and pickups around a filter (pipe-filter-more.log, made from the lab's line shapes): a hop
// with a web form's mail of the same sender picked up in the same second (another Message-ID: not the copy); a
// dovecot LDA run by pipe (no copy); a list manager whose repost has the list's own sender (not the copy); a copy
// picked up 90 s after its pipe line, past the one-minute window (counted twice, as without the rule); a message
// with two recipients filtered one at a time, each copy picked up before or after its pipe line.
test('pipe deliveries that are not a filter stay deliveries; only the copy with the same sender and Message-ID is a hop', async () => {
  const r = await analyzeEveryWay(['pipe-filter-more.log']);
  const t = r.totals;
  assert.equal(t.received, 9);
  assert.equal(t.delivered, 11);
  assert.equal(t.filterHops, 3);
  assert.deepEqual(pick(r.byRelay, 'mailman', ['count']), { count: 1 });
  assert.deepEqual(pick(r.byRelay, 'dovecot', ['count']), { count: 1 });
  assert.deepEqual(r.byRelay.find((x) => x.key === 'spamassassin')?.count, 1); // erin's, past the window
  assert.deepEqual(pick(r.bySender, 'team-bounces@lists.example.jp', ['messages', 'sent']), { messages: 1, sent: 2 });
  // frank's message was filtered one recipient at a time: two copies came back, one message (the original counts
  // it, the copies its recipients' outcomes; was 2, and 3 before copies were known).
  assert.deepEqual(pick(r.bySender, 'frank@frank.example', ['messages', 'recipients', 'sent']), { messages: 1, recipients: 2, sent: 2 });
});
