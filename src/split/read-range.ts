// Bytes → lines for a byte range of a plain file: large fs.readSync chunks, our own split on 0x0a, latin1
// decoding (1 byte = 1 char, never fails on invalid UTF-8; fields are re-decoded as UTF-8 for display only).
// Node's readline costs 3–3.7 s on a 1.5 GB log before any parsing (DESIGN.md): not used on this path.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LineSink } from '../scan.js';
import { MAX_LINE_CHARS } from '../scan.js';
import { latin1 } from './decode.js';
import { RunError } from '../errors.js';
import { HEAP_CHECK_LINES, checkHeap } from '../memory.js';
import type { SharedRange } from './shared-range.js';
import { claimUpTo } from './shared-range.js';
import { utf8BomLength } from './magic.js';

/**
 * Read size. Small enough that a chunk is still in the CPU cache when its lines are parsed: on the 400 MB log one
 * thread scanned in 2.83–2.88 s with 256 KiB chunks against 2.92–3.11 s with 4 MiB (1.5 GB, 2 jobs: 7.7–8.3 s
 * against 7.9–8.7 s, and 10–20 MiB less peak RSS). Still four times the longest line we parse (MAX_LINE_CHARS).
 */
const CHUNK = 256 * 1024;

/** The first bytes of a line too long to parse that are kept: its sample, and where NUL padding in it starts. */
export const HEAD_CHARS = 500;

/**
 * Feeds every line that starts in [start, end) to `sink` (ranges are newline-aligned by ranges.ts, so the last
 * line ends at `end` or at end of file). With `shared`, `end` is the range's end in shared memory, which another
 * thread may move down while this reads (shared-range.ts). `progress` gets the bytes consumed since its last call.
 * Returns to the event loop after every chunk (a few thousand times per GB): on the main thread, Ctrl-C
 * (`signal`), the progress line's timer and the workers' results are handled only between chunks.
 *
 * Returns the file's size when it ended before `end` (it shrank while it was read: logrotate's copytruncate, a
 * cleanup that truncated it; review AA, F13), else -1. The check costs nothing per line: a read that returns no
 * byte though bytes were asked for.
 */
export async function readRange(
  path: string, start: number, end: number, sink: LineSink, progress: (bytes: number) => void, signal?: AbortSignal,
  shared?: SharedRange,
): Promise<number> {
  const fd = openSync(path, 'r');
  try {
    let buf: Buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(64 * 1024, end - start)));
    let filled = 0; // bytes valid in buf
    let bufFileOffset = start; // file offset of buf[0]
    let pos = start; // next file offset to read
    let eof = false;
    // A line longer than MAX_LINE_CHARS is skipped to its newline without growing the buffer, except for the
    // bytes after its last NUL (kept at the front of the buffer, `nulTail`): see nulPaddedStart.
    let skipping = false;
    let nulTail = false;
    let skipStart = 0;
    let skipHead = '';
    let sinceCheck = 0;
    let fileStart = start === 0;
    let shrunkTo = -1;
    while (true) {
      if (!eof && filled < buf.length) {
        // With a shared range, another thread may have taken the tail: read only what is claimed first.
        const limit = shared === undefined ? end : claimUpTo(shared, pos + buf.length - filled);
        const want = Math.min(buf.length - filled, limit - pos);
        const n = want > 0 ? readSync(fd, buf, filled, want, pos) : 0;
        if (n === 0) eof = true;
        if (n === 0 && want > 0) shrunkTo = fstatSync(fd).size;
        pos += n;
        filled += n;
        progress(n);
      }
      if (fileStart) {
        // A UTF-8 byte order mark (Notepad's) is no part of the first line: it would leave that line unparsed.
        fileStart = false;
        const bom = utf8BomLength(buf, filled);
        if (bom > 0) {
          buf.copy(buf, 0, bom, filled);
          filled -= bom;
          bufFileOffset += bom;
        }
      }
      let lineStart = 0;
      // The chunk's next NUL byte, looked for once per chunk (and after each line that holds one), not per line.
      let nul = nextNul(buf, 0, filled);
      while (true) {
        const nl = buf.indexOf(10, lineStart);
        if (nl < 0 || nl >= filled) break;
        if (skipping) {
          const t = afterLastNul(buf, 0, nl, nulTail);
          if (t >= 0) {
            skippedPadding(sink, skipHead, skipStart, bufFileOffset + t);
            emit(sink, buf, t, nl, bufFileOffset + t);
          } else {
            if (tailStart(buf, 0, nl, nulTail) === nl) paddingAtEnd(sink, skipHead, skipStart, bufFileOffset + nl);
            sink.longLine(skipHead, skipStart, bufFileOffset + nl - skipStart);
          }
          skipping = false;
          nulTail = false;
        } else {
          emit(sink, buf, lineStart, nl, bufFileOffset + lineStart, nul < nl);
          if (++sinceCheck === HEAP_CHECK_LINES) {
            sinceCheck = 0;
            checkHeap(() => `at byte ${bufFileOffset + lineStart} of ${path}`);
          }
        }
        if (nul < nl) nul = nextNul(buf, nl + 1, filled);
        lineStart = nl + 1;
      }
      // Carry the partial line to the front of the buffer.
      const rest = filled - lineStart;
      if (skipping) {
        // Still inside an over-long line: drop what we have (but a tail after a NUL), keep reading.
        const keep = tailStart(buf, 0, filled, nulTail);
        nulTail = keep >= 0;
        const from = nulTail ? keep : filled;
        if (from > 0 && from < filled) buf.copy(buf, 0, from, filled);
        bufFileOffset += from;
        filled -= from;
      } else if (rest >= MAX_LINE_CHARS || (rest === buf.length)) {
        skipping = true;
        skipStart = bufFileOffset + lineStart;
        skipHead = latin1(buf, lineStart, Math.min(buf.length, lineStart + HEAD_CHARS));
        const keep = tailStart(buf, lineStart, filled, false);
        nulTail = keep >= 0;
        const from = nulTail ? keep : filled;
        if (from < filled) buf.copy(buf, 0, from, filled);
        bufFileOffset += from;
        filled -= from;
      } else {
        if (lineStart > 0 && rest > 0) buf.copy(buf, 0, lineStart, filled);
        bufFileOffset += lineStart;
        filled = rest;
      }
      if (eof) {
        if (skipping) {
          const t = afterLastNul(buf, 0, filled, nulTail);
          if (t >= 0) {
            skippedPadding(sink, skipHead, skipStart, bufFileOffset + t);
            emit(sink, buf, t, filled, bufFileOffset + t);
          } else {
            if (tailStart(buf, 0, filled, nulTail) === filled) paddingAtEnd(sink, skipHead, skipStart, bufFileOffset + filled);
            sink.longLine(skipHead, skipStart, bufFileOffset + filled - skipStart);
          }
        }
        else if (filled > 0) emit(sink, buf, 0, filled, bufFileOffset, nextNul(buf, 0, filled) < filled); // last line without a newline
        return shrunkTo;
      }
      if (filled === buf.length) buf = grow(buf, filled);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new RunError('interrupted');
    }
  } finally {
    closeSync(fd);
  }
}

