// The line being processed, and the registry of every line reference kept from it. Workers number lines from
// the start of their byte range; the main thread adds the range's first line number to each registered
// reference once earlier ranges are counted (workers/merge.ts). Structured clone keeps the shared references,
// so fixing the registry fixes every copy inside the aggregate and the records.

import type { Example, LineRef } from '../types.js';

export interface LineContext {
  file: number;
  /** 1-based line number within the range (made absolute later). */
  line: number;
  offset: number;
  text: string;
  refs: Example[];
}

export function newLineContext(file: number): LineContext {
  return { file, line: 0, offset: 0, text: '', refs: [] };
}

/** A reference for a message record; not registered: the stitcher fixes the refs of the fragments it gets. */
export function refOf(ctx: LineContext): LineRef {
  return { file: ctx.file, line: ctx.line, offset: ctx.offset };
}

export function exampleOf(ctx: LineContext): Example {
  const e: Example = { file: ctx.file, line: ctx.line, offset: ctx.offset, text: ctx.text };
  ctx.refs.push(e);
  return e;
}
