// A LineSink that turns each line of an input (a JSON object a line: journalctl -o json / json-seq, Docker's
// json-file log) into the syslog line the scanner reads, before passing it on. A line the conversion leaves as it is
// ('raw': not an object, a line cut short) reaches the scanner unchanged, so it is read or shown as any other; an
// object with nothing to read (no MESSAGE, an empty "log") becomes an empty line, counted as the file's line.

import type { LineSink, ScanResult } from '../scan.js';

/** The syslog line of bytes [from, to) of `buf`; 'raw' to read them as they are; null for nothing to read. */
export type LineConversion = (buf: Buffer, from: number, to: number) => Buffer | 'raw' | null;

const EMPTY = Buffer.alloc(0);

/** `inner`, reading each line through `convert`; the lines before a range (LineSink.previous) alike. */
export function lineConvertingSink(inner: LineSink, convert: LineConversion): LineSink {
  function converted(buf: Buffer, from: number, to: number): { buf: Buffer; from: number; to: number } {
    const line = convert(buf, from, to);
    if (line === 'raw') return { buf, from, to };
    return line === null ? { buf: EMPTY, from: 0, to: 0 } : { buf: line, from: 0, to: line.length };
  }
  return {
    line(text: string, offset: number): void {
      const b = Buffer.from(text, 'latin1');
      const c = converted(b, 0, b.length);
      inner.bytes(c.buf, c.from, c.to, offset);
    },
    bytes(buf: Buffer, from: number, to: number, offset: number): void {
      const c = converted(buf, from, to);
      inner.bytes(c.buf, c.from, c.to, offset);
    },
    longLine: (head, offset, bytes) => inner.longLine(head, offset, bytes),
    nulPadding: (cut, offset, nulBytes) => inner.nulPadding?.(cut, offset, nulBytes),
    // The lines before a range, as the range before it gave them to the scanner.
    previous(lines: Array<string | null>, offsets?: number[]): void {
      inner.previous(lines.map((t) => {
        if (t === null) return null;
        const b = Buffer.from(t, 'latin1');
        const c = converted(b, 0, b.length);
        return c.buf.toString('latin1', c.from, c.to);
      }), offsets);
    },
    finish: (): ScanResult => inner.finish(),
  };
}
