// Review AJ's findings on severity and evidence texts. AJ15: a blocked port 25 that ended within the log, with nothing
// queued waiting for the route, is one level down (and the deferred flood it caused with it); a block in force at the
// end stays high.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { cutReason } from '../src/detect/cut-reason.js';
import { evidenceValueText } from '../src/render/evidence.js';
import { en } from '../src/i18n/en.js';
import { compareReports } from '../src/compare/compare.js';
import { compareJa } from '../src/i18n/compare-ja.js';

const SAMPLES = join(ROOT, 'samples');

function severityOf(r: Report, rule: string): string {
  const fs = r.findings.filter((f) => f.rule === rule);
  assert.equal(fs.length, 1, `${rule}: one finding (got ${fs.length})`);
  return fs[0]!.severity;
}

test('AJ15 samples/deferred-flood.log: the block is over and only refused mail is left: outbound-port-blocked and queue-flood are medium', async () => {
  const r = await report([join(SAMPLES, 'deferred-flood.log')], { year: 2026 });
  // 66 remote deliveries after the block's last timeout (2026-11-17 08:50), the last attempts of the log among them;
  // the 5 messages left go to nishi-kensetsu.co.jp, whose server refuses connections all along.
  assert.equal(r.findings.find((f) => f.rule === 'outbound-port-blocked')!.evidence.remoteDeliveriesAfter, 66);
  assert.equal(severityOf(r, 'outbound-port-blocked'), 'medium');
  assert.equal(severityOf(r, 'queue-flood'), 'medium');
});

test('AJ15 the same log with port 25 timing out again at its end: the block is in force, both findings stay high', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-aj15-'));
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const m = String(i * 5).padStart(2, '0');
    lines.push(`Nov 17 13:${m}:11 mail postfix/smtp[3${i}000]: connect to gmail-smtp-in.l.google.com[142.250.157.${20 + i}]:25: Connection timed out`);
  }
  const path = join(dir, 'block-back.log');
  writeFileSync(path, readFileSync(join(SAMPLES, 'deferred-flood.log'), 'utf8') + lines.join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.equal(severityOf(r, 'outbound-port-blocked'), 'high');
  assert.equal(severityOf(r, 'queue-flood'), 'high');
});

test('AJ15 the block over, but a message still waits for the route at the end (greylisted): both findings stay high', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-aj15-'));
  // A message in after the block, greylisted at its only try, still queued at the end: hold "route" (queue-holders.ts).
  const lines = [
    'Nov 17 12:10:01 mail postfix/submission/smtpd[27201]: 1C0DE16F1A0: client=unknown[198.51.100.23], sasl_method=PLAIN, sasl_username=takahashi@example.jp',
    'Nov 17 12:10:01 mail postfix/cleanup[27202]: 1C0DE16F1A0: message-id=<20261117121001.1C0DE16F1A0@example.jp>',
    'Nov 17 12:10:01 mail postfix/qmgr[17858]: 1C0DE16F1A0: from=<takahashi@example.jp>, size=3120, nrcpt=1 (queue active)',
    'Nov 17 12:10:02 mail postfix/smtp[27203]: 1C0DE16F1A0: to=<kimura@partner.co.jp>, relay=mx.partner.co.jp[203.0.113.88]:25, delay=1.1, '
      + 'delays=0.2/0/0.5/0.4, dsn=4.2.0, status=deferred (host mx.partner.co.jp[203.0.113.88] said: 450 4.2.0 <kimura@partner.co.jp>: '
      + 'Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/partner.co.jp.html (in reply to RCPT TO command))',
  ];
  const path = join(dir, 'route-held.log');
  writeFileSync(path, readFileSync(join(SAMPLES, 'deferred-flood.log'), 'utf8') + lines.join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.equal(r.findings.find((f) => f.rule === 'outbound-port-blocked')!.evidence.remoteDeliveriesAfter, 66, 'the block is over as in the sample');
  assert.ok(r.stillQueued.some((q) => q.qid === '1C0DE16F1A0'), 'the greylisted message is still queued');
  assert.equal(severityOf(r, 'outbound-port-blocked'), 'high');
  assert.equal(severityOf(r, 'queue-flood'), 'high');
});

