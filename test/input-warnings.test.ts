// A file the tool did not understand must say so: "no findings" on it would read as "nothing happened".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-warn-'));
const MAIL = 'Nov 28 10:00:01 mail postfix/smtpd[101]: connect from unknown[203.0.113.9]';
const CRON = 'Nov 28 10:00:01 mail CRON[7]: (root) CMD (run-parts /etc/cron.hourly)';
// Exim's own format: no syslog prefix, so no line of it is understood.
const EXIM = '2026-11-28 10:00:01 1vPq8X-0003Zb-2C <= info@example.jp H=(desk) [203.0.113.9] P=esmtpsa S=1234';

function file(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

test('a file of another log format is reported as mostly not understood', async () => {
  const exim = file('exim_mainlog', Array.from({ length: 40 }, () => EXIM));
  const mail = file('maillog', [MAIL, MAIL]);
  const r = await report([mail, exim], { year: 2026 });
  const w = r.warnings.filter((x) => x.includes('not understood'));
  assert.equal(w.length, 1, r.warnings.join('\n'));
  assert.match(w[0]!, /exim_mainlog: 40 of its 40 lines were not understood/);
  assert.ok(!r.warnings.some((x) => x.startsWith(mail)), 'the mail log itself gets no warning');
});

test('a file with no Postfix or Dovecot line at all is named', async () => {
  const cron = file('cron', [CRON, CRON, CRON]);
  const r = await report([cron], { year: 2026 });
  assert.ok(r.warnings.some((x) => x === `${cron}: none of its 3 lines are from Postfix or Dovecot: is it the mail log?`), r.warnings.join('\n'));
});

test('a mail log with a few odd lines gets no warning', async () => {
  const mixed = file('mixed', [...Array.from({ length: 30 }, () => MAIL), ...Array.from({ length: 12 }, () => EXIM)]);
  const r = await report([mixed], { year: 2026 });
  assert.ok(!r.warnings.some((x) => x.includes('not understood') || x.includes('none of its')), r.warnings.join('\n'));
});
