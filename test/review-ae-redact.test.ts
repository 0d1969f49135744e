// Review AE: a privacy review of --redact. A redacted run of a log of real line shapes (/work/shared/LINES.md, other
// names) is searched, file by file, for what it must hide; the unredacted run of the same log is searched too, so
// that each check is known to look where the text is.
//   F1: a client's reverse name stayed in the example lines ("warning: FL1-125-199-12-34.tky.mesh.ad.jp[ip-859df9c1]:
//       SASL …", "softbank126012034056.bbtec.net", "p5dc3a1b2.dip0.t-ipconnect.de"), and spelled, or resolved to, the
//       IP behind its pseudonym; byClientIp already gave it as a host pseudonym.
//   F2: names a line gives as an address or "to=<…>" stayed where the same line, or the reason a table made of it,
//       repeats them bare: "Message rejected for recipient kenji.mori", "/home/ghanako/Maildir/ for user ghanako.",
//       "<noriko-pc>: Helo command rejected".
//   F3: helo=<…>, a staff member's machine name ("carol-pc.acme-client.jp", "Taro-no-MacBook-Air"), stayed.
//   F4: PAM's bare "ruser=masaru … user=masaru" stayed.
//   F5: a subject header_checks logged ("reject: header Subject: Invoice for Keiko Sasaki from …") stayed.
//   F6: "Sender address rejected: not owned by user kobayashi" stayed (a login no table knew).
//   F7: a user in a mailbox path or a Dovecot prefix stayed where the line repeats it: "lda(alice.k)<4242>: Error:
//       chdir(/home/alice.k/) failed: … euid=1001(alice.k)", "/var/mail/yamada for user yamada", "/home/sakura/Maildir".
//   F8: "fatal: User alice(1001) is not allowed to submit mail", postscreen's "PREGREET … EHLO Taro-PC\r\n".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactReport } from '../src/report/redact.js';
import type { Report } from '../src/report/model.js';
import { CLI, filesUnder, report } from './helpers.js';

const KEY = 'review-ae-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'mlf-ae-'));

/** Reverse names of the shapes ISPs give, each with the IP it spells (hex, zero-padded, dashes after "FL1-"). */
const CLIENTS: Array<[string, string]> = [
  ['FL1-125-199-12-34.tky.mesh.ad.jp', '125.199.12.34'],
  ['softbank126012034056.bbtec.net', '126.12.34.56'],
  ['KD106180012034.au-net.ne.jp', '106.180.12.34'],
  ['061238241086.static.ctinets.com', '61.238.241.86'],
  ['p5dc3a1b2.dip0.t-ipconnect.de', '93.195.161.178'],
  ['4a0c2238.dsl.example', '74.12.34.56'],
];

