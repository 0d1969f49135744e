// What the output folder holds (review Z, Z17): one entry per file this run writes, what it holds and which findings
// it belongs to, in the report's language. report.md and report.html show it as "Files in this folder", ticket.md
// names the files that hold the rest, and README.txt is the same list in the folder itself. Only files written are
// listed: the plan is made from the formats chosen, the CSV tables and the lists of this report, and the charts the
// html renderer drew.

import type { Report } from '../report/model.js';
import type { Messages } from '../i18n/index.js';
import { folderWords } from '../i18n/folder.js';
import { manifestName } from '../output-owned.js';
import { renderLists } from './lists.js';
import type { ChartLink } from './markdown.js';
import { when } from './format.js';
import { stripControls } from './escape.js';
import { CUT_AT_TOP } from './csv.js';

/** The files a run writes, known before they are drawn (render/index.ts renderReport). */
export interface FolderPlan {
  formats: readonly string[];
  /** The csv/ tables written (render/csv.ts csvTableNames): [] without the csv format. */
  csvTables: string[];
  /**
   * The name the folder's own list is written under (output-owned.ts readmeNameFor: README.txt, or
   * README.maillog-forensics.txt beside a README.txt of someone else's), null when it is not written; default README.txt.
   */
  readme?: string | null;
}

export interface FolderEntry {
  /** Relative to the output folder, with '/'. */
  path: string;
  /** What it holds, plain text in the report's language. */
  text: string;
  /** The findings it belongs to, by their number in the report (1-based). */
  findings: number[];
}

/** The rules a table or chart belongs to: a finding of one of them is named beside it. */
const OWNERS: Record<string, string[]> = {
  'csv/stillQueued.csv': ['queue-cleanup', 'queue-flood'],
  'csv/deletedInBulk.csv': ['queue-deleted'],
  'csv/topAttackingIps.csv': ['sasl-bruteforce'],
  'csv/bySaslUser.csv': ['compromised-account'],
  'csv/mailboxLoginsByUser.csv': ['mailbox-breach'],
  'csv/mailboxLoginsByUserIp.csv': ['mailbox-breach'],
  'csv/deferralReasons.csv': ['receivers-refusing', 'queue-flood', 'outbound-port-blocked'],
  'csv/bounceReasons.csv': ['receivers-refusing', 'backscatter'],
  'csv/byLocalProgram.csv': ['open-relay'],
  'charts/compromised-delivered-per-hour.svg': ['compromised-account'],
  'charts/top-attacking-ips.svg': ['sasl-bruteforce'],
  'charts/top-sasl-users.svg': ['compromised-account'],
  'charts/queue-size.svg': ['queue-flood', 'queue-cleanup'],
  'charts/top-deferral-reasons.svg': ['receivers-refusing', 'queue-flood'],
};

/** The order of the reports in the list: the one to paste first. */
const REPORTS = [['md', 'ticket.md'], ['md', 'report.md'], ['html', 'report.html'], ['json', 'report.json']] as const;

/** Every file of the run, in the order a reader needs them: reports, lists, charts, tables, then README.txt (by its name). */
export function folderEntries(r: Report, msg: Messages, plan: FolderPlan, charts: readonly ChartLink[]): FolderEntry[] {
  const w = folderWords(msg.lang);
  const numbersOf = (rules: readonly string[]): number[] =>
    r.findings.map((f, i) => (rules.includes(f.rule) ? i + 1 : 0)).filter((n) => n > 0);
  const out: FolderEntry[] = [];
  for (const [format, path] of REPORTS) if (plan.formats.includes(format)) out.push({ path, text: w.reports[path], findings: [] });
  for (const list of renderLists(r)) {
    const name = list.path as keyof typeof w.lists;
    const lines = String(list.content).split('\n').filter((l) => l !== '' && !l.startsWith(';')).length;
    const findings = r.findings.map((f, i) => (f.lists?.[name] !== undefined ? i + 1 : 0)).filter((n) => n > 0);
    out.push({ path: list.path, text: w.lists[name]?.(lines) ?? list.path, findings });
  }
  for (const c of charts) out.push({ path: c.path, text: w.chart(c.title), findings: numbersOf(OWNERS[c.path] ?? []) });
  for (const table of plan.csvTables) {
    const path = `csv/${table}.csv`;
    const cut = r.options.top > 0 && CUT_AT_TOP.has(table) ? w.cutAtTop(r.options.top) : '';
    out.push({ path, text: (w.csv[table] ?? w.csvOther(table)) + cut, findings: numbersOf(OWNERS[path] ?? []) });
  }
  const readme = plan.readme === undefined ? 'README.txt' : plan.readme;
  if (readme !== null) out.push({ path: readme, text: w.reports['README.txt'], findings: [] });
  out.push({ path: manifestName('analyze'), text: w.reports.manifest, findings: [] });
  return out;
}

/** One entry as a line of text: "csv/stillQueued.csv: … (finding 3)". */
export function entryLine(e: FolderEntry, msg: Messages): string {
  const ref = e.findings.length > 0 ? `${msg.lang === 'ja' ? '' : ' '}${msg.overview.paren(msg.overview.findingRef(e.findings))}` : '';
  return `${e.text}${ref}`;
}

/** README.txt: the report's title and period, then a line per file (plain text, the report's language). */
export function renderReadme(r: Report, msg: Messages, title: string, entries: readonly FolderEntry[]): string {
  const w = folderWords(msg.lang);
  const width = Math.max(...entries.map((e) => e.path.length));
  return [
    w.readmeTitle({ tool: r.tool.name, version: r.tool.version, title: stripControls(title), from: when(r.period.from), to: when(r.period.to) }),
    '',
    w.intro(r.options.top),
    '',
    ...entries.map((e) => `${e.path.padEnd(width)}  ${entryLine(e, msg)}`),
    '',
  ].join('\n');
}
