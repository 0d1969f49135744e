// Output: the line emitter (monotonic timestamps, fan-out to sinks) and the sinks themselves — in-memory
// for the small samples (written once, with a chosen mtime), time-routed for a rotated set, and a
// streaming file sink with big buffered writes (optionally gzip, with backpressure) for the benchmark log.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Stamper, US } from './clock.js';
import type { Rng } from './prng.js';

export type StampFormat = 'classic' | 'rfc3339';

export interface LineSink {
  /** body is everything after the timestamp and its space: `mail postfix/smtpd[123]: …` */
  write(tUs: number, body: string): void;
}

/** Fans every line out to the sinks, keeping time strictly increasing (distinct microseconds). */
export class LogOut {
  lines = 0;
  bytesClassic = 0;
  lastT = 0;
  firstT = -1;
  private readonly prefix: string;

  constructor(
    private readonly sinks: LineSink[],
    private readonly rng: Rng,
    host = 'mail',
  ) {
    this.prefix = host + ' ';
  }

  emit(tUs: number, tag: string, msg: string): number {
    let t = tUs;
    if (t <= this.lastT) t = this.lastT + 1 + (this.rng.u32() % 90);
    this.lastT = t;
    if (this.firstT < 0) this.firstT = t;
    const body = this.prefix + tag + ': ' + msg;
    this.lines++;
    this.bytesClassic += body.length + 17; // "Nov 28 22:15:34 " + "\n"
    for (let i = 0; i < this.sinks.length; i++) (this.sinks[i] as LineSink).write(t, body);
    return t;
  }

  addSink(sink: LineSink): void {
    this.sinks.push(sink);
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

  write(tUs: number, body: string): void {
    const stamp = this.format === 'classic' ? this.stamper.classic(tUs) : this.stamper.rfc3339(tUs);
    this.chunk += stamp + ' ' + body + '\n';
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

  write(tUs: number, body: string): void {
    let i = 0;
    while (i < this.bounds.length && tUs >= (this.bounds[i] as number)) i++;
    (this.sinks[i] as LineSink).write(tUs, body);
  }
}

/** Streams lines to a file in large chunks; plain files use fs.writeSync, .gz goes through zlib with backpressure. */
export class StreamSink implements LineSink {
  private chunk = '';
  private readonly stamper = new Stamper();
  private fd = -1;
  private gz: zlib.Gzip | undefined;
  private out: fs.WriteStream | undefined;
  bytes = 0;
  lines = 0;
  lastT = -1;

  constructor(
    filePath: string,
    private readonly format: StampFormat,
    gzip: boolean,
    private readonly chunkBytes = 8 << 20,
  ) {
    fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
    if (gzip) {
      this.gz = zlib.createGzip({ level: 6 });
      this.out = fs.createWriteStream(filePath);
      this.gz.pipe(this.out);
    } else {
      this.fd = fs.openSync(filePath, 'w');
    }
  }

  write(tUs: number, body: string): void {
    const stamp = this.format === 'classic' ? this.stamper.classic(tUs) : this.stamper.rfc3339(tUs);
    const line = stamp + ' ' + body + '\n';
    this.chunk += line;
    this.bytes += line.length;
    this.lines++;
    this.lastT = tUs;
    if (this.gz === undefined && this.chunk.length >= this.chunkBytes) this.flushSync();
  }

  /** True when the caller should pause generation and await flush() (gzip mode). */
  needsFlush(): boolean {
    return this.chunk.length >= this.chunkBytes;
  }

  private flushSync(): void {
    if (this.chunk.length === 0) return;
    fs.writeSync(this.fd, this.chunk);
    this.chunk = '';
  }

  async flush(): Promise<void> {
    if (this.gz === undefined) {
      this.flushSync();
      return;
    }
    if (this.chunk.length === 0) return;
    const data = this.chunk;
    this.chunk = '';
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

/** Deterministic gzip (Node writes a fixed header: no name, mtime 0). */
export function gzipText(text: string): Buffer {
  return zlib.gzipSync(Buffer.from(text, 'latin1'), { level: 9 });
}
