// Output: the line emitter (monotonic timestamps, fan-out to sinks) and the sinks themselves — in-memory
// for the small samples (written once, with a chosen mtime), time-routed for a rotated set, and a
// streaming file sink with big buffered writes (optionally gzip, with backpressure) for the benchmark log.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { CLASSIC_STAMP_CHARS, Stamper, US } from './clock.js';
import type { Rng } from './prng.js';

export type StampFormat = 'classic' | 'rfc3339';

export interface LineSink {
  /** One line: `<stamp> <host> <tag>: <msg>` */
  write(tUs: number, host: string, tag: string, msg: string): void;
}

/** Fans every line out to the sinks, keeping time strictly increasing (distinct microseconds). */
export class LogOut {
  lines = 0;
  lastT = 0;
  firstT = -1;

  constructor(
    private readonly sinks: LineSink[],
    private readonly rng: Rng,
    private readonly host = 'mail',
  ) {}

  emit(tUs: number, tag: string, msg: string): number {
    let t = tUs;
    if (t <= this.lastT) t = this.lastT + 1 + (this.rng.u32() % 90);
    this.lastT = t;
    if (this.firstT < 0) this.firstT = t;
    this.lines++;
    for (let i = 0; i < this.sinks.length; i++) (this.sinks[i] as LineSink).write(t, this.host, tag, msg);
    return t;
  }
}

/** Collects the whole file in memory (small samples). */
export class MemorySink implements LineSink {
  private readonly parts: string[] = [];
  private chunk = '';
  private readonly stamper = new Stamper();
  lines = 0;
  firstT = -1;
  lastT = -1;

  constructor(private readonly format: StampFormat) {}

  write(tUs: number, host: string, tag: string, msg: string): void {
    const stamp = this.format === 'classic' ? this.stamper.classic(tUs) : this.stamper.rfc3339(tUs);
    this.chunk += stamp + ' ' + host + ' ' + tag + ': ' + msg + '\n';
    if (this.chunk.length > 1 << 20) {
      this.parts.push(this.chunk);
      this.chunk = '';
    }
    this.lines++;
    if (this.firstT < 0) this.firstT = tUs;
    this.lastT = tUs;
  }

  text(): string {
    return this.parts.join('') + this.chunk;
  }
}

/** Sends each line to the sink whose time span contains it: sinks[i] gets [bounds[i-1], bounds[i]). */
export class RoutedSink implements LineSink {
  constructor(
    private readonly bounds: number[],
    private readonly sinks: LineSink[],
  ) {
    if (sinks.length !== bounds.length + 1) throw new Error('RoutedSink: need one more sink than bounds');
  }

  write(tUs: number, host: string, tag: string, msg: string): void {
    let i = 0;
    while (i < this.bounds.length && tUs >= (this.bounds[i] as number)) i++;
    (this.sinks[i] as LineSink).write(tUs, host, tag, msg);
  }
}

/** Node's Buffer has an (untyped) latin1Write(string, offset): much cheaper than write(string, offset, 'latin1'). */
type FastBuffer = Buffer & { latin1Write(text: string, offset: number): number };

if (typeof (Buffer.prototype as Partial<FastBuffer>).latin1Write !== 'function') {
  (Buffer.prototype as unknown as { latin1Write(this: Buffer, text: string, offset: number): number }).latin1Write = function (this: Buffer, text: string, offset: number): number {
    return this.write(text, offset, 'latin1');
  };
}

/**
 * Streams lines to a file through one big Buffer filled with latin1 writes (no per-line strings, no
 * per-line fs calls); plain files are flushed with fs.writeSync, .gz goes through zlib with backpressure.
 */
export class StreamSink implements LineSink {
  private buf: Buffer;
  private off = 0;
  private readonly stamper = new Stamper();
  private fd = -1;
  private gz: zlib.Gzip | undefined;
  private out: fs.WriteStream | undefined;
  private flushedBytes = 0;
  /** Bytes the stamps took beyond a classic stamp's (0 for the classic format). */
  private stampExtra = 0;
  lines = 0;
  lastT = -1;

