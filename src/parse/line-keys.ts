// Keys (client IPs, user names) read from the bytes of the line being parsed, each distinct key one string.
//
// A key cut from a line with `slice` is a new string, and a map lookup must first hash it: ~90 ns measured for
// a 13-character IP, against ~11 ns for a string whose hash V8 already knows. A brute force looks up an IP and
// a user name on nearly every line. Here the key's bytes are hashed and compared in the read buffer (byte
// reads are cheap, and no string is made), and the one string kept for that key comes back: its hash is known
// from its first lookup, and every row, record and per-IP map that holds it shares it.
//
// The scanner says which line is being parsed and where its bytes are (setLine); a parser asks for a key by
// its indexes in the line string (keyAt). For any other string (the inner line of an rsyslog "message repeated",
// a parser called by a test) keyAt is `slice`. A Latin-1 line has one byte per character, so indexes agree.

import { latin1 } from '../split/decode.js';

/** Past this many distinct keys, new ones are cut as they are (still right, only not shared). */
const MAX_KEYS = 1 << 20;

interface KeyTable {
  /** Open addressing, linear probing; `mask` = slots - 1. */
  mask: number;
  names: Array<string | undefined>;
  hashes: Int32Array;
  /** Each key's bytes in `arena`. */
  starts: Int32Array;
  lengths: Int32Array;
  arena: Uint8Array;
  arenaUsed: number;
  size: number;
}

function newTable(slots: number): KeyTable {
  return {
    mask: slots - 1, names: new Array<string | undefined>(slots).fill(undefined), hashes: new Int32Array(slots),
    starts: new Int32Array(slots), lengths: new Int32Array(slots), arena: new Uint8Array(slots * 16), arenaUsed: 0, size: 0,
  };
}

const FIRST_SLOTS = 4096;
let table = newTable(FIRST_SLOTS);
let lineText = '';
let lineBuf: Buffer | null = null;
let lineFrom = 0;

/**
 * An empty table: at the start of a scan, and at its end (the table is scan state, not part of the answer). A table
 * still of its first size is emptied in place: a new one is ~120 KB of arrays, and two per range were most of the
 * cost of a scan of a tiny range (the tests' 700-byte cuts: 571 ranges of samples/healthy.log, 230 of 1,684 ms).
 */
export function resetKeys(): void {
  if (table.mask + 1 !== FIRST_SLOTS || table.arena.length !== FIRST_SLOTS * 16) table = newTable(FIRST_SLOTS);
  else if (table.size > 0) {
    table.names.fill(undefined); // an empty slot is one without a name (keyOfBytes)
    table.arenaUsed = 0;
    table.size = 0;
  }
  clearLine();
}

/** The line about to be parsed is `text`, decoded from `buf` starting at `from`. */
export function setLine(text: string, buf: Buffer, from: number): void {
  lineText = text;
  lineBuf = buf;
  lineFrom = from;
}

/** No line bytes: keyAt slices (a line decoded elsewhere, or parsed by a test). */
export function clearLine(): void {
  lineText = '';
  lineBuf = null;
}

/** `s.slice(a, b)`, as the shared string of that key when `s` is the line set by setLine. */
export function keyAt(s: string, a: number, b: number): string {
  if (lineBuf === null || s !== lineText || b - a <= 0) return s.slice(a, b);
  return keyOfBytes(lineBuf, lineFrom + a, lineFrom + b);
}

function keyOfBytes(buf: Buffer, from: number, to: number): string {
  let h = -2128831035; // FNV-1a offset basis as int32
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i]!, 16777619);
  const t = table;
  const len = to - from;
  let slot = h & t.mask;
  for (;;) {
    const name = t.names[slot];
    if (name === undefined) break;
    if (t.hashes[slot] === h && t.lengths[slot] === len && sameBytes(t.arena, t.starts[slot]!, buf, from, len)) return name;
    slot = (slot + 1) & t.mask;
  }
  const name = latin1(buf, from, to);
  if (t.size >= MAX_KEYS) return name;
  insert(t, slot, h, name, buf, from, len);
  if (t.size * 2 > t.mask + 1) table = grown(t);
  return name;
}

function sameBytes(arena: Uint8Array, at: number, buf: Uint8Array, from: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (arena[at + k] !== buf[from + k]) return false;
  return true;
}

function insert(t: KeyTable, slot: number, h: number, name: string, src: Uint8Array, from: number, len: number): void {
  if (t.arenaUsed + len > t.arena.length) {
    const bigger = new Uint8Array(Math.max(t.arena.length * 2, t.arenaUsed + len));
    bigger.set(t.arena.subarray(0, t.arenaUsed));
    t.arena = bigger;
  }
  t.arena.set(src.subarray(from, from + len), t.arenaUsed);
  t.names[slot] = name;
  t.hashes[slot] = h;
  t.starts[slot] = t.arenaUsed;
  t.lengths[slot] = len;
  t.arenaUsed += len;
  t.size++;
}

function grown(t: KeyTable): KeyTable {
  const g = newTable((t.mask + 1) * 2);
  g.arena = t.arena;
  g.arenaUsed = t.arenaUsed;
  g.size = t.size;
  for (let s = 0; s <= t.mask; s++) {
    const name = t.names[s];
    if (name === undefined) continue;
    let slot = t.hashes[s]! & g.mask;
    while (g.names[slot] !== undefined) slot = (slot + 1) & g.mask;
    g.names[slot] = name;
    g.hashes[slot] = t.hashes[s]!;
    g.starts[slot] = t.starts[s]!;
    g.lengths[slot] = t.lengths[s]!;
  }
  return g;
}

