// Pairs the findings of two runs and says what became of each: resolved, reduced, persisting, new.
//
// A finding is matched by rule + subject when its subject names one thing (a SASL user, an IP, a port): info@ in the
// before run and sales@ in the after run are two different compromised accounts. When the subject is a description
// that changes naturally from run to run (the first IPs of a brute force, "220 queue IDs", "Yahoo, Gmail"), the
// finding is matched by rule (and subject kind) instead; when a rule reports several such findings (relay probing and
// address harvesting are both "relay-probing" on "ips"), the pair sharing most evidence fields wins.
//
// The periods rarely have the same length, so a finding is compared by the per-hour rate of its rule's main number
// (failed logins, messages sent, refusals …); levels (messages still queued) are compared as they are.

import type { Finding } from '../types.js';
import type { CarriedOver, FindingMatch, FindingMeasure, FindingStatus, MailboxIntruders, StillGoingOn } from './model.js';
import { changePct, fmtRate, perHour, round } from './numbers.js';
import type { Residual } from './residual.js';
import type { CompareMessages, CompareRuleMeasure, MailboxNote, StatusExtras } from '../i18n/compare.js';
import { compareEn } from '../i18n/compare.js';
import { aboutOf } from './about.js';
import { sameAccount } from './mailbox-intruders.js';
import { isBackgroundGuessing } from '../detect/background.js';
import { hasRhythm } from './rhythm.js';
import { evidenceLabel } from '../i18n/evidence-labels.js';
import type { EvidenceUnit } from '../i18n/evidence-labels.js';

/** Subject kinds that name one thing: matched only by an identical subject. Every other kind is matched by rule. */
const IDENTITY_KINDS = /^(sasluser|user|account|login|mailbox|ip|client|sender|recipient|address|domain|port|host)$/i;

/** Below this change of its rate a finding that still fires is "persisting" rather than "reduced". */
export const REDUCED_PCT = -10;

/**
 * Rules that fire on a count of attack traffic which the after report counts too (residual.ts), so that a resolved
 * finding's rate after can be set against its rate before. Not the rules that fire on a share (queue-flood,
 * backscatter, outbound-port-blocked: the same rate may never reach it), nor compromised-account (after a password
 * change the account's mail is its owner's), nor the queue rules (levels).
 */
const RATE_COMPARABLE: ReadonlySet<string> = new Set(['sasl-bruteforce', 'relay-probing']);

/** A resolved finding's count after is "the same rate" only from this many: 2 typos in an hour are no attack going on. */
const SAME_RATE_MIN_COUNT = 10;

/** The number each rule is compared by (its label: CompareMessages.ruleMeasures); rules not listed use the finding's `impact` (its own sort key). */
const RULE_MEASURES: Record<string, { field: string; kind: 'count' | 'level' }> = {
  'compromised-account': { field: 'messages', kind: 'count' },
  'sasl-bruteforce': { field: 'failedLoginsFromAttackingIps', kind: 'count' },
  'queue-flood': { field: 'deferredAttempts', kind: 'count' },
  'queue-cleanup': { field: 'abusiveQueued', kind: 'level' },
  'queue-deleted': { field: 'legitimate', kind: 'count' },
  'receivers-refusing': { field: 'refusals', kind: 'count' },
  'backscatter': { field: 'impact', kind: 'count' },
  'relay-probing': { field: 'impact', kind: 'count' },
  'open-relay': { field: 'impact', kind: 'count' },
  'outbound-port-blocked': { field: 'impact', kind: 'count' },
  'server-trouble': { field: 'impact', kind: 'count' },
};

/**
 * The number a rule's low note is compared by, when its rule's main number is not the note's (review 19, H4): the
 * stale-password note of sasl-bruteforce sets failedLoginsFromAttackingIps to 0 (its failures are the IPs to check),
 * and compromised-account's sender_login note has no `messages` (its count is the refusals). The first field the
 * note has wins.
 */
const NOTE_MEASURES: Record<string, Array<keyof CompareMessages['noteMeasures']>> = {
  'sasl-bruteforce': ['failedLoginsFromIpsToCheck'],
  'compromised-account': ['refusedSenders', 'messagesFromOtherIps'],
};

function isNote(f: Finding | null): boolean {
  return f !== null && (f.severity === 'low' || f.severity === 'info');
}

/**
 * A note compared by its note's number (NOTE_MEASURES): not a brute force at its background (review Z, Z5), low but
 * counted by its failed logins as any brute force.
 */
function isMeasuredAsNote(f: Finding | null): boolean {
  return isNote(f) && !isBackgroundGuessing(f!);
}

