// What an input's first bytes say it is: gzip (read; xz, bzip2 and zstd in decompress-program.ts), or an archive this
// tool does not read (refused with the command that extracts it, rather than read as lines of garbage); and, for the
// "not understood" warning, what a file of other bytes looks like (UTF-16, CR line ends, gzip inside gzip).

import { isBinaryData } from './binary-data.js';
import { utf16Of } from './utf16.js';
import type { Utf16 } from './utf16.js';
import { otherMta } from './other-mta.js';
import type { OtherMta } from './other-mta.js';
import { UsageError } from '../errors.js';
import type { ProgramFormat } from './decompress-program.js';
import { PACKAGE_OF } from './decompress-program.js';
import type { Lang } from '../i18n/index.js';
import { refusalWords } from '../i18n/input-refusals.js';
import type { MissingPrograms } from '../i18n/input-refusals.js';

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
  // A zip archive's local file header "PK\x03\x04" (APPNOTE.TXT 4.3.7): logs zipped on a Windows desktop.
  { name: 'zip', tool: 'unzip -p', magic: (h) => h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04 },
];

/**
 * An input this tool does not read: a zip or tar archive (`tool`: "unzip -p", "tar -xf"), or data of xz, bzip2 or
 * zstd when their program is not installed (decompress-program.ts; `tool`: "xz -dc"). Its message is English; the
 * command words it in the run's language, and for compare, whose sides cannot be `-`, with a file to make and compare
 * (`worded`; review AA, F8).
 */
export class UnreadInputError extends UsageError {
  constructor(readonly path: string, readonly format: string, readonly tool: string) {
    super('');
    this.message = this.worded('en', false).message;
  }

  worded(lang: Lang | undefined, compare: boolean): UsageError {
    const w = refusalWords(lang);
    const where = this.path === '-' ? w.stdin : this.path;
    const file = this.path === '-' ? 'FILE' : shellWord(this.path);
    if (this.tool === 'tar -xf') return new UsageError(w.tar({ where, compressed: this.format.slice(4), file, compare }));
    if (isProgramFormat(this.format)) {
      const then = this.path === '-' ? { kind: 'pipe' as const, tool: this.tool } : { kind: 'file' as const, command: decompressCommand(this), compare };
      return new UsageError(w.missingProgram({ where, ...missing([this.format]), then }));
    }
    return new UsageError(w.zip({ where, command: compare ? decompressCommand(this) : `${this.tool} ${file}`, compare }));
  }
}

/** Several files whose programs are missing, named at once (refusedInSet). */
export class RefusedSetError extends UsageError {
  constructor(readonly refused: UnreadInputError[]) {
    super('');
    this.message = this.worded('en').message;
  }

  worded(lang: Lang | undefined): UsageError {
    const formats = [...new Set(this.refused.map((r) => r.format))].filter(isProgramFormat);
    const then = { kind: 'each' as const, commands: this.refused.map(decompressCommand) };
    return new UsageError(refusalWords(lang).missingProgram({ where: this.refused.map((r) => r.path).join(', '), ...missing(formats), then }));
  }
}

/** The refusal in the run's language (`compare`: for a side of compare), or `err` when it is no refusal. */
export function refusalIn(err: unknown, lang: Lang | undefined, compare: boolean): unknown {
  if (err instanceof UnreadInputError) return err.worded(lang, compare);
  if (err instanceof RefusedSetError) return err.worded(lang);
  return err;
}

function isProgramFormat(f: string): f is ProgramFormat {
  return f === 'xz' || f === 'bzip2' || f === 'zstd';
}

/** The missing programs and the packages that install them (apt-get install xz-utils, or dnf install xz). */
function missing(formats: ProgramFormat[]): MissingPrograms {
  return { formats, debian: formats.map((f) => PACKAGE_OF[f].debian).join(' '), rhel: formats.map((f) => PACKAGE_OF[f].rhel).join(' ') };
}

