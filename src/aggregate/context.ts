// The line being processed, and the registry of every line reference kept from it. Workers number lines from
// the start of their byte range; the main thread adds the range's first line number to each registered
// reference once earlier ranges are counted (workers/merge.ts). Structured clone keeps the shared references,
// so fixing the registry fixes every copy inside the aggregate and the records.

import type { Example, LineRef } from '../types.js';
import type { StringPool } from '../own-string.js';
import { newStringPool, sharedString } from '../own-string.js';
import type { ProblemLabels } from './session-problems.js';
import { newProblemLabels } from './session-problems.js';
import type { LoginKeys } from './mailbox-logins.js';
import { newLoginKeys } from './mailbox-logins.js';

export interface LineContext {
  file: number;
  /** 1-based line number within the range (made absolute later). */
  line: number;
  offset: number;
  text: string;
  refs: Example[];
  /** The last example made, handed out again for the same line (one object and one registry entry per line). */
  last: Example | null;
  /** User names kept by the per-IP maps, each name once (see events.ts authFailed); also the mailbox login rows' keys. */
  users: StringPool;
  /** Session-problem labels made so far, each once (see session-problems.ts). */
  problemLabels: ProblemLabels;
  /** The keys of the mailbox login rows' counts, kept in `users` (mailbox-logins.ts). */
  loginKeys: LoginKeys;
  /**
   * sharedString(users, ·) and exampleOf(this), made once: a closure made per line by the per-line code (events.ts)
   * also made it allocate a context for `ctx` on every call, whatever the line (thirty-eighth session).
   */
  shareUser: (s: string) => string;
  example: () => Example;
}

export function newLineContext(file: number): LineContext {
  const users = newStringPool();
  const shareUser = (s: string): string => sharedString(users, s);
  const ctx: LineContext = {
    file, line: 0, offset: 0, text: '', refs: [], last: null, users, problemLabels: newProblemLabels(),
    loginKeys: newLoginKeys(shareUser), shareUser, example: () => exampleOf(ctx),
  };
  return ctx;
}

/** A reference for a message record; not registered: the stitcher fixes the refs of the fragments it gets. */
export function refOf(ctx: LineContext): LineRef {
  return { file: ctx.file, line: ctx.line, offset: ctx.offset };
}

/**
 * The current line as an example. One line often becomes several examples (an IP's first line and its first
 * auth failure): they share one object, which is safe because examples are never mutated except by the line
 * fix-up, which must see each object once.
 */
export function exampleOf(ctx: LineContext): Example {
  const last = ctx.last;
  if (last !== null && last.offset === ctx.offset && last.text === ctx.text) return last;
  const e: Example = { file: ctx.file, line: ctx.line, offset: ctx.offset, text: ctx.text };
  ctx.refs.push(e);
  ctx.last = e;
  return e;
}