function hasNumber(f: Finding, field: string): boolean {
  const v = field === 'impact' ? f.impact : f.evidence[field];
  return typeof v === 'number' && Number.isFinite(v);
}

/** An evidence count of the finding, 0 when it has none. */
function evidenceCount(f: Finding, field: string): number {
  return hasNumber(f, field) ? f.evidence[field] as number : 0;
}

/**
 * The number a pair is compared by: its rule's (RULE_MEASURES), or for notes on their own (a new note, a resolved one,
 * two notes) the note's (NOTE_MEASURES); when the findings lack that field, their `impact`, labelled so (a report
 * written before the field's name; review 19: "messages sent 12" for 12 refusals).
 */
function measureOf(rule: string, msg: CompareMessages, b: Finding | null = null, a: Finding | null = null): { field: string; label: string; kind: 'count' | 'level' } {
  const present = [b, a].filter((f): f is Finding => f !== null);
  if (present.length > 0 && present.every(isMeasuredAsNote)) {
    const field = (NOTE_MEASURES[rule] ?? []).find((k) => present.every((f) => hasNumber(f, k)));
    if (field !== undefined) return { field, label: msg.noteMeasures[field], kind: 'count' };
  }
  const m = RULE_MEASURES[rule];
  if (m === undefined || (present.length > 0 && !present.every((f) => hasNumber(f, m.field)))) {
    return { field: 'impact', label: msg.ruleMeasures.impact, kind: m?.kind ?? 'count' };
  }
  return { ...m, label: msg.ruleMeasures[rule as CompareRuleMeasure] };
}