function crafted(): string {
  const lines: string[] = [];
  let t = 0;
  const at = (): string => { t++; return `Nov 28 11:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`; };
  for (const [name, ip] of CLIENTS) {
    for (let i = 0; i < 12; i++) {
      lines.push(`${at()} mx postfix/smtpd[2${i}]: warning: ${name}[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=${['frank@acme-client.jp', 'sachiko', 'tomoko.ishii'][i % 3]}`);
    }
  }
  for (let i = 0; i < 12; i++) {
    lines.push(`${at()} mx postfix/smtpd[31]: NOQUEUE: reject: RCPT from unknown[198.51.100.${i + 1}]: 554 5.7.1 <victim${i}@outside${i % 4}.example>: Relay access denied; from=<carol.w@acme-client.jp> to=<victim${i}@outside${i % 4}.example> proto=ESMTP helo=<carol-pc.acme-client.jp>`);
  }
  lines.push(
    `${at()} mx postfix/smtpd[41]: 2B3C4D5E6F: client=unknown[203.0.113.5], sasl_method=LOGIN, sasl_username=bob`,
    `${at()} mx postfix/qmgr[43]: 2B3C4D5E6F: from=<bob@acme-client.jp>, size=2234, nrcpt=1 (queue active)`,
    // A receiver quoting the recipient without its domain.
    `${at()} mx postfix/smtp[44]: 2B3C4D5E6F: to=<kenji.mori@example.org>, relay=mx.example.org[198.51.100.25]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=5.7.1, status=bounced (host mx.example.org[198.51.100.25] said: 550 5.7.1 Message rejected for recipient kenji.mori: mailbox disabled (in reply to end of DATA command))`,
    `${at()} mx postfix/qmgr[43]: 2B3C4D5E6F: removed`,
    // local(8) names the mailbox path and the user (LINES.md #16, pickup with uid=).
    `${at()} mx postfix/pickup[51]: 3C4D5E6F70: uid=1001 from=<ghanako>`,
    `${at()} mx postfix/qmgr[43]: 3C4D5E6F70: from=<ghanako@mx.acme-client.jp>, size=500, nrcpt=1 (queue active)`,
    `${at()} mx postfix/local[52]: 3C4D5E6F70: to=<ghanako@mx.acme-client.jp>, orig_to=<ghanako>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=5.2.2, status=bounced (cannot update mailbox /home/ghanako/Maildir/ for user ghanako. error writing message: Disk quota exceeded)`,
    `${at()} mx postfix/qmgr[43]: 3C4D5E6F70: removed`,
    // smtpd's reply quotes the HELO name.
    `${at()} mx postfix/smtpd[61]: NOQUEUE: reject: RCPT from unknown[2001:db8:85a3::8a2e:370:7334]: 450 4.7.1 <noriko-pc>: Helo command rejected: Host not found; from=<noriko@acme-client.jp> to=<partner@partner-corp.co.jp> proto=ESMTP helo=<noriko-pc>`,
  );
  lines.push(
    // reject_sender_login_mismatch names the login (smtpd_check.c), header_checks the mail's subject (cleanup_message.c).
    `${at()} mx postfix/submission/smtpd[71]: NOQUEUE: reject: RCPT from unknown[198.51.100.7]: 553 5.7.1 <ceo@acme-client.jp>: Sender address rejected: not owned by user kobayashi; from=<ceo@acme-client.jp> to=<x@example.org> proto=ESMTP helo=<User>`,
    `${at()} mx postfix/cleanup[72]: 4104E3F: reject: header Subject: Invoice for Keiko Sasaki from unknown[198.51.100.7]; from=<ceo@acme-client.jp> to=<x@example.org> proto=ESMTP helo=<User>: 550 5.7.1 No invoices`,
  );
  for (let i = 0; i < 12; i++) {
    lines.push(`${at()} mx dovecot: dovecot-auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=masaru rhost=192.0.2.77  user=masaru`);
  }
  return lines.join('\n') + '\n';
}


function analyzeTo(name: string, log: string, extra: string[], jobs = '1'): { dir: string; stderr: string } {
  const out = join(dir, name);
  const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--year', '2026', '-j', jobs, '-o', out, ...extra], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { dir: out, stderr: r.stderr };
}

/** What the redacted run must not show: the reverse names, each IP spelling in them, and the names of F2–F4. */
const SECRETS = [
  ...CLIENTS.map(([name]) => name),
  '125-199-12-34', '126012034056', '106180012034', '061238241086', '5dc3a1b2', '4a0c2238',
  'kenji.mori', 'ghanako', 'noriko-pc', 'carol-pc', 'masaru', 'kobayashi', 'Keiko Sasaki',
];

test('AE F1–F4: no output of a redacted run shows a reverse name, an IP spelled in one, or a name a line repeats bare', () => {
  const log = join(dir, 'crafted.log');
  writeFileSync(log, crafted());
  const plain = analyzeTo('plain', log, ['-q']);
  const red = analyzeTo('red', log, ['--redact-key', KEY]);
  const plainText = filesUnder(plain.dir).map((f) => f.text).join('\n');
  for (const s of SECRETS) assert.ok(plainText.includes(s), `the unredacted run shows ${s} (the check looks where it is)`);
  for (const f of [...filesUnder(red.dir), { path: 'stderr', text: red.stderr }]) {
    for (const s of SECRETS) assert.ok(!f.text.toLowerCase().includes(s.toLowerCase()), `${f.path} shows ${s}`);
  }
  // What is hidden is a pseudonym, the same as the tables': the example line's host is byClientIp's name.
  const r = JSON.parse(readFileSync(join(red.dir, 'report.json'), 'utf8')) as Report;
  const row = r.byClientIp.find((c) => c.authFailures === 12 && c.name.startsWith('host-'))!;
  assert.ok(JSON.stringify(r).includes(`warning: ${row.name}[${row.key}]: SASL LOGIN authentication failed`), 'the line names the row\'s host and IP pseudonyms');
  const bounces = r.bounceReasons.map((b) => b.reason);
  assert.ok(bounces.some((b) => /^cannot update mailbox \/home\/user-[0-9a-f]{12}\/Maildir\/ for user user-[0-9a-f]{12}\. /.test(b)), bounces.join(' | '));
  assert.ok(bounces.some((b) => /Message rejected for recipient user-[0-9a-f]{12}: mailbox disabled/.test(b)), bounces.join(' | '));
  assert.ok(r.rejectReasons.some((x) => /^450 4\.7\.1 <host-[0-9a-f]{12}>: Helo command rejected/.test(x.reason)));
  assert.ok(r.rejectReasons.some((x) => /^553 5\.7\.1 <ADDR>: Sender address rejected: not owned by user user-[0-9a-f]{12}$/.test(x.reason)));
  assert.ok(JSON.stringify(r).includes(': reject: header Subject: text-'), 'the subject is a pseudonym');
});

