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
import type { FindingMatch, FindingMeasure, FindingStatus } from './model.js';
import { changePct, fmtRate, perHour } from './numbers.js';
import type { Residual } from './residual.js';
import type { CompareMessages, CompareRuleMeasure } from '../i18n/compare.js';
import { compareEn } from '../i18n/compare.js';
import { messagesFor } from '../i18n/index.js';

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

function measureOf(rule: string, msg: CompareMessages): { field: string; label: string; kind: 'count' | 'level' } {
  const m = RULE_MEASURES[rule];
  return m === undefined ? { field: 'impact', label: msg.ruleMeasures.impact, kind: 'count' }
    : { ...m, label: msg.ruleMeasures[rule as CompareRuleMeasure] };
}

function valueOf(f: Finding | null, field: string): number {
  if (f === null) return 0;
  const v = field === 'impact' ? f.impact : f.evidence[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : f.impact;
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

function sameSubject(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.subject.kind === b.subject.kind && a.subject.value === b.subject.value && sameKind(a, b);
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
  const out: Pair[] = before.map((b, i) => {
    const p = partner.get(i);
    return p === undefined ? [b, null, null] : [b, after[p[0]]!, p[1]];
  });
  after.forEach((a, k) => { if (!used.has(k)) out.push([null, a, null]); });
  return out;
}

/** A resolved finding that only fell below its rule's threshold in a shorter log, at the same rate (FindingMeasure). */
export function sameRateOnly(f: FindingMatch): boolean {
  return f.status === 'resolved' && f.measure.afterWithoutFinding?.sameRate === true;
}

/** The subject in a verdict: its kind as people read it (report.subjectKind), its value cut at 80 characters. */
function subjectOf(f: Finding, lang: string): { kind: string; value: string } {
  const v = f.subject.value.length > 80 ? `${f.subject.value.slice(0, 79)}…` : f.subject.value;
  return { kind: messagesFor(lang).report.subjectKind(f.subject.kind), value: v };
}

/** A finding's number on one side with its rate per hour (a count), as the catalog writes it. */
export function amountText(m: FindingMeasure, side: 'before' | 'after', msg: CompareMessages = compareEn): string {
  const rate = side === 'before' ? m.beforePerHour : m.afterPerHour;
  return msg.amount(m[side], m.kind === 'level' || rate === null ? null : fmtRate(rate));
}

/**
 * The after side of a resolved finding: "none after" only when the after report counts 0; "5 (0.12 per hour) after,
 * below the rule's threshold" when it counts some; "no finding after" when it cannot say.
 */
export function resolvedAfterText(m: FindingMeasure, msg: CompareMessages = compareEn): string {
  const r = m.afterWithoutFinding;
  return msg.resolvedAfter({
    count: r === null ? null : r.count, perHour: r === null || r.perHour === null ? null : fmtRate(r.perHour), atLeast: r?.atLeast ?? false,
    sameRate: r?.sameRate ?? false,
  });
}

/** "Reduced by 44%", "Persisting, up 30% per hour" …: the status as people read it. */
export function statusText(status: FindingStatus, m: FindingMeasure, msg: CompareMessages = compareEn): string {
  return msg.status(status, m);
}

/**
 * `residual` counts, in the after report, the number a resolved finding is compared by (residual.ts); without it a
 * resolved finding says "no finding after", never "none after".
 */
export function matchFindings(
  before: Finding[], after: Finding[], hours: { before: number; after: number }, residual?: (f: Finding) => Residual,
  msg: CompareMessages = compareEn,
): FindingMatch[] {
  return pairFindings(before, after).map(([b, a, by]) => {
    const rule = (b ?? a)!.rule;
    const spec = measureOf(rule, msg);
    const vb = valueOf(b, spec.field);
    const va = valueOf(a, spec.field);
    const count = spec.kind === 'count';
    const measure: FindingMeasure = {
      field: spec.field, label: spec.label, kind: spec.kind, before: vb, after: va,
      beforePerHour: count && b ? perHour(vb, hours.before) : null,
      afterPerHour: count && a ? perHour(va, hours.after) : null,
      changePct: b && a ? (count ? changePct(vb / hours.before, va / hours.after) : changePct(vb, va)) : null,
      afterWithoutFinding: null,
    };
    const status: FindingStatus = b === null ? 'new' : a === null ? 'resolved'
      // An account whose password others still use persists, however little of their mail gets through.
      : passwordStillUsed(a) ? 'persisting'
      // A count is "reduced" only when it is lower, not when the same count spreads over a longer period (review 8,
      // M3: "refusals: 145 before, 145 after, REDUCED BY 44%" for a grown log): then it persists, "down 44% per hour".
      : measure.changePct !== null && measure.changePct <= REDUCED_PCT && (!count || va < vb) ? 'reduced' : 'persisting';
    if (status === 'resolved') {
      const r = residual?.(b!) ?? { count: null, atLeast: false, from: '' };
      const after = count && r.count !== null ? perHour(r.count, hours.after) : null;
      // Only a shorter after log: over as long a period, the same rate would have fired the rule.
      const sameRate = RATE_COMPARABLE.has(rule) && hours.after < hours.before && r.count !== null && r.count >= SAME_RATE_MIN_COUNT && after !== null
        && measure.beforePerHour !== null && measure.beforePerHour > 0 && after >= measure.beforePerHour * (1 + REDUCED_PCT / 100);
      measure.afterWithoutFinding = { count: r.count, perHour: after, atLeast: r.atLeast, from: r.from, sameRate };
    }
    const verdict = msg.findingVerdict({
      status, statusText: statusText(status, measure, msg), rule, severity: { before: b?.severity ?? null, after: a?.severity ?? null },
      ...subjectOf((b ?? a)!, msg.lang), label: spec.label,
      before: b === null ? '' : amountText(measure, 'before', msg),
      after: status === 'resolved' ? resolvedAfterText(measure, msg) : amountText(measure, 'after', msg),
    });
    return {
      status, rule, matchedBy: by, severity: { before: b?.severity ?? null, after: a?.severity ?? null },
      measure, verdict, before: b, after: a,
    };
  });
}
