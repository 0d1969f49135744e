// Seeded fuzzing with mutated real lines: byte flips, truncations, splices of two lines, duplicated fields and
// stray brackets, colons and angle brackets. Through the parsers (parseHeader + parserFor) and through the whole
// pipeline (analyze, with one job and with two jobs on small byte ranges): no exception may escape, the line
// accounting must hold, and both job counts must give the same report.
//
// Bounded in time (about 10 s). Reproduce a failure with the seed it prints: FUZZ_SEED=1234 npm test; longer runs:
// FUZZ_MS=60000.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { mutate, prng, realLines } from './fuzz-mutate.js';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import type { YearRule } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';
import { renderJson, RENDERERS } from '../src/render/index.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 10_000);

/** "…text around the first difference…" of two JSON texts, for a readable failure. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `1 job …${a.slice(Math.max(0, i - 80), i + 80)}… vs 2 jobs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

function fixedYear(year: number): YearRule {
  return newYearRule(year, 0, true);
}

test(`the parsers never throw on mutated real lines (seed ${SEED})`, () => {
  const lines = realLines();
  const rnd = prng(SEED);
  const h = newHeader(); // one header for all lines, as the scanner uses it (host and tag caches)
  const years = fixedYear(2026);
  const intern = new Map<string, string>();
  const failures: string[] = [];
  const deadline = Date.now() + BUDGET_MS * 0.5;
  let tried = 0;
  let headers = 0;
  let events = 0;
  while (Date.now() < deadline && failures.length < 5) {
    for (let k = 0; k < 1000; k++) {
      const base = lines[Math.floor(rnd() * lines.length)]!;
      let s = mutate(base, lines[Math.floor(rnd() * lines.length)]!, rnd);
      if (rnd() < 0.3) s = mutate(s, base, rnd); // sometimes twice
      tried++;
      try {
        if (!parseHeader(s, h, years, intern)) continue;
        headers++;
        assert.ok(Number.isFinite(h.at) || Number.isNaN(h.at), 'a time that is not a number');
        assert.ok(h.msgStart >= 0 && h.msgStart <= s.length, `message start ${h.msgStart} outside the line`);
        const parse = parserFor(h.prog);
        if (parse === null) continue;
        const ev = parse(s, h.msgStart);
        if (ev === null) continue;
        events++;
        assert.equal(typeof ev.kind, 'string');
      } catch (err) {
        failures.push(`${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}\n    line: ${JSON.stringify(s)}`);
      }
    }
  }
  assert.deepEqual(failures, [], `seed ${SEED}: ${failures.length} mutated lines broke a parser`);
  // The mutations must leave most lines recognisable, or the fuzzing only tests the header's first check.
  assert.ok(headers > tried * 0.4, `only ${headers} of ${tried} mutated lines kept a header`);
  assert.ok(events > tried * 0.2, `only ${events} of ${tried} mutated lines became events`);
});

/** A line with a NUL after its first byte whose text after its last NUL starts with a digit, A-Z, `<` or `{`. */
function cutByPadding(line: string): boolean {
  const after = line.lastIndexOf('\0') + 1;
  return line.indexOf('\0') > 0 && after < line.length && /^[0-9A-Z<{]/.test(line[after]!);
}

test(`the whole pipeline on a log of mutated lines: no exception, lines accounted for, 1 job = 2 jobs on small ranges (seed ${SEED})`, async () => {
  const lines = realLines();
  const rnd = prng(SEED ^ 0x5eed);
  const dir = mkdtempSync(join(tmpdir(), 'mlf-fuzz-'));
  const deadline = Date.now() + BUDGET_MS * 0.5;
  let rounds = 0;
  let passed = false;
  try {
    do {
      // Runs of consecutive real lines (so messages correlate), about a third of them mutated.
      const out: string[] = [];
      while (out.length < 6000) {
        const start = Math.floor(rnd() * lines.length);
        for (let i = start; i < Math.min(lines.length, start + 200); i++) {
          out.push(rnd() < 0.35 ? mutate(lines[i]!, lines[Math.floor(rnd() * lines.length)]!, rnd) : lines[i]!);
        }
      }
      const f = join(dir, `fuzz-${rounds}.log`);
      const text = out.join('\n') + (rnd() < 0.5 ? '\n' : '');
      writeFileSync(f, text, 'latin1');
      // A line that a NUL cuts before text that starts as a line does counts twice: the cut line, unparsed, and the
      // line after the NULs (read-range.ts nulPaddedStart: NUL padding a crash left).
      const expected = out.length + out.filter(cutByPadding).length;
      const context = `seed ${SEED}, round ${rounds} (file kept at ${f})`;
      const one = await report([f], { year: 2026 });
      const rangeBytes = 16 * 1024 + Math.floor(rnd() * 64 * 1024);
      const two = await report([f], { year: 2026, jobs: 2, rangeBytes });
      for (const r of [one, two]) {
        assert.equal(r.lines.total, expected, context);
        assert.equal(r.lines.parsed + r.lines.ignored + r.lines.unparsed, r.lines.total, context);
        const i = r.inputs[0]!;
        assert.equal(i.parsed + i.ignored + i.unparsed, i.lines, context);
      }
      const differ = (Object.keys(one) as Array<keyof typeof one>).filter((k) => JSON.stringify(one[k]) !== JSON.stringify(two[k]));
      assert.deepEqual(differ, [], `${context}: 2 jobs on ${rangeBytes}-byte ranges gave another report than 1 job in `
        + differ.map((k) => `${k}: ${firstDifference(JSON.stringify(one[k]), JSON.stringify(two[k]))}`).join('; '));
      assert.equal(renderJson(two), renderJson(one));
      if (rounds === 0) {
        // Every renderer takes the fuzzed report.
        for (const r of RENDERERS) {
          const files = await r.render(one, { title: 'fuzz' });
          assert.ok(files.length > 0, r.name);
        }
      }
      rmSync(f);
      rounds++;
    } while (Date.now() < deadline);
    passed = true;
  } finally {
    if (passed) rmSync(dir, { recursive: true, force: true }); // else the failing log stays for a look
  }
  assert.ok(rounds >= 1);
});
