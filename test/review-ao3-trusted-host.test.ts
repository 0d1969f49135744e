// Review AO, AO3: a company CRM on a public IP relaying its newsletters without a login through mynetworks, named by
// Postfix inside the site's own domain (list-mynet.log:6302 "54E7516B2B0: client=app1.example.org[198.51.100.80]",
// local delivery for lists.example.org), was a CRITICAL open relay, and its queued copies to full Gmail inboxes went to
// queue-delete.txt. It is a trusted host: an info note (detect/own-host-name.ts). The same host sending forged senders
// or refused as spam stays an open relay; a client named "unknown", or generically by a provider, is one as before.
// Line shapes from list-mynet.log (smtpd, cleanup, qmgr, smtp, local) and Gmail's 550-5.7.1 spam answer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { ownHostName, ownParentDomains } from '../src/detect/own-host-name.js';

const dir = mkdtempSync(join(tmpdir(), 'review-ao3-'));
const START = Date.UTC(2026, 11, 1, 9, 0, 0);

function stamp(t: number): string {
  const d = new Date(t);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `Dec ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

interface Sent { name: string; ip: string; from: (i: number) => string; to: (i: number) => string; status: (i: number) => 'sent' | 'full' | 'spam' }

const FULL = "dsn=4.2.2, status=deferred (host gmail-smtp-in.l.google.com[142.250.157.27] said: 452-4.2.2 The recipient's inbox is out of "
  + 'storage space. Please direct the 452-4.2.2 recipient to 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp '
  + 'd2e1a72fcca58-7f2c1a3b4e5si1234567b3a.321 - gsmtp (in reply to RCPT TO command))';
const SPAM = 'dsn=5.7.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.157.27] said: 550-5.7.1 [203.0.113.30      19] Our '
  + 'system has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, '
  + '550-5.7.1 this message has been blocked. - gsmtp (in reply to end of DATA command))';

/** A log: mail delivered here for `localDomain`, then `count` messages relayed for one client, `gap` seconds apart. */
function logOf(name: string, s: Sent, count: number, gap: number, localDomain = 'lists.example.org'): string {
  const out: string[] = [];
  const line = (t: number, proc: string, rest: string): void => { out.push(`${stamp(t)} mail ${proc}: ${rest}`); };
  for (let i = 0; i < 3; i++) {
    const t = START + i * 60_000;
    const q = `3A66216${(0x8f50 + i).toString(16).toUpperCase()}`;
    line(t, 'postfix/smtpd[20001]', `connect from mail.osaka-trade.co.jp[198.51.100.101]`);
    line(t, 'postfix/smtpd[20001]', `${q}: client=mail.osaka-trade.co.jp[198.51.100.101]`);
    line(t, 'postfix/cleanup[1301]', `${q}: message-id=<9279778767${i}@mail.osaka-trade.co.jp>`);
    line(t, 'postfix/qmgr[1101]', `${q}: from=<member378@osaka-trade.co.jp>, size=15249, nrcpt=1 (queue active)`);
    line(t + 1000, 'postfix/local[1607]', `${q}: to=<members@${localDomain}>, relay=local, delay=0.3, delays=0.1/0.01/0/0.2, dsn=2.0.0, status=sent (delivered to command: /var/lib/mailman/mail/mailman post members)`);
    line(t + 1000, 'postfix/qmgr[1101]', `${q}: removed`);
  }
  const t0 = START + 3_600_000;
  line(t0, 'postfix/smtpd[20116]', `connect from ${s.name}[${s.ip}]`);
  for (let i = 0; i < count; i++) {
    const t = t0 + i * gap * 1000;
    const q = `54E75${(0x16b2b0 + i).toString(16).toUpperCase()}`;
    line(t, 'postfix/smtpd[20116]', `${q}: client=${s.name}[${s.ip}]`);
    line(t, 'postfix/cleanup[1304]', `${q}: message-id=<5193847394${i}.94754@${s.name}>`);
    line(t, 'postfix/qmgr[1101]', `${q}: from=<${s.from(i)}>, size=83062, nrcpt=1 (queue active)`);
    const to = s.to(i);
    const status = s.status(i);
    const relay = status === 'sent' ? `mx.${to.split('@')[1]}[198.18.0.${(i % 200) + 1}]:25` : 'gmail-smtp-in.l.google.com[142.250.157.27]:25';
    const result = status === 'sent' ? 'dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 34C9000481)' : status === 'full' ? FULL : SPAM;
    line(t + 1000, 'postfix/smtp[1408]', `${q}: to=<${to}>, relay=${relay}, delay=15, delays=0.1/0.2/0.5/0.3, ${result}`);
    if (status !== 'full') line(t + 2000, 'postfix/qmgr[1101]', `${q}: removed`);
  }
  line(t0 + count * gap * 1000, 'postfix/smtpd[20116]', `disconnect from ${s.name}[${s.ip}] ehlo=1 mail=${count} rcpt=${count} data=${count} quit=1 commands=${3 * count + 2}`);
  const path = join(dir, name);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

const DOMAINS = ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'outlook.com', 'icloud.com', 'ezweb.ne.jp'];
/** The CRM's newsletter: VERP senders of its own domain, one customer each, the last 5 to full Gmail inboxes. */
const crm = (name: string, ip: string, count: number): Sent => ({
  name, ip,
  from: (i) => `bounce+c42.${String(i).padStart(5, '0')}@bounce.crm-mailer.example.net`,
  to: (i) => (i >= count - 5 ? `cus${i}.t41@gmail.com` : `cus${i}.m14@${DOMAINS[i % DOMAINS.length]!}`),
  status: (i) => (i >= count - 5 ? 'full' : 'sent'),
});

function relayFindings(r: Report): Finding[] {
  return r.findings.filter((f) => f.rule === 'open-relay');
}

test('AO3: a CRM named app1.example.org (lists.example.org delivered here) relaying without login is an info note, its queued mail no abuse (en, ja)', async () => {
  const path = logOf('crm.log', crm('app1.example.org', '198.51.100.80', 150), 150, 60);
  const r = await report([path], { year: 2026, lang: 'en' });
  const fs = relayFindings(r);
  assert.deepEqual(fs.map((f) => f.severity), ['info']);
  const f = fs[0]!;
  assert.equal(f.evidence.ownHostNames, '198.51.100.80 (app1.example.org in example.org)');
  assert.equal(f.evidence.relayedRecipients, 150);
  assert.equal(f.evidence.mynetworks, '127.0.0.0/8 [::1]/128 198.51.100.80/32');
  assert.match(f.title, /^Relayed without login for your own host: 1 client IP \(198\.51\.100\.80\) that Postfix names in your own domain example\.org \(app1\.example\.org\)/);
  assert.match(f.title, /relaying is allowed for it \(mynetworks or an access map\), and its mail shows no spam sign: not an open relay/);
  assert.match(f.fix ?? "", /do not close relaying for it or delete its queued mail/);
  assert.match(f.fix ?? "", /postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128 198\.51\.100\.80\/32'/);
  // Its 5 newsletters to full Gmail inboxes are still queued: no abuse to delete.
  assert.equal(r.findings.some((x) => x.rule === 'queue-cleanup'), false);
  const ja = await report([path], { year: 2026, lang: 'ja' });
  const jf = relayFindings(ja)[0]!;
  assert.match(jf.title, /^自社のホストからのログインなしの中継: .*自社のドメイン example\.org の名前（app1\.example\.org）で記録したクライアント IP 1 件（198\.51\.100\.80）/);
  assert.match(jf.fix ?? "", /中継の設定を閉じたり、そのメールをキューから削除したりしないでください/);
});

test('AO3: the same host sending as other people\'s domains stays an open relay (high), its queued mail to queue-delete', async () => {
  const brands = ['mufg.jp', 'amazon.co.jp', 'rakuten.co.jp', 'smbc.co.jp'];
  const s: Sent = { ...crm('app1.example.org', '198.51.100.80', 60), from: (i) => `security${i}@${brands[i % brands.length]!}` };
  const r = await report([logOf('forged.log', s, 60, 60)], { year: 2026, lang: 'en' });
  const fs = relayFindings(r);
  assert.deepEqual(fs.map((f) => f.severity), ['high']);
  assert.match(fs[0]!.title, /^Open relay: 1 client IP that never logged in \(198\.51\.100\.80\)/);
  assert.equal(fs[0]!.evidence.ownHostNames, '198.51.100.80 (app1.example.org in example.org)');
  const q = r.findings.find((x) => x.rule === 'queue-cleanup');
  assert.ok(q, 'queue-cleanup lists the queued spam');
});

test('AO3: the same host whose burst Gmail refuses as spam stays a critical open relay', async () => {
  // 200 messages to 40 domains in 40 minutes, as the CRM's own sender; 30 (15%) bounced "550-5.7.1 … likely unsolicited mail".
  const s: Sent = {
    ...crm('app1.example.org', '198.51.100.80', 200),
    to: (i) => (i % 20 === 0 || i % 20 === 10 || i % 40 === 5 ? `cus${i}@gmail.com` : `cus${i}@shop${i % 40}.example.com`),
    status: (i) => (i % 20 === 0 || i % 20 === 10 || i % 40 === 5 ? 'spam' : 'sent'),
  };
  const r = await report([logOf('refused.log', s, 200, 12)], { year: 2026, lang: 'en' });
  const fs = relayFindings(r);
  assert.deepEqual(fs.map((f) => f.severity), ['critical']);
  assert.equal(fs[0]!.evidence.ownHostNames, '198.51.100.80 (app1.example.org in example.org)');
});

test('AO3: a client named "unknown", or by a rented server\'s provider, relaying the same newsletter is still an open relay', async () => {
  const unknown = await report([logOf('unknown.log', crm('unknown', '198.51.100.80', 150), 150, 60)], { year: 2026, lang: 'en' });
  assert.deepEqual(relayFindings(unknown).map((f) => [f.severity, f.evidence.ownHostNames]), [['critical', undefined]]);
  // Cron mail to root@ the server's own provider-given name delivered here: the provider's domain is no parent of ours.
  const vps = await report([logOf('vps.log', crm('os3-111-22222.vs.sakura.ne.jp', '198.51.100.80', 150), 150, 60,
    'os3-375-20914.vs.sakura.ne.jp')], { year: 2026, lang: 'en' });
  assert.deepEqual(relayFindings(vps).map((f) => f.severity), ['critical']);
});

test('AO3: ownHostName: own domains and the parent of a domain delivered here; never "unknown" or a generic name under a parent', () => {
  const own = new Set(['lists.example.org', 'example.jp']);
  const parents = ownParentDomains({ localDeliveryDomains: new Map([['lists.example.org', 3], ['os3-375-20914.vs.sakura.ne.jp', 1], ['mail.example.co.jp', 1]]) } as never);
  assert.deepEqual([...parents].sort(), ['example.co.jp', 'example.org']);
  assert.deepEqual(ownHostName('198.51.100.80', 'app1.example.org', own, parents), { name: 'app1.example.org', domain: 'example.org' });
  assert.deepEqual(ownHostName('198.51.100.9', 'web.example.jp', own, parents), { name: 'web.example.jp', domain: 'example.jp' });
  assert.deepEqual(ownHostName('198.51.100.9', 'crm.example.co.jp', own, parents), { name: 'crm.example.co.jp', domain: 'example.co.jp' });
  assert.equal(ownHostName('198.51.100.80', 'unknown', own, parents), null);
  assert.equal(ownHostName('198.51.100.80', 'app1.example.net', own, parents), null);
  assert.equal(ownHostName('198.51.100.80', 'example.org.attacker.net', own, parents), null);
  assert.equal(ownHostName('198.51.100.80', '198-51-100-80.example.org', own, parents), null);
  assert.equal(ownHostName('198.51.100.80', 'dyn-80.example.org', own, parents), null);
  assert.equal(ownHostName('198.51.100.80', 'os3-111-22222.vs.sakura.ne.jp', own, parents), null);
});
