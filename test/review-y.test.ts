// Review Y: the advice checked against the real tools on Debian 12 (Postfix 3.7.11, opendkim 2.11). Y1: the sender
// check set on the submission entries themselves (Postfix 3.7's stock master.cf gives them an empty
// `-o smtpd_sender_restrictions=`), checked with postconf -P and a swaks test; Y11: port 25 checks only clients that
// log in (hosts in mynetworks send as listed addresses without one); Y12: main.cf settings as `postconf -e` lines,
// after a look at what is set; Y7/Y8: opendkim's Socket and Postfix's milter address agree, the key directory is made
// before opendkim-genkey, the DKIM record is split; Y9: postscreen's DNSBL enforced, with a reply filter; Y15: the DNS
// check asks the resolver Postfix uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { dkimBlocks, DKIM_MILTER, DKIM_SOCKET } from '../src/detect/rules/receivers-refusing.js';
import { loginEntry, senderCheckEntries } from '../src/detect/rules/compromised-account.js';

const SAMPLES = join(ROOT, 'samples');
const FIX = join(ROOT, 'test', 'fixtures', 'rules');

function fixOf(r: Report, rule: string): string {
  const fs = r.findings.filter((f) => f.rule === rule);
  assert.equal(fs.length, 1, `${rule}: one finding (got ${fs.length})`);
  return fs[0]!.fix ?? r.rules.find((x) => x.id === rule)!.fix;
}

/** The rule's general text (relay-probing has no advice of its own per finding). */
function ruleFix(r: Report, rule: string): string {
  assert.ok(r.findings.some((f) => f.rule === rule && f.fix === undefined), rule);
  return r.rules.find((x) => x.id === rule)!.fix;
}

/** The fenced blocks of a Markdown text. */
function blocks(md: string): string[] {
  return [...md.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((x) => x[1]!);
}

/** The command lines of the blocks, comments dropped (ja and en differ only in those). */
function commands(md: string): string[] {
  return blocks(md).flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '')).filter((l) => l !== '' && !l.startsWith('#'));
}

let sampleRuns: Promise<[Report, Report]> | null = null;
const samples = (): Promise<[Report, Report]> => (sampleRuns ??= Promise.all([
  report([join(SAMPLES, 'incident.log')], { year: 2026 }),
  report([join(SAMPLES, 'incident.log')], { year: 2026, lang: 'ja' }),
]));

// ------------------------------------------------------------------------------------------------ Y1, Y11, Y12

