// The analyze pipeline, top to bottom:
//
//   inputs ──split──▶ byte ranges / streams ──scan (workers)──▶ aggregate + open fragments per range
//      ──merge in file order──▶ one aggregate ──stitch fragments──▶ message records folded
//      ──detect──▶ findings ──report──▶ report model ──render──▶ report.json, report.md, …

import type { ToolBuild } from './tool-build.js';
import { availableParallelism } from 'node:os';
import type { Aggregate, ClockStep, Example, LineCounts } from './types.js';
import type { InputFile, ResolvedInputs } from './split/inputs.js';
import type { SameContent } from './split/same-content.js';
import { repeatingInputs, withoutPaths } from './split/repeating-inputs.js';
import { readOnce, resolveInputs } from './split/inputs.js';
import { grownInputs } from './split/grown-inputs.js';
import { setGaps } from './split/set-gaps.js';
import { setReferenceZone } from './parse/header.js';
import { MIN_RANGE_BYTES, splitFile } from './split/ranges.js';
import { splittableJournal } from './split/journal-format.js';
import type { ScanTask, TaskResult } from './workers/task.js';
import { checkHeap, collectAfterMerge } from './memory.js';
import { runTask } from './workers/task.js';
import { runOnThreads } from './workers/pool.js';
import { dropEarlyWorker } from './workers/early-worker.js';
import { newAggregate } from './aggregate/create.js';
import { mergeAggregates } from './aggregate/merge.js';
import type { SessionCarry } from './aggregate/smtpd-sessions.js';
import { stitchSessions } from './aggregate/smtpd-sessions.js';
import { foldMailboxAuthNames } from './aggregate/mailbox-names.js';
import { foldProxiedLogins } from './aggregate/mailbox-logins.js';
import { foldProxyRefusals } from './aggregate/proxy-refusals.js';
import { foldMessage } from './aggregate/messages.js';
import { joinRspamdFile } from './aggregate/rspamd-file.js';
import { finishAll, newStitcher, stitch } from './correlate/stitch.js';
import { applyBulkDeletions } from './aggregate/bulk-delete.js';
import { findOverlaps } from './aggregate/overlap.js';
import { CLOCK_FIX_MAX_MS, CLOCK_STEP_EXAMPLES, clockShiftOf, planClockFix } from './aggregate/clock-steps.js';
import { hourLabel, isoLocal, reportZone } from './time.js';
import type { DetectionOptions, Report, SinceHour } from './report/model.js';
import { buildReport } from './report/build.js';
import { buildOverview } from './report/overview.js';
import { endPhaseLine, newProgress, phaseLine, setPhaseLines } from './progress.js';
import { progressWords } from './i18n/progress.js';
import { RunError, UsageError } from './errors.js';
import { detect, ruleTexts } from './detect/index.js';
import type { DetectOptions } from './detect/index.js';
import type { Lang, Messages } from './i18n/index.js';
import { messagesFor } from './i18n/index.js';
import { TIMING_ON, atNow, msSince, timingLine } from './timing.js';
import { cpuByThread, threadCpu, threadCpuSince } from './thread-cpu.js';
import { gcSince, gcSoFar, observeGc } from './gc-time.js';

/** The compressor named by the warning of bytes ignored after an input's compressed data. */
const TRAILING_FORMAT: Partial<Record<string, 'gzip' | 'xz' | 'bzip2' | 'zstd'>> = { gz: 'gzip', xz: 'xz', bz2: 'bzip2', zst: 'zstd' };