// The holders the advice names are the first five domains; the severity looks at every one.
test('AJ15 the greylisted message is for a seventh domain (five refused ones with as many messages come first by name): both stay high', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-aj15-'));
  const lines: string[] = [];
  const message = (qid: string, to: string, at: string, reason: string, relay: string): void => {
    lines.push(`Nov 17 ${at} mail postfix/qmgr[17858]: ${qid}: from=<takahashi@example.jp>, size=2100, nrcpt=1 (queue active)`,
      `Nov 17 ${at} mail postfix/smtp[27210]: ${qid}: to=<${to}>, relay=${relay}, delay=1, delays=0.1/0/0.5/0.4, dsn=4.4.1, status=deferred (${reason})`);
  };
  for (let i = 1; i <= 5; i++) {
    message(`2A0${i}16F1B0`, `info@a${i}-kensetsu.example`, `12:0${i}:01`, `connect to mail.a${i}-kensetsu.example[203.0.113.${150 + i}]:25: Connection refused`, 'none');
  }
  message('1C0DE16F1A0', 'kimura@partner.co.jp', '12:10:02', 'host mx.partner.co.jp[203.0.113.88] said: 450 4.2.0 <kimura@partner.co.jp>: '
    + 'Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/partner.co.jp.html (in reply to RCPT TO command)', 'mx.partner.co.jp[203.0.113.88]:25');
  const path = join(dir, 'route-held-seventh.log');
  writeFileSync(path, readFileSync(join(SAMPLES, 'deferred-flood.log'), 'utf8') + lines.join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.equal(r.stillQueued.length, 11, 'nishi-kensetsu.co.jp 5, a1–a5 one each, partner.co.jp one');
  assert.equal(severityOf(r, 'outbound-port-blocked'), 'high');
  assert.equal(severityOf(r, 'queue-flood'), 'high');
});

// AJ10: deferral reasons in queue-flood's evidence were cut at 90 characters, "… refused to talk to me: 421 4".
const YAHOO = 'delivery temporarily suspended: host mx1.mail.yahoo.co.jp[IP] refused to talk to me: 421 4.7.0 [TSS04] Messages from IP '
  + 'temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes';
// Gmail's multi-line answer as Postfix logs it, and Microsoft's (the status codes of LINES.md's receivers).
const GMAIL = 'host gmail-smtp-in.l.google.com[IP] said: 421-4.7.28 [IP N] Our system has detected an unusual rate of unsolicited mail '
  + 'originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.';
const MICROSOFT = 'host supplierb-com.mail.protection.outlook.com[IP] said: 451 4.7.500 Server busy. Please try again later from [IP]. '
  + '(S77714) [BN1NAM02FT018.eop-nam02.prod.protection.outlook.com] (in reply to end of DATA command)';

test('AJ10 cutReason: long deferral texts cut at a word after their whole status code, with "…"; short ones whole', () => {
  for (const [text, code] of [[YAHOO, '421 4.7.0 [TSS04]'], [GMAIL, '421-4.7.28 [IP N]'], [MICROSOFT, '451 4.7.500']] as const) {
    const cut = cutReason(text);
    assert.ok(cut.length <= 110, cut);
    assert.ok(cut.endsWith('…'), cut);
    assert.ok(cut.includes(code), cut);
    // Whole words of the text before the "…".
    const kept = cut.slice(0, -1);
    assert.ok(text.startsWith(kept) && text[kept.length] === ' ', cut);
  }
  // Yahoo's code ends past 100 characters: kept whole with its [TSS04], then the cut.
  assert.equal(cutReason(YAHOO), 'delivery temporarily suspended: host mx1.mail.yahoo.co.jp[IP] refused to talk to me: 421 4.7.0 [TSS04]…');
  assert.equal(cutReason(GMAIL), 'host gmail-smtp-in.l.google.com[IP] said: 421-4.7.28 [IP N] Our system has detected an unusual rate…');
  assert.equal(cutReason(YAHOO, 160), 'delivery temporarily suspended: host mx1.mail.yahoo.co.jp[IP] refused to talk to me: 421 4.7.0 [TSS04] '
    + 'Messages from IP temporarily deferred due to unexpected…');
  assert.equal(cutReason('connect to mx1.qq.com[IP]: Connection timed out'), 'connect to mx1.qq.com[IP]: Connection timed out');
});

