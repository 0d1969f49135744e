// ticket.md (review Z, Z13): the report for a ticket body. report.md is 55–85 K characters, over GitHub's 65,536 for
// an issue or comment; this is the part a ticket needs, within TICKET_BUDGET characters: the verdict, every finding in one
// line, the first steps with their commands, then each finding with its lead, the first rows of its evidence and the
// first step of its advice, and at the end the files that hold the rest. A pure function of the report model.

import type { OverviewStep, Report } from '../report/model.js';
import type { Finding } from '../types.js';
import type { Messages } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import { ticketWords } from '../i18n/ticket.js';
import { citeReportPaths } from '../report/input-names.js';
import { buildOverview } from '../report/overview.js';
import { defang, mdCode, mdLead, mdText } from './escape.js';
import { evidenceRows } from './evidence.js';
import { entryLine } from './folder.js';
import type { FolderEntry } from './folder.js';
import { firstSteps, periodLine, verdictBlock } from './markdown.js';
import { cutWords } from './cut-words.js';
import { nameFindingRefs } from './cross-refs.js';
import { leadSentence } from './lead-sentence.js';
import type { FindingRef } from './cross-refs.js';
import { README_NAMES } from '../output-owned.js';

/**
 * At most this many characters (code points) of ticket.md, whatever the report, when its head (verdict, first steps)
 * allows. Characters, not bytes: the limits a ticket body meets are counted in characters (GitHub: "Body is too long
 * (maximum is 65536 characters)"), and the budget is what a reader takes in; counted in UTF-8 bytes, a Japanese
 * ticket, three bytes a character, held 2 of the sample's 7 findings whole against 6 in English (review of Z13). At
 * most 4 bytes a character, 48 KB is still under the 64 KiB of a MySQL TEXT column, should a ticket system use one.
 * 10,240 until the thirty-sixth session: the corpus incident's ticket was at 10,197 with its eight findings, and the
 * lost-mail step naming a receiver's refusal (review AM, AM2) cut its sixth, server trouble, to its heading (review
 * AG, AG3 wants that finding's 454 advice in the ticket); 12,288 leaves room for a sentence or two more per finding.
 */
export const TICKET_BUDGET = 12_288;

/** A finding's lead, cut at this many characters (at a clause or a word); the heading is its short title. */
const LEAD_MAX = 320;
/** Rows of a finding's evidence table (the rule puts the important ones first). */
const EVIDENCE_ROWS = 5;
/** The first step of a finding's advice takes its command block when the block is this short. */
const ADVICE_BLOCK_LINES = 8;
/** The first paragraph of a finding's advice, cut after a sentence past this many characters. */
const ADVICE_MAX = 300;

/** Characters (code points), as ticket systems count a body's length. */
export function ticketLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function renderTicket(r: Report, title: string, messages: Messages | undefined, folder: readonly FolderEntry[]): string {
  const msg = messages ?? messagesFor(r.lang);
  const m = msg.report;
  const w = ticketWords(msg.lang);
  const ov = r.overview ?? buildOverview(r, msg);
  const head: string[] = [`# ${mdText(title)}`, '', periodLine(r, msg), '', w.intro, '', ...verdictBlock(r, ov, msg, false)];
  for (const x of r.warnings) head.push(`> ${m.warning} ${mdText(citeReportPaths(x, r), 300)}`, '');
  head.push(...firstSteps(ov, msg));
  const tail = restSection(folder, r.options.top, msg);

  const findings: string[] = [`## ${m.h.findings}`, ''];
  if (r.findings.length === 0) findings.push(m.noRuleFired, '');
  const refs: FindingRef[] = r.findings.map((f, i) => ({ n: i + 1, rule: f.rule }));
  const blocks = r.findings.map((f, i) => {
    const short = ov.findings.find((x) => x.n === i + 1)?.short ?? f.title;
    const heading = `### ${i + 1}. [${m.severityTag(f.severity)}] ${mdText(short, 300)}`;
    // Past the budget, a finding gets its heading and where to read it: every one is still named.
    return {
      full: [heading, '', ...findingBody(r, f, i + 1, short, ov.steps, msg, refs)].join('\n') + '\n',
      compact: `${heading}\n\n${mdText(w.seeReport(i + 1))}\n`,
    };
  });
  let cut = false;
  let used = ticketLength([...head, ...findings, tail].join('\n')) + 1;
  blocks.forEach((b, i) => {
    const rest = blocks.slice(i + 1).reduce((sum, x) => sum + ticketLength(x.compact) + 1, 0);
    // Once one is short, the rest (less severe, or effects of it) are short too.
    cut ||= used + ticketLength(b.full) + 1 + rest > TICKET_BUDGET;
    const block = cut ? b.compact : b.full;
    findings.push(block);
    used += ticketLength(block) + 1;
  });
  return [...head, ...findings, tail].join('\n');
}

