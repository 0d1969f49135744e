// Two report models → one comparison model (compare.json). Pure: no file, no clock, no log.
//
// Refuses, as usage errors, what would give a wrong diff: reports of different schema versions, and reports whose
// pseudonyms cannot match (redacted with different --redact-key values, or one redacted and one not). Does not refuse,
// but warns first in the verdict and says "Check the order" in the headline, when the after period is older than the
// before period (periodOrder): comparing on purpose stays possible, reading it as a fix does not.

import { newRefusals } from './new-refusals.js';
import { authOffOnPort25Of } from './auth-off-port25.js';
import { basename } from 'node:path';
import type { Finding, Totals } from '../types.js';
import type { MinuteRow, Report } from '../report/model.js';
import { SCHEMA_VERSION } from '../report/model.js';
import { isMostlyUnparsed } from '../report/build.js';
import { messagesFor } from '../i18n/index.js';
import { UsageError } from '../errors.js';
import type {
  CarriedOver, ComparedSide, Comparison, CompromisedMail, FindingMatch, MeasureKind, MeasureRow, MoverRow, MoverTable, OverlayHour,
  PeriodOrder, SideChecks, UnusableSide,
} from './model.js';
import { COMPARISON_VERSION } from './model.js';
import { unclearResolved } from './unclear.js';
import { intrudersUnchecked, matchFindings, newSendersAfter, sameRateOnly, statusExtras, stillGoingOn, tooShortOnly } from './match.js';
import { stillGoingOnOf } from './still-going-on.js';
import type { AfterIpLookup } from './after-ip-counts.js';
import { longestPause } from './rhythm.js';
import { carriedOverOf, residualOf } from './residual.js';
import { sameAccount } from './mailbox-intruders.js';
import { isBackgroundGuessing } from '../detect/background.js';
import { cutLines, unlikeBeforePeriod } from './cut-lines.js';
import { olderMixedOffsets } from './after-side.js';
import { parseLocalTime } from '../time.js';
import { changePct, fmtPerDay, fmtRate, perDay, perHour, rateHours, round } from './numbers.js';
import type { CompareMeasureId, CompareMessages, HeadlineParts, MailFlowParts } from '../i18n/compare.js';
import { compareEn } from '../i18n/compare.js';
import { ruleName } from './about.js';
import { tableWordsFor } from '../i18n/table-words.js';
import type { ToolBuild } from '../tool-build.js';
import { buildText } from '../tool-build.js';
import { OLDER_PSEUDONYM_HEX_DIGITS } from '../report/redact.js';

export interface CompareOptions {
  version: string;
  /** The git commit of this build (tool-build.ts): compare.json's tool.commit. */
  build?: ToolBuild;
  before: ComparedSide['source'];
  after: ComparedSide['source'];
  /** How the two sides are named in error messages ("before (old/report.json)"). */
  beforeName?: string;
  afterName?: string;
  /** The language of the comparison's texts (English when not given); recorded as `lang` when it is not English. */
  messages?: CompareMessages;
  /**
   * When the after side is a log analyzed here: its own counts of the IPs the before findings' still-going-on checks look
   * up (after-ip-counts.ts), every IP, past the report's --top cut. Absent for a report side.
   */
  afterIps?: AfterIpLookup;
}

/** Rows per top-movers table. */
export const MOVERS = 10;

// ---------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------

/** Schema versions: both sides the same, and the one this tool reads. Throws a one-line UsageError. */
export function checkSchemas(before: { schemaVersion?: unknown }, after: { schemaVersion?: unknown }, beforeName: string, afterName: string): void {
  const vb = before.schemaVersion;
  const va = after.schemaVersion;
  // A version that is no number ("1", hand-edited or written by another tool) is named as it is written (review 19, L4:
  // "before is report schema 1, after is report schema 1").
  const text = (v: unknown): string => (typeof v === 'number' ? String(v) : `${JSON.stringify(v) ?? String(v)} (${v === null ? 'null' : `a ${typeof v}`}, not a number)`);
  if (vb !== va) {
    throw new UsageError(`cannot compare reports of different schema versions: ${beforeName} is report schema ${text(vb)}, `
      + `${afterName} is report schema ${text(va)}; analyze both logs again with the same version of maillog-forensics`);
  }
  if (vb !== SCHEMA_VERSION) {
    throw new UsageError(`cannot compare ${beforeName} and ${afterName}: they are report schema ${text(vb)} and this `
      + `maillog-forensics reads report schema ${SCHEMA_VERSION}; analyze both logs again with this version`);
  }
}

type Redaction = Report['redaction'];

function describeRedaction(r: Redaction): string {
  return r ? `redacted, key fingerprint ${r.keyFingerprint}${r.domains ? ', domains too' : ''}` : 'not redacted';
}

/** The hex digits of a side's pseudonyms: recorded since review AE, L7; 8 in the reports before. */
function pseudonymDigits(r: NonNullable<Redaction>): number {
  return r.pseudonymHexDigits ?? OLDER_PSEUDONYM_HEX_DIGITS;
}

/**
 * Both sides redacted with the same key, the same pseudonym length and the same choice for domains, or neither.
 * Throws a one-line UsageError; the refusal of two pseudonym lengths in the comparison's language (`msg`).
 */
export function checkRedaction(before: Redaction, after: Redaction, beforeName: string, afterName: string, msg: CompareMessages = compareEn): void {
  if (!before && !after) return;
  if (before && after && before.keyFingerprint === after.keyFingerprint && before.domains === after.domains
    && pseudonymDigits(before) === pseudonymDigits(after)) return;
  let why: string;
  if (!before || !after) why = 'pseudonyms never match real names; make both with the same --redact-key, or neither redacted';
  else if (before.keyFingerprint !== after.keyFingerprint && (before.keyDerivation === undefined) !== (after.keyDerivation === undefined)) {
    // Before key stretching (redact.ts redactionKey) the same key gave other pseudonyms.
    why = `${before.keyDerivation === undefined ? beforeName : afterName} was redacted by an older version, whose pseudonyms the same key does not give again; analyze both logs again with this version and the same --redact-key`;
  } else if (pseudonymDigits(before) !== pseudonymDigits(after)) {
    // "user-2db6ce0f" (8 digits) and "user-2db6ce0f1a7c" (12) of one name under one key: matched as equal strings,
    // every row would be new in one side and gone from the other.
    throw new UsageError(msg.redactionSchemes({ beforeName, afterName, beforeDigits: pseudonymDigits(before), afterDigits: pseudonymDigits(after) }));
  } else if (before.keyFingerprint !== after.keyFingerprint) why = 'the same name has different pseudonyms under different keys; make both with the same --redact-key';
  else why = 'domains are pseudonyms in one and not in the other; use --redact-domains for both or neither';
  throw new UsageError(`cannot compare ${beforeName} (${describeRedaction(before)}) with ${afterName} (${describeRedaction(after)}): ${why}`);
}

