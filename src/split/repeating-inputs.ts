// After the scan: which inputs that overlap another in time (aggregate/overlap.ts) only repeat its lines, so that
// the set is read again without them (run.ts). Review 9, M4: `analyze /var/log/mail.*` on Debian bullseye counted
// every warning of mail.warn.2.gz twice, with a warning; same-content.ts cannot open a .gz before the scan.

import { statSync } from 'node:fs';
import type { InputOverlap } from '../aggregate/overlap.js';
import type { Aggregate } from '../types.js';
import type { InputFile } from './inputs.js';
import { isCompressed } from './inputs.js';
import { linesInside } from './lines-inside.js';
import type { SameContent } from './same-content.js';

/**
 * The inputs of `overlaps` whose every line is, in order, in a larger input of the pair that is read (each
 * repeated input named with the one it repeats), for pairs with a .gz. Standard input and streams are never
 * checked: they cannot be read again. Of a chain (mail.err in mail.warn in mail.log), each is named with the largest: the one read.
 */
export async function repeatingInputs(
  overlaps: InputOverlap[], inputs: InputFile[], agg: Aggregate, signal?: AbortSignal,
  checking: (small: string, big: string) => void = () => undefined,
): Promise<SameContent[]> {
  const byPath = new Map(inputs.map((f) => [f.path, f]));
  const lines = (f: InputFile): number => agg.linesByFile.get(f.index)?.total ?? 0;
  const pairs: Array<{ small: InputFile; big: InputFile }> = [];
  for (const o of overlaps) {
    const a = byPath.get(o.a);
    const b = byPath.get(o.b);
    if (a === undefined || b === undefined || !rereadable(a) || !rereadable(b)) continue;
    // Two plain files were searched for each other's lines before the scan (same-content.ts): a pair still here
    // holds a sampled line that the other lacks.
    if (a.kind === 'plain' && b.kind === 'plain') continue;
    // The smaller by lines; of two as long, the one the overlap warning would have said to leave out.
    const aSmall = lines(a) < lines(b) || (lines(a) === lines(b) && o.drop === a.path);
    pairs.push(aSmall ? { small: a, big: b } : { small: b, big: a });
  }
  // The larger candidates first, each against its larger partners first: a chain is named with its largest file.
  pairs.sort((p, q) => lines(q.small) - lines(p.small) || lines(q.big) - lines(p.big) || p.small.index - q.small.index);
  const repeated = new Map<InputFile, InputFile>();
  for (const { small, big } of pairs) {
    if (repeated.has(small) || repeated.has(big)) continue;
    checking(small.path, big.path);
    if (await linesInside(small, big, signal)) repeated.set(small, big);
  }
  return [...repeated].sort(([x], [y]) => x.index - y.index).map(([s, b]) => ({ path: s.path, as: b.path, how: 'every' }));
}

/** A file read again line by line; not a journal export or a container's log, whose lines are not its log lines. */
function rereadable(f: InputFile): boolean {
  return (f.kind === 'plain' || isCompressed(f.kind)) && f.journal === undefined && f.container === undefined;
}

/** `paths` without the files named in `drop`, under any of their names (the same device and inode). */
export function withoutPaths(paths: string[], drop: string[]): string[] {
  const id = (p: string): string => {
    if (p === '-') return p;
    const st = statSync(p, { throwIfNoEntry: false });
    return st === undefined ? p : `${st.dev}:${st.ino}`;
  };
  const gone = new Set(drop.map(id));
  return paths.filter((p) => !gone.has(id(p)));
}
