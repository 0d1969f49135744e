// Per-IP user-name counts (src/aggregate/user-counts.ts): two short lists for a few names, a Map for many; the
// same counts and the same order of names whatever the form and however the log was split.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bumpUser, mergeUserCounts, userCountsOf } from '../src/aggregate/user-counts.js';
import type { UserCounts } from '../src/aggregate/user-counts.js';

const own = (s: string): string => s;

function build(tries: string[]): UserCounts | null {
  let x: UserCounts | null = null;
  for (const t of tries) x = bumpUser(x, t, 1, own);
  return x;
}

test('a few names stay two lists; past 48 names the counts move to a Map, in the same order', () => {
  const few = build(['admin', 'info', 'admin', 'test'])!;
  assert.ok(!(few instanceof Map));
  assert.deepEqual([...userCountsOf(few)], [['admin', 2], ['info', 1], ['test', 1]]);
  const names = Array.from({ length: 60 }, (_, i) => `user${i}`);
  const many = build([...names, 'user3', 'user59'])!;
  assert.ok(many instanceof Map);
  assert.equal(userCountsOf(many).size, 60);
  assert.deepEqual([...userCountsOf(many).keys()], names);
  assert.equal(userCountsOf(many).get('user3'), 2);
  assert.equal(userCountsOf(many).get('user59'), 2);
  assert.equal(userCountsOf(null).size, 0);
});

test('merging the parts of any split gives the counts and the order of the whole', () => {
  const tries = Array.from({ length: 400 }, (_, i) => `u${(i * 7919) % 70}`);
  const whole = [...userCountsOf(build(tries))];
  for (const parts of [2, 3, 8]) {
    const size = Math.ceil(tries.length / parts);
    let merged: UserCounts | null = null;
    for (let p = 0; p < parts; p++) merged = mergeUserCounts(merged, build(tries.slice(p * size, (p + 1) * size)));
    assert.deepEqual([...userCountsOf(merged)], whole, `${parts} parts`);
  }
});

test('two lists merge into lists of the names of both while they are 48 at most, into a Map past that, as bumping each name would', () => {
  const names = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `n${from + i}`);
  // 30 + 18 new = 48: lists; 30 + 19 new = 49: a Map; names both had add up in place.
  for (const [aNames, bNames] of [[names(0, 30), [...names(25, 5), ...names(30, 18)]], [names(0, 30), [...names(25, 5), ...names(30, 19)]], [names(0, 1), names(0, 1)]] as const) {
    const a = build([...aNames, aNames[0]!])!;
    const b = build([...bNames].reverse())!;
    let bumped: UserCounts | null = build([...aNames, aNames[0]!]);
    for (const [name, n] of userCountsOf(b)) bumped = bumpUser(bumped, name, n, own);
    const merged = mergeUserCounts(a, b)!;
    assert.equal(merged instanceof Map, bumped instanceof Map, `${aNames.length} and ${bNames.length} names`);
    assert.deepEqual([...userCountsOf(merged)], [...userCountsOf(bumped)]);
    if (!(merged instanceof Map)) assert.equal(merged.names.length, merged.counts.length);
  }
});
