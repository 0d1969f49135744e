// compare.json → compare.md (for tickets), and the "Compared with the baseline" section of report.md. Pure functions
// of the comparison model; every value from a log goes through the same escaping as report.md.

import { citedNames } from '../report/input-names.js';
import type { Finding } from '../types.js';
import type { ChartLink } from '../render/markdown.js';
import { mdCode, mdText } from '../render/escape.js';
import { evidenceLabelText, evidenceRows, evidenceValueText, shownEvidenceKeys } from '../render/evidence.js';
import { n, when } from '../render/format.js';
import type { ComparedSide, Comparison, FindingMatch, FindingStatus, MeasureRow, MoverTable } from './model.js';
import { fmtPerDay, signed, signedPct } from './numbers.js';
import { afterComplete, afterText, amountText, statusExtras, statusText, stillGoingOn } from './match.js';
import { unclearResolved } from './unclear.js';
import type { CompareGroup, CompareMessages } from '../i18n/compare.js';
import { compareMessagesFor } from '../i18n/compare.js';
import type { Messages } from '../i18n/index.js';
import { shortTitle } from '../report/overview.js';
import { aboutOf } from './about.js';
import { messagesFor } from '../i18n/index.js';

type Cell = string | number;

/** The statuses in the order of the tiles and the sections. */
const STATUSES: readonly FindingStatus[] = ['resolved', 'reduced', 'persisting', 'new'];

/**
 * The sections of findings, in the order of the tiles: one per status, and before "Still there" the persisting findings
 * below their threshold but still going on (FindingMeasure.stillGoingOn), after "Fixed" the resolved findings whose
 * verdict reads "Unclear" (unclear.ts; review AK, AK1: six "Unclear" verdicts sat under "Fixed (7)"), each a section of
 * its own only when there are some (so a comparison without them reads as before).
 */
export function findingGroups(c: Pick<Comparison, 'findings'>): Array<[CompareGroup, FindingMatch[]]> {
  const out: Array<[CompareGroup, FindingMatch[]]> = [];
  for (const s of STATUSES) {
    const going = s === 'persisting' ? c.findings.filter(stillGoingOn) : [];
    if (going.length > 0) out.push(['stillGoingOn', going]);
    out.push([s, c.findings.filter((f) => f.status === s && !stillGoingOn(f) && !unclearResolved(f))]);
    const unclear = s === 'resolved' ? c.findings.filter(unclearResolved) : [];
    if (unclear.length > 0) out.push(['unclear', unclear]);
  }
  return out;
}

/** The words of a comparison: its own language's (compare.json `lang`), and the report's for severities and subject kinds. */
interface Words { c: CompareMessages; r: Messages }

function wordsOf(c: Comparison): Words {
  return { c: compareMessagesFor(c.lang), r: messagesFor(c.lang) };
}