export interface AnalyzeOptions {
  paths: string[];
  jobs: number;
  year?: number;
  top: number;
  formats: string[];
  /** Split plain files into ranges of about this size (tests use small ranges to exercise stitching). */
  rangeBytes?: number;
  allowPartial: boolean;
  progress: boolean;
  version: string;
  /** The git commit of the build (tool-build.ts): report.json's tool.commit; absent when not built from a git checkout. */
  build?: ToolBuild;
  detect?: Partial<DetectOptions>;
  signal?: AbortSignal;
  /** Language of the report's human texts (finding titles, rules' why/fix, warnings); default English. */
  lang?: Lang;
  /** --since: local time (LocalMillis) before which Postfix/Dovecot lines are counted as ignored. */
  since?: number;
  /**
   * Inputs found after a first scan to repeat another's lines (every line of a .gz of mail.warn in mail.log.gz):
   * left out of this run, named in its warnings. Set by analyze itself when it reads the set again without them.
   */
  repeatedAfterScan?: SameContent[];
  /** `paths` already resolved with `year` (compare's after side, compare/after-side.ts): not read again. */
  resolved?: ResolvedInputs;
  /**
   * The UTC offset to write the times in ("+09:00"), instead of the first line's (split/inputs.ts): compare's after
   * side takes the before run's, so that the two runs speak one offset (compare/after-side.ts); "local": every line as
   * written. Not a CLI option.
   */
  zone?: string;
  /**
   * The clock steps a first read found, each with the shift to put it right (aggregate/clock-steps.ts): the inputs are
   * read again with them (review V). Set by analyze itself.
   */
  clockFix?: ClockStep[];
  /**
   * Called when the scan threads are done (each pass of a set read again): the CLI starts the chart thread then
   * (workers/chart-thread.ts), on the core the scan worker left, while this thread folds, detects and reports.
   */
  onScanned?: () => void;
}

export interface AnalyzeResult {
  report: Report;
  aggregate: Aggregate;
  bytes: number;
}

/** The lines --since left out, by hour, oldest first, labelled as the report's hourly rows (zone: period.timezone). */
function sinceHourly(agg: Aggregate, zone: string): SinceHour[] {
  return [...agg.beforeSinceHourly].sort(([a], [b]) => a - b)
    .map(([h, lines]) => {
      const dovecot = agg.beforeSinceDovecotHourly.get(h) ?? 0;
      return { hour: hourLabel(h) + (zone === 'local' ? '' : zone), lines, ...(dovecot > 0 ? { dovecotLines: dovecot } : {}) };
    });
}

