// The lines just before a byte range, as the readers would have given them to the previous range's scanner
// (src/split/read-before.ts): what a sysklogd "last message repeated" line at a range's start repeats.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesBefore } from '../src/split/read-before.js';
import { MAX_LINE_CHARS } from '../src/scan.js';

function withFile(text: string, run: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-before-'));
  try {
    const path = join(dir, 'maillog');
    writeFileSync(path, text, 'latin1');
    run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the lines before a range start: whole lines, CR and NUL padding dropped as the readers drop them', () => {
  const text = 'one\r\n\0\0\0two\nthree\nfour\n';
  withFile(text, (path) => {
    assert.deepEqual(linesBefore(path, 0), []);
    assert.deepEqual(linesBefore(path, text.indexOf('three')), ['one', 'two']);
    assert.deepEqual(linesBefore(path, text.length), ['one', 'two', 'three', 'four']);
  });
});

test('a line longer than the readers parse is null; the line after a long NUL hole is its tail', () => {
  const long = 'x'.repeat(MAX_LINE_CHARS + 10);
  withFile(`${long}\n`, (path) => assert.deepEqual(linesBefore(path, long.length + 1), [null]));
  const hole = `first\n${'\0'.repeat(MAX_LINE_CHARS + 10)}Nov 28 22:15:30 mail last message repeated 3 times\n`;
  withFile(hole, (path) => assert.deepEqual(linesBefore(path, hole.length), ['Nov 28 22:15:30 mail last message repeated 3 times']));
  // Far from the file's start, the window's first, cut line is left out.
  const many = Array.from({ length: 3000 }, (_, k) => `line ${k} ${'-'.repeat(40)}`).join('\n') + '\n';
  withFile(many, (path) => {
    const got = linesBefore(path, many.length);
    assert.equal(got.at(-1), `line 2999 ${'-'.repeat(40)}`);
    assert.ok(got.length > 1000 && got.length < 3000, String(got.length));
    assert.match(got[0]!, /^line \d+ -{40}$/);
  });
});