test('AJ10 the evidence table marks an old report\'s 90-character cut with "…", and adds none to this version\'s cut or to a whole text', () => {
  const old = `359× ${YAHOO.slice(0, 90)} | 22× connect to mx1.qq.com[IP]: Connection timed out`;
  assert.equal(evidenceValueText('queue-flood', 'topDeferralReasons', old, en),
    '359× delivery temporarily suspended: host mx1.mail.yahoo.co.jp[IP] refused to talk to me: 421 4… \\| 22× connect to mx1.qq.com[IP]: Connection timed out');
  const oldHolders = `116× yahoo.co.jp (${YAHOO.slice(0, 90)})`;
  assert.match(evidenceValueText('queue-flood', 'queueHolders', oldHolders, en), /421 4…\)$/);
  const now = `359× ${cutReason(YAHOO)} | 204× delivery temporarily suspended: conversation with lsean.ezweb.ne.jp[IP] timed out while receiving the initial server greeting`;
  const shown = evidenceValueText('queue-flood', 'topDeferralReasons', now, en);
  assert.ok(!shown.includes('……') && shown.endsWith('initial server greeting'), shown);
  assert.match(evidenceValueText('queue-flood', 'queueHolders', `116× yahoo.co.jp (${cutReason(YAHOO)})`, en), /\[TSS04\]…\)$/);
});

test('AJ10 samples/incident.log: queue-flood\'s reasons and queue holders keep Yahoo\'s and Gmail\'s whole codes', async () => {
  const r = await report([join(SAMPLES, 'incident.log')], { year: 2026 });
  const e = r.findings.find((f) => f.rule === 'queue-flood')!.evidence;
  assert.match(String(e.topDeferralReasons), /^359× delivery temporarily suspended: host mx1\.mail\.yahoo\.co\.jp\[IP\] refused to talk to me: 421 4\.7\.0 \[TSS04\]… \| /);
  assert.match(String(e.queueHolders), /109× gmail\.com \(delivery temporarily suspended: host gmail-smtp-in\.l\.google\.com\[IP\] said: 421-4\.7\.28 \[IP N\] Our…\)/);
  assert.ok(!/ 421 4\)| 421 4 \|/.test(`${String(e.topDeferralReasons)} | ${String(e.queueHolders)}`));
});

// Compare's backscatter measure is the finding's impact (bounces to outside addresses + mail bounced after acceptance
// + /dev/null deliveries), not its bounce messages: samples/incident.log's 138 bounce messages went to 105 outside
// addresses, and compare said "backscatter bounces: 105".
test('compare: the backscatter measure says what it counts (en, ja): incident.log\'s 105 bounces to outside addresses, not its 138 bounce messages', async () => {
  const before = await report([join(SAMPLES, 'incident.log')], { year: 2026 });
  const after = await report([join(SAMPLES, 'after-fix.log')], { year: 2026 });
  const e = before.findings.find((f) => f.rule === 'backscatter')!.evidence;
  assert.deepEqual([e.bounceMessages, e.bouncesToRemoteAddresses, e.acceptedThenBounced, e.devNullDeliveries], [138, 105, 0, 0]);
  for (const [messages, label] of [
    [undefined, 'bounces to outside addresses (with mail bounced after acceptance or sent to /dev/null)'],
    [compareJa, '外部のアドレスへのバウンス（受け付け後のバウンスと /dev/null への配送を含む）'],
  ] as const) {
    const c = compareReports(before, after, {
      version: 'test', before: { kind: 'logs', paths: ['before.log'] }, after: { kind: 'logs', paths: ['after.log'] }, ...(messages ? { messages } : {}),
    });
    const f = c.findings.find((x) => x.rule === 'backscatter')!;
    assert.equal(f.measure.before, 105);
    assert.equal(f.measure.label, label);
    assert.ok(f.verdict.includes(`${label} 105`) || f.verdict.includes(label), f.verdict);
  }
});