/** The detection options to record in report.json (options.detection), when any was given (review 19, M4). */
function detectionRecord(d: Partial<DetectOptions>): { detection?: DetectionOptions } {
  const allowIps = [...(d.allowIps ?? [])].sort();
  const allowUsers = [...(d.allowUsers ?? [])].sort();
  const entries = Object.entries(d.thresholds ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const queueSnapshot = d.liveQueue !== undefined && d.liveQueue !== null;
  if (allowIps.length === 0 && allowUsers.length === 0 && entries.length === 0 && !queueSnapshot) return {};
  return { detection: { allowIps, allowUsers, thresholds: Object.fromEntries(entries), queueSnapshot } };
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The fraction of each worker's range that the main thread scans instead, in the file it shares with workers.
 * A worker starts ~50 ms late and must serialize its result when done (0.13 ms per MB of range), and the main
 * thread decodes that result between its own chunks: when the worker's result comes before the main thread's
 * scan ends, the run ends with the main thread's own range merged, not with the worker's result serialized,
 * sent, decoded and merged after an idle wait. 1.5 GB benchmark log, 2 jobs, taking turns: the scan, merge and
 * stitch took 7.38–7.40 s with 3% against 7.75–8.04 s with equal ranges (the whole run 8.25–8.44 against
 * 8.62–8.91 s); with 1.5% the worker still ended last, with 2% it once took over the main thread's tail (a
 * third result to hold: 304 MiB peak). The thirteenth session made the benchmark log's last part (the deferred
 * flood, the main thread's range) cheaper per byte (delivery.ts sameAttempt), and the worker ended last again:
 * taking turns, eight runs each, the scan, merge and stitch took 6.73–6.99 s (median 6.81) with 7% against
 * 6.91–7.24 s (median 7.05) with 3% and 6.62–7.51 s with 5%, the same peak RSS; with 7% the worker ended
 * 40–500 ms before the main thread, far from the 1 s of work left that lets it take over the main thread's tail.
 * By the thirty-eighth session the first half (the brute force) cost more a line than the flood, and with 7% the
 * worker ended its scan 0.4–0.7 s after the main thread, which then sat idle until the worker's result came. Taking
 * turns with 10% and 13%, idle machine, 1.5 GB, 2 jobs: 10% ended the scans within 0.25 s of each other, the whole
 * run in 9.81–10.53 s (median 10.1 over 8 turns) against 9.75–10.84 (median 10.4) with 7%, 9.88–10.60 with 13%
 * (the main thread then ends last), the same peak RSS.
 */
export const MAIN_RANGE_EXTRA = 0.10;

/** Plans the tasks: plain files cut into ranges (one range per file with one job), streams whole. */
export function planTasks(inputs: InputFile[], jobs: number, rangeBytes?: number): ScanTask[] {
  const tasks: ScanTask[] = [];
  const plainBytes = inputs.reduce((s, f) => s + (f.kind === 'plain' ? f.bytes : 0), 0);
  for (const input of inputs) {
    if (input.kind === 'plain' && splittableJournal(input.journal)) {
      // About one range per job over all plain files: every range's result costs the main thread its
      // deserialized copy until merged (1.5 GB, 2 jobs: peak RSS 318–322 MiB with 2 ranges, 457 with 4, 616 with
      // 8; 9.5–9.6 s, 9.5–9.8 s, 10.1 s). Uneven cost is balanced by taking over ranges' tails (pool.ts).
      const count = rangeBytes !== undefined ? Math.ceil(input.bytes / rangeBytes)
        : Math.max(1, Math.ceil((jobs * input.bytes) / Math.max(1, plainBytes)));
      const minBytes = rangeBytes ?? MIN_RANGE_BYTES;
      // The main thread takes the last task (pool.ts): see MAIN_RANGE_EXTRA for why its range is the larger.
      const extra = rangeBytes === undefined && jobs > 1 && input === inputs[inputs.length - 1] ? MAIN_RANGE_EXTRA : 0;
      for (const r of splitFile(input.path, input.bytes, count, minBytes, extra)) {
        tasks.push({ seq: tasks.length, piece: tasks.length, input, start: r.start, end: r.end, logStart: tasks.length === 0 });
      }
    } else {
      // A .gz or a stream, and a journal export of entries over several lines (json-pretty, export), read whole.
      tasks.push({ seq: tasks.length, piece: tasks.length, input, start: 0, end: input.bytes, logStart: tasks.length === 0 });
    }
  }
  return tasks;
}

export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  let pass = await analyzePass(opts);
  if ('repeated' in pass) {
    // The first pass's aggregate is garbage by now: the second pass does not hold two (1.5× peak RSS otherwise).
    const { repeated } = pass;
    if (opts.progress) {
      endPhaseLine();
      process.stderr.write(`${progressWords(opts.lang).sameLines(repeated)}\n`);
    }
    const paths = withoutPaths(opts.paths, repeated.map((r) => r.path));
    opts = { ...opts, paths, resolved: undefined, repeatedAfterScan: repeated };
    pass = await analyzePass(opts);
    if ('repeated' in pass) throw new Error('internal error: a second pass asked for a third');
  }
  if (!('clockFix' in pass)) return pass;
  // A host's clock went back (review V): read again with the steps put right. Only the steps are kept of that read.
  const { clockFix } = pass;
  if (opts.progress) {
    endPhaseLine();
    process.stderr.write(`${progressWords(opts.lang).clockBack(clockFix.length)}\n`);
  }
  const again = await analyzePass({ ...opts, clockFix });
  if (!('report' in again)) throw new Error('internal error: the read with the clock steps put right asked for another');
  return again;
}

