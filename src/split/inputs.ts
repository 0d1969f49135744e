// Input files: validation, gzip detection, the year rule for classic timestamps, duplicates, and the order of a
// rotated set (maillog, maillog.1, maillog.2.gz, maillog-20190210.gz) by each file's first timestamp, not name.

import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { YearRule } from '../parse/header.js';
import type { FileClock } from '../types.js';
import { FIRST_YEAR, RSPAMD_FILE_PROG, isOffsetZone, latestYearFor, newHeader, newYearRule, parseHeader, setReferenceZone, settleYearRule, zoneOffsetMs } from '../parse/header.js';
import { describeFsError, UsageError } from '../errors.js';
import type { LooksLike } from './magic.js';
import { LOOKS_LIKE_BYTES, UnreadInputError, isGzip, isTar, looksLike, missingProgramError, refuseOtherCompression, refusedInSet, tarError } from './magic.js';
import { FORMAT_OF_KIND, KIND_OF, decompressWith, programFormat, programPath } from './decompress-program.js';
import type { LineSink } from '../scan.js';
import { latin1 } from './decode.js';
import { readRange } from './read-range.js';
import { readStream } from './read-stream.js';
import type { SameContent } from './same-content.js';
import { findSameContent } from './same-content.js';
import type { JournalFormat } from './journal-format.js';
import { JOURNAL_SNIFF_BYTES, journalFormat } from './journal-format.js';
import { journalLineSink } from './journal-lines.js';
import { readExport } from './journal-export.js';
import { journalFallbackOffset } from './journal-fallback.js';
import { dockerJsonSink, isDockerJsonLog } from './docker-json.js';
import { JOURNAL_ZONE_PROBE_BYTES, journalClock } from './journal-zone.js';
import { peek } from './peek.js';

/** `stream`: a FIFO, `<(…)`, a device or a /proc file (size 0): read once, whole, like stdin (no byte ranges). */
export type InputKind = 'plain' | 'gz' | CompressedKind | 'stdin' | 'stream';

/** A file compressed with xz, bzip2 or zstd: read whole through its program (decompress-program.ts). */
export type CompressedKind = 'xz' | 'bz2' | 'zst';

/** A compressed file (gzip, xz, bzip2, zstd): read whole as a stream, by one task, each its own in a rotated set. */
export function isCompressed(kind: InputKind): kind is 'gz' | CompressedKind {
  return kind === 'gz' || kind === 'xz' || kind === 'bz2' || kind === 'zst';
}

/** Standard input or a stream (a FIFO, `<(…)`, a device): read once, whole, never read ahead to be dated or ordered. */
export function readOnce(f: { kind: InputKind }): boolean {
  return f.kind === 'stdin' || f.kind === 'stream';
}

export interface InputFile {
  /** Position in chronological order (0 = oldest). */
  index: number;
  path: string;
  kind: InputKind;
  /** Size on disk (compressed size for .gz, .xz, .bz2, .zst; 0 for stdin). */
  bytes: number;
  /**
   * A stream's bytes as read (compressed bytes when it was compressed), set by run.ts after its scan: what its
   * binary-data warning counts where a file's counts `bytes` (report.json keeps `bytes` 0 for a stream).
   */
  streamBytes?: number;
  mtimeMs: number;
  years: YearRule;
  /**
   * Local time of the first line with a syslog header, NaN when unknown (stdin, empty file, no such line); at the
   * run's reference offset (years.refZone) when the line carries another.
   */
  firstAt: number;
  /** The host of that line ('' when unknown). */
  host: string;
  /** That line is one of rspamd's own log file (parse/header.ts rspamdFileLine): its verdicts join at the end of the run. */
  rspamdLog?: true;
  /**
   * The run reads rspamd's own log file (an input with `rspamdLog`): this input's scan keeps unsigned messages whole
   * until that file is joined (aggregate/rspamd-file.ts). Set on every input by run.ts.
   */
  holdUnsigned?: true;
  /** That line's UTC offset ("+09:00", "+00:00"), "local" for a classic stamp; absent or '' when unknown. */
  zone?: string;
  /** --since: Postfix/Dovecot lines before this local time are counted as ignored (absent: none). */
  since?: number;
  /** The clock steps of the set as this input's scan puts them right (run.ts, aggregate/clock-steps.ts; absent: none). */
  clock?: FileClock;
  /** What its first bytes look like, for the warning when its lines are not understood (absent: nothing known). */
  looksLike?: LooksLike;
  /**
   * A journal export (journalctl -o json …), told from its first bytes (decompressed for a .gz): its entries are
   * read as syslog lines (journal-lines.ts). Absent: syslog lines. A stream's is known once read (run.ts).
   */
  journal?: JournalFormat;
  /**
   * A journal export's offset for its entries without a syslog stamp, minutes east of UTC: its first stamp's
   * (split/journal-zone.ts). Absent: UTC, or a stream (its reader finds it in its head).
   */
  journalOffset?: number;
  /**
   * A container's log as its engine stored it, told from its first bytes: Docker's json-file log, read as the lines
   * `docker logs -t` prints (docker-json.ts). Absent: syslog lines or a journal export.
   */
  container?: 'docker-json';
}

