// The files this tool owns in an output directory, and which of them an earlier run left behind.
//
// A reused --out directory kept the earlier run's files: after `analyze incident.log --out same` then
// `analyze after-fix.log --out same`, the incident's queue-delete.txt (220 queue IDs) stayed next to a report
// that never mentions it. Postfix reuses short queue IDs (they come from inode numbers), so `postsuper -d - <
// queue-delete.txt` from the earlier ticket could delete legitimate mail; with `-f md`, `compare same …` read the
// earlier report.json. The writer (output.ts) removes, when it commits a run's files, the owned files this run did
// not write. Every other file in the directory is left alone.

import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LIST_FILES } from './render/lists.js';

/** The command whose outputs a directory holds: each removes only its own kind of file. */
export type OutputOwner = 'analyze' | 'compare';

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Relative paths (with '/') each command writes. Chart names: the report's are fixed ids (render/charts.ts), the
 * comparison's all start with `compare-` (compare/charts.ts), so that `compare … --out DIR` into an analyze
 * directory does not remove the charts report.md links, and the other way round. CSV names are the report's table
 * names (JavaScript identifiers, render/csv.ts).
 */
const OWNED: Record<OutputOwner, RegExp[]> = {
  analyze: [
    /^report\.(?:json|md|html)$/,
    new RegExp(`^(?:${LIST_FILES.map(escaped).join('|')})$`),
    /^charts\/(?!compare-)[a-z0-9][a-z0-9-]*\.svg$/,
    /^csv\/[A-Za-z][A-Za-z0-9]*\.csv$/,
  ],
  compare: [
    /^compare\.(?:json|md|html)$/,
    /^charts\/compare-[a-z0-9-]+\.svg$/,
  ],
};

/** The subdirectories owned files may sit in (one level, as the renderers write them). */
const SUBDIRS = ['charts', 'csv'] as const;

export function isOwned(owner: OutputOwner, relPath: string): boolean {
  return OWNED[owner].some((re) => re.test(relPath));
}

/**
 * Owned files in `outDir` that are not in `written` (relative paths): what an earlier run left, the top level's
 * first (the lists and reports, which the stderr note names before the charts and tables), each part sorted. Only
 * files and symbolic links (the link, never its target); a directory of an owned name is not touched.
 */
export function staleFiles(outDir: string, owner: OutputOwner, written: ReadonlySet<string>): string[] {
  const stale: string[] = [];
  const look = (sub: string | null): void => {
    const dir = sub === null ? outDir : join(outDir, sub);
    let names: string[];
    try {
      // A subdirectory may be missing, or be a file of that name: nothing of ours is in it. (A symbolic link to a
      // directory is followed, as the writer follows it.)
      if (sub !== null && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const rel = sub === null ? name : `${sub}/${name}`;
      if (written.has(rel) || !isOwned(owner, rel)) continue;
      const st = lstatSync(join(dir, name), { throwIfNoEntry: false });
      if (st !== undefined && (st.isFile() || st.isSymbolicLink())) stale.push(rel);
    }
  };
  look(null);
  for (const sub of SUBDIRS) look(sub);
  return stale;
}