/**
 * One read of the inputs; or, when the scan shows inputs that repeat another's lines, those inputs to leave out; or,
 * when a host's clock went back and the inputs can be read again with that put right, the steps to put right.
 */
async function analyzePass(opts: AnalyzeOptions): Promise<AnalyzeResult | { repeated: SameContent[] } | { clockFix: ClockStep[] }> {
  if (opts.paths.length === 0) throw new UsageError('no input files');
  const phase = phaseTimer(opts.clockFix === undefined ? '' : 'second read, clock steps put right: ');
  observeGc();
  const { inputs, duplicates, yearGaps, futureStarts, sameContent } = opts.resolved ?? await resolveInputs(opts.paths, opts.year, opts.zone);
  // Inputs resolved once may be analyzed twice, cut then whole (compare/after-side.ts): each pass sets its own.
  const clockPlan = opts.clockFix === undefined ? null : planClockFix(opts.clockFix, inputs.length);
  for (const f of inputs) {
    if (opts.since !== undefined) f.since = opts.since;
    else delete f.since;
    const clock = clockPlan?.get(f.index);
    if (clock !== undefined) f.clock = clock;
    else delete f.clock;
  }
  // rspamd's own log file among the inputs: every scan keeps its unsigned messages for the join at the end. So does a
  // run with a stream, which is not probed before the scan (`rspamd.log` on standard input): without the join, the
  // signatures its lines count would make the maillog's messages it signed look unsigned.
  const holdUnsigned = inputs.some((f) => f.rspamdLog === true || readOnce(f));
  for (const f of inputs) {
    if (holdUnsigned) f.holdUnsigned = true;
    else delete f.holdUnsigned;
  }
  const tasks = planTasks(inputs, opts.jobs, opts.rangeBytes);
  phase(`inputs (${tasks.length} ranges)`);
  const totalBytes = inputs.reduce((s, f) => s + f.bytes, 0);
  const progress = newProgress(totalBytes, opts.progress, process.stderr, opts.clockFix !== undefined, opts.lang);
  setPhaseLines(opts.progress, process.stderr, opts.lang);

  // Results come in file order (runOnThreads orders them) and are merged at once: the main thread merges while
  // the workers scan, and a range's result is dropped once merged.
  const msg = messagesFor(opts.lang);
  const warnings: string[] = [...futureStarts.map((f) => msg.warnings.futureStart(f)), ...yearGaps.map((g) => msg.warnings.yearGap(g))];
  let total = newAggregate();
  total.dkimSigning.holding = holdUnsigned; // the stitcher's records fold into it before any range's result
  let merged = 0;
  // At the end of the log (finishAll) the records left are still queued: the log's last time is known then, and a
  // message that came in its last hour is still being tried (foldMessage's logEnd).
  let logEnd = NaN;
  const stitcher = newStitcher((rec) => foldMessage(total, rec, null, logEnd));
  const linesBefore = new Map<number, number>();
  /** smtpd sessions the ranges merged so far left open (aggregate/smtpd-sessions.ts). */
  const sessions: SessionCarry = new Map();
  /** Per input, the time of the last Postfix/Dovecot line of the ranges merged so far (NUL padding's warning). */
  const lastMailAt = new Map<number, number>();
  let bytes = 0;
  const mergeResult = (r: TaskResult): void => {
    const mergeStart = process.hrtime.bigint();
    const mergeCpu = TIMING_ON ? threadCpu() : null;
    const mergeGc = gcSoFar();
    const input = tasks[r.seq]!.input;
    bytes += r.bytesRead;
    // A stream's first bytes told whether it is a journal export (workers/task.ts readContent): the report says so.
    if (r.journal !== undefined) input.journal = r.journal;
    if (r.container !== undefined) input.container = r.container;
    // And what its first bytes look like (binary data, UTF-16, CR line ends, gzip inside gzip, another MTA's log):
    // the report says what a file's says, a binary stream's warning with the bytes read for a file's size.
    if (r.looksLike !== undefined) input.looksLike = r.looksLike;
    if (readOnce(input)) input.streamBytes = r.bytesRead;
    if (r.error !== '') {
      // A failed read (EIO) and a compressed input's damage in the report's language (split/compressed-read-failure.ts,
      // compressed-problem.ts); other errors as the task said.
      const worded = r.readFailure !== undefined ? msg.warnings.compressedReadFailed(r.readFailure) : r.problem !== undefined ? msg.warnings.compressedProblem(r.problem) : null;
      const error = worded ?? r.error;
      if (!opts.allowPartial) throw new RunError(`${error}${worded === null ? ' (use --allow-partial to report what was read)' : msg.warnings.allowPartialHint}`);
      const warning = msg.warnings.partialRead(error);
      if (!warnings.includes(warning)) warnings.push(warning); // every range of a file that shrank says so
    }
    if (r.trailingBytes > 0) warnings.push(msg.warnings.trailingBytes(input.path, r.trailingBytes, r.trailingFormat ?? TRAILING_FORMAT[input.kind] ?? 'gzip'));
    // Number lines from the start of the file: add the lines of the earlier ranges of the same file.
    const base = linesBefore.get(input.index) ?? 0;
    linesBefore.set(input.index, base + r.lines);
    if (base > 0) {
      fixLines(r.refs, base);
      for (const f of r.fragments) {
        if (f.firstRef !== null) f.firstRef.line += base;
        if (f.failRef !== null) f.failRef.line += base;
        if (f.spamRefusal !== null) f.spamRefusal.ref.line += base;
        if (f.dkimRef !== null) f.dkimRef.line += base;
      }
    }
    // NUL padding before the range's first mail line, with none in the 64 KiB read before the range (more kernel or
    // cron lines than that between): its time is the last mail line of the file's earlier ranges, as with one range.
    const pad = r.aggregate.nulPadding;
    if (pad.first !== null && pad.lastAt === null) pad.lastAt = lastMailAt.get(input.index) ?? null;
    if (r.lastMailAt !== null) lastMailAt.set(input.index, r.lastMailAt);
    // The first range's aggregate becomes the total: merging it into an empty one copied every row (10 s for
    // 10 million IPs) and held two copies at once.
    // The last range's merge comes after the progress line's 100% (2.5 million IPs: tens of seconds).
    if (merged > 0 && r.seq === tasks.length - 1) phaseLine({ kind: 'merging', ranges: tasks.length });
    total = merged++ === 0 ? r.aggregate : mergeAggregates(total, r.aggregate);
    stitch(stitcher, r.fragments, r.startKeys, r.startPos, r.startFrom, r.hops);
    stitchSessions(sessions, r.sessions, total.authRefused);
    // The main thread holds the union of every range's state: its own heap check (workers check theirs).
    checkHeap(() => `merging ${input.path}`);
    timingLine(`merged range ${r.seq}.${r.piece} (${r.fragments.length} open records) in ${msSince(mergeStart)} ms`
      + `${mergeCpu === null ? '' : `, ${threadCpuSince(mergeCpu)}, ${gcSince(mergeGc)}`} (${atNow()})`);
  };

  // stdin can only be read by the main thread; everything else goes to workers when jobs > 1. A set whose reference
  // offset its streams settle (no file has a dated line: split/inputs.ts referenceZone) is read in order here too:
  // the first stream's first dated line settles it, and the inputs after it are written at it (review W, W1). Its
  // files hold no dated line, so the workers had nothing to gain but streams read side by side, each settling its own.
  try {
    const parallel = opts.jobs > 1 && tasks.length > 1 && tasks.every((t) => t.input.kind !== 'stdin' && t.input.years.refZone !== '');
    if (parallel) {
      await runOnThreads(tasks, opts.jobs, (b) => progress.add(b), opts.signal, mergeResult);
    } else {
      dropEarlyWorker(); // started for inputs that turned out to need none (early-worker.ts): not left to idle
      let settled = '';
      for (const t of tasks) {
        if (opts.signal?.aborted) throw new RunError('interrupted');
        if (t.input.years.refZone === '' && settled !== '') setReferenceZone(t.input.years, settled);
        const scanStart = process.hrtime.bigint();
        const scanCpu = TIMING_ON ? threadCpu() : null;
        const scanGc = gcSoFar();
        const result = await runTask(t, (b) => progress.add(b), opts.signal);
        timingLine(`main thread range ${t.seq}.${t.piece} (${((t.end - t.start) / 1e6).toFixed(0)} MB) ${msSince(scanStart)} ms wall`
          + `${scanCpu === null ? '' : `, ${threadCpuSince(scanCpu)}, ${gcSince(scanGc)}`} (${atNow()})`);
        mergeResult(result);
        settled ||= t.input.years.refZone;
      }
    }
  } finally {
    progress.done();
  }
  for (const g of grownInputs(inputs)) warnings.push(msg.warnings.grewWhileRead(g));
  phase('scan, merge and stitch');
  // The helper threads' CPU so far, against the exit line's: which of it came during the scans (docs/performance.md).
  if (TIMING_ON) timingLine(`cpu by thread at the scan's end: ${cpuByThread()}`);
  opts.onScanned?.();
  // After the chart thread's start: it loads vega on the other core meanwhile.
  collectAfterMerge();
  phase('collect after the merge');
  phaseLine({ kind: 'stitching' });
  logEnd = total.lastAt;
  finishAll(stitcher);
  joinRspamdFile(total);
  phase('open messages folded at the end of the log');
  const bulk = applyBulkDeletions(total);
  foldMailboxAuthNames(total);
  foldProxiedLogins(total);
  foldProxyRefusals(total);
  for (const b of bulk.ambiguous) {
    const when = isoLocal(b.deletion.at, reportZone(total));
    warnings.push(msg.warnings.bulkDeleteAmbiguous({ deleted: b.unnamed, at: when === null ? '?' : when.replace('T', ' '), open: b.open }));
  }
  if (total.unconfirmedHops.size > 0) {
    const relays = [...total.unconfirmedHops.keys()].sort();
    let recipients = 0;
    for (const n of total.unconfirmedHops.values()) recipients += n;
    warnings.push(msg.warnings.unconfirmedHops({ recipients, relays: relays.join(', ') }));
  }
  checkLineAccounting(total, inputs);
  const odd = total.firstImplausibleStamp;
  if (odd !== null) {
    const input = inputs.find((f) => f.index === odd.file)!;
    warnings.push(msg.warnings.implausibleStamps({
      lines: total.implausibleStamps, where: `${input.path}:${odd.line}`, stamp: odd.text.slice(0, Math.max(0, odd.text.indexOf(' ')) || 40),
      latestYear: input.years.latestYear,
    }));
  }
  phase('finish');
  const overlaps = findOverlaps(inputs, total);
  if (opts.repeatedAfterScan === undefined && opts.clockFix === undefined) {
    // Inputs of one host over the same time may be the same lines twice, which only a read of both can tell when
    // one is a .gz (split/lines-inside.ts). Then the set is read again without the repeating ones: the merged
    // counts cannot be taken apart. A run without such a pair pays nothing.
    const checking = (small: string, big: string): void => {
      endPhaseLine();
      if (opts.progress) process.stderr.write(`${progressWords(opts.lang).sameTime({ small, big })}\n`);
    };
    const repeated = await repeatingInputs(overlaps, inputs, total, opts.signal, checking);
    if (repeated.length > 0) return { repeated };
  }
  // A host's clock went back: when every step is known (report.json lists them all) and every input can be read
  // again, the set is read again with the steps put right (aggregate/clock-steps.ts). A run without a step pays
  // nothing; one with steps, a second scan.
  // Not with a step of more than a day (a clock reset), nor with compare's "local" (every line as written, as the
  // older version that wrote the before report read it).
  const asWritten = opts.clockFix !== undefined || total.clockStepCount === 0 ? null
    : total.clockStepCount > CLOCK_STEP_EXAMPLES ? 'many' : inputs.some(readOnce) ? 'stream'
      : total.clockSteps.some((s) => s.from - s.to > CLOCK_FIX_MAX_MS) ? 'far' : opts.zone === 'local' ? 'older' : null;
  if (opts.clockFix === undefined && total.clockStepCount > 0 && asWritten === null) {
    return { clockFix: total.clockSteps.map((s) => ({ ...s, shift: clockShiftOf(s) })) };
  }
  if (opts.clockFix !== undefined) {
    // The steps are the first read's: this one reads them put right (and so finds none).
    total.clockSteps = opts.clockFix;
    total.clockStepCount = opts.clockFix.length;
  }
  if (duplicates.length > 0) warnings.push(msg.warnings.duplicates(duplicates.join(', ')));
  warnings.push(...streamsOutOfOrder(inputs, total, msg));
  for (const g of setGaps(inputs, total.spanByFile, opts.paths)) {
    const when = (t: number): string => (isoLocal(t, reportZone(total)) ?? '?').replace('T', ' ');
    warnings.push(msg.warnings.setGap({ ...g, last: when(g.lastAt), first: when(g.firstAt), gap: msg.report.duration((g.firstAt - g.lastAt) / 3_600_000) }));
  }
  const skippedInputs = [...sameContent, ...(opts.repeatedAfterScan ?? [])];
  for (const s of skippedInputs) warnings.push(msg.warnings.sameContent(s));
  const zone = reportZone(total);
  const sinceText = opts.since === undefined ? null : (isoLocal(opts.since, 'local') ?? '').replace('T', ' ').replace(/\.\d+$/, '');
  if (sinceText !== null) warnings.unshift(msg.warnings.since({ since: sinceText, lines: total.beforeSince }));
  for (const o of overlaps.filter((x) => !x.withinSeam)) {
    const when = (t: number): string => (isoLocal(t, zone) ?? '?').replace('T', ' ');
    warnings.push(msg.warnings.inputsOverlap({ a: o.a, b: o.b, host: o.host, from: when(o.from), to: when(o.to), drop: o.drop }));
  }

  const detectOptions = { ...opts.detect };
  // --queue: say that the queue is the dump's, and how much of the log's it holds (an empty dump is no all-clear).
  const live = detectOptions.liveQueue;
  if (live !== undefined && live !== null) {
    let inLog = 0;
    for (const q of total.stillQueued) if (live.has(q.qid)) inLog++;
    warnings.push(msg.warnings.queueSnapshot({ ids: live.size, inLog, stillQueued: total.stillQueued.length }));
  }
  phaseLine({ kind: 'detecting' });
  phase('overlaps, clock steps and warnings');
  const findings = detect(total, inputs, detectOptions, msg);
  phase('detect');
  const report = buildReport(total, {
    version: opts.version, ...(opts.build === undefined ? {} : { build: opts.build }), inputs, duplicates, skippedInputs, warnings, top: opts.top, year: opts.year ?? null,
    formats: opts.formats, findings, rules: ruleTexts(findings, msg), messages: msg, ...detectionRecord(detectOptions),
    ...(opts.zone === undefined ? {} : { zoneGiven: true }), ...(asWritten === null ? {} : { clockStepsAsWritten: asWritten }),
  });
  if (sinceText !== null) report.since = { at: sinceText.replace(' ', 'T'), linesBefore: total.beforeSince, hourly: sinceHourly(total, report.period.timezone) };
  // The verdict and first steps, last: made from the report as it stands (redaction makes them again: redact.ts).
  report.overview = buildOverview(report, msg);
  phase('report');
  return { report, aggregate: total, bytes };
}

