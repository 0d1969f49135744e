// What one side of a comparison is: a report.json written by `analyze`, a directory holding one, or log files (one
// path, or several separated by commas) that the caller analyzes in-process with the options of the run.

import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, describeFsError } from '../errors.js';
import type { Report } from '../report/model.js';

export type SideSpec = { kind: 'report'; path: string } | { kind: 'logs'; paths: string[] };

/** A report file: named *.json, or starting with "{" (a log line never does; a .gz starts with 0x1f). */
function isReportFile(path: string): boolean {
  if (/\.json$/i.test(path)) return true;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, 64, 0);
    const head = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return head.startsWith('{');
  } catch (err) {
    throw new UsageError(describeFsError(err, path));
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A report.md or report.html (or compare.md …) given as a side (review 19, L3: read as a log, "the after log has no
 * Postfix/Dovecot line", exit 0): named *.md, *.markdown, *.html or *.htm, or an HTML page by its first bytes.
 */
function isRenderedReport(path: string): boolean {
  if (/\.(md|markdown|html?)$/i.test(path)) return true;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, 64, 0);
    return /^(<!doctype html|<html)/i.test(buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart());
  } catch (err) {
    throw new UsageError(describeFsError(err, path));
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function renderedReport(what: string, path: string): UsageError {
  return new UsageError(`${what}: ${path} is a rendered report (Markdown or HTML), not a log nor a report.json: give the report.json `
    + '(or the directory analyze wrote) or the log files');
}

/** Resolves one BEFORE or AFTER argument. `what` names the side in messages ("before"). */
export function resolveSide(arg: string, what: string): SideSpec {
  if (arg === '' || arg === '-' || arg === '\u0000stdin') throw new UsageError(`${what}: standard input cannot be a side of a comparison; give a report.json, a directory or log files`);
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory()) {
      const report = join(arg, 'report.json');
      if (!existsSync(report)) {
        // analyze -f md writes report.md alone: the comparison needs its report.json (review 16).
        const other = ['report.md', 'report.html'].some((f) => existsSync(join(arg, f)));
        throw new UsageError(other
          ? `${what}: ${arg} has a report but no report.json: run analyze again with json among --format (the default, json,md,html,csv)`
          : `${what}: ${arg} is a directory without report.json (give the directory analyze wrote, a report.json or log files)`);
      }
      return { kind: 'report', path: report };
    }
    // A pipe (<(zcat maillog.2.gz)) is read once: compare looks at a side's start to tell a report from a log, then
    // analyzes it (review X: its ESPIPE text said to pipe it into -, which compare refuses as a side).
    const st = statSync(arg);
    if (st.isFIFO() || st.isSocket() || st.isCharacterDevice()) {
      throw new UsageError(`${what}: ${arg} is a pipe or device, which can be read only once: give the log files themselves `
        + '(a .gz as it is), or write the stream to a file first');
    }
    if (isRenderedReport(arg)) throw renderedReport(what, arg);
    return isReportFile(arg) ? { kind: 'report', path: arg } : { kind: 'logs', paths: [arg] };
  }
  const parts = arg.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) throw new UsageError(`${what}: ${arg}: no such file or directory`);
  for (const p of parts) {
    if (!existsSync(p)) throw new UsageError(`${what}: ${p}: no such file or directory`);
    if (statSync(p).isDirectory()) throw new UsageError(`${what}: ${p} is a directory; a list of several inputs must name log files`);
    if (isReportFile(p) || isRenderedReport(p)) throw new UsageError(`${what}: ${p} is a report; a list of several inputs must name log files`);
  }
  return { kind: 'logs', paths: parts };
}

/** Reads a report.json; a file that is not one is a usage error. The schema version is checked by the comparison. */
export function readReportFile(path: string): Report {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(describeFsError(err, path));
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('schemaVersion' in data)) {
    throw new UsageError(`${path}: not a maillog-forensics report.json (no schemaVersion)`);
  }
  const report = data as Report;
  // A report written with --baseline carries its own comparison: not part of what is compared.
  delete report.comparison;
  return report;
}

/** "before (reports/a/report.json)" or "after (the logs maillog, maillog.1)": how a side is named in messages. */
export function sideName(what: string, spec: SideSpec): string {
  return spec.kind === 'report' ? `${what} (${spec.path})` : `${what} (the log${spec.paths.length === 1 ? '' : 's'} ${spec.paths.join(', ')})`;
}

export function sideSource(spec: SideSpec): { kind: 'report' | 'logs'; paths: string[] } {
  return spec.kind === 'report' ? { kind: 'report', paths: [spec.path] } : { kind: 'logs', paths: spec.paths };
}
