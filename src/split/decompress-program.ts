// xz, bzip2 and zstd data decompressed by the system's own program (`xz -dc`, `bzip2 -dc`, `zstd -dc`), as a
// stream: Node has no decoder for them. RHEL's and Fedora's logrotate often compress with xz or zstd
// (`compresscmd /usr/bin/xz`, `compressext .xz`), so an admin's copied set is `maillog-20190210.xz` beside `maillog`.
//
// Why a child process and not an npm package: every mail server has these programs (xz-utils, bzip2 and zstd are
// in the base install of Debian, Ubuntu, RHEL, Fedora), their decoders are the reference C ones, and the
// decompression runs on a core of its own beside the scan. The npm decoders are native add-ons that fetch a
// prebuilt binary per platform, or pure JavaScript several times slower. Where the program is missing (a laptop),
// the input is refused with one line naming the program and how to decompress elsewhere (magic.ts).

import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A compressor this tool decompresses with a program: its name as the data is called and the program's. */
export type ProgramFormat = 'xz' | 'bzip2' | 'zstd';

/** The InputKind of a file of each format: its usual extension, as `gz` is gzip's. */
export const KIND_OF: Record<ProgramFormat, 'xz' | 'bz2' | 'zst'> = { xz: 'xz', bzip2: 'bz2', zstd: 'zst' };
export const FORMAT_OF_KIND: Record<'xz' | 'bz2' | 'zst', ProgramFormat> = { xz: 'xz', bz2: 'bzip2', zst: 'zstd' };

/** The Debian and RHEL packages that install each program, for the refusal's advice. */
export const PACKAGE_OF: Record<ProgramFormat, { debian: string; rhel: string }> = {
  xz: { debian: 'xz-utils', rhel: 'xz' },
  bzip2: { debian: 'bzip2', rhel: 'bzip2' },
  zstd: { debian: 'zstd', rhel: 'zstd' },
};

/**
 * The format whose magic `head` starts with, or null.
 *   - xz: FD 37 7A 58 5A 00 (the .xz file format, 2.1.1.1 Header Magic Bytes)
 *   - bzip2: "BZh" and the block size digit 1-9 (no log line starts so)
 *   - zstd: 28 B5 2F FD (RFC 8878 3.1.1, Magic_Number 0xFD2FB528 little-endian)
 */
export function programFormat(head: Buffer): ProgramFormat | null {
  if (head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00) return 'xz';
  if (head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39) return 'bzip2';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return null;
}

const found = new Map<string, string | null>();

/** The program's path on $PATH (looked up once per process), or null when it is not installed. */
export function programPath(format: ProgramFormat): string | null {
  const key = `${process.env.PATH ?? ''}\0${format}`;
  let path = found.get(key);
  if (path === undefined) {
    path = null;
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir === '') continue;
      try {
        accessSync(join(dir, format), fsConstants.X_OK);
        path = join(dir, format);
        break;
      } catch {
        // not there
      }
    }
    found.set(key, path);
  }
  return path;
}

/** The decompressor failed: its data is cut short, damaged, or the program could not run. */
export class DecompressError extends Error {
  override name = 'DecompressError';
  constructor(readonly format: ProgramFormat, readonly reason: 'truncated' | 'corrupt' | 'failed', readonly said: string) {
    super(`${format} data is ${reason === 'failed' ? 'unreadable' : reason}${said === '' ? '' : ` (${format}: ${said})`}`);
  }
}

/**
 * What the program's complaint means. Verbatim, from the three programs given a file cut in half, one with a byte
 * changed in the middle, and one with a line of garbage after its end (xz 5.4, bzip2 1.0.8, zstd 1.5.4):
 *   xz: "xz: (stdin): Unexpected end of input" (cut, and garbage after the end), "xz: (stdin): Compressed data is corrupt"
 *   bzip2: "bzip2: Compressed file ends unexpectedly;", "bzip2: Data integrity error when decompressing."
 *     (garbage after the end: "bzip2: (stdin): trailing garbage after EOF ignored", exit 0: every line read)
 *   zstd: "/*stdin*\ : Read error (39) : premature end", "/*stdin*\ : Decoding error (36) : Data corruption detected",
 *     "zstd: /*stdin*\: unsupported format" (garbage after the end)
 */
