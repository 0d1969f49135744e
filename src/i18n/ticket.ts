// The words of ticket.md (review Z, Z13), the short report for a ticket body, in each language. Plain text, escaped
// by the renderer (render/ticket.ts); file names stay as they are.

import type { Lang } from './index.js';

export interface TicketWords {
  /** Under the title: what this file is and where the whole report is. */
  intro: string;
  /** At the end of a finding: what report.md has more of it (`rows` of evidence left out, 0: none). */
  more(finding: number, rows: number): string;
  /** A finding shown by its heading only (the ticket's size): where its evidence and advice are. */
  seeReport(finding: number): string;
  /** After the first paragraph of an advice whose commands are those of a first step, instead of them. */
  sameAsStep(step: number): string;
  restHeading: string;
  restIntro: string;
  /** README.txt, as the ticket names it. */
  readme: string;
  charts(n: number): string;
  /** The csv/ files, `n` of them, of a run of --top `top` (review AM, AM4: they are cut at it as the report is). */
  csv(n: number, top: number): string;
}

const EN: TicketWords = {
  intro: 'The short report for this ticket. The whole report, with every log line, command and table, is in the files listed at the end.',
  more: (n, rows) => `More in report.md (finding ${n}): ${rows > 0 ? `${rows.toLocaleString('en-US')} more ${rows === 1 ? 'row' : 'rows'} of evidence, ` : ''}the log lines and the complete advice.`,
  seeReport: (n) => `Evidence, log lines and advice: report.md (finding ${n}).`,
  sameAsStep: (n) => `(the commands of step ${n} of the first steps above)`,
  restHeading: 'The rest of the report',
  restIntro: 'These files are next to this one:',
  readme: 'what each file of the folder holds, one a line',
  charts: (n) => `${n} ${n === 1 ? 'chart' : 'charts'} as SVG files (report.html shows them too)`,
  csv: (n, top) => (top > 0
    ? `the tables of the report for spreadsheets (${n} CSV files); those the report cuts are cut at --top ${top} here too (README.txt says which; --top 0 writes every row)`
    : `every table of the report, all rows, for spreadsheets (${n} CSV files)`),
};

const JA: TicketWords = {
  intro: 'チケット用の短いレポートです。ログ行、コマンド、表をすべて含む完全なレポートは、末尾に挙げたファイルにあります。',
  more: (n, rows) => `report.md（検出事項 ${n}）に、${rows > 0 ? `根拠の残り ${rows.toLocaleString('ja-JP')} 行、` : ''}ログ行、対処の全文があります。`,
  seeReport: (n) => `根拠、ログ行、対処は report.md（検出事項 ${n}）にあります。`,
  sameAsStep: (n) => `。コマンドは上の「最初にすること」の手順 ${n} にあります。`,
  restHeading: 'レポートの残り',
  restIntro: '次のファイルがこのファイルと同じフォルダーにあります:',
  readme: 'フォルダーの各ファイルの内容（1 行に 1 ファイル）',
  charts: (n) => `SVG ファイルのグラフ ${n} 点（report.html にも表示）`,
  csv: (n, top) => (top > 0
    ? `レポートの表（表計算ソフト用、CSV ファイル ${n} 個）。レポートで省略した表はここでも --top ${top} で省略しています（どの表かは README.txt に。--top 0 ですべての行を書きます）`
    : `レポートのすべての表の全行（表計算ソフト用、CSV ファイル ${n} 個）`),
};

const WORDS: Record<Lang, TicketWords> = { en: EN, ja: JA };

export function ticketWords(lang: Lang): TicketWords {
  return WORDS[lang];
}
