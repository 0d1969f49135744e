// Runs scan tasks on the main thread and worker threads (worker-threads-pool); a task is a large byte range or a
// whole stream, so thread start-up is small next to the scan (measured in docs/performance.md).

import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { ScanTask, TaskResult } from './task.js';
import { runTask } from './task.js';
import { cutTail, newSharedRange, positionOf } from '../split/shared-range.js';
import { lineStartAtOrAfter } from '../split/ranges.js';
import { RunError, UsageError } from '../errors.js';
import { UnreadInputError } from '../split/magic.js';
import type { WirePart } from './wire.js';
import { fromWireParts } from './wire.js';
import { deserialize } from 'node:v8';
import { checkRoom, decodedBytes, outOfMemory } from '../memory.js';
import { TIMING_ON, atNow, msSince, timingLine } from '../timing.js';
import { threadCpu, threadCpuSince } from '../thread-cpu.js';
import { gcSince, gcSoFar } from '../gc-time.js';
import { splittableJournal } from '../split/journal-format.js';
import { SCAN_WORKER_LIMITS, WORKER_FILE, takeEarlyWorker } from './early-worker.js';

interface PoolLike {
  acquire(filename: string, opts: object, cb: (err: Error | null, worker: Worker) => void): void;
}

const require = createRequire(import.meta.url);
const Pool = require('worker-threads-pool') as new (opts: { max: number }) => PoolLike;


/**
 * A plain file's workers: a small young generation (early-worker.ts SCAN_WORKER_LIMITS, where the early worker is
 * started with the same). A larger one (64–192 MB) once saved ~15% of scan CPU, when the scan made more short-lived
 * objects; measured again after the parser work it gained nothing (1.5 GB, 2 jobs: 9.8–10.1 s with the default,
 * 10.0–10.1 s with 64 MB) and cost RSS (592–602 MiB against 633–650 MiB).
 */
const WORKER_LIMITS = SCAN_WORKER_LIMITS;

/**
 * A worker that decompresses `.gz` files: a young generation of 24 MB instead of V8's 48 (3 × its 16 MB semi-space).
 * Node's Gunzip hands each 256 KiB of output in a Buffer of its own, memory outside the heap that is given back only
 * when a collection finds its JS object dead; a smaller young generation is collected more often, so fewer finished
 * chunks wait. Measured on the benchmark's four `.gz` rotations, 2 jobs, five turns each on a quiet machine: peak RSS
 * 332–367 MiB against 379–406, the same CPU (18.4–19.2 s against 18.0–19.4). Not for plain files: their chunks are
 * read into buffers that are reused, and there it lowered the 200 MB log's peak (160–166 against 174–177 MiB) more
 * than the 1.5 GB log's (234–247 against 246–263), taking the ratio the performance issue bounds at 1.5× to 1.53×.
 * Since the seventeenth session a regular .gz file is inflated into one reused buffer (gunzip-file.ts inflateInPlace)
 * and only a FIFO named .gz still goes through Gunzip; the smaller young generation stays (the same CPU, and the
 * worker's own garbage, lines and parse results, is collected sooner).
 */
const GZ_WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 };
// Smaller young generations for the worker (8, 16, 32 MB) were measured in the fifth session: the same time and
// peak RSS within noise (1.5 GB, 2 jobs: 225–248 MiB across all of them), when the peak came at another moment.

/**
 * A worker posts its result serialized, in parts (v8.serialize, see wire.ts), so the main thread sees its size
 * before it becomes objects: a result that would not fit in the heap beside what is merged already is an
 * out-of-memory error, not V8's fatal one during deserialization.
 */
function receiveResult(parts: Array<Uint8Array | null>, kinds: string[], ranges: number): TaskResult {
  const started = process.hrtime.bigint();
  const cpu = TIMING_ON ? threadCpu() : null;
  const gc = gcSoFar();
  const bytes = parts.reduce((sum, p) => sum + (p?.length ?? 0), 0);
  // Each part at its kind's rate (memory.ts decodedBytes): per-IP rows and examples take less than open records.
  const decoded = parts.reduce((sum, p, i) => sum + decodedBytes(kinds[i]!, p?.length ?? 0), 0);
  checkRoom(decoded, () => `merging the result of a byte range (${ranges} in all)`);
  const count = parts.length;
  const result = fromWireParts(count, (i) => {
    const part = deserialize(parts[i]!) as WirePart;
    parts[i] = null; // each part's bytes can go once it is objects
    return part;
  });
  timingLine(`received range ${result.seq}.${result.piece}'s result: ${count} parts, ${(bytes / 1e6).toFixed(1)} MB (${(decoded / 1e6).toFixed(0)} MB of heap asked), decoded in ${msSince(started)} ms${cpu === null ? '' : `, ${threadCpuSince(cpu)}, ${gcSince(gc)}`} (${atNow()})`);
  return result;
}

