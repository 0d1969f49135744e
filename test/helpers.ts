// Shared test helpers (this file has no tests of its own).

import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { analyze } from '../src/run.js';
import type { AnalyzeOptions } from '../src/run.js';
import type { Report } from '../src/report/model.js';
import { compareReports } from '../src/compare/compare.js';
import type { Comparison } from '../src/compare/model.js';
import assert from 'node:assert/strict';
import { createHash, createHmac, scryptSync } from 'node:crypto';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';
import type { LogEvent } from '../src/types.js';

/** Repository root (tests run from dist/test). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');
/** The built command line, as a user runs it. */
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/** `node dist/src/cli.js ARGS…`: its exit status and what it wrote. */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every file under `dir`, as text (an output directory's reports, csv and lists). */
export function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

export async function report(paths: string[], opts: Partial<AnalyzeOptions> = {}): Promise<Report> {
  const r = await analyze({
    paths, jobs: 1, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', ...opts,
  });
  return r.report;
}

/** Writes a generated log (test/day-log.ts) as DIR/NAME and analyzes it (classic stamps of 2026). */
const analyzedOnce = new Map<string, Promise<Report>>();
/** A log's report (year 2026, --top 50), analyzed once per test file however many tests read it. */
export function reportOf(path: string): Promise<Report> {
  let r = analyzedOnce.get(path);
  if (r === undefined) analyzedOnce.set(path, r = report([path], { year: 2026, top: 50 }));
  return r;
}

export async function reportOfLog(dir: string, name: string, log: { text(): string }, opts: Partial<AnalyzeOptions> = {}): Promise<Report> {
  const path = join(dir, name);
  writeFileSync(path, log.text());
  return report([path], { year: 2026, ...opts });
}

export function countsOf<T extends { key: string }>(rows: T[], field: (r: T) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const v = field(r);
    if (v !== 0) out[r.key] = v;
  }
  return out;
}

/**
 * Writes a generated log (test/day-log.ts) as DIR/NAME and returns its report, after checking that small ranges
 * (inline and on 3 workers) and even splits into 2 and 5 pieces give the same JSON (classic stamps of 2026).
 */
export async function reportEveryWay(dir: string, name: string, log: { text(): string }): Promise<Report> {
  const path = join(dir, name);
  const text = log.text();
  writeFileSync(path, text);
  const whole = await report([path], { year: 2026 });
  const json = JSON.stringify(whole);
  const bytes = Buffer.byteLength(text);
  for (const [jobs, rangeBytes] of [[1, 700], [3, 700], [2, Math.ceil(bytes / 2)], [3, Math.ceil(bytes / 5)]] as const) {
    assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), json, `${name}: jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return whole;
}

/** One line through the syslog prefix and its program's parser (classic stamps of 2026), as the scanner does. */
export function parseLine(line: string): LogEvent | null {
  const h = newHeader();
  assert.ok(parseHeader(line, h, newYearRule(2026, 10, true), new Map()), `syslog prefix: ${line}`);
  const parse = parserFor(h.prog);
  assert.ok(parse, `${h.prog} has a parser`);
  return parse(line, h.msgStart);
}

/** The "## heading" section of a Markdown report, up to the next "## ". */
export function markdownSection(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, `no section ${heading}`);
  const end = md.indexOf('\n## ', start + 3);
  return md.slice(start, end < 0 ? undefined : end + 1);
}

/** The table rows (not the header, not the rule) of a Markdown section. */
export function markdownRows(sec: string): string[] {
  return sec.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| --')).slice(1);
}

/**
 * The 12 hex digits of a pseudonym as src/report/redact.ts makes them (HMAC-SHA256 of "kind:value" with the key; 48
 * bits since review AE, L7), computed here apart from it, so that tests compare the report with an answer of their own:
 * `ip-${…('ip:1.2.3.4')}`.
 */
export const PSEUDONYM_DIGITS = 12;
/** A pseudonym's hex part, for patterns: `new RegExp(`user-${HEX}`)`. */
export const HEX = `[0-9a-f]{${PSEUDONYM_DIGITS}}`;

export function redactionHash(key: string, text: string): string {
  return createHmac('sha256', stretchedKey(key)).update(text, 'utf8').digest('hex').slice(0, PSEUDONYM_DIGITS);
}

/** The fingerprint a redacted report gives for `key` (report.json `redaction.keyFingerprint`). */
export function redactionFingerprint(key: string): string {
  return createHash('sha256').update(stretchedKey(key)).digest('hex').slice(0, 8);
}

const stretched = new Map<string, Buffer>();

/**
 * The key stretched as docs/outputs.md says (scrypt, N 2^15, r 8, p 1, this salt), written out apart from
 * src/report/redact.ts so that a change there shows here. Once per key and test file: the scrypt takes ~0.1 s on an
 * idle core and ~1 s on a loaded one, and a test checking 43 intruder IPs asked for it 43 times.
 */
function stretchedKey(key: string): Buffer {
  let k = stretched.get(key);
  if (k === undefined) {
    k = scryptSync(key, 'maillog-forensics redaction key', 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1048576 });
    stretched.set(key, k);
  }
  return k;
}

/** A classic syslog line (stamps of 2026): its time as Date.UTC millis, its host, and the rest after the host. */
export interface ClassicLine { at: number; host: string; rest: string }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLASSIC_STAMP = /^(\w{3}) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\S+) /;

/** The lines of a classic log (the corpus's maillog, a fixture), to be written again with other times or hosts. */
export function classicLines(path: string): ClassicLine[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const m = CLASSIC_STAMP.exec(l);
    assert.ok(m, l);
    return { at: Date.UTC(2026, MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])), host: m[6]!, rest: l.slice(m[0].length) };
  });
}

/** A classic syslog stamp of an instant, read as UTC: "Nov  1 01:59:59" (day space-padded, as rsyslog writes it). */
export function classicStamp(at: number): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const d = new Date(at);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Lines as a classic log: "Nov  1 01:59:59 mail postfix/…", one per line. */
export function classicText(lines: ClassicLine[]): string {
  return lines.map((l) => `${classicStamp(l.at)} ${l.host} ${l.rest}`).join('\n') + '\n';
}

/** compare of two reports, as `compare before/ after/` of their directories writes compare.json (a test's own messages). */
export function compareReportPair(b: Report, a: Report, messages = undefined as Parameters<typeof compareReports>[2]['messages']): Comparison {
  return compareReports(b, a, {
    version: 'test', before: { kind: 'report', paths: ['before/report.json'] }, after: { kind: 'report', paths: ['after/report.json'] },
    ...(messages === undefined ? {} : { messages }),
  });
}
