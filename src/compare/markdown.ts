// compare.json → compare.md (for tickets), and the "Compared with the baseline" section of report.md. Pure functions
// of the comparison model; every value from a log goes through the same escaping as report.md.

import type { Finding } from '../types.js';
import type { ChartLink } from '../render/markdown.js';
import { mdCode, mdText } from '../render/escape.js';
import { n, when } from '../render/format.js';
import type { ComparedSide, Comparison, FindingMatch, MeasureRow, MoverTable } from './model.js';
import { fmtPerDay, fmtRate, signed, signedPct } from './numbers.js';
import { resolvedAfterText, statusText } from './match.js';

type Cell = string | number;

function table(headers: string[], rows: Cell[][], numeric: boolean[] = []): string {
  if (rows.length === 0) return '_None._\n';
  const head = `| ${headers.join(' | ')} |`;
  const rule = `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? n(c) : c)).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

function h(depth: number, text: string): string {
  return `${'#'.repeat(depth)} ${text}`;
}

function hoursText(x: number): string {
  return `${x.toLocaleString('en-US', { maximumFractionDigits: 2 })} h`;
}

function periodLine(label: string, s: ComparedSide): string {
  const zone = s.period.timezone === 'local' ? 'server local time' : `UTC${s.period.timezone}`;
  const src = s.source.kind === 'report' ? `report ${s.source.paths.map((p) => mdText(p)).join(', ')}` : `log${s.source.paths.length === 1 ? '' : 's'} ${s.source.paths.map((p) => mdText(p)).join(', ')}`;
  return `- **${label}:** ${when(s.period.from)} to ${when(s.period.to)} (${zone}), ${hoursText(s.period.hours)}; `
    + `${n(s.lines)} lines; ${n(s.findings)} finding${s.findings === 1 ? '' : 's'}; from the ${src}.`;
}

/** "**RESOLVED**", "**REDUCED BY 44%**" …: the HTML renderer turns these into badges. */
function badge(f: FindingMatch): string {
  return `**${statusText(f.status, f.measure).toUpperCase()}**`;
}

function sevText(f: FindingMatch): string {
  const { before, after } = f.severity;
  if (before && after && before !== after) return `${before.toUpperCase()} → ${after.toUpperCase()}`;
  return (before ?? after)!.toUpperCase();
}

function amount(f: FindingMatch, side: 'before' | 'after'): string {
  const m = f.measure;
  const rate = side === 'before' ? m.beforePerHour : m.afterPerHour;
  return rate === null ? n(m[side]) : `${n(m[side])} (${fmtRate(rate)} per hour)`;
}

function verdictLine(f: FindingMatch): string {
  const subject = (f.before ?? f.after)!.subject;
  const m = f.measure;
  const what = f.status === 'resolved' ? `${mdText(m.label)}: ${amount(f, 'before')} before, ${resolvedAfterText(m, n)}`
    : f.status === 'new' ? `${mdText(m.label)}: ${amount(f, 'after')}`
      : `${mdText(m.label)}: ${amount(f, 'before')} before, ${amount(f, 'after')} after`;
  return `- ${badge(f)} [${sevText(f)}] \`${f.rule}\` on ${mdText(subject.kind)} ${mdCode(subject.value, 120)}: ${what}.`;
}

/** The order warning (after-older) or note (overlapping or same periods), shown first in the verdict; absent in older compare.json files. */
function orderNote(c: Comparison): string[] {
  const o = c.order;
  if (!o || o.note === null) return [];
  return [`> **${o.relation === 'after-older' ? 'Warning' : 'Note'}:** ${mdText(o.note, 1000)}`, ''];
}

function verdict(c: Comparison, depth: number): string {
  const out: string[] = [h(depth, 'Verdict'), ''];
  out.push(...orderNote(c));
  out.push(`**${mdText(c.verdict.headline, 1000)}**`);
  out.push('');
  if (c.findings.length > 0) {
    for (const f of c.findings) out.push(verdictLine(f));
    out.push('');
  }
  out.push(mdText(c.verdict.mailFlow, 1000));
  out.push('');
  return out.join('\n');
}

function measureCells(m: MeasureRow): Cell[] {
  if (m.kind === 'ratio') return [mdText(m.label), `${m.before.toFixed(1)}%`, `${m.after.toFixed(1)}%`, `${signed(m.delta, 1)} pts`, '–', '–', '–'];
  if (m.kind === 'level') return [mdText(m.label), m.before, m.after, signed(m.delta), '–', '–', signedPct(m.changePct)];
  return [mdText(m.label), m.before, m.after, signed(m.delta), fmtPerDay(m.beforePerDay!), fmtPerDay(m.afterPerDay!), signedPct(m.changePct)];
}

