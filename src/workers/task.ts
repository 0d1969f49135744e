// One unit of scanning work: a byte range of a plain file, a whole compressed file (.gz, .xz, .bz2, .zst), or
// standard input.

import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { InputFile } from '../split/inputs.js';
import type { ScanResult } from '../scan.js';
import { createScanner } from '../scan.js';
import { readRange } from '../split/read-range.js';
import { linesBefore } from '../split/read-before.js';
import type { SharedRange } from '../split/shared-range.js';
import { readStream } from '../split/read-stream.js';
import { gunzipRegularFile } from '../split/gunzip-file.js';
import { gunzipStream } from '../split/gunzip-stream.js';
import type { GunzipNotes } from '../split/gunzip-file.js';
import { OutOfMemoryError } from '../memory.js';
import { RunError, UsageError, describeFsError } from '../errors.js';
import { LOOKS_LIKE_BYTES, MAGIC_BYTES, isGzip, isTar, looksLike, missingProgramError, nulsAreData, refuseOtherCompression, tarError } from '../split/magic.js';
import type { LooksLike } from '../split/magic.js';
import type { ProgramFormat } from '../split/decompress-program.js';
import { FORMAT_OF_KIND, decompressWith, programFormat, programPath } from '../split/decompress-program.js';
import type { LineSink } from '../scan.js';
import type { JournalFormat } from '../split/journal-format.js';
import { JOURNAL_SNIFF_BYTES, journalFormat } from '../split/journal-format.js';
import { journalLineSink } from '../split/journal-lines.js';
import { readExport } from '../split/journal-export.js';
import { journalFallbackOffset } from '../split/journal-fallback.js';
import { dockerJsonSink, isDockerJsonLog } from '../split/docker-json.js';
import type { JournalClock } from '../split/journal-zone.js';
import { JOURNAL_ZONE_PROBE_BYTES, journalClock } from '../split/journal-zone.js';
import { peek } from '../split/peek.js';
import { compressedDataEnd } from '../split/compressed-data-end.js';
import type { DataEnd } from '../split/compressed-data-end.js';
import { streamDataEnd } from '../split/stream-data-end.js';
import type { ReadFailure } from '../split/compressed-read-failure.js';
import type { CompressedProblem } from '../split/compressed-problem.js';
import { compressedProblemLine, gzipProblem, programProblem } from '../split/compressed-problem.js';
import { readFailureOf, readingCompressed } from '../split/compressed-read-failure.js';

export interface ScanTask {
  /** Position in file order: results are merged and stitched in this order. */
  seq: number;
  input: InputFile;
  start: number;
  end: number;
  logStart: boolean;
  /** Unique per task, also for a range taken over from another task (which keeps that task's seq). */
  piece: number;
  /** Set when another thread may take over the tail of this range (plain files scanned in parallel). */
  shared?: SharedRange;
}

export interface TaskResult extends ScanResult {
  seq: number;
  piece: number;
  /** Set when a compressed stream broke: what was read before is in the result. */
  error: string;
  /** Bytes of the input consumed (compressed bytes for a compressed file). */
  bytesRead: number;
  /**
   * Bytes after a compressed file's data that start no stream, ignored: after a .gz file's last member as gzip ignores
   * them (split/gunzip-file.ts), after an .xz, .bz2 or .zst file's last stream (split/compressed-data-end.ts).
   */
  trailingBytes: number;
  /** The compressor `trailingBytes` follows the data of, for a stream (a file's is its kind). */
  trailingFormat?: ProgramFormat | 'gzip';
  /** Set (with `error`) when reading a compressed input failed part-way (EIO …): run.ts words it in the report's language. */
  readFailure?: ReadFailure;
  /** Set (with `error`) when a compressed input's data is cut short, damaged or followed by too much: run.ts words it so too. */
  problem?: CompressedProblem;
  /** The journal export format the input was read as (a stream's is known only once read: run.ts copies it). */
  journal?: JournalFormat;
  /** A container's log the input was read as (Docker's json-file; a stream's is known once read). */
  container?: 'docker-json';
  /**
   * What a stream's first bytes look like (split/magic.ts looksLike; a file's is known before: InputFile.looksLike):
   * run.ts marks the input so, for the report to say what a file's says.
   */
  looksLike?: Exclude<LooksLike, ''>;
}