function table(w: Words, headers: readonly string[], rows: Cell[][], numeric: boolean[] = []): string {
  if (rows.length === 0) return `${w.r.report.none}\n`;
  const head = `| ${headers.join(' | ')} |`;
  const rule = `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? n(c) : c)).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

function h(depth: number, text: string): string {
  return `${'#'.repeat(depth)} ${text}`;
}

/** "75.03": the hours of a period, up to two decimals (the catalog adds the unit). */
function hoursNumber(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function periodLine(w: Words, label: string, s: ComparedSide): string {
  return w.c.md.periodLine({
    label, from: when(s.period.from), to: when(s.period.to), timezone: s.period.timezone, hours: hoursNumber(s.period.hours),
    lines: s.lines, findings: s.findings, kind: s.source.kind, paths: s.source.paths.map((p) => mdText(p)),
  });
}

/** The status as a badge: "**RESOLVED**", "**REDUCED BY 44%**" … The HTML renderer turns these into badges (html.ts badges). */
export function badgeText(f: FindingMatch, msg: CompareMessages): string {
  return statusText(f.status, f.measure, msg, statusExtras(f)).toUpperCase();
}

function badge(w: Words, f: FindingMatch): string {
  return `**${badgeText(f, w.c)}**`;
}

function sevText(w: Words, f: FindingMatch): string {
  const { before, after } = f.severity;
  if (before && after && before !== after) return `${w.r.report.severityTag(before)} → ${w.r.report.severityTag(after)}`;
  return w.r.report.severityTag((before ?? after)!);
}

/** What the finding is about in plain words (about.ts): its rule's name and, when worth showing, its subject as code. */
function aboutMd(w: Words, f: FindingMatch): string {
  const a = aboutOf((f.before ?? f.after)!, w.c.lang);
  return w.c.about(mdText(a.name), a.value === null ? null : mdCode(a.value, 120));
}

/** What became of the finding's number: "messages sent: 304 (4.05 per hour) before, 7 (0.16 per hour) after …". */
function changeMd(w: Words, f: FindingMatch): string {
  const m = f.measure;
  return w.c.md.change({
    status: f.status, label: mdText(m.label), before: f.before ? amountText(m, 'before', w.c) : '', after: afterText(f, w.c), afterComplete: afterComplete(f),
  });
}

function verdictLine(w: Words, f: FindingMatch): string {
  return w.c.md.verdictLine({ badge: badge(w, f), severity: sevText(w, f), rule: f.rule, about: aboutMd(w, f), change: changeMd(w, f) });
}

/** The order warning (after-older) or note (overlapping or same periods), shown first in the verdict; absent in older compare.json files. */
function orderNote(w: Words, c: Comparison): string[] {
  const o = c.order;
  if (!o || o.note === null) return [];
  return [`> **${o.relation === 'after-older' ? w.c.md.warning : w.c.md.note}:** ${mdText(o.note, 1000)}`, ''];
}

/**
 * What must be read before the headline: a side that cannot be compared and two runs of no common host (warnings),
 * then the order note; each report's own warnings follow (compare.md used to drop them: review 8, H2).
 */
function checkNotes(w: Words, c: Comparison): { first: string[]; reports: string[] } {
  const k = c.checks;
  if (!k) return { first: [], reports: [] };
  const warn = (text: string): string[] => [`> **${w.c.md.warning}:** ${mdText(text, 1000)}`, ''];
  const first = [...k.unusable.flatMap((u) => warn(u.note)), ...(k.hosts === null ? [] : warn(k.hosts)), ...(k.zones ? warn(k.zones) : []),
    ...(k.olderBefore ? warn(k.olderBefore) : []), ...(k.options ? warn(k.options) : []),
    ...(k.cut ? [`> **${w.c.md.note}:** ${mdText(k.cut, 1000)}`, ''] : []), ...(k.purge ? warn(k.purge) : []),
    // Review AB: reports of other builds (F5), in another language (F10).
    ...(k.versions ? warn(k.versions) : []), ...(k.languages ? [`> **${w.c.md.note}:** ${mdText(k.languages, 1000)}`, ''] : [])];
  const reports = (['before', 'after'] as const).flatMap((side) => k.warnings[side].flatMap((text) => [
    `> **${mdText(w.c.md.sideWarning(side))}:** ${mdText(text, 1000)}`, '']));
  return { first, reports };
}

function verdict(w: Words, c: Comparison, depth: number): string {
  const out: string[] = [h(depth, w.c.md.verdict), ''];
  const notes = checkNotes(w, c);
  out.push(...notes.first);
  out.push(...orderNote(w, c));
  out.push(...notes.reports);
  out.push(`**${mdText(c.verdict.headline, 1000)}**`);
  out.push('');
  // Against a side that cannot be compared, no "RESOLVED … none after" line under the headline, nor a mail flow of
  // "0 messages received per day" (review 16: the flow of a log that holds no mail line).
  const unusable = (c.checks?.unusable.length ?? 0) > 0;
  if (c.findings.length > 0 && !unusable) {
    for (const f of c.findings) out.push(verdictLine(w, f));
    out.push('');
  }
  if (!unusable) {
    out.push(mdText(c.verdict.mailFlow, 1000));
    out.push('');
    if (c.verdict.newRefusals !== undefined) { out.push(mdText(c.verdict.newRefusals.text, 1000)); out.push(''); }
    if (c.verdict.authOffOnPort25 !== undefined) { out.push(mdText(c.verdict.authOffOnPort25.text, 1000)); out.push(''); }
  }
  return out.join('\n');
}

function measureCells(w: Words, m: MeasureRow): Cell[] {
  if (m.kind === 'ratio') return [mdText(m.label), `${m.before.toFixed(1)}%`, `${m.after.toFixed(1)}%`, w.c.md.points(signed(m.delta, 1)), '–', '–', '–'];
  if (m.kind === 'level') return [mdText(m.label), m.before, m.after, signed(m.delta), '–', '–', signedPct(m.changePct)];
  return [mdText(m.label), m.before, m.after, signed(m.delta), fmtPerDay(m.beforePerDay!), fmtPerDay(m.afterPerDay!), signedPct(m.changePct)];
}

function totals(w: Words, c: Comparison, depth: number): string {
  const out: string[] = [h(depth, w.c.md.totals), ''];
  out.push(table(w, w.c.md.totalsHeaders, c.totals.map((m) => measureCells(w, m)), [false, true, true, true, true, true, true]));
  out.push(w.c.md.ratesLine({ before: c.before.period.hours, after: c.after.period.hours }));
  out.push('');
  const left = leftOutLine(w, c);
  if (left !== '') out.push(left, '');
  return out.join('\n');
}

/** What the "compromised accounts left out" rows leave out, per side. */
function leftOutLine(w: Words, c: Comparison): string {
  const cm = c.compromisedMail;
  if (!cm || (cm.before.length === 0 && cm.after.length === 0)) return '';
  return w.c.md.leftOutLine((['before', 'after'] as const).filter((s) => cm[s].length > 0).map((s) => ({
    side: s,
    accounts: cm[s].map((x) => ({ user: mdCode(x.user, 120), since: x.since === null ? null : when(x.since), messages: x.messages, delivered: x.delivered, bounceNotices: x.bounceNotices ?? 0 })),
  })));
}


function examples(w: Words, inputs: string[], f: Finding, side: 'before' | 'after'): string[] {
  if (f.examples.length === 0) return [];
  const out = [`- ${w.c.md.logLines(side)}`];
  // Each file by its name, not the path as given (review Z, Z25): the appendix lists the paths.
  const names = citedNames(inputs);
  for (const e of f.examples) out.push(`  - ${mdText(names[e.file] ?? `#${e.file}`)}:${e.line}: ${mdCode(e.text, 300, false)}`);
  return out;
}

/** A finding title's length in compare.md: longer ones are cut at a clause (titleCut). */
const TITLE_MAX = 300;

/**
 * A long finding title cut at its last clause that fits ("…; 219 still queued …"), not in the middle of a phrase
 * (review 19, L7: "… 219 still queued; 53.3% o…" lost what the percentage is of); at a word when no clause ends in
 * the second half.
 */
export function titleCut(title: string, max = TITLE_MAX): string {
  if (title.length <= max) return title;
  const head = title.slice(0, max);
  const clause = Math.max(head.lastIndexOf('; '), head.lastIndexOf('、'), head.lastIndexOf('。'), head.lastIndexOf('；'));
  const word = head.lastIndexOf(' ');
  const at = clause >= max / 2 ? clause : word >= max / 2 ? word : max - 1;
  return `${head.slice(0, at).trimEnd()} …`;
}

/** A finding's heading: its short title (the one the report's own heading shows, review Z, Z4), of its latest side. */
function findingHeading(w: Words, f: FindingMatch, i: number, depth: number): string {
  const x = (f.after ?? f.before)!;
  return h(depth, `${i + 1}. [${sevText(w, f)}] ${mdText(titleCut(shortTitle(x, w.r)), TITLE_MAX + 2)}`);
}

function oneSide(w: Words, c: Comparison, f: FindingMatch, i: number, depth: number): string {
  const x = (f.before ?? f.after)!;
  const inputs = f.before ? c.before.inputs : c.after.inputs;
  const out: string[] = [findingHeading(w, f, i, depth), ''];
  // A finding still going on below its threshold is shown as a fixed one: its numbers, what goes on, its span.
  const fixed = f.status === 'resolved' || stillGoingOn(f);
  out.push(w.c.md.oneSide({
    badge: badge(w, f), rule: f.rule, about: aboutMd(w, f), side: f.before ? 'before' : 'after', from: when(x.firstAt), to: when(x.lastAt),
    change: fixed ? changeMd(w, f) : null, source: c.before.source.kind,
  }));
  // A fixed finding: its numbers before and after only; its evidence is the before report's (review Z, Z11: compare.md
  // was mostly a copy of the before report).
  if (fixed) {
    out.push('');
    return out.join('\n');
  }
  // Its evidence in words, as report.md shows it (review Z, Z3).
  const ev = evidenceRows(f.rule, x.evidence, w.r);
  if (ev.length > 0) out.push('', table(w, [w.c.md.evidence, ''], ev).trimEnd());
  const lines = examples(w, inputs, x, f.before ? 'before' : 'after');
  if (ev.length > 0 && lines.length > 0) out.push('');
  out.push(...lines);
  out.push('');
  return out.join('\n');
}

function bothSides(w: Words, c: Comparison, f: FindingMatch, i: number, depth: number): string {
  const b = f.before!;
  const a = f.after!;
  const out: string[] = [findingHeading(w, f, i, depth), ''];
  out.push(w.c.md.bothSides({ badge: badge(w, f), rule: f.rule, about: aboutMd(w, f), label: mdText(f.measure.label), perHour: f.measure.kind === 'count' }));
  out.push(w.c.md.sideTitle({ side: 'before', title: mdText(titleCut(b.title), TITLE_MAX + 2), from: when(b.firstAt), to: when(b.lastAt) }));
  out.push(w.c.md.sideTitle({ side: 'after', title: mdText(titleCut(a.title), TITLE_MAX + 2), from: when(a.firstAt), to: when(a.lastAt) }));
  out.push('');
  const keys = shownEvidenceKeys(f.rule, [...new Set([...Object.keys(b.evidence), ...Object.keys(a.evidence)])], [b.evidence, a.evidence]);
  out.push(table(w, w.c.md.evidenceHeaders, [
    [w.c.md.subjectRow, mdCode(b.subject.value, 120), mdCode(a.subject.value, 120)],
    [w.c.md.severityRow, w.r.report.severityWord(b.severity), w.r.report.severityWord(a.severity)],
    ...keys.map((k) => [evidenceLabelText(f.rule, k, w.r), evidenceValueText(f.rule, k, b.evidence[k], w.r), evidenceValueText(f.rule, k, a.evidence[k], w.r)]),
  ]));
  const lines = [...examples(w, c.before.inputs, b, 'before'), ...examples(w, c.after.inputs, a, 'after')];
  if (lines.length > 0) out.push(lines.join('\n'), '');
  return out.join('\n');
}

function findingSections(w: Words, c: Comparison, depth: number): string {
  const out: string[] = [];
  // One section per status, in the words of the badges and the tiles (review Z, Z11: "1 reduced" sat in "Findings persisting").
  for (const [which, list] of findingGroups(c)) {
    out.push(h(depth, w.c.md.group(which, list.length)), '');
    if (list.length === 0 && which !== 'stillGoingOn' && which !== 'unclear') out.push(w.c.md.groupNone[which], '');
    list.forEach((f, i) => out.push(f.before === null || f.after === null ? oneSide(w, c, f, i, depth + 1) : bothSides(w, c, f, i, depth + 1)));
  }
  return out.join('\n');
}

/**
 * A row's status: "new" or "gone" only when that side's table holds every key; one missing from a table cut
 * at --top may be just past its last row (review AK, AK7: 106.125.64.253, an intruder IP of the before run, read "new").
 */
function moverStatusMd(w: Words, r: MoverTable['rows'][number]): string {
  return r.approximate && (r.status === 'new' || r.status === 'gone') ? w.c.md.moverStatusCut[r.status] : w.c.md.moverStatus[r.status];
}

function moverTableMd(w: Words, t: MoverTable, depth: number): string {
  const out: string[] = [h(depth, w.c.md.moverHeading(t.title, mdText(t.metric))), ''];
  if (t.rows.length === 0) {
    out.push(w.c.md.moverNone, '');
    return out.join('\n');
  }
  const causes = t.id === 'deferralCauses';
  const reasons = causes || t.id === 'deferralReasons';
  const x = w.c.md.moverHeaders;
  const headers = [causes ? x.cause : reasons ? x.reason : x.key, ...(causes ? [x.code] : reasons ? [x.dsn] : []), x.before, x.after, x.beforePerDay, x.afterPerDay, x.changePerDay, x.status];
  out.push(table(w, headers, t.rows.map((r) => [
    mdText(r.key || w.c.md.noKey, reasons ? 120 : 80) + (r.approximate ? ' *' : ''), ...(reasons ? [mdText(r.detail)] : []),
    r.before, r.after, fmtPerDay(r.beforePerDay), fmtPerDay(r.afterPerDay), signed(r.changePerDay, 1), moverStatusMd(w, r),
  ]), [false, ...(reasons ? [false] : []), true, true, true, true, true, false]));
  if (t.rows.some((r) => r.approximate)) out.push(`${w.c.md.approximate}\n`);
  return out.join('\n');
}

function moversSection(w: Words, c: Comparison, depth: number): string {
  const out: string[] = [h(depth, w.c.md.movers), ''];
  out.push(w.c.md.moversIntro);
  out.push('');
  for (const t of c.movers) out.push(moverTableMd(w, t, depth + 1));
  return out.join('\n');
}

function chartsSection(w: Words, charts: ChartLink[], depth: number): string {
  const out: string[] = [h(depth, w.c.md.charts), '', w.c.md.chartsIntro, ''];
  for (const c of charts) out.push(`- [${mdText(c.title)}](${encodeURI(c.path)})`);
  out.push('');
  return out.join('\n');
}

function redactionLine(w: Words, c: Comparison): string[] {
  if (!c.redaction) return [];
  return [w.c.redaction(c.redaction.domains, `\`${c.redaction.keyFingerprint}\``), ''];
}