function totals(c: Comparison, depth: number): string {
  const out: string[] = [h(depth, 'Totals side by side'), ''];
  out.push(table(['Measure', 'Before', 'After', 'Change', 'Before per day', 'After per day', 'Change of the rate'],
    c.totals.map(measureCells), [false, true, true, true, true, true, true]));
  out.push(`Rates are per day of each period (before ${hoursText(c.before.rateHours)}, after ${hoursText(c.after.rateHours)}). `
    + 'The bounce rate is the share of final recipients that bounced or expired; "still queued" is the queue at the end of each log, compared as is.');
  out.push('');
  const left = leftOutLine(c);
  if (left !== '') out.push(left, '');
  return out.join('\n');
}

/** What the "compromised accounts left out" rows leave out, per side. */
function leftOutLine(c: Comparison): string {
  const cm = c.compromisedMail;
  if (!cm || (cm.before.length === 0 && cm.after.length === 0)) return '';
  const sides = (['before', 'after'] as const).filter((s) => cm[s].length > 0).map((s) => `${s}, ${cm[s].map((x) => `${mdCode(x.user, 120)} `
    + `(${x.since === null ? 'the whole log' : `since it was guessed, ${when(x.since)}`}: ${n(x.messages)} message${x.messages === 1 ? '' : 's'}, `
    + `${n(x.delivered)} recipient${x.delivered === 1 ? '' : 's'} delivered)`).join(', ')}`);
  return `"Compromised accounts left out": without the mail of the accounts a compromised-account finding names, ${sides.join('; ')}.`;
}

function evidenceValue(v: number | string | undefined): string {
  if (v === undefined) return '–';
  return typeof v === 'number' ? n(v) : mdText(v, 160);
}