/**
 * The time a worker takes to serialize a range's result, per MB of range scanned (1.5 GB log, 2 jobs: 80–130 ms
 * for a range of 805 MB). Decoding it is the main thread's work whenever it arrives: only this part delays the
 * end of a worker's range and not the main thread's.
 */
const SERIALIZE_MS_PER_MB = 0.13;

/** Below this, taking over the tail of a range is not worth one more result to merge. */
const MIN_STEAL_BYTES = 8 * 1024 * 1024;

/**
 * Nor when the range would be done in less than this. A take-over costs memory: the thief's result waits for the
 * victim's (results are merged in file order), or a worker lives on beside the main thread. 1.5 GB log, 2 jobs,
 * where equal ranges end within about 250 ms of each other: 254–264 MiB peak with this limit (no take-over),
 * 272–283 MiB with take-overs from 200 ms left, in the same time within noise. A 530 MB log whose first half is a
 * brute force and second half a deferred flood: 3.02–3.42 s with this limit, 3.30–4.22 s with no take-overs.
 */
const MIN_STEAL_MS = 1000;

/** A range's rate (bytes per ms so far) is trusted after this long: before, thread start-up is most of it. */
const RATE_AFTER_MS = 100;

/** When a take-over is worth it (tests lower the limits to make one happen on a small file). */
export interface StealTuning {
  minStealMs: number;
  rateAfterMs: number;
}

const STEAL_TUNING: StealTuning = { minStealMs: MIN_STEAL_MS, rateAfterMs: RATE_AFTER_MS };

/** A task in file order, with its result until that is delivered. */
interface Piece {
  task: ScanTask;
  result: TaskResult | null;
  /** When a thread started it (ms, performance.now()); NaN while queued. */
  startedAt: number;
}

/**
 * Runs the tasks on `jobs` threads: the main thread and `jobs - 1` worker threads (worker-threads-pool limits
 * how many run). Each thread pulls tasks from the queue until it is empty, so a thread (and its warmed-up JIT)
 * serves many ranges; the main thread leaves a task for each worker still starting. `onResult` gets the results
 * in file order, each as soon as every earlier one is in.
 *
 * Why the main thread scans too: it would otherwise sit idle until the last result, and every result a worker
 * sends costs a serialization there and a deserialization here (1.5 GB log: 12 MB, 80–130 ms and ~200 ms). Its
 * own result needs neither, and one isolate fewer is one heap fewer at the peak. It takes tasks from the back of
 * the queue, workers from the front, so the earlier ranges' results are received and merged between its chunks
 * (readRange yields after each one) while it scans.
 *
 * When the queue is empty, a thread that is done takes over the unread tail of the range with the most left
 * (shared-range.ts), if that is worth it (MIN_STEAL_MS): equal byte ranges are not equal work (a deferred-mail
 * flood costs 4 ns a byte, a brute force 9). A worker must still serialize its result when it has scanned, so
 * the shares allow for that (bytesToTake).
 */
