// Aggregate + findings → Report: sorted, cut at --top, times as ISO text, deterministic.

import { mailAuthentication } from './mail-authentication.js';
import { rspamdOutgoing } from './rspamd-outgoing.js';
import type { ToolBuild } from '../tool-build.js';
import { userCountsOf } from '../aggregate/user-counts.js';
import { sessionProblemCount, sessionProblemsOf } from '../aggregate/session-problems.js';
import type { Aggregate, ClientIpStats, Example, Finding, QueuedMessage, ReasonStats, RuleText } from '../types.js';
import type { InputFile } from '../split/inputs.js';
import { readOnce } from '../split/inputs.js';
import type { ClockStepRow, ClientIpCounts, ClientIpRow, ConnectFailureRow, CountRow, DeletedRow, DetectionOptions, MinuteRow, QueuedRow, Report, ReasonRow, SenderRow, SkippedInput } from './model.js';
import { SCHEMA_VERSION } from './model.js';
import { queueLevel } from '../aggregate/queue-level.js';
import { minuteRows } from './minutely.js';
import { hourLabel, isoLocal, movedZones, reportZone } from '../time.js';
import { attributedDeferralReasons } from '../detect/closed-after-refusal.js';
import { displayText } from './text.js';
import { displayFinding } from './finding-text.js';
import { HOUR_MS, countsOf, newClientIp, newSaslUser, sumCounts } from '../aggregate/create.js';
import type { Messages } from '../i18n/index.js';
import { en } from '../i18n/index.js';
import { normalizeReason } from '../aggregate/normalize.js';
import { addSentByMinute } from '../aggregate/sent-minutes.js';
import { mailboxFailuresByHour } from '../aggregate/timeline.js';
import { sinceGuessedIps } from '../detect/rules/compromised-account.js';
import { CLIENT_ROLES, KEPT_ROLES, forEachInRoles, rolesOf } from '../detect/client-roles.js';
import { mailboxLoginsByIp, type MailboxLoginsOfIp } from '../detect/rules/stale-password.js';
import { incomingDomainsOnce, rowRoles, servicesToldOnce } from './client-row-roles.js';
import { GUESSER_ROWS_MAX, cutFoldingGuessers } from './client-ip-cut.js';
import { deferralCauseRows } from './deferral-causes.js';
import type { ClientRole } from '../detect/client-roles.js';
import { mailboxLoginRows } from './mailbox-logins.js';
import { clientIpIndexOf } from './client-ip-index.js';
import { failedLoginsOf, mailboxOf } from './ip-failures.js';
import { authRefusedRows } from './auth-refused.js';

export { mailboxOf } from './ip-failures.js';
import { shiftAt } from '../aggregate/clock-steps.js';

/** A queued row's refusedTo when a receiver refused none of its recipients (nearly every row): one array, never written to. */
const NO_REFUSED: string[] = [];

export interface BuildContext {
  version: string;
  build?: ToolBuild;
  inputs: InputFile[];
  duplicates: string[];
  skippedInputs: SkippedInput[];
  warnings: string[];
  top: number;
  year: number | null;
  formats: string[];
  /** The run's detection options when any was given (report.options.detection). */
  detection?: DetectionOptions;
  findings: Finding[];
  rules: RuleText[];
  /** Language of the warnings written here; a language other than English is recorded as report.lang. */
  messages?: Messages;
  /** The reference offset was given (compare's after side: the before run's), not the first line's. */
  zoneGiven?: boolean;
  /** Why the clock steps were not put right (run.ts; Messages clockSteps): absent when they were, or there are none. */
  clockStepsAsWritten?: 'many' | 'stream' | 'far' | 'older';
}