function examples(inputs: string[], f: Finding, label: string): string[] {
  if (f.examples.length === 0) return [];
  const out = [`- Log lines (${label}):`];
  for (const e of f.examples) out.push(`  - ${mdText(inputs[e.file] ?? `#${e.file}`)}:${e.line}: ${mdCode(e.text)}`);
  return out;
}

function findingHeading(f: FindingMatch, i: number, depth: number): string {
  const x = (f.after ?? f.before)!;
  return h(depth, `${i + 1}. [${sevText(f)}] ${mdText(x.title, 300)}`);
}

function oneSide(c: Comparison, f: FindingMatch, i: number, depth: number): string {
  const x = (f.before ?? f.after)!;
  const inputs = f.before ? c.before.inputs : c.after.inputs;
  const out: string[] = [findingHeading(f, i, depth), ''];
  out.push(`- ${badge(f)}: \`${f.rule}\` on ${mdText(x.subject.kind)} ${mdCode(x.subject.value)}; ${f.before ? 'before' : 'after'}, from ${when(x.firstAt)} to ${when(x.lastAt)}`);
  const ev = Object.entries(x.evidence).map(([k, v]) => `${mdText(k)} = ${evidenceValue(v)}`);
  if (ev.length > 0) out.push(`- Evidence: ${ev.join('; ')}`);
  out.push(...examples(inputs, x, f.before ? 'before' : 'after'));
  out.push('');
  return out.join('\n');
}

function bothSides(c: Comparison, f: FindingMatch, i: number, depth: number): string {
  const b = f.before!;
  const a = f.after!;
  const out: string[] = [findingHeading(f, i, depth), ''];
  const how = f.matchedBy === 'subject' ? 'same rule and subject' : 'same rule (its subject changes from run to run)';
  out.push(`- ${badge(f)}: \`${f.rule}\`, matched by ${how}; compared by ${mdText(f.measure.label)}${f.measure.kind === 'count' ? ' per hour' : ''}.`);
  out.push(`- Before: ${mdText(b.title, 300)} (${when(b.firstAt)} to ${when(b.lastAt)})`);
  out.push(`- After: ${mdText(a.title, 300)} (${when(a.firstAt)} to ${when(a.lastAt)})`);
  out.push('');
  const keys = [...new Set([...Object.keys(b.evidence), ...Object.keys(a.evidence)])];
  out.push(table(['Evidence', 'Before', 'After'], [
    ['subject', mdCode(b.subject.value, 120), mdCode(a.subject.value, 120)],
    ['severity', b.severity, a.severity],
    ...keys.map((k) => [mdText(k), evidenceValue(b.evidence[k]), evidenceValue(a.evidence[k])]),
  ]));
  const lines = [...examples(c.before.inputs, b, 'before'), ...examples(c.after.inputs, a, 'after')];
  if (lines.length > 0) out.push(lines.join('\n'), '');
  return out.join('\n');
}

function findingSections(c: Comparison, depth: number): string {
  const out: string[] = [];
  const groups: Array<[string, FindingMatch[], string]> = [
    ['Findings resolved', c.findings.filter((f) => f.status === 'resolved'), '_No finding of the before run is gone._'],
    ['Findings persisting', c.findings.filter((f) => f.status === 'persisting' || f.status === 'reduced'), '_No finding of the before run fires again._'],
    ['New findings', c.findings.filter((f) => f.status === 'new'), '_No finding that the before run did not have._'],
  ];
  for (const [title, list, none] of groups) {
    out.push(h(depth, `${title} (${list.length})`), '');
    if (list.length === 0) out.push(none, '');
    list.forEach((f, i) => out.push(f.status === 'resolved' || f.status === 'new' ? oneSide(c, f, i, depth + 1) : bothSides(c, f, i, depth + 1)));
  }
  return out.join('\n');
}

function moverTableMd(t: MoverTable, depth: number): string {
  const out: string[] = [h(depth, `${t.title} (${mdText(t.metric)})`), ''];
  if (t.rows.length === 0) {
    out.push('_No change in the rate per day._', '');
    return out.join('\n');
  }
  const reasons = t.id === 'deferralReasons';
  const headers = [reasons ? 'Reason (normalised)' : 'Key', ...(reasons ? ['DSN'] : []), 'Before', 'After', 'Before per day', 'After per day', 'Change per day', 'Status'];
  out.push(table(headers, t.rows.map((r) => [
    mdText(r.key || '(none)', reasons ? 120 : 80) + (r.approximate ? ' *' : ''), ...(reasons ? [mdText(r.detail)] : []),
    r.before, r.after, fmtPerDay(r.beforePerDay), fmtPerDay(r.afterPerDay), signed(r.changePerDay, 1), r.status,
  ]), [false, ...(reasons ? [false] : []), true, true, true, true, true, false]));
  if (t.rows.some((r) => r.approximate)) out.push('\\* Missing from one report\'s table, which was cut at `--top`: counted as 0 there, the true count is at most that table\'s last row.\n');
  return out.join('\n');
}

function moversSection(c: Comparison, depth: number): string {
  const out: string[] = [h(depth, 'Top movers'), ''];
  out.push('The biggest changes of the rate per day, up or down ("new": not seen before; "gone": not seen after).');
  out.push('');
  for (const t of c.movers) out.push(moverTableMd(t, depth + 1));
  return out.join('\n');
}

function chartsSection(charts: ChartLink[], depth: number): string {
  const out: string[] = [h(depth, 'Charts'), '', 'Before and after on one axis, hours since the start of each period (SVG files next to this file):', ''];
  for (const c of charts) out.push(`- [${mdText(c.title)}](${encodeURI(c.path)})`);
  out.push('');
  return out.join('\n');
}

function redactionLine(c: Comparison): string[] {
  if (!c.redaction) return [];
  return [`Both reports are redacted with the same key (fingerprint \`${c.redaction.keyFingerprint}\`): user names, e-mail local parts${c.redaction.domains ? ', domains' : ''} and client IPs are pseudonyms.`, ''];
}

/** compare.md. `charts` are links to SVG files written next to it (by the html renderer); none: no Charts section. */
export function renderCompareMarkdown(c: Comparison, title = 'Before and after', charts: ChartLink[] = []): string {
  const out: string[] = [`# ${mdText(title)}`, ''];
  out.push(periodLine('Before', c.before));
  out.push(periodLine('After', c.after));
  out.push('');
  out.push(`_${mdText(c.rates.note, 1000)}_`);
  out.push('');
  out.push(...redactionLine(c));
  out.push(verdict(c, 2));
  out.push(totals(c, 2));
  if (charts.length > 0) out.push(chartsSection(charts, 2));
  out.push(findingSections(c, 2));
  out.push(moversSection(c, 2));
  out.push('## Appendix', '');
  out.push(table(['Side', 'Input file'], [
    ...c.before.inputs.map((p) => ['before', mdText(p)]),
    ...c.after.inputs.map((p) => ['after', mdText(p)]),
  ]));
  out.push(`Generated by ${c.tool.name} ${c.tool.version} (comparison ${c.comparisonVersion}, report schema ${c.reportSchemaVersion}; `
    + `reports made by version ${mdText(c.before.toolVersion)} and ${mdText(c.after.toolVersion)}).`);
  out.push('');
  return out.join('\n');
}

/** The "Compared with the baseline" section of report.md (this report is the after side). */
export function renderBaselineMarkdown(c: Comparison): string {
  const out: string[] = ['## Compared with the baseline', ''];
  out.push(`This run compared with the baseline ${c.before.source.paths.map((p) => mdText(p)).join(', ')}:`);
  out.push('');
  out.push(periodLine('Baseline (before)', c.before));
  out.push(periodLine('This run (after)', c.after));
  out.push('');
  out.push(`_${mdText(c.rates.note, 1000)}_`);
  out.push('');
  out.push(...redactionLine(c));
  out.push(verdict(c, 3));
  out.push(totals(c, 3));
  out.push(findingSections(c, 3));
  out.push(moversSection(c, 3));
  return out.join('\n');
}