test('Y1 incident sample: the sender check set on the submission entries with postconf -P, the service the logins used named, and checked', async () => {
  const [en, ja] = await samples();
  const fix = fixOf(en, 'compromised-account');
  // The logins of the sample came through postfix/submission/smtpd (and port 25): named, with the entry.
  assert.match(fix, /The logins of this log came through `postfix\/submission\/smtpd` \(the `submission` entry\) and `postfix\/smtpd` \(port 25\)\./);
  // Look first, then the commands: the map, main.cf by postconf -e, each entry by postconf -P, reload.
  const cmds = commands(fix);
  const at = (l: string): number => { const i = cmds.indexOf(l); assert.ok(i >= 0, `${l}\n${cmds.join('\n')}`); return i; };
  const look = at('postconf -n | grep -e sender_login -e sender_restrictions');
  at('postconf -P | grep -e sender_restrictions -e sasl_auth_enable');
  const postmap = at('postmap hash:/etc/postfix/sender_login');
  const maps = at("postconf -e 'smtpd_sender_login_maps = hash:/etc/postfix/sender_login'");
  at("postconf -e 'smtpd_sender_restrictions = reject_authenticated_sender_login_mismatch'");
  const sub = at("postconf -P 'submission/inet/smtpd_sender_restrictions=reject_sender_login_mismatch'");
  at("postconf -P 'submissions/inet/smtpd_sender_restrictions=reject_sender_login_mismatch'");
  at("postconf -P 'smtps/inet/smtpd_sender_restrictions=reject_sender_login_mismatch'");
  const reload = cmds.indexOf('postfix reload', sub);
  assert.ok(look < postmap && postmap < maps && maps < sub && sub < reload, cmds.join('\n'));
  // The check of the result: every entry shows it, and a forged sender on 587 gets 553 (swaks asks the password, sends nothing).
  const verify = at('postconf -P | grep sender_restrictions');
  assert.ok(verify > reload);
  at('swaks -s 127.0.0.1 -p 587 --tls --quit-after RCPT -f not-yours@example.net -t not-yours@example.net -au info@example.jp -ap');
  assert.ok(fix.includes('It must answer `553 5.7.1 <not-yours@example.net>: Sender address rejected: not owned by user info@example.jp`'), fix);
  // No main.cf lines to append (Y12), and no $mua_sender_restrictions claim (Y1).
  assert.doesNotMatch(fix, /^\w+ = /m);
  assert.ok(!fix.includes('mua_sender_restrictions'), fix);
  assert.ok(!fix.includes('Debian\'s `master.cf` gives'), fix);
  // The warning about senders that do not log in stays; mynetworks hosts are named, with the variant that lets them through (Y11).
  assert.match(fix, /your own hosts in `mynetworks` \(a web application, a scanner, a monitoring script on the server or the office network get `553 5\.7\.1 … not logged in`\)/);
  assert.ok(fix.includes("`postconf -e 'smtpd_sender_restrictions = permit_mynetworks, reject_sender_login_mismatch'`"), fix);
  // The same commands in Japanese, and the service named there too.
  const jaFix = fixOf(ja, 'compromised-account');
  assert.deepEqual(commands(jaFix), cmds);
  assert.ok(jaFix.includes('`postfix/submission/smtpd`（`submission` のエントリ）'), jaFix);
  assert.ok(jaFix.includes('`mynetworks` にある自社のホスト'), jaFix);
  assert.ok(jaFix.includes('permit_mynetworks, reject_sender_login_mismatch'), jaFix);
});

test('Y1 logins through postfix/smtps/smtpd: the smtps entry comes first and the test is on 465 with TLS on connect', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-y1-'));
  const log = join(dir, 'smtps.log');
  writeFileSync(log, readFileSync(join(SAMPLES, 'incident.log'), 'latin1').replace(/postfix\/submission\/smtpd/g, 'postfix/smtps/smtpd'), 'latin1');
  const fix = fixOf(await report([log], { year: 2026 }), 'compromised-account');
  assert.match(fix, /came through `postfix\/smtps\/smtpd` \(the `smtps` entry\)/);
  const cmds = commands(fix);
  const p = cmds.filter((l) => l.startsWith('postconf -P \''));
  assert.deepEqual(p.map((l) => l.split('/')[0]), ["postconf -P 'smtps", "postconf -P 'submission", "postconf -P 'submissions"]);
  assert.ok(cmds.some((l) => l.startsWith('swaks -s 127.0.0.1 -p 465 --tlsc --quit-after RCPT ')), cmds.join('\n'));
  assert.ok(!cmds.some((l) => l.includes('-p 587')), cmds.join('\n'));
});

test('Y1 the entry names taken from the log are plain service names or none (they go into a shell line)', () => {
  assert.equal(loginEntry('postfix/submission/smtpd'), 'submission');
  assert.equal(loginEntry('postfix-out/smtps/smtpd'), 'smtps');
  assert.equal(loginEntry('postfix/smtpd'), '');
  assert.equal(loginEntry("postfix/a'b/smtpd"), '');
  assert.equal(loginEntry('postfix/a b/smtpd'), '');
  assert.equal(loginEntry('postfix/submission/cleanup'), '');
  assert.deepEqual(senderCheckEntries([]), ['submission', 'submissions', 'smtps']);
  assert.deepEqual(senderCheckEntries(['postfix/smtpd', 'postfix/msa/smtpd']), ['msa', 'submission', 'submissions', 'smtps']);
});

test('Y1 the general text (rules[].fix) sets the entries and tests with placeholders', async () => {
  const [en] = await samples();
  const fix = en.rules.find((x) => x.id === 'compromised-account')!.fix;
  const cmds = commands(fix);
  assert.ok(cmds.includes("postconf -P 'submission/inet/smtpd_sender_restrictions=reject_sender_login_mismatch'"), fix);
  assert.ok(cmds.includes('swaks -s 127.0.0.1 -p 587 --tls --quit-after RCPT -f not-yours@example.net -t not-yours@example.net -au <login> -ap'), fix);
});

