// Review U, U1: a redacted report (--redact-key) kept Dovecot's session IDs as they are, and a login session ID is
// base64 of 48 bits of time, the client's port and the client's IP (login-common client_get_session_id()): every
// example line "rip=ip-e5d40496, …, session=<wKn2+Rph4q2xigz2>" gave the IP behind its pseudonym, the intruder's of
// `pseudonymLists` too. Each redacted output of samples/incident.log, of the corpus's incident log and of a redacted
// compare is decoded here as the review did: no session ID in them holds a client IP of the log, while the unredacted
// outputs still show the log's lines as they are (their IDs decode to the log's IPs: the decoder works).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactReport } from '../src/report/redact.js';
import { fixtureReport } from './fixtures/render/reports.js';
import { CLI, CORPUS, filesUnder, ROOT } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const CORPUS_INCIDENT = join(CORPUS, 'incident', 'maillog');
const dir = mkdtempSync(join(tmpdir(), 'mlf-u1-'));

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 3, `${args.join(' ')}: ${r.status} ${r.stderr}`);
}

/** `analyze LOG … -o DIR` once for the tests that read the same run (the redacted incident: its outputs, compare's before side). */
const analyzedTo = new Map<string, string>();
function analyzeTo(name: string, log: string, extra: string[] = []): string {
  const key = [log, ...extra].join('\n');
  const done = analyzedTo.get(key);
  if (done !== undefined) return done;
  const out = join(dir, name);
  cli(['analyze', log, '--year', '2026', '-j', '1', '-q', '-o', out, ...extra]);
  analyzedTo.set(key, out);
  return out;
}


/** The client IPs a log names: rip=, the auth prefixes' and Postfix's "[ip]". */
function clientIps(log: string): Set<string> {
  const out = new Set<string>();
  const text = readFileSync(log, 'latin1');
  for (const m of text.matchAll(/(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:])/g)) {
    if (isIP(m[1]!) !== 0) out.add(m[1]!.toLowerCase());
  }
  return out;
}