function valueOf(f: Finding | null, field: string): number {
  if (f === null) return 0;
  const v = field === 'impact' ? f.impact : f.evidence[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : f.impact;
}

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** The after finding's severity is lower than the before one's: the worst part of it ended (review 19, H1). */
function severityDropped(b: Finding, a: Finding): boolean {
  return (SEVERITY_RANK[a.severity] ?? 0) < (SEVERITY_RANK[b.severity] ?? 0);
}

/**
 * A brute force that was critical because a guesser logged in (loggedInAttackingIps), and after is guessing that got
 * nowhere (high or lower, no login): what the fix was about ended, and what goes on is the background every public
 * server has, whose rate changes with the day (review 19, H1: 3.85 failed logins an hour before, 3.09 to 5.68 after
 * depending on which day the after log holds, read "Fixed", "Not fixed" and "Improved"). Or one that was an attack
 * (high: an IP hammering, a burst) and after is what analyze itself calls background guessing (low: no IP over the
 * per-IP threshold, no login, no hour with a distributed attack's count; detect/background.ts, review Z, Z5), so that
 * the after report's own finding and the comparison say the same.
 */
function downToBackground(b: Finding, a: Finding): boolean {
  if (b.rule !== 'sasl-bruteforce' || a.rule !== 'sasl-bruteforce' || isNote(b) || guessedAgain(a)) return false;
  return (b.severity === 'critical' && a.severity !== 'critical') || isBackgroundGuessing(a);
}

/**
 * A compromised-account finding that says the sender check refused others who logged in as the account
 * (evidence refusedSenderLoginIps, compromised-account.ts): the sender check was applied, the password not reset
 * (review 10, H2). Its spam dropping is the check working, not the account being back in its owner's hands.
 */
function passwordStillUsed(f: Finding): boolean {
  const ips = f.evidence.refusedSenderLoginIps;
  if (f.rule !== 'compromised-account') return false;
  // Or the after run still finds someone else at work (critical, high): the password was not changed, whatever share
  // of the spam stopped (review 16, C2: 20 bots still sending read "REDUCED 30%" and the headline "Improved").
  return (typeof ips === 'number' && ips > 0) || f.severity === 'critical' || f.severity === 'high';
}

/**
 * A brute force whose after finding says a guesser logged in (loggedInAttackingIps): a password was guessed again, after
 * the fix; that persists whatever the rate of the guessing did (review P, P1: "Reduced by 56%" and "Improved" for a
 * second guessed password).
 */
function guessedAgain(f: Finding): boolean {
  return f.rule === 'sasl-bruteforce' && evidenceCount(f, 'loggedInAttackingIps') > 0;
}

/**
 * The low notes that are what a fix leaves to do, by the field that says so (review 19, H4): sasl-bruteforce's clients
 * that fail with an old password and also log in, compromised-account's sender_login line to add. Not compromised-
 * account's note of other IPs sending as the account (messagesFromOtherIps): the account used again after the fix, a
 * new problem (review P, P2: 12 new IPs sending 34 messages as info@ read "Follow-up note" and "Fixed").
 */
function isFollowUpNote(f: Finding): boolean {
  if (f.rule === 'sasl-bruteforce') return evidenceCount(f, 'failedLoginsFromIpsToCheck') > 0;
  if (f.rule === 'compromised-account') return evidenceCount(f, 'refusedSenders') > 0 && evidenceCount(f, 'messagesFromOtherIps') === 0;
  return false;
}

function sameSubject(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.subject.kind === b.subject.kind && sameValue(a.subject.kind, a.subject.value, b.subject.value) && sameKind(a, b);
}

/** Accounts and addresses whose domains differ in case only are one (review U, U4: --redact-domains folds it). */
const ACCOUNT_KINDS = /^(sasluser|user|account|login|mailbox|sender|recipient|address)$/i;

function sameValue(kind: string, a: string, b: string): boolean {
  return a === b || (ACCOUNT_KINDS.test(kind) && sameAccount(a, b));
}

/**
 * A compromised-account note (low: the sender_login map lacks a line, unusual use with no sign of someone else) is
 * another finding than the account's compromise, though on the same account: paired, a fixed account whose owner's
 * shared address the new sender check refused read "reduced by 79% … messages sent: 103 before, 10 after" (10
 * refusals), and a new compromise after such a note "persisting" (review 16).
 */
function sameKind(a: Finding, b: Finding): boolean {
  if (a.rule !== 'compromised-account') return true;
  const note = (f: Finding): boolean => f.severity === 'low' || f.severity === 'info';
  return note(a) === note(b);
}

/** Share of evidence field names two findings have in common (Jaccard): tells apart two kinds of one rule. */
function evidenceOverlap(a: Finding, b: Finding): number {
  const ka = new Set(Object.keys(a.evidence));
  const kb = Object.keys(b.evidence);
  const common = kb.filter((k) => ka.has(k)).length;
  const union = ka.size + kb.length - common;
  return union === 0 ? 1 : common / union;
}

export type Pair = [Finding | null, Finding | null, 'subject' | 'rule' | null];

/**
 * Rules whose findings on a described subject are of one kind (not relay-probing's probing and harvesting, nor
 * backscatter's, server-trouble's or receivers-refusing's several kinds; sasl-bruteforce's follow-up note is left out
 * where it is paired): one left on each side is one finding.
 */
const ONE_KIND_RULES: ReadonlySet<string> = new Set(['sasl-bruteforce', 'queue-flood', 'queue-cleanup', 'queue-deleted']);

/** Before findings in their order (each with its match or null), then the unmatched after findings in theirs. */
export function pairFindings(before: Finding[], after: Finding[]): Pair[] {
  const used = new Set<number>();
  const partner = new Map<number, [number, 'subject' | 'rule']>();
  before.forEach((b, i) => {
    const j = after.findIndex((a, k) => !used.has(k) && sameSubject(a, b));
    if (j >= 0) { used.add(j); partner.set(i, [j, 'subject']); }
  });
  before.forEach((b, i) => {
    if (partner.has(i) || IDENTITY_KINDS.test(b.subject.kind)) return;
    let best = -1;
    let bestScore = 0.5; // at least half the evidence fields in common: otherwise another kind of finding
    after.forEach((a, k) => {
      if (used.has(k) || a.rule !== b.rule || a.subject.kind !== b.subject.kind) return;
      const score = evidenceOverlap(a, b);
      if (score >= bestScore && (best < 0 || score > bestScore)) { best = k; bestScore = score; }
    });
    if (best >= 0) { used.add(best); partner.set(i, [best, 'rule']); }
  });
  // A rule of one kind of finding, with one finding left on each side: the same finding whatever its evidence keys
  // (review AB, F5: a before report of an older version, whose sasl-bruteforce keys were renamed since, 2 of 20 in
  // common, read "Fixed … below the rule's threshold" and "New" for the brute force that fired in both runs).
  const left = (xs: Finding[], rule: string, kind: string, free: (i: number) => boolean): number[] =>
    xs.flatMap((x, i) => (x.rule === rule && x.subject.kind === kind && free(i) ? [i] : []));
  before.forEach((b, i) => {
    if (partner.has(i) || !ONE_KIND_RULES.has(b.rule) || IDENTITY_KINDS.test(b.subject.kind)) return;
    const bs = left(before, b.rule, b.subject.kind, (k) => !partner.has(k));
    const as = left(after, b.rule, b.subject.kind, (k) => !used.has(k));
    // Not the follow-up note of a brute force (its clients with an old password): another kind, with keys of its own.
    if (bs.length === 1 && as.length === 1 && !isFollowUpNote(b) && !isFollowUpNote(after[as[0]!]!)) { used.add(as[0]!); partner.set(i, [as[0]!, 'rule']); }
  });
  const out: Pair[] = before.map((b, i) => {
    const p = partner.get(i);
    return p === undefined ? [b, null, null] : [b, after[p[0]]!, p[1]];
  });
  after.forEach((a, k) => { if (!used.has(k)) out.push([null, a, null]); });
  return out;
}

/**
 * Rules whose findings are the spam of the run's compromised accounts (its queued messages, its bounces to forged
 * senders): matched by rule, since their subjects change from run to run.
 */
const ACCOUNT_SPAM_RULES: ReadonlySet<string> = new Set(['queue-cleanup', 'backscatter']);

/** The accounts a run's compromised-account findings (not its notes) name. */
function compromisedAccounts(findings: Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.rule === 'compromised-account' && !isNote(f)).map((f) => f.subject.value));
}

