// Atomic report writing: every file goes to a temporary name in the output directory, then is renamed, so an
// interrupted run never leaves a half-written report. When the new files are in place, the files of an earlier
// run that this run did not write are removed (output-owned.ts): the directory holds one run.

import { closeSync, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RenderedFile } from './render/index.js';
import { describeFsError, RunError } from './errors.js';
import { manifestName, staleFiles } from './output-owned.js';
import type { OutputOwner } from './output-owned.js';

/** What a commit did: the files written (full paths, in the order added) and the earlier run's files removed. */
export interface Committed {
  written: string[];
  /** Paths relative to the output directory, sorted. */
  removed: string[];
}

export function writeOutputs(outDir: string, files: RenderedFile[], owner: OutputOwner = 'analyze'): Committed {
  const out = openOutputs(outDir, owner);
  out.add(files);
  return out.commit();
}

/**
 * Files written as they are rendered, each to its temporary name, and renamed together at the end (`commit`), so
 * that one format's text can go before the next is drawn: the report.json of 75,000 still-queued messages is
 * ~35 MB of string, and holding every format at once took the CLI over a 240 MB heap. `abort` removes what was
 * written.
 */
export interface OutputWriter {
  add(files: RenderedFile[]): void;
  commit(): Committed;
  abort(): void;
}

export function openOutputs(outDir: string, owner: OutputOwner): OutputWriter {
  const temps: Array<[string, string]> = [];
  const names = new Set<string>(); // the files' paths as the renderers name them (relative, '/')
  // The directories this writer made (--out, charts/, csv/), parent first: a run that fails or is stopped removes
  // them again when its temporary files were all they held (a full disk left an empty charts/ behind).
  const dirs: string[] = [];
  const removeTemps = (): void => {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    temps.length = 0;
    for (const d of [...dirs].reverse()) {
      try { rmdirSync(d); } catch { /* not empty: files of someone else's, kept */ }
    }
    dirs.length = 0;
  };
  const fail = (err: unknown, file?: string): never => {
    removeTemps();
    if (err instanceof RunError) throw err;
    // A failed write (ENOSPC, EDQUOT, EIO) carries no path: name the file being written.
    throw new RunError(describeFsError(err, (err as { path?: string }).path ?? file ?? outDir));
  };
  let made = false;
  return {
    add(files) {
      let target: string | undefined;
      try {
        if (!made) { makeDirs(outDir, dirs); made = true; }
        for (const f of files) {
          target = join(outDir, f.path);
          makeDirs(dirname(target), dirs);
          const tmp = `${target}.tmp-${process.pid}`;
          // Listed before the write: a write that fails half way (a full disk) leaves a partial file, which fail()
          // must remove too, or the disk stays full and no later run knows the file (review AA, F1).
          temps.push([tmp, target]);
          writeFileSync(tmp, f.content);
          names.add(f.path);
        }
      } catch (err) {
        fail(err, target);
      }
    },
    commit() {
      try {
        if (!made) { makeDirs(outDir); made = true; }
        // A directory where a report file goes would fail its rename after the earlier files were renamed (a
        // partial report): refuse before renaming any.
        for (const [, target] of temps) {
          if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR', path: target });
        }
        for (const [tmp, target] of temps) renameSync(tmp, target);
      } catch (err) {
        fail(err);
      }
      const written = temps.map(([, target]) => target);
      // After the renames, not before: a run that fails or is interrupted leaves the earlier run whole.
      temps.length = 0;
      dirs.length = 0;
      const removed = removeStale(outDir, owner, names);
      writeManifest(outDir, owner, names);
      return { written, removed };
    },
    abort() {
      removeTemps();
    },
  };
}

/**
 * Records the files this run wrote, for the next run in the same directory (output-owned.ts). Written after the
 * reports: a run stopped before it leaves the earlier manifest, which still names files that exist or are gone.
 */
function writeManifest(outDir: string, owner: OutputOwner, written: ReadonlySet<string>): void {
  const path = join(outDir, manifestName(owner));
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify({ tool: 'maillog-forensics', files: [...written].sort() }, null, 1) + '\n');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new RunError(`${describeFsError(err, path)}: the list of this run's files could not be written (the report is written)`);
  }
}