export async function runOnThreads(
  tasks: ScanTask[], jobs: number, progress: (bytes: number) => void, signal: AbortSignal | undefined,
  onResult: (result: TaskResult) => void, tuning: StealTuning = STEAL_TUNING,
): Promise<void> {
  const workers = Math.max(0, Math.min(jobs, tasks.length) - 1);
  const order: Piece[] = tasks.map((t) => ({
    task: workers > 0 && t.input.kind === 'plain' && splittableJournal(t.input.journal) ? { ...t, shared: newSharedRange(t.start, t.end) } : t,
    result: null, startedAt: NaN,
  }));
  const queue = [...order];
  const limits = tasks.some((t) => t.input.kind === 'gz') ? GZ_WORKER_LIMITS : WORKER_LIMITS;
  const byPiece = new Map(order.map((p) => [p.task.piece, p]));
  // The piece each thread is scanning: what an idle thread can take over the tail of.
  const running = new Map<Worker | 'main', Piece>();
  let delivered = 0;
  /** When the last result was merged (the timing line of the threads' end). */
  let lastResult = process.hrtime.bigint();
  let nextPieceId = Math.max(0, ...tasks.map((t) => t.piece)) + 1;
  const deliver = (r: TaskResult): void => {
    const piece = byPiece.get(r.piece);
    if (piece === undefined) throw new RunError(`scan returned an unknown range (${r.piece})`);
    piece.result = r;
    while (delivered < order.length && order[delivered]!.result !== null) {
      const ready = order[delivered]!;
      const result = ready.result!;
      ready.result = null; // dropped once merged
      delivered++;
      onResult(result);
      if (TIMING_ON) lastResult = process.hrtime.bigint();
    }
  };

  const pool = new Pool({ max: Math.max(1, workers) });
  const live = new Set<Worker>();
  // Workers not yet asking for a task: the main thread leaves them one task each rather than scan them all.
  let starting = workers;
  let workerEvent: (() => void) | null = null;
  const wakeMain = (): void => { const w = workerEvent; workerEvent = null; w?.(); };
  const started = (): void => { starting--; wakeMain(); };
  // Stops the inline scan (between two chunks) when a worker fails or the user interrupts.
  const inlineStop = new AbortController();
  let failed = false;
  const stop = (): void => { failed = true; inlineStop.abort(); wakeMain(); for (const w of live) void w.terminate(); };
  // The first error is the run's error: the other threads, stopped because of it, must not report "interrupted".
  let firstError: Error | null = null;
  const fail = (e: Error): void => { firstError ??= e; stop(); };
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();

  // The worker the process started at its start (early-worker.ts), when its limits are these: the first lane's.
  let early = workers > 0 ? takeEarlyWorker(limits) : null;
  const onWorker = (): Promise<void> => new Promise<void>((resolve, reject) => {
    let asked = false;
    const acquired = process.hrtime.bigint();
    const adopted = early;
    early = null;
    const use = (err: Error | null, worker: Worker): void => {
      if (err) { started(); reject(err); return; }
      if (failed) { started(); void worker.terminate(); reject(firstError ?? new RunError('interrupted')); return; }
      live.add(worker);
      const next = (): void => {
        const piece = queue.shift() ?? steal(worker);
        if (piece === undefined) {
          running.delete(worker);
          worker.postMessage({ type: 'stop' });
          return;
        }
        piece.startedAt = performance.now();
        running.set(worker, piece);
        worker.postMessage({ type: 'task', task: piece.task });
      };
      const onReady = (): void => {
        next();
        if (!asked) { asked = true; started(); }
      };
      let parts: Array<Uint8Array | null> = [];
      let kinds: string[] = [];
      worker.on('message', (msg: { type: string; bytes?: number; part?: Uint8Array; kind?: string; parts?: number; message?: string; usage?: boolean; refused?: { path: string; format: string; tool: string } }) => {
        if (msg.type === 'progress') progress(msg.bytes!);
        else if (msg.type === 'part') { parts.push(msg.part!); kinds.push(msg.kind!); }
        else if (msg.type === 'ready') {
          timingLine(adopted === null ? `worker started in ${msSince(acquired)} ms (${atNow()})`
            : `worker started at the process's start, ready in ${msSince(adopted.startedAt)} ms, ${msSince(acquired)} ms after the pool asked (${atNow()})`);
          onReady();
        } else if (msg.type === 'result') {
          next(); // hand out the next range first, then look at this one
          const got = parts;
          const gotKinds = kinds;
          parts = [];
          kinds = [];
          try {
            if (got.length !== msg.parts) throw new RunError(`internal error: a scan result came in ${got.length} of ${msg.parts} parts`);
            deliver(receiveResult(got, gotKinds, order.length));
          } catch (e) { fail(e as Error); }
        }
        else if (msg.type === 'error') {
          fail(msg.refused !== undefined ? new UnreadInputError(msg.refused.path, msg.refused.format, msg.refused.tool)
            : msg.usage ? new UsageError(msg.message!) : new RunError(msg.message!));
        }
      });
      // A worker that hit the heap limit between two checks (memory.ts) is stopped by Node with this code.
      worker.once('error', (e) => {
        fail((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory('in a scan worker: its heap is full') : e);
      });
      // Settle on exit, so the pool has released the thread before the run goes on.
      worker.once('exit', (code) => {
        live.delete(worker);
        running.delete(worker);
        if (!asked) { asked = true; started(); }
        if (firstError !== null) reject(firstError);
        else if (failed) reject(new RunError('interrupted'));
        else if (code !== 0) reject(new RunError(`scan worker stopped (exit code ${code})`));
        else resolve();
      });
      if (adopted !== null && adopted.ready) {
        timingLine(`worker started at the process's start, ready before the pool asked, ${msSince(adopted.startedAt)} ms after its start (${atNow()})`);
        onReady();
      }
    };
    // Its 'ready' may be still to come: then it is heard by the listener above, as a worker the pool started.
    if (adopted !== null) use(null, adopted.worker);
    else pool.acquire(WORKER_FILE, { resourceLimits: limits }, use);
  });

  // Takes over the unread tail of the range with the most left, for `thief`.
  const steal = (thief: Worker | 'main'): Piece | undefined => {
    let victim: Piece | null = null;
    let victimLane: Worker | 'main' = 'main';
    let claimed = 0;
    let end = 0;
    for (const [lane, p] of running) {
      if (p.task.shared === undefined || lane === thief) continue;
      const at = positionOf(p.task.shared);
      if (victim === null || at.end - at.claimed > end - claimed) { victim = p; victimLane = lane; claimed = at.claimed; end = at.end; }
    }
    if (victim === null || end - claimed < MIN_STEAL_BYTES) return undefined;
    const elapsed = performance.now() - victim.startedAt;
    const rate = elapsed >= tuning.rateAfterMs ? (claimed - victim.task.start) / elapsed : 0;
    if (rate > 0 && (end - claimed) / rate < tuning.minStealMs) return undefined;
    const take = bytesToTake(end - claimed, rate, {
      thiefIsMain: thief === 'main', victimIsMain: victimLane === 'main', victimBytes: end - victim.task.start,
    });
    if (take < MIN_STEAL_BYTES) return undefined;
    const { input } = victim.task;
    const cut = lineStartAtOrAfter(input.path, end - take, end);
    const oldEnd = cut < end ? cutTail(victim.task.shared!, cut) : -1;
    if (oldEnd < 0) return undefined; // the victim got there first
    victim.task.end = cut;
    const piece: Piece = {
      task: {
        seq: victim.task.seq, piece: nextPieceId++, input, start: cut, end: oldEnd, logStart: false,
        shared: newSharedRange(cut, oldEnd),
      },
      result: null, startedAt: NaN,
    };
    order.splice(order.indexOf(victim) + 1, 0, piece); // after the victim, which is not delivered yet
    byPiece.set(piece.task.piece, piece);
    timingLine(`${thief === 'main' ? 'main thread' : 'a worker'} takes over ${((oldEnd - cut) / 1e6).toFixed(0)} MB `
      + `of range ${victim.task.seq}.${victim.task.piece} (${((end - claimed) / 1e6).toFixed(0)} MB left, ${atNow()})`);
    return piece;
  };

  const onMainThread = async (): Promise<void> => {
    try {
      while (!failed) {
        let piece: Piece | undefined;
        if (queue.length > starting) piece = queue.pop();
        else if (queue.length > 0) {
          await new Promise<void>((resolve) => { workerEvent = resolve; });
          continue;
        } else piece = steal('main');
        if (piece === undefined) break;
        const { task } = piece;
        piece.startedAt = performance.now();
        running.set('main', piece);
        const cpu = TIMING_ON ? threadCpu() : null;
        const gc = gcSoFar();
        const result = await runTask(task, progress, inlineStop.signal);
        running.delete('main');
        const ms = performance.now() - piece.startedAt;
        // Its thread's cpu and gc include the workers' results decoded and merged between its chunks (their own lines).
        timingLine(`main thread range ${task.seq}.${task.piece} (${((task.end - task.start) / 1e6).toFixed(0)} MB) ${ms.toFixed(0)} ms wall`
          + `${cpu === null ? '' : `, ${threadCpuSince(cpu)}, ${gcSince(gc)}`} (${atNow()})`);
        deliver(result);
      }
    } catch (e) {
      fail(e as Error);
    }
    if (firstError !== null) throw firstError;
    if (failed) throw new RunError('interrupted');
  };

  // Every thread settles before the run goes on: a scan left running on the main thread would outlive the error.
  let lanes: Array<PromiseSettledResult<void>>;
  try {
    lanes = await Promise.allSettled([onMainThread(), ...Array.from({ length: workers }, () => onWorker().catch((e: Error) => {
      fail(e);
      throw e;
    }))]);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  timingLine(`threads done ${msSince(lastResult)} ms after the last result was merged (${atNow()})`);
  if (firstError !== null) throw firstError;
  for (const lane of lanes) if (lane.status === 'rejected') throw lane.reason;
  if (delivered !== order.length) throw new RunError(`scan returned ${delivered} of ${order.length} ranges`);
}

/**
 * How much of a busy range's `left` unread bytes an idle thread should take so that both end together: a worker
 * ends when it has also serialized its result, the main thread when it has scanned. With the thief's share t, the
 * victim's range V and s = serialize ms per byte: t + s·t·[thief is a worker] = (left - t) + s·V·[victim is a
 * worker], in bytes at the victim's recent rate (bytes per ms; 0 when not known yet: take half). The rate is the
 * victim's: the bytes taken are the next bytes of its range, and bytes of one log differ in cost (a deferred-mail
 * flood 4 ns a byte, a brute force 9).
 */
export function bytesToTake(
  left: number, rate: number, who: { thiefIsMain: boolean; victimIsMain: boolean; victimBytes: number },
): number {
  if (!(rate > 0)) return Math.floor(left / 2);
  const perByte = SERIALIZE_MS_PER_MB / 1e6; // ms per byte of range
  const victimExtra = who.victimIsMain ? 0 : perByte * who.victimBytes * rate; // in bytes
  const thiefFactor = who.thiefIsMain ? 0 : perByte * rate;
  return Math.max(0, Math.min(left, Math.floor((left + victimExtra) / (2 + thiefFactor))));
}
