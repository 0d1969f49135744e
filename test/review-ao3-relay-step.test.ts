// Review AO, AO3 (option b) and the open relay's first step. A client of the Internet relaying without a login while
// the same log refuses other clients with "Relay access denied" (mx.log:
// "NOQUEUE: reject: RCPT from unknown[194.104.234.32]: 554 5.7.1 <probe.38@yahoo.co.jp>: Relay access denied; …")
// is no relay open to everyone: mynetworks or an access map lets that IP through. The finding says so, and the first
// step names the IP instead of "stop relaying for clients that did not log in". A host of the site's own domain whose
// relayed mail shows spam signs (own-host-name.ts; forged senders) stays the open relay: the step names that host.
// Line shapes from list-mynet.log (smtpd, cleanup, qmgr, smtp, local) and mx.log (the relay probe).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'review-ao3-step-'));
const START = Date.UTC(2026, 11, 1, 9, 0, 0);

function stamp(t: number): string {
  const d = new Date(t);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `Dec ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const DOMAINS = ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'outlook.com', 'icloud.com', 'ezweb.ne.jp'];

/**
 * Mail delivered here for lists.example.org, then `count` messages relayed for `name`[`ip`] a minute apart (senders
 * from `from`), and `probes` relay probes from other IPs, each refused "Relay access denied".
 */
function logOf(file: string, p: { name: string; ip: string; count: number; from: (i: number) => string; probes: number }): string {
  const out: string[] = [];
  const line = (t: number, proc: string, rest: string): void => { out.push(`${stamp(t)} mail ${proc}: ${rest}`); };
  for (let i = 0; i < 3; i++) {
    const t = START + i * 60_000;
    const q = `3A66216${(0x8f50 + i).toString(16).toUpperCase()}`;
    line(t, 'postfix/smtpd[20001]', 'connect from mail.osaka-trade.co.jp[198.51.100.101]');
    line(t, 'postfix/smtpd[20001]', `${q}: client=mail.osaka-trade.co.jp[198.51.100.101]`);
    line(t, 'postfix/cleanup[1301]', `${q}: message-id=<9279778767${i}@mail.osaka-trade.co.jp>`);
    line(t, 'postfix/qmgr[1101]', `${q}: from=<member378@osaka-trade.co.jp>, size=15249, nrcpt=1 (queue active)`);
    line(t + 1000, 'postfix/local[1607]', `${q}: to=<members@lists.example.org>, relay=local, delay=0.3, delays=0.1/0.01/0/0.2, dsn=2.0.0, status=sent (delivered to command: /var/lib/mailman/mail/mailman post members)`);
    line(t + 1000, 'postfix/qmgr[1101]', `${q}: removed`);
  }
  for (let k = 0; k < p.probes; k++) {
    const t = START + 10 * 60_000 + k * 97_000;
    const ip = `194.104.234.${30 + k}`;
    const pid = 26730 + k;
    line(t, `postfix/smtpd[${pid}]`, `connect from unknown[${ip}]`);
    line(t + 1000, `postfix/smtpd[${pid}]`, `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <probe.${k}@yahoo.co.jp>: Relay access denied; from=<spameri@tiscali.it> to=<probe.${k}@yahoo.co.jp> proto=ESMTP helo=<203.0.113.25>`);
    line(t + 2000, `postfix/smtpd[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`);
  }
  const t0 = START + 3_600_000;
  line(t0, 'postfix/smtpd[20116]', `connect from ${p.name}[${p.ip}]`);
  for (let i = 0; i < p.count; i++) {
    const t = t0 + i * 60_000;
    const q = `54E75${(0x16b2b0 + i).toString(16).toUpperCase()}`;
    const to = `cus${i}.m14@${DOMAINS[i % DOMAINS.length]!}`;
    line(t, 'postfix/smtpd[20116]', `${q}: client=${p.name}[${p.ip}]`);
    line(t, 'postfix/cleanup[1304]', `${q}: message-id=<5193847394${i}.94754@${p.name}>`);
    line(t, 'postfix/qmgr[1101]', `${q}: from=<${p.from(i)}>, size=83062, nrcpt=1 (queue active)`);
    line(t + 1000, 'postfix/smtp[1408]', `${q}: to=<${to}>, relay=mx.${to.split('@')[1]}[198.18.0.${(i % 200) + 1}]:25, delay=15, delays=0.1/0.2/0.5/0.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 34C9000481)`);
    line(t + 2000, 'postfix/qmgr[1101]', `${q}: removed`);
  }
  line(t0 + p.count * 60_000, 'postfix/smtpd[20116]', `disconnect from ${p.name}[${p.ip}] ehlo=1 mail=${p.count} rcpt=${p.count} data=${p.count} quit=1 commands=${3 * p.count + 2}`);
  const path = join(dir, file);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

const newsletter = (i: number): string => `bounce+c42.${String(i).padStart(5, '0')}@bounce.crm-mailer.example.net`;
const BRANDS = ['mufg.jp', 'amazon.co.jp', 'rakuten.co.jp', 'smbc.co.jp'];
const forged = (i: number): string => `security${i}@${BRANDS[i % BRANDS.length]!}`;

function openRelayOf(r: Report): Finding {
  const fs = r.findings.filter((f) => f.rule === 'open-relay');
  assert.equal(fs.length, 1, JSON.stringify(fs.map((f) => f.title)));
  return fs[0]!;
}

function relayStep(r: Report): string {
  const step = r.overview?.steps.find((s) => s.kind === 'relay');
  assert.ok(step, 'a relay step');
  return step.text;
}

test('AO3 (b): an unnamed client relaying while 3 others get "Relay access denied": relaying is restricted, the step names the IP (en, ja)', async () => {
  const path = logOf('restricted.log', { name: 'unknown', ip: '198.51.100.80', count: 150, from: newsletter, probes: 3 });
  const r = await report([path], { year: 2026, lang: 'en' });
  const f = openRelayOf(r);
  assert.equal(f.severity, 'critical');
  assert.equal(f.evidence.relayDeniedOtherClientIps, 3);
  assert.equal(f.evidence.relayDeniedOtherClientRefusals, 3);
  assert.match(f.title, /^Open relay: 1 client IP that never logged in \(198\.51\.100\.80\) had 150 messages relayed/);
  assert.match(f.title, /; relaying is restricted \(other clients were refused "Relay access denied"\): mynetworks or an access map lets this IP through$/);
  assert.ok((f.fix ?? '').startsWith('Relaying is restricted: 3 other client IPs were refused with `Relay access denied` (3 times) in this log, '
    + 'so this server does not relay for everyone. 198.51.100.80 is let through without a login by `mynetworks` or an access map'), f.fix);
  // The general advice follows, its mynetworks comment the general one (no network of ours relayed).
  assert.match(f.fix ?? '', /Add your own LAN \(e\.g\. 192\.168\.1\.0\/24\)/);
  assert.equal(relayStep(r), 'Close the open relay: stop relaying without a login for 198.51.100.80 (other clients get "Relay access denied": '
    + 'mynetworks or an access map lets it through; remove it there).');
  const ja = await report([path], { year: 2026, lang: 'ja' });
  const jf = openRelayOf(ja);
  assert.match(jf.title, /。中継は制限されています（他のクライアントは「Relay access denied」で拒否されています）。この IP アドレスは mynetworks またはアクセスマップで許可されています$/);
  assert.ok((jf.fix ?? '').startsWith('中継は制限されています: このログでは、他のクライアント IP 3 件が `Relay access denied` で拒否されています（3 回）。'), jf.fix);
  assert.equal(relayStep(ja), 'オープンリレーを閉じます: 198.51.100.80 からのログインなしの中継を止めます（他のクライアントは「Relay access denied」で'
    + '拒否されているため、mynetworks またはアクセスマップで許可されています。そこから外します）。');
});

test('AO3 (b): no other client refused: the open relay and its step as before', async () => {
  const r = await report([logOf('open.log', { name: 'unknown', ip: '198.51.100.80', count: 150, from: newsletter, probes: 0 })], { year: 2026, lang: 'en' });
  const f = openRelayOf(r);
  assert.equal(f.severity, 'critical');
  assert.equal(f.evidence.relayDeniedOtherClientIps, undefined);
  assert.doesNotMatch(f.title, /restricted/);
  assert.equal(f.fix, undefined);
  assert.equal(relayStep(r), 'Close the open relay: stop relaying for clients that did not log in.');
  // One session from 10:00 relays a message a minute until 12:29: the range is the relayed mail's (its row was last
  // touched by "connect from" at 10:00, which gave "between … 10:00 and … 10:00").
  assert.match(f.title, / between 2026-12-01 10:00 and 2026-12-01 12:29$/);
  assert.deepEqual([f.firstAt, f.lastAt], ['2026-12-01T10:00:00', '2026-12-01T12:29:00']);
  // And the Client IPs table's row counts its messages' times (report.json byClientIp, csv/byClientIp.csv).
  const row = r.byClientIp.find((x) => x.key === '198.51.100.80');
  assert.deepEqual([row?.firstAt, row?.lastAt], ['2026-12-01T10:00:00', '2026-12-01T12:29:00']);
});

test('AO3: the site\'s own named host relaying forged senders stays the open relay, and the first step names that host (en, ja)', async () => {
  const path = logOf('own-spam.log', { name: 'app1.example.org', ip: '198.51.100.80', count: 60, from: forged, probes: 0 });
  const r = await report([path], { year: 2026, lang: 'en' });
  const f = openRelayOf(r);
  assert.equal(f.severity, 'high');
  assert.equal(f.evidence.ownHostNames, '198.51.100.80 (app1.example.org in example.org)');
  assert.equal(relayStep(r), 'Close the open relay: stop relaying without a login for 198.51.100.80. app1.example.org (198.51.100.80) is a host '
    + 'of your own domain whose relayed mail shows spam signs: find what on it sends it (a hacked web application or script, a leaked key) '
    + 'before it relays again.');
  const ja = await report([path], { year: 2026, lang: 'ja' });
  assert.equal(relayStep(ja), 'オープンリレーを閉じます: 198.51.100.80 からのログインなしの中継を止めます。app1.example.org (198.51.100.80) は自社の'
    + 'ドメインのホストですが、中継したメールにスパムの兆候があります。再び中継させる前に、そのホストで何が送信しているか（乗っ取られた Web '
    + 'アプリケーションやスクリプト、漏えいしたキーなど）を調べてください。');
  // Both at once: restricted, and the own host named.
  const both = await report([logOf('own-spam-restricted.log', { name: 'app1.example.org', ip: '198.51.100.80', count: 60, from: forged, probes: 2 })],
    { year: 2026, lang: 'en' });
  assert.equal(relayStep(both), 'Close the open relay: stop relaying without a login for 198.51.100.80 (other clients get "Relay access denied": '
    + 'mynetworks or an access map lets it through; remove it there). app1.example.org (198.51.100.80) is a host of your own domain whose '
    + 'relayed mail shows spam signs: find what on it sends it (a hacked web application or script, a leaked key) before it relays again.');
});
