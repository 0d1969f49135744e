import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentTitle, hostList, periodDays } from '../src/render/document-title.js';
import type { Period } from '../src/report/model.js';

const period = (from: string | null, to: string | null): Period => ({ from, to, timezone: 'local', hours: 0 });

test('the page title names the hosts and the days, so two reports saved as PDF get different names (review Z, Z24)', () => {
  assert.equal(documentTitle('Mail log forensics report', ['mail'], period('2026-11-25T06:26:21', '2026-11-28T09:28:17')),
    'Mail log forensics report · mail · 2026-11-25 – 2026-11-28');
  // One day; RFC 3339 times with an offset keep their own day.
  assert.equal(periodDays(period('2026-11-28T22:15:31+09:00', '2026-11-28T23:59:00+09:00')), '2026-11-28');
  // Unknown times (a log of unparsed lines): no days at all, nor a lone separator.
  assert.equal(documentTitle('T', ['mx'], period(null, null)), 'T · mx');
  assert.equal(documentTitle('T', [], period(null, null)), 'T');
  // Compare: both periods, before → after.
  assert.equal(documentTitle('Before and after', ['mail'], period('2026-11-25T06:26:21', '2026-11-28T09:28:17'), period('2026-11-29T00:00:01', '2026-11-29T10:00:00')),
    'Before and after · mail · 2026-11-25 – 2026-11-28 → 2026-11-29');
});

test('a central log of many hosts names the two with most lines and how many more; Dovecot\'s own file has no host', () => {
  assert.equal(hostList(['mx1', 'mx2', 'mx3', 'imap']), 'mx1, mx2 +2');
  assert.equal(hostList(['', 'mail']), 'mail');
  assert.equal(hostList(['']), '');
});