/** The fields compare reads: a report with the right schemaVersion but a missing table is not a report. */
const TABLES = ['totals', 'period', 'findings', 'hourly', 'inputs', 'bySaslUser', 'byClientIp', 'bySender', 'byRecipientDomain', 'deferralReasons'] as const;
const TOTALS = ['received', 'delivered', 'deferred', 'deferredMessages', 'bounced', 'expired', 'rejected', 'authFailures', 'dovecotLoginFailures', 'stillQueued'] as const;
const HOURLY = ['received', 'sent', 'deferred', 'bounced', 'expired', 'rejected', 'authFailures', 'dovecotAuthFailures', 'queueSize'] as const;
/** Each table compare reads (top movers): its key field and the numbers it adds up. */
const ROWS: Record<string, { key: string; numbers: string[]; strings?: string[]; optional?: boolean }> = {
  bySaslUser: { key: 'key', numbers: ['messages'] },
  byClientIp: { key: 'key', numbers: ['connections', 'messages', 'authFailures', 'authAborted', 'rejects', 'mailboxLoginFailures'] },
  bySender: { key: 'key', numbers: ['messages'] },
  byLocalProgram: { key: 'key', numbers: ['outsideRecipients'], optional: true },
  byRecipientDomain: { key: 'key', numbers: ['recipients'] },
  deferralReasons: { key: 'reason', numbers: ['count'], strings: ['dsn'] },
  // Grouped by receiver and cause (review Z, Z27); a report made before has none.
  deferralCauses: { key: 'receiver', numbers: ['count', 'fromCache'], strings: ['cause', 'detail', 'code'], optional: true },
};

/**
 * Every field the comparison and its renderers read, with its type: a partial or hand-edited report.json is a
 * one-line usage error naming the first bad field, never a TypeError, NaN or "undefined" in compare.md.
 */
export function checkShape(r: Report, name: string): void {
  const missing = TABLES.find((k) => r[k] === null || typeof r[k] !== 'object');
  if (missing !== undefined) throw new UsageError(`${name}: not a complete maillog-forensics report (no "${missing}")`);
  const bad = (field: string, what: string): never => {
    throw new UsageError(`${name}: not a complete maillog-forensics report (${field} is missing or not ${what})`);
  };
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const obj = (v: unknown, field: string): Record<string, unknown> => (isObj(v) ? v : bad(field, 'an object'));
  const list = (v: unknown, field: string): unknown[] => (Array.isArray(v) ? v : bad(field, 'a list'));
  const num = (v: unknown, field: string): void => { if (typeof v !== 'number' || !Number.isFinite(v)) bad(field, 'a number'); };
  // A count is never negative (review 19, L5: a hand-edited totals.delivered of -100 read "-56.5/day").
  const count = (v: unknown, field: string): void => { if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(field, 'a number of 0 or more'); };
  const str = (v: unknown, field: string): void => { if (typeof v !== 'string') bad(field, 'a string'); };
  const strOrNull = (v: unknown, field: string): void => { if (v !== null && typeof v !== 'string') bad(field, 'a string or null'); };

  const totals = obj(r.totals, 'totals');
  for (const k of TOTALS) count(totals[k], `totals.${k}`);
  const period = obj(r.period, 'period');
  strOrNull(period.from, 'period.from');
  strOrNull(period.to, 'period.to');
  str(period.timezone, 'period.timezone');
  count(period.hours, 'period.hours');
  list(r.inputs, 'inputs').forEach((x, i) => str(obj(x, `inputs[${i}]`).path, `inputs[${i}].path`));
  list(r.hourly, 'hourly').forEach((x, i) => {
    const h = obj(x, `hourly[${i}]`);
    str(h.hour, `hourly[${i}].hour`);
    for (const k of HOURLY) count(h[k], `hourly[${i}].${k}`);
  });
  list(r.findings, 'findings').forEach((x, i) => {
    const at = `findings[${i}]`;
    const f = obj(x, at);
    for (const k of ['rule', 'severity', 'title']) str(f[k], `${at}.${k}`);
    const subject = obj(f.subject, `${at}.subject`);
    str(subject.kind, `${at}.subject.kind`);
    str(subject.value, `${at}.subject.value`);
    strOrNull(f.firstAt, `${at}.firstAt`);
    strOrNull(f.lastAt, `${at}.lastAt`);
    num(f.impact, `${at}.impact`);
    for (const [k, v] of Object.entries(obj(f.evidence, `${at}.evidence`))) {
      if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) bad(`${at}.evidence.${k}`, 'a number or a string');
    }
    list(f.examples, `${at}.examples`).forEach((y, j) => {
      const e = obj(y, `${at}.examples[${j}]`);
      num(e.file, `${at}.examples[${j}].file`);
      num(e.line, `${at}.examples[${j}].line`);
      str(e.text, `${at}.examples[${j}].text`);
    });
  });
  for (const [table, spec] of Object.entries(ROWS)) {
    const rows = (r as unknown as Record<string, unknown>)[table];
    if (spec.optional === true && rows === undefined) continue;
    list(rows, table).forEach((x, i) => {
      const row = obj(x, `${table}[${i}]`);
      str(row[spec.key], `${table}[${i}].${spec.key}`);
      for (const k of spec.numbers) count(row[k], `${table}[${i}].${k}`);
      for (const k of spec.strings ?? []) str(row[k], `${table}[${i}].${k}`);
    });
  }
  // Optional: tolerated when absent, checked when present.
  if (r.hosts !== undefined && r.hosts !== null) list(r.hosts, 'hosts').forEach((x, i) => str(obj(x, `hosts[${i}]`).key, `hosts[${i}].key`));
  const optional = (v: unknown, field: string, check: (x: unknown, f: string) => void): void => {
    if (v !== undefined && v !== null) check(v, field);
  };
  optional(r.lines, 'lines', (v, f) => optional(obj(v, f).total, `${f}.total`, num));
  optional(r.tool, 'tool', (v, f) => {
    optional(obj(v, f).version, `${f}.version`, str);
    optional(obj(v, f).commit, `${f}.commit`, str);
  });
  optional(r.options, 'options', (v, f) => {
    optional(obj(v, f).top, `${f}.top`, num);
    optional(obj(v, f).detection, `${f}.detection`, (d, g) => {
      const o = obj(d, g);
      for (const k of ['allowIps', 'allowUsers']) list(o[k], `${g}.${k}`).forEach((x, i) => str(x, `${g}.${k}[${i}]`));
      for (const [k, x] of Object.entries(obj(o.thresholds, `${g}.thresholds`))) num(x, `${g}.thresholds.${k}`);
      if (typeof o.queueSnapshot !== 'boolean') bad(`${g}.queueSnapshot`, 'true or false');
    });
  });
  if (r.redaction !== undefined && r.redaction !== null) {
    const red = obj(r.redaction, 'redaction');
    str(red.keyFingerprint, 'redaction.keyFingerprint');
    if (red.keyDerivation !== undefined && red.keyDerivation !== 'scrypt') bad('redaction.keyDerivation', '"scrypt", or absent (an older version\'s report)');
    if (red.pseudonymHexDigits !== undefined && !(Number.isInteger(red.pseudonymHexDigits) && (red.pseudonymHexDigits as number) > 0)) {
      bad('redaction.pseudonymHexDigits', 'a positive whole number, or absent (an older version\'s report: 8)');
    }
    if (typeof red.domains !== 'boolean') bad('redaction.domains', 'true or false');
  }
}

