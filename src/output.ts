// Atomic report writing: every file goes to a temporary name in the output directory, then is renamed, so an
// interrupted run never leaves a half-written report.

import { lstatSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RenderedFile } from './render/index.js';
import { describeFsError, RunError } from './errors.js';

export function writeOutputs(outDir: string, files: RenderedFile[]): string[] {
  const out = openOutputs(outDir);
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
  commit(): string[];
  abort(): void;
}

export function openOutputs(outDir: string): OutputWriter {
  const temps: Array<[string, string]> = [];
  const fail = (err: unknown): never => {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    temps.length = 0;
    if (err instanceof RunError) throw err;
    throw new RunError(describeFsError(err, (err as { path?: string }).path ?? outDir));
  };
  let made = false;
  return {
    add(files) {
      try {
        if (!made) { makeDirs(outDir); made = true; }
        for (const f of files) {
          const target = join(outDir, f.path);
          makeDirs(dirname(target));
          const tmp = `${target}.tmp-${process.pid}`;
          writeFileSync(tmp, f.content);
          temps.push([tmp, target]);
        }
      } catch (err) {
        fail(err);
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
      return temps.map(([, target]) => target);
    },
    abort() {
      for (const [tmp] of temps) rmSync(tmp, { force: true });
      temps.length = 0;
    },
  };
}

/**
 * `mkdir -p`, one level at a time. Not `mkdirSync(dir, { recursive: true })`: under /proc, mkdir of a child
 * answers ENOENT although its parent exists, and Node's recursive mkdir then loops forever inside C++ (100% CPU,
 * deaf to Ctrl-C). Here every missing level is created once, parent first, and a level that still cannot be created
 * once its parent exists ends the walk with an error.
 */
function makeDirs(dir: string): void {
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