/** Sort by count desc, then key asc (byte order, locale-independent); cut at top (0 = all). */
export function topRows<T extends { key: string }>(rows: T[], count: (r: T) => number, top: number): T[] {
  rows.sort((a, b) => count(b) - count(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return top > 0 ? rows.slice(0, top) : rows;
}

function countRows(map: ReadonlyMap<string, number>, top: number): CountRow[] {
  const rows: CountRow[] = [];
  for (const [k, v] of map) rows.push({ key: displayText(k), count: v });
  return topRows(rows, (r) => r.count, top);
}

/** topRows over a map's entries before any row is built: key = displayed key, same order as topRows. */
function topEntries<V>(map: Iterable<[string, V]>, score: (v: V, k: string) => number, top: number): Array<{ key: string; value: V; n: number }> {
  const rows: Array<{ key: string; value: V; n: number }> = [];
  for (const [k, v] of map) rows.push({ key: displayText(k), value: v, n: score(v, k) });
  return topRows(rows, (r) => r.n, top);
}

/**
 * The same rows and order as topEntries cut at n, for the entries with a score above 0, without sorting the whole
 * map (10 million IPs for a botnet): a short list kept in order while the map is read once.
 */
function topPositive<V>(map: ReadonlyMap<string, V>, score: (v: V) => number, n: number): Array<{ key: string; value: V }> {
  const best: Array<{ key: string; value: V; n: number }> = [];
  for (const [k, v] of map) {
    const s = score(v);
    if (s <= 0 || (best.length === n && s < best[n - 1]!.n)) continue;
    const row = { key: displayText(k), value: v, n: s };
    let i = best.length;
    while (i > 0 && (best[i - 1]!.n < s || (best[i - 1]!.n === s && best[i - 1]!.key > row.key))) i--;
    if (i >= n) continue;
    best.splice(i, 0, row);
    if (best.length > n) best.pop();
  }
  return best;
}

/** The n most frequent keys of a small map (for "top client IPs of this user"). */
function topKeys(map: ReadonlyMap<string, number>, n: number): string[] {
  return countRows(map, n).map((r) => r.key);
}

function displayExample(e: Example | null): Example | null {
  return e === null ? null : { file: e.file, line: e.line, offset: e.offset, text: displayText(e.text) };
}

function reasonRows(map: Map<string, ReasonStats>, top: number): ReasonRow[] {
  const rows = [...map].map(([k, v]) => ({ key: displayText(k), count: v.count, dsn: v.dsn, example: displayExample(v.example) }));
  return topRows(rows, (r) => r.count, top).map((r) => ({ reason: r.key, count: r.count, dsn: r.dsn, example: r.example }));
}

/** The connection failures: the aggregate keeps each reason's port in the slot of a DSN (aggregate/events.ts). */
function connectFailureRows(map: Map<string, ReasonStats>, top: number): ConnectFailureRow[] {
  return reasonRows(map, top).map((r) => ({ reason: r.reason, count: r.count, port: r.dsn, example: r.example }));
}

/** The report's line counts: cutShort only when a line was cut (reports of undamaged logs are as before it). */
function lineCounts(agg: Aggregate): Report['lines'] {
  const { cutShort, ...counts } = agg.lines;
  return { ...counts, ...(cutShort > 0 ? { cutShort } : {}), unparsedExamples: agg.unparsedExamples.map((e) => displayExample(e)!) };
}

/** A file with at least this many unparsed lines, half of its lines or more, gets a warning (fewer: when none parsed). */
const UNREADABLE_MIN_LINES = 10;

/** An input mostly not understood (another log format, a .zip read as text): warned about here, not comparable in compare. */
export function isMostlyUnparsed(lines: number, unparsed: number): boolean {
  return unparsed >= UNREADABLE_MIN_LINES && unparsed * 2 >= lines;
}

/** Longer than any real log set (a year of rotations): the hourly series lists every hour up to this span. */
export const MAX_DENSE_HOURS = 24 * 400;

function clockJumpWarning(hours: number[], zone: string, msg: Messages): string {
  let from = hours[0]!;
  let to = hours[0]!;
  for (let i = 1; i < hours.length; i++) {
    if (hours[i]! - hours[i - 1]! > to - from) { from = hours[i - 1]!; to = hours[i]!; }
  }
  const days = Math.round((to - from) / 24);
  return msg.warnings.clockJump({
    spanDays: Math.round((hours[hours.length - 1]! - hours[0]!) / 24), jumpDays: days,
    from: String(isoLocal(from * HOUR_MS, zone)), to: String(isoLocal(to * HOUR_MS, zone)),
  });
}

/** The clock steps kept (aggregate/clock-steps.ts), as report rows. */
function clockStepRows(agg: Aggregate, inputs: InputFile[], at: (ms: number) => string | null): ClockStepRow[] {
  return agg.clockSteps.map((s) => ({
    host: displayText(s.host), file: inputs.find((f) => f.index === s.at.file)?.path ?? '?', line: s.at.line,
    from: at(s.from), to: at(s.to), seconds: Math.round(s.from - s.to) / 1000,
    ...(s.shift === undefined ? {} : { correctedBy: Math.round(s.shift) / 1000 }),
  }));
}

/** Steps the warning names one by one; the rest are counted (report.json has CLOCK_STEP_EXAMPLES of them). */
const CLOCK_STEPS_NAMED = 3;

/** A time as the warnings give it: "2026-11-01 01:59:59" (no fraction; the zone when the report has one). */
const shown = (t: string | null): string => (t ?? '?').replace('T', ' ').replace(/\.\d+/, '');

/** The warning on the clock steps: "2026-11-01 01:59:59 → 01:00:00" (the date once when both times have it). */
function clockStepsWarning(agg: Aggregate, rows: ClockStepRow[], asWritten: BuildContext['clockStepsAsWritten'], msg: Messages): string {
  const steps = rows.slice(0, CLOCK_STEPS_NAMED).map((r, i) => {
    const from = shown(r.from);
    const to = shown(r.to);
    const sameDay = from.length > 10 && to.slice(0, 11) === from.slice(0, 11);
    // The seconds between the times as shown (without their fractions), so that the sentence adds up.
    const s = agg.clockSteps[i]!;
    const seconds = Math.floor(s.from / 1000) - Math.floor(s.to / 1000);
    return {
      host: r.host, where: `${r.file}:${r.line}`, from, to: sameDay ? to.slice(11) : to, seconds,
      ...(r.correctedBy === undefined ? {} : { correctedBy: r.correctedBy }),
    };
  });
  // Put right (run.ts reads the inputs again) unless there are more than report.json lists, or an input is read once.
  const fixed = rows.every((r) => r.correctedBy !== undefined);
  return msg.warnings.clockSteps({ steps, total: agg.clockStepCount, kept: rows.length, ...(fixed ? {} : { asWritten: asWritten ?? 'many' }) });
}

export function buildReport(agg: Aggregate, c: BuildContext): Report {
  const zone = reportZone(agg);
  const at = (ms: number): string | null => isoLocal(ms, zone);
  const top = c.top;
  const msg = c.messages ?? en;
  const warnings = [...c.warnings];
  // Lines of several offsets (a DST change, a central syslog file): placed by instant at the reference offset.
  if (movedZones(agg).length > 0) {
    const offsets = [...agg.zones.keys()].filter((z) => z !== 'local').sort();
    // Standard input and pipes are not read ahead: beside a file with a dated line, the reference is that file's.
    const files = c.inputs.some(readOnce) && c.inputs.some((f) => Number.isFinite(f.firstAt));
    warnings.push(msg.warnings.zonesMoved({ offsets, at: agg.refZone, given: c.zoneGiven === true, files, local: agg.zones.has('local') }));
  } else if (agg.zones.size > 1) {
    warnings.push(msg.warnings.mixedZones([...agg.zones.keys()].sort().join(', ')));
  }
  const clockSteps = clockStepRows(agg, c.inputs, at);
  if (clockSteps.length > 0) warnings.push(clockStepsWarning(agg, clockSteps, c.clockStepsAsWritten, msg));

  // The logins that sent mail, and those smtpd refused (Postfix ≥ 3.10 names the login on its reject lines:
  // sasl-user-rejects.ts), one row each: a stolen account whose every recipient was refused at RCPT sent nothing.
  const userKeys = [...agg.bySaslUser.keys()];
  for (const k of agg.saslUserRejects.keys()) if (!agg.bySaslUser.has(k)) userKeys.push(k);
  const bySaslUser = topRows(userKeys.map((k) => {
    const u = agg.bySaslUser.get(k) ?? newSaslUser();
    const x = agg.saslUserRejects.get(k);
    return {
      key: displayText(k), messages: u.messages, recipients: u.recipients, clientIps: u.clientIps.size,
      senders: u.senders.size, recipientDomains: u.recipientDomains.size, sent: u.sent, deferred: u.deferred,
      bounced: u.bounced, expired: u.expired, deferralAttempts: u.deferralAttempts,
      authFailures: agg.authFailuresByUser.get(k) ?? 0,
      firstAt: at(Math.min(u.firstAt, x?.firstAt ?? Infinity)), lastAt: at(Math.max(u.lastAt, x?.lastAt ?? -Infinity)),
      topClientIps: topKeys(u.clientIps, 5), topSenders: topKeys(u.senders, 5),
      refusedMessages: u.refusedMessages, refusedClientIps: u.refusedIps?.size ?? 0,
      // Only when smtpd refused the login something: reports of logs before Postfix 3.10 are unchanged.
      ...(x === undefined ? {} : {
        rejects: x.rejects, rejectClientIps: x.ips.size, topRejectClientIps: topKeys(x.ips, 5), topRejectReasons: topKeys(x.reasons, 3),
      }),
    };
  // A login whose every submission was refused is no less active (code review 17, K7b). Rejects at RCPT are counted
  // per recipient, not per message: they only order logins of as many messages (the fraction stays under 1), so a
  // login refused at RCPT alone comes after every login that sent mail (review O, S1).
  }), (r) => r.messages + (r.refusedMessages ?? 0) + (r.rejects ?? 0) / ((r.rejects ?? 0) + 1), top);

  // Per IP, its successful IMAP/POP3 logins (agg.mailboxLogins is per user): an IP that only read mail over
  // IMAP/POP3 has no byClientIp row, and is a candidate for the table all the same (review Z).
  const mailboxByIp = mailboxLoginsByIp(agg);
  const loginsOf = (ip: string): number => mailboxByIp.get(ip)?.logins ?? 0;
  const activity = (r: ClientIpStats, ip: string): number => r.connections + r.messages + r.authFailures + r.authAborted + r.rejects
    + mailboxOf(r) + sessionProblemCount(r) + loginsOf(ip);
  // Cut first, then build the rows: a botnet leaves hundreds of thousands of IPs and only `top` are shown; then the
  // IPs a finding names as having got in (or guessing IMAP/POP3 passwords) that the cut left out, a few, so that the
  // reader of the finding finds their rows; all in the order of activity.
  const busiest = clientIpCut(c.findings, agg, mailboxByIp, activity, loginsOf, top);
  const ipEntries = topRows([...busiest, ...keptBelowCut(c.findings, agg, mailboxByIp, busiest, top, activity)], (e) => e.n, 0);
  // The attackers among all IPs, not among the busiest `top`: the corpus incident's eight IMAP/POP3 brute-force IPs
  // (4–6 failures each) are rows 59–90 by activity, behind inbound mail servers and the office.
  const attackEntries = topPositive(agg.byClientIp, attackScore, TOP_ATTACKING_IPS);
  // What the findings say each of those IPs did (review Z, Z23), from the sets the rules decided on; then what its own
  // counts say (client-row-roles.ts).
  const roles = rolesOf(c.findings, [...ipEntries, ...attackEntries].map((e) => e.key));
  const incoming = incomingDomainsOnce(agg);
  const told = servicesToldOnce(agg);
  const ipRow = ({ key, value: r }: { key: string; value: ClientIpStats }): ClientIpRow => {
    const mailbox = mailboxByIp.get(key);
    const logins = mailbox?.logins ?? 0;
    const otherServiceMessages = agg.noLoginOtherServiceIps.get(key) ?? 0;
    return withMailbox(agg, key, mailbox, withRoles(rowRoles(roles.get(key), { ip: key, stats: r, mailboxLogins: logins, otherServiceMessages }, incoming, told), {
      key, name: displayText(r.name), connections: r.connections, messages: r.messages,
      recipients: r.recipients, authFailures: r.authFailures, authAborted: r.authAborted,
      mailboxLoginFailures: mailboxOf(r), rejects: r.rejects,
      relayDenied: r.relayDenied, unknownRecipient: r.unknownRecipient, unauthRelayed: r.unauthRelayed, saslUsers: topKeys(countsOf(r.saslUsers), 5),
      usersTried: userCountsOf(r.authUsersTried).size, topUsersTried: topKeys(userCountsOf(r.authUsersTried), 5),
      // Its IMAP/POP3 logins' times too: Dovecot's "Login:" lines do not touch the IP's row.
      firstAt: at(Math.min(r.firstAt, mailbox?.firstAt ?? Infinity)), lastAt: at(Math.max(r.lastAt, mailbox?.lastAt ?? -Infinity)),
      refusedMessages: r.refusedMessages,
      sessionProblems: sessionProblemCount(r), sessionProblemKinds: Object.fromEntries(countRows(sessionProblemsOf(r), 0).map((x) => [x.key, x.count])),
    }));
  };
  const byClientIp = ipEntries.map(ipRow);
  const topAttackingIps = attackEntries.map(ipRow);

  // A spam run's forged senders are one row each (200,000 on a generated log): the top ones are picked without a
  // row per sender or a sort of them all, when that many have messages (else the full sort, with the rest).
  const senderRows = (m: Aggregate['bySender']): SenderRow[] => {
    const best = top > 0 && m.size > top ? topPositive(m, (s) => s.messages, top) : null;
    const picked = best !== null && best.length === top ? best : topEntries(m, (s) => s.messages, top);
    return picked.map(({ key, value: s }) => ({
      key, messages: s.messages, recipients: s.recipients, sent: s.sent, deferred: s.deferred, bounced: s.bounced, expired: s.expired,
    }));
  };

  const byRecipientDomain = topRows([...agg.byRecipientDomain].map(([k, d]) => ({
    key: displayText(k), recipients: d.recipients, sent: d.sent, deferred: d.deferred, bounced: d.bounced,
    expired: d.expired, deferralAttempts: d.deferralAttempts,
  })), (r) => r.recipients + r.deferralAttempts, top);

  const mailboxByHour = mailboxFailuresByHour(agg);
  const compromisedByMinute = compromisedDeliveredByMinute(agg, c.findings);
  const compromisedByHour = new Map<number, number>();
  for (const [m, n] of compromisedByMinute) compromisedByHour.set(Math.floor(m / 60), (compromisedByHour.get(Math.floor(m / 60)) ?? 0) + n);
  // Hourly series with the queue reconstructed from the log: messages present before the log (partial ones)
  // plus what entered minus what was removed.
  const hours = [...agg.hourly.keys()].sort((a, b) => a - b);
  let queue = agg.totals.partialMessages;
  const level = queueLevel(agg);
  const hourly = [];
  // A clock jump (one line stamped 1970 after a clock reset, or 2099) would make "every hour of the period" a
  // million empty rows: a 3-line log gave a 329 MB report.json and ran out of memory rendering it. Past
  // MAX_DENSE_HOURS only the hours that have lines are listed, and the report says where time jumped.
  const dense = hours.length === 0 || hours[hours.length - 1]! - hours[0]! < MAX_DENSE_HOURS;
  if (!dense) warnings.push(clockJumpWarning(hours, zone, msg));
  if (hours.length > 0) {
    let next = 0; // index in `hours` of the next hour that has lines
    for (let h = hours[0]!; h <= hours[hours.length - 1]!; h++) {
      const s = agg.hourly.get(h);
      if (s === undefined && !dense) { h = hours[next]! - 1; continue; }
      if (s !== undefined) next++;
      if (s !== undefined) queue += s.entered - s.removed;
      hourly.push({
        hour: hourLabel(h) + (zone === 'local' ? '' : zone),
        lines: s?.lines ?? 0, dovecotLines: s?.dovecotLines ?? 0, received: s?.received ?? 0, sent: s?.sent ?? 0, deferred: s?.deferred ?? 0,
        bounced: s?.bounced ?? 0, expired: s?.expired ?? 0, rejected: s?.rejected ?? 0,
        authFailures: s?.authFailures ?? 0, dovecotAuthFailures: s?.dovecotAuthFailures ?? 0, removed: s?.removed ?? 0,
        queueSize: Math.max(0, queue), queuePeak: Math.max(0, level.peakByHour.get(h) ?? queue),
        mailboxLoginFailures: mailboxByHour.get(h) ?? 0, sessionProblems: s?.sessionProblems ?? 0,
        deliveredByArrival: s?.deliveredByArrival ?? 0, compromisedDeliveredByArrival: compromisedByHour.get(h) ?? 0,
      });
    }
  }

  // Which messages are legitimate mail, as the queue rules told them from the abuse (by queue ID).
  const legitimateIds = (rule: string): Set<string> | null => {
    const ids = c.findings.find((f) => f.rule === rule && f.legitimateQueueIds !== undefined)?.legitimateQueueIds;
    return ids === undefined ? null : new Set(ids);
  };
  const queuedRows = (list: QueuedMessage[], legitimate: Set<string> | null): Array<QueuedRow & { deletedAt: string | null }> => [...list]
    .sort((a, b) => a.since - b.since || (a.qid < b.qid ? -1 : a.qid > b.qid ? 1 : 0) || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)
      || a.file - b.file || a.offset - b.offset)
    .map(({ file: _file, offset: _offset, pickupUid: _uid, addressedDomains: _addressed, bounced: _bounced, ...q }) => ({
      ...q, since: at(q.since), saslUser: displayText(q.saslUser), sender: displayText(q.sender), to: q.to.map(displayText),
      pendingTo: q.pendingTo.map(displayText), refusedTo: q.refusedTo.length === 0 ? NO_REFUSED : q.refusedTo.map(displayText), ...(legitimate !== null ? { legitimate: legitimate.has(q.qid) } : {}),
      lastAt: at(q.lastAt), deletedAt: Number.isNaN(q.deletedAt) ? null : at(q.deletedAt),
    }));
  const stillQueued: QueuedRow[] = queuedRows(agg.stillQueued, legitimateIds('queue-cleanup')).map(({ deletedAt: _d, ...q }) => q);
  const deletedInBulk: DeletedRow[] = queuedRows(agg.deletedInBulk, legitimateIds('queue-deleted'));

  const inputs = c.inputs.map((f) => {
    const l = agg.linesByFile.get(f.index) ?? { total: 0, parsed: 0, ignored: 0, unparsed: 0, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 };
    // With --since, its Postfix/Dovecot lines before it (counted in `ignored`): compare tells a rotated file wholly
    // before the cut from one that is no mail log (compare.ts unusableSide).
    const before = agg.beforeSinceByFile.get(f.index) ?? 0;
    return {
      path: f.path, kind: f.kind, bytes: f.bytes, lines: l.total, parsed: l.parsed, ignored: l.ignored, unparsed: l.unparsed,
      // The first line as the report shows its times: moved by the steps of earlier files when they were put right.
      firstAt: at(f.clock === undefined ? f.firstAt : f.firstAt + shiftAt(f.clock, f.host, -1)),
      ...(before > 0 ? { beforeSince: before } : {}),
      ...(f.journal === undefined ? {} : { journal: f.journal }),
      ...(f.container === undefined ? {} : { container: f.container }),
    };
  });
  // A file the tool mostly did not understand (another log format, a compressed file of another kind) must not
  // pass for a quiet server: "no findings" would be read as "nothing happened". Nor may an empty file (the fresh
  // maillog just after logrotate) or a short one with no mail line: every input with no Postfix/Dovecot line
  // understood gets a warning, whatever its size.
  const pad = agg.nulPadding;
  if (pad.first !== null) {
    const path = c.inputs.find((f) => f.index === pad.first!.file)?.path ?? '';
    warnings.push(msg.warnings.nulPadding({
      path, line: pad.first.line, offset: pad.first.offset, bytes: pad.bytes, blocks: pad.blocks, cut: pad.first.text !== '',
      after: pad.lastAt === null ? null : shown(isoLocal(pad.lastAt, reportZone(agg))),
    }));
  }
  const proxyRefusals = proxyBackendRefusals(agg, at);
  const authentication = mailAuthentication(agg, top);
  const rspamd = rspamdOutgoing(agg, top, c.inputs.some((f) => f.rspamdLog === true) || agg.dkimSigning.rspamdFile.size > 0);
  if (proxyRefusals !== undefined) {
    warnings.push(msg.warnings.proxyBackendsNotRead({
      refused: proxyRefusals.refused, from: shown(proxyRefusals.firstAt), to: shown(proxyRefusals.lastAt), backends: proxyRefusals.backends,
      byBackend: proxyRefusals.byBackend.map((b) => ({ ...b, ip: hostPortIp(b.backend) })),
    }));
  }
  for (const [i, f] of inputs.entries()) {
    const looksLike = c.inputs[i]!.looksLike ?? '';
    if (f.lines === 0) warnings.push(msg.warnings.emptyInput({ path: f.path, stream: readOnce(f) }));
    else if (looksLike === 'binary') warnings.push(msg.warnings.binaryData({ path: f.path, bytes: c.inputs[i]!.streamBytes ?? f.bytes, lines: f.lines, mailLines: f.parsed }));
    else if (f.parsed === 0 && f.unparsed === 0 && f.beforeSince !== undefined) warnings.push(msg.warnings.allBeforeSince({ path: f.path, before: f.beforeSince }));
    else if (f.parsed === 0 && f.unparsed === 0) warnings.push(msg.warnings.noMailLines({ path: f.path, lines: f.lines, looksLike }));
    else if (isMostlyUnparsed(f.lines, f.unparsed)) {
      warnings.push(msg.warnings.mostlyUnparsed({ path: f.path, unparsed: f.unparsed, lines: f.lines, looksLike }));
    } else if (f.parsed === 0) warnings.push(msg.warnings.noMailUnderstood({ path: f.path, unparsed: f.unparsed, lines: f.lines, looksLike }));
    else if (looksLike === 'cr') warnings.push(msg.warnings.crLineEnds({ path: f.path, lines: f.lines }));
  }

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'maillog-forensics', version: c.version, ...(c.build === undefined ? {} : c.build) },
    ...(msg.lang !== 'en' ? { lang: msg.lang } : {}),
    options: { top: c.top, year: c.year, formats: c.formats, ...(c.detection === undefined ? {} : { detection: c.detection }) },
    inputs,
    duplicateInputs: c.duplicates,
    skippedInputs: c.skippedInputs.map(({ path, as, how }) => ({ path, as, how })),
    warnings,
    period: {
      from: at(agg.firstAt), to: at(agg.lastAt), timezone: zone, zones: [...agg.zones.keys()].sort(),
      hours: Number.isFinite(agg.firstAt) ? Math.round(((agg.lastAt - agg.firstAt) / HOUR_MS) * 100) / 100 : 0,
    },
    ...(clockSteps.length > 0 ? { clockSteps: { total: agg.clockStepCount, examples: clockSteps } } : {}),
    hosts: countRows(agg.hosts, 0),
    lines: lineCounts(agg),
    totals: { ...agg.totals, dovecotLoginFailures: mailboxFailures(agg) },
    ...(proxyRefusals !== undefined ? { proxyBackendRefusals: proxyRefusals } : {}),
    ...(authentication !== undefined ? { mailAuthentication: authentication } : {}),
    ...(rspamd !== undefined ? { rspamdOutgoing: rspamd } : {}),
    bySaslUser,
    byClientIp,
    clientIpCounts: { ...clientIpCounts(agg, mailboxByIp), ...(top > 0 && busiest.length > top ? { aboveCut: busiest.length } : {}) },
    authRefused: authRefusedRows(agg.authRefused, at),
    clientIpIndex: clientIpIndexOf(agg),
    topAttackingIps,
    bySender: senderRows(agg.bySender),
    bySenderDomain: senderRows(agg.bySenderDomain),
    senderCounts: { senders: agg.bySender.size, senderDomains: agg.bySenderDomain.size },
    byLocalProgram: topRows([...agg.byPickupUid.values()].map((p) => ({
      key: `${p.host} uid=${p.uid}`, host: p.host, uid: p.uid, messages: p.messages, recipients: p.recipients,
      outsideRecipients: sumCounts(p.unauthRelayDomains), outsideDomains: p.unauthRelayDomains?.size ?? 0, outsideNotDelivered: p.unauthRelayNotDelivered,
      firstOutsideAt: p.unauthRelayed > 0 ? at(p.unauthRelayFirstAt) : null, lastOutsideAt: p.unauthRelayed > 0 ? at(p.unauthRelayLastAt) : null,
    })), (r) => r.messages, top),
    byRecipientDomain,
    byRelay: countRows(relayHosts(agg.byRelay), top),
    byStatus: countRows(agg.byStatus, 0),
    deferralReasons: reasonRows(agg.deferralReasons, top),
    deferralCauses: deferralCauseRows(attributedDeferralReasons(agg), top, at, displayExample, displayText),
    bounceReasons: reasonRows(agg.bounceReasons, top),
    rejectReasons: reasonRows(agg.rejectReasons, top),
    authFailuresByUser: countRows(agg.authFailuresByUser, top),
    authFailureReasons: countRows(normalizedCounts(agg.authFailureReasons), 0),
    dovecotAuthFailuresByUser: countRows(agg.dovecotAuthFailuresByUser, top),
    dovecotAuthFailuresByIp: countRows(agg.dovecotAuthFailuresByIp, top),
    dovecotLoginsByUser: countRows(agg.dovecotLoginsByUser, top),
    mailboxLoginsByUser: mailboxLoginRows(agg, top, at),
    postscreen: countRows(agg.postscreen, 0),
    daemonProblems: reasonRows(agg.daemonProblems, top),
    connectFailureReasons: connectFailureRows(agg.connectFailureReasons, top),
    eventKinds: countRows(agg.eventKinds, 0),
    hourly,
    ...minutelyOf(minuteRows(agg, zone, compromisedByMinute)),
    stillQueued,
    deletedInBulk,
    postsuperRequeues: [...agg.queueRequeues]
      .sort((a, b) => a.at - b.at || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0) || a.count - b.count)
      .map((q) => ({ at: at(q.at)!, host: q.host, count: q.count })),
    findings: c.findings.map(displayFinding),
    rules: c.rules,
  };
}