function grow(buf: Buffer, filled: number): Buffer {
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger, 0, 0, filled);
  return bigger;
}

/** Where the first NUL byte of buf[from, filled) is, or `filled` when there is none (one memchr). */
export function nextNul(buf: Buffer, from: number, filled: number): number {
  const z = from < filled ? buf.indexOf(0, from) : -1;
  return z < 0 || z >= filled ? filled : z;
}

/**
 * The NUL bytes in [from, to) of a line that holds NUL padding (never called for a line without a NUL). Junk with NULs
 * here and there ("abc\0def…\0klm\0" then a log line) was reported as padding of every byte from its first NUL to
 * its last (the twenty-seventh session's hostile-input review: 1,016 "NUL bytes" for 3); a crash's run of zeros
 * counts the same either way. A line of MAX_LINE_CHARS or more, which the readers skip without keeping its bytes,
 * still counts from its first NUL.
 */
function nulsIn(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === 0) n++;
  return n;
}

/**
 * Decodes [from, to) as one line; drops a CR before the LF (CRLF files). A line of MAX_LINE_CHARS or more is
 * counted and sampled, not parsed, whether or not it fitted in one chunk: the same line must give the same
 * answer wherever the chunk and range edges fall. `hasNul`: the line holds a NUL byte (the readers look for NULs
 * once per chunk, not per line: nextNul), which makes it a line cut by NUL padding (see nulPaddedStart).
 */
export function emit(sink: LineSink, buf: Buffer, from: number, to: number, offset: number, hasNul = false): void {
  // The rare lines apart, so that this stays small enough for V8 to inline into the readers' loops.
  if (hasNul || buf[from] === 0 || to - from >= MAX_LINE_CHARS) {
    emitUnusual(sink, buf, from, to, offset);
    return;
  }
  let end = to;
  if (end > from && buf[end - 1] === 13) end--;
  sink.bytes(buf, from, end, offset);
}

