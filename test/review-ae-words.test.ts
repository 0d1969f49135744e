// Review AE, L10 (the rest): what redaction does with names that are words.
//   1. A user name that is a word of the tool's own prose was replaced in the prose too: the sample's SASL user
//      "scanner" made the fix's "(a web application, a scanner, a monitoring script …)" read "(a web application, a
//      user-f0068bd4181a, …)", and "Debian runs Postfix as `postfix@-.service`" became a user pseudonym; a bare login
//      that is a common word ("server", "サーバー") stayed in the title ("The SASL account server was guessed") while the
//      finding's subject was its pseudonym. The tool's prose now keeps its words (dist/prose-fragments.json), and the
//      names it interpolates are replaced.
//   2. Names of two characters ("yk", "山田") were replaced only in the structural places; now bare too, unless a
//      two-character word of the tool's text ("ok", "to").
//   3. With --redact-domains, a message-id's domain is no way around the domain pseudonyms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { HEX, ROOT, filesUnder, readJson, redactionHash, report, runCli } from './helpers.js';

const KEY = 'review-ae-words-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'mlf-ae-words-'));
const SAMPLE = join(ROOT, 'samples', 'incident.log');

/** analyze LOG into dir/NAME through the CLI with `extra` options, every format (-j 1: threads are not the subject). */
function analyze(name: string, log: string, extra: string[], formats: 'all' | 'json' = 'all'): { dir: string; report: Report; text: string } {
  const out = join(dir, name);
  const r = runCli(['analyze', log, '--year', '2026', '-j', '1', '-q', '-o', out, ...(formats === 'json' ? ['-f', 'json'] : []), ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return { dir: out, report: readJson<Report>(join(out, 'report.json')), text: filesUnder(out).map((f) => f.text).join('\n') };
}

/**
 * The unredacted reference, analyzed in process as the CLI does by default (--top 50): its report, and as `text` its
 * JSON, where the guards "the unredacted run shows …" look (the redacted runs' every output is searched).
 */
async function unredacted(log: string, lang: 'en' | 'ja' = 'en'): Promise<{ report: Report; text: string }> {
  const r = await report([log], { year: 2026, top: 50, lang });
  return { report: r, text: JSON.stringify(r, null, 2) };
}

const userPseudonym = (name: string): string => `user-${redactionHash(KEY, `u:${name}`)}`;
const prose = (r: Report): string => r.findings.flatMap((f) => [f.title, f.fix ?? '', f.why ?? '']).join('\n');

test('AE L10: the sample\'s user "scanner" leaves the advice\'s "a scanner" as it is, in every output, and is hidden where it is the user', async () => {
  const plain = await unredacted(SAMPLE);
  const red = analyze('sample-red', SAMPLE, ['--redact-key', KEY]);
  const sentence = '(a web application, a scanner, a monitoring script on the server';
  assert.ok(prose(plain.report).includes(sentence), 'the unredacted fix has the sentence (the check looks where it is)');
  assert.ok(prose(red.report).includes(sentence), 'the redacted fix keeps the advice\'s words');
  assert.doesNotMatch(red.text, new RegExp(`a web application, a user-${HEX}`));
  for (const f of ['report.md', 'report.html']) {
    const text = readFileSync(join(red.dir, f), 'utf8');
    assert.ok(text.includes('(a web application, a scanner, a monitoring script'), f);
    assert.ok(text.includes('Debian runs Postfix as <code>postfix@-.service</code>') || text.includes('Debian runs Postfix as `postfix@-.service`'), f);
  }
  // The user "scanner" the attackers tried is still a pseudonym in the tables, and bare nowhere but in that sentence.
  assert.ok(plain.report.authFailuresByUser.some((u) => u.key === 'scanner'));
  assert.ok(red.report.authFailuresByUser.some((u) => u.key === userPseudonym('scanner')), 'scanner is a known name, hidden in the tables');
  for (const f of filesUnder(red.dir)) {
    const rest = f.text.split('a web application, a scanner, a monitoring script').join('');
    assert.doesNotMatch(rest, /(?<![\p{L}\p{N}_-])scanner(?![\p{L}\p{N}_-])/u, `${f.path} shows the user scanner`);
  }
});

/** The sample with info@example.jp's logins as the bare login `name`: the guessed account that sends the spam. */
function sampleWithLogin(name: string): string {
  const path = join(dir, `sample-${Buffer.from(name).toString('hex')}.log`);
  writeFileSync(path, readFileSync(SAMPLE, 'utf8')
    .replaceAll('sasl_username=info@example.jp', `sasl_username=${name}`)
    .replaceAll('passwd-file(info@example.jp,', `passwd-file(${name},`));
  return path;
}

test('AE L10: a guessed account named like a word of the advice ("server") is its pseudonym in the title, and the advice keeps "the server"', async () => {
  const log = sampleWithLogin('server');
  const plain = await unredacted(log);
  const red = analyze('server-red', log, ['--redact-key', KEY]);
  const title = (r: Report): string => r.findings.find((f) => f.rule === 'compromised-account')!.title;
  assert.match(title(plain.report), /^The SASL account server was guessed /);
  assert.match(title(red.report), new RegExp(`^The SASL account ${userPseudonym('server')} was guessed `));
  assert.equal(red.report.findings.find((f) => f.rule === 'compromised-account')!.subject.value, userPseudonym('server'));
  // Where the prose names the account, in every output of the redacted run; the unredacted run shows each.
  const named = ['account server was', 'spam sent as server ', 'from server,'];
  for (const s of named) assert.ok(plain.text.includes(s), `the unredacted run says "${s}"`);
  for (const f of filesUnder(red.dir)) for (const s of named) assert.ok(!f.text.includes(s), `${f.path} says "${s}"`);
  // Outside the blocks to paste (left out of a redacted report), each "server" of the unredacted prose is either still
  // there (the advice's: "on the server or the office network", "keeps this server from being banned") or the
  // account's pseudonym (the 6 places that name it).
  const outsideBlocks = (r: Report): string => prose(r).replace(/^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm, '');
  const words = (t: string): number => t.match(/(?<![\p{L}\p{N}_-])server(?![\p{L}\p{N}_-])/gu)?.length ?? 0;
  const pseudonyms = outsideBlocks(red.report).split(userPseudonym('server')).length - 1;
  assert.ok(prose(red.report).includes('a monitoring script on the server or the office network'));
  assert.ok(prose(red.report).includes('keeps this server from being banned'));
  assert.equal(pseudonyms, 6);
  assert.equal(words(outsideBlocks(red.report)) + pseudonyms, words(outsideBlocks(plain.report)));
});

test('AE L10: in Japanese, an account named like a word of the advice ("サーバー") is its pseudonym, the advice\'s サーバー stays', async () => {
  const log = sampleWithLogin('サーバー');
  const plain = await unredacted(log, 'ja');
  const red = analyze('ja-red', log, ['--lang', 'ja', '--redact-key', KEY], 'json');
  const title = (r: Report): string => r.findings.find((f) => f.rule === 'compromised-account')!.title;
  assert.ok(title(plain.report).includes('サーバー'), title(plain.report));
  assert.ok(!title(red.report).includes('サーバー'), title(red.report));
  assert.ok(title(red.report).includes(userPseudonym('サーバー')), title(red.report));
  // The account named where the prose stands it between spaces and brackets; the advice's words (このサーバー自身) stay.
  assert.match(prose(plain.report), /（サーバー |、サーバー /);
  assert.doesNotMatch(prose(red.report), /（サーバー |、サーバー /);
  assert.ok(prose(red.report).includes('このサーバー自身'), 'the advice keeps its own サーバー');
});

test('AE L10: names of two characters ("yk", "山田") are hidden bare too; a two-character word of the tool\'s text ("ok") is not looked for', async () => {
  const log = join(dir, 'short.log');
  writeFileSync(log, [
    'Nov 28 11:00:01 mx postfix/pickup[51]: 3C4D5E6F70: uid=1001 from=<yk>',
    'Nov 28 11:00:02 mx postfix/qmgr[43]: 3C4D5E6F70: from=<yk@mx.acme-client.jp>, size=500, nrcpt=1 (queue active)',
    // local(8) (local/mailbox.c) repeats the user bare, in the path and after "for user".
    'Nov 28 11:00:03 mx postfix/local[52]: 3C4D5E6F70: to=<yk@mx.acme-client.jp>, orig_to=<yk>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=5.2.2, status=bounced (cannot update mailbox /var/mail/yk for user yk. error writing message: Disk quota exceeded)',
    'Nov 28 11:00:04 mx postfix/qmgr[43]: 3C4D5E6F70: removed',
    'Nov 28 11:00:05 mx postfix/smtpd[41]: 2B3C4D5E6F: client=unknown[203.0.113.5], sasl_method=LOGIN, sasl_username=山田',
    'Nov 28 11:00:06 mx postfix/qmgr[43]: 2B3C4D5E6F: from=<tanaka@acme-client.jp>, size=2234, nrcpt=1 (queue active)',
    'Nov 28 11:00:07 mx postfix/smtp[44]: 2B3C4D5E6F: to=<ok@example.org>, relay=mx.example.org[198.51.100.25]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=5.7.1, status=bounced (host mx.example.org[198.51.100.25] said: 550 5.7.1 Message rejected for 山田 via ok relay (in reply to end of DATA command))',
    'Nov 28 11:00:08 mx postfix/qmgr[43]: 2B3C4D5E6F: removed',
    'Nov 28 11:00:09 mx dovecot: auth: passwd-file(山田,192.0.2.8): Password mismatch',
    'Nov 28 11:00:10 mx dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<山田>, method=PLAIN, rip=192.0.2.8, lip=192.0.2.1, session=<abcdEFGH1234>',
    '',
  ].join('\n'));
  const plain = await unredacted(log);
  const red = analyze('short-red', log, ['--redact-key', KEY]);
  const bare = (name: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}_.@-])${name}(?![\\p{L}\\p{N}_@-])`, 'u');
  for (const name of ['yk', '山田']) {
    assert.match(plain.text, bare(name), `the unredacted run shows ${name}`);
    for (const f of filesUnder(red.dir)) assert.doesNotMatch(f.text, bare(name), `${f.path} shows ${name}`);
  }
  const reasons = red.report.bounceReasons.map((b) => b.reason);
  assert.ok(reasons.includes(`cannot update mailbox /var/mail/${userPseudonym('yk')} for user ${userPseudonym('yk')}. error writing message: Disk quota exceeded`), reasons.join(' | '));
  // "ok" is a word of the advice and of reply texts: replaced in the address only.
  assert.ok(reasons.includes(`host mx.example.org[IP] said: 550 5.7.1 Message rejected for ${userPseudonym('山田')} via ok relay (in reply to end of DATA command)`), reasons.join(' | '));
});

test('AE L10: with --redact-domains a message-id\'s domain is a domain pseudonym too (a receiver quoting it, an example line)', async () => {
  const log = join(dir, 'message-id.log');
  writeFileSync(log, [
    'Nov 28 11:00:01 mx postfix/smtpd[41]: 2B3C4D5E6F: client=unknown[203.0.113.5], sasl_method=LOGIN, sasl_username=tanaka@acme-client.jp',
    'Nov 28 11:00:02 mx postfix/cleanup[42]: 2B3C4D5E6F: message-id=<20261128110002.2B3C4D5E6F@mail.acme-client.jp>',
    'Nov 28 11:00:03 mx postfix/qmgr[43]: 2B3C4D5E6F: from=<tanaka@acme-client.jp>, size=2234, nrcpt=1 (queue active)',
    'Nov 28 11:00:07 mx postfix/smtp[44]: 2B3C4D5E6F: to=<kenji@partner.example>, relay=mx.partner.example[198.51.100.25]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=5.7.1, status=bounced (host mx.partner.example[198.51.100.25] said: 550 5.7.1 Message <20261128110002.2B3C4D5E6F@mail.acme-client.jp> rejected: spam (in reply to end of DATA command))',
    'Nov 28 11:00:08 mx postfix/qmgr[43]: 2B3C4D5E6F: removed',
    // A message-id with no "@" (some mailers): the known domain at its end.
    'Nov 28 11:01:07 mx postfix/smtp[44]: 3B3C4D5E6F: to=<kenji@partner.example>, relay=mx.partner.example[198.51.100.25]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=5.7.1, status=bounced (host mx.partner.example[198.51.100.25] said: 550 5.7.1 Message <20261128.x9.mail.acme-client.jp> rejected: spam (in reply to end of DATA command))',
    '',
  ].join('\n'));
  const plain = await unredacted(log);
  const red = analyze('mid-red', log, ['--redact-domains', '--redact-key', KEY]);
  assert.ok(plain.text.includes('@mail.acme-client.jp>') && plain.text.includes('.mail.acme-client.jp>'), 'the unredacted run shows both message-ids');
  for (const f of filesUnder(red.dir)) assert.ok(!/acme-client|partner\.example/.test(f.text), `${f.path} shows a redacted domain`);
  const lines = red.text.match(/Message <[^>]*>/g) ?? [];
  assert.ok(lines.some((l) => new RegExp(`^Message <user-${HEX}@domain-${HEX}>$`).test(l)), lines.join(' | '));
  assert.ok(lines.some((l) => new RegExp(`^Message <20261128\\.x9\\.mail\\.domain-${HEX}>$`).test(l)), lines.join(' | '));
});
