// reachedFrom (src/workers/reachable.ts) finds which of a set of objects a graph holds, wherever they sit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reachedFrom } from '../src/workers/reachable.js';

test('objects are found in object fields, arrays, Map keys and values and Sets, each once, and cycles end', () => {
  const wanted = [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }];
  const cycle: Record<string, unknown> = { name: 'loop' };
  cycle.self = cycle;
  const root = {
    field: { deeper: { x: wanted[0] } },
    list: [1, 'two', null, [wanted[1]]],
    byKey: new Map<unknown, unknown>([[wanted[2], 1], ['k', { v: wanted[3] }]]),
    set: new Set([wanted[4]]),
    again: wanted[0],
    cycle,
    bytes: new Uint8Array(4),
  };
  const found = reachedFrom(root, new Set(wanted));
  assert.deepEqual([...found].map((o) => (o as { n: number }).n).sort(), [0, 1, 2, 3, 4]);
  assert.equal(found.has(wanted[5]!), false);
});

test('a wanted object is not walked into, and a Map of wanted objects works as the set', () => {
  const inner = { n: 1 };
  const outer = { n: 0, inner };
  const found = reachedFrom({ outer }, new Map([[outer, 0], [inner, 1]]));
  assert.deepEqual([...found], [outer]);
});