/** Removes the owned files of an earlier run (see output-owned.ts), then charts/ and csv/ if that left them empty. */
function removeStale(outDir: string, owner: OutputOwner, written: ReadonlySet<string>): string[] {
  const stale = staleFiles(outDir, owner, written);
  for (const rel of stale) {
    const path = join(outDir, rel);
    try {
      rmSync(path, { force: true });
    } catch (err) {
      throw new RunError(`${describeFsError(err, path)}: a file of an earlier run that this report does not refer to `
        + 'could not be removed; remove it by hand (the new report is written)');
    }
  }
  for (const sub of new Set(stale.filter((r) => r.includes('/')).map((r) => r.slice(0, r.indexOf('/'))))) {
    try {
      rmdirSync(join(outDir, sub)); // only when empty: other files in it are not ours
    } catch {
      // not empty, or not ours to remove: fine
    }
  }
  return stale;
}

/**
 * Fails now, before any log is read, when the output directory cannot be written: an unwritable --out used to fail
 * only after the whole scan (7.7 s on a 300 MB log; minutes on a multi-GB set). Creates and removes a file in it;
 * directories that do not exist yet are made for the test and removed again, so a run that fails later leaves none.
 */
export function checkWritable(outDir: string): void {
  const made: string[] = [];
  const probe = join(outDir, `.maillog-forensics-write-test-${process.pid}`);
  try {
    makeDirs(outDir, made);
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
  } catch (err) {
    if (err instanceof RunError) throw err;
    const path = (err as { path?: string }).path;
    if (path !== probe && path !== undefined) throw new RunError(describeFsError(err, path));
    // ENOENT for a file in a directory that exists: a pseudo file system such as /proc.
    if ((err as { code?: string }).code === 'ENOENT') throw new RunError(`${outDir}: cannot create files in this directory`);
    throw new RunError(describeFsError(err, outDir));
  } finally {
    for (const d of made.reverse()) {
      try { rmdirSync(d); } catch { /* someone put a file in it meanwhile: keep it */ }
    }
  }
}

/**
 * `mkdir -p`, one level at a time; the directories it makes are added to `made`, parent first. Not `mkdirSync(dir, { recursive: true })`: under /proc, mkdir of a child
 * answers ENOENT although its parent exists, and Node's recursive mkdir then loops forever inside C++ (100% CPU,
 * deaf to Ctrl-C). Here every missing level is created once, parent first, and a level that still cannot be created
 * once its parent exists ends the walk with an error.
 */
function makeDirs(dir: string, made: string[] = []): void {
  const missing: string[] = [];
  let cur = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(cur, { throwIfNoEntry: false });
    } catch (err) {
      throw Object.assign(err as Error, { path: dir }); // ENOTDIR (a file on the way), ELOOP, EACCES …
    }
    if (st !== undefined) {
      if (!st.isDirectory()) {
        throw Object.assign(new Error('not a directory'), { code: missing.length === 0 ? 'EEXIST' : 'ENOTDIR', path: dir });
      }
      break;
    }
    missing.push(cur);
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      made.push(d);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EEXIST') {
        // Made by someone else meanwhile (fine), or a dangling symlink / a file (not fine).
        if (statSync(d, { throwIfNoEntry: false })?.isDirectory()) continue;
        if (lstatSync(d, { throwIfNoEntry: false })?.isSymbolicLink()) throw new RunError(`${d === resolve(dir) ? dir : d}: a symbolic link to a missing directory`);
        throw Object.assign(new Error('exists'), { code: 'EEXIST', path: d === resolve(dir) ? dir : d });
      }
      if (code === 'ENOENT') {
        // The parent exists (made or checked just before) and still refuses: a pseudo file system such as /proc.
        throw new RunError(`${dir}: cannot create directory (${dirname(d)} does not accept new directories)`);
      }
      throw Object.assign(err as Error, { path: d === resolve(dir) ? dir : d });
    }
  }
}
