// atOrBelow, the "domain or a name under it" test the rules share (src/detect/domain-under.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atOrBelow } from '../src/detect/domain-under.js';

test('atOrBelow: the domain itself and names under it, not a name that only ends with the same letters', () => {
  assert.equal(atOrBelow('example.org', 'example.org'), true);
  assert.equal(atOrBelow('app1.example.org', 'example.org'), true); // review AO, AO3: client=app1.example.org[198.51.100.80]
  assert.equal(atOrBelow('a.b.news.shop-example.com', 'shop-example.com'), true);
  assert.equal(atOrBelow('evil-example.org', 'example.org'), false);
  assert.equal(atOrBelow('example.org', 'app1.example.org'), false);
  assert.equal(atOrBelow('xexample.org', 'example.org'), false);
  assert.equal(atOrBelow('org', 'example.org'), false);
});
