// The files this tool owns in an output directory, and which of them an earlier run left behind.
//
// A reused --out directory kept the earlier run's files: after `analyze incident.log --out same` then
// `analyze after-fix.log --out same`, the incident's queue-delete.txt (220 queue IDs) stayed next to a report
// that never mentions it. Postfix reuses short queue IDs (they come from inode numbers), so `postsuper -d - <
// queue-delete.txt` from the earlier ticket could delete legitimate mail; with `-f md`, `compare same …` read the
// earlier report.json. The writer (output.ts) removes, when it commits a run's files, the owned files the earlier
// run wrote and this run did not. Which files the earlier run wrote is what it recorded in its manifest
// (`.maillog-forensics-analyze.json`, `-compare.json`): a `charts/` or `csv/` folder of the user's own, with names
// that look like ours, is never touched, nor a ticket folder's own report.md or blocklist-ips.txt: a directory
// without a manifest loses nothing (review 9, M3). Every other file in the directory is left alone.

import { lstatSync, readFileSync, statSync } from 'node:fs';
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
    // The short report for a ticket (review Z, Z13) and the folder's list of files (review Z, Z17), under its
    // other name when the folder holds a README.txt of its own (readmeNameFor).
    /^(?:ticket\.md|README\.txt|README\.maillog-forensics\.txt)$/,
    new RegExp(`^(?:${LIST_FILES.map(escaped).join('|')})$`),
    /^charts\/(?!compare-)[a-z0-9][a-z0-9-]*\.svg$/,
    /^csv\/[A-Za-z][A-Za-z0-9]*\.csv$/,
  ],
  compare: [
    /^compare\.(?:json|md|html)$/,
    /^charts\/compare-[a-z0-9-]+\.svg$/,
  ],
};

/** The manifest of the files a command wrote in a directory (relative paths), read by the next run there. */
export function manifestName(owner: OutputOwner): string {
  return `.maillog-forensics-${owner}.json`;
}

export function isOwned(owner: OutputOwner, relPath: string): boolean {
  return OWNED[owner].some((re) => re.test(relPath));
}

/**
 * The names the folder's list of files (README.txt, render/folder.ts) may take: README.txt, or the second one when
 * the folder holds a README.txt that no run of ours wrote.
 */
export const README_NAMES = ['README.txt', 'README.maillog-forensics.txt'] as const;

/**
 * The name the folder's list of files is written under in `outDir`, or null when neither is free. A README.txt that
 * the earlier run's manifest does not name is someone else's (a ticket folder's own notes, a project's README when
 * --out is a checkout): `analyze --out DIR` replaced it with ours without a word. Ours then goes under the second
 * name, and the caller says so in one line. Anything at the name counts (a file, a link, a directory).
 */
export function readmeNameFor(outDir: string): string | null {
  const ours = new Set(earlierFiles(outDir, 'analyze') ?? []);
  for (const name of README_NAMES) {
    if (ours.has(name) || lstatSync(join(outDir, name), { throwIfNoEntry: false }) === undefined) return name;
  }
  return null;
}

/** The files the earlier run's manifest names (owned ones only: a hand-edited manifest cannot name others); null without one. */
function earlierFiles(outDir: string, owner: OutputOwner): string[] | null {
  let text: string;
  try {
    text = readFileSync(join(outDir, manifestName(owner)), 'utf8');
  } catch {
    return null;
  }
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    if (!Array.isArray(files)) return null;
    return files.filter((f): f is string => typeof f === 'string' && !f.includes('..') && isOwned(owner, f));
  } catch {
    return null;
  }
}

/**
 * Owned files in `outDir` that the earlier run wrote and this one did not (`written`: relative paths), sorted with
 * the top level's first (the lists and reports, which the stderr note names before the charts and tables). Only
 * files and symbolic links (the link, never its target).
 */
export function staleFiles(outDir: string, owner: OutputOwner, written: ReadonlySet<string>): string[] {
  const earlier = earlierFiles(outDir, owner) ?? [];
  const stale = earlier.filter((rel) => {
    if (written.has(rel)) return false;
    const st = lstatSync(join(outDir, rel), { throwIfNoEntry: false });
    return st !== undefined && (st.isFile() || st.isSymbolicLink());
  });
  const depth = (r: string): number => (r.includes('/') ? 1 : 0);
  return [...new Set(stale)].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The files this tool wrote in `outDir` as its manifests name them (analyze's and compare's), and the folders they
 * are in (charts/, csv/), by device and inode: `analyze * --out .` run twice read its own report.json, report.md
 * and lists as logs the second time (review AA, F11). Inputs that are one of them are skipped (cli.ts).
 */
export function ownOutputIds(outDir: string): Set<string> {
  const ids = new Set<string>();
  const add = (path: string): void => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined) ids.add(`${st.dev}:${st.ino}`);
  };
  for (const owner of ['analyze', 'compare'] as const) {
    for (const rel of earlierFiles(outDir, owner) ?? []) {
      add(join(outDir, rel));
      if (rel.includes('/')) add(join(outDir, rel.slice(0, rel.indexOf('/'))));
    }
  }
  return ids;
}

/** Whether `path` is one of `ids` (ownOutputIds); a path that cannot be read is not (its reader says why). */
export function isOwnOutput(ids: ReadonlySet<string>, path: string): boolean {
  if (ids.size === 0) return false;
  try {
    const st = statSync(path);
    return ids.has(`${st.dev}:${st.ino}`);
  } catch {
    return false;
  }
}