/**
 * A login proxy's logins its backends refused, when some backend its lines name (or any, when they name none) does not
 * log here (review AD): the report's login failures lack them. undefined when none were refused, or every backend's
 * lines were read (its own lines count the same failures).
 */
function proxyBackendRefusals(agg: Aggregate, at: (ms: number) => string | null): Report['proxyBackendRefusals'] {
  const p = agg.loginProxies;
  if (p.refused === 0) return undefined;
  const named = new Set([...p.backends.keys(), ...[...p.refusedBy.keys()].map(hostPortIp)]);
  const notRead = [...named].filter((b) => !p.logging.has(b)).sort();
  if (named.size > 0 && notRead.length === 0) return undefined;
  // Which backend refused how many, so that the admin fetches that backend's log (review AD/Z rest, item 2).
  const byBackend = [...p.refusedBy].filter(([hostPort]) => !p.logging.has(hostPortIp(hostPort)))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([backend, refused]) => ({ backend, refused }));
  return { refused: p.refused, firstAt: at(p.firstRefusedAt), lastAt: at(p.lastRefusedAt), backends: notRead, byBackend };
}

/**
 * The IP of a proxy prefix's backend as written ("192.0.2.30:143", "[2001:db8::30]:143",
 * "imap2.example.jp[192.0.2.30]:143": login-proxy.c login_proxy_get_hostport()), as the parser gives it (parse/dovecot.ts hostPortIp).
 */