// ---------------------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------------------

function side(r: Report, source: ComparedSide['source']): ComparedSide {
  return {
    source,
    inputs: r.inputs.map((i) => i.path),
    hosts: (r.hosts ?? []).map((h) => h.key),
    period: r.period,
    rateHours: rateHours(r.period.hours),
    lines: r.lines?.total ?? 0,
    findings: r.findings.length,
    toolVersion: r.tool?.version ?? '',
    ...(typeof r.tool?.commit === 'string' ? { toolCommit: r.tool.commit, ...(r.tool.modified === true ? { toolModified: true as const } : {}) } : {}),
    top: r.options?.top ?? 0,
  };
}

function bounceRate(t: Totals): number {
  const final = t.delivered + t.bounced + t.expired;
  return final === 0 ? 0 : round(((t.bounced + t.expired) / final) * 100, 1);
}

const MEASURES: Array<{ id: CompareMeasureId; kind: MeasureKind; value: (t: Totals) => number }> = [
  { id: 'received', kind: 'count', value: (t) => t.received },
  { id: 'delivered', kind: 'count', value: (t) => t.delivered },
  { id: 'deferred', kind: 'count', value: (t) => t.deferred },
  { id: 'deferredMessages', kind: 'count', value: (t) => t.deferredMessages },
  { id: 'bounced', kind: 'count', value: (t) => t.bounced + t.expired },
  { id: 'bounceRate', kind: 'ratio', value: bounceRate },
  { id: 'rejected', kind: 'count', value: (t) => t.rejected },
  { id: 'authFailures', kind: 'count', value: (t) => t.authFailures },
  { id: 'dovecotLoginFailures', kind: 'count', value: (t) => t.dovecotLoginFailures },
  { id: 'stillQueued', kind: 'level', value: (t) => t.stillQueued },
];

function measureRow(id: string, label: string, kind: MeasureKind, before: number, after: number, hb: number, ha: number): MeasureRow {
  const count = kind === 'count';
  return {
    id, label, kind, before, after,
    delta: round(after - before, kind === 'ratio' ? 1 : 0),
    beforePerHour: count ? perHour(before, hb) : null,
    afterPerHour: count ? perHour(after, ha) : null,
    beforePerDay: count ? perDay(before, hb) : null,
    afterPerDay: count ? perDay(after, ha) : null,
    changePct: kind === 'ratio' ? null : count ? changePct(before / hb, after / ha) : changePct(before, after),
  };
}

/** Ids of the two rows added when a run has a compromised account: received and delivered without its mail. */
export const LEFT_OUT_ROWS = { received: 'receivedWithoutCompromised', delivered: 'deliveredWithoutCompromised' } as const;

/**
 * The side-by-side totals. When either run has a compromised-account finding, "Messages received" and "Recipients
 * delivered" are each followed by the same count without the compromised accounts' mail (`left`): the spam of a
 * guessed account is not mail flow, and counted in it, a cleanup reads as a drop in delivery (samples: 295 → 162
 * recipients delivered per day, -45%, where the legitimate delivery rose from 134 to 162).
 */
function measures(b: Report, a: Report, hb: number, ha: number, left: Comparison['compromisedMail'], msg: CompareMessages): MeasureRow[] {
  const rows: MeasureRow[] = [];
  const any = left.before.length > 0 || left.after.length > 0;
  // Delivered: the accounts' own recipients and the bounce notices answering their mail (review 10, M3).
  const sum = (list: CompromisedMail[], k: 'messages' | 'delivered'): number =>
    list.reduce((s, x) => s + x[k] + (k === 'delivered' ? x.bounceNotices : 0), 0);
  for (const m of MEASURES) {
    const before = m.value(b.totals);
    const after = m.value(a.totals);
    const label = msg.measures[m.id];
    rows.push(measureRow(m.id, label, m.kind, before, after, hb, ha));
    if (!any || (m.id !== 'received' && m.id !== 'delivered')) continue;
    const k = m.id === 'received' ? 'messages' : 'delivered';
    rows.push(measureRow(LEFT_OUT_ROWS[m.id], msg.leftOut(label), 'count',
      Math.max(0, before - sum(left.before, k)), Math.max(0, after - sum(left.after, k)), hb, ha));
  }
  return rows;
}