// ------------------------------------------------------------------------------------------------ Y7, Y8

test('Y7/Y8 DKIM: opendkim\'s Socket is the address main.cf\'s milter line names, checked before the reload; key dir made first', async () => {
  const r = await report([join(FIX, 'receivers-refusing-form.log')], { year: 2026 });
  const ja = await report([join(FIX, 'receivers-refusing-form.log')], { year: 2026, lang: 'ja' });
  const fix = fixOf(r, 'receivers-refusing');
  const cmds = commands(fix);
  const socket = cmds.find((l) => l.startsWith('Socket '))!.split(/\s+/)[1]!;
  const milter = cmds.find((l) => l.startsWith("postconf -e 'smtpd_milters = "))!.replace(/^postconf -e 'smtpd_milters = (.*)'$/, '$1');
  // opendkim's inet:PORT@HOST is Postfix's inet:HOST:PORT.
  const s = /^inet:(\d+)@([\d.]+)$/.exec(socket)!;
  assert.ok(s, socket);
  assert.equal(milter, `inet:${s[2]}:${s[1]}`);
  assert.equal(socket, DKIM_SOCKET);
  assert.equal(milter, DKIM_MILTER);
  const i = (l: string): number => { const k = cmds.indexOf(l); assert.ok(k >= 0, `${l}\n${cmds.join('\n')}`); return k; };
  assert.ok(i('mkdir -p /etc/opendkim/keys/example.jp') < i('opendkim-genkey -b 2048 -d example.jp -s mail -D /etc/opendkim/keys/example.jp/'));
  assert.ok(i('opendkim-genkey -b 2048 -d example.jp -s mail -D /etc/opendkim/keys/example.jp/') < i('chown -R opendkim:opendkim /etc/opendkim/keys'));
  for (const l of ['Domain                  example.jp', 'Selector                mail', 'KeyFile                 /etc/opendkim/keys/example.jp/mail.private']) i(l);
  const restart = i('systemctl restart opendkim');
  const ss = i(`ss -ltn | grep ${s[1]}`);
  const milterAt = i(`postconf -e 'smtpd_milters = ${milter}'`);
  i("postconf -e 'non_smtpd_milters = $smtpd_milters'");
  i("postconf -e 'milter_default_action = accept'");
  const reload = cmds.indexOf('postfix reload', milterAt);
  assert.ok(restart < ss && ss < milterAt && milterAt < reload, cmds.join('\n'));
  assert.ok(!fix.includes('inet:localhost:8891'), fix);
  assert.match(fix, /opendkim-testkey -d example\.jp -s mail -vvv/);
  assert.match(fix, /255 characters/);
  // Japanese: the same commands.
  assert.deepEqual(commands(fixOf(ja, 'receivers-refusing')), cmds);
  // dns-records.txt: the DKIM record split into strings, and a note that says so.
  const records = r.findings.find((f) => f.rule === 'receivers-refusing')!.lists!['dns-records.txt']!;
  const dkim = records.find((l) => l.startsWith('mail._domainkey.'))!;
  assert.match(dkim, /^mail\._domainkey\.example\.jp\. TXT \( "v=DKIM1; h=sha256; k=rsa; " "p=[^"]*" "[^"]*" \)$/);
  assert.ok(records.some((l) => /^; 4\. DKIM: .*255 characters/.test(l)), records.join('\n'));
  const jaRecords = ja.findings.find((f) => f.rule === 'receivers-refusing')!.lists!['dns-records.txt']!;
  assert.ok(jaRecords.includes(dkim));
  assert.ok(jaRecords.some((l) => /^; 4\. DKIM: .*255 文字/.test(l)), jaRecords.join('\n'));
});