export function complaint(format: ProgramFormat, stderr: string): DecompressError {
  const said = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  // The program's own prefix ("xz: (stdin): ", "/*stdin*\ : ", "zstd: /*stdin*\: ") says nothing to the reader.
  const words = said.replace(/^(?:\S+: )?(?:\(stdin\)|\/\*stdin\*\\)\s*:\s*/, '').replace(/^bzip2: /, '').replace(/;$/, '');
  if (/unexpected end|ends unexpectedly|premature end/i.test(said)) return new DecompressError(format, 'truncated', words);
  if (/corrupt|integrity|Decoding error|unsupported format|format not recognized/i.test(said)) return new DecompressError(format, 'corrupt', words);
  return new DecompressError(format, 'failed', words);
}

/** Bytes of the program's stderr kept for the error: its first lines say what went wrong. */
const STDERR_KEEP = 4096;

/**
 * The decompressed bytes of `source` (the compressed data, each chunk counted by `count` as the program is given it),
 * decompressed by `<format> -dc`. Throws DecompressError at the end when the program failed, or the error of a read
 * of `source` that failed (compressed-read-failure.ts): what it wrote before is given first, so the lines before the
 * damage are read (as for a .gz). A file's `source` holds its compressed data only (compressed-data-end.ts), a stream's too (stream-data-end.ts; bzip2's all of it). `stop`: ends the program at once, and the
 * generator throws `stopError()`. Returning early (the first dated line found) ends the program too.
 */
export async function* decompressWith(
  format: ProgramFormat, source: AsyncIterable<Buffer>, count: (n: number) => void, stop?: AbortSignal, stopError?: () => Error,
): AsyncGenerator<Buffer> {
  const program = programPath(format);
  if (program === null) throw new DecompressError(format, 'failed', `${format} is not installed`);
  // argv0: the program names itself so in its complaints ("xz: (stdin): …"), not by the path it was found at.
  const child = spawn(program, ['-dc'], { argv0: format, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => { if (stderr.length < STDERR_KEEP) stderr += d; });
  let spawnError: Error | null = null;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (e) => { spawnError = e; resolve({ code: null, signal: null }); });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  // The program stops reading when it finds the data damaged (EPIPE here): its exit status says why.
  child.stdin.on('error', () => undefined);
  // A failing read of the source (EIO: compressed-read-failure.ts) ends the program's input: it would say the data
  // is truncated, so the read's own error is thrown instead.
  let sourceError: { error: unknown } | null = null;
  const counted = Readable.from((async function* fed(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        count(chunk.length);
        yield chunk;
      }
    } catch (err) {
      sourceError = { error: err };
      throw err;
    }
  })(), { objectMode: false });
  const feeding = pipeline(counted, child.stdin).catch(() => undefined);
  const onStop = (): void => { child.kill(); };
  stop?.addEventListener('abort', onStop, { once: true });
  let done = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      if (stop?.aborted) break;
      yield chunk;
    }
    if (stop?.aborted) throw stopError?.() ?? new Error('stopped');
    await feeding;
    const { code, signal } = await closed;
    done = true;
    if (sourceError !== null) throw (sourceError as { error: unknown }).error;
    if (spawnError !== null) throw new DecompressError(format, 'failed', (spawnError as Error).message);
    if (code !== 0) throw complaint(format, signal === null ? stderr : `${stderr}\nkilled by ${signal}`);
  } finally {
    stop?.removeEventListener('abort', onStop);
    if (!done) {
      // Ended early (the reader has what it wanted, or failed): the program is ended by its own pid.
      counted.destroy();
      child.stdout.destroy();
      child.stdin.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  }
}
