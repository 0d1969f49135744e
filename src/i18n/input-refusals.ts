// The one-line refusals (exit 2) of an input this tool does not read (split/magic.ts): a zip or tar archive, or xz,
// bzip2 or zstd data whose program is not installed. They are found while the inputs are resolved, before any report
// exists, and worded in the run's language by the command (commands.ts): `--lang ja` got them in English.

import type { Lang } from './index.js';

/** The packages that install the missing programs: "xz-utils zstd" for apt-get, "xz zstd" for dnf. */
export interface MissingPrograms {
  formats: string[];
  debian: string;
  rhel: string;
}

export interface RefusalWords {
  /** Standard input, where a file's name stands. */
  stdin: string;
  /**
   * Data whose program is missing. `then`: what to do instead: decompress into analyze's standard input (`pipe`), to
   * a file given in its place (`file`, compared for compare), or each file of a set to one (`each`).
   */
  missingProgram(p: MissingPrograms & { where: string; then: { kind: 'pipe'; tool: string } | { kind: 'file'; command: string; compare: boolean } | { kind: 'each'; commands: string[] } }): string;
  /** A zip archive: `command` extracts its log (analyze: piped into `analyze -`; compare: to a file). */
  zip(p: { where: string; command: string; compare: boolean }): string;
  /** A tar archive (`compressed`: gz for a .tgz, xz for a .tar.xz); `file`: its name as a shell word. */
  tar(p: { where: string; compressed: string; file: string; compare: boolean }): string;
}

function and(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

const EN: RefusalWords = {
  stdin: 'standard input',
  missingProgram: (p) => {
    const several = p.formats.length > 1;
    const head = `${p.where}: compressed with ${and(p.formats)}, and the program${several ? 's' : ''} ${and(p.formats)} ${several ? 'are' : 'is'} not installed `
      + `(apt-get install ${p.debian}, or dnf install ${p.rhel}); `;
    switch (p.then.kind) {
      case 'pipe': return `${head}or decompress it first: ${p.then.tool} FILE | maillog-forensics analyze -`;
      case 'file': return `${head}or decompress it where ${p.formats[0]} is (${p.then.command}) and ${p.then.compare ? 'compare that file' : 'give that file in its place'}`;
      case 'each': return `${head}or decompress each to a file where ${several ? 'they are' : 'it is'} (${p.then.commands.join('; ')}) and give those files in their place`;
    }
  },
  zip: (p) => (p.compare
    ? `${p.where}: compressed with zip, which is not read; decompress it first (${p.command}) and compare that file`
    : `${p.where}: a zip archive, which is not read; extract its log first: ${p.command} | maillog-forensics analyze -`),
  tar: (p) => {
    const what = `${p.compressed === 'xz' ? 'an' : 'a'} ${p.compressed === '' ? '' : `${p.compressed === 'gz' ? 'gzip' : p.compressed}-compressed `}tar archive`;
    return p.compare
      ? `${p.where}: ${what}, which is not read; extract it (mkdir logs && tar -xf ${p.file} -C logs) and compare the files`
      : `${p.where}: ${what}, which is not read (its files would be read as one log, glued together); `
        + `extract it and give the files: mkdir logs && tar -xf ${p.file} -C logs && maillog-forensics analyze logs/*`;
  },
};

const JA: RefusalWords = {
  stdin: '標準入力',
  missingProgram: (p) => {
    const head = `${p.where}: ${p.formats.join('、')} で圧縮されていますが、${p.formats.join('、')} コマンドがインストールされていません`
      + `（apt-get install ${p.debian} または dnf install ${p.rhel} でインストールしてください）。`;
    switch (p.then.kind) {
      case 'pipe': return `${head}または先に展開してください: ${p.then.tool} FILE | maillog-forensics analyze -`;
      case 'file': return `${head}または ${p.formats[0]} のある環境で展開し（${p.then.command}）、${p.then.compare ? 'そのファイルを比較してください' : '代わりにそのファイルを指定してください'}`;
      case 'each': return `${head}または ${p.formats.join('、')} のある環境でそれぞれファイルに展開し（${p.then.commands.join('; ')}）、代わりにそれらのファイルを指定してください`;
    }
  },
  zip: (p) => (p.compare
    ? `${p.where}: zip で圧縮されていて、読み込めません。先に展開し（${p.command}）、そのファイルを比較してください`
    : `${p.where}: zip アーカイブで、読み込めません。先にログを取り出してください: ${p.command} | maillog-forensics analyze -`),
  tar: (p) => {
    const what = `${p.compressed === '' ? '' : `${p.compressed === 'gz' ? 'gzip' : p.compressed} で圧縮された`}tar アーカイブ`;
    return p.compare
      ? `${p.where}: ${what}で、読み込めません。展開し（mkdir logs && tar -xf ${p.file} -C logs）、そのファイルを比較してください`
      : `${p.where}: ${what}で、読み込めません（中のファイルがつながった 1 つのログとして読まれてしまいます）。`
        + `展開してファイルを指定してください: mkdir logs && tar -xf ${p.file} -C logs && maillog-forensics analyze logs/*`;
  },
};

export function refusalWords(lang: Lang | undefined): RefusalWords {
  return lang === 'ja' ? JA : EN;
}