/**
 * "Unparsed lines are data" (DESIGN.md): every line read is parsed, ignored or unparsed, per input file and
 * overall. A violation is a bug of ours (a line counted twice or dropped), so the run fails rather than report it.
 */
export function checkLineAccounting(agg: Aggregate, inputs: InputFile[]): void {
  const sum: LineCounts = { total: 0, parsed: 0, ignored: 0, unparsed: 0, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 };
  const broken = (c: LineCounts): boolean => c.total !== c.parsed + c.ignored + c.unparsed;
  const show = (c: LineCounts): string => `${c.total} lines ≠ ${c.parsed} parsed + ${c.ignored} ignored + ${c.unparsed} unparsed`;
  for (const f of inputs) {
    const c = agg.linesByFile.get(f.index) ?? { total: 0, parsed: 0, ignored: 0, unparsed: 0, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 };
    if (broken(c)) throw new RunError(`${f.path}: internal error, line accounting broken: ${show(c)}`);
    sum.total += c.total; sum.parsed += c.parsed; sum.ignored += c.ignored; sum.unparsed += c.unparsed;
  }
  const all = agg.lines;
  if (broken(all) || all.total !== sum.total || all.parsed !== sum.parsed || all.ignored !== sum.ignored || all.unparsed !== sum.unparsed) {
    throw new RunError(`${inputs.map((f) => f.path).join(', ')}: internal error, line accounting broken: overall ${show(all)}, files ${show(sum)}`);
  }
}