function evidenceNumber(f: { evidence: Record<string, number | string> }, key: string): number | null {
  const v = f.evidence[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The mail of each account a compromised-account finding of this run names, since it was guessed: the finding's
 * messagesSinceGuessed, and of recipientsSinceGuessed those delivered (100 − notDeliveredSinceGuessedPercent, a
 * percentage with one decimal: exact below 1,000 recipients, within one recipient per 2,000 above). A finding
 * without these fields: the account's whole mail (its bySaslUser row, else the finding's messages and sent).
 */
export function compromisedMailOf(r: Report): CompromisedMail[] {
  const out: CompromisedMail[] = [];
  const seen = new Set<string>();
  for (const f of r.findings) {
    const user = f.subject.value;
    if (f.rule !== 'compromised-account' || seen.has(user)) continue;
    // A low note of the rule names no compromised account (a sender_login line missing; an account used from many IPs
    // with nothing of another person, review 12 H3): its mail is the owner's.
    if (f.severity === 'low' || f.severity === 'info') continue;
    seen.add(user);
    const messages = evidenceNumber(f, 'messagesSinceGuessed');
    const recipients = evidenceNumber(f, 'recipientsSinceGuessed');
    const notDelivered = evidenceNumber(f, 'notDeliveredSinceGuessedPercent');
    if (messages !== null && recipients !== null && notDelivered !== null) {
      const delivered = Math.round((recipients * (100 - notDelivered)) / 100);
      const bounceNotices = evidenceNumber(f, 'bounceNoticesDeliveredSinceGuessed') ?? 0;
      // An account known only from the sender check refusing others (review 10, H2) may have no mail to leave out.
      if (messages > 0 || delivered > 0 || bounceNotices > 0) out.push({ user, since: f.firstAt, messages, delivered, bounceNotices });
      continue;
    }
    // Every row of the account (review U, U4: --redact-domains gives two rows one key when the domain's case differs).
    const rows = r.bySaslUser.filter((x) => sameAccount(x.key, user));
    if (rows.length > 0 && rows.every((x) => typeof x.sent === 'number' && Number.isFinite(x.sent) && typeof x.messages === 'number')) {
      out.push({ user, since: null, messages: rows.reduce((n, x) => n + x.messages, 0), delivered: rows.reduce((n, x) => n + x.sent, 0), bounceNotices: 0 });
      continue;
    }
    const all = evidenceNumber(f, 'messages');
    const sent = evidenceNumber(f, 'sent');
    if (all !== null && sent !== null) out.push({ user, since: null, messages: all, delivered: sent, bounceNotices: 0 });
  }
  return out;
}

interface MoverSource<T> {
  id: MoverTable['id'];
  rows: (r: Report) => T[];
  /** What matches a row of one side with the other's. */
  key: (x: T) => string;
  /** The row's name in the table (MoverRow.key) when it is not the key itself. */
  label?: (x: T) => string;
  value: (x: T) => number;
  detail?: (x: T) => string;
}

function moverTable<T>(src: MoverSource<T>, b: Report, a: Report, hb: number, ha: number, msg: CompareMessages): MoverTable {
  const collect = (r: Report): { map: Map<string, { v: number; detail: string; label: string }>; cut: boolean } => {
    const rows = src.rows(r) ?? [];
    const map = new Map<string, { v: number; detail: string; label: string }>();
    for (const x of rows) {
      const key = src.key(x);
      map.set(key, { v: src.value(x), detail: src.detail?.(x) ?? '', label: src.label?.(x) ?? key });
    }
    return { map, cut: (r.options?.top ?? 0) > 0 && rows.length >= r.options.top };
  };
  const before = collect(b);
  const after = collect(a);
  const keys = new Set([...before.map.keys(), ...after.map.keys()]);
  const rows: Array<MoverRow & { raw: number }> = [];
  for (const key of keys) {
    const xb = before.map.get(key);
    const xa = after.map.get(key);
    const vb = xb?.v ?? 0;
    const va = xa?.v ?? 0;
    const raw = (va / ha - vb / hb) * 24;
    const changePerDay = round(raw, 1);
    if (changePerDay === 0) continue;
    rows.push({
      key: xa?.label ?? xb?.label ?? key, detail: xa?.detail || xb?.detail || '', before: vb, after: va, beforePerDay: perDay(vb, hb), afterPerDay: perDay(va, ha),
      changePerDay, status: vb === 0 ? 'new' : va === 0 ? 'gone' : raw > 0 ? 'up' : 'down',
      approximate: (xb === undefined && before.cut) || (xa === undefined && after.cut), raw,
    });
  }
  rows.sort((x, y) => Math.abs(y.raw) - Math.abs(x.raw) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { id: src.id, title: msg.movers[src.id].title, metric: msg.movers[src.id].metric, rows: rows.slice(0, MOVERS).map(({ raw: _raw, ...row }) => row) };
}

function movers(b: Report, a: Report, hb: number, ha: number, msg: CompareMessages): MoverTable[] {
  return [
    moverTable({ id: 'saslUsers', rows: (r) => r.bySaslUser, key: (x) => x.key, value: (x) => x.messages }, b, a, hb, ha, msg),
    moverTable({
      id: 'clientIps', rows: (r) => r.byClientIp, key: (x) => x.key,
      value: (x) => x.connections + x.messages + x.authFailures + x.authAborted + x.rejects + x.mailboxLoginFailures,
    }, b, a, hb, ha, msg),
    moverTable({ id: 'senders', rows: (r) => r.bySender, key: (x) => x.key, value: (x) => x.messages }, b, a, hb, ha, msg),
    // Programs submitting through sendmail (pickup's uid=): a hacked web form's spam (review 19, M2: mail uid=33, 8
    // messages before and 402 after, appeared in no table). A report written before the table existed has none.
    moverTable({ id: 'localPrograms', rows: (r) => (Array.isArray(r.byLocalProgram) ? r.byLocalProgram : []), key: (x) => x.key, value: (x) => x.outsideRecipients },
      b, a, hb, ha, msg),
    moverTable({ id: 'recipientDomains', rows: (r) => r.byRecipientDomain, key: (x) => x.key, value: (x) => x.recipients }, b, a, hb, ha, msg),
    deferralMovers(b, a, hb, ha, msg),
  ];
}

/**
 * Deferrals by receiver and cause, as both reports' Deferral reasons tables group them (report.deferralCauses, review
 * Z, Z27): Yahoo's one TSS04 rate limit is one row, not one per host with and without Postfix's cached "delivery
 * temporarily suspended:", and a receiver that moved its refusals to other hosts is no row gone and one new. When
 * either report was made before the causes were grouped (no deferralCauses), both are compared by their normalised
 * reasons, as before: one side's groups would match none of the other's reasons.
 */
function deferralMovers(b: Report, a: Report, hb: number, ha: number, msg: CompareMessages): MoverTable {
  if (!Array.isArray(b.deferralCauses) || !Array.isArray(a.deferralCauses)) {
    return moverTable({ id: 'deferralReasons', rows: (r) => r.deferralReasons, key: (x) => x.reason, value: (x) => x.count, detail: (x) => x.dsn }, b, a, hb, ha, msg);
  }
  const words = tableWordsFor(msg.lang);
  return moverTable({
    id: 'deferralCauses', rows: (r) => r.deferralCauses ?? [],
    key: (x) => `${x.receiver}\u0000${x.cause}\u0000${x.detail}`,
    label: (x) => words.causeLine(x.receiver, x.cause, x.detail),
    value: (x) => x.count, detail: (x) => x.code,
  }, b, a, hb, ha, msg);
}

/** A number of an hourly row that a report made by an older version does not have: null. */
function optional(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function overlay(r: Report): OverlayHour[] {
  return r.hourly.map((x, h) => ({
    h, hour: x.hour, received: x.received, sent: x.sent, deferred: x.deferred, bounced: x.bounced + x.expired,
    // SMTP AUTH failures and IMAP/POP3 login failures, as the analyze report's chart counts them: dovecotAuthFailures
    // also holds Dovecot's check of every SMTP AUTH attempt (smtpd_sasl_type = dovecot), counted twice with it (review
    // 19, M1). A report made before mailboxLoginFailures existed: dovecotAuthFailures, as before.
    rejected: x.rejected, authFailures: x.authFailures + (optional(x.mailboxLoginFailures) ?? x.dovecotAuthFailures), queueSize: x.queueSize,
    deliveredByArrival: optional(x.deliveredByArrival), compromisedDelivered: optional(x.compromisedDeliveredByArrival),
  }));
}

/** report.minutely as overlay rows, counted as overlay() counts the hours; null when the report has no minutes. */
function overlayMinutes(r: Report): OverlayHour[] | null {
  const rows = (r as { minutely?: unknown }).minutely;
  if (!Array.isArray(rows) || rows.length === 0) return null;
  // A row that does not say (hand-edited, cut short): the hours, which compare checks, draw the charts instead.
  const KEYS = ['received', 'sent', 'deferred', 'bounced', 'expired', 'rejected', 'authFailures', 'mailboxLoginFailures', 'queueSize'] as const;
  const whole = (x: unknown): x is MinuteRow => x !== null && typeof x === 'object' && typeof (x as MinuteRow).minute === 'string'
    && KEYS.every((k) => { const v = (x as MinuteRow)[k]; return typeof v === 'number' && Number.isFinite(v) && v >= 0; });
  if (!rows.every(whole)) return null;
  return rows.map((x, h) => ({
    h, hour: x.minute, received: x.received, sent: x.sent, deferred: x.deferred, bounced: x.bounced + x.expired,
    rejected: x.rejected, authFailures: x.authFailures + x.mailboxLoginFailures, queueSize: x.queueSize,
    deliveredByArrival: optional(x.deliveredByArrival), compromisedDelivered: optional(x.compromisedDeliveredByArrival),
  }));
}

/** Both sides' minutes, or nothing when either report does not list them (the charts then keep hours). */
function overlayMinutesOfBoth(before: Report, after: Report): { minutely?: { before: OverlayHour[]; after: OverlayHour[] } } {
  const b = overlayMinutes(before);
  const a = overlayMinutes(after);
  return b !== null && a !== null ? { minutely: { before: b, after: a } } : {};
}

function ratesNote(b: ComparedSide, a: ComparedSide, msg: CompareMessages): { sameLength: boolean; note: string } {
  const hb = b.period.hours;
  const ha = a.period.hours;
  const sameLength = Math.abs(hb - ha) <= 0.05 * Math.max(hb, ha, 1);
  return { sameLength, note: msg.ratesNote({ sameLength, before: hb, after: ha, shortPeriod: Math.min(hb, ha) < 1 }) };
}

/** A report's period.timezone that is a UTC offset ("+09:00"; "local": classic syslog, none). */
const OFFSET = /^[+-]\d\d:\d\d$/;

/** A period bound as an instant: with its UTC offset when both periods have one, else as wall-clock time. */
function instants(b: ComparedSide, a: ComparedSide): { bFrom: number; bTo: number; aFrom: number; aTo: number } | null {
  const offsets = [b, a].every((s) => OFFSET.test(s.period.timezone));
  const ms = (s: ComparedSide, t: string | null): number => {
    if (t === null) return NaN;
    const bare = t.replace(/([+-]\d\d:\d\d|Z)$/, '');
    return Date.parse(`${bare}${offsets ? s.period.timezone : 'Z'}`);
  };
  const x = { bFrom: ms(b, b.period.from), bTo: ms(b, b.period.to), aFrom: ms(a, a.period.from), aTo: ms(a, a.period.to) };
  return Object.values(x).every(Number.isFinite) ? x : null;
}

function timeText(t: string | null): string {
  return t === null ? '?' : t.replace('T', ' ').replace(/(\.\d+)?([+-]\d\d:\d\d|Z)?$/, '');
}

/**
 * Where the after period lies against the before period. An after log older than the before log (rotated files
 * given the wrong way round: maillog.1 as after) turns every finding of the newer log into "resolved": the
 * comparison warns, first in the verdict, and its headline says "Check the order" instead of "Fixed".
 */
export function periodOrder(b: ComparedSide, a: ComparedSide, msg: CompareMessages = compareEn): Comparison['order'] {
  const t = instants(b, a);
  if (t === null) return { relation: 'unknown', overlapHours: 0, note: null };
  const bp = { from: timeText(b.period.from), to: timeText(b.period.to) };
  const ap = { from: timeText(a.period.from), to: timeText(a.period.to) };
  let relation: PeriodOrder;
  if (t.aFrom === t.bFrom && t.aTo === t.bTo) relation = 'same';
  else if (t.aTo <= t.bFrom) relation = 'after-older';
  else if (t.aFrom >= t.bTo) relation = 'after-later';
  else relation = 'overlapping';
  const overlapHours = relation === 'same' || relation === 'overlapping'
    ? round((Math.min(t.aTo, t.bTo) - Math.max(t.aFrom, t.bFrom)) / 3_600_000, 2) : 0;
  let note: string | null = null;
  if (relation === 'after-older') {
    // A before report and an after log of classic stamps (no year, no offset) that one year later would follow the
    // before period: --year was the before log's year, not the after log's own (review 19, L2).
    const year = Number((a.period.from ?? '').slice(0, 4));
    const later = (ms: number): number => { const d = new Date(ms); d.setUTCFullYear(d.getUTCFullYear() + 1); return d.getTime(); };
    const nextYear = b.source.kind === 'report' && a.source.kind === 'logs' && a.period.timezone === 'local' && Number.isInteger(year)
      && later(t.aFrom) >= t.bTo ? year + 1 : undefined;
    note = msg.orderAfterOlder({ before: bp, after: ap, touching: t.aTo === t.bFrom, ...(nextYear === undefined ? {} : { nextYear }) });
  }
  else if (relation === 'same') note = msg.orderSame({ before: bp });
  // "Were the two swapped?" only when the after period also ends first: one that holds the whole before period and
  // more is a set copied with an older rotation (review 19, H5).
  else if (relation === 'overlapping') {
    const holds = t.aFrom <= t.bFrom && t.aTo >= t.bTo;
    note = msg.orderOverlapping({ hours: overlapHours, before: bp, after: ap, afterFirst: t.aFrom < t.bFrom && !holds, holds });
  }
  return { relation, overlapHours, note };
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Whether a side can be compared at all. A side with no dated Postfix/Dovecot line (period.from null: an empty
 * maillog just after logrotate, random bytes, a .zip) or with an input it mostly did not understand (the report's
 * mostly-unparsed warning) or with no Postfix/Dovecot line (its no-mail-lines warning) would turn every finding of
 * the other side into "resolved" (review 8, H2: "Fixed: 7 of the 7 findings resolved" against an empty file).
 */
export function unusableSide(r: Report, side: 'before' | 'after', source: 'report' | 'logs', msg: CompareMessages = compareEn): UnusableSide | null {
  const base = { side, source, lines: count(r.lines?.total), path: '', unparsed: 0, inputLines: 0,
    since: r.since && typeof r.since.at === 'string' ? timeText(r.since.at) : null };
  if (r.period.from === null) return { side, reason: 'no-mail-lines', note: msg.unusable({ ...base, reason: 'no-mail-lines' }) };
  for (const i of r.inputs) {
    const lines = count(i.lines);
    const unparsed = count(i.unparsed);
    // A file wholly before --since (the older file of a rotated after set, maillog.1,maillog) is no other log: its
    // lines are the cut's (review 16: "the after log has no Postfix/Dovecot line from …" and exit 2).
    if (lines > 0 && count(i.parsed) === 0 && unparsed === 0 && count(i.beforeSince) === 0) {
      return { side, reason: 'no-mail-lines', note: msg.unusable({ ...base, reason: 'no-mail-lines', lines }) };
    }
    if (isMostlyUnparsed(lines, unparsed)) {
      return { side, reason: 'not-understood', note: msg.unusable({ ...base, reason: 'not-understood', path: i.path, unparsed, inputLines: lines }) };
    }
  }
  return null;
}

/** The checks shown first in the verdict: sides that cannot be compared, two runs of no common host, the reports' warnings. */
/**
 * Of the after log's lines the cut left out, those from before the before run's own --since start: counted on neither
 * side (review R, R7b). By the hours the after run left lines out of (since.hourly): `lines` those of the hours wholly
 * before the start; `atLeast` when the hour it falls within has lines too (some of them may be before it). Null when
 * the before run was not made with --since or no line left out is before its start; `lines` null when the after
 * report does not count its lines left out by the hour (older versions).
 */
export function uncountedBefore(before: Report, after: Report): { since: string; lines: number | null; atLeast: boolean } | null {
  const at = before.since && typeof before.since.at === 'string' ? parseLocalTime(before.since.at) : NaN;
  if (!Number.isFinite(at) || !after.since) return null;
  const since = timeText(before.since!.at);
  const hourly = after.since.hourly;
  if (!Array.isArray(hourly)) return count(after.since.linesBefore) > 0 ? { since, lines: null, atLeast: false } : null;
  // The hour the start falls within: the before run's own lines left out of it (before.since.hourly) are as many of
  // them as the same log grown has before the start.
  const own = new Map<number, number>();
  for (const h of Array.isArray(before.since!.hourly) ? before.since!.hourly : []) {
    if (typeof h.lines === 'number') own.set(parseLocalTime(h.hour), h.lines);
  }
  let lines = 0;
  let partial = 0;
  for (const h of hourly) {
    const hour = parseLocalTime(h.hour);
    if (!Number.isFinite(hour) || typeof h.lines !== 'number') continue;
    if (hour + 3_600_000 <= at) lines += h.lines;
    else if (hour < at) {
      const theirs = own.get(hour);
      if (theirs === undefined) partial += h.lines;
      else lines += Math.min(theirs, h.lines);
    }
  }
  return lines === 0 && partial === 0 ? null : { since, lines, atLeast: partial > 0 };
}

export function sideChecks(before: Report, after: Report, b: ComparedSide, a: ComparedSide, msg: CompareMessages = compareEn): SideChecks {
  const unusable = [unusableSide(before, 'before', b.source.kind, msg), unusableSide(after, 'after', a.source.kind, msg)]
    .filter((x): x is UnusableSide => x !== null);
  // Two different servers (an agency's report directories mixed up: review 8, M4). Only when both runs name hosts.
  const shared = b.hosts.some((h) => a.hosts.includes(h));
  const hosts = b.hosts.length > 0 && a.hosts.length > 0 && !shared ? msg.hostsDiffer({ before: b.hosts, after: a.hosts }) : null;
  // Runs made with different detection options (review 19, M4: the after run with --allow-users info@example.jp read
  // "Resolved … 290 after, below the rule's threshold").
  const ob = optionsText(before.options?.detection);
  const oa = optionsText(after.options?.detection);
  const options = ob !== oa ? msg.optionsDiffer({ before: ob, after: oa }) : null;
  // One side in classic syslog (no offset), the other with one: the periods cannot be placed against each other
  // (after-side.ts does not cut the after log then).
  // A log with two offsets (a DST change) has offsets too, though its timezone is "local" (after-side.ts places it
  // by wall clock).
  const offsets = (p: Report['period'] | undefined): boolean => p !== undefined
    && (OFFSET.test(p.timezone) || (Array.isArray(p.zones) && p.zones.length > 0 && p.zones.every((z) => OFFSET.test(z))));
  const zones = offsets(before.period) !== offsets(after.period) && unusable.length === 0
    ? msg.zonesDiffer({ before: b.period.timezone, after: a.period.timezone, afterLogs: a.source.kind === 'logs' }) : null;
  const warnings = (r: Report): string[] => (Array.isArray(r.warnings) ? r.warnings.filter((w): w is string => typeof w === 'string') : []);
  const since = after.since;
  // Lines left out that are not the before period's, hour by hour: another server of the same name? (review P, P7)
  const unlike = cutLines(before, after);
  const cutArgs = since && typeof since.at === 'string'
    ? { since: timeText(since.at), lines: count(since.linesBefore), uncounted: uncountedBefore(before, after) } : null;
  // A before report of an older version of a log whose offsets change (a DST change): its times are wall clocks as
  // written, and its end the latest of them, so that the after log is placed against it by wall clock (after-side.ts),
  // which may be off by the change (review W, W4: "RESOLVED sasl-bruteforce, 2 failed logins after", 137 per hour in
  // truth). Never for logs given as the before side: this version analyzed them.
  const older = b.source.kind === 'report' && before.period !== undefined ? olderMixedOffsets(before.period) : null;
  const olderBefore = older !== null && unusable.length === 0 ? msg.olderBeforeOffsets({ offsets: older, afterCut: cutArgs !== null }) : null;
  const cut = cutArgs === null ? null
    : unlikeBeforePeriod(unlike)
      ? msg.afterCutUnlike({ ...cutArgs, hours: unlike.hours, alike: unlike.alike, beforeLines: unlike.before, afterLines: unlike.after,
        host: b.hosts.find((h) => a.hosts.includes(h)) ?? null })
      : msg.afterCut(cutArgs);
  // The report's own --since warning says the same: not repeated. Told by its text (run.ts writes it from
  // report.since, in the report's language), not by its place in the list.
  const sinceWarning = since && typeof since.at === 'string'
    ? messagesFor(after.lang ?? 'en').warnings.since({ since: since.at.replace('T', ' '), lines: count(since.linesBefore) })
    : null;
  // So does each after input's "all of it before --since" (maillog.1 of a rotated after set, maillog.1,maillog).
  const cutAway = new Set(cut === null ? [] : after.inputs.filter((i) => count(i.beforeSince) > 0 && count(i.parsed) === 0)
    .map((i) => messagesFor(after.lang ?? 'en').warnings.allBeforeSince({ path: i.path, before: count(i.beforeSince) })));
  const own = (r: Report): string[] => (r === after && cut !== null ? warnings(r).filter((w) => w !== sinceWarning && !cutAway.has(w)) : warnings(r));
  // A bulk deletion in the cut after log of messages queued before the cut (review 19, M3).
  const unnamed = count((after.totals as unknown as Record<string, unknown>).postsuperDeleted) - (Array.isArray(after.deletedInBulk) ? after.deletedInBulk.length : 0);
  const left = Array.isArray(before.stillQueued) ? before.stillQueued : [];
  const legit = left.filter((q) => q.legitimate === true);
  const senders = [...new Set(legit.map((q) => (q.saslUser !== '' ? q.saslUser : q.sender)))].sort();
  const purge = cut !== null && unnamed > 0 && left.length > 0
    ? msg.purgeAfterCut({ deleted: unnamed, queued: left.length, legitimate: legit.length, senders }) : null;
  return {
    unusable, hosts, zones, olderBefore, cut, options, purge, versions: versionsNote(b, a, msg), languages: languagesNote(before, after, msg),
    warnings: { before: own(before), after: own(after) },
  };
}

/**
 * The two reports come from different builds (review AB, F5): other versions, or other commits of one version
 * (tool.commit), or one naming its commit and the other none (an older version, or a build from no git checkout). A
 * rule's evidence and thresholds change between builds, so a finding fixed or new may come from that; said briefly.
 * Never for two log sides, analyzed by this build alike.
 */
function versionsNote(b: ComparedSide, a: ComparedSide, msg: CompareMessages): string | null {
  if (b.source.kind === 'logs' && a.source.kind === 'logs') return null;
  if (b.toolVersion === '' && a.toolVersion === '') return null;
  if (b.toolVersion === a.toolVersion && b.toolCommit === a.toolCommit) return null;
  const text = (s: ComparedSide): string => (s.toolVersion === '' ? '?' : buildText(s.toolVersion, s.toolCommit, s.toolModified));
  return msg.versionsDiffer({ before: text(b), after: text(a), noCommit: (['before', 'after'] as const).filter((x) => (x === 'before' ? b : a).toolCommit === undefined) });
}

/**
 * The real account the after run's background guessing goes for (its sasl-bruteforce evidence, review AL, AL2), for
 * the headline; {} when none (or an after report of an older version).
 */
function targetedOf(after: Finding | null): { targeted?: { name: string; failures: number; of: number } } {
  const e = after?.evidence;
  if (e === undefined || typeof e.targetedAccount !== 'string' || typeof e.failuresForTargetedAccount !== 'number'
    || typeof e.failedLoginsFromAttackingIps !== 'number') return {};
  return { targeted: { name: e.targetedAccount, failures: e.failuresForTargetedAccount, of: e.failedLoginsFromAttackingIps } };
}

/** A side report in another language than the comparison (review AB, F10): its titles and subjects stay in it. */
function languagesNote(before: Report, after: Report, msg: CompareMessages): string | null {
  const langOf = (r: Report): string => (typeof r.lang === 'string' ? r.lang : 'en');
  const sides = (['before', 'after'] as const).filter((x) => langOf(x === 'before' ? before : after) !== msg.lang);
  if (sides.length === 0) return null;
  return msg.languagesDiffer({ sides: sides.map((x) => ({ side: x, lang: langOf(x === 'before' ? before : after) })) });
}

/** A run's detection options as command-line options, null for none (report.options.detection). */
export function optionsText(d: Report['options']['detection'] | undefined): string | null {
  if (d === undefined || d === null) return null;
  const parts = [
    ...(d.allowIps.length > 0 ? [`--allow-ips ${d.allowIps.join(',')}`] : []),
    ...(d.allowUsers.length > 0 ? [`--allow-users ${d.allowUsers.join(',')}`] : []),
    ...Object.entries(d.thresholds).map(([k, v]) => `--threshold ${k}=${v}`),
    ...(d.queueSnapshot ? ['--queue'] : []),
  ];
  return parts.length === 0 ? null : parts.join(' ');
}

/** The one-line verdict; `order`: an after log older than the before log, or overlapping it uncut, is never "Fixed" alone. */
function headline(
  findings: FindingMatch[], counts: Comparison['verdict']['counts'], order: Comparison['order'], afterHours: number, msg: CompareMessages,
): string {
  // Rules by their names ("Password guessing"), not their ids (review Z, Z11).
  const name = (f: FindingMatch): string => ruleName(f.rule, msg.lang);
  return msg.headline({
    counts,
    reduced: findings.filter((f) => f.status === 'reduced' && f.background !== true).map((f) => {
      const x = statusExtras(f);
      const sev = f.severity.before !== null && f.severity.after !== null ? `${f.severity.before} → ${f.severity.after}` : undefined;
      return x.bySeverity === true || f.measure.changePct === null
        ? { rule: name(f), pct: null, ...(sev === undefined ? {} : { severity: sev }) } : { rule: name(f), pct: Math.round(-f.measure.changePct) };
    }),
    added: findings.filter((f) => f.status === 'new' && f.followUp !== true).map(name),
    unchanged: counts.persisting > 0 && findings.every((f) => f.status === 'persisting' && f.measure.changePct === 0),
    reversed: order.relation === 'after-older',
    ...(order.relation === 'overlapping' ? { overlapHours: order.overlapHours } : {}),
    sameRate: findings.filter(sameRateOnly).map(name),
    afterHours: fmtRate(afterHours),
    background: findings.filter((f) => f.background === true).map((f) => ({
      rule: name(f), before: fmtRate(f.measure.beforePerHour ?? 0), after: fmtRate(f.measure.afterPerHour ?? 0),
      ...targetedOf(f.after),
    })),
    followUp: findings.filter((f) => f.followUp === true).map(name),
    stillGoingOn: findings.filter(stillGoingOn).map((f) => {
      const g = f.measure.stillGoingOn!;
      return {
        name: name(f), rule: f.rule, kind: g.kind, list: g.list, count: g.count, of: g.of, events: g.events, atLeast: g.atLeast,
        // Backscatter's kinds of bounce are named in the headline too (there are three at most).
        ...(g.kind === 'bounces' ? { items: g.items } : {}),
      };
    }),
    unchecked: findings.filter(intrudersUnchecked).map(name),
    tooShort: findings.filter(tooShortOnly).map(name),
    newSenders: findings.filter(newSendersAfter).map(name),
    ...intrudersConnecting(findings),
  });
}

/**
 * Review AK, AK3 (follow-up): the before run's intruder IPs that still connect after, for the headline, when some of
 * them do without using the account (CarriedOver.stillTrying): those plus the ones using it (count), of the list.
 */
function intrudersConnecting(findings: FindingMatch[]): Pick<HeadlineParts, 'intrudersConnecting'> {
  const carried = findings.map((f) => f.measure.carriedOver).filter((c): c is CarriedOver => c?.kind === 'intruder-ips' && c.stillTrying !== undefined);
  if (carried.length === 0) return {};
  const count = carried.reduce((s, c) => s + c.count + c.stillTrying!.count, 0);
  const of = carried.reduce((s, c) => s + c.of, 0);
  // "At least 43 of the 43" is all of them.
  return { intrudersConnecting: { count: Math.min(count, of), of, atLeast: count < of && carried.some((c) => c.atLeast || c.stillTrying!.atLeast) } };
}

/**
 * The mail-flow line: received and delivered per day, bounce rate, still queued. When a run has a compromised
 * account, received and delivered are given without its mail since the guess (the legitimate flow), and the line
 * says what was left out and what the totals with it are.
 */
/**
 * Spam relayed without a login that the counts do not leave out (review 19, M2): per run, the sources and relayed
 * recipients of its open-relay findings of spam (high, critical; not the low bulk notes of a newsletter).
 */
function relayedSpamOf(before: Report, after: Report): NonNullable<MailFlowParts['relayedSpam']> {
  return ([['before', before], ['after', after]] as const).flatMap(([side, r]) => {
    const spam = r.findings.filter((f) => f.rule === 'open-relay' && (f.severity === 'critical' || f.severity === 'high'));
    const recipients = spam.reduce((s, f) => s + (evidenceNumber(f, 'relayedRecipients') ?? 0), 0);
    return recipients > 0 ? [{ side, sources: spam.map((f) => f.subject.value), recipients }] : [];
  });
}

function mailFlow(
  rows: MeasureRow[], left: Comparison['compromisedMail'], msg: CompareMessages, relayedSpam: MailFlowParts['relayedSpam'] = [], periodHours?: MailFlowParts['periodHours'],
): string {
  const m = (id: string): MeasureRow => rows.find((r) => r.id === id)!;
  const perDay = (r: MeasureRow): Record<'before' | 'after', string> => ({ before: fmtPerDay(r.beforePerDay!), after: fmtPerDay(r.afterPerDay!) });
  const any = left.before.length > 0 || left.after.length > 0;
  return msg.mailFlow({
    received: perDay(m('received')),
    delivered: perDay(m('delivered')),
    bounceRate: { before: m('bounceRate').before, after: m('bounceRate').after },
    stillQueued: { before: m('stillQueued').before, after: m('stillQueued').after },
    ...(relayedSpam.length > 0 ? { relayedSpam } : {}),
    ...(periodHours === undefined ? {} : { periodHours }),
    leftOut: !any ? null : {
      received: perDay(m(LEFT_OUT_ROWS.received)),
      delivered: perDay(m(LEFT_OUT_ROWS.delivered)),
      sides: (['before', 'after'] as const).filter((s) => left[s].length > 0).map((s) => ({
        side: s, users: left[s].map((c) => c.user), messages: left[s].reduce((x, c) => x + c.messages, 0),
        delivered: left[s].reduce((x, c) => x + c.delivered, 0), bounceNotices: left[s].reduce((x, c) => x + c.bounceNotices, 0),
        sinceGuessed: left[s].every((c) => c.since !== null),
      })),
    },
  });
}

/** The comparison of two reports. Throws a UsageError when they cannot be compared (schema, redaction). */
export function compareReports(before: Report, after: Report, opts: CompareOptions): Comparison {
  const bName = opts.beforeName ?? 'the before report';
  const aName = opts.afterName ?? 'the after report';
  checkSchemas(before, after, bName, aName);
  checkShape(before, bName);
  checkShape(after, aName);
  checkRedaction(before.redaction, after.redaction, bName, aName, opts.messages ?? compareEn);

  const msg = opts.messages ?? compareEn;
  // A redacted report names its files only, never the directories typed (review Z, Z25): so does a comparison of two
  // (review AB, F4: compare.md read "from the report /home/…/clients/acme/before/report.json").
  const named = (source: ComparedSide['source']): ComparedSide['source'] => (before.redaction ? { ...source, paths: source.paths.map((p) => basename(p)) } : source);
  const b = side(before, named(opts.before));
  const a = side(after, named(opts.after));
  const findings = matchFindings(before.findings, after.findings, { before: b.rateHours, after: a.rateHours }, (f) => residualOf(f, after), msg,
    (f) => carriedOverOf(f, after, before.period.to, before), (f) => longestPause(f, before.hourly), (f) => stillGoingOnOf(f, before, after, opts.afterIps));
  const counts: Comparison['verdict']['counts'] = { resolved: 0, reduced: 0, persisting: 0, new: 0 };
  for (const f of findings) counts[f.status]++;
  const background = findings.filter((f) => f.background === true).length;
  const followUp = findings.filter((f) => f.followUp === true).length;
  const going = findings.filter(stillGoingOn).length;
  if (background > 0) counts.background = background;
  if (going > 0) counts.stillGoingOn = going;
  if (followUp > 0) counts.followUp = followUp;
  // Of the resolved, those whose verdict reads "Unclear" (review AK, AK1): `resolved` keeps counting them, as before.
  const unclear = findings.filter(unclearResolved).length;
  if (unclear > 0) counts.unclear = unclear;
  const compromisedMail = { before: compromisedMailOf(before), after: compromisedMailOf(after) };
  const totals = measures(before, after, b.rateHours, a.rateHours, compromisedMail, msg);
  const order = periodOrder(b, a, msg);
  const fresh = newRefusals(before, after);
  const authOff = authOffOnPort25Of(before, after);
  const checks = sideChecks(before, after, b, a, msg);
  const headlineText = checks.unusable.length > 0
    ? msg.headlineUnusable({ sides: checks.unusable.map((u) => ({ side: u.side, source: (u.side === 'before' ? b : a).source.kind, reason: u.reason })) })
    : headline(findings, counts, order, a.rateHours, msg);
  return {
    comparisonVersion: COMPARISON_VERSION,
    reportSchemaVersion: before.schemaVersion,
    tool: { name: 'maillog-forensics', version: opts.version, ...(opts.build === undefined ? {} : opts.build) },
    ...(msg.lang !== 'en' ? { lang: msg.lang } : {}),
    before: b,
    after: a,
    rates: ratesNote(b, a, msg),
    redaction: before.redaction ? { keyFingerprint: before.redaction.keyFingerprint, domains: before.redaction.domains } : null,
    order,
    checks,
    verdict: {
      headline: headlineText, mailFlow: mailFlow(totals, compromisedMail, msg, relayedSpamOf(before, after), { before: b.period.hours, after: a.period.hours }), counts,
      ...(fresh.length > 0 && checks.unusable.length === 0 ? { newRefusals: { items: fresh, text: msg.newRefusals(fresh) } } : {}),
      ...(authOff !== null && checks.unusable.length === 0 ? { authOffOnPort25: { ...authOff, text: msg.authOffOnPort25(authOff) } } : {}),
    },
    compromisedMail,
    findings,
    totals,
    movers: movers(before, after, b.rateHours, a.rateHours, msg),
    hourly: { before: overlay(before), after: overlay(after) },
    ...overlayMinutesOfBoth(before, after),
  };
}

/** The finding kinds `--fail-on` accepts. */
export const FAIL_ON = ['persisting', 'new'] as const;
export type FailOn = typeof FAIL_ON[number];

/**
 * `--fail-on` against a side that cannot be compared: the reason (the headline), never a pass. The command exits 2
 * ("the input is not usable") whatever the findings: an empty after log must not pass for a clean server.
 */
export function unusableForFailOn(c: Comparison): string | null {
  return c.checks.unusable.length > 0 ? c.verdict.headline : null;
}

/**
 * The findings that make `--fail-on` fail: "persisting" counts every finding of the before run that still fires
 * (reduced ones too: the problem is still there), and those below their threshold but still going on (stillGoingOn),
 * "new" the findings only the after run has. A resolved finding at
 * the same rate (sameRateOnly) makes the headline "Unclear" but does not fail: its count after holds the users' own
 * old passwords and typos too (review 17, L5: four phones after a password change failed a CI gate).
 */
export function failingFindings(c: Comparison, kinds: FailOn[]): FindingMatch[] {
  // Review 19: a follow-up note (the phone with the old password, the sender_login line to add) is what the fix left
  // to do, not a new problem; a brute force down to its background (nothing logged in) is the weather, not the incident.
  // Nor is password guessing that the after run itself calls background (low: no IP over the per-IP threshold, no login,
  // no burst; review Z, Z5), whether it was there before or not.
  // Unless the before run's own attackers are among that background (stillGoingOn): the same attack, below the threshold.
  return c.findings.filter((f) => !(f.after !== null && isBackgroundGuessing(f.after) && !stillGoingOn(f)) && ((kinds.includes('new') && f.status === 'new' && f.followUp !== true)
    || (kinds.includes('persisting') && (f.status === 'persisting' || f.status === 'reduced') && f.background !== true)));
}