  constructor(
    filePath: string,
    private readonly format: StampFormat,
    gzip: boolean,
    private readonly chunkBytes = 8 << 20,
  ) {
    fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
    this.buf = Buffer.allocUnsafe(chunkBytes + (1 << 16));
    if (gzip) {
      this.gz = zlib.createGzip({ level: 6 });
      this.out = fs.createWriteStream(filePath);
      this.gz.pipe(this.out);
    } else {
      this.fd = fs.openSync(filePath, 'w');
    }
  }

  /** Uncompressed bytes written so far. */
  get bytes(): number {
    return this.flushedBytes + this.off;
  }

  /**
   * The bytes written so far had every line a classic stamp: what big's --size and its steering count, so that
   * --rfc3339 writes the classic log's very lines (same seed, size and days) with only the stamps changed, and the
   * two formats can be timed against each other line for line.
   */
  get classicBytes(): number {
    return this.flushedBytes + this.off - this.stampExtra;
  }

  write(tUs: number, host: string, tag: string, msg: string): void {
    const stamp = this.format === 'classic' ? this.stamper.classic(tUs) : this.stamper.rfc3339(tUs);
    this.stampExtra += stamp.length - CLASSIC_STAMP_CHARS;
    if (this.off + stamp.length + host.length + tag.length + msg.length + 8 > this.buf.length) this.spill(stamp.length + host.length + tag.length + msg.length + 8);
    const b = this.buf as FastBuffer;
    let o = this.off;
    o += b.latin1Write(stamp, o);
    b[o++] = 0x20;
    o += b.latin1Write(host, o);
    b[o++] = 0x20;
    o += b.latin1Write(tag, o);
    b[o++] = 0x3a;
    b[o++] = 0x20;
    o += b.latin1Write(msg, o);
    b[o++] = 0x0a;
    this.off = o;
    this.lines++;
    this.lastT = tUs;
    if (this.gz === undefined && o >= this.chunkBytes) this.flushSync();
  }

  /** A line longer than the free space: flush (plain) or grow (gzip, flushed at the next pause). */
  private spill(need: number): void {
    if (this.gz === undefined && this.off > 0) {
      this.flushSync();
      if (need <= this.buf.length) return;
    }
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + need + (1 << 16)));
    this.buf.copy(bigger, 0, 0, this.off);
    this.buf = bigger;
  }

  /** True when the caller should pause generation and await flush() (gzip mode). */
  needsFlush(): boolean {
    return this.off >= this.chunkBytes;
  }

  private flushSync(): void {
    if (this.off === 0) return;
    let done = 0;
    while (done < this.off) done += fs.writeSync(this.fd, this.buf, done, this.off - done);
    this.flushedBytes += this.off;
    this.off = 0;
  }

  async flush(): Promise<void> {
    if (this.gz === undefined) {
      this.flushSync();
      return;
    }
    if (this.off === 0) return;
    const data = Buffer.from(this.buf.subarray(0, this.off));
    this.flushedBytes += this.off;
    this.off = 0;
    const gz = this.gz;
    if (!gz.write(data)) await new Promise<void>((resolve) => gz.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.gz !== undefined) {
      const gz = this.gz;
      const out = this.out as fs.WriteStream;
      await new Promise<void>((resolve, reject) => {
        out.once('finish', () => resolve());
        out.once('error', reject);
        gz.end();
      });
    } else if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** Writes a file and sets its modification (and access) time. */
export function writeFileAt(filePath: string, data: string | Buffer, mtimeUs: number): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.writeFileSync(filePath, data);
  setMtime(filePath, mtimeUs);
}

export function setMtime(filePath: string, mtimeUs: number): void {
  const seconds = Math.floor(mtimeUs / US);
  fs.utimesSync(filePath, seconds, seconds);
}

/** Deterministic gzip: no file name, MTIME 0 and OS "Unix" in the header whatever platform builds it. */
export function gzipText(text: string): Buffer {
  const gz = zlib.gzipSync(Buffer.from(text, 'latin1'), { level: 9 });
  gz.writeUInt32LE(0, 4);
  gz[9] = 3;
  return gz;
}
