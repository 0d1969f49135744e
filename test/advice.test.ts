// The "What to do" of the findings (review 7: H1, H2, H3, M6, L3, L4, L6, L8): the advice depends on what the run
// found, and what it says to paste is right for the server in the log. Run on the real corpus, the bundled samples
// and the rule fixtures; each test names the commands the advice must give, and those it must not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderLists } from '../src/render/lists.js';

const incident = join(CORPUS, 'incident', 'maillog');
const skip = !existsSync(incident) ? 'corpus not found' : false;
const SAMPLES = join(ROOT, 'samples');
const FIX = join(ROOT, 'test', 'fixtures', 'rules');

function finding(r: Report, rule: string): Finding {
  const fs = r.findings.filter((f) => f.rule === rule);
  assert.equal(fs.length, 1, `${rule}: one finding (got ${fs.length})`);
  return fs[0]!;
}

/** The advice shown for a finding: its own, else its rule's. */
function fixOf(r: Report, rule: string): string {
  const f = finding(r, rule);
  return f.fix ?? r.rules.find((x) => x.id === rule)!.fix;
}

/** The fenced blocks of a Markdown text. */
function blocks(md: string): string[] {
  return [...md.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((x) => x[1]!);
}

let corpusRun: Promise<Report> | null = null;
const corpus = (): Promise<Report> => (corpusRun ??= report([incident], { year: 2026 }));
let sampleRun: Promise<Report> | null = null;
const sample = (): Promise<Report> => (sampleRun ??= report([join(SAMPLES, 'incident.log')], { year: 2026 }));

// ------------------------------------------------------------------------------------------------ H1: the queue

test('H1 deferred-flood sample: the queue is the users\' mail held up by port 25: no hold/delete, no shorter lifetime', async () => {
  const r = await report([join(SAMPLES, 'deferred-flood.log')], { year: 2026 });
  assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['outbound-port-blocked', 'queue-flood']);
  assert.equal(finding(r, 'outbound-port-blocked').evidence.blockedHours, 23);
  const fix = fixOf(r, 'queue-flood');
  // No flush: what is left at the end is refused by its receiver (review AI, AI4; test/review-ai.test.ts).
  assert.doesNotMatch(fix, /^postqueue -f/m);
  assert.match(fix, /outbound-port-blocked finding/);
  assert.match(fix, /do not shorten `maximal_queue_lifetime`/i);
  for (const bad of ['queue-delete.txt', 'postsuper -h', 'postsuper -d', 'queue-cleanup']) assert.ok(!fix.includes(bad), `no ${bad}: ${fix}`);
  assert.doesNotMatch(fix, /^maximal_queue_lifetime\s*=/m, 'no lifetime to paste: a 1-day lifetime would bounce 23 hours of held-up mail');
  assert.doesNotMatch(fix, /^bounce_queue_lifetime\s*=/m);
  // report.md shows the finding's own advice, not the rule's general one.
  const md = renderMarkdown(r);
  // …with its reference to the port-25 finding as a link to that card (review Z, Z22).
  const blocked = r.findings.findIndex((f) => f.rule === 'outbound-port-blocked') + 1;
  const linked = fix.replace(/outbound-port-blocked finding/g, `[finding ${blocked} (outgoing port 25 blocked)](#finding-${blocked})`);
  assert.notEqual(linked, fix);
  assert.ok(md.includes(linked), md);
  assert.ok(md.includes(`<a id="finding-${blocked}"></a>`));
  assert.ok(!md.includes(r.rules.find((x) => x.id === 'queue-flood')!.fix));
});