/**
 * A queue-cleanup or backscatter finding matched by rule, whose run's compromised accounts are all others than the
 * before run's (review 19, L6: a second account, suzuki@, falls a week later; its 17 queued messages read "reduced by
 * 92%" against info@'s 220): the before one is resolved and the after one new, not one problem reduced.
 */
function splitOtherCause(pairs: Pair[], before: Finding[], after: Finding[], split: Set<Finding>): Pair[] {
  const b = compromisedAccounts(before);
  const a = compromisedAccounts(after);
  if (b.size === 0 || a.size === 0 || [...a].some((u) => b.has(u))) return pairs;
  const out: Pair[] = [];
  const added: Pair[] = [];
  for (const p of pairs) {
    const [x, y, by] = p;
    if (x !== null && y !== null && by !== null && ACCOUNT_SPAM_RULES.has(x.rule)) {
      out.push([x, null, null]);
      added.push([null, y, null]);
      split.add(x);
    } else out.push(p);
  }
  // New findings in the after run's order, as pairFindings gives them.
  const rest = [...out.filter(([x]) => x === null), ...added];
  rest.sort((p, q) => after.indexOf(p[1]!) - after.indexOf(q[1]!));
  return [...out.filter(([x]) => x !== null), ...rest];
}

/**
 * At the before rate, an after log must hold at least this many of a finding's events for their absence to say that
 * it stopped (review AB, F6: backscatter at 1.4 an hour, relay probes at 0.21, read "Fixed" after 1.6 hours).
 */
export const HANDFUL = 5;

/** A resolved finding whose after log is too short to show that its abuse stopped (FindingMeasure.afterWithoutFinding.tooShort). */
export function tooShortOnly(f: Pick<FindingMatch, 'status' | 'measure'>): boolean {
  return f.status === 'resolved' && f.measure.afterWithoutFinding?.tooShort !== undefined;
}

/** A resolved account that IPs the before run did not know send as after (CarriedOver.newSenders, review AB, F7). */
export function newSendersAfter(f: Pick<FindingMatch, 'status' | 'measure'>): boolean {
  return f.status === 'resolved' && f.measure.carriedOver?.newSenders !== undefined;
}

/** A finding below its rule's threshold after whose before run's own IPs or messages are still at it (FindingMeasure.stillGoingOn). */
export function stillGoingOn(f: Pick<FindingMatch, 'status' | 'measure'>): boolean {
  return f.status === 'persisting' && (f.measure.stillGoingOn?.count ?? 0) > 0;
}

/** A resolved finding that only fell below its rule's threshold in a shorter log, at the same rate (FindingMeasure). */
export function sameRateOnly(f: FindingMatch): boolean {
  return f.status === 'resolved' && f.measure.afterWithoutFinding?.sameRate === true;
}

/** What a finding is about in a verdict (about.ts), its subject's value cut at 80 characters. */
function aboutText(f: Finding, msg: CompareMessages): string {
  const a = aboutOf(f, msg.lang);
  const v = a.value !== null && a.value.length > 80 ? `${a.value.slice(0, 79)}…` : a.value;
  return msg.about(a.name, v);
}

/** A finding's number on one side with its rate per hour (a count), as the catalog writes it. */
export function amountText(m: FindingMeasure, side: 'before' | 'after', msg: CompareMessages = compareEn): string {
  const rate = side === 'before' ? m.beforePerHour : m.afterPerHour;
  return msg.amount(m[side], m.kind === 'level' || rate === null ? null : fmtRate(rate), measureUnit(m));
}