export async function runTask(task: ScanTask, progress: (bytes: number) => void, signal?: AbortSignal): Promise<TaskResult> {
  const scanner = createScanner({
    file: task.input.index, years: task.input.years, logStart: task.logStart, since: task.input.since,
    ...(task.input.clock === undefined ? {} : { clock: task.input.clock }),
    ...(task.input.holdUnsigned === true ? { holdUnsigned: true } : {}),
    ...(nulsAreData(task.input.looksLike) ? { nulsAreData: true } : {}),
  });
  const { input } = task;
  // A journal export's entries reach the scanner as syslog lines (split/journal-lines.ts, journal-export.ts).
  const clock = journalClock(input.journalOffset);
  const sink = linesOf(scanner, input.journal, clock, input.container);
  let journal = input.journal;
  let container = input.container;
  let looks: Exclude<LooksLike, ''> | undefined;
  let error = '';
  let readFailure: ReadFailure | undefined;
  let problem: CompressedProblem | undefined;
  let bytesRead = 0;
  const notes: GunzipNotes = { trailingBytes: 0 };
  let trailingFormat: ProgramFormat | 'gzip' | undefined;
  if (input.kind === 'plain' && input.journal === 'export') {
    // Read whole by one task (run.ts planTasks): its binary fields are not cut into lines.
    const counted = (n: number): void => { bytesRead += n; progress(n); };
    try {
      await readExport(counting(createReadStream(input.path, { highWaterMark: 1024 * 1024, signal }), counted), scanner, clock);
    } catch (err) {
      if (signal?.aborted) throw new RunError('interrupted');
      throw new RunError(describeFsError(err, input.path));
    }
  } else if (input.kind === 'plain') {
    if (task.start > 0) {
      const offsets: number[] = [];
      sink.previous(linesBefore(input.path, task.start, offsets), offsets);
    }
    const shrunkTo = await readRange(input.path, task.start, task.end, sink, (n) => { bytesRead += n; progress(n); }, signal, task.shared);
    // As a truncated .gz: an error, or with --allow-partial a warning (run.ts); every range that ran short says the same.
    if (shrunkTo >= 0) error = shrankMessage(input.path, input.bytes, shrunkTo);
  } else if (input.kind === 'gz') {
    try {
      // A .gz scanned on the main thread beside workers stops when one of them fails (pool.ts).
      const counted = (n: number): void => { bytesRead += n; progress(n); };
      const content = gunzipRegularFile(input.path, notes, counted, signal, () => new RunError('interrupted'));
      if (input.journal === 'export') await readExport(content, scanner, clock);
      else await readStream(content, sink, input.path);
    } catch (err) {
      if (err instanceof OutOfMemoryError) throw err; // not a broken stream: --allow-partial does not apply
      if (signal?.aborted) throw new RunError('interrupted');
      const failure = readFailureOf(err, input.path, bytesRead);
      if (failure !== null) readFailure = failure.failure;
      problem = failure === null ? gzipProblem(err, input.path, bytesRead) ?? undefined : undefined;
      error = failure?.message ?? (problem === undefined ? `${input.path}: ${describeStreamError(err)} after ${bytesRead} compressed bytes` : compressedProblemLine(problem));
    }
  } else if (input.kind === 'xz' || input.kind === 'bz2' || input.kind === 'zst') {
    const format = FORMAT_OF_KIND[input.kind];
    let logBytes = 0;
    let dataEnd: DataEnd | null = null;
    try {
      const counted = (n: number): void => { bytesRead += n; progress(n); };
      // The program is given the compressed data only, not zeros or stray bytes after it (compressed-data-end.ts);
      // the whole file when its end was not found, for the program to say what is wrong with it.
      dataEnd = compressedDataEnd(input.path, format);
      const raw = createReadStream(input.path, { highWaterMark: 1024 * 1024, ...(dataEnd === null ? {} : { end: dataEnd.end - 1 }) });
      const read = readingCompressed(raw as AsyncIterable<Buffer>, input.path, counted);
      const content = countingLog(decompressWith(format, read, () => undefined, signal, () => new RunError('interrupted')), (n) => { logBytes += n; });
      if (input.journal === 'export') await readExport(content, scanner, clock);
      else await readStream(content, sink, input.path);
      // The bytes after the data were looked at, not decompressed: the progress line ends at the file's size.
      if (dataEnd !== null && input.bytes > bytesRead) counted(input.bytes - bytesRead);
    } catch (err) {
      if (err instanceof OutOfMemoryError) throw err;
      if (signal?.aborted) throw new RunError('interrupted');
      const failure = readFailureOf(err, input.path, bytesRead);
      if (failure !== null) readFailure = failure.failure;
      problem = failure === null ? programProblem(err, input.path, logBytes) ?? undefined : undefined;
      error = failure?.message ?? (problem === undefined ? `${input.path}: ${describeStreamError(err)}` : compressedProblemLine(problem));
    }
    if (error === '' && dataEnd?.tail === 'stray') notes.trailingBytes = dataEnd.stray;
    if (error === '' && dataEnd?.tail === 'too-long') {
      problem = { kind: 'too-long', path: input.path, format, bytes: dataEnd.stray };
      error = compressedProblemLine(problem);
    }
  } else {
    const r = await readPipe(input, scanner, (n) => { bytesRead += n; progress(n); }, signal);
    error = r.error;
    problem = r.problem;
    notes.trailingBytes = r.trailingBytes ?? 0;
    trailingFormat = r.trailingFormat;
    readFailure = r.readFailure;
    journal = r.journal;
    container = r.container;
    looks = r.looksLike;
  }
  return {
    ...sink.finish(), seq: task.seq, piece: task.piece, error, bytesRead, trailingBytes: notes.trailingBytes,
    ...(trailingFormat === undefined ? {} : { trailingFormat }),
    ...(readFailure === undefined ? {} : { readFailure }), ...(problem === undefined ? {} : { problem }),
    ...(journal === undefined ? {} : { journal }), ...(container === undefined ? {} : { container }),
    ...(looks === undefined ? {} : { looksLike: looks }),
  };
}