function hostPortIp(hostPort: string): string {
  const open = hostPort.indexOf('[');
  if (open >= 0) {
    const close = hostPort.indexOf(']', open);
    return close < 0 ? hostPort.slice(open + 1) : hostPort.slice(open + 1, close);
  }
  const colon = hostPort.lastIndexOf(':');
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}


/** IMAP/POP3 login failures of all IPs. */
function mailboxFailures(agg: Aggregate): number {
  let sum = 0;
  for (const r of agg.byClientIp.values()) sum += mailboxOf(r);
  return sum;
}

/** The row with its roles last, when it has any (report.json stays as it was for an IP no role fits). */
function withRoles(roles: ClientRole[] | undefined, row: ClientIpRow): ClientIpRow {
  return roles === undefined || roles.length === 0 ? row : { ...row, roles };
}

/** Mailbox users shown per client IP row (report.json ClientIpRow.mailboxUsers). */
const MAILBOX_USERS_SHOWN = 5;

/**
 * The row with its successful IMAP/POP3 logins and the mailboxes they opened (most logins first), last, when it has
 * any (report.json stays as it was for an IP that logged in to none).
 */
function withMailbox(agg: Aggregate, ip: string, m: MailboxLoginsOfIp | undefined, row: ClientIpRow): ClientIpRow {
  if (m === undefined || m.logins === 0) return row;
  const users = m.users.map((u) => ({ key: displayText(u), count: agg.mailboxLogins.get(u)?.get(ip)?.logins ?? 0 }));
  return { ...row, mailboxLogins: m.logins, mailboxUsers: topRows(users, (u) => u.count, MAILBOX_USERS_SHOWN).map((u) => u.key) };
}

