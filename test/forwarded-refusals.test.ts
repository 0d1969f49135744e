// Review 12, H6: mail forwarded to Gmail by a virtual alias (no SRS) was reported as "your server sent mail with
// forged senders … stop the mail (compromised-account finding)", HIGH, in a report without any such finding. Every
// refused line carries orig_to=<yamada@example.jp>: Postfix rewrote the recipient here, the mail keeps its original
// sender, and Gmail checks that sender's SPF. Lines in the shapes of /tmp/r12/gen.py (forwarding()), which copies
// the corpus's smtpd/cleanup/qmgr/smtp lines and Gmail's 550-5.7.26 text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import type { Finding } from '../src/types.js';

function tmp(name: string, content: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'mlf-forward-')), name);
  writeFileSync(p, content);
  return p;
}

const two = (n: number): string => String(n).padStart(2, '0');
const ts = (s: number): string => `Nov 10 ${two(6 + Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;

const GMAIL_5726 = (dom: string): string => 'host gmail-smtp-in.l.google.com[142.250.157.27] said: 550-5.7.26 This mail is unauthenticated, '
  + 'which poses a security risk to the 550-5.7.26 sender and Gmail users, and has been blocked. The sender must 550-5.7.26 authenticate '
  + 'with at least one of SPF or DKIM. For this message, 550-5.7.26 DKIM checks did not pass and SPF check for '
  + `[${dom}] did not 550-5.7.26 pass with ip: [192.0.2.1]. To best protect our users from spam, the 550-5.7.26 message has been blocked. `
  + 'For more information, go to 550 5.7.26  https://support.google.com/mail/answer/81126#authentication 41be03b00d2f7-9a8b7c6d5e4si1234567pgb.12 '
  + '- gsmtp (in reply to end of DATA command)';

/**
 * One message from `sender` (an outside client) for `rcpt`, then Gmail's refusal of its copy for `to` (with
 * orig_to=<rcpt> when `alias`), the bounce notice to the sender and the removal. `i` makes queue IDs and times.
 */
function refused(i: number, sender: string, rcpt: string, to: string, alias: boolean): string[] {
  const t = i * 300;
  const dom = sender.slice(sender.indexOf('@') + 1);
  const q = `A${(0x10000 + i).toString(16).toUpperCase()}0F`;
  const n = `B${(0x10000 + i).toString(16).toUpperCase()}0F`;
  const pid = 20000 + i * 4;
  const o = alias ? `, orig_to=<${rcpt}>` : '';
  return [
    `${ts(t)} mail postfix/smtpd[${pid}]: connect from out.${dom}[198.51.100.${10 + (i % 200)}]`,
    `${ts(t)} mail postfix/smtpd[${pid}]: ${q}: client=out.${dom}[198.51.100.${10 + (i % 200)}]`,
    `${ts(t)} mail postfix/cleanup[${pid + 1}]: ${q}: message-id=<${q}@${dom}>`,
    `${ts(t)} mail postfix/qmgr[1111]: ${q}: from=<${sender}>, size=4211, nrcpt=1 (queue active)`,
    `${ts(t)} mail postfix/smtpd[${pid}]: disconnect from out.${dom}[198.51.100.${10 + (i % 200)}] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7`,
    `${ts(t + 1)} mail postfix/smtp[${pid + 2}]: ${q}: to=<${to}>${o}, relay=gmail-smtp-in.l.google.com[142.250.157.27]:25, delay=0.9, `
      + `delays=0.1/0.01/0.3/0.5, dsn=5.7.26, status=bounced (${GMAIL_5726(dom)})`,
    `${ts(t + 1)} mail postfix/cleanup[${pid + 1}]: ${n}: message-id=<20261110${two(i)}.${n}@mail.example.jp>`,
    `${ts(t + 1)} mail postfix/qmgr[1111]: ${n}: from=<>, size=3120, nrcpt=1 (queue active)`,
    `${ts(t + 1)} mail postfix/bounce[${pid + 3}]: ${q}: sender non-delivery notification: ${n}`,
    `${ts(t + 2)} mail postfix/smtp[${pid + 2}]: ${n}: to=<${sender}>, relay=mx.${dom}[203.0.113.${10 + (i % 200)}]:25, delay=1.2, `
      + 'delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F2A81C0B3)',
    `${ts(t + 2)} mail postfix/qmgr[1111]: ${n}: removed`,
    `${ts(t + 2)} mail postfix/qmgr[1111]: ${q}: removed`,
  ];
}

/** A user of example.jp sending over 587 with a login, so that example.jp is ours (the SASL users' domain). */
function ownUser(i: number): string[] {
  const t = 3000 + i * 600;
  const q = `C${(0x10000 + i).toString(16).toUpperCase()}0F`;
  const pid = 40000 + i * 3;
  return [
    `${ts(t)} mail postfix/submission/smtpd[${pid}]: connect from unknown[203.0.113.10]`,
    `${ts(t)} mail postfix/submission/smtpd[${pid}]: ${q}: client=unknown[203.0.113.10], sasl_method=PLAIN, sasl_username=tanaka@example.jp`,
    `${ts(t)} mail postfix/cleanup[${pid + 1}]: ${q}: message-id=<${q}@example.jp>`,
    `${ts(t)} mail postfix/qmgr[1111]: ${q}: from=<tanaka@example.jp>, size=5120, nrcpt=1 (queue active)`,
    `${ts(t + 1)} mail postfix/smtp[${pid + 2}]: ${q}: to=<kato@partner.co.jp>, relay=mx.partner.co.jp[203.0.113.80]:25, delay=1.2, `
      + 'delays=0.1/0.01/0.4/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 5A1B2C3D4E)',
    `${ts(t + 1)} mail postfix/qmgr[1111]: ${q}: removed`,
  ];
}

const STRICT = ['no-reply@paypal.com', 'info@amazon.co.jp', 'service@apple.com', 'notice@mufg.jp'];

function forwardLog(forwarded: number, forged: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 3; i++) lines.push(...ownUser(i));
  for (let i = 0; i < forwarded; i++) lines.push(...refused(i, STRICT[i % STRICT.length]!, 'yamada@example.jp', 'yamada.home@gmail.com', true));
  // Mail sent as other people's domains straight to Gmail (no orig_to=): forged senders.
  for (let i = 0; i < forged; i++) lines.push(...refused(50 + i, `security@bank${i % 3}.example.net`, `victim${i}@gmail.com`, `victim${i}@gmail.com`, false));
  return lines.sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';
}

function refusing(findings: Finding[]): Finding {
  const f = findings.filter((x) => x.rule === 'receivers-refusing');
  assert.equal(f.length, 1);
  return f[0]!;
}

test('review 12 H6: Gmail refusing mail forwarded for an alias (orig_to=) is forwarding without SRS, medium, with the SRS fix; no forged senders, no finding that does not exist', async () => {
  const path = tmp('forward.log', forwardLog(12, 0));
  const r = await report([path], { year: 2026 });
  assert.deepEqual(r.findings.map((x) => x.rule), ['receivers-refusing']);
  const f = refusing(r.findings);
  assert.equal(f.severity, 'medium');
  assert.equal(f.evidence.refusals, 12);
  assert.equal(f.evidence.ourDomainAmongThem, 'no');
  assert.equal(f.evidence.forwardedMailRefusals, 12);
  assert.equal(f.evidence.refusedForwards, 'yamada@example.jp → yamada.home@gmail.com (12)');
  assert.equal(f.evidence.domainsFailingAuthentication, 'amazon.co.jp (3), apple.com (3), mufg.jp (3), paypal.com (3)');
  assert.match(f.title, /\. The 12 SPF\/DKIM refusals were of mail forwarded for your alias yamada@example\.jp → yamada\.home@gmail\.com: forwarding keeps the original senders/);
  assert.doesNotMatch(f.title, /forged/);
  const fix = f.fix!;
  assert.match(fix, /^Forwarded mail \(5\.7\.26\): 12 refusals were of mail this server forwarded for an alias of yours \(yamada@example\.jp → yamada\.home@gmail\.com; `orig_to=`/);
  for (const line of ['sender_canonical_maps = tcp:localhost:10001', 'sender_canonical_classes = envelope_sender',
    'recipient_canonical_maps = tcp:localhost:10002', 'recipient_canonical_classes = envelope_recipient, header_recipient']) {
    assert.match(fix, new RegExp(`^postconf -e '${line}'$`, 'm'), line);
  }
  assert.match(fix, /socketmap:unix:srs:forward/);
  assert.match(fix, /SRS domain/);
  assert.match(fix, /dig \+short txt example\.jp/);
  // Nothing of the forged-spam advice: no finding named that the report does not have, no DNS records to publish.
  assert.doesNotMatch(fix, /compromised-account|forged senders|First stop what hurts|opendkim-genkey/);
  assert.equal(f.lists, undefined);
  const ja = refusing((await report([path], { year: 2026, lang: 'ja' })).findings);
  assert.match(ja.title, /自社のエイリアス（yamada@example\.jp → yamada\.home@gmail\.com）のために転送したメール/);
  assert.match(ja.fix!, /^転送されたメール（5\.7\.26）/);
  assert.doesNotMatch(ja.fix!, /compromised-account/);
  // The same answer for any number of workers and ranges (refusedAuthForwarded/-Forwards merge as sums).
  const baseline = renderJson(r);
  for (const [jobs, rangeBytes] of [[2, 3000], [3, 1500], [8, 700]] as const) {
    assert.equal(renderJson(await report([path], { year: 2026, jobs, rangeBytes })), baseline, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});

test('review 12 H6: forged senders beside forwarded mail stay forged (high), the forwarded refusals are counted apart and named', async () => {
  const r = await report([tmp('both.log', forwardLog(12, 15))], { year: 2026 });
  const f = refusing(r.findings);
  assert.equal(f.severity, 'high');
  assert.equal(f.evidence.refusals, 27);
  assert.equal(f.evidence.forwardedMailRefusals, 12);
  assert.match(f.title, /\. The 15 SPF\/DKIM refusals name forged sender domains \(bank0\.example\.net, bank1\.example\.net, bank2\.example\.net …\), not example\.jp: .* \(besides 12 refusals of mail forwarded for your alias yamada@example\.jp → yamada\.home@gmail\.com/);
  const fix = f.fix!;
  // No finding names the source of the forged mail: the fix says so instead of pointing to one.
  assert.match(fix, /stop the mail at its source \(no finding of this report names it/);
  assert.match(fix, /Forwarded mail \(5\.7\.26\): 12 refusals were/);
  assert.doesNotMatch(fix, /compromised-account/);
});