export interface ResolvedInputs {
  inputs: InputFile[];
  /** Paths given more than once (same file by device and inode): read once. */
  duplicates: string[];
  /** Consecutive files far apart in time (a file may be dated a year off). */
  yearGaps: YearGap[];
  /** Files whose classic first line --year dates long after the file was last written (the year is wrong). */
  futureStarts: FutureStart[];
  /** Inputs that repeat another's lines (mail.info beside mail.log, maillog.2 beside maillog.2.gz): not read. */
  sameContent: SameContent[];
  /**
   * The offset every time of the run is written in (YearRule.refZone): "+09:00", "local" (none: the first line is a
   * classic one), or '' (no file has a dated line: the first stream's first dated line's, known once it is read).
   */
  zone: string;
}

/**
 * Bytes read from a file's start (decompressed for a .gz) to recognise an archive or a compressor, and what the
 * bytes of a file whose lines are not understood look like: one read, only at offset 0.
 */
const HEAD_BYTES = LOOKS_LIKE_BYTES;

/** A leap year: probing a file's first classic stamp in it accepts "Feb 29". */
const PROBE_YEAR = 2000;
const DAY_MS = 86_400_000;
/** Consecutive files of a set whose first lines are further apart than this may be dated a year off. */
const SUSPECT_GAP_MS = 183 * DAY_MS;

/**
 * A classic first line --year dates more than this after its file was last written: a log holds no line written
 * after it, so the year is wrong (a slip of the current year for last December's log gives 11 months). Wide enough
 * for any zone (a classic stamp is the server's wall clock, the file time an instant) and a few weeks of slack.
 */
const FUTURE_START_MS = 60 * DAY_MS;

/** A file whose first line --year puts in the future of the file (report warning). */
export interface FutureStart {
  path: string;
  /** The year --year gave. */
  year: number;
  /** The first line's date as --year dates it, and the file's last write, both YYYY-MM-DD. */
  firstDay: string;
  modifiedDay: string;
  days: number;
  /** The --year that puts the first line before the file's last write: a year back for each year (or part) too far. */
  likelyYear: number;
}

/** Two files of a set far apart in time, at least one dated by the year rule: worth a look (report warning). */
export interface YearGap {
  before: string;
  after: string;
  days: number;
}

interface Found extends InputFile {
  /** The first line with a syslog header ('' = none), to time the file once its year is known. */
  firstLine: string;
  /** The rule as the first dated line settled it in PROBE_YEAR (or from its own RFC 3339 date). */
  probe: YearRule;
}

/**
 * `zone`: the reference offset to write the times in ("+09:00"; compare's after side takes the before run's, so that
 * both sides speak one offset), or "local" to take every line as written. Without it, the offset of the set's first
 * dated line.
 */
