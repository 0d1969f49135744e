// Review 10, H3 and L1, with known answers on both sides.
//   H3: an office smarthost (clients on 10.1.2.x relaying without SASL: permit_mynetworks) and a localhost injector
//       were a CRITICAL open relay, and the mynetworks line offered would have cut the office off.
//   L1: 160 TLS scanners, one failed handshake each, made a server-trouble finding whose fix printed every class.
// Logs are built from the line shapes of test/fixtures/rules (make-fixtures.py) and the review's generator
// (/tmp/r10w/gen_relay.py: the corpus's smtpd/cleanup/qmgr/smtp lines, client names of an office LAN).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { mynetworksEntry, mynetworksValue, ownNetworkClass } from '../src/detect/own-network.js';

const FIX = join(ROOT, 'test', 'fixtures', 'rules');

function tmp(name: string, content: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'mlf-relay-tls-')), name);
  writeFileSync(p, content);
  return p;
}

function findingsOf(r: Report, rule: string): Finding[] {
  return r.findings.filter((f) => f.rule === rule);
}

function fixOf(r: Report, f: Finding): string {
  return f.fix ?? r.rules.find((x) => x.id === f.rule)!.fix;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * One message relayed without login from `name[ip]` to `rcpts` (gen_relay.py's lines). `at` in seconds after 11:00.
 */
function relayed(at: number, pid: number, queueId: string, name: string, ip: string, rcpts: string[], sender = 'noreply@corp.example',
  bounced = false): string[] {
  const ts = (s: number): string => `Nov 28 ${two(11 + Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  const out = [
    `${ts(at)} mail postfix/smtpd[${pid}]: connect from ${name}[${ip}]`,
    `${ts(at)} mail postfix/smtpd[${pid}]: ${queueId}: client=${name}[${ip}]`,
    `${ts(at)} mail postfix/cleanup[${pid + 1}]: ${queueId}: message-id=<${queueId}@${name}>`,
    `${ts(at)} mail postfix/qmgr[900]: ${queueId}: from=<${sender}>, size=4211, nrcpt=${rcpts.length} (queue active)`,
    `${ts(at)} mail postfix/smtpd[${pid}]: disconnect from ${name}[${ip}] ehlo=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${4 + rcpts.length}`,
  ];
  for (const r of rcpts) {
    const d = r.slice(r.indexOf('@') + 1);
    out.push(`${ts(at + 1)} mail postfix/smtp[${pid + 2}]: ${queueId}: to=<${r}>, relay=mx.${d}[203.0.113.${10 + d.length}]:25, delay=1.2, `
      + (bounced
        ? `delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.${d}[203.0.113.${10 + d.length}] said: 550 5.1.1 <${r}>: Recipient address rejected: User unknown (in reply to RCPT TO command))`
        : 'delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK  1700000000 abc.123 - gsmtp)'));
  }
  out.push(`${ts(at + 1)} mail postfix/qmgr[900]: ${queueId}: removed`);
  return out;
}

const DOMAINS = ['gmail.com', 'yahoo.co.jp', 'outlook.com', 'partner.co.jp', 'client-a.co.jp', 'docomo.ne.jp', 'example.org'];
const OFFICE: Array<[string, string]> = [
  ['printer1.office.lan', '10.1.2.10'], ['scanner.office.lan', '10.1.2.11'], ['app01.office.lan', '10.1.2.12'],
  ['erp.office.lan', '10.1.2.20'], ['web01.office.lan', '10.1.2.21'], ['nas.office.lan', '10.1.2.50'],
];

/**
 * The office smarthost: 60 messages from six 10.1.2.x hosts, 1–3 recipients each in seven outside domains (120
 * recipients; host k of OFFICE has 10 messages of 1 + k % 3 recipients: .12 and .50 relayed most).
 */
function officeLines(host: (i: number) => [string, string] = (i) => OFFICE[i % OFFICE.length]!): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const [name, ip] = host(i);
    const rcpts = Array.from({ length: 1 + (i % 3) }, (_, k) => `user${i * 3 + k}@${DOMAINS[(i + k) % DOMAINS.length]}`);
    lines.push(...relayed(i * 20, 5000 + i * 3, `B${(0x1A2B300 + i).toString(16).toUpperCase()}`, name, ip, rcpts));
  }
  return lines;
}

// ------------------------------------------------------------------------------------------------ own networks

test('own networks: loopback, RFC 1918, link-local and ULA are the site\'s own; CGNAT, documentation and public ranges are not', () => {
  const cases: Array<[string, string | null]> = [
    ['127.0.0.1', 'loopback'], ['127.66.6.6', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.10', 'private'], ['172.16.0.1', 'private'], ['172.31.255.254', 'private'], ['192.168.1.20', 'private'],
    ['::ffff:10.1.2.3', 'private'], ['169.254.10.1', 'link-local'], ['fe80::1', 'link-local'],
    ['fd12:3456:789a:1::5', 'unique-local'], ['fc00::1', 'unique-local'],
    ['172.15.0.1', null], ['172.32.0.1', null], ['100.64.0.1', null], ['192.0.2.10', null], ['198.51.100.23', null],
    ['203.0.113.5', null], ['8.8.8.8', null], ['2001:db8::1', null], ['fec0::1', null], ['not-an-ip', null],
  ];
  for (const [ip, cls] of cases) assert.equal(ownNetworkClass(ip), cls, ip);
  assert.deepEqual(['10.1.2.10', '192.168.1.20', '169.254.10.1', '127.0.0.5', '::1', 'fd12:3456:789a:1::5', 'fd00::1', 'fe80::1', '198.51.100.23', '2001:db8::1']
    .map(mynetworksEntry),
  ['10.1.2.0/24', '192.168.1.0/24', '169.254.0.0/16', '127.0.0.0/8', '[::1]/128', '[fd12:3456:789a:1::]/64', '[fd00::]/64', '[fe80::]/10',
    '198.51.100.23/32', '[2001:db8::1]/128']);
  // Loopback first, each network once, IPv4 in numeric order, then IPv6.
  assert.deepEqual(mynetworksValue(['192.168.5.7', 'fd00::9', '10.1.2.12', '10.1.2.50', '127.0.0.1', '9.9.9.9']),
    ['127.0.0.0/8', '[::1]/128', '9.9.9.9/32', '10.1.2.0/24', '192.168.5.0/24', '[fd00::]/64']);
  assert.deepEqual(mynetworksValue([]), ['127.0.0.0/8', '[::1]/128']);
});

// ------------------------------------------------------------------------------------------------ H3

test('H3 office smarthost: six 10.1.2.x hosts relaying without login are an info note, not an open relay; its mynetworks keeps 10.1.2.0/24', async () => {
  const path = tmp('relay-only.log', officeLines().join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.equal(r.totals.received, 60);
  const fs = findingsOf(r, 'open-relay');
  assert.deepEqual(fs.map((f) => f.severity), ['info']);
  const f = fs[0]!;
  assert.deepEqual(f.subject, { kind: 'ips', value: '10.1.2.12, 10.1.2.50, 10.1.2.11 and 3 more' });
  assert.equal(f.evidence.relayingIps, 6);
  assert.equal(f.evidence.relayedMessages, 60);
  assert.equal(f.evidence.relayedRecipients, 120);
  assert.equal(f.evidence.externalDomains, 7);
  assert.equal(f.evidence.mynetworks, '127.0.0.0/8 [::1]/128 10.1.2.0/24');
  assert.match(f.title, /^Relayed without login from your own networks: 6 client IPs on private or loopback addresses \(10\.1\.2\.12, /);
  assert.match(f.title, /not an open relay \(the Internet cannot reach these addresses\), but check that they are yours$/);
  const fix = fixOf(r, f);
  assert.match(fix, /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128 10\.1\.2\.0\/24'$/m);
  // The line that cut the office off is offered nowhere.
  assert.doesNotMatch(fix, /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128'$/m);
  assert.match(fix, /smtpd_upstream_proxy_protocol/);
  assert.ok(!r.findings.some((x) => x.severity === 'critical' || x.severity === 'high'), r.findings.map((x) => x.title).join(' | '));

  const ja = findingsOf(await report([path], { year: 2026, lang: 'ja' }), 'open-relay');
  assert.deepEqual(ja.map((x) => x.severity), ['info']);
  assert.match(ja[0]!.title, /^自社のネットワークからのログインなしの中継: .*クライアント IP 6 件（10\.1\.2\.12、/);
  assert.match(ja[0]!.fix!, /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128 10\.1\.2\.0\/24'$/m);
});

test('H3 localhost injector: a web application relaying through 127.0.0.1 is an info note; --allow-ips leaves it out', async () => {
  const path = tmp('localhost-relay.log', officeLines(() => ['localhost', '127.0.0.1']).join('\n') + '\n');
  const fs = findingsOf(await report([path], { year: 2026 }), 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value, f.evidence.relayedRecipients, f.evidence.mynetworks]),
    [['info', '127.0.0.1', 120, '127.0.0.0/8 [::1]/128']]);
  assert.match(fs[0]!.title, /1 client IP on private or loopback addresses \(127\.0\.0\.1\).*check that it is yours$/);
  assert.deepEqual(findingsOf(await report([path], { year: 2026, detect: { allowIps: new Set(['127.0.0.1']) } }), 'open-relay'), []);
});

test('H3 real open relay beside an office: the public IPs fire as before; the fix keeps every own network the log shows relaying', async () => {
  // open-relay.log (198.51.100.23/24 relay to seven domains without login), the office, and one 192.168.5.7 host
  // that relayed to a single outside domain: under minExternalDomains, yet relaying normally, so kept too.
  const extra = relayed(3000, 6000, 'C1A2B3C4D', 'backup.office.lan', '192.168.5.7', ['ops@partner.co.jp']);
  const path = tmp('mixed.log', [readFileSync(join(FIX, 'open-relay.log'), 'utf8').trimEnd(), ...officeLines(), ...extra].join('\n') + '\n');
  const fs = findingsOf(await report([path], { year: 2026 }), 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value]),
    [['high', '198.51.100.23, 198.51.100.24'], ['info', '10.1.2.12, 10.1.2.50, 10.1.2.11 and 3 more']]);
  const relay = fs[0]!;
  // The same numbers as on open-relay.log alone (detect-rules.test.ts).
  assert.equal(relay.evidence.relayingIps, 2);
  assert.equal(relay.evidence.relayedMessages, 6);
  assert.equal(relay.evidence.relayedRecipients, 9);
  assert.equal(relay.evidence.externalDomains, 7);
  assert.equal(relay.evidence.topIps, '198.51.100.23 (6), 198.51.100.24 (3)');
  assert.equal(relay.evidence.mynetworks, '127.0.0.0/8 [::1]/128 10.1.2.0/24 192.168.5.0/24');
  assert.match(relay.fix!, /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128 10\.1\.2\.0\/24 192\.168\.5\.0\/24'$/m);
  assert.match(relay.fix!, /^# .*Kept: 10\.1\.2\.0\/24 192\.168\.5\.0\/24, which relayed here without a login from your own networks$/m);
  assert.doesNotMatch(relay.fix!, /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128'$/m);
  assert.equal(fs[1]!.evidence.mynetworks, '127.0.0.0/8 [::1]/128 10.1.2.0/24 192.168.5.0/24');
  // An IP --allow-ips vouched for (a web server of ours on a public address) is kept as a host, and not reported.
  const allowed = findingsOf(await report([path], { year: 2026, detect: { allowIps: new Set(['198.51.100.24']) } }), 'open-relay');
  assert.deepEqual(allowed.map((f) => f.subject.value), ['198.51.100.23', '10.1.2.12, 10.1.2.50, 10.1.2.11 and 3 more']);
  assert.equal(allowed[0]!.evidence.mynetworks, '127.0.0.0/8 [::1]/128 10.1.2.0/24 192.168.5.0/24 198.51.100.24/32');
  const ja = findingsOf(await report([path], { year: 2026, lang: 'ja' }), 'open-relay');
  assert.match(ja[0]!.fix!, /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128 10\.1\.2\.0\/24 192\.168\.5\.0\/24'$/m);
});

test('H3 open-relay.log alone: no own network relays, so the finding keeps the general fix and no note is added', async () => {
  const r = await report([join(FIX, 'open-relay.log')], { year: 2026 });
  const fs = findingsOf(r, 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value]), [['high', '198.51.100.23, 198.51.100.24']]);
  assert.equal(fs[0]!.fix, undefined);
  assert.equal(fs[0]!.evidence.mynetworks, undefined);
  assert.match(fixOf(r, fs[0]!), /^postconf -e 'mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128'$/m);
  assert.match(fixOf(r, fs[0]!), /Add your own LAN \(e\.g\. 192\.168\.1\.0\/24\) if its hosts send through this server without a login$/m);
});

// ------------------------------------------------------------------------------------------------ L1

/**
 * A TLS handshake that fails (make-fixtures.py's library line, session-problems.log's SSL_accept line, the review's
 * tls-scan.log session), `at` seconds after 10:00.
 */
function tlsFailure(at: number, pid: number, ip: string): string[] {
  const ts = `Nov 28 ${two(10 + Math.floor(at / 3600))}:${two(Math.floor(at / 60) % 60)}:${two(at % 60)}`;
  return [
    `${ts} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`,
    `${ts} mail postfix/smtpd[${pid}]: warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:308:`,
    `${ts} mail postfix/smtpd[${pid}]: SSL_accept error from unknown[${ip}]: lost connection`,
    `${ts} mail postfix/smtpd[${pid}]: lost connection after STARTTLS from unknown[${ip}]`,
    `${ts} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 starttls=0/1 commands=1/2`,
  ];
}

/** 160 scanners failing once each, and `repeat` clients failing `times` times each. */
function tlsLog(repeat: number, times: number): string {
  const lines: string[] = [];
  let pid = 40000;
  let at = 0;
  for (let i = 0; i < 160; i++) lines.push(...tlsFailure(at++, pid++, `45.${100 + (i % 50)}.${i}.${7 + (i % 200)}`));
  for (let k = 0; k < times; k++) {
    for (let c = 0; c < repeat; c++) lines.push(...tlsFailure(at++, pid++, `198.51.100.${50 + c}`));
  }
  return lines.join('\n') + '\n';
}

test('L1 TLS scanners: 160 IPs failing one handshake each are background noise, not server trouble', async () => {
  const r = await report([tmp('tls-scan.log', tlsLog(0, 0))], { year: 2026 });
  assert.deepEqual(findingsOf(r, 'server-trouble'), []);
  assert.equal(r.byClientIp.filter((x) => x.sessionProblemKinds?.['SSL_accept error'] === 1).length, 160);
  // Four clients failing again and again: still under minTlsRepeatIps (5).
  assert.deepEqual(findingsOf(await report([tmp('tls-4.log', tlsLog(4, 3))], { year: 2026 }), 'server-trouble'), []);
  // Five clients failing twice each do not count at minTlsFailuresPerIp=3.
  assert.deepEqual(findingsOf(await report([tmp('tls-5.log', tlsLog(5, 2))], { year: 2026, detect: { thresholds: { 'server-trouble.minTlsFailuresPerIp': 3 } } }),
    'server-trouble'), []);
});

test('L1 TLS trouble: five clients failing again and again fire LOW, with the TLS advice only (en, ja)', async () => {
  const path = tmp('tls-5.log', tlsLog(5, 3));
  const r = await report([path], { year: 2026 });
  const fs = findingsOf(r, 'server-trouble');
  assert.equal(fs.length, 1);
  const f = fs[0]!;
  assert.equal(f.severity, 'low');
  assert.equal(f.evidence.classes, 'tls');
  assert.equal(f.evidence.tlsErrors, 175);
  assert.equal(f.evidence.tlsFailingIps, 165);
  assert.equal(f.evidence.tlsRepeatFailingIps, 5);
  assert.equal(f.evidence.topTlsRepeatIps, '198.51.100.50 (3), 198.51.100.51 (3), 198.51.100.52 (3), 198.51.100.53 (3), 198.51.100.54 (3)');
  assert.match(f.title, /: 175 TLS handshake failures \(5 clients failed 2 times or more\)$/);
  const fix = f.fix!;
  assert.match(fix, /^openssl s_client -connect localhost:25 -starttls smtp/m);
  assert.match(fix, /smtpd_tls_mandatory_protocols/);
  for (const other of ['df -h', 'postmap', 'dig +short', 'doveadm', 'login_trusted_networks', 'default_process_limit']) {
    assert.ok(!fix.includes(other), `${other} in a TLS-only fix`);
  }
  const ja = findingsOf(await report([path], { year: 2026, lang: 'ja' }), 'server-trouble')[0]!;
  assert.match(ja.title, /TLS ハンドシェイクの失敗 175 件（2 回以上失敗したクライアント 5 件）$/);
  assert.ok(ja.fix!.includes('openssl s_client') && !ja.fix!.includes('login_trusted_networks') && !ja.fix!.includes('df -h'));
  // The threshold decides: one client failing again and again is enough at minTlsRepeatIps=1.
  const one = findingsOf(await report([tmp('tls-1.log', tlsLog(1, 4))], { year: 2026, detect: { thresholds: { 'server-trouble.minTlsRepeatIps': 1 } } }),
    'server-trouble');
  assert.deepEqual(one.map((x) => [x.evidence.tlsRepeatFailingIps, x.evidence.topTlsRepeatIps]), [[1, '198.51.100.50 (4)']]);
});

test('L1 TLS problems of the smtp client name no client: 100 in bulk still fire, 99 do not', async () => {
  const outbound = (n: number): string => Array.from({ length: n }, (_, i) => `Nov 28 10:${two(Math.floor(i / 60))}:${two(i % 60)} mail `
    + `postfix/smtp[${5000 + i}]: warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:308:`)
    .join('\n') + '\n';
  const fs = findingsOf(await report([tmp('out-100.log', outbound(100))], { year: 2026 }), 'server-trouble');
  assert.deepEqual(fs.map((f) => [f.severity, f.evidence.classes, f.evidence.tlsErrors, f.evidence.tlsRepeatFailingIps]), [['low', 'tls', 100, 0]]);
  assert.match(fs[0]!.title, /: 100 TLS handshake failures$/);
  assert.deepEqual(findingsOf(await report([tmp('out-99.log', outbound(99))], { year: 2026 }), 'server-trouble'), []);
});

test('L1 the fix names the classes that fired: disk, crash, auth and DNS on server-trouble.log, without TLS or process limits', async () => {
  const f = findingsOf(await report([join(FIX, 'server-trouble.log')], { year: 2026 }), 'server-trouble')[0]!;
  assert.equal(f.evidence.classes, 'disk, crash, auth, dns');
  const fix = f.fix!;
  for (const line of ['df -h /var/spool/postfix', 'postfix check', 'postmap /etc/postfix/<map>', 'doveadm log errors', 'dig +short mx gmail.com']) {
    assert.ok(fix.includes(line), line);
  }
  assert.match(fix, /^login_trusted_networks = /m);
  assert.ok(!fix.includes('openssl s_client') && !fix.includes('default_process_limit'), fix);
  assert.match(fix, /^Look at each example line, then by class:/);
});

// ------------------------------------------------------------------------------------------------ review 11, H5

/**
 * `n` messages from `name[ip]`, one every `every` seconds from `start` (seconds after 11:00), message i from
 * senders[i % senders.length] to one recipient in outside domain d{i}.example.net (each a new domain).
 */
function spamRun(start: number, every: number, n: number, name: string, ip: string, senders: string[], bounced = (_i: number): boolean => false): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(...relayed(start + i * every, 8000 + i * 3, `D${(0x1A2B300 + i).toString(16).toUpperCase()}`, name, ip, [`u${i}@d${i}.example.net`],
      senders[i % senders.length], bounced(i)));
  }
  return out;
}

const PHISH = ['service@amazon.co.jp', 'info@smbc-card.com', 'notice@mufg.jp', 'security@aeon.co.jp'];

test('H5 hacked web application on localhost: forged senders of 4 outside domains are HIGH, with the advice to find the script', async () => {
  // The localhost injector of review 10 (60 messages as corp.example in 20 minutes), then 20 phishing messages
  // from 11:30, one every 10 minutes (no burst: 20 domains in 190 minutes).
  const path = tmp('hacked-webapp.log', [...officeLines(() => ['localhost', '127.0.0.1']), ...spamRun(1800, 600, 20, 'localhost', '127.0.0.1', PHISH)].join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  const fs = findingsOf(r, 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value]), [['high', '127.0.0.1']]);
  const f = fs[0]!;
  assert.equal(f.evidence.forgedSenderMessages, 20);
  assert.equal(f.evidence.distinctForgedSenderDomains, 4);
  assert.equal(f.evidence.hostSenderDomains, '127.0.0.1 (corp.example)');
  assert.equal(f.evidence.spamSigns, 'forged-senders');
  assert.equal(f.evidence.relayedMessages, 80);
  assert.match(f.title, /^Spam relayed from your own network: 1 client IP .*\(127\.0\.0\.1\) had 80 messages relayed without login .*20 of them as other people's domains \(aeon\.co\.jp, amazon\.co\.jp, mufg\.jp and 1 more\)/);
  for (const must of [/postqueue -p/, /postcat -q/, /mail\.add_x_header = On/, /X-PHP-Originating-Script/, /access\.log/, /Do not block the IP/]) assert.match(f.fix!, must);
  assert.doesNotMatch(f.fix!, /Nothing to change/);
  const ja = findingsOf(await report([path], { year: 2026, lang: 'ja' }), 'open-relay');
  assert.match(ja[0]!.title, /^自社のネットワークからのスパムの中継: /);
  assert.match(ja[0]!.fix!, /X-PHP-Originating-Script/);
  // Two forged domains (under ownSpamForgedDomains = 3): still the info note.
  const two = tmp('two-domains.log', [...officeLines(() => ['localhost', '127.0.0.1']), ...spamRun(1800, 600, 20, 'localhost', '127.0.0.1', PHISH.slice(0, 2))].join('\n') + '\n');
  assert.deepEqual(findingsOf(await report([two], { year: 2026 }), 'open-relay').map((x) => x.severity), ['info']);
  // A threshold override moves the line.
  const raised = await report([path], { year: 2026, detect: { thresholds: { 'open-relay.ownSpamForgedDomains': 5 } } });
  assert.deepEqual(findingsOf(raised, 'open-relay').map((x) => x.severity), ['info']);
});

test('H5 burst: 40 outside domains in 39 minutes from an office host, 20% bounced, is HIGH (all delivered: low bulk mail, review 12); the same over 6.5 hours is the info note; forged and in a burst is CRITICAL', async () => {
  const burst = tmp('burst.log', [...officeLines(), ...spamRun(1800, 60, 40, 'web02.office.lan', '10.1.2.22', ['noreply@corp.example'], (i) => i % 5 === 0)].join('\n') + '\n');
  const fs = findingsOf(await report([burst], { year: 2026 }), 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value, f.evidence.spamSigns, f.evidence.relayMinutes, f.evidence.relayNotDeliveredPercent]),
    [['high', '10.1.2.22', 'burst, not-delivered', '10.1.2.22 (39)', '10.1.2.22 (20)'], ['info', '10.1.2.12, 10.1.2.50, 10.1.2.11 and 3 more', undefined, undefined, undefined]]);
  // Nothing forged: the fix says what was seen (a burst, 20% not delivered), not "other people's domains".
  assert.match(fs[0]!.title, /within 39 minutes, 20% of the recipients not delivered: a hacked web application/);
  assert.match(fs[0]!.fix!, /^This is not a smarthost at work: 40 messages to 40 outside domains went out from 10\.1\.2\.22 without a login within 39 minutes, and 20% of the recipients did not get them/);
  assert.doesNotMatch(fs[0]!.fix!, /other people's domains/);
  const slow = tmp('slow.log', [...officeLines(), ...spamRun(1800, 600, 40, 'web02.office.lan', '10.1.2.22', ['noreply@corp.example'])].join('\n') + '\n');
  assert.deepEqual(findingsOf(await report([slow], { year: 2026 }), 'open-relay').map((f) => f.severity), ['info']);
  const both = tmp('both.log', [...officeLines(), ...spamRun(1800, 60, 40, 'web02.office.lan', '10.1.2.22', PHISH)].join('\n') + '\n');
  const bf = findingsOf(await report([both], { year: 2026 }), 'open-relay');
  // Its main sender domain is one of the four brands, none of ours: that is a sign too (review 13, H5).
  assert.deepEqual(bf.map((f) => [f.severity, f.evidence.spamSigns]), [['critical', 'forged-senders, burst, sender-not-ours'], ['info', undefined]]);
});

// ------------------------------------------------------------------------------------------------ review 12, H5

/** A mailbox of example.jp delivered over LMTP (cms.log's): example.jp is ours. */
const LMTP_EXAMPLE_JP = [
  'Nov 28 10:59:00 mail postfix/smtpd[4000]: connect from mail.partner.co.jp[198.51.100.80]',
  'Nov 28 10:59:00 mail postfix/smtpd[4000]: E1A2B3C4D: client=mail.partner.co.jp[198.51.100.80]',
  'Nov 28 10:59:00 mail postfix/cleanup[4001]: E1A2B3C4D: message-id=<x1@partner.co.jp>',
  'Nov 28 10:59:00 mail postfix/qmgr[900]: E1A2B3C4D: from=<kato@partner.co.jp>, size=3120, nrcpt=1 (queue active)',
  'Nov 28 10:59:01 mail postfix/lmtp[4002]: E1A2B3C4D: to=<tanaka@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <tanaka@example.jp> 6G4gEIzTCmtHUwAAg+zDdQ Saved)',
  'Nov 28 10:59:01 mail postfix/qmgr[900]: E1A2B3C4D: removed',
];

test('review 12 H5: a CMS on localhost sending the newsletter as our own domain, one message per customer, 40 domains in 47 minutes, 1 bounce, is LOW bulk mail, not HIGH spam', async () => {
  // cms.log's shape: client=localhost[127.0.0.1], from=<news@example.jp>, one recipient per message, a 550 5.1.1
  // now and then; example.jp is ours (a mailbox delivered over LMTP).
  const run = (bounced: (i: number) => boolean): string => tmp('cms.log',
    [...LMTP_EXAMPLE_JP, ...spamRun(600, 72, 40, 'localhost', '127.0.0.1', ['news@example.jp'], bounced)].join('\n') + '\n');
  const fs = findingsOf(await report([run((i) => i === 7)], { year: 2026 }), 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.evidence.hostSenderDomains, f.evidence.forgedSenderMessages, f.evidence.relayMinutes, f.evidence.relayNotDeliveredPercent]),
    [['low', '127.0.0.1 (example.jp)', 0, '127.0.0.1 (47)', '127.0.0.1 (2.5)']]);
  const f = fs[0]!;
  assert.match(f.title, /^Bulk mail from your own network: .*\(127\.0\.0\.1\) had 40 messages relayed without login .* within 47 minutes, sent as example\.jp, 2\.5% of the recipients not delivered: what a newsletter or mailing list looks like/);
  assert.match(f.fix!, /none of it was sent as other people's domains\. If it was planned, nothing needs changing here/);
  assert.doesNotMatch(f.fix!, /This is not a smarthost|mail sent as other people's domains went out/);
  const ja = findingsOf(await report([run((i) => i === 7)], { year: 2026, lang: 'ja' }), 'open-relay')[0]!;
  assert.match(ja.title, /^自社のネットワークからの一斉送信: /);
  assert.match(ja.fix!, /他社のドメインを送信者としたメールはありません/);
  // 4 of 40 bounced (10%: an old list, review 17 I1) is still bulk mail; 8 of 40 (20%, ownSpamNotDeliveredPercent) is
  // spam as our own domain, HIGH.
  const old = findingsOf(await report([run((i) => i % 10 === 3)], { year: 2026 }), 'open-relay');
  assert.deepEqual(old.map((x) => [x.severity, x.evidence.relayNotDeliveredPercent]), [['low', '127.0.0.1 (10)']]);
  const spam = findingsOf(await report([run((i) => i % 5 === 3)], { year: 2026 }), 'open-relay');
  assert.deepEqual(spam.map((x) => [x.severity, x.evidence.spamSigns, x.evidence.relayNotDeliveredPercent]), [['high', 'burst, not-delivered', '127.0.0.1 (20)']]);
  assert.match(spam[0]!.fix!, /and 20% of the recipients did not get them \(bounced, expired or still deferred\)/);
  assert.match(spam[0]!.fix!, /On 127\.0\.0\.1 that is a program on this server/);
});

// ------------------------------------------------------------------------------------------------ review 13, H5


test('review 13 H5: a burst from localhost as one outside brand (security@mufg.jp: no login, no mailbox, no host of ours sent as it), 1 bounce in 40, is HIGH spam, not "bulk mail … none of it sent as other people\'s domains"', async () => {
  const path = tmp('php-brand.log', [...LMTP_EXAMPLE_JP, ...spamRun(600, 60, 40, 'localhost', '127.0.0.1', ['security@mufg.jp'], (i) => i === 7)].join('\n') + '\n');
  const fs = findingsOf(await report([path], { year: 2026 }), 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.evidence.spamSigns, f.evidence.hostSenderDomains, f.evidence.forgedSenderMessages, f.evidence.topForgedSenderDomains,
    f.evidence.relayNotDeliveredPercent]), [['high', 'burst, sender-not-ours', '127.0.0.1 (-)', 40, 'mufg.jp', '127.0.0.1 (2.5)']]);
  const f = fs[0]!;
  assert.match(f.title, /^Spam relayed from your own network: .*\(127\.0\.0\.1\) had 40 messages relayed without login .*, 40 of them as other people's domains \(mufg\.jp\) within 39 minutes: a hacked web application/);
  // mufg.jp is a well-known brand's (detect/brand-domains.ts): never the host's own domain (hostSenderDomains "-"),
  // and the fix says what it is, not that a hosted site's newsletter may look the same (review Q).
  assert.match(f.fix!, /mufg\.jp is the domain of a well-known company that phishing impersonates \(a bank, card company, shop, carrier or online service\), and none of this server's: no site hosted here sends as it/);
  assert.doesNotMatch(f.fix!, /none of it was sent as other people's domains|nothing needs changing|only sign of spam/);
  const ja = findingsOf(await report([path], { year: 2026, lang: 'ja' }), 'open-relay')[0]!;
  assert.match(ja.fix!, /mufg\.jp はフィッシングでよく詐称される有名企業.*のドメインで、このサーバーのドメインではありません/);
  assert.doesNotMatch(ja.fix!, /他社のドメインを送信者としたメールはありません/);
});

test('review 13 H5: a burst as the domain the office hosts send as all day (corp.example, not a login or mailbox domain) stays LOW bulk mail', async () => {
  const path = tmp('office-newsletter.log', [...officeLines(), ...spamRun(1800, 60, 40, 'web02.office.lan', '10.1.2.22', ['news@corp.example'])].join('\n') + '\n');
  const fs = findingsOf(await report([path], { year: 2026 }), 'open-relay');
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value, f.evidence.forgedSenderMessages]),
    [['low', '10.1.2.22', 0], ['info', '10.1.2.12, 10.1.2.50, 10.1.2.11 and 3 more', undefined]]);
  // The same burst as mufg.jp from that LAN host: a domain that is not ours, named in a LOW note to check. From a
  // private host it may be a client's own domain that a smarthost relays (review 14, F4: a hosted customer's
  // newsletter, 98% delivered, was "a hacked web application"); from this host itself it is spam (the test above).
  const brand = tmp('office-brand.log', [...officeLines(), ...spamRun(1800, 60, 40, 'web02.office.lan', '10.1.2.22', ['security@mufg.jp'])].join('\n') + '\n');
  const bf = findingsOf(await report([brand], { year: 2026 }), 'open-relay');
  assert.deepEqual(bf.map((f) => [f.severity, f.evidence.spamSigns]), [['low', undefined], ['info', undefined]]);
  assert.match(bf[0]!.title, /sent as mufg\.jp/);
  assert.doesNotMatch(bf[0]!.fix ?? '', /none of it was sent as other people's domains/);
});
