// What an input's first bytes say it is: gzip (read), or another compressor or an archive this tool does not read
// (refused with the command that decompresses or extracts it, rather than read as lines of garbage); and, for the
// "not understood" warning, what a file of other bytes looks like (UTF-16, CR line ends, gzip inside gzip).

import { UsageError } from '../errors.js';

/**
 * Bytes enough to recognise every format below: a tar archive's "ustar" magic is at offset 257 (POSIX.1-1988
 * ustar header, also GNU tar's "ustar  "), the others in the first 6 bytes.
 */
export const MAGIC_BYTES = 263;
const TAR_MAGIC_AT = 257;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * A tar archive (also the decompressed stream of a .tgz): members with 512-byte headers, read as one log they glue.
 * "ustar" then NUL (POSIX) or a space (GNU "ustar  "), and a NUL in the 100-byte name field, which no text has: a
 * log whose byte 257 happens to start "ustar" is still read.
 */
export function isTar(head: Buffer): boolean {
  if (head.length < TAR_MAGIC_AT + 6 || head.toString('latin1', TAR_MAGIC_AT, TAR_MAGIC_AT + 5) !== 'ustar') return false;
  const after = head[TAR_MAGIC_AT + 5];
  return (after === 0 || after === 0x20) && head.subarray(0, 100).includes(0);
}

/** Bytes of a UTF-8 byte order mark at the start of `buf` (Windows editors write one): 3, or 0. */
export function utf8BomLength(buf: Buffer, filled = buf.length): number {
  return filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

const OTHERS: Array<{ name: string; tool: string; magic: (h: Buffer) => boolean }> = [
  { name: 'xz', tool: 'xz -dc', magic: (h) => h.length >= 6 && h.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) },
  // "BZh" and the block size digit 1-9: no log line starts so.
  { name: 'bzip2', tool: 'bzip2 -dc', magic: (h) => h.length >= 4 && h[0] === 0x42 && h[1] === 0x5a && h[2] === 0x68 && h[3]! >= 0x31 && h[3]! <= 0x39 },
  { name: 'zstd', tool: 'zstd -dc', magic: (h) => h.length >= 4 && h[0] === 0x28 && h[1] === 0xb5 && h[2] === 0x2f && h[3] === 0xfd },
  // A zip archive's local file header "PK\x03\x04" (APPNOTE.TXT 4.3.7): logs zipped on a Windows desktop.
  { name: 'zip', tool: 'unzip -p', magic: (h) => h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04 },
];

/**
 * An input this tool does not read. `command`: what analyze says to run (a pipe into `analyze -`); compare, whose
 * sides cannot be `-`, words its own from `tool` (cli.ts).
 */
export class UnreadInputError extends UsageError {
  constructor(readonly path: string, readonly format: string, readonly tool: string, command: string) {
    super(command);
  }

  /** The same refusal for a side of compare: the file to make, then to compare (review AA, F8). */
  forCompare(): UsageError {
    const file = shellWord(this.path);
    if (this.tool === 'tar -xf') {
      return new UsageError(`${this.path}: a ${this.format === 'tar.gz' ? 'gzip-compressed ' : ''}tar archive, which is not read; `
        + `extract it (mkdir logs && tar -xf ${file} -C logs) and compare the files`);
    }
    return new UsageError(`${this.path}: compressed with ${this.format}, which is not read (only gzip is); `
      + `decompress it first (${this.tool} ${file} > ${shellWord(decompressedName(this.path))}) and compare that file`);
  }
}

/**
 * The refusal of files compressed with xz, bzip2 or zstd given with other files (logrotate's `compresscmd` on
 * RHEL and Debian writes `maillog.2.xz` beside `maillog.1` and `maillog`): the pipe into `analyze -` that one file's
 * refusal advises would read that file alone, so each is to be decompressed to a file and given in its place; every
 * such file is named at once, not one per run.
 */
export function refusedInSet(refused: UnreadInputError[]): UsageError {
  if (refused.length === 0) throw new Error('refusedInSet: nothing refused');
  const formats = [...new Set(refused.map((r) => r.format))];
  const commands = refused.map((r) => `${r.tool} ${shellWord(r.path)} > ${shellWord(decompressedName(r.path))}`);
  const one = refused.length === 1;
  return new UsageError(`${refused.map((r) => r.path).join(', ')}: compressed with ${formats.length > 1 ? `${formats.slice(0, -1).join(', ')} and ${formats.at(-1)}` : formats[0]}, which ${formats.length === 1 && one ? 'is' : 'are'} `
    + `not read (only gzip is); decompress ${one ? 'it' : 'each'} to a file first (${commands.join('; ')}) and give ${one ? 'that file' : 'those files'} in `
    + `${one ? 'its' : 'their'} place`);
}

/** Where to decompress `path` to: without its .xz, .bz2, .zst or .zip, else with .log added. */
function decompressedName(path: string): string {
  const plain = path.replace(/\.(?:xz|bz2|zst|zip)$/, '');
  return plain === path ? `${path}.log` : plain;
}

/** Throws a one-line UsageError when `head` starts like a compressed format other than gzip, or is a tar archive. */
export function refuseOtherCompression(head: Buffer, path: string): void {
  const where = path === '-' ? 'standard input' : path;
  const file = path === '-' ? 'FILE' : shellWord(path);
  if (isTar(head)) throw tarError(path, false);
  const f = OTHERS.find((o) => o.magic(head));
  if (f === undefined) return;
  throw new UnreadInputError(path, f.name, f.tool,
    `${where}: compressed with ${f.name}, which is not read (only gzip is); decompress it first: ${f.tool} ${file} | maillog-forensics analyze -`);
}

/**
 * A tar archive, or a gzip file whose content is one (`inGzip`: a .tgz): its files would be read as one log, glued
 * at their 512-byte headers, and out of order. Extracted, they are given as files and ordered by their first lines.
 */
export function tarError(path: string, inGzip: boolean): UnreadInputError {
  const where = path === '-' ? 'standard input' : path;
  const file = path === '-' ? 'FILE' : shellWord(path);
  return new UnreadInputError(path, inGzip ? 'tar.gz' : 'tar', 'tar -xf', `${where}: a ${inGzip ? 'gzip-compressed ' : ''}tar archive, which is not read `
    + `(its files would be read as one log, glued together); extract it and give the files: mkdir logs && tar -xf ${file} -C logs && maillog-forensics analyze logs/*`);
}

/** What a file's first bytes look like when its lines are not understood (the warning's hint); '' when nothing known. */
export type LooksLike = '' | 'utf16' | 'cr' | 'gzip-in-gzip';

/**
 * `head`: the first bytes of the file (decompressed for a .gz; `gz`: it is). UTF-16 by its byte order mark
 * (FF FE, FE FF); line ends of CR only (old Mac tools) when the head has CRs and no LF; gzip data inside a .gz.
 */
export function looksLike(head: Buffer, gz: boolean): LooksLike {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'utf16';
  if (gz && isGzip(head)) return 'gzip-in-gzip';
  if (head.includes(13) && !head.includes(10)) return 'cr';
  return '';
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