test('AE F1: the IP a reverse name spells becomes the pseudonym of the IP beside it; a receiver\'s name stays, a client\'s is a pseudonym', async () => {
  const log = join(dir, 'one.log');
  // A message of example.jp, so that the report names that domain (a mailbox path's domain directory stays).
  writeFileSync(log, ['Nov 28 10:00:01 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]',
    'Nov 28 10:00:02 mx postfix/qmgr[3]: 0A1B2C3D: from=<a@example.jp>, size=100, nrcpt=1 (queue active)',
    'Nov 28 10:00:03 mx postfix/virtual[4]: 0A1B2C3D: to=<b@example.jp>, relay=virtual, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)',
    ''].join('\n'));
  const base = await report([log]);
  const lines = [
    'Nov 28 10:06:02 mx postfix/smtpd[1061]: warning: hostname 061238241086.static.ctinets.com does not resolve to address 61.238.241.86',
    'Nov 28 10:06:02 mx postfix/smtpd[1061]: warning: 61.238.241.86: address not listed for hostname 061238241086.static.ctinets.com',
    'Nov 28 10:06:03 mx postfix/smtp[7]: ABC123: to=<a@b.example>, relay=mail-56-34-12-73.example.net[73.12.34.56]:25, delay=1, dsn=2.0.0, status=sent (250 ok)',
    'Nov 28 10:06:04 mx postfix/smtpd[8]: ABC124: client=unknown[192.0.2.9], orig_client=alice-pc.lan[192.168.1.5]',
    'Nov 28 10:06:05 mx postfix/smtpd[9]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 504 5.5.2 <Taro-no-MacBook-Air>: Helo command rejected: need fully-qualified hostname; from=<taro@example.jp> to=<x@example.org> proto=ESMTP helo=<Taro-no-MacBook-Air>',
    'Nov 28 10:06:06 mx postfix/smtpd[9]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<y@example.org> to=<x@example.org> proto=ESMTP helo=<ylmf-pc>',
    'Nov 28 10:06:07 mx postfix/cleanup[2]: 4104E3E: warning: header Subject: Re: salary of Hiroshi Tanabe from unknown[192.0.2.9]; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<User>',
    'Nov 28 10:06:08 mx postfix/cleanup[2]: 4104E3F: warning: header Subject: Re: salary of Hiroshi Tanabe from mail.example.jp[192.0.2.10]:10025; from=<ceo@example.jp> to=<y@example.org> proto=ESMTP helo=<User>',
    // The rules' own prose quotes the reply with an ellipsis: no name there.
    'is refused (`553 5.7.1 … Sender address rejected: not owned by user …`). From the SASL logins of this log',
    // F7: Dovecot's and local(8)'s errors (the shapes of Dovecot's lib-storage and Postfix's local/mailbox.c).
    'Nov 28 10:08:02 mx dovecot: lda(alice.k)<4242><abc>: Error: chdir(/home/alice.k/) failed: Permission denied (euid=1001(alice.k) egid=1001(alice.k) missing +x perm: /home/alice.k, dr-x------ 2 alice.k alice.k 4096 Nov 28 10:00 /home/alice.k)',
    'Nov 28 10:08:05 mx postfix/local[9]: ABC: to=<root@mx.example.jp>, orig_to=<root>, relay=local, dsn=5.2.0, status=bounced (cannot update mailbox /var/mail/yamada for user yamada. destination /var/mail/yamada is not owned by recipient)',
    'Nov 28 10:08:06 mx postfix/local[9]: warning: maildir access problem for UID/GID=1005/1005: create maildir file /home/sakura/Maildir/tmp/1.P1Q2.mx: Permission denied',
    'Nov 28 10:08:07 mx postfix/virtual[9]: ABC: to=<k.ito@example.jp>, relay=virtual, dsn=4.2.0, status=deferred (maildir delivery failed: create maildir file /var/vmail/example.jp/k.ito/tmp/1.P2.mx: Disk quota exceeded)',
    // F8: authorized_submit_users (postdrop.c) and postscreen's PREGREET of an EHLO.
    'Nov 28 10:08:08 mx postfix/sendmail[99]: fatal: User alice(1001) is not allowed to submit mail',
    'Nov 28 10:08:09 mx postfix/postscreen[9]: PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO Taro-PC\\r\\n',
    'Nov 28 10:08:10 mx postfix/postscreen[9]: PREGREET 11 after 0 from [192.0.2.2]:59416: EHLO ylmf-pc\\r\\n',
  ];
  const withLines: Report = { ...base, lines: { ...base.lines, unparsedExamples: lines.map((text, i) => ({ file: 0, line: i + 1, offset: 0, text })) } };
  const red = redactReport(withLines, { key: KEY, redactDomains: false }).lines.unparsedExamples.map((e) => e.text);
  const pseudonym = (re: RegExp, s: string): string => re.exec(s)?.[1] ?? `no match in ${s}`;
  assert.match(red[0]!, /warning: hostname host-[0-9a-f]{12} does not resolve to address ip-[0-9a-f]{12}$/);
  assert.equal(pseudonym(/hostname (host-[0-9a-f]{12})$/, red[1]!), pseudonym(/hostname (host-[0-9a-f]{12})/, red[0]!), 'one name, one pseudonym');
  // The receiver's name stays, with its IP (reversed in it) as the pseudonym of the IP in brackets.
  const [, inName, inBrackets] = /relay=mail-(ip-[0-9a-f]{12})\.example\.net\[(ip-[0-9a-f]{12})\]:25/.exec(red[2]!) ?? [];
  assert.ok(inName !== undefined && inName === inBrackets, red[2]);
  assert.match(red[3]!, /orig_client=host-[0-9a-f]{12}\[ip-[0-9a-f]{12}\]$/);
  assert.match(red[4]!, /<host-([0-9a-f]{12})>: Helo command rejected: .* helo=<host-\1>$/);
  assert.ok(red[5]!.endsWith('helo=<ylmf-pc>'), 'a brute-force tool\'s HELO is evidence, no one\'s machine');
  // F5: the subject is one pseudonym, the same in both lines.
  const subject = /: warning: header Subject: (text-[0-9a-f]{12}) from unknown\[ip-[0-9a-f]{12}\]; from=</.exec(red[6]!)?.[1];
  assert.ok(subject !== undefined, red[6]);
  assert.ok(red[7]!.includes(`: warning: header Subject: ${subject} from host-`), red[7]);
  assert.equal(red[8], lines[8]);
  for (const l of red.slice(9)) assert.doesNotMatch(l, /alice|yamada|sakura|k\.ito|Taro-PC/, l);
  assert.match(red[13]!, /: fatal: User user-[0-9a-f]{12}\(1001\) is not allowed to submit mail$/);
  assert.match(red[14]!, /: PREGREET 14 after 0\.08 from \[ip-[0-9a-f]{12}\]:59415: EHLO host-[0-9a-f]{12}\\r\\n$/);
  assert.ok(red[15]!.endsWith(': EHLO ylmf-pc\\r\\n'), red[15]);
  assert.match(red[9]!, /^Nov 28 10:08:02 mx dovecot: lda\((user-[0-9a-f]{12})\)<4242><sess-[0-9a-f]{12}>: Error: .*\(euid=1001\(\1\) egid=1001\(\1\) .* \/home\/\1\)$/);
  assert.match(red[10]!, /cannot update mailbox \/var\/mail\/(user-[0-9a-f]{12}) for user \1\. destination \/var\/mail\/\1 is not owned/);
  assert.match(red[11]!, /create maildir file \/home\/user-[0-9a-f]{12}\/Maildir\/tmp\/1\.P1Q2\.mx: Permission denied$/);
  assert.match(red[12]!, /to=<(user-[0-9a-f]{12})@example\.jp>, .* \/var\/vmail\/example\.jp\/\1\/tmp\//);
});

test('AE: a redacted run of the crafted log is byte-identical with 1 and 3 jobs', () => {
  const log = join(dir, 'crafted.log');
  writeFileSync(log, crafted());
  const one = analyzeTo('j1', log, ['-q', '--redact-key', KEY]);
  const three = analyzeTo('j3', log, ['-q', '--redact-key', KEY], '3');
  assert.equal(readFileSync(join(three.dir, 'report.json'), 'utf8'), readFileSync(join(one.dir, 'report.json'), 'utf8'));
});
