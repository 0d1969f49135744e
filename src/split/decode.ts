// latin1 decoding of a byte span. Buffer#latin1Slice is what toString('latin1') calls after argument checks;
// calling it directly saves those checks on millions of lines. Fallback kept for other runtimes.

type Latin1Sliceable = { latin1Slice?: (start: number, end: number) => string };

export function latin1(buf: Buffer, start: number, end: number): string {
  const b = buf as unknown as Latin1Sliceable;
  if (typeof b.latin1Slice === 'function') return b.latin1Slice(start, end);
  return buf.toString('latin1', start, end);
}
