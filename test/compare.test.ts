// compare and analyze --baseline: the comparison model, its renderers and the command line (docs/compare.md).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze } from '../src/run.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { compareReports, failingFindings } from '../src/compare/compare.js';
import type { Comparison } from '../src/compare/model.js';
import { pairFindings } from '../src/compare/match.js';
import { renderCompareMarkdown } from '../src/compare/markdown.js';
import { renderComparisonJson } from '../src/compare/render.js';
import { resolveSide } from '../src/compare/load.js';
import { afterIpCountsOf } from '../src/compare/after-ip-counts.js';
import { CORPUS, ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const GOLDEN = join(ROOT, 'test', 'golden', 'compare');
const FIX = join(ROOT, 'test', 'fixtures', 'compare');
// Paths as a user types them (relative to the repository), so that golden files name the same inputs everywhere.
process.chdir(ROOT);
const BEFORE_LOG = 'samples/incident.log';
const AFTER_LOG = 'samples/after-fix.log';

/**
 * Review AK, AK3: samples/after-fix.log's note on the fixed account: 16 of the 43 intruder IPs still connect, 10 fail 19
 * logins as info@example.jp (test/review-ak-intruders.test.ts).
 */
const STILL_TRYING_AFTER_FIX = '; but 16 of the 43 IPs of compromised-ips.txt still connect after the fix (80.43.125.180, 106.125.64.253, 146.78.11.168, 171.121.196.21, 116.94.40.111 and 11 more) and 10 of them failed 19 logins, all as info@example.jp. The new password holds, but these IPs are not blocked: block the IPs of compromised-ips.txt at the firewall (a first step of the before report) and check that the block is in place';

type AnalyzeResult = Awaited<ReturnType<typeof analyze>>;

function analyzeRun(paths: string[]): Promise<AnalyzeResult> {
  return analyze({ paths, jobs: 1, year: 2026, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test' });
}

async function run(paths: string[]): Promise<Report> {
  return (await analyzeRun(paths)).report;
}

function compare(b: Report, a: Report, bp: string[], ap: string[]): Comparison {
  return compareReports(b, a, { version: 'test', before: { kind: 'logs', paths: bp }, after: { kind: 'logs', paths: ap } });
}

/** Byte-for-byte comparison with test/golden/compare/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    assert.fail(`golden file ${path} is missing: run UPDATE_GOLDEN=1 npm test and review the diff`);
  }
  assert.equal(actual, expected, `${name} differs from its golden file (UPDATE_GOLDEN=1 npm test rewrites it; review the diff)`);
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

let incident: Report;
let afterFix: Report;
/** The analysis afterFix is the report of, its aggregate too (the after side as compare analyzes a log side). */
let afterFixRun: AnalyzeResult;
let tmp: string;
/** report.json directories written by the CLI: plain, redacted with key one, with key two. */
const dirs = { before: '', after: '', redactedOne: '', redactedTwo: '', redactedOneAgain: '' };

before(async () => {
  [incident, afterFixRun] = await Promise.all([run([BEFORE_LOG]), analyzeRun([AFTER_LOG])]);
  afterFix = afterFixRun.report;
  tmp = mkdtempSync(join(tmpdir(), 'mlf-compare-'));
  const analyzeTo = (name: keyof typeof dirs, log: string, extra: string[] = []): void => {
    dirs[name] = join(tmp, name);
    const res = cli(['analyze', log, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', dirs[name], ...extra]);
    assert.equal(res.status, 0, res.stderr);
  };
  analyzeTo('before', BEFORE_LOG);
  analyzeTo('after', AFTER_LOG);
  analyzeTo('redactedOne', BEFORE_LOG, ['--redact-key', 'key-one']);
  analyzeTo('redactedTwo', AFTER_LOG, ['--redact-key', 'key-two']);
  analyzeTo('redactedOneAgain', AFTER_LOG, ['--redact-key', 'key-one']);
});

// ------------------------------------------------------------------------------------------------ the sample pair

test('incident → after-fix: golden compare.md and compare.json', () => {
  const c = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  golden('compare.md', renderCompareMarkdown(c, 'Before and after'));
  golden('compare.json', renderComparisonJson(c));
});

test('incident → after-fix: the abuse is resolved, brute force reduced per hour, nothing new', () => {
  const c = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0, background: 1 });
  // The before run's order: causes first within a severity (review Z, Z15), so the deferred flood comes after the
  // queue cleanup and the receivers' refusals that cause it.
  assert.deepEqual(c.findings.map((f) => [f.rule, f.status]), [
    // The brute force is critical before: one of its IPs logged in (the guess of info@).
    ['compromised-account', 'resolved'], ['sasl-bruteforce', 'reduced'], ['queue-cleanup', 'resolved'],
    ['receivers-refusing', 'resolved'], ['queue-flood', 'resolved'], ['backscatter', 'resolved'], ['relay-probing', 'resolved'],
  ]);
  // The brute force goes on from other IPs: matched by rule, compared by failed logins per hour.
  const bf = c.findings.find((f) => f.rule === 'sasl-bruteforce')!;
  assert.equal(bf.matchedBy, 'rule');
  assert.equal(bf.measure.before, 289);
  assert.equal(bf.measure.after, 92);
  assert.equal(bf.measure.beforePerHour, 3.85); // 289 / 75.03 h
  assert.equal(bf.measure.afterPerHour, 2.17); // 92 / 42.48 h
  assert.equal(bf.measure.changePct, -43.8); // 2.17 / 3.85 per hour, unrounded
  // Review 19, H1: critical because a guesser logged in, nothing got in after: down to the background; and low after,
  // the background guessing analyze itself reports (review Z, Z5).
  assert.equal(bf.background, true);
  assert.deepEqual(bf.severity, { before: 'critical', after: 'low' });
  assert.match(bf.verdict, /^Reduced to the background \(nobody logged in\): Password guessing: 186\.78\.183\.59, .* \(sasl-bruteforce, critical → low\): /);
  const ca = c.findings[0]!;
  // The rule no longer fires, but info@ still sent 7 messages (its owner, after the password change): not "none".
  assert.equal(ca.verdict, 'Fixed: Compromised mail account: info@example.jp (compromised-account, critical): messages sent 304 (4.05 per hour) before, '
    + '7 (0.16 per hour) after, with no sign of someone else at work (below the rule\'s threshold), none of it from the 43 IPs the before run listed '
    // Review AB, F2: info@'s row lists its every client IP (2, in topClientIps): the check is exact though byClientIp is cut.
    + 'as the intruder\'s (compromised-ips.txt), and none of them logged in to it through Dovecot (IMAP, POP3, submission, ManageSieve)'
    + `${STILL_TRYING_AFTER_FIX}.`);
  assert.equal(c.verdict.headline, 'Fixed: 6 of the 7 findings of the before run fixed; password guessing reduced to the background: nobody logged in after, but 22 of the 92 failed logins after are for info@example.jp, a real account (2.17 failed logins per hour, before 3.85); no new finding'
    + '; 16 of the 43 intruder IPs (compromised-ips.txt) still connect after: block them at the firewall.');

  const m = Object.fromEntries(c.totals.map((r) => [r.id, r]));
  assert.deepEqual([m.deferred!.before, m.deferred!.after, m.deferred!.delta], [1600, 8, -1592]);
  assert.deepEqual([m.deferred!.beforePerDay, m.deferred!.afterPerDay, m.deferred!.changePct], [511.8, 4.5, -99.1]);
  assert.deepEqual([m.bounceRate!.before, m.bounceRate!.after, m.bounceRate!.delta, m.bounceRate!.beforePerDay], [17.4, 0, -17.4, null]);
  assert.deepEqual([m.stillQueued!.before, m.stillQueued!.after, m.stillQueued!.changePct], [224, 0, -100]);
  assert.deepEqual([m.authFailures!.before, m.authFailures!.after], [251, 57]);
  assert.equal(c.rates.sameLength, false);
  assert.match(c.rates.note, /^The periods differ in length \(before 75 h, after 42\.5 h\): counts are compared as rates per hour and per day/);

  const users = c.movers.find((t) => t.id === 'saslUsers')!;
  assert.deepEqual(users.rows[0], {
    key: 'info@example.jp', detail: '', before: 304, after: 7, beforePerDay: 97.2, afterPerDay: 4, changePerDay: -93.3, status: 'down', approximate: false,
  });
  // Deferrals by receiver and cause, as both reports' tables group them (review Z, Z27): Yahoo's TSS04 is one row of
  // 527, not one per host and cached repeat; Gmail's lost connections went down, not away.
  assert.equal(c.movers.some((t) => t.id === 'deferralReasons'), false);
  const causes = c.movers.find((t) => t.id === 'deferralCauses')!;
  assert.deepEqual([causes.title, causes.metric], ['Deferral causes', 'deferred delivery attempts, by receiver and cause']);
  assert.deepEqual(causes.rows.slice(0, 2).map((r) => [r.key, r.detail, r.before, r.after, r.status]), [
    ['Yahoo: rate limit / poor reputation', '421 4.7.0 TSS04', 527, 0, 'gone'],
    ['Gmail: lost connection while sending RCPT TO', '4.4.2', 271, 1, 'down'],
  ]);
  assert.equal(causes.rows.filter((r) => r.key.startsWith('Yahoo:')).length, 1);
  assert.equal(c.hourly.before.length, incident.hourly.length);
  assert.equal(c.hourly.after[0]!.h, 0);
});

test('compare: a report made before the deferral causes were grouped (no deferralCauses) is compared by its reasons, on both sides', () => {
  const older = (r: Report): Report => {
    const { deferralCauses: _causes, ...rest } = r;
    return rest as Report;
  };
  for (const [b, a] of [[older(incident), afterFix], [incident, older(afterFix)], [older(incident), older(afterFix)]] as const) {
    const c = compare(b, a, [BEFORE_LOG], [AFTER_LOG]);
    assert.equal(c.movers.some((t) => t.id === 'deferralCauses'), false);
    const reasons = c.movers.find((t) => t.id === 'deferralReasons')!;
    assert.equal(reasons.title, 'Deferral reasons');
    // The largest reason of the before run, Yahoo's TSS04 from one of its hosts: gone after.
    assert.deepEqual([reasons.rows[0]!.status, reasons.rows[0]!.detail], ['gone', '4.7.0']);
    assert.match(reasons.rows[0]!.key, /TSS04/);
    assert.match(renderCompareMarkdown(c), /### Deferral reasons \(deferred delivery attempts\)\n\n\| Reason \(normalised\) \| DSN \|/);
  }
  // With causes on both sides, the table has its own headings.
  assert.match(renderCompareMarkdown(compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG])),
    /### Deferral causes \(deferred delivery attempts, by receiver and cause\)\n\n\| Receiver: cause \| Code \|/);
});

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

interface Truth {
  firstLineAt: string; lastLineAt: string; received: number; delivered: number; deferred: number; stillQueued: number;
  bounceNotifications: number; rejectedByReason: Record<string, number>; messagesBySaslUser: Record<string, number>;
  compromisedUser?: string; spamMessages?: number; attackerIps?: string[];
}

test('incident → after-fix: the mail flow leaves out the compromised account\'s spam since the guess (truth and log)', () => {
  const c = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  const truth = readJson<Truth>('samples/incident.truth.json');
  const afterTruth = readJson<Truth>('samples/after-fix.truth.json');
  // From the log: the messages the attackers' IPs submitted as info@, and their recipients delivered (status=sent).
  const attackers = new Set(truth.attackerIps);
  const lines = readFileSync(BEFORE_LOG, 'utf8').split('\n');
  const spamIds = new Set<string>();
  for (const l of lines) {
    const m = / ([0-9A-F]{8,}): client=[^[]*\[([^\]]+)\].*sasl_username=info@example\.jp/.exec(l);
    if (m && attackers.has(m[2]!)) spamIds.add(m[1]!);
  }
  const spamDelivered = lines.filter((l) => / status=sent /.test(l) && spamIds.has(/ ([0-9A-F]{8,}): to=</.exec(l)?.[1] ?? '')).length;
  assert.equal(spamIds.size, truth.spamMessages);
  assert.equal(spamDelivered, 501);
  // The bounce notices of that mail, as the review counted them (review 10, M3): "PARENT: sender non-delivery
  // notification: NOTICE" lines, then the notices' status=sent lines. All 139 notices of the log give 113 delivered;
  // the one of tanaka's own mail (a real bounce) is not the compromise's: 112.
  const noticeOf = (l: string): [string, string] | null => {
    const x = / ([0-9A-F]{8,}): sender non-delivery notification: ([0-9A-F]{8,})$/.exec(l);
    return x === null ? null : [x[1]!, x[2]!];
  };
  const allNotices = new Set(lines.map(noticeOf).filter((x) => x !== null).map((x) => x![1]));
  const spamNotices = new Set(lines.map(noticeOf).filter((x) => x !== null && spamIds.has(x[0])).map((x) => x![1]));
  const deliveredOf = (ids: Set<string>): number => lines.filter((l) => / status=sent /.test(l) && ids.has(/ ([0-9A-F]{8,}): to=</.exec(l)?.[1] ?? '')).length;
  assert.deepEqual([allNotices.size, deliveredOf(allNotices)], [139, 113]);
  const noticesDelivered = deliveredOf(spamNotices);
  assert.equal(noticesDelivered, 112);

  assert.equal(c.compromisedMail.before.length, 1);
  const left = c.compromisedMail.before[0]!;
  assert.deepEqual([left.user, left.messages, left.delivered, left.bounceNotices], [truth.compromisedUser, truth.spamMessages, spamDelivered, noticesDelivered]);
  assert.match(left.since!, /^2026-11-25T23:41:0[78]$/); // truth compromiseAt 23:41:07; the login line is logged at 23:41:08
  assert.deepEqual(c.compromisedMail.after, [], 'info@ is no finding after: its 7 messages are mail flow');

  const m = Object.fromEntries(c.totals.map((r) => [r.id, r]));
  assert.deepEqual(c.totals.map((r) => r.id).slice(0, 5), ['received', 'receivedWithoutCompromised', 'delivered', 'deliveredWithoutCompromised', 'deferred']);
  // The totals with the spam stay as they were (the -45% the reviewer saw) …
  assert.deepEqual([m.delivered!.before, m.delivered!.after, m.delivered!.changePct], [incident.totals.delivered, afterFix.totals.delivered, -45]);
  // … and the legitimate flow rose: 308 recipients in 75.03 h (98.5 per day), 287 in 42.48 h (162.1 per day); with the
  // bounce notices of the spam counted as legitimate it was 420 (134.3 per day, +20.7%).
  const del = m.deliveredWithoutCompromised!;
  assert.deepEqual([del.before, del.after, del.beforePerDay, del.afterPerDay, del.changePct],
    [incident.totals.delivered - spamDelivered - noticesDelivered, afterFix.totals.delivered, 98.5, 162.1, 64.6]);
  const rec = m.receivedWithoutCompromised!;
  assert.deepEqual([rec.before, rec.after], [truth.received - truth.spamMessages!, afterTruth.received]);
  assert.deepEqual([rec.beforePerDay, rec.afterPerDay], [66.2, 119.2]);
  assert.equal(rec.label, 'Messages received, compromised accounts left out');

  // Review AH, AH3: a sentence for the left-out figures, one for each side's compromised mail, one for the rest.
  assert.equal(c.verdict.mailFlow, 'Mail flow after, compromised accounts left out: 119 messages received per day (before 66.2), '
    + '162 recipients delivered per day (before 98.5). The before run\'s totals also hold the 300 messages and 501 delivered recipients '
    + 'that the compromised account info@example.jp sent after it was guessed, and 112 delivered bounce notices answering that mail. '
    + 'With them, before: 162 messages received and 295 recipients delivered per day. '
    + 'Overall: bounce rate 0.0% (before 17.4%), 0 still queued at the end (before 224).');
  for (const sentence of c.verdict.mailFlow.split('. ')) assert.ok(sentence.split(' ').length <= 40, sentence);
  const md = renderCompareMarkdown(c);
  assert.match(md, /\| Recipients delivered, compromised accounts left out \| 308 \| 287 \| -21 \| 98\.5 \| 162 \| \+64\.6% \|/);
  assert.match(md, /"Compromised accounts left out": without the mail of the accounts the "Compromised mail account" finding names, before, `info@example\.jp` \(since it was guessed, 2026-11-25 23:41:0\d: 300 messages, 501 recipients delivered, 112 bounce notices answering that mail delivered\)\./);
});

test('mail flow: a compromised account on both sides is left out of both; a finding without since-guess evidence leaves out the whole account', () => {
  const b = structuredClone(incident);
  const a = structuredClone(incident);
  // The after run: the same account still abused, its finding without the since-guess fields (an older or edited report).
  const f = a.findings.find((x) => x.rule === 'compromised-account')!;
  for (const k of ['messagesSinceGuessed', 'recipientsSinceGuessed', 'notDeliveredSinceGuessedPercent']) delete f.evidence[k];
  const row = a.bySaslUser.find((x) => x.key === 'info@example.jp')!;
  const c = compare(b, a, ['b'], ['a']);
  assert.deepEqual(c.compromisedMail.after, [{ user: 'info@example.jp', since: null, messages: row.messages, delivered: row.sent, bounceNotices: 0 }]);
  assert.deepEqual([row.messages, row.sent], [304, 506]);
  const del = c.totals.find((r) => r.id === 'deliveredWithoutCompromised')!;
  // Before, the account's mail and the 112 bounce notices answering it; after, without since-guess fields, the
  // account's whole mail (a report without bounceNoticesDeliveredSinceGuessed cannot say which notices are its).
  assert.deepEqual([del.before, del.after], [921 - 501 - 112, 921 - 506]);
  assert.match(c.verdict.mailFlow, /The before run's totals also hold the 300 messages and 501 delivered recipients that the compromised account info@example\.jp sent after it was guessed, and 112 delivered bounce notices answering that mail\. With them, before: 162 messages received and 295 recipients delivered per day\. The after run's totals also hold the 304 messages and 506 delivered recipients that the compromised account info@example\.jp sent in that log\. With them, after: /);
  // No compromised account on either side: no extra rows, the plain mail-flow line.
  const plain = compare(afterFix, structuredClone(afterFix), [AFTER_LOG], [AFTER_LOG]);
  assert.deepEqual(plain.compromisedMail, { before: [], after: [] });
  assert.ok(!plain.totals.some((r) => r.id.endsWith('WithoutCompromised')));
  assert.match(plain.verdict.mailFlow, /^Mail flow after: 119 messages received per day \(before 119\), 162 recipients delivered per day \(before 162\), bounce rate/);
});

test('a resolved finding says what is left after when its rule did not fire: "none after" only for zero (truth and log)', () => {
  const c = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  const afterTruth = readJson<Truth>('samples/after-fix.truth.json');
  const relayDenied = readFileSync(AFTER_LOG, 'utf8').split('\n').filter((l) => l.includes('Relay access denied')).length;
  assert.equal(relayDenied, 5);
  assert.equal(afterTruth.rejectedByReason['relay-denied'], relayDenied);
  const by = (rule: string): Comparison['findings'][number] => c.findings.find((f) => f.rule === rule)!;
  const left = (rule: string): [number | null, boolean] => [by(rule).measure.afterWithoutFinding!.count, by(rule).measure.afterWithoutFinding!.atLeast];

  assert.deepEqual(left('relay-probing'), [relayDenied, false]);
  assert.equal(by('relay-probing').measure.afterWithoutFinding!.perHour, 0.12); // 5 / 42.48 h
  // None of those 5 is the before run's probers': none of the 8 connected after (grep: none is in samples/after-fix.log),
  // which the after report's clientIpIndex tells, though 3 of the 5 are past its tables (--top 50; review AK, AK8 follow-up).
  assert.match(by('relay-probing').verdict, /: rejected probes 16 \(0\.21 per hour\) before, 5 \(0\.12 per hour\) after, below the rule's threshold; none of the 8 IPs the before run named connected after\.$/);
  assert.deepEqual(left('compromised-account'), [afterTruth.messagesBySaslUser['info@example.jp'], false]);
  assert.deepEqual(left('queue-flood'), [afterTruth.deferred, false]);
  assert.deepEqual(left('queue-cleanup'), [afterTruth.stillQueued, false]);
  assert.equal(afterTruth.stillQueued, 0);
  assert.match(by('queue-cleanup').verdict, /: abusive messages still queued 220 before, none after\.$/);
  assert.deepEqual(left('backscatter'), [afterTruth.bounceNotifications, false]);
  assert.match(by('backscatter').verdict, /, none after\.$/);
  // The after run's 8 deferrals are greylisting and a lost connection, none a refusal of the before finding's classes
  // (its grouped deferral causes tell them apart without the rule: review AH, AH2).
  assert.equal(afterTruth.deferred, 8);
  assert.deepEqual(left('receivers-refusing'), [0, false]);
  assert.match(by('receivers-refusing').verdict, /: refusals 145 \(1\.93 per hour\) before, none after\.$/);
  // Not resolved: nothing to count.
  assert.equal(by('sasl-bruteforce').measure.afterWithoutFinding, null);
  for (const f of c.findings) if (/none after/.test(f.verdict)) assert.equal(f.measure.afterWithoutFinding!.count, 0, f.rule);

  const md = renderCompareMarkdown(c);
  // In plain words, the rule id a tag at the end (review Z, Z11: "`queue-flood` on queue `mail`").
  assert.ok(md.includes('- **FIXED** [LOW] Relay probing and address harvesting: `116.244.39.244, 81.132.119.6, 188.89.156.188 and 5 more` — rejected probes: 16 (0.21 per hour) before, 5 (0.12 per hour) after, below the rule\'s threshold; none of the 8 IPs the before run named connected after. `relay-probing`\n'), md);
  assert.ok(md.includes('- **FIXED** [CRITICAL] Compromised mail account: `info@example.jp` — messages sent: 304 (4.05 per hour) before, 7 (0.16 per hour) after, with no sign of someone else at work (below the rule\'s threshold), none of it from the 43 IPs the before run listed as the intruder\'s (compromised-ips.txt), and none of them logged in to it through Dovecot (IMAP, POP3, submission, ManageSieve)' + STILL_TRYING_AFTER_FIX + '. `compromised-account`\n'));
  assert.ok(md.includes('- **FIXED** [HIGH] Deferred flood and queue growth — deferred attempts: 1,600 (21.3 per hour) before, 8 (0.19 per hour) after, below the rule\'s threshold. `queue-flood`\n'));
  assert.ok(md.includes('- **FIXED** [HIGH] Spam still in the queue — abusive messages still queued: 220 before, none after. `queue-cleanup`\n'));
  assert.doesNotMatch(md, / on (saslUser|queue|ips|receivers|bounces) /);
  // A fixed finding: its numbers only, its evidence and log lines are the before report's.
  const fixed = md.slice(md.indexOf('\n## Fixed (6)\n'), md.indexOf('\n## Reduced (1)\n'));
  assert.ok(fixed.length > 0);
  assert.doesNotMatch(fixed, /\| Evidence \||Log lines/);
  assert.match(fixed, /^- Before: from 2026-11-25 23:41:08 to 2026-11-28 09:11:54; its evidence and log lines are in the report of the before log \(analyze it\)\.$/m);
  assert.equal(fixed.match(/^### /gm)?.length, 6);
  assert.match(md, /\n## Still there \(0\)\n\n_No finding of the before run is still there\._\n/);
});

test('what is left after: a key missing from a table cut at --top is unknown, a count read from one is "at least"', () => {
  const a = structuredClone(afterFix);
  a.options = { ...a.options, top: 2 };
  a.bySaslUser = a.bySaslUser.filter((x) => x.key !== 'info@example.jp').slice(0, 2);
  a.rejectReasons = a.rejectReasons.slice(0, 2);
  assert.match(a.rejectReasons[0]!.reason, /Relay access denied/);
  const c = compare(incident, a, [BEFORE_LOG], ['a']);
  const by = (rule: string): Comparison['findings'][number] => c.findings.find((f) => f.rule === rule)!;
  assert.deepEqual(by('compromised-account').measure.afterWithoutFinding, { count: null, perHour: null, atLeast: false, from: '', sameRate: false });
  // Review AB, F2: nor can the intruder IPs' sending be checked then: said, not passed over.
  assert.match(by('compromised-account').verdict, /before, no finding after; whether the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\) still send as it was not checked: /);
  assert.equal(by('compromised-account').measure.carriedOver?.sendingUnknown, true);
  assert.equal(by('relay-probing').measure.afterWithoutFinding!.atLeast, true);
  // The tables cut, but the clientIpIndex whole: none of the before run's probers connected after (review AK, AK8 follow-up).
  assert.match(by('relay-probing').verdict, /before, at least 5 \(0\.12 per hour\) after, below the rule's threshold; none of the 8 IPs the before run named connected after\.$/);
  // Without it (a report of an older version): past the tables cut at --top 2, not known.
  const older = structuredClone(a);
  delete (older as Partial<Report>).clientIpIndex;
  assert.match(compare(incident, older, [BEFORE_LOG], ['a']).findings.find((f) => f.rule === 'relay-probing')!.verdict,
    /before, at least 5 \(0\.12 per hour\) after, below the rule's threshold; none of the 8 IPs the before run named is in the after report's client-IP tables \(cut at --top 2\): whether they still probe beyond those rows is not known /);
  // The same tables, not cut: a missing account sent nothing.
  a.options = { ...a.options, top: 50 };
  const uncut = compare(incident, a, [BEFORE_LOG], ['a']);
  assert.equal(uncut.findings[0]!.measure.afterWithoutFinding!.count, 0);
  // And none of the intruder IPs sends as it: the check is exact (review AB, F2).
  assert.match(uncut.findings[0]!.verdict, /before, none after, and none of the 43 IPs the before run listed as the intruder's \(compromised-ips\.txt\) logged in to it through Dovecot \(IMAP, POP3, submission, ManageSieve\); but 16 of the 43 IPs of compromised-ips\.txt still connect after the fix /);
  // The relay rejects cut away from a full table: unknown.
  a.options = { ...a.options, top: 1 };
  a.rejectReasons = a.rejectReasons.filter((r) => !/Relay access denied/.test(r.reason));
  assert.equal(compare(incident, a, [BEFORE_LOG], ['a']).findings.find((f) => f.rule === 'relay-probing')!.measure.afterWithoutFinding!.count, null);
});

// ------------------------------------------------------------------------------------------------ order of the periods

test('an after log older than the before log: a warning first in the verdict and the masthead, "Check the order" on stderr, never "Fixed"', () => {
  const healthy = readJson<Truth>('samples/healthy.truth.json');
  const truth = readJson<Truth>('samples/incident.truth.json');
  assert.ok(healthy.lastLineAt < truth.firstLineAt, 'samples/healthy.log (Nov 10) is older than samples/incident.log (Nov 25-28)');
  const out = join(tmp, 'swapped');
  const res = cli(['compare', dirs.before, 'samples/healthy.log', '--year', '2026', '-j', '1', '-o', out]);
  assert.equal(res.status, 0, res.stderr); // not refused: comparing on purpose stays possible
  const c = readJson<Comparison>(join(out, 'compare.json'));
  assert.deepEqual(c.verdict.counts, { resolved: 7, reduced: 0, persisting: 0, new: 0, unclear: 1 });
  assert.equal(c.order.relation, 'after-older');
  assert.equal(c.order.overlapHours, 0);
  // Review AB, F6: 21.4 h would hold 4.5 of the before run's 0.21 relay probes an hour: too few to tell.
  assert.equal(c.verdict.headline, 'Check the order: the after log is older than the before log (were the two swapped?); 7 of the 7 findings of the before run no longer found, '
    + 'but the after log covers only 21.4 h, too short to show that relay probing and address harvesting stopped (see its verdict); no new finding.');
  assert.match(c.order.note!, /^The after log is older than the before log: were the two swapped\? The after period \(2026-11-10 \d\d:\d\d:\d\d to 2026-11-10 23:\d\d:\d\d\) ends before the before period \(2026-11-25 06:26:21 to 2026-11-28 09:28:17\) starts/);
  // stderr: the summary line is the headline, with the warning.
  assert.match(res.stderr, /^Check the order: the after log is older than the before log \(were the two swapped\?\); 7 of the 7 findings/m);
  assert.doesNotMatch(res.stderr, /Fixed/);
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  const verdictAt = md.indexOf('## Verdict\n\n> **Warning:** The after log is older than the before log: were the two swapped?');
  assert.ok(verdictAt > 0 && verdictAt < md.indexOf('**Check the order:'), 'the warning opens the verdict, before the headline');
  const html = readFileSync(join(out, 'compare.html'), 'utf8');
  const mast = html.slice(html.indexOf('<header class="masthead">'), html.indexOf('</header>'));
  assert.match(mast, /<div class="order-note warn" role="alert"><p><strong>Warning:<\/strong> The after log is older than the before log: were the two swapped\?/);
  assert.match(html, /<section id="verdict" class="section-verdict">\n<h2>Verdict<\/h2>\n<div class="order-note warn" role="alert"><p><strong>Warning:<\/strong>/);

  // In order (incident → after-fix): no note, and the headline as before.
  const ok = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  assert.deepEqual(ok.order, { relation: 'after-later', overlapHours: 0, note: null });
  assert.doesNotMatch(renderCompareMarkdown(ok), /\*\*(Warning|Note):\*\*/);
});

test('analyze --baseline with a baseline newer than this run: the same warning in report.md and report.json', () => {
  const out = join(tmp, 'baseline-newer');
  const res = cli(['analyze', 'samples/healthy.log', '--year', '2026', '-j', '1', '-q', '-f', 'json,md,html', '-o', out, '--baseline', dirs.before]);
  assert.equal(res.status, 0, res.stderr);
  const r = readJson<Report>(join(out, 'report.json'));
  assert.equal(r.comparison!.order.relation, 'after-older');
  assert.match(r.comparison!.verdict.headline, /^Check the order: /);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /### Verdict\n\n> \*\*Warning:\*\* The after log is older than the before log: were the two swapped\?/);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<section id="compared-with-the-baseline"[\s\S]*<div class="order-note warn" role="alert">/);
  // And on stderr, as compare prints its verdict (nothing with -q).
  const loud = cli(['analyze', 'samples/healthy.log', '--year', '2026', '-j', '1', '-f', 'json', '-o', `${out}-loud`, '--baseline', dirs.before]);
  assert.equal(loud.status, 0, loud.stderr);
  assert.match(loud.stderr, /^Check the order: the after log is older than the before log \(were the two swapped\?\)/m);
  assert.doesNotMatch(res.stderr, /Check the order/);
});

test('the order of two periods: overlapping, same, touching, UTC offsets, unknown', () => {
  const at = (from: string | null, to: string | null, timezone = 'local'): Report => {
    const r = structuredClone(afterFix);
    r.period = { ...r.period, from, to, timezone };
    return r;
  };
  const order = (b: Report, a: Report): Comparison['order'] => compare(b, a, ['b'], ['a']).order;
  // The after log starts 90 minutes before the before log ends.
  const overlap = order(at('2026-11-28T00:00:00', '2026-11-28T12:00:00'), at('2026-11-28T10:30:00', '2026-11-29T00:00:00'));
  assert.deepEqual([overlap.relation, overlap.overlapHours], ['overlapping', 1.5]);
  assert.equal(overlap.note, 'The two periods overlap for 1.5 h (before 2026-11-28 00:00:00 to 2026-11-28 12:00:00, after 2026-11-28 10:30:00 to '
    + '2026-11-29 00:00:00). Log lines of that time may be in both runs and are then counted on both sides, which hides part of a change; '
    + 'to show a fix, the after log should start after the before log ends: analyze it with --since "2026-11-28 12:00:00", or give the log itself '
    + 'to compare, which reads it from there on.');
  // The after log starts first and ends inside the before period: overlapping, and maybe swapped.
  const early = order(at('2026-11-28T00:00:00', '2026-11-28T12:00:00'), at('2026-11-27T00:00:00', '2026-11-28T00:20:00'));
  assert.deepEqual([early.relation, early.overlapHours], ['overlapping', 0.33]);
  assert.match(early.note!, /^The two periods overlap for 20 minutes \(.*\), and the after period starts first: were the two swapped\?/);
  const c = compare(at('2026-11-28T00:00:00', '2026-11-28T12:00:00'), at('2026-11-27T00:00:00', '2026-11-28T00:20:00'), ['b'], ['a']);
  assert.doesNotMatch(c.verdict.headline, /^Check the order/, 'an overlap is a note, not the swapped-sides warning');
  assert.match(renderCompareMarkdown(c), /## Verdict\n\n> \*\*Note:\*\* The two periods overlap for 20 minutes/);
  // Identical periods (a log compared with itself).
  assert.deepEqual(order(incident, incident), {
    relation: 'same', overlapHours: 75.03,
    note: 'Both runs cover the same period (2026-11-25 06:26:21 to 2026-11-28 09:28:17): if they are the same log, this comparison cannot show a fix.',
  });
  // Touching: the after log ends the second the before log starts (swapped), or starts the second it ends (in order).
  assert.equal(order(at('2026-11-28T00:00:00', '2026-11-28T12:00:00'), at('2026-11-27T00:00:00', '2026-11-28T00:00:00')).relation, 'after-older');
  assert.match(order(at('2026-11-28T00:00:00', '2026-11-28T12:00:00'), at('2026-11-27T00:00:00', '2026-11-28T00:00:00')).note!, / ends when the before period/);
  assert.deepEqual(order(at('2026-11-28T00:00:00', '2026-11-28T12:00:00'), at('2026-11-28T12:00:00', '2026-11-29T00:00:00')), { relation: 'after-later', overlapHours: 0, note: null });
  // RFC 3339 logs: compared as instants. 10:00 at +09:00 is 01:00 UTC, before 02:00 at +00:00.
  assert.equal(order(at('2026-11-28T08:00:00', '2026-11-28T10:00:00', '+09:00'), at('2026-11-28T02:00:00', '2026-11-28T03:00:00', '+00:00')).relation, 'after-later');
  assert.equal(order(at('2026-11-28T08:00:00', '2026-11-28T10:00:00', 'local'), at('2026-11-28T02:00:00', '2026-11-28T03:00:00', '+00:00')).relation, 'after-older');
  // A period without times (an empty log): nothing said.
  assert.deepEqual(order(at(null, null), afterFix), { relation: 'unknown', overlapHours: 0, note: null });
});

test('corpus: incident compared with the older healthy log is not "Fixed: 8 of 8" without a warning', { skip: existsSync(join(CORPUS, 'healthy', 'maillog')) ? false : 'corpus not found' }, () => {
  const out = join(tmp, 'corpus-swapped');
  const res = cli(['compare', join(CORPUS, 'incident', 'maillog'), join(CORPUS, 'healthy', 'maillog'), '-j', '1', '-f', 'json', '-o', out]);
  assert.equal(res.status, 0, res.stderr);
  const c = readJson<Comparison>(join(out, 'compare.json'));
  // healthy: 22:13:18–22:15:20; incident: 22:15:28–22:20:53, the same day: the after side ends before the before side starts.
  assert.deepEqual([c.after.period.to, c.before.period.from].map((t) => t!.slice(11)), ['22:15:20', '22:15:28']);
  assert.equal(c.order.relation, 'after-older');
  assert.equal(c.verdict.headline, 'Check the order: the after log is older than the before log (were the two swapped?); 8 of the 8 findings of the before run fixed; no new finding.');
  assert.match(res.stderr, /Check the order: the after log is older than the before log/);
});

// ------------------------------------------------------------------------------------------------ rates

test('periods of different lengths are compared by rate: 100 deferrals in 10 h = 30 in 3 h (logs through the CLI)', () => {
  const out = join(tmp, 'rates');
  const res = cli(['compare', join(FIX, 'ten-hours.log'), join(FIX, 'three-hours.log'), '--year', '2026', '-j', '1', '-q', '-f', 'json,md', '-o', out,
    '--threshold', 'queue-flood.minDeferred=20', '--threshold', 'queue-flood.minStillQueued=20']);
  assert.equal(res.status, 0, res.stderr);
  const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison;
  assert.equal(c.before.period.hours, 10);
  assert.equal(c.after.period.hours, 3);
  const deferred = c.totals.find((r) => r.id === 'deferred')!;
  assert.deepEqual(
    [deferred.before, deferred.after, deferred.delta, deferred.beforePerHour, deferred.afterPerHour, deferred.beforePerDay, deferred.afterPerDay, deferred.changePct],
    [100, 30, -70, 10, 10, 240, 240, 0],
  );
  // A level is not a rate: 100 then 30 messages left in the queue is 70% fewer.
  // No compromised account: the ten totals rows, none "compromised accounts left out"; the fixtures are in order.
  assert.equal(c.totals.length, 10);
  assert.equal(c.order.relation, 'after-later');
  const queued = c.totals.find((r) => r.id === 'stillQueued')!;
  assert.deepEqual([queued.before, queued.after, queued.beforePerDay, queued.changePct], [100, 30, null, -70]);
  // The same queue flood at the same rate: persisting, no change, although the total fell from 100 to 30.
  assert.equal(c.findings.length, 1);
  const f = c.findings[0]!;
  assert.deepEqual([f.rule, f.status, f.matchedBy, f.measure.before, f.measure.after, f.measure.beforePerHour, f.measure.afterPerHour, f.measure.changePct],
    ['queue-flood', 'persisting', 'subject', 100, 30, 10, 10, 0]);
  // Same rate per day: the cause and the recipient domain did not move.
  assert.deepEqual(c.movers.find((t) => t.id === 'deferralCauses')!.rows, []);
  assert.deepEqual(c.movers.find((t) => t.id === 'recipientDomains')!.rows, []);
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  assert.match(md, /\| Deferred delivery attempts \| 100 \| 30 \| -70 \| 240 \| 240 \| 0\.0% \|/);
  assert.match(md, /The periods differ in length \(before 10 h, after 3 h\)/);
});

test('rates from crafted reports: per hour and per day over each period, a short period counts as one hour', () => {
  const b = structuredClone(afterFix);
  const a = structuredClone(afterFix);
  b.period = { ...b.period, hours: 48 };
  a.period = { ...a.period, hours: 0.25 };
  b.totals = { ...b.totals, received: 96, rejected: 0 };
  a.totals = { ...a.totals, received: 6, rejected: 3 };
  const c = compare(b, a, ['b'], ['a']);
  const received = c.totals.find((r) => r.id === 'received')!;
  // 96 in 48 h = 2/h = 48/day; 6 in a quarter of an hour counts as 6 in one hour = 144/day: three times the rate.
  assert.deepEqual([received.beforePerHour, received.afterPerHour, received.beforePerDay, received.afterPerDay, received.changePct], [2, 6, 48, 144, 200]);
  const rejected = c.totals.find((r) => r.id === 'rejected')!;
  assert.equal(rejected.changePct, null, 'no base rate: no percentage');
  assert.equal(c.after.rateHours, 1);
  assert.match(c.rates.note, /a period shorter than an hour counts as one hour/);
});

// ------------------------------------------------------------------------------------------------ self-comparison

test('a run compared with itself: every finding persisting with 0% change, every delta 0, no mover', () => {
  const c = compare(incident, structuredClone(incident), [BEFORE_LOG], [BEFORE_LOG]);
  assert.equal(c.findings.length, incident.findings.length);
  for (const f of c.findings) {
    assert.equal(f.status, 'persisting', f.rule);
    assert.equal(f.matchedBy, 'subject', f.rule);
    assert.equal(f.measure.changePct, 0, f.rule);
    assert.equal(f.measure.before, f.measure.after, f.rule);
    assert.match(f.verdict, /^Still there \(no change( per hour)?\): /);
  }
  assert.deepEqual(c.verdict.counts, { resolved: 0, reduced: 0, persisting: 7, new: 0 });
  assert.equal(c.verdict.headline, 'No change: all 7 findings of the before run are still there at the same rate; no new finding; '
    + '43 of the 43 intruder IPs (compromised-ips.txt) still connect after: block them at the firewall.');
  for (const r of c.totals) {
    assert.equal(r.delta, 0, r.id);
    assert.equal(r.before, r.after, r.id);
    assert.equal(r.beforePerDay, r.afterPerDay, r.id);
    if (r.kind !== 'ratio') assert.equal(r.changePct, 0, r.id);
  }
  for (const t of c.movers) assert.deepEqual(t.rows, [], t.id);
  assert.equal(c.rates.sameLength, true);
  assert.deepEqual(failingFindings(c, ['new']), []);
  assert.equal(failingFindings(c, ['persisting']).length, 7);
});

// ------------------------------------------------------------------------------------------------ matching

function finding(rule: string, kind: string, value: string, evidence: Record<string, number | string>, impact: number): Finding {
  return { rule, severity: 'high', title: `${rule} ${value}`, subject: { kind, value }, firstAt: null, lastAt: null, evidence, examples: [], impact };
}

test('findings match by rule + subject; a subject naming one thing (an account) never matches another one', () => {
  const info = finding('compromised-account', 'saslUser', 'info@example.jp', { messages: 10 }, 10);
  const sales = finding('compromised-account', 'saslUser', 'sales@example.jp', { messages: 5 }, 5);
  assert.deepEqual(pairFindings([info], [sales]).map(([b, a, by]) => [b?.subject.value ?? null, a?.subject.value ?? null, by]),
    [['info@example.jp', null, null], [null, 'sales@example.jp', null]]);
});

test('findings whose subject changes naturally match by rule, and two kinds of one rule keep apart by their evidence', () => {
  const probing = finding('relay-probing', 'ips', '192.0.2.1, 192.0.2.2', { relayDenied: 16, probingIps: 2, ipsThatRelayedAnyway: 0, topIps: 'x' }, 16);
  const harvesting = finding('relay-probing', 'ips', '192.0.2.9', { unknownRecipientRejects: 40, harvestingIps: 1, acceptedRecipientsFromThem: 0, topIps: 'y' }, 40);
  const probingLater = finding('relay-probing', 'ips', '198.51.100.7 and 3 more', { relayDenied: 4, probingIps: 4, ipsThatRelayedAnyway: 0, topIps: 'z' }, 4);
  const pairs = pairFindings([harvesting, probing], [probingLater]);
  assert.deepEqual(pairs.map(([b, a, by]) => [b?.subject.value ?? null, a?.subject.value ?? null, by]),
    [['192.0.2.9', null, null], ['192.0.2.1, 192.0.2.2', '198.51.100.7 and 3 more', 'rule']]);
});

// ------------------------------------------------------------------------------------------------ refusals (exit 2)

test('reports of different schema versions are refused: exit 2, one line naming both versions', () => {
  const future = join(tmp, 'future');
  mkdirSync(future, { recursive: true });
  const r = JSON.parse(readFileSync(join(dirs.after, 'report.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(future, 'report.json'), JSON.stringify({ ...r, schemaVersion: 2 }));
  const res = cli(['compare', dirs.before, future, '-o', join(tmp, 'out-schema'), '-q']);
  assert.equal(res.status, 2);
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
  assert.match(res.stderr, /^maillog-forensics: cannot compare reports of different schema versions: before \(.*before\/report\.json\) is report schema 1, after \(.*future\/report\.json\) is report schema 2;/);
  // Both of a version this tool does not read: named too.
  const both = cli(['compare', future, future, '-o', join(tmp, 'out-schema2'), '-q']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /they are report schema 2 and this maillog-forensics reads report schema 1/);
  // Against a log analyzed now (schema 1), before anything is analyzed.
  const mixed = cli(['compare', future, AFTER_LOG, '--year', '2026', '-o', join(tmp, 'out-schema3'), '-q']);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /is report schema 2, after \(the log samples\/after-fix\.log\) is report schema 1/);
});

test('reports redacted with different keys, or one redacted and one not, are refused: exit 2, one line', () => {
  const keys = cli(['compare', dirs.redactedOne, dirs.redactedTwo, '-o', join(tmp, 'out-keys'), '-q']);
  assert.equal(keys.status, 2);
  assert.equal(keys.stderr.trim().split('\n').length, 1, keys.stderr);
  const fp = (k: string): string => (JSON.parse(readFileSync(join(k, 'report.json'), 'utf8')) as Report).redaction!.keyFingerprint;
  assert.notEqual(fp(dirs.redactedOne), fp(dirs.redactedTwo));
  assert.ok(keys.stderr.includes(`key fingerprint ${fp(dirs.redactedOne)}`) && keys.stderr.includes(`key fingerprint ${fp(dirs.redactedTwo)}`), keys.stderr);
  assert.match(keys.stderr, /the same name has different pseudonyms under different keys; make both with the same --redact-key/);

  const mixed = cli(['compare', dirs.before, dirs.redactedTwo, '-o', join(tmp, 'out-mixed'), '-q']);
  assert.equal(mixed.status, 2);
  assert.equal(mixed.stderr.trim().split('\n').length, 1, mixed.stderr);
  assert.match(mixed.stderr, /\(not redacted\) with after \(.*\) \(redacted, key fingerprint [0-9a-f]{8}\): pseudonyms never match real names/);

  // A log side gets the --redact-key given: it must be the key of the report side.
  const wrongKey = cli(['compare', dirs.redactedOne, AFTER_LOG, '--year', '2026', '-j', '1', '-f', 'json', '--redact-key', 'key-two', '-o', join(tmp, 'out-wrongkey'), '-q']);
  assert.equal(wrongKey.status, 2);
  // The same key on both sides compares, and says so.
  const out = join(tmp, 'out-samekey');
  const same = cli(['compare', dirs.redactedOne, AFTER_LOG, '--year', '2026', '-j', '1', '--redact-key', 'key-one', '-f', 'json', '-o', out, '-q']);
  assert.equal(same.status, 0, same.stderr);
  const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as Comparison;
  assert.deepEqual(c.redaction, { keyFingerprint: fp(dirs.redactedOne), domains: false });
  assert.ok(!readFileSync(join(out, 'compare.json'), 'utf8').includes('186.78.183.59'), 'an IP of the before report is not redacted');
  assert.deepEqual(c.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0, background: 1 });
  // Two report sides: the key redacts no analysis, so only the two reports are checked against each other (review X,
  // X3: two reports of an older version made with one key were refused when that key was given).
  const twoReports = cli(['compare', dirs.redactedOne, dirs.redactedOneAgain, '--redact-key', 'key-two', '-f', 'json', '-o', join(tmp, 'out-tworeports'), '-q']);
  assert.equal(twoReports.status, 0, twoReports.stderr);
});

test('sides that are not reports or logs are usage errors', () => {
  const empty = mkdtempSync(join(tmpdir(), 'mlf-compare-empty-'));
  const dir = cli(['compare', empty, dirs.after, '-q', '-o', join(tmp, 'out-x')]);
  assert.equal(dir.status, 2);
  assert.match(dir.stderr, /^maillog-forensics: before: .* is a directory without report\.json/);
  // A report written without json (analyze -f md): what to do about it (review 16).
  writeFileSync(join(empty, 'report.md'), '# Mail log forensics report\n');
  const mdOnly = cli(['compare', empty, dirs.after, '-q', '-o', join(tmp, 'out-x')]);
  assert.equal(mdOnly.status, 2);
  assert.match(mdOnly.stderr, /^maillog-forensics: before: .* has a report but no report\.json: run analyze again with json among --format/);
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, '{"hello": 1}');
  const notReport = cli(['compare', bad, dirs.after, '-q', '-o', join(tmp, 'out-y')]);
  assert.equal(notReport.status, 2);
  assert.match(notReport.stderr, /bad\.json: not a maillog-forensics report\.json \(no schemaVersion\)/);
  const fmt = cli(['compare', dirs.before, dirs.after, '-f', 'csv', '-q', '-o', join(tmp, 'out-z')]);
  assert.equal(fmt.status, 2);
  assert.match(fmt.stderr, /unknown format "csv" \(known: json, md, html\)/);
  // Several log files for one side: comma-separated.
  assert.deepEqual(resolveSide('samples/rotated-plain/maillog.1,samples/rotated-plain/maillog', 'before'),
    { kind: 'logs', paths: ['samples/rotated-plain/maillog.1', 'samples/rotated-plain/maillog'] });
  assert.deepEqual(resolveSide(dirs.before, 'before'), { kind: 'report', path: join(dirs.before, 'report.json') });
  // A pipe side is read once: the message says what to give instead, not "pipe it into -", which compare refuses.
  const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" compare "${dirs.before}" <(cat samples/after-fix.log) -q -o "${join(tmp, 'out-pipe')}"`],
    { encoding: 'utf8', cwd: ROOT });
  assert.equal(piped.status, 2);
  assert.match(piped.stderr, /^maillog-forensics: after: \/dev\/fd\/\d+ is a pipe or device, which can be read only once: give the log files themselves \(a \.gz as it is\), or write the stream to a file first\n$/);
});

// ------------------------------------------------------------------------------------------------ --fail-on (exit 3)

test('--fail-on new exits 3 when the after run has a new finding and 0 otherwise; --fail-on persisting counts reduced ones', () => {
  // after-fix → incident: the compromise is new.
  const worse = cli(['compare', dirs.after, dirs.before, '--fail-on', 'new', '-f', 'json', '-o', join(tmp, 'fail-new')]);
  assert.equal(worse.status, 3, worse.stderr);
  assert.match(worse.stderr, /--fail-on new: new compromised-account, /);
  const c = JSON.parse(readFileSync(join(tmp, 'fail-new', 'compare.json'), 'utf8')) as Comparison;
  assert.equal(c.verdict.counts.new, 6);
  // incident → after-fix: nothing new.
  const better = cli(['compare', dirs.before, dirs.after, '--fail-on', 'new', '-f', 'json', '-q', '-o', join(tmp, 'fail-none')]);
  assert.equal(better.status, 0, better.stderr);
  // The brute force goes on, but down to its background (critical "then logged in" → high): not persisting for
  // --fail-on (review 19, H1). The same report twice: everything persists.
  const background = cli(['compare', dirs.before, dirs.after, '--fail-on', 'persisting,new', '-f', 'json', '-q', '-o', join(tmp, 'fail-background')]);
  assert.equal(background.status, 0, background.stderr);
  const persisting = cli(['compare', dirs.before, dirs.before, '--fail-on', 'persisting,new', '-f', 'json', '-q', '-o', join(tmp, 'fail-persisting')]);
  assert.equal(persisting.status, 3);
  // Review Z, Z5: after-fix's only finding is background guessing (low), which analyze itself calls the weather: it
  // persists, and fails no --fail-on.
  const weather = cli(['compare', dirs.after, dirs.after, '--fail-on', 'persisting,new', '-f', 'json', '-q', '-o', join(tmp, 'fail-weather')]);
  assert.equal(weather.status, 0, weather.stderr);
  const unknown = cli(['compare', dirs.before, dirs.after, '--fail-on', 'resolved', '-q', '-o', join(tmp, 'fail-unknown')]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--fail-on: unknown kind "resolved" \(known: persisting, new\)/);
});

// ------------------------------------------------------------------------------------------------ outputs

test('compare writes compare.html, compare.md, compare.json; the HTML is self-contained with the overlay charts inline', () => {
  const out = join(tmp, 'all');
  const res = cli(['compare', dirs.before, dirs.after, '--title', 'ACME: before and after', '-o', out]);
  assert.equal(res.status, 0, res.stderr);
  assert.deepEqual(res.stdout.trim().split('\n').map((l) => l.slice(out.length + 1)).sort(), [
    'charts/compare-auth-failures-per-hour.svg', 'charts/compare-deferred-per-hour.svg', 'charts/compare-delivered-per-hour.svg',
    'charts/compare-queue-size.svg', 'compare.html', 'compare.json', 'compare.md',
  ]);
  const html = readFileSync(join(out, 'compare.html'), 'utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i, 'an external URL in src or href');
  assert.doesNotMatch(html, /<(?:img|link|iframe|object)\b/i);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.equal(html.match(/<svg /g)?.length, 4);
  assert.match(html, /<title>ACME: before and after · mail · 2026-11-25 – 2026-11-28 → 2026-11-29 – 2026-11-30<\/title>/);
  assert.match(html, /<span class="status st-reduced">reduced to the background \(nobody logged in\)<\/span>/);
  assert.equal(html.match(/<span class="status st-resolved">fixed<\/span>/g)?.length, 12); // verdict + the Fixed section
  // One vocabulary (review Z, Z11): the tiles and the sections say what the badges say.
  assert.match(html, /<div class="tile-value">6<\/div><div class="tile-label">fixed<\/div>.*<div class="tile-value">1<\/div><div class="tile-label">reduced<\/div>.*<div class="tile-value">0<\/div><div class="tile-label">still there<\/div>/);
  assert.deepEqual([...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]).filter((id) => /^(fixed|reduced|still-there|new)-/.test(id)),
    ['fixed-6', 'reduced-1', 'still-there-0', 'new-0']);
  assert.match(html, /<code class="rule-tag">compromised-account<\/code>/);
  assert.doesNotMatch(html, /Findings (persisting|resolved)|>(persisting|resolved)</i);
  // compare.md links the chart files written with it, and names the periods' lengths.
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  assert.match(md, /^# ACME: before and after\n/);
  assert.match(md, /- \[Deferred delivery attempts, before and after\]\(charts\/compare-deferred-per-hour\.svg\)/);
  assert.match(md, /\| Messages received \| 507 \| 211 \| -296 \| 162 \| 119 \| -26\.5% \|/);
  // The summary line on stderr is the headline.
  assert.equal(res.stderr.trim(), 'Fixed: 6 of the 7 findings of the before run fixed; password guessing reduced to the background: nobody logged in after, but 22 of the 92 failed logins after are for info@example.jp, a real account (2.17 failed logins per hour, before 3.85); no new finding'
    + '; 16 of the 43 intruder IPs (compromised-ips.txt) still connect after: block them at the firewall.');
});

test('analyze --baseline adds the comparison to report.json, report.md and report.html; --fail-on works there too', () => {
  const out = join(tmp, 'baseline');
  const res = cli(['analyze', AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json,md,html', '-o', out, '--baseline', dirs.before, '--fail-on', 'persisting']);
  // The brute force after is down to its background (review 19, H1): nothing persists for --fail-on.
  assert.equal(res.status, 0, res.stderr);
  // --fail-on works there: the incident against the after-fix run as its baseline is all new.
  const worse = cli(['analyze', BEFORE_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'baseline-worse'), '--baseline', dirs.after, '--fail-on', 'new']);
  assert.equal(worse.status, 3, worse.stderr);
  const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  assert.ok(r.comparison, 'report.json has no comparison');
  assert.deepEqual(r.comparison.verdict.counts, { resolved: 6, reduced: 1, persisting: 0, new: 0, background: 1 });
  assert.deepEqual(r.comparison.before.source, { kind: 'report', paths: [join(dirs.before, 'report.json')] });
  assert.deepEqual(r.comparison.after.source, { kind: 'logs', paths: [AFTER_LOG] });
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  const at = md.indexOf('\n## Compared with the baseline\n');
  assert.ok(at > md.indexOf('\n## Findings\n') && at < md.indexOf('\n## Totals\n'), 'the section sits between Findings and Totals');
  assert.match(md, /### Verdict\n\n\*\*Fixed: 6 of the 7 findings/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<li><a href="#compared-with-the-baseline">Compared with the baseline<\/a><\/li><li><a href="#totals">/);
  assert.match(html, /<section id="compared-with-the-baseline"[^>]*>\n<style>/);
  assert.doesNotMatch(html, /<script/i);

  // Without --baseline the report has no comparison; --fail-on alone is a usage error; a log is no baseline.
  const plain = cli(['analyze', AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'plain')]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal((JSON.parse(readFileSync(join(tmp, 'plain', 'report.json'), 'utf8')) as Report).comparison, undefined);
  const alone = cli(['analyze', AFTER_LOG, '--fail-on', 'new', '-q', '-o', join(tmp, 'alone')]);
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /--fail-on needs --baseline/);
  const logBaseline = cli(['analyze', AFTER_LOG, '--baseline', BEFORE_LOG, '-q', '-o', join(tmp, 'logbase')]);
  assert.equal(logBaseline.status, 2);
  assert.match(logBaseline.stderr, /--baseline: samples\/incident\.log is a log file/);
  // A redacted baseline with an unredacted run: refused before the analysis.
  const red = cli(['analyze', AFTER_LOG, '--baseline', dirs.redactedOne, '-q', '-o', join(tmp, 'redbase')]);
  assert.equal(red.status, 2);
  assert.match(red.stderr, /cannot compare the baseline \(.*\) \(redacted, key fingerprint [0-9a-f]{8}\) with this run \(not redacted\)/);
});

test('hostile log text stays text in compare.md and compare.html', async () => {
  const { renderCompareHtml } = await import('../src/compare/html.js');
  const evil = '<img src=x onerror=alert(1)> **RESOLVED** **FIXED** [x](http://evil.example/) `tick` `compromised-account` | pipe \u001b[31m';
  const a = structuredClone(afterFix);
  a.findings = [...a.findings, finding('compromised-account', 'saslUser', evil, { messages: 3, topSenders: evil }, 3)];
  a.bySaslUser = [...a.bySaslUser, { ...a.bySaslUser[0]!, key: evil, messages: 50 }];
  const c = compare(afterFix, a, [AFTER_LOG], [AFTER_LOG]);
  assert.equal(c.findings.find((f) => f.status === 'new')?.after?.subject.value, evil);
  const md = renderCompareMarkdown(c, `Title ${evil}`);
  const prose = md.replace(/(`+)[^`][\s\S]*?\1/g, '');
  // A "<" that could open a tag is escaped ("\<": review Z, Z13).
  assert.doesNotMatch(prose, /(?:^|[^\\])(?:\\\\)*<[a-z/!]/im);
  assert.ok(!md.includes('\u001b'), 'an ESC character reached compare.md');
  assert.doesNotMatch(prose, /\[x\]\(http/, 'a link from log text would be live Markdown (code spans show it as text)');
  const html = renderCompareHtml(c, { title: `Title ${evil}`, charts: [] });
  assert.doesNotMatch(html, /<img|<script|href="http/i);
  // Our status badges come only from our own markup, never from log text.
  assert.equal(html.match(/<span class="status st-new">/g)?.length, 2); // verdict line + its finding block
  assert.doesNotMatch(html, /class="status st-resolved"/);
});

// ------------------------------------------------------------------------------------------------ sides that cannot be compared (review 8, H2 and M4)

test('an empty after log: "Nothing can be compared", the warning first, no RESOLVED line, and --fail-on exits 2 (never 0)', () => {
  const empty = join(tmp, 'empty.log');
  writeFileSync(empty, '');
  const out = join(tmp, 'vs-empty');
  const res = cli(['compare', dirs.before, empty, '--year', '2026', '-j', '1', '-o', out, '--fail-on', 'new,persisting']);
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /^Nothing can be compared: the after log has no Postfix\/Dovecot line\.$/m);
  assert.match(res.stderr, /^maillog-forensics: --fail-on new,persisting: Nothing can be compared: the after log has no Postfix\/Dovecot line\.$/m);
  assert.doesNotMatch(res.stderr, /Fixed|resolved;/);
  const c = readJson<Comparison>(join(out, 'compare.json'));
  assert.deepEqual(c.checks.unusable.map((u) => [u.side, u.reason]), [['after', 'no-mail-lines']]);
  assert.equal(c.checks.unusable[0]!.note, 'The after log has no dated Postfix/Dovecot line (0 lines read): nothing can be compared. Against it, '
    + 'every finding of the other run would read "fixed" or "new", which says nothing about a fix. An empty log (just rotated?) or a '
    + 'file of another kind: give the log that holds the after period.');
  assert.equal(c.verdict.headline, 'Nothing can be compared: the after log has no Postfix/Dovecot line.');
  const md = readFileSync(join(out, 'compare.md'), 'utf8');
  const verdict = md.slice(md.indexOf('## Verdict'), md.indexOf('## Totals'));
  assert.ok(verdict.startsWith('## Verdict\n\n> **Warning:** The after log has no dated Postfix/Dovecot line'), verdict);
  assert.doesNotMatch(verdict, /FIXED/);
  // Nor a mail flow of an empty log ("0 messages received per day").
  assert.doesNotMatch(verdict, /Mail flow after/);
  const html = readFileSync(join(out, 'compare.html'), 'utf8');
  const mast = html.slice(html.indexOf('<header class="masthead">'), html.indexOf('</header>'));
  assert.match(mast, /<div class="order-note warn" role="alert"><p><strong>Warning:<\/strong> The after log has no dated/);
  assert.doesNotMatch(mast, /class="tiles"/, 'no "7 resolved" tile over an empty log');
  // Without --fail-on: written, exit 0, the same headline.
  assert.equal(cli(['compare', dirs.before, empty, '-j', '1', '-q', '-f', 'json', '-o', `${out}-2`]).status, 0);
  // The report of such a run as the after side: "the after report".
  const emptyRun = join(tmp, 'empty-run');
  assert.equal(cli(['analyze', empty, '-j', '1', '-q', '-f', 'json', '-o', emptyRun]).status, 0);
  const viaReport = cli(['compare', dirs.before, emptyRun, '-j', '1', '-q', '-f', 'json', '-o', `${out}-3`, '--fail-on', 'new']);
  assert.equal(viaReport.status, 2);
  assert.match(viaReport.stderr, /Nothing can be compared: the after report has no Postfix\/Dovecot line\./);
  // analyze --baseline: the same exit code and headline.
  const base = cli(['analyze', empty, '-j', '1', '-f', 'json', '-o', join(tmp, 'empty-baseline'), '--baseline', dirs.before, '--fail-on', 'new,persisting']);
  assert.equal(base.status, 2, base.stderr);
  assert.match(base.stderr, /^Nothing can be compared: the after log has no Postfix\/Dovecot line\.$/m);
  // The before side empty: the same, for the before side.
  const beforeEmpty = cli(['compare', empty, dirs.after, '-j', '1', '-q', '-f', 'json', '-o', `${out}-4`, '--fail-on', 'new']);
  assert.equal(beforeEmpty.status, 2);
  assert.match(beforeEmpty.stderr, /Nothing can be compared: the before log has no Postfix\/Dovecot line\./);
});

test('an after log mostly not understood (a .zip, another format): not comparable, and its report warning is in the verdict', async () => {
  // 3 Postfix lines and 40 lines of another kind: a period, but 40 of 43 lines unparsed.
  const junk = join(tmp, 'mostly-junk.log');
  const head = readFileSync(AFTER_LOG, 'utf8').split('\n').slice(0, 3).join('\n');
  writeFileSync(junk, `${head}\n${Array.from({ length: 40 }, (_, i) => `PK\u0003\u0004 binary ${i}`).join('\n')}\n`);
  const r = await run([junk]);
  assert.notEqual(r.period.from, null);
  assert.equal(r.inputs[0]!.unparsed, 40);
  assert.equal(r.warnings.length, 1);
  const c = compare(incident, r, [BEFORE_LOG], [junk]);
  assert.deepEqual(c.checks.unusable.map((u) => [u.side, u.reason]), [['after', 'not-understood']]);
  assert.equal(c.checks.unusable[0]!.note, `The after log is mostly not understood: 40 of the 43 lines of ${junk} could not be parsed (another log `
    + 'format, or a compressed file of another kind?): nothing can be compared. Against it, every finding of the other run would read '
    + '"fixed" or "new", which says nothing about a fix.');
  assert.equal(c.verdict.headline, 'Nothing can be compared: the after log is mostly not understood.');
  assert.deepEqual(c.checks.warnings, { before: [], after: r.warnings });
  const md = renderCompareMarkdown(c);
  const at = (s: string): number => md.indexOf(s);
  assert.ok(at('> **Warning:** The after log is mostly not understood') < at('> **Warning of the after report:** ')
    && at('> **Warning of the after report:** ') < at('**Nothing can be compared'), 'the checks, then the report\'s warnings, then the headline');
  // A normal pair: nothing unusable, no host warning, headline as before.
  const ok = compare(incident, afterFix, [BEFORE_LOG], [AFTER_LOG]);
  assert.deepEqual(ok.checks, { unusable: [], hosts: null, zones: null, olderBefore: null, cut: null, options: null, purge: null, versions: null, languages: null, warnings: { before: [], after: [] } });
});

test('two runs of no common host: a warning first in the verdict (review 8, M4)', () => {
  const other = structuredClone(afterFix);
  other.hosts = [{ key: 'web01', count: 100 }];
  const c = compare(incident, other, [BEFORE_LOG], ['otherhost.log']);
  assert.equal(c.checks.hosts, 'The two runs share no host: the before run is of mail, the after run of web01. Are they logs of the same server? '
    + 'A comparison of two servers says nothing about a fix.');
  assert.match(renderCompareMarkdown(c), /## Verdict\n\n> \*\*Warning:\*\* The two runs share no host: the before run is of mail, the after run of web01\./);
  assert.match(c.verdict.headline, /^Fixed: /, 'still compared: two servers may be compared on purpose');
  // One host in common (a second server added): no warning.
  other.hosts = [{ key: 'web01', count: 100 }, { key: 'mail', count: 5 }];
  assert.equal(compare(incident, other, [BEFORE_LOG], ['a']).checks.hosts, null);
});

// ------------------------------------------------------------------------------------------------ one year rule, a grown log (review 8, M2, M3)

test('compare --year across New Year: the January after log continues the December before log (2027, not 2026)', () => {
  const dec = join(tmp, 'dec.log');
  const jan = join(tmp, 'jan.log');
  writeFileSync(dec, readFileSync(BEFORE_LOG, 'utf8').replace(/^Nov /gm, 'Dec '));
  writeFileSync(jan, readFileSync(AFTER_LOG, 'utf8').replace(/^Nov 29/gm, 'Jan  3').replace(/^Nov 30/gm, 'Jan  4'));
  const out = join(tmp, 'new-year');
  const res = cli(['compare', dec, jan, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', out]);
  assert.equal(res.status, 0, res.stderr);
  const c = readJson<Comparison>(join(out, 'compare.json'));
  assert.deepEqual([c.before.period.from, c.before.period.to], ['2026-12-25T06:26:21', '2026-12-28T09:28:17']);
  assert.deepEqual([c.after.period.from, c.after.period.to], ['2027-01-03T00:49:11', '2027-01-04T19:18:16']);
  assert.deepEqual(c.order, { relation: 'after-later', overlapHours: 0, note: null });
  assert.match(c.verdict.headline, /^Fixed: 6 of the 7 findings/);
  // Not across New Year: the after log stays in the year (incident → after-fix, November).
  const same = cli(['compare', BEFORE_LOG, AFTER_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', `${out}-nov`]);
  assert.equal(same.status, 0, same.stderr);
  assert.equal(readJson<Comparison>(join(`${out}-nov`, 'compare.json')).after.period.from, '2026-11-29T00:49:11');
});

test('the same maillog, grown: the after side is cut at the end of the before period, and gives what the after log alone gives', async () => {
  const grown = join(tmp, 'grown.log');
  writeFileSync(grown, readFileSync(BEFORE_LOG, 'utf8') + readFileSync(AFTER_LOG, 'utf8'));
  // The after log alone as compare analyzes a log side: the before run's watched IPs looked up in its own counts
  // (the analysis of the before hook: the same options).
  const alone = compareReports(incident, afterFixRun.report, {
    version: 'test', before: { kind: 'logs', paths: [BEFORE_LOG] }, after: { kind: 'logs', paths: [AFTER_LOG] }, afterIps: afterIpCountsOf(afterFixRun.aggregate, incident),
  });
  for (const jobs of ['1', '3']) {
    const out = join(tmp, `grown-${jobs}`);
    const res = cli(['compare', dirs.before, grown, '--year', '2026', '-j', jobs, '-f', 'json', '-o', out, '--fail-on', 'new']);
    assert.equal(res.status, 0, res.stderr);
    const c = readJson<Comparison>(join(out, 'compare.json'));
    assert.equal(c.checks.cut, 'The after log is analyzed from 2026-11-28 09:28:17 on, the end of the before period: its 9,576 lines before that '
      + 'are left out (they are the before period, counted on the before side; a message that began before is counted as partial).');
    assert.match(res.stderr, /^ {2}The after log is analyzed from 2026-11-28 09:28:17 on/m);
    assert.equal(c.order.relation, 'after-later');
    assert.deepEqual(c.after.period, alone.after.period);
    assert.deepEqual(c.totals, alone.totals);
    assert.deepEqual(c.findings.map((f) => f.verdict), alone.findings.map((f) => f.verdict));
    assert.equal(c.verdict.headline, alone.verdict.headline);
    assert.deepEqual(c.checks.warnings.after, [], 'the --since warning of the after report is the cut note, not repeated');
  }
  // The rotated after set, the before log and the new one (maillog.1,maillog): its older file is wholly before the cut,
  // no other log (review 16: "the after log has no Postfix/Dovecot line from …", exit 2), and the same answer.
  const out = join(tmp, 'rotated-after');
  const res = cli(['compare', dirs.before, `${BEFORE_LOG},${AFTER_LOG}`, '--year', '2026', '-j', '1', '-f', 'json', '-o', out, '--fail-on', 'new']);
  assert.equal(res.status, 0, res.stderr);
  const rotated = readJson<Comparison>(join(out, 'compare.json'));
  assert.deepEqual(rotated.checks.unusable, []);
  assert.deepEqual(rotated.totals, alone.totals);
  assert.equal(rotated.verdict.headline, alone.verdict.headline);
  assert.deepEqual(rotated.checks.warnings.after, [], 'the cut note says it: no warning per file');
  // Another server's log over the same days is not the before log grown: not cut, and the hosts warning says why
  // the two do not compare (review 9, L1).
  const other = join(tmp, 'grown-web01.log');
  writeFileSync(other, readFileSync(grown, 'utf8').replace(/^(\w{3} [ \d]\d \d\d:\d\d:\d\d) mail /gm, '$1 web01 '));
  const o = cli(['compare', dirs.before, other, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'grown-web01')]);
  assert.equal(o.status, 0, o.stderr);
  const oc = readJson<Comparison>(join(tmp, 'grown-web01', 'compare.json'));
  assert.equal(oc.checks.cut, null);
  assert.match(oc.checks.hosts ?? '', /share no host/);
  // The before log compared with itself: nothing after the before period, so nothing to compare (not "No change").
  const self = cli(['compare', BEFORE_LOG, BEFORE_LOG, '--year', '2026', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'self'), '--fail-on', 'new']);
  assert.equal(self.status, 2, self.stderr);
  assert.match(readJson<Comparison>(join(tmp, 'self', 'compare.json')).checks.unusable[0]!.note,
    /^The after log has no Postfix\/Dovecot line from 2026-11-28 09:28:17 on \(the end of the before period; 9,687 lines read\)/);
});

test('analyze --since: lines before it are ignored lines, messages begun before it are partial, same bytes for any --jobs', async () => {
  const { parseLocalTime } = await import('../src/time.js');
  assert.equal(parseLocalTime('2026-11-29 00:00'), Date.UTC(2026, 10, 29));
  assert.equal(parseLocalTime('2026-11-29T00:49:11.5'), Date.UTC(2026, 10, 29, 0, 49, 11, 500));
  assert.equal(parseLocalTime('2026-11-29'), Date.UTC(2026, 10, 29));
  for (const bad of ['2026-02-30', '2026-11-29 25:00', 'yesterday', '29/11/2026']) assert.ok(Number.isNaN(parseLocalTime(bad)), bad);
  const grown = join(tmp, 'grown-since.log');
  writeFileSync(grown, readFileSync(BEFORE_LOG, 'utf8') + readFileSync(AFTER_LOG, 'utf8'));
  const outs: string[] = [];
  for (const jobs of ['1', '2', '3']) {
    const out = join(tmp, `since-${jobs}`);
    const res = cli(['analyze', grown, '--year', '2026', '--since', '2026-11-29 00:00', '-j', jobs, '--range-bytes', '200000', '-q', '-f', 'json', '-o', out]);
    assert.equal(res.status, 0, res.stderr);
    outs.push(readFileSync(join(out, 'report.json'), 'utf8'));
  }
  assert.equal(outs[1], outs[0]);
  assert.equal(outs[2], outs[0]);
  const r = JSON.parse(outs[0]!) as Report;
  // incident.log has 9,687 lines, 111 of them not Postfix/Dovecot (ignored anyway): 9,576 left out.
  assert.deepEqual({ ...r.since, hourly: undefined }, { at: '2026-11-29T00:00:00', linesBefore: 9576, hourly: undefined });
  // By hour, the incident's own lines (review P, P7: compare tells the before log grown from another server's by them)
  assert.deepEqual(r.since!.hourly, incident.hourly.filter((h) => h.lines > 0)
    .map((h) => ({ hour: h.hour, lines: h.lines, ...(h.dovecotLines ? { dovecotLines: h.dovecotLines } : {}) })));
  assert.equal(r.warnings[0], 'Only lines from 2026-11-29 00:00:00 on are analyzed (--since): the 9,576 Postfix/Dovecot lines before it are counted '
    + 'as ignored, and a message that began before it is counted as partial.');
  assert.deepEqual(r.totals, afterFix.totals);
  assert.equal(r.lines.total, incident.lines.total + afterFix.lines.total);
  assert.equal(r.lines.ignored, incident.lines.total - incident.lines.unparsed + afterFix.lines.ignored);
  // The rotated set (maillog.1 maillog): the older file lies wholly before --since, which its warning says, not
  // "is it the mail log?" (review 16); its count of lines before the cut is in its input row.
  const set = cli(['analyze', BEFORE_LOG, AFTER_LOG, '--year', '2026', '--since', '2026-11-29 00:00', '-j', '1', '-q', '-f', 'json', '-o', join(tmp, 'since-set')]);
  assert.equal(set.status, 0, set.stderr);
  const rs = readJson<Report>(join(tmp, 'since-set', 'report.json'));
  assert.deepEqual(rs.inputs.map((i) => [i.parsed, i.beforeSince]), [[0, 9576], [afterFix.lines.parsed, undefined]]);
  assert.deepEqual(rs.warnings.slice(1), [`${BEFORE_LOG}: all of its 9,576 Postfix and Dovecot lines are before --since: nothing of it is in this report`]);
  assert.deepEqual(rs.totals, afterFix.totals);
  const bad = cli(['analyze', grown, '--since', 'yesterday', '-q', '-o', join(tmp, 'since-bad')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--since must be a local time like "2026-11-28 09:30"/);
  // A zone cannot be honoured on classic lines (review 9, L2: it was dropped without a word).
  const zoned = cli(['analyze', grown, '--since', '2026-11-29T00:00:00Z', '-q', '-o', join(tmp, 'since-zone')]);
  assert.equal(zoned.status, 2);
  assert.match(zoned.stderr, /--since is the server's local time as its log writes it, without a zone/);
  // The log's own stamp, as copied from a line, and a one-digit hour (review Z, Z26): the same cut as the ISO form.
  for (const [what, args] of [['syslog', ['--since', 'Nov 29 0:00', '--year', '2026']], ['one-digit hour', ['--since', '2026-11-29 0:00']]] as const) {
    const res = cli(['analyze', grown, ...args, '-j', '1', '-q', '-f', 'json', '-o', join(tmp, `since-${what}`)]);
    assert.equal(res.status, 0, res.stderr);
    assert.deepEqual(readJson<Report>(join(tmp, `since-${what}`, 'report.json')).since?.at, '2026-11-29T00:00:00', what);
  }
  // Without --year the stamp has no year: named with this year, for the user to confirm.
  const yearless = cli(['analyze', grown, '--since', 'Nov 29 00:00', '-q', '-o', join(tmp, 'since-yearless')]);
  assert.equal(yearless.status, 2);
  assert.equal(yearless.stderr, `maillog-forensics: --since "Nov 29 00:00" has no year: give it with its year, "${new Date().getFullYear()}-11-29 00:00" (or add --year)\n`);
});

test('a count that did not change is never "reduced", even when the longer after period lowers its rate', () => {
  const a = structuredClone(incident);
  a.period = { ...a.period, from: '2026-11-29T00:00:00', to: '2026-12-04T12:00:00', hours: 132 };
  const c = compare(incident, a, [BEFORE_LOG], ['grown.log']);
  const refusing = c.findings.find((f) => f.rule === 'receivers-refusing')!;
  assert.deepEqual([refusing.measure.before, refusing.measure.after, refusing.status], [145, 145, 'persisting']);
  assert.equal(refusing.verdict.split(':')[0], 'Still there, down 43% per hour');
  assert.doesNotMatch(c.verdict.headline, /reduced/);
});