/**
 * Every client IP: the rows of the scan (byClientIp), then the IPs that only logged in to mailboxes over IMAP/POP3,
 * as rows of their own with those logins' first and last time (Dovecot's "Login:" lines make no byClientIp row).
 */
function* clientIpCandidates(agg: Aggregate, mailbox: ReadonlyMap<string, MailboxLoginsOfIp>): Iterable<[string, ClientIpStats]> {
  yield* agg.byClientIp;
  for (const [ip, m] of mailbox) if (!agg.byClientIp.has(ip)) yield [ip, loginOnlyRow(m)];
}

function loginOnlyRow(m: MailboxLoginsOfIp): ClientIpStats {
  return { ...newClientIp(''), firstAt: m.firstAt, lastAt: m.lastAt };
}

/**
 * The Client IPs table's entries by activity, cut at `top` rows as the table shows them: when more than
 * GUESSER_ROWS_MAX IPs the findings name as IMAP/POP3 password guessers did nothing else, they fold into a few rows and
 * leave the rest of the cut to the other IPs (client-ip-cut.ts; review Z: the mail servers of the day fell below it).
 */
function clientIpCut(findings: readonly Finding[], agg: Aggregate, mailbox: ReadonlyMap<string, MailboxLoginsOfIp>,
  activity: (r: ClientIpStats, ip: string) => number, loginsOf: (ip: string) => number, top: number): Array<{ key: string; value: ClientIpStats; n: number }> {
  const guessing = new Set<string>();
  if (top > 0) forEachInRoles(findings, ['mailbox-password-guessing'], (ip) => { guessing.add(ip); });
  if (guessing.size <= GUESSER_ROWS_MAX) return topEntries(clientIpCandidates(agg, mailbox), activity, top);
  // As the table's onlyMailboxGuessing() reads the row: that role, no SMTP, no mailbox login, no session problem.
  const only = (r: ClientIpStats, ip: string): boolean => guessing.has(ip) && mailboxOf(r) > 0
    && r.connections + r.messages + r.authFailures + r.authAborted + r.rejects + sessionProblemCount(r) + loginsOf(ip) === 0;
  const guessers: Array<[string, ClientIpStats]> = [];
  const others: Array<[string, ClientIpStats]> = [];
  for (const [ip, r] of clientIpCandidates(agg, mailbox)) (only(r, ip) ? guessers : others).push([ip, r]);
  return cutFoldingGuessers(topEntries(guessers, activity, top), topEntries(others, activity, top), top);
}