/** A finding's lead (its whole title when the heading shortened it), evidence rows and the first step of its advice. */
function findingBody(r: Report, f: Finding, n: number, short: string, steps: readonly OverviewStep[], msg: Messages, refs: FindingRef[]): string[] {
  const m = msg.report;
  const w = ticketWords(msg.lang);
  const out: string[] = [];
  if (short !== f.title) out.push(mdLead(cutAtClause(leadSentence(f.title, msg.lang), LEAD_MAX), LEAD_MAX + 10), '');
  const ev = evidenceRows(f.rule, f.evidence, msg);
  if (ev.length > 0) {
    out.push(`| ${m.evidence} | |`, '| --- | --- |', ...ev.slice(0, EVIDENCE_ROWS).map(([k, v]) => `| ${k} | ${v} |`), '');
  }
  const fix = f.fix ?? r.rules.find((x) => x.id === f.rule)?.fix;
  if (fix !== undefined) {
    // Other findings named by number and name, as report.md links them (review AP, AP1).
    const { text, block } = firstAdvice(nameFindingRefs(defang(fix), refs, msg));
    // A command block the first steps already give is not repeated: the step is named instead.
    const step = block === null ? -1 : steps.findIndex((s) => sameCommands(s.commands, block));
    if (block === null) out.push(`${m.fix} ${text}`, '');
    else if (step < 0) out.push(`${m.fix} ${text}`, '', block, '');
    else out.push(`${m.fix} ${text.replace(/:\s*$/, '')}${msg.lang === 'ja' ? '' : ' '}${mdText(w.sameAsStep(step + 1))}`, '');
  }
  out.push(mdText(w.more(n, Math.max(0, ev.length - EVIDENCE_ROWS))));
  return out;
}

/**
 * The advice's first paragraph, with the command block it introduces (a paragraph ending in ":") when that block is
 * short.
 */
function firstAdvice(fix: string): { text: string; block: string | null } {
  const blocks = markdownBlocks(fix);
  const first = blocks[0] ?? '';
  if (first.startsWith('```')) return { text: '', block: null };
  const next = blocks[1];
  const takesBlock = next !== undefined && /:\s*$/.test(first) && next.startsWith('```') && next.split('\n').length - 2 <= ADVICE_BLOCK_LINES;
  return { text: takesBlock ? first : firstSentences(first, ADVICE_MAX), block: takesBlock ? next : null };
}

/** A paragraph cut after its last sentence that ends before `max` characters (outside code spans and brackets); whole if none does. */
function firstSentences(p: string, max: number): string {
  if (p.length <= max) return p;
  let end = -1;
  let ticks = 0;
  let depth = 0;
  for (let i = 0; i < max; i++) {
    const c = p[i];
    if (c === '`') ticks++;
    else if (ticks % 2 === 1) continue;
    else if (c === '(' || c === '（') depth++;
    else if ((c === ')' || c === '）') && depth > 0) depth--;
    else if (depth === 0 && ((c === '.' && p[i + 1] === ' ') || c === '。')) end = i + 1;
  }
  return end > 0 ? p.slice(0, end) : p;
}

/** A fenced block holds the commands of a first step (the same lines, whatever the fence). */
function sameCommands(commands: readonly string[], block: string): boolean {
  const lines = block.split('\n').slice(1, -1).map((l) => l.trim());
  return commands.length > 0 && lines.length === commands.length && commands.every((c, i) => c.trim() === lines[i]);
}

/** Markdown split into its blocks at blank lines, a fenced block (which may hold blank lines) kept whole. */
function markdownBlocks(md: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const open = /^ {0,3}(`{3,})/.exec(line);
    if (fence === null && open) {
      if (cur.length > 0) out.push(cur.join('\n'));
      cur = [line];
      fence = open[1]!;
    } else if (fence !== null) {
      cur.push(line);
      if (line.trim().startsWith(fence) && line.trim().replace(/`/g, '') === '') { out.push(cur.join('\n')); cur = []; fence = null; }
    } else if (line.trim() === '') {
      if (cur.length > 0) out.push(cur.join('\n'));
      cur = [];
    } else {
      cur.push(line);
    }
  }
  if (cur.length > 0) out.push(cur.join('\n'));
  return out;
}

/** `s` cut to about `max` characters, after its last "; " (a clause) or space before that, else at a character, with "…". */
function cutAtClause(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  const head = chars.slice(0, max).join('');
  const clause = head.lastIndexOf('; ');
  if (clause >= max / 2) return `${head.slice(0, clause)}; …`;
  // A Japanese lead ends at its last whole sentence, not inside a bracket (review AP, AP12: "…および postsuper -d ALL …").
  const sentence = head.lastIndexOf('。');
  if (sentence >= max / 2) return head.slice(0, sentence + 1);
  return cutWords(s, max);
}

/** The files that hold the rest, as the folder list names them; the charts and the tables in a line each. */
function restSection(folder: readonly FolderEntry[], top: number, msg: Messages): string {
  const w = ticketWords(msg.lang);
  const out = [`## ${w.restHeading}`, '', w.restIntro, ''];
  for (const f of folder.filter((x) => x.path !== 'ticket.md' && !x.path.includes('/') && !x.path.startsWith('.'))) {
    out.push(`- ${mdCode(f.path)}: ${mdText((README_NAMES as readonly string[]).includes(f.path) ? w.readme : entryLine(f, msg), 500)}`);
  }
  const charts = folder.filter((f) => f.path.startsWith('charts/')).length;
  const csv = folder.filter((f) => f.path.startsWith('csv/')).length;
  if (charts > 0) out.push(`- ${mdCode('charts/')}: ${mdText(w.charts(charts))}`);
  if (csv > 0) out.push(`- ${mdCode('csv/')}: ${mdText(w.csv(csv, top))}`);
  return out.join('\n') + '\n';
}