test('H1 incident corpus: postsuper -d ALL emptied the queue: no queue command, and no finding points to a queue-cleanup list', { skip }, async () => {
  const r = await corpus();
  assert.equal(r.totals.stillQueued, 0);
  assert.equal(r.totals.deletedInBulk, 290);
  assert.equal(r.findings.find((f) => f.rule === 'queue-cleanup'), undefined, 'no cleanup list: nothing is queued');
  const flood = fixOf(r, 'queue-flood');
  assert.equal(blocks(flood).length, 0, `no command at all: ${flood}`);
  assert.match(flood, /^Nothing is left to delete: `postsuper -d ALL` emptied the queue at 2026-11-28 22:20 \(290 messages;/);
  const compromised = fixOf(r, 'compromised-account');
  assert.match(compromised, /Its queued mail is gone: `postsuper -d ALL` deleted it at 2026-11-28 22:20/);
  const backscatter = fixOf(r, 'backscatter');
  assert.match(backscatter, /`postsuper -d ALL` deleted the queued bounces with the spam at 2026-11-28 22:20/);
  for (const rule of ['queue-flood', 'compromised-account', 'backscatter', 'receivers-refusing']) {
    const fix = fixOf(r, rule);
    assert.ok(!fix.includes('queue-delete.txt') && !fix.includes('queue-cleanup'), `${rule} points to a list that does not exist: ${fix}`);
    assert.doesNotMatch(fix, /^postsuper /m, rule);
  }
  // report.json: the rule's general text stays in rules[] (same shape as before), the finding carries its own.
  for (const t of r.rules) assert.deepEqual(Object.keys(t), ['id', 'title', 'why', 'fix']);
  assert.ok(r.rules.find((x) => x.id === 'queue-flood')!.fix.includes('queue-delete.txt'), 'the general text names every case');
});

test('H1 incident sample: spam still queued: hold and delete by queue-delete.txt, and every finding points to that list', async () => {
  const r = await sample();
  const cleanup = finding(r, 'queue-cleanup');
  assert.ok((cleanup.lists?.['queue-delete.txt']?.length ?? 0) > 200);
  const flood = fixOf(r, 'queue-flood');
  // Review Z, Z15: the hold and delete commands are queue-cleanup's; queue-flood points to them, not repeats them.
  assert.match(flood, /^Of the messages still queued, the queue-cleanup finding lists the abuse in `queue-delete\.txt`: hold it, check it and delete only that, with the commands of that finding\./);
  assert.doesNotMatch(flood, /postsuper -[hd] /);
  const clean = fixOf(r, 'queue-cleanup');
  assert.ok(clean.indexOf('postsuper -h - < queue-delete.txt') < clean.indexOf('postsuper -d - < queue-delete.txt'), 'hold before delete');
  assert.doesNotMatch(flood, /^maximal_queue_lifetime\s*=/m, 'what stays is the users\' own mail');
  assert.ok(!flood.includes('postqueue -f'), 'no port-25 block here');
  assert.match(fixOf(r, 'compromised-account'), /see the queue-cleanup finding \(`queue-delete\.txt`\)/);
  assert.match(fixOf(r, 'backscatter'), /they are in `queue-delete\.txt` of the queue-cleanup finding/);
  assert.match(fixOf(r, 'receivers-refusing'), /delete the spam still queued \(queue-cleanup finding\)/);
});

test('H1 a queue of the users\' own mail held by greylisting: named, nothing to do, look at the queue, delete nothing by list', async () => {
  const r = await report([join(FIX, 'queue-flood.log')], { year: 2026 });
  const fix = fixOf(r, 'queue-flood');
  // What holds it is known (queue-holders.ts): lists.example greylists, where the advice said to find the cause.
  assert.match(fix, /^- 25 messages to lists\.example \(last deferral: `host mx\.lists\.example\[IP\] said: 450 4\.2\.0 <ADDR>: Recipient address rejected: Greylisted, [^`]*`\): nothing refuses it, it waits for its next try \(a receiver that greylists accepts on the retry\)\. Postfix delivers it by itself: nothing to do\.$/m);
  assert.doesNotMatch(fix, /evidence `topDeferralReasons`/);
  assert.match(fix, /^postqueue -p \| tail -1/m);
  for (const bad of ['queue-delete.txt', 'postsuper -h', 'postqueue -f']) assert.ok(!fix.includes(bad), bad);
  assert.doesNotMatch(fix, /^maximal_queue_lifetime\s*=/m);
});

test('H1 in Japanese: the same choice, in Japanese', { skip }, async () => {
  const r = await report([incident], { year: 2026, lang: 'ja' });
  const fix = fixOf(r, 'queue-flood');
  assert.match(fix, /^削除するものは残っていません。2026-11-28 22:20 に `postsuper -d ALL` がキューを空にし（290 通。/);
  assert.equal(blocks(fix).length, 0);
  assert.ok(!fixOf(r, 'compromised-account').includes('queue-delete.txt'));
});

// ------------------------------------------------------------------------------------------------ H2: sender_login

test('H2 incident corpus: the sender_login map (every SASL login of the log), postmap, reload, and the submission override', { skip }, async () => {
  const r = await corpus();
  const fix = fixOf(r, 'compromised-account');
  const map = blocks(fix).find((b) => b.startsWith('# the SASL logins of this log'))!;
  assert.ok(map, fix);
  // Every login that sent in the log owns its own address (logins are full addresses on this server).
  for (const u of r.bySaslUser) assert.match(map, new RegExp(`^${u.key.replace(/\./g, '\\.')} +${u.key.replace(/\./g, '\\.')}$`, 'm'), u.key);
  // And the one other address a login sent as (review AK, AK5: suzuki@ as sales@example.jp).
  assert.match(map, /^sales@example\.jp +suzuki@example\.jp$/m);
  assert.equal(map.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length, r.bySaslUser.length + 1);
  assert.match(fix, /^postmap hash:\/etc\/postfix\/sender_login$/m);
  assert.match(fix, /^postfix reload$/m);
  assert.match(fix, /^postconf -e 'smtpd_sender_login_maps = hash:\/etc\/postfix\/sender_login'$/m);
  assert.match(fix, /^postconf -e 'smtpd_sender_restrictions = reject_authenticated_sender_login_mismatch'$/m);
  // This server's submission entry replaces smtpd_sender_restrictions with its own -o value ($mua_sender_restrictions
  // here, empty on Debian 12's stock entry): the check is set on the entry itself, or it does nothing on port 587
  // (review Y, Y1). postconf -P replaces the -o value whatever it was.
  const masterCf = readFileSync(join(CORPUS, 'incident', 'postconf-M.txt'), 'utf8');
  assert.match(masterCf, /^submission .* -o smtpd_sender_restrictions=\$mua_sender_restrictions /m);
  assert.match(fix, /^postconf -P 'submission\/inet\/smtpd_sender_restrictions=reject_sender_login_mismatch'$/m);
  assert.match(fix, /`postfix\/submission\/smtpd` \(the `submission` entry\)/);
  assert.doesNotMatch(fix, /^mua_sender_restrictions =/m);
  assert.match(fix, /not owned by user/);
  // main.cf takes no comment after a value: no block line of the advice has one where a value is set.
  for (const b of blocks(fix)) for (const l of b.split('\n')) if (/^\w+ = /.test(l)) assert.doesNotMatch(l, /#/, l);
  // The commands name the account.
  assert.match(fix, /^doveadm auth test info@example\.jp +#/m);
  assert.match(fix, /^doveadm kick info@example\.jp +#/m);
});

test('H2 a bare SASL login owns the address of our domains it sent as', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-advice-'));
  const log = join(dir, 'bare.log');
  // The compromised-account fixture with a bare login for the owner ("tanaka" sending as tanaka@example.jp).
  writeFileSync(log, readFileSync(join(FIX, 'compromised-account.log'), 'utf8').replace(/sasl_username=tanaka@example\.jp/g, 'sasl_username=tanaka'));
  const r = await report([log], { year: 2026 });
  const map = blocks(fixOf(r, 'compromised-account')).find((b) => b.startsWith('# the SASL logins of this log'))!;
  assert.match(map, /^tanaka@example\.jp +tanaka$/m);
  assert.match(map, /^info@example\.jp +info@example\.jp$/m);
});

// ------------------------------------------------------------------------------------------------ H3: DNS records

test('H3 the web form refused by Gmail for mail.example.jp: records for that name, merged, ~all, p=none, or an @example.jp envelope', async () => {
  const r = await report([join(FIX, 'receivers-refusing-form.log')], { year: 2026 });
  const f = finding(r, 'receivers-refusing');
  assert.equal(f.evidence.domainsFailingAuthentication, 'mail.example.jp (15)');
  assert.equal(f.evidence.ourDomainAmongThem, 'yes');
  assert.equal(f.evidence.sendingDomain, 'example.jp');
  assert.equal(f.evidence.spfRecord, 'mail.example.jp. TXT "v=spf1 ip4:203.0.113.25 ~all"');
  assert.equal(f.evidence.dmarcRecord, '_dmarc.example.jp. TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.jp"');
  assert.equal(f.evidence.dkimRecord, 'mail._domainkey.example.jp. TXT ( "v=DKIM1; h=sha256; k=rsa; " "p=KEY-PART-1-FROM-mail.txt" "KEY-PART-2-FROM-mail.txt" )');
  // The file as written: the notes first, then the records; no SPF record for example.jp, which Gmail did not check.
  const file = String(renderLists(r).find((x) => x.path === 'dns-records.txt')!.content).split('\n').filter((l) => l !== '');
  assert.deepEqual(file.slice(4), [
    '_dmarc.example.jp. TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.jp"',
    'mail._domainkey.example.jp. TXT ( "v=DKIM1; h=sha256; k=rsa; " "p=KEY-PART-1-FROM-mail.txt" "KEY-PART-2-FROM-mail.txt" )',
    'mail.example.jp. TXT "v=spf1 ip4:203.0.113.25 ~all"',
  ]);
  assert.match(file[0]!, /^; 1\. Look first: dig \+short txt mail\.example\.jp\. .*add ip4:203\.0\.113\.25 to it .*permerror/);
  assert.match(file[1]!, /^; 2\. ~all .*Microsoft 365, Google Workspace/);
  assert.match(file[2]!, /^; 3\. DMARC starts at p=none/);
  assert.match(file[3]!, /^; 4\. DKIM: publish the record of mail\.txt .* quoted strings of up to 255 characters/);
  assert.ok(!file.some((l) => l.includes('-all"') || l.includes('p=quarantine;')));
  const fix = fixOf(r, 'receivers-refusing');
  assert.ok(fix.includes('`dig +short txt mail.example.jp`'));
  assert.ok(fix.includes('`sendmail -f webform@example.jp`') && fix.includes('`myorigin = $mydomain`'), fix);
  assert.match(fix, /^opendkim-genkey -b 2048 -d example\.jp -s mail /m);
  assert.ok(!fix.includes('queue-cleanup'), 'nothing queued');
  assert.ok(!fix.includes('No PTR') && !fix.includes('Block lists'), 'only the kinds of refusal found');
});

test('H3 the corpus incident\'s 5.7.26 refusals name forged domains only: no records, and the advice says why', { skip }, async () => {
  const r = await corpus();
  const f = finding(r, 'receivers-refusing');
  assert.equal(f.lists?.['dns-records.txt'], undefined);
  const fix = fixOf(r, 'receivers-refusing');
  assert.match(fix, /the receivers checked other people's domains only/);
  assert.ok(!fix.includes('dns-records.txt') && !fix.includes('opendkim-genkey'), fix);
});

// ------------------------------------------------------------------------------------------------ M6, L4: AUTH on port 25, nft

test('M6 incident corpus: the one user who logs in on port 25 is named before AUTH is turned off there; one -o line, no master.cf lines to paste', { skip }, async () => {
  const r = await corpus();
  const fix = fixOf(r, 'sasl-bruteforce');
  // Log line 227: "postfix/smtpd[21730]: D802E16066D: client=unknown[127.0.10.2], sasl_method=LOGIN, sasl_username=yamada@example.jp".
  const log = readFileSync(incident, 'latin1').split('\n');
  const port25 = log.filter((l) => / postfix\/smtpd\[\d+\]: \w+: client=.*sasl_username=/.test(l));
  const users = new Set(port25.map((l) => /sasl_username=(\S+)/.exec(l)![1]!));
  assert.deepEqual([...users].sort(), ['info@example.jp', 'yamada@example.jp']);
  assert.equal(port25.filter((l) => l.includes('sasl_username=yamada@example.jp')).length, 1);
  assert.match(fix, /yamada@example\.jp \(1 message from 127\.0\.10\.2\)/);
  assert.ok(!/info@example\.jp \(\d/.test(fix), 'info@ on port 25 was the attackers: they are left out');
  assert.deepEqual(blocks(fix)[0], '  -o smtpd_sasl_auth_enable=no\n');
  assert.doesNotMatch(fix, /^\s*(?:smtp|submission)\s+inet\s/m, 'no whole master.cf line: it would change chroot and drop the -o lines');
  assert.match(fix, /`-o smtpd_sasl_auth_enable=yes`/);
  // L4: the set and its drop rule exist before addresses go in.
  // Review Y6: nftables started first when its table is missing, the set kept across a reboot.
  const nft = blocks(fix).find((b) => b.includes('nft add set'))!;
  const lines = nft.trim().split('\n');
  assert.deepEqual(lines, [
    'nft list table inet filter > /dev/null 2>&1 || systemctl enable --now nftables',
    'nft add set inet filter blocked_v4 \'{ type ipv4_addr; }\'',
    'nft insert rule inet filter input ip saddr @blocked_v4 drop',
    'grep -v : blocklist-ips.txt | while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done',
    'mkdir -p /etc/nftables.d',
    'nft list set inet filter blocked_v4 > /etc/nftables.d/blocklist.nft',
    'echo \'insert rule inet filter input ip saddr @blocked_v4 drop\' >> /etc/nftables.d/blocklist.nft',
    'grep -q /etc/nftables.d/blocklist.nft /etc/nftables.conf || echo \'include "/etc/nftables.d/blocklist.nft"\' >> /etc/nftables.conf',
    'nft -c -f /etc/nftables.conf',
  ]);
});

test('port 25 users in a log without a submission tag: the advice says the submission entry may lack its syslog_name', { skip }, async () => {
  // The corpus's submission service logs as "postfix/submission/smtpd" (master.cf -o syslog_name=postfix/submission):
  // its port-25 list stands as it is. The same log with every tag "postfix/smtpd" cannot tell 587 from 25.
  assert.doesNotMatch(fixOf(await corpus(), 'sasl-bruteforce'), /No login and no failed login in this log came through/);
  const dir = mkdtempSync(join(tmpdir(), 'mlf-advice-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, readFileSync(incident, 'latin1').replace(/postfix\/submission\/smtpd/g, 'postfix/smtpd'), 'latin1');
  const r = await report([log], { year: 2026 });
  const fix = fixOf(r, 'sasl-bruteforce');
  assert.match(fix, /These sent with a login through port 25 in this log .*tanaka@example\.jp/);
  assert.match(fix, /No login and no failed login in this log came through a `postfix\/submission\/smtpd` or `postfix\/smtps\/smtpd` tag: .*`postconf -M submission\/inet smtps\/inet`/);
  const ja = fixOf(await report([log], { year: 2026, lang: 'ja' }), 'sasl-bruteforce');
  assert.match(ja, /タグでのログインもログインの失敗も一つもありません/);
});

test('M6, L4: nobody on port 25 is said so; IPv6 attackers get an ipv6_addr set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-advice-'));
  const log = join(dir, 'v6.log');
  writeFileSync(log, readFileSync(join(FIX, 'sasl-bruteforce.log'), 'utf8').replace(/198\.51\.100\.66/g, '2001:db8::66'));
  const r = await report([log], { year: 2026 });
  const fix = fixOf(r, 'sasl-bruteforce');
  assert.match(fix, /No user sent with a login through port 25 in this log/);
  const nft = blocks(fix).find((b) => b.includes('nft add set'))!;
  assert.ok(nft.includes('nft add set inet filter blocked_v6 \'{ type ipv6_addr; }\'') && nft.includes('ip6 saddr @blocked_v6 drop'), nft);
  assert.ok(!nft.includes('blocked_v4'), 'no IPv4 address to block');
});

// ------------------------------------------------------------------------------------------------ L6: backscatter

test('L6 backscatter: forged-sender spam gets no inbound-recipient advice; accept-then-bounce gets it first', { skip }, async () => {
  const r = await corpus();
  assert.equal(finding(r, 'backscatter').evidence.acceptedThenBounced, 0);
  const fix = fixOf(r, 'backscatter');
  assert.match(fix, /^The bounces answer the spam that info@example\.jp sent with forged senders/);
  for (const bad of ['smtpd_reject_unlisted_recipient', 'local_recipient_maps', 'luser_relay', 'reject_unverified_recipient']) {
    assert.ok(!fix.includes(bad), `${bad} does not apply: ${fix}`);
  }
  assert.match(fix, /ips\.backscatterer\.org/);

  const inbound = await report([join(FIX, 'backscatter.log')], { year: 2026 });
  const f2 = fixOf(inbound, 'backscatter');
  assert.match(f2, /^Refuse unknown recipients during the SMTP dialogue/);
  assert.match(f2, /Remove any `luser_relay` setting \(`postconf -X luser_relay`, then `postfix reload`\)/);
  // Review Y14: the settings looked at first; the map only when there is none (a missing one tempfails every recipient);
  // reject_unverified_recipient after reject_unauth_destination, refusing with 550.
  assert.ok(f2.indexOf('postconf smtpd_reject_unlisted_recipient local_recipient_maps virtual_mailbox_domains virtual_mailbox_maps luser_relay')
    < f2.indexOf("postconf -e 'virtual_mailbox_maps = hash:/etc/postfix/vmailbox'"), f2);
  assert.match(f2, /Not before the file exists: a map that is missing answers every recipient with `451 4\.3\.0 Temporary lookup failure`\. And not when `virtual_mailbox_maps` already names a map \(SQL, LDAP\)/);
  // Review Y12: the map built before postconf -e names it; the list looked at, then set whole with postconf -e.
  assert.ok(f2.includes("postmap /etc/postfix/vmailbox\npostconf -e 'virtual_mailbox_maps = hash:/etc/postfix/vmailbox'\npostfix reload\n"), f2);
  assert.ok(f2.indexOf('postconf smtpd_recipient_restrictions unverified_recipient_reject_code\n')
    < f2.indexOf("postconf -e 'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, reject_unverified_recipient'\npostconf -e 'unverified_recipient_reject_code = 550'\npostfix reload\n"), f2);
  assert.doesNotMatch(f2, /^\w+ = /m);
  assert.ok(!f2.includes('forged senders'), 'no compromised account here');
});

// ------------------------------------------------------------------------------------------------ L3, L8: general texts

test('L3 server-trouble: no Dovecot defaults to paste; the auth penalty, blocking and login_trusted_networks', { skip }, async () => {
  const r = await corpus();
  const fix = fixOf(r, 'server-trouble');
  for (const bad of ['auth_failure_delay', 'client_limit', 'auth-worker', 'process_limit = 20']) assert.ok(!fix.includes(bad), bad);
  assert.match(fix, /auth_penalty/);
  assert.match(fix, /^login_trusted_networks = /m);
  assert.match(fix, /sasl-bruteforce finding, fail2ban/);
});

test('L8 outbound-port-blocked: the sasl_passwd line is a block of its own, apart from the commands', async () => {
  const r = await report([join(FIX, 'outbound-port-blocked.log')], { year: 2026 });
  const fix = fixOf(r, 'outbound-port-blocked');
  assert.ok(blocks(fix).includes('[smtp.provider.example]:587 user@provider.example:password\n'), fix);
  const commands = blocks(fix).find((b) => b.includes('postmap /etc/postfix/sasl_passwd'))!;
  assert.ok(!commands.includes('user@provider.example:password'), commands);
  // Review Y12: the relay set with postconf -e once the map exists, looked at first.
  assert.ok(commands.startsWith("postmap /etc/postfix/sasl_passwd && chmod 600 /etc/postfix/sasl_passwd*\npostconf -e 'relayhost = [smtp.provider.example]:587'\n"), commands);
  assert.ok(fix.indexOf('postconf relayhost smtp_sasl_auth_enable') < fix.indexOf('[smtp.provider.example]:587 user@provider.example:password'), fix);
  assert.match(commands, /^postfix reload && postqueue -f$/m);
});

// Postfix reads a "#" after a main.cf value as part of the value (postconf(5): a comment is a whole line starting
// with "#"): "mynetworks = 127.0.0.0/8 [::1]/128   # only hosts you run" would set a broken mynetworks.
test('no rule\'s general advice, in any language, puts a comment after a main.cf value', async () => {
  const { RULES } = await import('../src/detect/registry.js');
  const { messagesFor } = await import('../src/i18n/index.js');
  for (const lang of ['en', 'ja']) {
    const copies = messagesFor(lang).rules as Record<string, { fix: string }>;
    for (const rule of RULES) {
      for (const b of blocks(copies[rule.id]!.fix)) {
        for (const l of b.split('\n')) if (/^[a-z_]+ = /.test(l)) assert.doesNotMatch(l, /#/, `${lang} ${rule.id}: ${l}`);
      }
    }
  }
});

// Who used the stolen account and whether its mail was read: the advice names the list to block, the owner's
// clients that need the new password, and the mailbox opened from a new IP (samples/incident.log line 1193).
test('compromised account: compromised-ips.txt to block, the owner\'s clients, and the mailbox that may have been read', async () => {
  const sample = await report([join(ROOT, 'samples', 'incident.log')], { year: 2026 });
  const fix = fixOf(sample, 'compromised-account');
  assert.match(fix, /`compromised-ips\.txt` \(next to this report\) lists the 43 IPs that used the account since the guess/);
  assert.equal(finding(sample, 'compromised-account').lists?.['compromised-ips.txt']?.length, 43);
  assert.match(fix, /The owner's own mail clients, seen before the guess \(198\.51\.100\.40\), need the new password/);
  assert.match(fix, /The mailbox was opened over IMAP\/POP3 from 177\.138\.12\.246 after the guess: the mail in it may have been read/);
  const ja = fixOf(await report([join(ROOT, 'samples', 'incident.log')], { year: 2026, lang: 'ja' }), 'compromised-account');
  assert.match(ja, /177\.138\.12\.246 から IMAP\/POP3 でメールボックスにログインされています/);
  assert.match(ja, /（198\.51\.100\.40）には新しいパスワードの設定が必要です/);
  if (!existsSync(join(CORPUS, 'incident', 'maillog'))) return;
  const corpus = fixOf(await report([join(CORPUS, 'incident', 'maillog')], { year: 2026 }), 'compromised-account');
  assert.match(corpus, /lists the 41 IPs that used the account/);
  assert.match(corpus, /seen before the guess \(127\.0\.30\.5\)/);
  assert.doesNotMatch(corpus, /mailbox was opened/, 'no IMAP login as info@ in the corpus');
});