/** Rows the Client IPs table keeps below its --top cut for the IPs the findings name (keptBelowCut), at most. */
export const KEPT_BELOW_CUT = 20;

/**
 * The IPs the findings name in a role of KEPT_ROLES (detect/client-roles.ts: got in with a guessed password, opened a
 * compromised mailbox, guessed IMAP/POP3 passwords) that the --top cut left out of `shown`: at most KEPT_BELOW_CUT,
 * and no more than --top, by their most telling role (CLIENT_ROLES order), then activity, then IP, whatever the order
 * of the findings' lists (review Z: samples/incident.log's finding names 177.138.12.246, which opened info@'s mailbox
 * after the guess; its single IMAP login ranks it 131st of 132 IPs, and the table had no row for it, nor any IP that
 * only used IMAP/POP3). None when nothing was cut.
 */
function keptBelowCut(findings: readonly Finding[], agg: Aggregate, mailbox: ReadonlyMap<string, MailboxLoginsOfIp>,
  shown: ReadonlyArray<{ key: string }>, top: number, score: (r: ClientIpStats, ip: string) => number): Array<{ key: string; value: ClientIpStats; n: number }> {
  if (top === 0 || shown.length < top) return [];
  const max = Math.min(top, KEPT_BELOW_CUT);
  const inTable = new Set(shown.map((e) => e.key));
  const best: Array<{ key: string; value: ClientIpStats; n: number; rank: number }> = [];
  const before = (a: { key: string; n: number; rank: number }, b: { key: string; n: number; rank: number }): number =>
    a.rank - b.rank || b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  forEachInRoles(findings, KEPT_ROLES, (ip, role) => {
    const key = displayText(ip);
    if (inTable.has(key)) return;
    const rank = CLIENT_ROLES.indexOf(role);
    const had = best.find((b) => b.key === key);
    if (had !== undefined) {
      if (rank < had.rank) { had.rank = rank; best.sort(before); }
      return;
    }
    const m = mailbox.get(ip);
    const value = agg.byClientIp.get(ip) ?? (m === undefined ? undefined : loginOnlyRow(m));
    if (value === undefined) return;
    const row = { key, value, n: score(value, ip), rank };
    if (best.length === max && before(row, best[max - 1]!) >= 0) return;
    best.push(row);
    best.sort(before);
    if (best.length > max) best.pop();
  });
  return best.map(({ key, value, n }) => ({ key, value, n }));
}