/** What a finding's number counts (messages, attempts …), as its evidence key's label says: for the Japanese counter. */
function measureUnit(m: FindingMeasure): EvidenceUnit | undefined {
  return evidenceLabel('', m.field)?.unit;
}

/**
 * The after side of a resolved finding: "none after" only when the after report counts 0; "5 (0.12 per hour) after,
 * below the rule's threshold" when it counts some; "no finding after" when it cannot say.
 */
export function resolvedAfterText(m: FindingMeasure, msg: CompareMessages = compareEn, rule?: string): string {
  const r = m.afterWithoutFinding;
  const c = m.carriedOver;
  const checked = (kind: CarriedOver['kind']): number | null => (c !== undefined && c.kind === kind && c.count === 0 && !c.atLeast && c.unchecked === undefined ? c.of : null);
  const intruders = checked('intruder-ips');
  // Review P, P3: whether the same IPs' mailbox logins were looked at too (absent in a comparison written before);
  // said whether or not the sending check was exact (review Q, Q8: a 'cut' was dropped when byClientIp was cut).
  const ic = c !== undefined && c.kind === 'intruder-ips' ? c : undefined;
  const mailbox = ic?.mailbox === undefined || (ic.mailbox.checked && ic.count > 0) ? null : ic.mailbox.checked ? true as const : ic.mailbox.why;
  return msg.resolvedAfter({
    ...(rule === undefined ? {} : { rule }), ...(r?.otherCause === true ? { otherCause: true } : {}), count: r === null ? null : r.count, perHour: r === null || r.perHour === null ? null : fmtRate(r.perHour), atLeast: r?.atLeast ?? false,
    sameRate: r?.sameRate ?? false, intrudersChecked: intruders, queueIdsChecked: checked('queue-ids'),
    ...(measureUnit(m) === undefined ? {} : { unit: measureUnit(m)! }),
    ...(r?.uncounted === undefined ? {} : { refusalsUncounted: r.uncounted }),
    ...(mailbox === null ? {} : { mailboxChecked: mailbox }), ...(c?.unchecked === undefined ? {} : { intrudersUnchecked: c.unchecked }),
    // Review AB, F2: the sending check could not be made (tables cut at --top): said, and never "no sign of someone else".
    ...(ic?.sendingUnknown === true ? { sendingUnknown: ic.of, ...(mailbox === true ? { intrudersListed: ic.of } : {}) } : {}),
    // Review AB, F7: IPs the before run did not know sending as the account after.
    ...(ic?.newSenders === undefined ? {} : { newSenders: ic.newSenders }), ...(ic?.ownersUnknown === true ? { ownersUnknown: true } : {}),
    // Review AK, AK2/AK3: intruder IPs that still connect or fail logins, unblocked.
    ...(ic?.stillTrying === undefined ? {} : { stillTrying: { ...ic.stillTrying, of: ic.of } }),
    // Review AB, F6: an after log too short to show that the abuse stopped.
    ...(r?.tooShort === undefined ? {} : {
      tooShort: {
        afterHours: fmtRate(r.tooShort.afterHours), pauseHours: r.tooShort.pauseHours, expected: fmtRate(r.tooShort.expected),
        byPause: r.tooShort.pauseHours !== null && r.tooShort.afterHours <= r.tooShort.pauseHours,
      },
    }),
  });
}

/**
 * The after side of a finding's verdict: what is left of a resolved one, the carried-over abuse, or its amount; then,
 * when the after report's cut tables left some IPs of the before finding's list unknown, that it is not known whether
 * they are still at it (StillGoingOn.unknown).
 */
export function afterText(f: Pick<FindingMatch, 'status' | 'measure' | 'after' | 'rule' | 'othersAfter'>, msg: CompareMessages = compareEn): string {
  const text = afterTextKnown(f, msg);
  const g = f.measure.stillGoingOn;
  // Review AK, AK7/AK8 follow-up: from an after report holding every client IP, whether they connected at all is known.
  if (g !== undefined && g.unknown === undefined && g.connected !== undefined && g.count === 0 && g.kind === 'same-ips') {
    return msg.ipsConnected({ after: text, complete: afterCompleteKnown(f), rule: f.rule, list: g.list, of: g.of, connected: g.connected });
  }
  if (g?.unknown === undefined) return text;
  return msg.ipsNotKnown({
    after: text, complete: afterCompleteKnown(f), rule: f.rule, list: g.list, of: g.of, found: g.count, unknown: g.unknown.ips, top: g.unknown.top,
  });
}