/** "xz -dc maillog-20190210.xz > maillog-20190210": the file decompressed to one to give in its place. */
function decompressCommand(r: UnreadInputError): string {
  return `${r.tool} ${shellWord(r.path)} > ${shellWord(decompressedName(r.path))}`;
}

/**
 * Data of xz, bzip2 or zstd whose program is not on $PATH (a laptop without zstd): refused with the package that
 * installs it, or the command that decompresses it where the program is. Exit 2, as an input that cannot be read.
 */
export function missingProgramError(path: string, format: ProgramFormat): UnreadInputError {
  return new UnreadInputError(path, format, `${format} -dc`);
}

/**
 * The refusal of several files whose programs are missing (a set of `maillog-2019….xz` copied to a laptop without
 * xz): every such file is named at once, not one per run, each with the command that decompresses it to a file to
 * give in its place (a pipe into `analyze -` would read that file alone).
 */
export function refusedInSet(refused: UnreadInputError[]): UsageError {
  if (refused.length === 0) throw new Error('refusedInSet: nothing refused');
  if (refused.length === 1) return refused[0]!;
  return new RefusedSetError(refused);
}

/** Where to decompress `path` to: without its .xz, .bz2, .zst or .zip, else with .log added. */
function decompressedName(path: string): string {
  const plain = path.replace(/\.(?:xz|bz2|zst|zip)$/, '');
  return plain === path ? `${path}.log` : plain;
}

/** Throws a one-line UsageError when `head` starts a zip or a tar archive. */
export function refuseOtherCompression(head: Buffer, path: string): void {
  if (isTar(head)) throw tarError(path, '');
  const f = OTHERS.find((o) => o.magic(head));
  if (f === undefined) return;
  throw new UnreadInputError(path, f.name, f.tool);
}

/**
 * A tar archive, or a compressed file whose content is one (`compressed`: gz for a .tgz, xz for a .tar.xz): its files would be read as one log, glued
 * at their 512-byte headers, and out of order. Extracted, they are given as files and ordered by their first lines.
 */
export function tarError(path: string, compressed: '' | 'gz' | ProgramFormat): UnreadInputError {
  return new UnreadInputError(path, compressed === '' ? 'tar' : `tar.${compressed}`, 'tar -xf');
}

/**
 * What a file's first bytes look like when its lines are not understood or none is Postfix's or Dovecot's (the
 * warning's hint); '' when nothing known.
 */
export type LooksLike = '' | Utf16 | 'cr' | 'gzip-in-gzip' | 'binary' | Exclude<OtherMta, ''>;

/** The first bytes of an input that looksLike is given: a file's, a compressed file's content's, a stream's. */
export const LOOKS_LIKE_BYTES = 64 * 1024;

/**
 * `head`: the first bytes of the file (decompressed for a .gz; `gz`: it is). UTF-16 by its byte order mark
 * (FF FE, FE FF) or its NULs beside ASCII (utf16.ts); line ends of CR only (old Mac tools) when the head has CRs and
 * no LF; gzip data inside a .gz; binary data (binary-data.ts); the lines of Exim or sendmail (other-mta.ts).
 */
export function looksLike(head: Buffer, gz: boolean): LooksLike {
  const utf16 = utf16Of(head);
  if (utf16 !== null) return utf16;
  if (gz && isGzip(head)) return 'gzip-in-gzip';
  if (isBinaryData(head)) return 'binary';
  if (head.includes(13) && !head.includes(10)) return 'cr';
  return otherMta(head.toString('latin1'));
}

/**
 * Whether the NUL bytes of an input that looks like `looks` are its data's, not padding a crash left (scan.ts
 * nulPadding counts none): binary data's (binary-data.ts), UTF-16 text's (utf16.ts), gzip data's inside a .gz (a .gz
 * of a .gz got "35 NUL bytes of padding in 17 blocks").
 */
export function nulsAreData(looks: LooksLike | undefined): boolean {
  return looks === 'binary' || looks === 'utf16' || looks === 'utf16le' || looks === 'utf16be' || looks === 'gzip-in-gzip';
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
