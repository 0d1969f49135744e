// One unit of scanning work: a byte range of a plain file, a whole .gz file, or standard input.

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { InputFile } from '../split/inputs.js';
import type { ScanResult } from '../scan.js';
import { createScanner } from '../scan.js';
import { readRange } from '../split/read-range.js';
import type { SharedRange } from '../split/shared-range.js';
import { readStream } from '../split/read-stream.js';
import { OutOfMemoryError } from '../memory.js';
import { RunError } from '../errors.js';

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
  /** Set when a .gz stream broke: what was read before is in the result. */
  error: string;
  /** Bytes of the input consumed (compressed bytes for .gz). */
  bytesRead: number;
}

export async function runTask(task: ScanTask, progress: (bytes: number) => void, signal?: AbortSignal): Promise<TaskResult> {
  const sink = createScanner({ file: task.input.index, years: task.input.years, logStart: task.logStart });
  const { input } = task;
  let error = '';
  let bytesRead = 0;
  if (input.kind === 'plain') {
    await readRange(input.path, task.start, task.end, sink, (n) => { bytesRead += n; progress(n); }, signal, task.shared);
  } else {
    const raw = input.kind === 'stdin' ? process.stdin : createReadStream(input.path, { highWaterMark: 1024 * 1024 });
    raw.on('data', (c: Buffer | string) => { bytesRead += c.length; progress(c.length); });
    const stream = input.kind === 'gz' ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
    if (input.kind === 'gz') raw.on('error', (e: Error) => stream.destroy(e));
    // A .gz scanned on the main thread beside workers stops when one of them fails (pool.ts).
    const onAbort = (): void => { stream.destroy(new RunError('interrupted')); };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await readStream(stream, sink, input.kind === 'stdin' ? 'standard input' : input.path);
    } catch (err) {
      if (err instanceof OutOfMemoryError) throw err; // not a broken stream: --allow-partial does not apply
      if (signal?.aborted) throw new RunError('interrupted');
      error = `${input.path}: ${describeStreamError(err)} after ${bytesRead} compressed bytes`;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
  return { ...sink.finish(), seq: task.seq, piece: task.piece, error, bytesRead };
}

function describeStreamError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'Z_BUF_ERROR' || e.message === 'unexpected end of file') return 'gzip data is truncated';
  if (e.code === 'Z_DATA_ERROR') return 'gzip data is corrupt';
  return e.message ?? String(err);
}