function afterTextKnown(f: Pick<FindingMatch, 'status' | 'measure' | 'after' | 'rule' | 'othersAfter'>, msg: CompareMessages): string {
  const m = f.measure;
  if (f.status === 'resolved') return resolvedAfterText(m, msg, f.othersAfter === true ? undefined : f.rule);
  const g = m.stillGoingOn;
  if (g !== undefined && stillGoingOn(f)) {
    return msg.stillGoingOnAfter({
      rule: f.rule, kind: g.kind, list: g.list, amount: amountText(m, 'after', msg), finding: f.after !== null,
      count: g.count, of: g.of, events: g.events, atLeast: g.atLeast, items: g.items.slice(0, 5), more: g.count - Math.min(5, g.items.length),
    });
  }
  const c = m.carriedOver;
  if (c !== undefined && c.count > 0 && (f.status === 'persisting' || f.status === 'reduced')) {
    return msg.carriedAfter({
      kind: c.kind, amount: amountText(m, 'after', msg), count: c.count, of: c.of, atLeast: c.atLeast,
      messages: c.messages ?? null, finding: f.after !== null,
      ...(c.sending === undefined ? {} : { sending: c.sending }), ...(c.mailbox === undefined ? {} : { mailbox: mailboxNote(c.mailbox) }),
      ...(c.toCheck === undefined ? {} : { toCheck: c.toCheck }), ...(c.toCheckUnknown === undefined ? {} : { toCheckUnknown: c.toCheckUnknown }),
      ...(c.stillTrying === undefined ? {} : { stillTrying: c.stillTrying }),
    });
  }
  return amountText(m, 'after', msg);
}

/** The intruders' mailbox logins as a verdict names them: local times as "2026-12-01 03:10:00". */
function mailboxNote(m: MailboxIntruders): MailboxNote {
  if (!m.checked) return m;
  return {
    ...m, ips: m.ips.map((x) => ({
      ip: x.ip, logins: x.logins, protocol: x.protocol, ...(x.protocols === undefined ? {} : { protocols: x.protocols }),
      first: x.firstAt === null ? null : x.firstAt.replace('T', ' '),
    })),
  };
}

/**
 * Whether a resolved finding's check against the before run's intruders could not be made (review Q, Q8, Q11): the
 * before report lists none (a redacted report of an older version, or a finding without a list of its own) or the after
 * report cannot show the account's mailbox logins. The headline
 * then says "Unclear", never "Fixed"; --fail-on does not count it (nothing was found).
 */
export function intrudersUnchecked(f: Pick<FindingMatch, 'status' | 'measure'>): boolean {
  const c = f.measure.carriedOver;
  return f.status === 'resolved' && c !== undefined && c.kind === 'intruder-ips'
    && (c.unchecked !== undefined || c.sendingUnknown === true || (c.mailbox !== undefined && !c.mailbox.checked));
}

/** Whether afterText says "after" itself (the verdict then does not add it). */
export function afterComplete(f: Pick<FindingMatch, 'status' | 'measure'>): boolean {
  const g = f.measure.stillGoingOn;
  return afterCompleteKnown(f) || g?.unknown !== undefined || (g !== undefined && g.connected !== undefined && g.count === 0 && g.kind === 'same-ips');
}

function afterCompleteKnown(f: Pick<FindingMatch, 'status' | 'measure'>): boolean {
  const c = f.measure.carriedOver;
  return f.status === 'resolved' || stillGoingOn(f) || (c !== undefined && c.count > 0 && (f.status === 'persisting' || f.status === 'reduced'));
}

/** The extras of a finding's status (StatusExtras). */
export function statusExtras(f: Pick<FindingMatch, 'status' | 'measure' | 'background' | 'followUp' | 'severity' | 'after'>): StatusExtras {
  const c = f.measure.carriedOver;
  const m = f.measure;
  const byRate = m.changePct !== null && m.changePct <= REDUCED_PCT && (m.kind !== 'count' || m.after < m.before);
  return {
    background: f.background === true, followUp: f.followUp === true, severity: f.severity, bySeverity: f.status === 'reduced' && !byRate,
    carried: c !== undefined && c.count > 0 && f.after === null && f.status === 'persisting' ? c.kind : null,
    ...(stillGoingOn(f) ? { stillGoingOn: true } : {}),
    ...(intrudersUnchecked(f) ? { intrudersUnchecked: true } : {}),
  };
}