/** The IP a Dovecot login session ID holds (bytes 8–11, or 8–23 for IPv6), or null. */
function ipOfSession(id: string): string | null {
  const b = Buffer.from(id, 'base64');
  if (b.length === 12) return [...b.subarray(8, 12)].join('.');
  if (b.length !== 24) return null;
  const v6 = b.subarray(8, 24);
  if (v6.subarray(0, 10).every((x) => x === 0) && v6[10] === 0xff && v6[11] === 0xff) return [...v6.subarray(12)].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(v6.readUInt16BE(i).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/**
 * The log's client IPs that session IDs in `text` decode to. Markdown escapes "+" as "\+" and HTML may write "+" and "/"
 * as entities: undone first. Every run of 16 or 32 base64 characters is tried (an ID of a login over IPv4 or IPv6).
 */
function leaked(text: string, ips: ReadonlySet<string>): Map<string, string> {
  const plain = text.replace(/\\([+/])/g, '$1').replace(/&#(?:43|x2b);/gi, '+').replace(/&#(?:47|x2f);/gi, '/');
  const out = new Map<string, string>();
  for (const m of plain.matchAll(/(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{16}|[A-Za-z0-9+/]{32})(?![A-Za-z0-9+/=])/g)) {
    const ip = ipOfSession(m[0]);
    if (ip !== null && ips.has(ip)) out.set(m[0], ip);
  }
  return out;
}

const runs = [
  { name: 'incident', log: INCIDENT },
  ...(existsSync(CORPUS_INCIDENT) ? [{ name: 'corpus', log: CORPUS_INCIDENT }] : []),
];

for (const { name, log } of runs) {
  test(`U1 ${name}: no session ID in any redacted output holds a client IP; the unredacted outputs still show them`, () => {
    const ips = clientIps(log);
    const plain = filesUnder(analyzeTo(`${name}-plain`, log));
    const shown = plain.reduce((n, f) => n + leaked(f.text, ips).size, 0);
    assert.ok(shown >= 10, `the decoder finds the IPs in the unredacted outputs (${shown})`);
    assert.ok(plain.some((f) => f.path.endsWith('report.json') && /session=<[A-Za-z0-9+/]{16}>/.test(f.text)), 'unredacted lines as in the log');

    const red = filesUnder(analyzeTo(`${name}-red`, log, ['--redact-key', 'K1']));
    assert.ok(red.some((f) => f.path.endsWith('mailboxLoginsByUserIp.csv')) && red.some((f) => f.path.endsWith('findings.csv')));
    for (const f of red) assert.deepEqual([...leaked(f.text, ips)], [], `${f.path}: session IDs that decode to client IPs`);
    const json = red.find((f) => f.path.endsWith('report.json'))!.text;
    assert.match(json, /session=<sess-[0-9a-f]{12}>/);
    assert.doesNotMatch(json, /session=<(?!sess-[0-9a-f]{12}>)/);
  });
}

test('U1: a redacted compare writes no session ID that holds a client IP', () => {
  const ips = new Set([...clientIps(INCIDENT), ...clientIps(AFTER_FIX)]);
  // The before side is the redacted incident's folder of the test above when it ran (the same command); compare reads
  // report.json alone, so the after side is written as that alone.
  const before = analyzeTo('cmp-before', INCIDENT, ['--redact-key', 'K1']);
  const after = analyzeTo('cmp-after', AFTER_FIX, ['--redact-key', 'K1', '-f', 'json']);
  const out = join(dir, 'cmp');
  cli(['compare', before, after, '-q', '-o', out]);
  const written = filesUnder(out);
  assert.ok(written.some((f) => f.path.endsWith('compare.md')) && written.some((f) => f.path.endsWith('compare.json')));
  for (const f of written) assert.deepEqual([...leaked(f.text, ips)], [], f.path);
});

test('U1: every place Dovecot writes a session ID gets one pseudonym per session; other texts are left alone', async () => {
  const r = await fixtureReport();
  const lines = [
    'dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=177.138.12.246, lip=203.0.113.25, mpid=35189, TLS, session=<wKn2+Rph4q2xigz2>',
    'dovecot: imap(info@example.jp)<35189><wKn2+Rph4q2xigz2>: Disconnected: Logged out in=931 out=38246',
    'dovecot: auth: passwd-file(info@example.jp,81.189.83.166,<zyDGC1th5dRRvVOm>): Password mismatch',
    'dovecot: auth(info@example.jp,127.0.0.1,sasl:plain)<RilyEHJhnOx/AAAB>: passwd-file: Password mismatch',
    'dovecot: auth-worker(jose.basanta,138.255.206.154)<1489164><8oNSumM3A8mK/86a>: request [393]: unix_user: pam_authenticate() failed',
    'dovecot: lmtp(info@example.jp)<21714><2EIWOEDUCmvSVAAAg+zDdQ:T2>: msgid=<a@b.example>: saved mail to INBOX',
    'dovecot: auth: Debug: client in: AUTH 1 PLAIN service=imap session=wKn2+Rph4q2xigz2 lip=203.0.113.25',
    'dovecot: imap-login: Login: user=<x>, rip=2001:db8::7, session=<AAAAAAAAAAAgAQ24AAAAAAAAAAAAAAAH>',
  ];
  r.findings[0]!.examples = lines.map((text, i) => ({ file: 0, line: i + 1, offset: 0, text }));
  const red = redactReport(r, { key: 'K1', redactDomains: false }).findings[0]!.examples.map((e) => e.text);
  const ids = red.map((l) => [...l.matchAll(/sess-[0-9a-f]{12}/g)].map((m) => m[0]));
  assert.deepEqual(ids.map((x) => x.length), [1, 1, 1, 1, 1, 1, 1, 1], red.join('\n'));
  assert.equal(ids[0]![0], ids[1]![0], 'a login and its mail process keep one pseudonym');
  assert.equal(ids[0]![0], ids[6]![0]);
  assert.match(red[1]!, /\)<35189><sess-[0-9a-f]{12}>: /, 'a pid is no session');
  assert.match(red[4]!, /\)<1489164><sess-[0-9a-f]{12}>: request/);
  assert.match(red[5]!, /<sess-[0-9a-f]{12}:T2>: msgid=<[^>]+>: saved/);
  for (const l of red) assert.doesNotMatch(l, /wKn2|zyDG|RilyE|8oNS|2EIW|AAAAAAAAAAAg/);
  // Redacting again changes nothing (the pseudonym is no session ID).
  const again = redactReport({ ...r, findings: [{ ...r.findings[0]!, examples: red.map((text, i) => ({ file: 0, line: i + 1, offset: 0, text })) }] }, { key: 'K1', redactDomains: false });
  assert.deepEqual(again.findings[0]!.examples.map((e) => e.text), red);
});

test('U1: a reverse name that spells the client IP with dashes, and an IP with leading zeros, are no way around redaction', async () => {
  const r = await fixtureReport();
  r.findings[0]!.examples = [
    { file: 0, line: 1, offset: 0, text: 'postfix/smtpd[1]: connect from c-73-12-34-56.hsd1.ca.example.net[73.12.34.56]' },
    { file: 0, line: 2, offset: 0, text: 'postfix/smtpd[1]: connect from host-073-012-034-056.example[073.012.034.056]' },
    { file: 0, line: 3, offset: 0, text: 'postfix/smtpd[1]: warning: 2026-11-29 1-2-3-4-5 1-2-3-999' },
  ];
  const [a, b, c] = redactReport(r, { key: 'K1', redactDomains: false }).findings[0]!.examples.map((e) => e.text);
  const ip = /ip-[0-9a-f]{12}/.exec(a!)![0];
  // Since review AE (F1) a client's reverse name before its "[IP]" is a host pseudonym as a whole, as in byClientIp.
  assert.match(a!, new RegExp(`^postfix/smtpd\\[1\\]: connect from host-[0-9a-f]{12}\\[${ip}\\]$`));
  assert.match(b!, new RegExp(`^postfix/smtpd\\[1\\]: connect from host-[0-9a-f]{12}\\[${ip}\\]$`));
  assert.equal(c, 'postfix/smtpd[1]: warning: 2026-11-29 1-2-3-4-5 1-2-3-999', 'no IP: as it was');
});
