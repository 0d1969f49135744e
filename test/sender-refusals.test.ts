// Review 11, H3: refusals "not owned by user X" weighed by who was refused and as what. One user's own clients (the
// office, home, a phone on two networks) sending as a shared address of our domain the sender_login map lacks are a
// map entry (a low note), never a compromise nor compromised-ips.txt; forged senders of other people's domains from
// new IPs stay critical (review 10, H2: compare-still-compromised.test.ts). Logs: samples/after-fix.log, where
// tanaka@example.jp sends from 198.51.100.40 (the office, with five other users) and 198.51.100.137 (tanaka only),
// plus the refusal line shape of reject_sender_login_mismatch (Postfix smtpd_check.c) after its last line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const dir = mkdtempSync(join(tmpdir(), 'mlf-r11-h3-'));

/** after-fix.log plus one refused session per [ip, sender], as `user`, one every 7 minutes from Nov 30 20:00. */
function withRefusals(name: string, user: string, sessions: Array<[string, string]>): string {
  const extra: string[] = [];
  sessions.forEach(([ip, sender], k) => {
    const t = 20 * 3600 + k * 420;
    const stamp = `Nov 30 ${String(Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:00`;
    const pid = 91000 + k;
    extra.push(
      `${stamp} mail postfix/submission/smtpd[${pid}]: connect from unknown[${ip}]`,
      `${stamp} mail postfix/submission/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip}]: 553 5.7.1 <${sender}>: `
        + `Sender address rejected: not owned by user ${user}; from=<${sender}> to=<tanaka.k@customer.co.jp> proto=ESMTP helo=<[192.168.1.23]>`,
      `${stamp} mail postfix/submission/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=6/7`,
    );
  });
  const path = join(dir, name);
  writeFileSync(path, readFileSync(AFTER_FIX, 'utf8').trimEnd() + '\n' + extra.join('\n') + '\n');
  return path;
}

const OWN = ['198.51.100.40', '198.51.100.137'];
const NEW = ['203.0.113.101', '203.0.113.102', '203.0.113.151'];
const NEW5 = [...NEW, '203.0.113.103', '203.0.113.104'];

function compromised(r: Report): Finding[] {
  return r.findings.filter((f) => f.rule === 'compromised-account');
}

test('H3: tanaka@ sending as sales@example.jp from its office, its home IP and 3 new IPs is a LOW map note with the line to add, no compromised-ips.txt', async () => {
  const r = await report([withRefusals('shared-sender.log', 'tanaka@example.jp', [...OWN, ...NEW].map((ip) => [ip, 'sales@example.jp']))], { year: 2026 });
  const fs = compromised(r);
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value]), [['low', 'tanaka@example.jp']]);
  const f = fs[0]!;
  assert.deepEqual(f.evidence, {
    refusedSenders: 5, refusedSenderAddresses: 'sales@example.jp', distinctRefusedSenders: 1, foreignRefusedSenders: 0, refusedIps: 5,
    ownerRefusedIps: 2, sharedRefusedIps: 1, otherRefusedIps: 3, topRefusedIpList: '198.51.100.137, 198.51.100.40, 203.0.113.101, 203.0.113.102, 203.0.113.151',
  });
  assert.equal(f.lists, undefined);
  assert.match(f.title, /^The sender_login map lacks a line for tanaka@example\.jp: .*refused it 5 times as sales@example\.jp from 5 IPs, 2 of them its own mail clients and 1 used by other users too; addresses of your own domains/);
  assert.match(f.fix!, /^sales@example\.jp +tanaka@example\.jp$/m);
  assert.match(f.fix!, /^postmap hash:\/etc\/postfix\/sender_login$/m);
  assert.doesNotMatch(f.fix!, /block|doveadm kick/i);
  assert.match(f.fix!, /3 of the refused IPs had sent nothing as the account before/);
  // Its own "why": the rule's general one ("Someone else has this account's password") is false of a map entry.
  assert.match(f.why!, /^The sender check \(reject_sender_login_mismatch\) refuses mail the user means to send/);
  const md = renderMarkdown(r);
  const at = md.indexOf('[LOW] The sender_login map lacks a line for tanaka@example.jp');
  assert.ok(at > 0, 'the finding in report.md');
  const section = md.slice(at).split('\n#')[0]!;
  assert.match(section, /Nothing here says the password is known to anyone else/);
  assert.doesNotMatch(section, /Someone else has this account's password/);
  const ja = compromised(await report([join(dir, 'shared-sender.log')], { year: 2026, lang: 'ja' }));
  assert.match(ja[0]!.title, /^sender_login マップに tanaka@example\.jp の行が足りません/);
  assert.match(ja[0]!.fix!, /^sales@example\.jp +tanaka@example\.jp$/m);
});

test('H3: one own-domain sender from 5 new IPs is still a map note; 3 own-domain senders from 5 new IPs, or forged senders, are CRITICAL', async () => {
  const sales = compromised(await report([withRefusals('sales-new.log', 'tanaka@example.jp', NEW5.map((ip) => [ip, 'sales@example.jp']))], { year: 2026 }));
  assert.deepEqual(sales.map((f) => [f.severity, f.evidence.otherRefusedIps]), [['low', 5]]);
  const many = compromised(await report([withRefusals('many-own.log', 'tanaka@example.jp', NEW5.map((ip, i) => [ip, `x${i % 3}@example.jp`]))], { year: 2026 }));
  assert.deepEqual(many.map((f) => [f.severity, f.evidence.distinctRefusedSenders, f.evidence.foreignRefusedSenders]), [['critical', 3, 0]]);
  assert.deepEqual(many[0]!.lists!['compromised-ips.txt'], [...NEW5].sort());
  // The threshold of own-domain senders that are still a map entry can be raised.
  const raised = compromised(await report([join(dir, 'many-own.log')], { year: 2026, detect: { thresholds: { 'compromised-account.maxMapEntrySenders': 3 } } }));
  assert.deepEqual(raised.map((f) => f.severity), ['low']);
});

test('H3: forged senders from the owner\'s IPs and 5 new IPs: CRITICAL, and compromised-ips.txt holds the 5 new IPs only, not the office or home', async () => {
  const path = withRefusals('forged-mixed.log', 'tanaka@example.jp', [...OWN, ...NEW5].map((ip) => [ip, 'service@amazon.co.jp']));
  const fs = compromised(await report([path], { year: 2026 }));
  assert.deepEqual(fs.map((f) => f.severity), ['critical']);
  assert.deepEqual(fs[0]!.lists!['compromised-ips.txt'], [...NEW5].sort());
  assert.deepEqual([fs[0]!.evidence.refusedSenderLoginIps, fs[0]!.evidence.ownerRefusedIps, fs[0]!.evidence.sharedRefusedIps], [5, '198.51.100.137, 198.51.100.40', '198.51.100.40']);
  assert.equal(fs[0]!.evidence.foreignRefusedSenders, 1);
  // The same forged sender from the owner's IPs and only 3 new IPs: not enough IPs that had the password; a note.
  const few = compromised(await report([withRefusals('forged-few.log', 'tanaka@example.jp', [...OWN, ...NEW].map((ip) => [ip, 'service@amazon.co.jp']))], { year: 2026 }));
  assert.deepEqual(few.map((f) => [f.severity, f.evidence.foreignRefusedSenders, f.lists]), [['low', 1, undefined]]);
  assert.match(few[0]!.fix!, /Add an address of another domain only if it is the user's own/);
});
