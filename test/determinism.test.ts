// One answer for any --jobs: the same input gives byte-identical report.json whatever the number of workers
// and wherever the byte ranges are cut.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';

const incident = join(CORPUS, 'incident', 'maillog');

test('report.json is byte-identical with 1, 2, 3 and 8 jobs and small ranges', { skip: !existsSync(incident) }, async () => {
  const baseline = renderJson(await report([incident], { year: 2026, top: 50 }));
  for (const jobs of [1, 2, 3, 8]) {
    for (const rangeBytes of [50_000, 333_333]) {
      const other = renderJson(await report([incident], { year: 2026, top: 50, jobs, rangeBytes }));
      assert.equal(other, baseline, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    }
  }
});