/** The sink that reads an input's lines: the scanner, or for a journal export of JSON objects or a container's log its adapter. */
function linesOf(scanner: LineSink, format: JournalFormat | undefined, clock: JournalClock, container?: 'docker-json'): LineSink {
  if (container === 'docker-json') return dockerJsonSink(scanner);
  return format === undefined || format === 'export' ? scanner : journalLineSink(scanner, format, clock);
}

/** `content` with its bytes counted as they are read. */
async function* counting(content: AsyncIterable<Buffer>, count: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of content) {
    count(chunk.length);
    yield chunk;
  }
}

/** `content` with its (decompressed) bytes counted as they are given. */
async function* countingLog(content: AsyncIterable<Buffer>, count: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of content) {
    count(chunk.length);
    yield chunk;
  }
}

/** What readContent found a stream to be; `looksLike` is set before its lines are read, kept if reading them fails. */
interface StreamFound { journal?: JournalFormat; container?: 'docker-json'; looksLike?: Exclude<LooksLike, ''> }

/**
 * A stream's content read as what its first bytes say: syslog lines or a journal export (journal-format.ts). What
 * they look like is looked at as a file's is (split/inputs.ts looksLike) and kept in `found` (the report's hint:
 * UTF-16, CR line ends, gzip inside gzip, binary data, another MTA's log); binary data's or UTF-16's NULs are told
 * to the scanner, as no padding. `compressed`: the content was decompressed (looksLike's `gz`, as for a compressed file).
 */
