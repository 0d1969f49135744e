// Whether an input's first bytes are binary data (random bytes, an image, a program), not a text log: its NUL bytes
// are then no crash's padding (read-range.ts nulPaddedStart), and the report says it is no log (review AJ, AJ14:
// `head -c 100000 /dev/urandom` got "58 NUL bytes of padding in 30 blocks … a crash or power loss left them").
//
// Padding is runs of NUL bytes in text: the only control bytes of a padded log are NULs. Binary data holds the other
// control bytes too: random bytes 29 in 256 of them (NULs 1 in 256), an ELF program about 13 % of its first 64 KiB,
// a PNG's compressed data as random bytes. Tab, LF, VT, FF, CR and ESC (a colored line's escapes) are a text's own.

/**
 * Share of the bytes that are control bytes other than NUL and a text's own, from which data is binary: random bytes
 * have 11 %, a log with a line of garbage among its lines (hostile.test.ts: 300 bytes in 975, 3.5 %) stays a log.
 */
const BINARY_SHARE = 0.05;
/** Fewer such bytes than this say nothing (a few stray bytes in a short file). */
const BINARY_MIN = 64;

export function isBinaryData(head: Buffer): boolean {
  let control = 0;
  for (const b of head) {
    if ((b < 0x20 && b !== 0 && (b < 0x09 || b > 0x0d) && b !== 0x1b) || b === 0x7f) control++;
  }
  return control >= BINARY_MIN && control >= head.length * BINARY_SHARE;
}
