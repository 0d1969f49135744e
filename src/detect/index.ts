// Detection: an ordered list of rules, one file each (detect/rules/*). Rules read the aggregates, never raw lines.

import type { Aggregate, Finding, RuleText, Severity } from '../types.js';
import type { InputFile } from '../split/inputs.js';
import type { Rule, RuleContext } from './rule.js';
import { RULES } from './registry.js';
import type { Messages } from '../i18n/index.js';
import { en } from '../i18n/index.js';

export interface DetectOptions {
  /** Client IPs exempt from findings (office, monitoring). */
  allowIps: Set<string>;
  /** SASL users exempt from findings. */
  allowUsers: Set<string>;
  /** Threshold overrides: "rule.threshold" → value. */
  thresholds: Record<string, number>;
  /** Queue IDs from a `postqueue -j` dump (--queue), or null. */
  liveQueue: Set<string> | null;
  /** The dump's envelope sender of each of its queue IDs ('' for a bounce), or null (config.ts parseQueueSenders). */
  liveQueueSenders?: Map<string, string> | null;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/**
 * Within one severity, causes before what they cause (review Z, Z15): the account taken over (by mail or by its
 * mailbox) and relaying that sends the spam, the guessing that took it, a blocked port 25; then the spam's queue, the
 * users' mail lost with it, mail of ours that left unsigned (review AF: the cause of the SPF/DKIM refusals), the
 * receivers' refusals and the bounces it brings back, the server's own trouble; the
 * deferred flood, which all of them cause, last; relay probes, which cause nothing, after it.
 */
const CAUSE_ORDER: readonly string[] = [
  'compromised-account', 'mailbox-breach', 'open-relay', 'sasl-bruteforce', 'outbound-port-blocked', 'queue-cleanup', 'queue-deleted',
  'unsigned-mail', 'receivers-refusing', 'backscatter', 'server-trouble', 'queue-flood', 'relay-probing',
];

/** A rule's place in CAUSE_ORDER; a rule not listed comes after those listed. */
function causeRank(rule: string): number {
  const i = CAUSE_ORDER.indexOf(rule);
  return i < 0 ? CAUSE_ORDER.length : i;
}

export function detect(agg: Aggregate, inputs: InputFile[], partial: Partial<DetectOptions> = {}, messages: Messages = en): Finding[] {
  const opts: DetectOptions = {
    allowIps: partial.allowIps ?? new Set(), allowUsers: partial.allowUsers ?? new Set(), thresholds: partial.thresholds ?? {},
    liveQueue: partial.liveQueue ?? null, liveQueueSenders: partial.liveQueueSenders ?? null,
  };
  const findings: Finding[] = [];
  const contexts = new Map<Rule, RuleContext>();
  for (const rule of RULES) {
    const ctx: RuleContext = { ...opts, inputs, threshold: thresholdReader(rule, opts), messages };
    contexts.set(rule, ctx);
    findings.push(...rule.detect(agg, ctx));
  }
  // Advice that depends on the other findings (hold and delete a queue only when it holds spam, flush it when a
  // blocked port 25 held it up, say nothing of it when it is empty): only now is every finding known.
  for (const f of findings) {
    const rule = RULES.find((r) => r.id === f.rule);
    const fix = rule?.advise?.(f, findings, agg, contexts.get(rule)!);
    if (fix !== undefined) f.fix = fix;
  }
  // Severities that depend on the other findings, after the advice (which reads the severities detect gave).
  for (const f of findings) {
    const rule = RULES.find((r) => r.id === f.rule);
    const severity = rule?.settle?.(f, findings, agg, contexts.get(rule)!);
    if (severity !== undefined) f.severity = severity;
  }
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || causeRank(a.rule) - causeRank(b.rule) || b.impact - a.impact
    || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.subject.value < b.subject.value ? -1 : 1));
}

/** Reads "name" of the rule itself, or "other-rule.name" for a rule that builds on another one. */
function thresholdReader(rule: Rule, opts: DetectOptions): (name: string) => number {
  return (name: string) => {
    const dot = name.indexOf('.');
    const owner = dot < 0 ? rule : RULES.find((r) => r.id === name.slice(0, dot));
    const short = dot < 0 ? name : name.slice(dot + 1);
    if (owner === undefined) throw new Error(`no rule ${name.slice(0, dot)}`);
    const over = opts.thresholds[`${owner.id}.${short}`];
    if (over !== undefined) return over;
    const v = owner.thresholds[short];
    if (v === undefined) throw new Error(`rule ${owner.id} has no threshold ${short}`);
    return v;
  };
}

/** The why/fix text of the rules that fired, in the report's language, so report.json describes itself. */
export function ruleTexts(findings: Finding[], messages: Messages = en): RuleText[] {
  const ids = new Set(findings.map((f) => f.rule));
  return RULES.filter((r) => ids.has(r.id)).map((r) => {
    // A rule not (yet) in the catalogs keeps its own English words.
    const t = (messages.rules as Record<string, { title: string; why: string; fix: string } | undefined>)[r.id] ?? r;
    return { id: r.id, title: t.title, why: t.why, fix: t.fix };
  });
}

/** Every threshold name with its default, for --help and the README. */
export function thresholdDefaults(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of RULES) for (const [k, v] of Object.entries(r.thresholds)) out[`${r.id}.${k}`] = v;
  return out;
}