function fixLines(refs: Example[], base: number): void {
  for (const e of refs) e.line += base;
}

/** MAILLOG_FORENSICS_TIMING=1 prints how long each phase took (stderr), for tuning. */
export function phaseTimer(label = ''): (name: string) => void {
  if (!TIMING_ON) return () => {};
  let last = process.hrtime.bigint();
  let lastCpu = threadCpu();
  let lastGc = gcSoFar();
  return (name: string) => {
    const m = process.memoryUsage();
    const mib = (b: number): string => (b / 1048576).toFixed(0);
    const cpu = threadCpuSince(lastCpu);
    timingLine(`${label}${name} ${msSince(last)} ms (${atNow()}, ${cpu === '' ? '' : `${cpu}, ${gcSince(lastGc)}, `}`
      + `rss ${mib(m.rss)} MiB, main heap ${mib(m.heapUsed)} used of ${mib(m.heapTotal)})`);
    last = process.hrtime.bigint();
    lastCpu = threadCpu();
    lastGc = gcSoFar();
  };
}

/**
 * Standard input and pipes keep their place on the command line (split/inputs.ts: they are not read ahead to be
 * ordered by time): one read next to an input whose lines all come after its own was given out of order (review X:
 * `<(cat maillog) <(cat maillog.1)` cut the messages spanning the two and left postsuper -d ALL unmatched: 293 still
 * queued, 0 deleted, where the order of the files gives 0 and 290).
 */
function streamsOutOfOrder(inputs: InputFile[], total: Aggregate, msg: Messages): string[] {
  const out: string[] = [];
  const when = (t: number): string => (isoLocal(t, reportZone(total)) ?? '?').replace('T', ' ');
  for (let i = 1; i < inputs.length; i++) {
    const a = inputs[i - 1]!;
    const b = inputs[i]!;
    if (!readOnce(a) && !readOnce(b)) continue;
    const sa = total.spanByFile.get(a.index);
    const sb = total.spanByFile.get(b.index);
    if (sa !== undefined && sb !== undefined && sb.lastAt <= sa.firstAt && sb.firstAt < sa.firstAt) {
      out.push(msg.warnings.streamsOutOfOrder({ a: a.path, b: b.path, aFrom: when(sa.firstAt), bTo: when(sb.lastAt) }));
    }
  }
  return out;
}
