// Whether an input's first bytes are UTF-16 text (`iconv -t utf-16` of a log, a log saved by a Windows editor as
// "Unicode"): by its byte order mark, or without one (`iconv -t utf-16le`) by the NUL byte beside each ASCII
// character. Its NULs are then the encoding's, no crash's padding (scan.ts nulPadding; before, a UTF-16 log got
// "2,799 NUL bytes of padding in 2,707 blocks … a crash or power loss left them").

/** UTF-16 by its byte order mark (FF FE or FE FF: iconv's -f UTF-16 reads either), or little/big-endian without one. */
export type Utf16 = 'utf16' | 'utf16le' | 'utf16be';

/**
 * Code units of ASCII (one byte NUL, the other not) among the head's first ones, from which it is UTF-16 without a
 * byte order mark: a log's text is ASCII, all of them; NUL padding is both bytes NUL, and UTF-8 text has no NUL.
 */
const ASCII_UNIT_SHARE = 0.9;
/** Fewer code units than this say nothing (a few bytes). */
const MIN_UNITS = 16;
/** Code units looked at: enough to tell, few enough for a 64 KiB head at no cost. */
const UNITS_LOOKED_AT = 4096;

export function utf16Of(head: Buffer): Utf16 | null {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'utf16';
  const units = Math.min(head.length >> 1, UNITS_LOOKED_AT);
  if (units < MIN_UNITS) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < units; i++) {
    const a = head[2 * i]!;
    const b = head[2 * i + 1]!;
    if (a !== 0 && b === 0) le++;
    else if (a === 0 && b !== 0) be++;
  }
  if (le >= units * ASCII_UNIT_SHARE) return 'utf16le';
  if (be >= units * ASCII_UNIT_SHARE) return 'utf16be';
  return null;
}
