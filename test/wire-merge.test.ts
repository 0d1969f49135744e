// Results of several workers, each crossing the wire in columns (src/workers/wire-*.ts), merge to the report of one
// job: a brute force from many IPv4 and IPv6 clients, user names in UTF-8, Latin-1-looking and long, one client that
// tries more names than a list holds (its counts become a Map), relay probes, and open messages at range ends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay } from './helpers.js';

/** Verbatim shapes of Postfix 3.7 smtpd/qmgr and Dovecot 2.3 auth lines (docs/log-formats.md, /work/shared/LINES.md). */
function bruteForceLog(): string {
  const names = ['admin', 'info@example.jp', '管理者', 'Ã¼ser', '', 'a'.repeat(90), 'sato@example.jp'];
  const lines: string[] = [];
  for (let k = 0; k < 900; k++) {
    const at = `Nov 23 09:${String(Math.floor(k / 60) % 60).padStart(2, '0')}:${String(k % 60).padStart(2, '0')} mail`;
    const i = k % 3 === 0 ? 1 : (k * 37) % 240;
    const ip = i % 3 === 2 ? `2001:db8::${i.toString(16)}` : `203.0.113.${i}`;
    const pid = 4000 + k;
    // One client tries 300 names, 60 in each fifth of the log: past the 48 a list holds (aggregate/user-counts.ts).
    const name = i === 1 ? `guess${k}` : names[k % names.length]!;
    lines.push(`${at} postfix/smtpd[${pid}]: connect from unknown[${ip}]`);
    if (k % 3 === 0) {
      lines.push(`${at} postfix/smtpd[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${name}`);
      lines.push(`${at} postfix/smtpd[${pid}]: lost connection after AUTH from unknown[${ip}]`);
    } else if (k % 3 === 1) {
      lines.push(`${at} dovecot: auth: passwd-file(${name},${ip},<Q9S9seZgI9m${String(k).padStart(5, '0')}>): Password mismatch`);
    } else {
      lines.push(`${at} postfix/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <x${k % 9}@gmail.com>: Relay access denied; from=<spam@example.org> to=<x${k % 9}@gmail.com> proto=ESMTP helo=<x>`);
    }
    if (k % 50 === 0) {
      // A message that stays queued, open at the end of its range.
      const qid = `4Q${(0x1000 + k).toString(16).toUpperCase()}ABCD`;
      lines.push(`${at} postfix/qmgr[300]: ${qid}: from=<spam@example.org>, size=1234, nrcpt=1 (queue active)`);
      lines.push(`${at} postfix/smtp[301]: ${qid}: to=<x${k}@gmail.com>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[142.250.0.27]:25: Connection timed out)`);
    }
    lines.push(`${at} postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 auth=0/1 quit=1 commands=2/3`);
  }
  return `${lines.join('\n')}\n`;
}

test('a brute force of many IPv4 and IPv6 clients gives one report.json on 1 job and across 2 and 3 workers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-wire-merge-'));
  try {
    const text = bruteForceLog();
    const report = await reportEveryWay(dir, 'brute.log', { text: () => text });
    const json = JSON.stringify(report);
    // What the comparison covers: the rows of IPv6 clients, the odd names tried and the client past 48 names.
    assert.match(json, /"2001:db8::[0-9a-f]+"/);
    assert.match(json, /管理者/);
    assert.match(json, /203\.0\.113\.1"/);
    assert.ok(report.totals.authFailures >= 250, `${report.totals.authFailures} AUTH failures`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