/** emit for a line that holds a NUL, starts with one, or is MAX_LINE_CHARS long or more. */
function emitUnusual(sink: LineSink, buf: Buffer, from: number, to: number, offset: number): void {
  const t = nulPaddedStart(buf, from, to);
  if (t > from) {
    const nul = buf.indexOf(0, from);
    sink.nulPadding?.(latin1(buf, from, nul), offset, nulsIn(buf, nul, t));
    offset += t - from;
    from = t;
  } else {
    // Padding that ends the line, with no line after it: the end of a file a crash left (zeros, then nothing
    // written since). The line stays one unparsed line, and the padding is reported as padding.
    // From its first NUL, as far as a longer line's first 500 bytes tell (paddingAtEnd, for any chunk cut).
    if (to > from && buf[to - 1] === 0) {
      const cut = buf.indexOf(0, from) - from;
      sink.nulPadding?.('', offset, to - from >= MAX_LINE_CHARS ? to - from - Math.min(cut, HEAD_CHARS) : nulsIn(buf, from + cut, to));
    }
    if (to - from >= MAX_LINE_CHARS) {
      sink.longLine(latin1(buf, from, Math.min(to, from + HEAD_CHARS)), offset, to - from);
      return;
    }
  }
  let end = to;
  if (end > from && buf[end - 1] === 13) end--;
  sink.bytes(buf, from, end, offset);
}

/**
 * NUL padding that ends a line skipped as too long, with no line after it (the skipping paths of the readers, as
 * emit for a shorter line): reported as padding, from the line's first NUL (as far as `head` tells) to `end`.
 */
export function paddingAtEnd(sink: LineSink, head: string, start: number, end: number): void {
  const nul = head.indexOf('\0');
  sink.nulPadding?.('', start, end - start - (nul < 0 ? head.length : nul));
}

/**
 * NUL padding dropped after a line skipped as too long, before its tail at `tailAt` (the skipping paths of the
 * readers): `head`, the line's first bytes, holds the cut line before the first NUL.
 */
export function skippedPadding(sink: LineSink, head: string, start: number, tailAt: number): void {
  const nul = head.indexOf('\0');
  const cut = nul < 0 ? head : head.slice(0, nul);
  sink.nulPadding?.(cut, start, tailAt - start - cut.length);
}

/**
 * Where the real line starts in a line that holds NUL padding, or -1. logrotate's copytruncate empties a
 * file that the writer keeps appending to at its old offset: the file becomes a hole of NUL bytes, then the next
 * line ("\0\0…\0Nov 28 10:00:01 mail postfix/smtpd[1]: connect from …"), with no newline between them. A crash
 * or power loss cuts the line being written at a page's end and leaves the rest of what was written as NUL bytes
 * (the file's size was saved, its last pages not), and the first line written after the reboot follows them
 * ("Nov 28 05:56:46 mail postfix/smtp[405\0\0…\0Nov 28 06:10:00 mail kernel: …", often fewer NULs than
 * MAX_LINE_CHARS). The padding is dropped and the line after it kept (the line numbers stay those of the file):
 *  - a line shorter than MAX_LINE_CHARS that starts with NULs: after them, when something follows;
 *  - a shorter line with NULs after its start: after its last NUL, when what follows starts as a line does
 *    (startsLikeLine). syslog(3) writes C strings, so no writer puts a NUL in a line, but a line's one stray NUL
 *    followed by more of its text (`sasl_username=ad\0min`) stays that line, whole;
 *  - a longer one (the hole can be gigabytes): after its last NUL, when that tail is a non-empty line shorter
 *    than MAX_LINE_CHARS. `tail`: buf[from] already follows a NUL (a tail kept from earlier chunks).
 * Every reader applies the same rule to the same bytes, wherever chunks and ranges are cut.
 */
export function nulPaddedStart(buf: Buffer, from: number, to: number): number {
  if (to - from >= MAX_LINE_CHARS) return afterLastNul(buf, from, to, false);
  if (buf[from] !== 0) {
    const t = buf.lastIndexOf(0, to - 1) + 1;
    return t > from && t < to && startsLikeLine(buf[t]!) ? t : -1;
  }
  let t = from;
  while (t < to && buf[t] === 0) t++;
  return t > from && t < to ? t : -1;
}

/**
 * The first byte of a log line in a format we read: a digit (RFC 3339, `-o short-unix`), an upper-case letter (a
 * classic stamp's month, `-o short-full`'s weekday), `<` (a collector's `<PRI>`) or `{` (`journalctl -o json`).
 */
function startsLikeLine(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || b === 0x3c || b === 0x7b;
}

/** The non-empty line after the last NUL of [from, to), shorter than MAX_LINE_CHARS, or -1 (see nulPaddedStart). */
export function afterLastNul(buf: Buffer, from: number, to: number, tail: boolean): number {
  const t = tailStart(buf, from, to, tail);
  return t >= 0 && t < to ? t : -1;
}

/** Where the bytes after the last NUL of [from, to) start while fewer than MAX_LINE_CHARS (from, when `tail`), or -1. */
export function tailStart(buf: Buffer, from: number, to: number, tail: boolean): number {
  const z = to > from ? buf.lastIndexOf(0, to - 1) : -1;
  const t = z >= from ? z + 1 : tail ? from : -1;
  return t >= 0 && to - t < MAX_LINE_CHARS ? t : -1;
}
