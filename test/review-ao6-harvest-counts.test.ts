// Review AO, AO6: the address-harvesting note counted only the IPs with 10 unknown recipients or more ("28 IPs tried
// 442 non-existent recipients") while the log held 528 "User unknown in virtual mailbox table" rejects from 40 IPs, as
// the report's own Reject reasons table said; the other 86 from 12 IPs were left out without a word. The evidence
// now names them, so that the counts add up. Lines: /work/review-ao-logs/mx.log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';

const NAMES = ['admin', 'office', 'contact', 'sales', 'support', 'webmaster', 'abuse', 'hr', 'recruit', 'kanri', 'soumu', 'keiri'];

// mx.log:4908's shape: one session of a bot trying `n` names.
function session(minute: number, ip: string, n: number, pid: number): string[] {
  const sd = `postfix/smtpd[${pid}]`;
  const t = (s: number): string => `Dec  1 03:${String(minute).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return [
    `${t(0)} mail ${sd}: connect from unknown[${ip}]`,
    ...NAMES.slice(0, n).map((name, k) => `${t(1 + k)} mail ${sd}: NOQUEUE: reject: RCPT from unknown[${ip}]: 550 5.1.1 <${name}@example.jp>: Recipient `
      + `address rejected: User unknown in virtual mailbox table; from=<info@promo-jp.top> to=<${name}@example.jp> proto=ESMTP helo=<${ip}>`),
    `${t(20)} mail ${sd}: disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/${n} quit=1 commands=3/${n + 3}`,
  ];
}

test('AO6 the harvesting note counts the unknown recipients of the IPs below its threshold apart, and the counts add up', async () => {
  const lines = [...session(10, '212.215.45.15', 12, 22938), ...session(20, '91.119.1.53', 10, 22939), ...session(30, '45.32.79.186', 5, 22940),
    ...session(40, '141.216.164.199', 3, 22941)];
  const dir = mkdtempSync(join(tmpdir(), 'review-ao6-'));
  const path = join(dir, 'harvest.log');
  writeFileSync(path, lines.join('\n') + '\n');
  for (const lang of ['en', 'ja'] as const) {
    const r = await report([path], { year: 2026, lang });
    const f = r.findings.find((x) => x.rule === 'relay-probing');
    assert.ok(f);
    assert.deepEqual([f.evidence.unknownRecipientRejects, f.evidence.harvestingIps, f.evidence.unknownRecipientRejectsFromOtherIps,
      f.evidence.otherIpsWithUnknownRecipients], [22, 2, 8, 2]);
    // 22 + 8 = the 30 rejects of the log.
    assert.equal(lines.filter((l) => l.includes('User unknown')).length, 30);
  }
});
