// Atomic report writing: every file goes to a temporary name in the output directory, then is renamed, so an
// interrupted run never leaves a half-written report.

import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedFile } from './render/index.js';
import { describeFsError, RunError } from './errors.js';

export function writeOutputs(outDir: string, files: RenderedFile[]): string[] {
  const temps: Array<[string, string]> = [];
  try {
    mkdirSync(outDir, { recursive: true });
    for (const f of files) {
      const target = join(outDir, f.path);
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.tmp-${process.pid}`;
      writeFileSync(tmp, f.content);
      temps.push([tmp, target]);
    }
    // A directory where a report file goes would fail its rename after the earlier files were renamed (a partial
    // report): refuse before renaming any.
    for (const [, target] of temps) {
      if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR', path: target });
    }
    for (const [tmp, target] of temps) renameSync(tmp, target);
  } catch (err) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw new RunError(describeFsError(err, (err as { path?: string }).path ?? outDir));
  }
  return temps.map(([, target]) => target);
}
