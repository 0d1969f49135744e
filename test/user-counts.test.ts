// Per-IP user-name counts (src/aggregate/user-counts.ts): one flat list for a few names, a Map for many; the
// same counts and the same order of names whatever the form and however the log was split.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bumpUser, mergeUserCounts, onlyUserName, shareUserNames, userCountsOf } from '../src/aggregate/user-counts.js';
import { newStringPool } from '../src/own-string.js';
import type { UserCounts } from '../src/aggregate/user-counts.js';

const own = (s: string): string => s;

function build(tries: string[]): UserCounts | null {
  let x: UserCounts | null = null;
  for (const t of tries) x = bumpUser(x, t, 1, own);
  return x;
}

test('a few names stay one list of pairs, exactly as long; past 48 names the counts move to a Map, in the same order', () => {
  const few = build(['admin', 'info', 'admin', 'test'])!;
  assert.deepEqual(few, ['admin', 2, 'info', 1, 'test', 1]);
  const forty8 = build(Array.from({ length: 48 }, (_, i) => `n${i}`))!;
  assert.ok(Array.isArray(forty8) && forty8.length === 96);
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

test('the one name an IP tried, in either form', () => {
  assert.equal(onlyUserName(null), null);
  assert.equal(onlyUserName(build(['admin', 'admin'])), 'admin');
  assert.equal(onlyUserName(build(['admin', 'info'])), null);
  assert.equal(onlyUserName(new Map([['root', 3]])), 'root');
  assert.equal(onlyUserName(new Map([['root', 3], ['admin', 1]])), null);
});

test('names from another thread are kept once per pool, with their counts and order', () => {
  const pool = newStringPool();
  // Copies of one text, as v8.deserialize makes them for every row (workers/wire.ts).
  const a = shareUserNames(build(['admin' + 'istrator'.slice(0), 'info']), pool)!;
  const b = shareUserNames(new Map([[['admin', 'istrator'].join(''), 4]]), pool)!;
  assert.deepEqual([...userCountsOf(a)], [['administrator', 1], ['info', 1]]);
  assert.deepEqual([...userCountsOf(b)], [['administrator', 4]]);
  assert.equal(pool.seen.size, 2);
  assert.equal(shareUserNames(null, pool), null);
});
