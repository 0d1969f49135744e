// The words of the progress line and the phase lines on a terminal (src/progress.ts), and of the notes a run writes
// between them (run.ts), in each language: `--lang ja` wrote a Japanese report under an English progress line.
// Numbers as the rest of the output writes them; MB, MB/s and ETA stay units.

import type { Lang } from './index.js';

/** What the run does after the scan (review AA, F6), on the progress line's place. */
export type Phase =
  | { kind: 'merging'; ranges: number }
  | { kind: 'stitching' }
  | { kind: 'detecting' }
  | { kind: 'writingReport' }
  | { kind: 'writingComparison' };

export interface ProgressWords {
  /** The read: `again` for the second read of a set whose clock went back (review V). */
  scan(p: { again: boolean; doneMb: string; totalMb: string | null; pct: string; rate: string; eta: string | null }): string;
  phase(p: Phase): string;
  /** Inputs that repeat another's lines, read again without them (run.ts). */
  sameLines(p: Array<{ path: string; as: string }>): string;
  /** A host's clock went back `steps` times: the set is read again with the times put right. */
  clockBack(steps: number): string;
  /** Two inputs cover the same time: checked whether one repeats the other. */
  sameTime(p: { small: string; big: string }): string;
}

const EN: ProgressWords = {
  scan: (p) => `${p.again ? 're-reading' : 'scanning'} ${p.doneMb} MB${p.totalMb === null ? '' : ` / ${p.totalMb} MB (${p.pct}%)`}, `
    + `${p.rate} MB/s${p.eta === null ? '' : `, ETA ${p.eta} s`}`,
  phase: (p) => {
    switch (p.kind) {
      case 'merging': return `merging ${p.ranges} ranges`;
      case 'stitching': return 'putting the messages together';
      case 'detecting': return 'detecting';
      case 'writingReport': return 'writing the report';
      case 'writingComparison': return 'writing the comparison';
    }
  },
  sameLines: (p) => `the same lines under two names: ${p.map((r) => `${r.path} (in ${r.as})`).join(', ')}; reading again without ${p.length === 1 ? 'it' : 'them'}`,
  clockBack: (n) => `the clock went back ${n === 1 ? 'once' : `${n} times`}: reading again with the times put right`,
  sameTime: (p) => `${p.small} and ${p.big} cover the same time: checking whether one repeats the other's lines`,
};

const JA: ProgressWords = {
  scan: (p) => `${p.again ? '再読み込み中' : '読み込み中'} ${p.doneMb} MB${p.totalMb === null ? '' : ` / ${p.totalMb} MB（${p.pct}%）`}、`
    + `${p.rate} MB/s${p.eta === null ? '' : `、残り約 ${p.eta} 秒`}`,
  phase: (p) => {
    switch (p.kind) {
      case 'merging': return `${p.ranges} 個の範囲を統合しています`;
      case 'stitching': return 'メッセージをまとめています';
      case 'detecting': return '検出しています';
      case 'writingReport': return 'レポートを書き出しています';
      case 'writingComparison': return '比較結果を書き出しています';
    }
  },
  sameLines: (p) => `同じ行が 2 つの名前で入力されています: ${p.map((r) => `${r.path}（${r.as} に含まれる）`).join('、')}。${p.length === 1 ? 'そのファイル' : 'それらのファイル'}を除いて読み直します`,
  clockBack: (n) => `時計が ${n} 回戻っています: 時刻を補正して読み直します`,
  sameTime: (p) => `${p.small} と ${p.big} は同じ期間のログです: 一方が他方の行を繰り返していないか確認しています`,
};

export function progressWords(lang: Lang | undefined): ProgressWords {
  return lang === 'ja' ? JA : EN;
}