async function readContent(content: AsyncIterable<Buffer>, scanner: LineSink, name: string, compressed: boolean, found: StreamFound): Promise<void> {
  // The head the planner searches a file's for the offset of entries without a syslog stamp (split/inputs.ts).
  const p = await peek(content, JOURNAL_ZONE_PROBE_BYTES);
  const format = journalFormat(p.head.subarray(0, JOURNAL_SNIFF_BYTES)) ?? undefined;
  let looks = looksLike(p.head.subarray(0, LOOKS_LIKE_BYTES), compressed);
  // A journal export's binary fields are its format's (split/inputs.ts): not binary data instead of a log.
  if (looks === 'binary' && format !== undefined) looks = '';
  if (looks !== '') found.looksLike = looks;
  if (nulsAreData(looks)) scanner.nulsAreData?.();
  const container = isDockerJsonLog(p.head) ? 'docker-json' as const : undefined;
  const clock = journalClock(format === undefined ? null : await journalFallbackOffset(p.head.subarray(0, JOURNAL_ZONE_PROBE_BYTES), format));
  if (format === 'export') await readExport(p.content, scanner, clock);
  else await readStream(p.content, linesOf(scanner, format, clock, container), name);
  if (format !== undefined) found.journal = format;
  if (container !== undefined) found.container = container;
}

/** A plain file that became shorter than planned while it was read (review AA, F13). */
export function shrankMessage(path: string, planned: number, now: number): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  return `${path} shrank from ${n(planned)} to ${n(now)} bytes while it was read (logrotate copytruncate?): lines past byte ${n(now)} `
    + 'were not read; copy the file first and analyze the copy';
}

/**
 * Standard input, a FIFO, `<(…)`, a device or a /proc file: read once, from its start to its end. Its first bytes
 * say whether it is gzip (decompressed like a .gz file), xz, bzip2 or zstd (through their program) or an archive
 * (refused); nothing read is dropped.
 */