/** Rows of report.topAttackingIps (the chart of the IPs with the most failed logins shows 15). */
export const TOP_ATTACKING_IPS = 15;

/** An IP's attack: failed logins (SMTP AUTH failed or aborted, IMAP/POP3) and relay probes; other rejects are not. */
function attackScore(r: ClientIpStats): number {
  return failedLoginsOf(r) + r.relayDenied;
}

function clientIpCounts(agg: Aggregate, mailbox: ReadonlyMap<string, MailboxLoginsOfIp>): ClientIpCounts {
  let loginOnly = 0;
  for (const ip of mailbox.keys()) if (!agg.byClientIp.has(ip)) loginOnly++;
  const out: ClientIpCounts = { clientIps: agg.byClientIp.size + loginOnly, smtpAuthFailures: 0, mailboxLoginFailures: 0 };
  for (const r of agg.byClientIp.values()) {
    if (r.authFailures + r.authAborted > 0) out.smtpAuthFailures++;
    if (mailboxOf(r) > 0) out.mailboxLoginFailures++;
  }
  return out;
}

/**
 * Per minute index, the recipients delivered of the mail each compromised-account finding counts as sent since the
 * guess (every IP that first sent as the account at or after it), by the minute the message arrived; and of the bounce
 * notices that answer that mail, by the minute each notice was made. Added up, the finding's recipientsSinceGuessed
 * less those not delivered, plus its bounceNoticesDeliveredSinceGuessed.
 */