/** "Reduced by 44%", "Persisting, up 30% per hour" …: the status as people read it. */
export function statusText(status: FindingStatus, m: FindingMeasure, msg: CompareMessages = compareEn, x?: StatusExtras): string {
  return msg.status(status, m, x);
}

/**
 * `residual` counts, in the after report, the number a resolved finding is compared by (residual.ts); without it a
 * resolved finding says "no finding after", never "none after".
 */
export function matchFindings(
  before: Finding[], after: Finding[], hours: { before: number; after: number }, residual?: (f: Finding) => Residual,
  msg: CompareMessages = compareEn, carried?: (f: Finding) => (CarriedOver & { notFlagged: number }) | null,
  pause?: (f: Finding) => number | null, still?: (f: Finding) => StillGoingOn | null,
): FindingMatch[] {
  const split = new Set<Finding>();
  const pairs = splitOtherCause(pairFindings(before, after), before, after, split);
  const out = pairs.map(([b, a, by]): FindingMatch => {
    const rule = (b ?? a)!.rule;
    const spec = measureOf(rule, msg, b, a);
    const vb = valueOf(b, spec.field);
    let va = valueOf(a, spec.field);
    const count = spec.kind === 'count';
    // The before run's own abuse still there (review 19, H2 and H3): the same queue IDs still queued, the same
    // intruders' IPs still sending as the account. Counted into a queue level the after run left out (partial records).
    const left = b === null ? null : carried?.(b) ?? null;
    if (left !== null && left.kind === 'queue-ids' && a !== null && spec.field === 'abusiveQueued') va += left.notFlagged;
    const measure: FindingMeasure = {
      field: spec.field, label: spec.label, kind: spec.kind, before: vb, after: va,
      beforePerHour: count && b ? perHour(vb, hours.before) : null,
      afterPerHour: count && a ? perHour(va, hours.after) : null,
      changePct: b && a ? (count ? changePct(vb / hours.before, va / hours.after) : changePct(vb, va)) : null,
      afterWithoutFinding: null,
    };
    if (left !== null) {
      const { notFlagged: _n, ...c } = left;
      measure.carriedOver = c;
    }
    let background = b !== null && a !== null && downToBackground(b, a);
    const stillThere = left !== null && left.count > 0;
    let status: FindingStatus = b === null ? 'new' : a === null ? 'resolved'
      // An account whose password others still use persists, however little of their mail gets through; so does a
      // password guessed again.
      : passwordStillUsed(a) || guessedAgain(a) ? 'persisting'
      // A count is "reduced" only when it is lower, not when the same count spreads over a longer period (review 8,
      // M3: "refusals: 145 before, 145 after, REDUCED BY 44%" for a grown log): then it persists, "down 44% per hour".
      : measure.changePct !== null && measure.changePct <= REDUCED_PCT && (!count || va < vb) ? 'reduced'
        // Its worst part ended (review 19, H1: critical "then logged in" → high, no login): an improvement, whatever
        // the rate of what is left does from day to day.
        : severityDropped(b, a) ? 'reduced' : 'persisting';
    // The same abusive messages still queued keep the queue cleanup open however the level moved.
    if (stillThere && left.kind === 'queue-ids' && status === 'reduced') status = 'persisting';
    if (status === 'resolved') {
      // Split from an after finding of other accounts (splitOtherCause): what the after report counts is theirs.
      const r = split.has(b!) ? { count: null, atLeast: false, from: '' } : residual?.(b!) ?? { count: null, atLeast: false, from: '' };
      const after = count && r.count !== null ? perHour(r.count, hours.after) : null;
      // Only a shorter after log: over as long a period, the same rate would have fired the rule.
      // Less what the after run explained as no attack (a client with the old password: review 19, H4).
      const attack = r.count === null ? null : r.count - (r.explained ?? 0);
      const attackRate = count && attack !== null ? perHour(attack, hours.after) : null;
      const sameRate = RATE_COMPARABLE.has(rule) && hours.after < hours.before && attack !== null && attack >= SAME_RATE_MIN_COUNT && attackRate !== null
        && measure.beforePerHour !== null && measure.beforePerHour > 0 && attackRate >= measure.beforePerHour * (1 + REDUCED_PCT / 100);
      // Review AB, F6: an after log shorter than the pauses of the before run's abuse, or that would hold fewer than a
      // handful of its events at the before rate, cannot show that it stopped (a 1.6-hour log read "Fixed: 7 of 7").
      const pauseHours = count && !sameRate && hasRhythm(rule) ? pause?.(b!) ?? null : null;
      const expected = measure.beforePerHour === null ? null : measure.beforePerHour * hours.after;
      const tooShort = count && !sameRate && hasRhythm(rule) && !split.has(b!) && expected !== null
        && ((pauseHours !== null && hours.after <= pauseHours) || expected < HANDFUL)
        ? { afterHours: round(hours.after, 2), pauseHours, expected: round(expected, 1) } : null;
      measure.afterWithoutFinding = {
        count: r.count, perHour: after, atLeast: r.atLeast, from: r.from, sameRate, ...(split.has(b!) ? { otherCause: true as const } : {}),
        ...(r.uncounted === undefined ? {} : { uncounted: r.uncounted }),
        ...(tooShort === null ? {} : { tooShort }),
      };
      if (stillThere) {
        // Not resolved: the rule did not fire after, but the same messages are queued, the same intruders send.
        status = 'persisting';
        measure.after = left.kind === 'queue-ids' ? left.count : r.count ?? left.messages ?? 0;
        measure.afterPerHour = count ? perHour(measure.after, hours.after) : null;
        measure.changePct = count ? changePct(vb / hours.before, measure.after / hours.after) : changePct(vb, measure.after);
      }
    }
    // The rule did not fire after, or fired as the background guessing every server gets (below the attack thresholds;
    // not a critical brute force that is high after, still above them), but what the before finding was about still
    // goes on below the threshold: the same IPs failing logins or probing, the same messages deferred. Not fixed
    // ("Fixed" read for a brute force going on at a lower rate from the blocklist's own IPs).
    const belowThreshold = status === 'resolved' || (background && status === 'reduced' && a !== null && isBackgroundGuessing(a));
    // Not for a finding split from an after finding of other accounts' spam (splitOtherCause): what the after report
    // counts is theirs, the new finding.
    const going = b !== null && belowThreshold && !split.has(b) ? still?.(b) ?? null : null;
    // Nothing found, but some IPs of the list not known past the after report's cut tables: kept, for the verdict to say.
    if (going !== null && going.count === 0 && (going.unknown !== undefined || going.connected !== undefined)) measure.stillGoingOn = going;
    if (going !== null && going.count > 0) {
      measure.stillGoingOn = going;
      if (status === 'resolved') {
        // Compared by what those IPs (or messages) did after; the after run's whole count stays in afterWithoutFinding.
        measure.after = going.events;
        measure.afterPerHour = count ? perHour(going.events, hours.after) : null;
        measure.changePct = count ? changePct(vb / hours.before, going.events / hours.after) : changePct(vb, going.events);
      }
      status = 'persisting';
      background = false;
    }
    const match: FindingMatch = {
      status, rule, matchedBy: by, severity: { before: b?.severity ?? null, after: a?.severity ?? null },
      measure, verdict: '', before: b, after: a,
      ...(background && status === 'reduced' ? { background: true as const } : {}),
    };
    return match;
  });
  // A new low note of the rule (and subject) of a resolved finding: what the fix left to do, not a new problem
  // (review 19, H4: the phone with the old password, the sender_login line reject_sender_login_mismatch asks for).
  const resolved = out.filter((f) => f.status === 'resolved' && f.before !== null).map((f) => f.before!);
  for (const f of out) {
    const a = f.after;
    if (f.status !== 'new' || a === null || !isNote(a) || !isFollowUpNote(a)) continue;
    const of = resolved.find((b) => b.rule === a.rule && b.subject.kind === a.subject.kind
      && (!IDENTITY_KINDS.test(b.subject.kind) || sameValue(b.subject.kind, b.subject.value, a.subject.value)));
    if (of !== undefined) f.followUp = true;
  }
  for (const f of out) {
    const b = f.before;
    if (f.status !== 'resolved' || b === null) continue;
    const newOfIt = out.some((g) => g.status === 'new' && g.followUp !== true && g.after !== null && g.after.rule === b.rule
      && g.after.subject.kind === b.subject.kind && sameValue(b.subject.kind, g.after.subject.value, b.subject.value));
    if (newOfIt || (b.rule === 'compromised-account' && after.some(guessedAgain))) f.othersAfter = true;
  }
  for (const f of out) {
    const b = f.before;
    const a = f.after;
    f.verdict = msg.findingVerdict({
      status: f.status, statusText: statusText(f.status, f.measure, msg, statusExtras(f)), rule: f.rule, severity: f.severity,
      about: aboutText((b ?? a)!, msg), label: f.measure.label,
      before: b === null ? '' : amountText(f.measure, 'before', msg),
      after: afterText(f, msg), afterComplete: afterComplete(f),
    });
  }
  return out;
}