async function readPipe(input: InputFile, sink: LineSink, count: (n: number) => void, signal?: AbortSignal): Promise<{ error: string; problem?: CompressedProblem; trailingBytes?: number; trailingFormat?: ProgramFormat | 'gzip'; readFailure?: ReadFailure } & StreamFound> {
  const name = input.kind === 'stdin' ? 'standard input' : input.path;
  const raw: Readable = input.kind === 'stdin' ? process.stdin : createReadStream(input.path, { highWaterMark: 1024 * 1024 });
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let read = 0;
  /** The input's next chunk as bytes, counted as read (progress and `read`); null at its end. */
  const nextChunk = async (): Promise<Buffer | null> => {
    const r = await chunks.next();
    if (r.done) return null;
    const c = typeof r.value === 'string' ? Buffer.from(r.value, 'latin1') : r.value;
    read += c.length;
    count(c.length);
    return c;
  };
  const onAbort = (): void => { const e = new RunError('interrupted'); raw.destroy(e); };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // The head: enough bytes to recognise a compressor, kept to be read as the start of the data.
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    try {
      while (headBytes < MAGIC_BYTES) {
        const c = await nextChunk();
        if (c === null) { ended = true; break; }
        head.push(c);
        headBytes += c.length;
      }
    } catch (err) {
      if (signal?.aborted) throw new RunError('interrupted');
      // Nothing could be read (permission, a FIFO's open failing …): an unreadable input, as for a file.
      if (read === 0) throw new UsageError(describeFsError(err, input.path));
      throw err;
    }
    const first = Buffer.concat(head);
    refuseOtherCompression(first, input.path);
    const format = programFormat(first);
    if (format !== null && programPath(format) === null) throw missingProgramError(input.path, format);
    async function* all(): AsyncGenerator<Buffer> {
      if (first.length > 0) yield first;
      if (ended) return;
      for (let c = await nextChunk(); c !== null; c = await nextChunk()) yield c;
    }
    const gz = isGzip(first);
    const found: StreamFound = {};
    let logBytes = 0;
    let trailingBytes = 0;
    try {
      if (gz) {
        // Member by member, bytes after the last one read past as a .gz file's (gunzip-stream.ts).
        const gzNotes: GunzipNotes = { trailingBytes: 0 };
        await readContent(refusingTar(gunzipStream(all(), gzNotes), input.path, 'gz'), sink, name, true, found);
        trailingBytes = gzNotes.trailingBytes;
      } else if (format !== null) {
        // The program is given the compressed data only, as a file's (stream-data-end.ts); all() counts what it reads.
        const ends = streamDataEnd(format);
        let dataRead: () => void = () => undefined;
        const dataDone = new Promise<void>((resolve) => { dataRead = resolve; });
        async function* data(): AsyncGenerator<Buffer> {
          try {
            for await (const chunk of all()) {
              const given = ends.push(chunk);
              if (given.length > 0) yield given;
            }
            const held = ends.finish();
            if (held !== null) yield held;
          } finally {
            dataRead();
          }
        }
        const content = countingLog(decompressWith(format, data(), () => undefined, signal, () => new RunError('interrupted')), (n) => { logBytes += n; });
        await readContent(refusingTar(content, input.path, format), sink, name, true, found);
        // bzip2 stops reading after its data ("trailing garbage after EOF ignored"): the rest is read here, for what
        // follows the data. Once data() is done with the input, not beside it.
        await dataDone;
        for (let c = await nextChunk(); c !== null; c = await nextChunk()) ends.push(c);
        ends.finish();
        const end = ends.result();
        if (end?.tail === 'stray') trailingBytes = end.stray;
        if (end?.tail === 'too-long') {
          const problem: CompressedProblem = { kind: 'too-long', path: input.path, format, bytes: end.stray };
          return { error: compressedProblemLine(problem), problem, ...found };
        }
      } else {
        await readContent(all(), sink, name, false, found);
      }
    } catch (err) {
      if (err instanceof OutOfMemoryError || err instanceof UsageError) throw err;
      if (signal?.aborted) throw new RunError('interrupted');
      const failure = gz || format !== null ? readFailureOf(err, input.path, read) : null;
      if (failure !== null) return { error: failure.message, readFailure: failure.failure, ...found };
      const problem = format !== null ? programProblem(err, input.path, logBytes) : gz ? gzipProblem(err, input.path, read) : null;
      if (problem !== null) return { error: compressedProblemLine(problem), problem, ...found };
      if (format !== null) return { error: `${input.path}: ${describeStreamError(err)}`, ...found };
      const why = /^E[A-Z]+$/.test((err as { code?: string }).code ?? '') ? describeFsError(err, input.path).slice(input.path.length + 2) : describeStreamError(err);
      return { error: `${input.path}: ${why} after ${read}${gz ? ' compressed' : ''} bytes`, ...found };
    }
    return { error: '', ...(trailingBytes > 0 ? { trailingBytes, trailingFormat: format ?? 'gzip' } : {}), ...found };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A compressed stream's content, refused when it is a tar archive (a .tgz piped in): files are checked so in inputs.ts. */
async function* refusingTar(content: AsyncIterable<Buffer>, path: string, compressed: 'gz' | ProgramFormat): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0);
  for await (const chunk of content) {
    if (head !== null) {
      head = Buffer.concat([head, chunk.subarray(0, MAGIC_BYTES - head.length)]);
      if (head.length >= MAGIC_BYTES) {
        if (isTar(head)) throw tarError(path, compressed);
        head = null;
      }
    }
    yield chunk;
  }
}

/** An error that is no decompressor's (those are CompressedProblems): its own message. */
function describeStreamError(err: unknown): string {
  return (err as { message?: string }).message ?? String(err);
}
