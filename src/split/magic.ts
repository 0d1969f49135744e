// What an input's first bytes say it is: gzip (read), or another compressor this tool does not read (refused with
// the command that decompresses it, rather than read as lines of garbage).

import { UsageError } from '../errors.js';

/** Bytes enough to recognise every format below. */
export const MAGIC_BYTES = 6;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

const OTHERS: Array<{ name: string; tool: string; magic: (h: Buffer) => boolean }> = [
  { name: 'xz', tool: 'xz -dc', magic: (h) => h.length >= 6 && h.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) },
  // "BZh" and the block size digit 1-9: no log line starts so.
  { name: 'bzip2', tool: 'bzip2 -dc', magic: (h) => h.length >= 4 && h[0] === 0x42 && h[1] === 0x5a && h[2] === 0x68 && h[3]! >= 0x31 && h[3]! <= 0x39 },
  { name: 'zstd', tool: 'zstd -dc', magic: (h) => h.length >= 4 && h[0] === 0x28 && h[1] === 0xb5 && h[2] === 0x2f && h[3] === 0xfd },
  // A zip archive's local file header "PK\x03\x04" (APPNOTE.TXT 4.3.7): logs zipped on a Windows desktop.
  { name: 'zip', tool: 'unzip -p', magic: (h) => h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04 },
];

/** Throws a one-line UsageError when `head` starts like a compressed format other than gzip. */
export function refuseOtherCompression(head: Buffer, path: string): void {
  const f = OTHERS.find((o) => o.magic(head));
  if (f === undefined) return;
  const how = path === '-' ? `${f.tool} FILE | maillog-forensics analyze -` : `${f.tool} ${shellWord(path)} | maillog-forensics analyze -`;
  throw new UsageError(`${path === '-' ? 'standard input' : path}: compressed with ${f.name}, which is not read (only gzip is); decompress it first: ${how}`);
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
