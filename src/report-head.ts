// The first fields of a report.json, without reading its tables: `analyze` says which earlier run its report
// replaces in --out (cli.ts earlierRun: review Z, Z9), from the earlier report's inputs and period, which the report
// writes before its tables. The benchmark's report.json is 5.6 MB; reading and parsing all of it took 20–40 ms at the
// end of every run into a used --out (1.5 GB log), for two fields of its first kilobytes.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** Bytes read for the head: the inputs, warnings and period come before the tables (a few KB; long warnings more). */
const HEAD_BYTES = 256 * 1024;

/**
 * The top-level fields of the report.json at `path` that come before its "hosts" table, as JSON.parse gives them
 * (renderJson writes two-space indented JSON, so the table starts at the first line `  "hosts": `; a newline inside a
 * string is written `\n`). When those do not include both `inputs` and `period` (no such line in the first
 * HEAD_BYTES, a file written otherwise, a foreign one), the whole file is parsed. null: unreadable or not JSON.
 */
export function readReportHead(path: string): Record<string, unknown> | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    const text = buf.toString('utf8', 0, n);
    const end = text.indexOf('\n  "hosts": ');
    if (end > 0 && text.startsWith('{\n')) {
      const head = parseObject(`${text.slice(0, end).replace(/,\s*$/, '')}\n}`);
      if (head !== null && 'inputs' in head && 'period' in head) return head;
    }
  } catch {
    // a read that fails here fails below too
  } finally {
    closeSync(fd);
  }
  try {
    return parseObject(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : null;
  } catch {
    return null;
  }
}
