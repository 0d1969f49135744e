// Code review O (seventeenth session) of the day's changes: the .gz read in place, Dovecot's own log file, Postfix
// 3.10's sasl_username= on reject lines. Each test fails on the code the review read (0331324).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { report } from './helpers.js';
import { gunzipRegularFile } from '../src/split/gunzip-file.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review-o-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

test('G1: a .gz that inflates 200-fold gives the event loop a turn per output buffer, not per 256 KiB read', async () => {
  // One line repeated: ~40 MB from ~0.2 MB of gzip, all of it in the first read.
  const line = 'Nov 29 22:46:22 mail postfix/smtpd[4001]: warning: unknown[192.0.2.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=info@example.jp\n';
  const gz = gzipSync(Buffer.from(line.repeat(300_000)), { level: 9 });
  assert.ok(gz.length < 256 * 1024, `one read (${gz.length} bytes)`);
  const path = write('repetitive.gz', gz);
  let turns = 0;
  let ticking = true;
  const tick = (): void => { turns++; if (ticking) setImmediate(tick); };
  setImmediate(tick);
  let bytes = 0;
  for await (const chunk of gunzipRegularFile(path, { trailingBytes: 0 }, () => undefined)) bytes += chunk.length;
  ticking = false;
  const full = Math.floor(bytes / (256 * 1024));
  assert.equal(bytes, line.length * 300_000);
  // Before: the whole file was inflated and scanned in one turn (the main thread deaf to Ctrl-C for a second or more).
  assert.ok(turns >= full - 1, `${turns} turns of the event loop for ${full} full output buffers`);
});

test('D1: two copies of Dovecot\'s own log file that share lines get the overlap warning, as syslog copies do', async () => {
  const lines = (from: number, to: number): string => {
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      const m = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const s = String(i % 60).padStart(2, '0');
      out.push(`Nov 29 21:${m}:${s} auth(user${i % 40}@example.jp,203.0.113.${i % 200},sasl:plain)<sess${i}>: Info: passwd-file: Password mismatch`);
    }
    return out.join('\n') + '\n';
  };
  const older = write('dovecot.log.1', lines(0, 400));
  const newer = write('dovecot.log', lines(300, 600));
  const r = await report([newer, older], { year: 2026 });
  assert.equal(r.lines.total, 700);
  assert.deepEqual(r.hosts, []);
  const overlap = r.warnings.filter((w) => /both hold lines of Dovecot from/.test(w));
  assert.equal(overlap.length, 1, r.warnings.join('\n'));
});

test('D2: a host-less line of another program, or an IPv6 host, is not Dovecot\'s own log line', async () => {
  const path = write('hostless.log', [
    'Nov 29 22:46:22 amavis[1234]: Error: (!)connect to /var/amavis/amavisd.sock failed',
    'Nov 29 22:46:23 opendkim[99]: Warning: key data is not secure',
    'Nov 29 22:46:24 fe80:: Error: something odd',
    'Nov 29 22:46:25 myhost: Info: hello',
    // and one that is: Dovecot 2.3's auth process in its own file
    'Nov 29 22:46:26 auth: Info: passwd-file(admin,203.0.113.5,<sUf/D3JhzuF/AAAB>): unknown user',
  ].join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.deepEqual({ parsed: r.lines.parsed, unparsed: r.lines.unparsed, ignored: r.lines.ignored }, { parsed: 1, unparsed: 0, ignored: 4 });
  assert.deepEqual(r.daemonProblems, []);
});

const SUBMIT = (at: string, pid: number, ip: string, to: string, tail: string): string =>
  `Dec  1 ${at} mail postfix/submission/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip}]: 450 4.7.1 <${to}>: Recipient address rejected: rate limit exceeded; from=<a@example.jp> to=<${to}> proto=ESMTP helo=<pc> ${tail}`;

test('S1: logins refused at RCPT only come after the logins that sent mail (rejects are per recipient)', async () => {
  const out: string[] = [
    'Dec  1 10:00:00 mail postfix/submission/smtpd[2000]: connect from unknown[192.0.2.10]',
  ];
  for (let i = 0; i < 3; i++) {
    const q = `ABC0DEF0${i}`;
    out.push(
      `Dec  1 10:00:0${i} mail postfix/submission/smtpd[2000]: ${q}: client=unknown[192.0.2.10], sasl_method=LOGIN, sasl_username=sender@example.jp`,
      `Dec  1 10:00:0${i} mail postfix/qmgr[1005]: ${q}: from=<sender@example.jp>, size=1000, nrcpt=1 (queue active)`,
      `Dec  1 10:00:0${i} mail postfix/smtp[4000]: ${q}: to=<a${i}@example.com>, relay=mx.example.com[198.51.100.7]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
      `Dec  1 10:00:0${i} mail postfix/qmgr[1005]: ${q}: removed`,
    );
  }
  for (const who of ['typist0', 'typist1']) {
    for (let i = 0; i < 5; i++) out.push(SUBMIT(`11:0${i}:00`, 3000, '192.0.2.20', `t${i}@gmail.com`, `sasl_method=LOGIN sasl_username=${who}@example.jp`));
  }
  const r = await report([write('rank.log', out.join('\n') + '\n')], { year: 2026, top: 2 });
  assert.deepEqual(r.bySaslUser.map((u) => [u.key, u.messages, u.rejects ?? 0]), [['sender@example.jp', 3, 0], ['typist0@example.jp', 0, 5]]);
});

test('S2 and S3: a login with a space is read; AUTH=<…> hides the login (the line cannot tell a HELO from it); a milter\'s END-OF-MESSAGE refusal counts once', async () => {
  const r = await report([write('edge.log', [
    SUBMIT('11:00:00', 5001, '192.0.2.31', 'x1@gmail.com', 'sasl_method=LOGIN sasl_username=stolen@example.jp sasl_sender=spam@example.jp'),
    SUBMIT('11:00:01', 5001, '192.0.2.31', 'x2@gmail.com', 'sasl_method=LOGIN sasl_username=stolen@example.jp sasl_sender=<spam@example.jp>'),
    SUBMIT('11:00:02', 5002, '192.0.2.32', 'x3@gmail.com', 'sasl_method=PLAIN sasl_username=John Doe'),
    'Dec  1 12:00:00 mail postfix/submission/smtpd[6001]: connect from unknown[192.0.2.50]',
    'Dec  1 12:00:01 mail postfix/submission/smtpd[6001]: 4Q1AbC2xyz: client=unknown[192.0.2.50], sasl_method=LOGIN, sasl_username=victim@example.jp',
    'Dec  1 12:00:02 mail postfix/submission/smtpd[6001]: 4Q1AbC2xyz: milter-reject: END-OF-MESSAGE from unknown[192.0.2.50]: 5.7.1 Spam message rejected; from=<victim@example.jp> to=<x@gmail.com> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=victim@example.jp',
    'Dec  1 12:00:03 mail postfix/submission/smtpd[6001]: disconnect from unknown[192.0.2.50] ehlo=1 auth=1 mail=1 rcpt=1 data=0/1 quit=1 commands=4/5',
  ].join('\n') + '\n')], { year: 2026 });
  const rows = Object.fromEntries(r.bySaslUser.map((u) => [u.key, { rejects: u.rejects ?? 0, refused: u.refusedMessages ?? 0 }]));
  assert.deepEqual(rows, {
    'stolen@example.jp': { rejects: 1, refused: 0 },
    'John Doe': { rejects: 1, refused: 0 },
    'victim@example.jp': { rejects: 0, refused: 1 },
  });
});