test('Y8 several domains: KeyTable and SigningTable with a line each, one Socket', () => {
  const b = dkimBlocks(['example.jp', 'example.com']);
  assert.deepEqual(b.conf.slice(1, -1), [
    'KeyTable                /etc/opendkim/key.table',
    'SigningTable            refile:/etc/opendkim/signing.table',
    `Socket                  ${DKIM_SOCKET}`,
  ]);
  assert.deepEqual(b.tables.map((t) => [t.file, t.lines.slice(1, -1)]), [
    ['/etc/opendkim/key.table', [
      'mail._domainkey.example.jp example.jp:mail:/etc/opendkim/keys/example.jp/mail.private',
      'mail._domainkey.example.com example.com:mail:/etc/opendkim/keys/example.com/mail.private',
    ]],
    ['/etc/opendkim/signing.table', ['*@example.jp mail._domainkey.example.jp', '*@example.com mail._domainkey.example.com']],
  ]);
  assert.deepEqual(b.key.filter((l) => l.startsWith('mkdir')), ['mkdir -p /etc/opendkim/keys/example.jp', 'mkdir -p /etc/opendkim/keys/example.com']);
});

// ------------------------------------------------------------------------------------------------ Y9, Y15

test('Y9 relay-probing: postscreen\'s DNSBL enforced, with a threshold and Spamhaus\'s reply filter; the resolver named', async () => {
  const [en, ja] = await Promise.all([
    report([join(FIX, 'relay-probing.log')], { year: 2026 }),
    report([join(FIX, 'relay-probing.log')], { year: 2026, lang: 'ja' }),
  ]);
  const fix = ruleFix(en, 'relay-probing');
  const cmds = commands(fix);
  for (const l of [
    "postconf -e 'postscreen_dnsbl_sites = zen.spamhaus.org=127.0.0.[2..11]*2'",
    "postconf -e 'postscreen_dnsbl_threshold = 2'",
    "postconf -e 'postscreen_dnsbl_action = enforce'",
    "postconf -e 'smtpd_soft_error_limit = 3'",
  ]) assert.ok(cmds.includes(l), `${l}\n${fix}`);
  assert.ok(!fix.includes('zen.spamhaus.org*2'), fix);
  assert.match(fix, /public resolvers/);
  assert.match(fix, /unbound/);
  assert.match(fix, /DQS/);
  assert.doesNotMatch(fix, /^(smtpd|postscreen)_\w+ = /m);
  const jaFix = ruleFix(ja, 'relay-probing');
  assert.deepEqual(commands(jaFix), cmds);
  assert.match(jaFix, /公開リゾルバー/);
});

test('Y15 server-trouble DNS check: the system resolver and the chroot copy, not @127.0.0.1', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await report([join(FIX, 'server-trouble.log')], { year: 2026, lang });
    const fix = r.rules.find((x) => x.id === 'server-trouble')!.fix;
    const cmds = commands(fix);
    assert.ok(cmds.includes('dig +short mx gmail.com; cat /etc/resolv.conf'), cmds.join('\n'));
    assert.ok(cmds.includes('diff /etc/resolv.conf /var/spool/postfix/etc/resolv.conf'), cmds.join('\n'));
    assert.ok(!fix.includes('@127.0.0.1'), fix);
  }
});

// ------------------------------------------------------------------------------------------------ the lines with postconf itself

/** Postfix's postconf, when installed (CI may not have it). */
function postconfPath(): string | null {
  for (const p of ['/usr/sbin/postconf', '/usr/local/sbin/postconf']) if (existsSync(p)) return p;
  return null;
}
const POSTCONF = postconfPath();
/** Postfix's stock master.cf (Debian: /usr/share/postfix/master.cf.dist). */
const MASTER_DIST = ['/usr/share/postfix/master.cf.dist', '/etc/postfix/master.cf.proto'].find((p) => existsSync(p)) ?? null;

