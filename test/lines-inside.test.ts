// split/lines-inside.ts: is every line of one file, in order, a line of another? Read side by side, plain or gzip,
// with lines cut by the readers' chunks, CRLF, a last line without a newline, and the early stop on time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { linesInside } from '../src/split/lines-inside.js';
import type { InputFile } from '../src/split/inputs.js';
import { newYearRule } from '../src/parse/header.js';
import { ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-inside-'));
// The bundled sample: 1.1 MB, so that lines are cut by the 256 KiB reads of both files.
const LINES = readFileSync(join(ROOT, 'samples', 'incident.log'), 'latin1').split('\n').filter((l) => l !== '');

function input(name: string, lines: string[], opts: { gz?: boolean; eol?: string; finalNewline?: boolean } = {}): InputFile {
  const eol = opts.eol ?? '\n';
  const text = lines.join(eol) + (opts.finalNewline === false ? '' : eol);
  const path = join(dir, name);
  const bytes = opts.gz === true ? gzipSync(Buffer.from(text, 'latin1')) : Buffer.from(text, 'latin1');
  writeFileSync(path, bytes);
  return {
    index: 0, path, kind: opts.gz === true ? 'gz' : 'plain', bytes: bytes.length, mtimeMs: 0,
    years: newYearRule(2026, 11, true), firstAt: NaN, host: 'mail',
  };
}

test('every 7th line of a log, gzipped or not, is inside it, gzipped or not', async () => {
  assert.ok(LINES.length > 9000);
  const part = LINES.filter((_, i) => i % 7 === 3);
  for (const gzBig of [false, true]) {
    for (const gzSmall of [false, true]) {
      const big = input(`big-${gzBig}`, LINES, { gz: gzBig });
      const small = input(`small-${gzSmall}`, part, { gz: gzSmall });
      assert.equal(await linesInside(small, big), true, `big gz ${gzBig}, small gz ${gzSmall}`);
      assert.equal(await linesInside(big, small), false, 'the larger is not inside the smaller');
    }
  }
});

test('CRLF endings, blank lines and a last line without a newline are the same lines', async () => {
  const big = input('crlf-big', LINES.slice(0, 3000), { eol: '\r\n', finalNewline: false });
  const small = input('crlf-small', ['', ...LINES.slice(100, 3000).filter((_, i) => i % 5 === 0), '', LINES[2999]!], { finalNewline: false });
  assert.equal(await linesInside(small, big), true);
});

test('one line changed, one line more, or two lines swapped: not inside', async () => {
  const big = input('log', LINES);
  const part = LINES.filter((_, i) => i % 11 === 0);
  const changed = [...part];
  changed[400] = changed[400]! + ' (edited)';
  assert.equal(await linesInside(input('changed', changed), big), false);
  assert.equal(await linesInside(input('more', [...part, part[part.length - 1]!]), big), false, 'a line repeated once more');
  const swapped = [...part];
  [swapped[10], swapped[11]] = [swapped[11]!, swapped[10]!];
  assert.equal(await linesInside(input('swapped', swapped), big), false, 'the order of the stream is kept');
  assert.equal(await linesInside(input('empty', []), big), false, 'an empty file vouches for nothing');
});

test('a corrupt .gz is not inside anything (read whole or not at all)', async () => {
  const big = input('log2', LINES);
  const small = input('cut.gz', LINES.filter((_, i) => i % 3 === 0), { gz: true });
  const whole = readFileSync(small.path);
  writeFileSync(small.path, whole.subarray(0, whole.length - 100));
  assert.equal(await linesInside({ ...small, bytes: whole.length - 100 }, big), false);
});
