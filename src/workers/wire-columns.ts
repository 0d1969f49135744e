// The two columns a wire part (wire.ts) is written into: its numbers in one Float64Array, and its repeated short
// strings as indexes into a table of words that the result's parts add to in order.
//
// v8.serialize writes a list of values one tagged value at a time, and v8.deserialize makes a heap object of every
// string and of every number that is not a small integer: the per-IP rows of the 1.5 GB benchmark log's worker
// (7,489 rows) held 284,000 user names tried, 62 of them distinct, and came as 5.5 MB that took 85 ms to deserialize
// and 80 ms to build into rows, each name then looked up in a pool to share it (twenty-sixth session). A
// Float64Array is copied as one block by Node's serializer and read in place by its deserializer (a view on the
// part's bytes), and a word is a number in it.

/** Numbers written one after another into a Float64Array that grows as needed; `length` of them written. */
export interface NumberColumn {
  values: Float64Array;
  length: number;
}

export function newNumberColumn(capacity: number): NumberColumn {
  return { values: new Float64Array(capacity), length: 0 };
}

/**
 * Room for `size` numbers at least. Writers write straight into `values` after making room for a record or a row:
 * the encoder runs once per range, mostly before V8 optimizes it, where a call per value cost more than
 * v8.serialize saved (twenty-sixth session).
 */
export function growTo(c: NumberColumn, size: number): void {
  if (size <= c.values.length) return;
  const grown = new Float64Array(Math.max(size, c.values.length * 2));
  grown.set(c.values.subarray(0, c.length));
  c.values = grown;
}

/** The numbers written, as a view (v8.serialize copies only the view's bytes). */
export function numbersOf(c: NumberColumn): Float64Array {
  return c.values.subarray(0, c.length);
}

/**
 * The encoder's words: each distinct string gets the next index the first time it is written and travels once, in
 * the `words` of the part that first wrote it. Bounded: past MAX_INDEXED distinct words a new one still gets an
 * index of its own and travels, but is not looked up again (a botnet of 250,000 IPs with as many host names).
 */
export interface WordWriter {
  index: Map<string, number>;
  next: number;
  /** The words first written since the last part was made. */
  fresh: string[];
}

const MAX_INDEXED = 65_536;

export function newWordWriter(): WordWriter {
  return { index: new Map(), next: 0, fresh: [] };
}

export function wordIndex(w: WordWriter, s: string): number {
  const known = w.index.get(s);
  if (known !== undefined) return known;
  const i = w.next++;
  w.fresh.push(s);
  if (w.index.size < MAX_INDEXED) w.index.set(s, i);
  return i;
}

/** The words first written since the last call (they go into the part being made). */
export function takeFreshWords(w: WordWriter): string[] {
  const out = w.fresh;
  w.fresh = [];
  return out;
}

/**
 * A number read from a Float64Array, as a small integer when it is one. V8's unoptimized code reads a Float64Array
 * element as a heap number even when it is an integer, and a count stored so into a row turns that field of every
 * row into a boxed double: 75,000 IPs' rows took 93 MB decoded, 89 MB as v8.deserialize made them (twenty-sixth
 * session). -0 stays -0, as v8.serialize keeps it.
 */
export function smallOr(x: number): number {
  const i = x | 0;
  return i === x && (i !== 0 || 1 / x > 0) ? i : x;
}