/** compare.md. `charts` are links to SVG files written next to it (by the html renderer); none: no Charts section. */
export function renderCompareMarkdown(c: Comparison, title?: string, charts: ChartLink[] = []): string {
  const w = wordsOf(c);
  const out: string[] = [`# ${mdText(title ?? w.c.defaultTitle)}`, ''];
  out.push(periodLine(w, w.c.md.periodLabel.before, c.before));
  out.push(periodLine(w, w.c.md.periodLabel.after, c.after));
  out.push('');
  out.push(`_${mdText(c.rates.note, 1000)}_`);
  out.push('');
  out.push(...redactionLine(w, c));
  out.push(verdict(w, c, 2));
  out.push(totals(w, c, 2));
  if (charts.length > 0) out.push(chartsSection(w, charts, 2));
  out.push(findingSections(w, c, 2));
  out.push(moversSection(w, c, 2));
  out.push(`## ${w.c.md.appendix}`, '');
  out.push(table(w, w.c.md.inputHeaders, [
    ...c.before.inputs.map((p) => [w.c.side.before, mdText(p)]),
    ...c.after.inputs.map((p) => [w.c.side.after, mdText(p)]),
  ]));
  out.push(w.c.md.generatedBy({
    tool: c.tool.name, version: c.tool.version, comparison: c.comparisonVersion, schema: c.reportSchemaVersion,
    before: mdText(c.before.toolVersion), after: mdText(c.after.toolVersion),
  }));
  out.push('');
  return out.join('\n');
}

/** The "Compared with the baseline" section of report.md (this report is the after side). */
export function renderBaselineMarkdown(c: Comparison): string {
  const w = wordsOf(c);
  const out: string[] = [`## ${w.c.md.baseline}`, ''];
  out.push(w.c.md.baselineIntro(c.before.source.paths.map((p) => mdText(p)).join(', ')));
  out.push('');
  out.push(periodLine(w, w.c.md.baselineLabel.before, c.before));
  out.push(periodLine(w, w.c.md.baselineLabel.after, c.after));
  out.push('');
  out.push(`_${mdText(c.rates.note, 1000)}_`);
  out.push('');
  out.push(...redactionLine(w, c));
  out.push(verdict(w, c, 3));
  out.push(totals(w, c, 3));
  out.push(findingSections(w, c, 3));
  out.push(moversSection(w, c, 3));
  return out.join('\n');
}