export async function resolveInputs(paths: string[], year: number | undefined, zone?: string): Promise<ResolvedInputs> {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  let found: Found[] = [];
  let stdinUsed = false;
  const refused: UnreadInputError[] = [];
  for (const path of paths) {
    if (path === '-') {
      if (stdinUsed) { duplicates.push(path); continue; }
      stdinUsed = true;
      checkStdin();
      const now = new Date();
      found.push({
        index: 0, path: '-', kind: 'stdin', bytes: 0, mtimeMs: now.getTime(),
        years: yearRule(year, now.getTime()), firstAt: NaN, host: '', firstLine: '', probe: newYearRule(PROBE_YEAR, 11, true),
      });
      continue;
    }
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      throw new UsageError(describeFsError(err, path));
    }
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory (give the log files inside it)`);
    if (st.isSocket()) throw new UsageError(`${path}: is a socket, not a log file`);
    // As standard input that is /dev/null (checkStdin): never a log, always a slip (README "Exit codes").
    if (isDevNull(st)) throw new UsageError(`${path}: is /dev/null, which is always empty (give the log files)`);
    const id = `${st.dev}:${st.ino}`;
    const again = seen.get(id);
    if (again !== undefined) { duplicates.push(path); continue; }
    seen.set(id, path);
    if (isStream(path, st)) {
      // Never peeked here: what a pipe gives is gone once read. Its reader detects gzip (workers/task.ts).
      const now = Date.now();
      found.push({
        index: 0, path, kind: 'stream', bytes: 0, mtimeMs: now, years: yearRule(year, now), firstAt: NaN, host: '', firstLine: '',
        probe: newYearRule(PROBE_YEAR, 11, true),
      });
      continue;
    }
    let head: Buffer;
    try {
      head = readHead(path, HEAD_BYTES);
    } catch (err) {
      throw new UsageError(describeFsError(err, path));
    }
    refuseOtherCompression(head, path);
    const format = programFormat(head);
    if (format !== null && programPath(format) === null) {
      // Beside other inputs, every file whose program is missing is named at once (magic.ts refusedInSet).
      refused.push(missingProgramError(path, format));
      continue;
    }
    const kind: InputKind = isGzip(head) ? 'gz' : format !== null ? KIND_OF[format] : 'plain';
    // The first dated line wherever it is (not only near the start): the scan of a stream settles its rule from
    // that line, and a plain file's ranges must get the same rule. A log normally has it on its first line.
    const probe = { ...newYearRule(PROBE_YEAR, 11, true), latestYear: latestYearFor(st.mtimeMs) };
    let looks: LooksLike;
    let firstLine: string;
    let journal: JournalFormat | null;
    let journalOffset: number | null = null;
    let docker: boolean;
    if (isCompressed(kind)) {
      const g = await firstDatedCompressed(path, kind, probe);
      if (isTar(g.head)) throw tarError(path, kind === 'gz' ? 'gz' : FORMAT_OF_KIND[kind]);
      firstLine = g.first;
      looks = looksLike(g.head, true);
      journal = g.journal;
      journalOffset = g.journalOffset;
      docker = g.docker;
    } else {
      journal = journalFormat(head);
      docker = isDockerJsonLog(head);
      if (journal !== null) journalOffset = await journalFallbackOffset(readHead(path, JOURNAL_ZONE_PROBE_BYTES), journal);
      firstLine = await firstDatedPlain(path, st.size, probe, journal, journalOffset, docker);
      looks = looksLike(head, false);
    }
    // A journal export's binary fields (a length, then the bytes) are its format's, not binary data instead of a log.
    if (looks === 'binary' && journal !== null) looks = '';
    found.push({
      index: 0, path, kind, bytes: st.size, mtimeMs: st.mtimeMs, years: yearRule(year, st.mtimeMs), firstAt: NaN, host: '', firstLine, probe,
      ...(looks === '' ? {} : { looksLike: looks }), ...(journal === null ? {} : { journal }),
      ...(journalOffset === null ? {} : { journalOffset }), ...(docker ? { container: 'docker-json' as const } : {}),
    });
  }
  if (refused.length > 0) throw refusedInSet(refused);
  settleYears(found, year);
  const ref = referenceZone(found, zone);
  placeAtReference(found, ref);
  // A journal export's or a container log's lines are not its log lines: not searched for another input's, nor they for its.
  // An .xz, .bz2 or .zst file has no size of its content to compare cheaply: a copy of another input is found after
  // the scan (aggregate/overlap.ts, repeating-inputs.ts), as a .gz of several members is.
  const sameContent = findSameContent(found.filter((f): f is Found & { kind: 'plain' | 'gz' } => (f.kind === 'plain' || f.kind === 'gz') && f.journal === undefined && f.container === undefined));
  const repeated = new Set(sameContent.map((s) => s.path));
  found = found.filter((f) => !repeated.has(f.path));
  // Chronological order: the files with a first timestamp sorted by it (then by command-line position); the
  // others (stdin, empty, no syslog line) keep their command-line slots. A comparator that let an untimed file
  // compare by position among timed ones was no order at all (A < untimed < C by position, C < A by time).
  const timed = found.filter((f) => !Number.isNaN(f.firstAt));
  timed.sort((a, b) => a.firstAt - b.firstAt || found.indexOf(a) - found.indexOf(b));
  let next = 0;
  const ordered = found.map((f) => (Number.isNaN(f.firstAt) ? f : timed[next++]!));
  const inputs = ordered.map(({ firstLine: _l, probe: _p, ...f }, i) => ({ ...f, index: i }));
  return { inputs, duplicates, yearGaps: yearGaps(timed), futureStarts: futureStarts(timed, year), sameContent, zone: ref };
}

/**
 * The offset of the set's first dated line (YearRule.refZone), `given` when it is one. First by instant when every
 * file's first line has an offset (a rotated set across a DST change: maillog.1 from 01:59 -04:00 is before maillog
 * from 01:10 -05:00), else by wall clock as the files are ordered; "local" when that line is a classic one. Standard
 * input and FIFOs are not read ahead (what a pipe gives is gone once read): beside a file with a dated line, the files
 * settle it. When no file has one (standard input beside an empty, just-rotated mail.log; `<(zcat a.gz) <(zcat b.gz)`),
 * the streams do (''): the first stream's first dated line as it is read, and the inputs read after it take that
 * (run.ts reads such a set in order on the main thread: review W, W1).
 */
function referenceZone(found: Found[], given: string | undefined): string {
  if (given !== undefined && (given === 'local' || isOffsetZone(given))) return given;
  const timed = found.filter((f) => !Number.isNaN(f.firstAt));
  if (timed.length === 0) return found.some(readOnce) ? '' : 'local';
  const offsets = timed.every((f) => isOffsetZone(f.zone ?? ''));
  const key = (f: Found): number => (offsets ? f.firstAt - zoneOffsetMs(f.zone!) : f.firstAt);
  let first = timed[0]!;
  for (const f of timed) if (key(f) < key(first)) first = f;
  return isOffsetZone(first.zone ?? '') ? first.zone! : 'local';
}

/** Gives every file the reference offset, and moves the first times of files whose first line has another. */
function placeAtReference(found: Found[], ref: string): void {
  const refMs = zoneOffsetMs(ref);
  for (const f of found) {
    if (ref === '') {
      f.years.refZone = '';
      f.years.refOffsetMs = 0;
      continue;
    }
    setReferenceZone(f.years, ref);
    const own = zoneOffsetMs(f.zone ?? '');
    if (Number.isFinite(refMs) && Number.isFinite(own) && !Number.isNaN(f.firstAt)) f.firstAt += refMs - own;
  }
}

/** Standard input that is a directory, or closed (Node opens /dev/null in its place), is not a log. */
function checkStdin(): void {
  let st;
  try {
    st = fstatSync(0);
  } catch {
    throw new UsageError('-: standard input is closed (pipe the log into -)');
  }
  if (st.isDirectory()) throw new UsageError('-: standard input is a directory (give the log files inside it)');
  if (isDevNull(st)) throw new UsageError('-: standard input is closed or /dev/null (pipe the log into -)');
}

/** /dev/null (or a device node of it): Node opens it for a closed standard input. */
function isDevNull(st: { isCharacterDevice(): boolean; rdev: number }): boolean {
  if (!st.isCharacterDevice()) return false;
  const devNull = statSync('/dev/null', { throwIfNoEntry: false });
  return devNull !== undefined && st.rdev === devNull.rdev;
}

/**
 * Inputs without a size to split by: FIFOs and `<(…)`, devices, and files of size 0 that still have content (/proc).
 * A real empty file stays plain.
 */
function isStream(path: string, st: { isFile(): boolean; size: number }): boolean {
  if (!st.isFile()) return true;
  if (st.size > 0) return false;
  try {
    return readHead(path, 1).length > 0;
  } catch (err) {
    throw new UsageError(describeFsError(err, path));
  }
}

function yearRule(year: number | undefined, mtimeMs: number): YearRule {
  const ref = new Date(mtimeMs);
  return { ...newYearRule(year ?? ref.getFullYear(), ref.getMonth(), year !== undefined), latestYear: latestYearFor(mtimeMs) };
}

/**
 * Settles each file's year rule from its first dated line, and times the file by its first syslog line.
 * An RFC 3339 first line carries its own year. A classic one takes the year of the file time, or with --year
 * Y: the set is a run of consecutive logs shorter than a year, so on the calendar circle the longest gap
 * between the files' first days is where it starts; the first file after that gap is in Y, and the files
 * after it in the calendar wrap into Y + 1 (maillog.1 "Dec 31", maillog "Jan  1" with --year 2026: 2026, 2027).
 */
function settleYears(found: Found[], year: number | undefined): void {
  const classic = found.filter((f) => f.probe.firstMonth >= 0 && !f.probe.iso);
  const given = new Map<Found, number>();
  if (year !== undefined && classic.length > 0) {
    const day = (f: Found): number => Date.UTC(PROBE_YEAR, f.probe.firstMonth, f.probe.firstDay);
    const circle = [...classic].sort((a, b) => day(a) - day(b) || found.indexOf(a) - found.indexOf(b));
    // The wrap-around gap first: on a tie, the set starts at the earliest calendar day.
    let start = 0;
    let widest = day(circle[0]!) + 366 * DAY_MS - day(circle[circle.length - 1]!);
    for (let k = 1; k < circle.length; k++) {
      const gap = day(circle[k]!) - day(circle[k - 1]!);
      if (gap > widest) { widest = gap; start = k; }
    }
    circle.forEach((f, k) => given.set(f, k >= start ? year : year + 1));
  }
  for (const f of found) {
    if (f.kind === 'stdin') continue; // settled by its own first dated line while it is read
    const p = f.probe;
    if (p.firstMonth >= 0) {
      if (p.iso) {
        f.years = { ...p, refYear: f.years.refYear, refMonth: f.years.refMonth, fixed: f.years.fixed, latestYear: f.years.latestYear };
      } else {
        const y = given.get(f);
        if (y !== undefined) f.years = { ...newYearRule(y, 0, true), latestYear: f.years.latestYear };
        settleYearRule(f.years, p.firstMonth, p.firstDay);
      }
    }
    const h = newHeader();
    const dated = f.firstLine !== '' && parseHeader(f.firstLine, h, f.years, new Map());
    f.firstAt = dated ? h.at : NaN;
    f.host = dated ? h.host : '';
    f.zone = dated ? h.zone : '';
    if (dated && h.host === '' && h.prog === RSPAMD_FILE_PROG) f.rspamdLog = true;
    else delete f.rspamdLog;
  }
}

/** Files next to each other in time whose first lines are half a year apart or more, one of them classic. */
function yearGaps(timed: Found[]): YearGap[] {
  const gaps: YearGap[] = [];
  for (let k = 1; k < timed.length; k++) {
    const a = timed[k - 1]!, b = timed[k]!;
    if (b.firstAt - a.firstAt >= SUSPECT_GAP_MS && !(a.years.iso && b.years.iso)) {
      gaps.push({ before: a.path, after: b.path, days: Math.round((b.firstAt - a.firstAt) / DAY_MS) });
    }
  }
  return gaps;
}

/**
 * The files (not streams: their time is now, and their first line is not known yet) whose classic first line
 * `--year` dates more than FUTURE_START_MS after the file was last written (review AJ: `--year 2027` for a log of
 * November 2026 put the takeover in November 2027 without a word). Without --year the file time gives the year. A
 * file time before 2000 (a clock that booted without its date, an archiver that keeps none: 1980-01-01) says nothing.
 */
function futureStarts(timed: Found[], year: number | undefined): FutureStart[] {
  if (year === undefined) return [];
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return timed.filter((f) => f.kind !== 'stream' && f.kind !== 'stdin' && !f.years.iso && new Date(f.mtimeMs).getUTCFullYear() >= FIRST_YEAR
    && f.firstAt - f.mtimeMs > FUTURE_START_MS)
    .map((f) => {
      const days = Math.round((f.firstAt - f.mtimeMs) / DAY_MS);
      return { path: f.path, year, firstDay: day(f.firstAt), modifiedDay: day(f.mtimeMs), days, likelyYear: year - Math.ceil(days / 366) };
    });
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Thrown by the probe sink to stop reading at the first syslog line. */
const FOUND = new Error('first syslog line found');

/**
 * A line sink that settles `years` like the scanner (parseHeader on each line, lines too long to parse
 * skipped, the same line splitting since the readers feed it) and stops at the first line with a header.
 */
function probeSink(years: YearRule, found: (line: string) => void): LineSink {
  const h = newHeader();
  const intern = new Map<string, string>();
  const check = (text: string): void => {
    if (text.length > 0 && parseHeader(text, h, years, intern)) {
      found(text);
      throw FOUND;
    }
  };
  return {
    line: check,
    bytes: (buf, from, to) => check(latin1(buf, from, to)),
    longLine: () => undefined,
    previous: () => undefined,
    finish: () => { throw new Error('probe sink has no result'); },
  };
}

async function firstDatedPlain(path: string, size: number, years: YearRule, journal: JournalFormat | null, journalOffset: number | null, docker: boolean): Promise<string> {
  let first = '';
  const sink = probeSink(years, (l) => { first = l; });
  const clock = journalClock(journalOffset);
  try {
    if (journal === 'export') await readExport(createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>, sink, clock);
    else await readRange(path, 0, size, journal !== null ? journalLineSink(sink, journal, clock) : docker ? dockerJsonSink(sink) : sink, () => undefined);
  } catch (err) {
    if (err !== FOUND) throw new UsageError(describeFsError(err, path));
  }
  return first;
}

/**
 * The same for a compressed file, decompressed until its first syslog line; with the first bytes of its content (up
 * to HEAD_BYTES, fewer when the line comes first), which say whether it holds a tar archive or another gzip.
 */
async function firstDatedCompressed(path: string, kind: 'gz' | CompressedKind, years: YearRule): Promise<{ first: string; head: Buffer; journal: JournalFormat | null; journalOffset: number | null; docker: boolean }> {
  let first = '';
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  const stop = new AbortController();
  const gunzip = kind === 'gz' ? raw.pipe(createGunzip()) : null;
  const program = kind === 'gz' ? null : decompressWith(FORMAT_OF_KIND[kind], raw as AsyncIterable<Buffer>, () => undefined, stop.signal);
  const stream = (gunzip ?? program!) as AsyncIterable<Buffer>;
  const head: Buffer[] = [];
  let headBytes = 0;
  async function* watched(): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (headBytes < HEAD_BYTES) {
        head.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - headBytes)));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      yield chunk;
    }
  }
  let journal: JournalFormat | null = null;
  let journalOffset: number | null = null;
  let docker = false;
  try {
    // The head a stream's reader searches for the offset (workers/task.ts readContent), here too.
    const p = await peek(watched(), JOURNAL_ZONE_PROBE_BYTES);
    journal = journalFormat(p.head.subarray(0, JOURNAL_SNIFF_BYTES));
    docker = isDockerJsonLog(p.head);
    if (journal !== null) journalOffset = await journalFallbackOffset(p.head.subarray(0, JOURNAL_ZONE_PROBE_BYTES), journal);
    const clock = journalClock(journalOffset);
    const sink = probeSink(years, (l) => { first = l; });
    if (journal === 'export') await readExport(p.content, sink, clock);
    else await readStream(p.content, journal !== null ? journalLineSink(sink, journal, clock) : docker ? dockerJsonSink(sink) : sink, path);
  } catch {
    // Found, or a corrupt file: its reader reports the error properly later.
  } finally {
    // The decompressing program is ended too (decompress-program.ts).
    stop.abort();
    gunzip?.destroy();
    void program?.return(undefined).catch(() => undefined);
    raw.destroy();
  }
  return { first, head: Buffer.concat(head), journal, journalOffset, docker };
}
