// Mutations of real log lines for the fuzz test (test/fuzz.test.ts), seeded so that a failure can be replayed.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT } from './helpers.js';

/** mulberry32: small, fast, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Real lines: the corpus (classic and RFC 3339) when present, else the bundled samples. */
export function realLines(): string[] {
  const files = existsSync(join(CORPUS, 'incident', 'maillog'))
    ? ['incident/maillog', 'incident/maillog.rfc3339', 'healthy/maillog', 'healthy/maillog.rfc3339'].map((f) => join(CORPUS, f))
    : [join(ROOT, 'samples', 'incident.log'), join(ROOT, 'samples', 'rfc3339', 'incident.log')];
  return files.flatMap((f) => readFileSync(f, 'latin1').split('\n').filter((l) => l !== ''));
}

export const STRAY = ['[', ']', '<', '>', ':', ', ', '=', ' ', '(', ')', '\u0000', '\r', '\u00ff', '\u00e3\u0081'];

/** One mutation of `line` (latin1 text: one char per byte); never adds a newline, so a line stays one line. */
export function mutate(line: string, other: string, rnd: () => number): string {
  const at = (n: number): number => Math.floor(rnd() * n);
  const pos = at(line.length + 1);
  switch (at(7)) {
    case 0: { // byte flips
      const chars = [...line];
      for (let k = 1 + at(3); k > 0 && chars.length > 0; k--) {
        let b = at(256);
        if (b === 10) b = 11;
        chars[at(chars.length)] = String.fromCharCode(b);
      }
      return chars.join('');
    }
    case 1: return line.slice(0, pos); // truncation
    case 2: return line.slice(0, pos) + other.slice(at(other.length + 1)); // splice of two lines
    case 3: { // a duplicated field ("to=<…>, " or a word)
      const fields = line.match(/[a-z_]+=[^,\s]*,? ?|\S+ /g) ?? [];
      if (fields.length === 0) return line + line;
      const f = fields[at(fields.length)]!;
      const i = line.indexOf(f);
      return line.slice(0, i) + f + f + line.slice(i + f.length);
    }
    case 4: { // stray brackets, colons, angle brackets
      let s = line;
      for (let k = 1 + at(4); k > 0; k--) {
        const p = at(s.length + 1);
        s = s.slice(0, p) + STRAY[at(STRAY.length)]! + s.slice(p);
      }
      return s;
    }
    case 5: { // a deleted span
      const end = pos + 1 + at(20);
      return line.slice(0, pos) + line.slice(end);
    }
    default: { // a number made huge or negative (pids, sizes, delays, counts)
      return line.replace(/\d+/g, (d) => (rnd() < 0.3 ? (rnd() < 0.5 ? '-' + d : '9'.repeat(1 + at(30))) : d));
    }
  }
}