function compromisedDeliveredByMinute(agg: Aggregate, findings: Finding[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const f of findings) {
    if (f.rule !== 'compromised-account') continue;
    const ips = sinceGuessedIps(f);
    if (ips === undefined) continue;
    const sent = agg.bySaslUser.get(f.subject.value)?.clientIpSentMinutes;
    const notices = agg.bounceNotices.minutes.get(f.subject.value);
    for (const ip of ips) {
      if (sent !== undefined) addSentByMinute(out, sent.get(ip));
      if (notices !== undefined) addSentByMinute(out, notices.get(ip));
    }
  }
  return out;
}


/** "mx.example.com[192.0.2.1]:25" → "mx.example.com[192.0.2.1]": relays are counted with their port on the hot path. */
function relayHosts(byRelay: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [relay, n] of byRelay) {
    const close = relay.lastIndexOf(']');
    const host = close > 0 && close < relay.length - 1 ? relay.slice(0, close + 1) : relay;
    out.set(host, (out.get(host) ?? 0) + n);
  }
  return out;
}

/** Counts keyed by raw text, regrouped by normalised text. */
function normalizedCounts(raw: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, n] of raw) {
    const key = normalizeReason(k);
    out.set(key, (out.get(key) ?? 0) + n);
  }
  return out;
}

/** report.minutely, only for a log short enough to have it (report/minutely.ts). */
function minutelyOf(rows: MinuteRow[] | null): { minutely?: MinuteRow[] } {
  return rows === null ? {} : { minutely: rows };
}