test('Y1/Y12 the postconf lines of the advice, applied to a scratch copy of the Postfix configuration, give no warning and set each entry', {
  skip: POSTCONF === null ? 'postconf is not installed' : MASTER_DIST === null ? 'no stock master.cf (master.cf.dist)' : false,
}, async () => {
  const [en] = await samples();
  const refusing = await report([join(FIX, 'receivers-refusing-form.log')], { year: 2026 });
  const probing = await report([join(FIX, 'relay-probing.log')], { year: 2026 });
  const dir = mkdtempSync(join(tmpdir(), 'mlf-postconf-'));
  if (existsSync('/etc/postfix/main.cf')) copyFileSync('/etc/postfix/main.cf', join(dir, 'main.cf'));
  else writeFileSync(join(dir, 'main.cf'), 'compatibility_level = 3.6\n');
  // The stock master.cf with its submission and submissions entries switched on, as an admin does.
  const master = readFileSync(MASTER_DIST!, 'utf8').split('\n');
  let on = false;
  const out = master.map((l) => {
    if (/^#(submission|submissions)\s+inet\b/.test(l)) { on = true; return l.slice(1); }
    if (on && /^# {2}-o /.test(l)) return l.slice(1);
    if (on && !/^#\s{3,}/.test(l)) on = false;
    return l;
  });
  writeFileSync(join(dir, 'master.cf'), out.join('\n'));
  const lines = [fixOf(en, 'compromised-account'), fixOf(refusing, 'receivers-refusing'), ruleFix(probing, 'relay-probing')]
    .flatMap(commands).filter((l) => /^postconf -[eP] '/.test(l));
  assert.ok(lines.length >= 12, lines.join('\n'));
  for (const l of lines) {
    const [, flag, value] = /^postconf (-[eP]) '(.*)'$/.exec(l)!;
    const run = spawnSync(POSTCONF!, ['-c', dir, flag!, value!], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${l}: ${run.stderr}`);
    // An entry the stock master.cf does not have (smtps, renamed submissions in Postfix 3.5) only warns.
    if (value!.startsWith('smtps/')) assert.match(run.stderr, /unmatched service_name\/type/);
    else assert.equal(run.stderr, '', `${l}: ${run.stderr}`);
  }
  const n = spawnSync(POSTCONF!, ['-c', dir, '-n'], { encoding: 'utf8' });
  assert.equal(n.status, 0);
  assert.equal(n.stderr, '', n.stderr);
  assert.match(n.stdout, /^smtpd_sender_restrictions = reject_authenticated_sender_login_mismatch$/m);
  assert.match(n.stdout, /^postscreen_dnsbl_action = enforce$/m);
  assert.match(n.stdout, /^smtpd_milters = inet:127\.0\.0\.1:8891$/m);
  const p = execFileSync(POSTCONF!, ['-c', dir, '-P'], { encoding: 'utf8' });
  for (const e of ['submission', 'submissions']) {
    assert.match(p, new RegExp(`^${e}/inet/smtpd_sender_restrictions = reject_sender_login_mismatch$`, 'm'), p);
  }
});

// Review Y, Y12 in sasl-bruteforce: anvil's limit is set with postconf -e (a line appended to main.cf silently
// overrides one of the same name earlier in the file), the same command in both languages.
test('Y12 sasl-bruteforce: anvil\'s AUTH limit by postconf -e, then reload; no main.cf line to append; ja alike', async () => {
  const [en, ja] = await samples();
  for (const r of [en, ja]) {
    const cmds = commands(fixOf(r, 'sasl-bruteforce'));
    const set = cmds.indexOf("postconf -e 'smtpd_client_auth_rate_limit = 10' 'anvil_rate_time_unit = 60s'");
    assert.ok(set >= 0, cmds.join('\n'));
    assert.equal(cmds[set + 1], 'postfix reload');
    assert.ok(!cmds.includes('smtpd_client_auth_rate_limit = 10'), 'a bare main.cf line');
  }
});

// ------------------------------------------------------------------------------------------------ Y12 rest, Y13

/** Every advice text of backscatter, open-relay and outbound-port-blocked the fixtures and samples give, en and ja. */
async function y12Texts(): Promise<Array<{ name: string; en: string; ja: string }>> {
  const { backscatterFix } = await import('../src/detect/rules/backscatter.js');
  const { openRelayFix, ownNetworkRelayFix } = await import('../src/detect/rules/open-relay.js');
  const { localProgramSpamFix } = await import('../src/detect/rules/open-relay-local.js');
  const { outboundPortBlockedFix } = await import('../src/detect/rules/outbound-port-blocked.js');
  const { messagesFor } = await import('../src/i18n/index.js');
  const ja = messagesFor('ja').advice;
  const forwarded = { inbound: 'first' as const, luserRelay: true, forgedBy: [], queue: { state: 'gone' as const }, forwarded: 30 };
  const relay = { mynetworks: ['127.0.0.0/8', '[::1]/128', '10.1.2.0/24'], fromLog: ['10.1.2.0/24'] };
  const program = { programs: [{ host: 'mail', uid: '33' }], forgedDomains: ['mufg.jp'], strangerDomains: [], strangerOnly: false, messages: 40, domains: 40, minutes: 39,
    notDelivered: null, spamRefused: null, burstFrom: null };
  const inForce = { resumed: true, after: 66, last: '2026-11-17 08:50', inForce: true, lastTimeout: '2026-11-17 13:10' };
  return [
    { name: 'backscatter general', en: backscatterFix(null), ja: ja.backscatter(null) },
    { name: 'backscatter inbound + forwarding', en: backscatterFix(forwarded), ja: ja.backscatter(forwarded) },
    { name: 'open-relay general', en: openRelayFix(null), ja: ja.openRelay(null) },
    { name: 'open-relay own networks kept', en: openRelayFix(relay), ja: ja.openRelay(relay) },
    { name: 'open-relay own-network note', en: ownNetworkRelayFix(relay), ja: ja.ownNetworkRelay(relay) },
    { name: 'open-relay local program', en: localProgramSpamFix(program), ja: ja.localProgramSpam(program) },
    { name: 'outbound-port-blocked general', en: outboundPortBlockedFix(null), ja: ja.outboundPortBlocked(null) },
    { name: 'outbound-port-blocked back at the end', en: outboundPortBlockedFix(inForce), ja: ja.outboundPortBlocked(inForce) },
  ];
}

test('Y12 backscatter, open-relay, outbound-port-blocked: no main.cf line to append, postconf -e after a look at the setting, the same commands in ja', async () => {
  for (const t of await y12Texts()) {
    for (const b of blocks(t.en)) assert.doesNotMatch(b, /^\w+ = /m, `${t.name}: a main.cf line to append\n${b}`);
    assert.ok(!t.en.includes('in `main.cf`:'), t.name);
    assert.deepEqual(commands(t.ja), commands(t.en), t.name);
    const cmds = commands(t.en);
    for (const [i, l] of cmds.entries()) {
      const name = /^postconf -e '(\w+) = /.exec(l)?.[1];
      if (name === undefined || name === 'authorized_submit_users') continue;
      // Every setting the advice changes was shown first: a `postconf NAME …` look before its -e line.
      const look = cmds.findIndex((c) => /^postconf (?!-)/.test(c) && c.split(/\s+/).includes(name));
      assert.ok(look >= 0 && look < i, `${t.name}: ${name} set before a look\n${cmds.join('\n')}`);
    }
    // A -e line takes effect once reloaded (authorized_submit_users: read by sendmail at every run).
    if (cmds.some((l) => l.startsWith('postconf -e ') && !l.includes('authorized_submit_users'))) {
      assert.ok(cmds.some((l) => /^postfix reload\b/.test(l)), `${t.name}: no reload\n${cmds.join('\n')}`);
    }
  }
  // The restriction lists: the text says to keep what the list holds (en and ja).
  const [general, forwarded] = await y12Texts();
  assert.match(forwarded!.en, /Add `reject_unverified_recipient` right after `reject_unauth_destination` in the list it shows, keeping its other entries/);
  assert.match(forwarded!.en, /Add the two entries to what it shows, keeping its other entries/);
  assert.match(forwarded!.ja, /ほかの項目はそのまま残します/);
  assert.ok(general!.en.includes("postmap /etc/postfix/vmailbox\npostconf -e 'virtual_mailbox_maps = hash:/etc/postfix/vmailbox'"), general!.en);
});

test('Y12 the postconf -e lines of backscatter, open-relay and outbound-port-blocked, applied to a scratch copy of the Postfix configuration, give no warning', {
  skip: POSTCONF === null ? 'postconf is not installed' : false,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-postconf-y12-'));
  if (existsSync('/etc/postfix/main.cf')) copyFileSync('/etc/postfix/main.cf', join(dir, 'main.cf'));
  else writeFileSync(join(dir, 'main.cf'), 'compatibility_level = 3.6\n');
  writeFileSync(join(dir, 'master.cf'), '');
  const lines = [...new Set((await y12Texts()).flatMap((t) => commands(t.en)).filter((l) => l.startsWith('postconf -e ')))];
  assert.ok(lines.length >= 12, lines.join('\n'));
  for (const l of lines) {
    const [, value] = /^postconf -e '(.*)'$/.exec(l)!;
    const run = spawnSync(POSTCONF!, ['-c', dir, '-e', value!], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${l}: ${run.stderr}`);
    assert.equal(run.stderr, '', `${l}: ${run.stderr}`);
  }
  const n = spawnSync(POSTCONF!, ['-c', dir, '-n'], { encoding: 'utf8' });
  assert.equal(n.status, 0);
  assert.equal(n.stderr, '', n.stderr);
  for (const want of [
    /^relayhost = \[smtp\.provider\.example\]:587$/m,
    /^smtp_sasl_password_maps = hash:\/etc\/postfix\/sasl_passwd$/m,
    /^smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination$/m,
    /^mynetworks = 127\.0\.0\.0\/8 \[::1\]\/128( 10\.1\.2\.0\/24)?$/m,
    /^unverified_recipient_reject_code = 550$/m,
    /^virtual_mailbox_maps = hash:\/etc\/postfix\/vmailbox$/m,
    /^authorized_submit_users = !www-data, static:all$/m,
    /^smtpd_milters = inet:127\.0\.0\.1:11332$/m,
  ]) assert.match(n.stdout, want);
  // Each setting once: postconf -e replaced the line, nothing was appended twice ("overriding earlier entry").
  const names = n.stdout.split('\n').filter((l) => l !== '').map((l) => l.split(' = ')[0]);
  assert.equal(new Set(names).size, names.length, n.stdout);
});

/** samples/deferred-flood.log with port 25 timing out again after its last lines (Nov 17 11:58). */
function blockBackLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-y13-'));
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const m = String(i * 5).padStart(2, '0');
    lines.push(`Nov 17 13:${m}:11 mail postfix/smtp[3${i}000]: connect to gmail-smtp-in.l.google.com[142.250.157.${20 + i}]:25: Connection timed out`);
    lines.push(`Nov 17 13:${m}:41 mail postfix/smtp[3${i}000]: connect to mx.partner.co.jp[203.0.113.88]:25: Connection timed out`);
  }
  const path = join(dir, 'block-back.log');
  writeFileSync(path, readFileSync(join(SAMPLES, 'deferred-flood.log'), 'utf8') + lines.join('\n') + '\n');
  return path;
}

// Review Y: when port 25 timed out again after the block (or before it), the block's end was the end of its last hour
// (min(that, the log's last timeout)) and its start the start of its first hour: the times the log gives are the
// first timeout of its first hour and the last of its last hour, whatever comes before or after.
test('outbound-port-blocked: a block that comes back later, or was there briefly before, keeps its own first and last timeout', async () => {
  const plain = await report([join(SAMPLES, 'deferred-flood.log')], { year: 2026 });
  const alone = plain.findings.find((x) => x.rule === 'outbound-port-blocked')!;
  // deferred-flood.log: the first timeout 'Nov 16 09:54:45 … connect to gmail-smtp-in…:25: Connection timed out',
  // the last of the block 'Nov 17 08:50:11 … connect to alt3.gmail-smtp-in…:25: Connection timed out'.
  assert.deepEqual([alone.firstAt, alone.lastAt], ['2026-11-16T09:54:45', '2026-11-17T08:50:11']);
  // The same log with three timeouts at 03:05 (remote deliveries follow before 09:00, so a run of their own) and the
  // timeouts at 13:00-13:55 the next day (blockBackLog).
  const lines = readFileSync(blockBackLog(), 'utf8').split('\n');
  const at = lines.findIndex((l) => l >= 'Nov 16 03:10');
  const early = [11, 41].map((s, i) => `Nov 16 03:05:${s} mail postfix/smtp[2000${i}]: connect to mx${i}.example.net[198.51.100.${i + 1}]:25: Connection timed out`);
  const dir = mkdtempSync(join(tmpdir(), 'mlf-y-recur-'));
  const path = join(dir, 'recurs.log');
  writeFileSync(path, [...lines.slice(0, at), ...early, ...lines.slice(at)].join('\n'));
  for (const jobs of [1, 3]) {
    const r = await report([path], { year: 2026, jobs, rangeBytes: jobs === 1 ? undefined : 400_000 });
    const f = r.findings.find((x) => x.rule === 'outbound-port-blocked')!;
    assert.equal(f.evidence.blockedHours, 23);
    assert.deepEqual([f.firstAt, f.lastAt], [alone.firstAt, alone.lastAt], `${jobs} jobs: the block's own times (were 09:00:00 and 08:59:59)`);
    assert.match(f.title, /between 2026-11-16 09:54 and 2026-11-17 08:50:/);
  }
});

test('Y13 samples/deferred-flood.log: the block is over, so queue-flood fixes no route; outbound-port-blocked sets no relayhost', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const r = await report([join(SAMPLES, 'deferred-flood.log')], { year: 2026, lang });
    const block = fixOf(r, 'outbound-port-blocked');
    // What is left at the end is refused by its receiver (nishi-kensetsu.co.jp): no push of the queue (review AI, AI4).
    assert.deepEqual(commands(block), [], block);
    assert.ok(!block.includes('relayhost ='), block);
    const flood = fixOf(r, 'queue-flood');
    assert.deepEqual(commands(flood), ['postqueue -p | tail -1', 'postqueue -p | head -50'], flood);
    if (lang === 'en') {
      assert.match(block, /^The block is over: remote deliveries went through again after it \(66 after 2026-11-17 08:50\), the last attempts of the log among them\. Nothing in the configuration needs changing/);
      assert.match(flood, /^The deferred mail was held up by the blocked port 25 and the block is over \(outbound-port-blocked finding/);
      assert.ok(!flood.includes('Fix the route'), flood);
    } else {
      assert.match(block, /^ブロックは終わっています。/);
      assert.match(flood, /ブロックは終わっています/);
      assert.ok(!flood.includes('送信経路を直して'), flood);
    }
  }
});

test('Y13 port 25 timing out again at the end of the log: the block is in force, confirmed first, then the relayhost; queue-flood says to fix the route', async () => {
  const path = blockBackLog();
  for (const lang of ['en', 'ja'] as const) {
    const r = await report([path], { year: 2026, lang });
    const f = r.findings.find((x) => x.rule === 'outbound-port-blocked')!;
    // The same block as on the sample (its longest run), deliveries after it, and timeouts again at the end.
    assert.equal(f.evidence.remoteDeliveriesAfter, 66);
    assert.equal(f.evidence.blockedHours, 23);
    const block = f.fix!;
    const cmds = commands(block);
    const nc = cmds.indexOf('nc -vz -w 5 gmail-smtp-in.l.google.com 25');
    const look = cmds.indexOf('postconf relayhost smtp_sasl_auth_enable smtp_sasl_password_maps smtp_sasl_security_options smtp_tls_security_level');
    const set = cmds.indexOf("postconf -e 'relayhost = [smtp.provider.example]:587'");
    assert.ok(nc >= 0 && nc < look && look < set, cmds.join('\n'));
    assert.equal(cmds.at(-1), 'postfix reload && postqueue -f');
    const flood = fixOf(r, 'queue-flood');
    if (lang === 'en') {
      // The block's end is its last timeout (08:50:11), not its last hour's end (08:59) now that timeouts come later.
      assert.match(block, /^Remote deliveries went through again after the block \(66 after 2026-11-17 08:50\), but the last attempts of the log timed out again \(the last at 2026-11-17 13:55\): the block is back/);
      assert.match(flood, /is held up by the blocked port 25 \(outbound-port-blocked finding\).*Fix the route as that finding says/);
    } else {
      assert.match(block, /ログの最後の試行は再びタイムアウトしています（最後は 2026-11-17 13:55）/);
      assert.match(flood, /その検出事項に従って送信経路を直してから/);
    }
  }
});
