import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint, redactReport } from '../src/report/redact.js';
import type { Report } from '../src/report/model.js';
import { emptyReport, fixtureReport, incidentReport, INCIDENT, renderAll } from './fixtures/render/reports.js';
import { report, redactionFingerprint, ROOT } from './helpers.js';
import { shellArg } from '../src/detect/util.js';
import { messagesFor } from '../src/i18n/index.js';
import { checkRedaction, checkShape } from '../src/compare/compare.js';

const ALL = ['json', 'md', 'html', 'csv'];
const LOCAL_CHAR = String.raw`[\p{L}\p{N}_.%+!#$&*^~\-]`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

type Rendered = Awaited<ReturnType<typeof renderAll>>;

/** Every output of a report as one text, each file under its name. */
function textOf(files: Rendered): string {
  // report.html's text as shown: the <wbr>s of addresses (render/break-points.ts) are no characters.
  return files.map((f) => `\n=== ${f.path}\n${String(f.content).replace(/<wbr>/g, '')}`).join('');
}

async function outputs(r: Report): Promise<string> {
  return textOf(await renderAll(r, ALL));
}

let redactedIncidentOnce: Promise<{ report: Report; files: Rendered }> | undefined;
/**
 * The incident report redacted with the key ticket-4711 and rendered in every format (html and charts included), made
 * once for the two tests that read it: the tests read it, none changes it.
 */
function redactedIncident(): Promise<{ report: Report; files: Rendered }> {
  redactedIncidentOnce ??= (async () => {
    const report = redactReport(await incidentReport(), { key: 'ticket-4711', redactDomains: false });
    return { report, files: await renderAll(report, ALL) };
  })();
  return redactedIncidentOnce;
}

/** Whole-token occurrence: not inside a longer name, address, host name or key=value key. */
function hasToken(text: string, token: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}_.@+/\\-])${escapeRe(token)}(?![\\p{L}\\p{N}_.@+=(/:\\[\\-])`, 'u').test(text);
}

/** Everything the incident log says about people and machines, from the unredacted report's tables and from the log. */
function sensitive(r: Report, log: string): { ips: Set<string>; addresses: Set<string>; names: Set<string> } {
  const ips = new Set<string>();
  const addIp = (v: string): void => { if (isIP(v)) ips.add(v); };
  r.byClientIp.forEach((c) => addIp(c.key));
  r.dovecotAuthFailuresByIp.forEach((c) => addIp(c.key));
  r.bySaslUser.forEach((u) => u.topClientIps.forEach(addIp));
  r.stillQueued.forEach((q) => addIp(q.clientIp));
  for (const m of log.matchAll(/(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)/g)) addIp(m[0]);

  const addresses = new Set<string>();
  for (const m of log.matchAll(/<([^<>@\s]+@[^<>@\s]+)>/g)) addresses.add(m[1]!);
  for (const m of log.matchAll(/sasl_username=([^\s,]+@[^\s,]+)/g)) addresses.add(m[1]!);
  r.bySender.forEach((s) => { if (s.key.includes('@')) addresses.add(s.key); });

  const names = new Set<string>();
  const addName = (v: string): void => { if (v && !/^\(.*\)$|^<>$/.test(v)) (v.includes('@') ? addresses : names).add(v); };
  r.bySaslUser.forEach((u) => addName(u.key));
  r.byClientIp.forEach((c) => { c.saslUsers.forEach(addName); c.topUsersTried.forEach(addName); });
  r.authFailuresByUser.forEach((x) => addName(x.key));
  r.dovecotAuthFailuresByUser.forEach((x) => addName(x.key));
  r.dovecotLoginsByUser.forEach((x) => addName(x.key.replace(/^\S+ /, '')));
  for (const m of log.matchAll(/sasl_username=([^\s,]+)/g)) addName(m[1]!);
  for (const m of log.matchAll(/user=<([^>]*)>/g)) addName(m[1]!);
  for (const m of log.matchAll(/passwd-file\(([^,()]+),/g)) addName(m[1]!);
  for (const m of log.matchAll(/\b(?:orig_to|to|from)=<([^>@]+)>/g)) addName(m[1]!);
  return { ips, addresses, names };
}

test('redacted incident report: no client IP, user name or address local part of the log survives in any output', async () => {
  const log = readFileSync(INCIDENT, 'latin1');
  const plain = await incidentReport();
  const { ips, addresses, names } = sensitive(plain, log);
  assert.ok(ips.size > 80 && addresses.size > 100 && names.size > 10, `collected ${ips.size} IPs, ${addresses.size} addresses, ${names.size} names`);

  const { report: red, files } = await redactedIncident();
  const out = textOf(files);
  assert.ok(out.includes('=== report.html') && out.includes('=== charts/top-attacking-ips.svg') && out.includes('=== csv/byClientIp.csv'));

  // Our own advice text (rule fixes such as `dig … @127.0.0.1`) is not log data.
  const advice = plain.rules.map((x) => `${x.why}\n${x.fix}`).join('\n');
  for (const ip of ips) {
    if (advice.includes(ip)) continue;
    assert.doesNotMatch(out, new RegExp(`(?<![\\d.:A-Fa-f])${escapeRe(ip)}(?![\\d]|\\.\\d)`), `client/log IP ${ip} survived`);
  }
  for (const a of addresses) {
    const local = a.slice(0, a.lastIndexOf('@'));
    const hit = new RegExp(`(?<!${LOCAL_CHAR})${escapeRe(local)}@`, 'u').exec(out);
    assert.equal(hit, null, `local part of ${a} survived: ${hit === null ? '' : out.slice(hit.index - 80, hit.index + 40)}`);
  }
  // Bare user names: never where the log puts a user name; and nowhere at all unless the word is part of the
  // report's own vocabulary (headings, CSS, host name "mail" …), taken from the outputs of an empty report.
  const vocabulary = await outputs(redactReport(await emptyReport(), { key: 'ticket-4711', redactDomains: false })) + advice
    + plain.hosts.map((h) => h.key).join(' ') + plain.rejectReasons.map((x) => x.reason).join(' ') + plain.bounceReasons.map((x) => x.reason).join(' ')
    + plain.deferralReasons.map((x) => x.reason).join(' ') + plain.daemonProblems.map((x) => x.reason).join(' ');
  const hosts = new Set(plain.hosts.map((h) => h.key)); // the server's own name ("mail") is no user's
  const checkedEverywhere: string[] = [];
  for (const n of names) {
    const e = escapeRe(n);
    assert.doesNotMatch(out, new RegExp(`sasl_username=${e}(?![\\w.@-])|user=<${e}>|[\\w-]\\(${e},|(?:to|from)=<${e}>${hosts.has(n) ? '' : `|"key": "${e}"`}`), `user name ${n} survived in context`);
    if (!hasToken(vocabulary, n)) {
      checkedEverywhere.push(n);
      assert.ok(!hasToken(out, n), `user name ${n} survived`);
    }
  }
  assert.ok(checkedEverywhere.length >= 5, `only ${checkedEverywhere.join(', ')} could be checked everywhere`);

  // Domains stay: they tell which receivers refused the mail.
  for (const d of ['example.jp', 'gmail.com', 'yahoo.co.jp']) assert.ok(out.includes(`@${d}`), `domain ${d} was removed`);
  assert.deepEqual(red.byRecipientDomain.map((x) => x.key), plain.byRecipientDomain.map((x) => x.key));
  // Counts and structure are untouched.
  assert.deepEqual(red.totals, plain.totals);
  assert.deepEqual(red.hourly, plain.hourly);
  assert.equal(red.bySaslUser.length, plain.bySaslUser.length);
  assert.equal(new Set(red.byClientIp.map((c) => c.key)).size, plain.byClientIp.length, 'two IPs got the same pseudonym');
  assert.deepEqual(red.redaction, { keyFingerprint: redactionFingerprint('ticket-4711'), keyDerivation: 'scrypt', pseudonymHexDigits: 12, domains: false, pseudonymLists: true });
});

test('--redact-domains also replaces the domains of addresses and the domain tables', async () => {
  const plain = await incidentReport();
  const red = redactReport(await incidentReport(), { key: 'k', redactDomains: true });
  const out = await outputs(red);
  const domains = new Set([...plain.byRecipientDomain, ...plain.bySenderDomain].map((x) => x.key).filter((d) => d.includes('.')));
  assert.ok(domains.size > 10);
  for (const d of domains) {
    assert.doesNotMatch(out, new RegExp(`@${escapeRe(d)}(?![\\w.-])`, 'i'), `address domain ${d} survived`);
    assert.doesNotMatch(out, new RegExp(`"key": "${escapeRe(d)}"`), `domain table key ${d} survived`);
  }
  assert.ok(red.byRecipientDomain.every((x) => /^domain-[0-9a-f]{12}$/.test(x.key) || !x.key.includes('.')));
  assert.equal(red.redaction?.domains, true);
});

test('pseudonyms are stable within a report and across reports with the same key, and differ with another key', async () => {
  const a = redactReport(await incidentReport(), { key: 'same', redactDomains: false });
  const b = redactReport(await incidentReport(), { key: 'same', redactDomains: false });
  const c = redactReport(await incidentReport(), { key: 'other', redactDomains: false });
  assert.deepEqual(a, b);
  assert.notEqual(a.bySaslUser[0]!.key, c.bySaslUser[0]!.key);
  assert.notEqual(a.redaction!.keyFingerprint, c.redaction!.keyFingerprint);
  // The compromised account is the same pseudonym as SASL user, as sender and inside example lines.
  const info = a.bySaslUser[0]!.key;
  assert.match(info, /^user-[0-9a-f]{12}@example\.jp$/);
  assert.ok(a.bySender.some((s) => s.key === info));
  assert.ok(a.deletedInBulk.some((q) => q.saslUser === info));
  assert.ok(JSON.stringify(a.findings).includes(info) || a.findings.length === 0);
  const ip = a.byClientIp.find((x) => x.authFailures > 0)!.key;
  assert.match(ip, /^ip-[0-9a-f]{12}$/);
  assert.ok(a.rejectReasons.concat(a.deferralReasons).every((x) => !x.example || !/\d+\.\d+\.\d+\.\d+/.test(x.example.text)));
});

test('free text: user names where Postfix and Dovecot log them, IPv4 and IPv6, without mangling the rest', async () => {
  const r = await fixtureReport();
  const red = redactReport(r, { key: 'k', redactDomains: false });
  const [brute] = red.findings.filter((f) => f.rule === 'sasl-bruteforce');
  const [l1, l2] = brute!.examples.map((e) => e.text);
  assert.match(l1!, /^Nov 28 03:10:00 mail dovecot: auth: passwd-file\(user-[0-9a-f]{12},ip-[0-9a-f]{12},<sess-[0-9a-f]{12}>\): Password mismatch$/);
  assert.match(l2!, /^Nov 28 03:10:02 mail dovecot: imap-login: Disconnected \(auth failed, 1 attempts in 2 secs\): user=<user-[0-9a-f]{12}>, method=PLAIN, rip=ip-[0-9a-f]{12}, lip=ip-[0-9a-f]{12}, session=<sess-[0-9a-f]{12}>$/);
  const [compromised] = red.findings.filter((f) => f.rule === 'compromised-account');
  assert.equal(compromised!.subject.value, red.bySaslUser[0]!.key);
  assert.match(compromised!.evidence.topClientIps as string, /^ip-[0-9a-f]{12}, ip-[0-9a-f]{12}$/);
  // A list of IPs would be pseudonyms: not exported (see the L3 test below).
  assert.deepEqual(compromised!.lists, {});
  assert.equal(red.byClientIp[1]!.key, (compromised!.evidence.topClientIps as string).split(', ')[1], 'the IPv6 address has one pseudonym in tables and evidence');
  assert.equal(red.byClientIp[0]!.name, r.byClientIp[0]!.name === 'unknown' ? 'unknown' : red.byClientIp[0]!.name);
  assert.match(red.byClientIp[0]!.name, /^host-[0-9a-f]{12}$/);
  assert.equal(red.byClientIp[1]!.name, 'unknown');
  // Untouched: queue IDs, DSNs, times, placeholders, the empty sender, our words.
  assert.equal(red.stillQueued[0]!.qid, '4A1B2C3D');
  assert.equal(red.stillQueued[1]!.sender, '<>');
  assert.equal(red.authFailuresByUser[3]!.key, '(unavailable)');
  assert.equal(red.deferralReasons[0]!.dsn, '4.7.28');
  assert.equal(red.deferralReasons[0]!.example!.text.slice(0, 40), 'Nov 28 05:00:01 mail postfix/smtp[4]: AB');
  assert.deepEqual(red.hosts, r.hosts);
  assert.deepEqual(red.rules, r.rules);
  // A 10,000-character user name becomes a short pseudonym.
  assert.match(red.bySaslUser[2]!.key, /^user-[0-9a-f]{12}$/);
});

test('without a key the report says its pseudonyms are not comparable; a report is redacted once', async () => {
  const red = redactReport(await fixtureReport(), { key: 'random-for-this-run', redactDomains: false, randomKey: true });
  assert.ok(red.warnings.some((w) => w.includes('random')));
  assert.ok(red.warnings.some((w) => w.includes(`key fingerprint ${keyFingerprint('random-for-this-run')}`)));
  assert.throws(() => redactReport(red, { key: 'x', redactDomains: false }), /already redacted/);
  // The fingerprint is of the stretched key (scrypt), not of the key: SHA-256("abc") would be ba7816bf, and a
  // fingerprint that cheap to check gave a short key away to a word list.
  assert.equal(keyFingerprint('abc'), 'd6bf3dda');
  assert.equal(redactionFingerprint('abc'), 'd6bf3dda');
});

test('redacted: lists of pseudonyms are not exported and blocks to paste that name users or IPs become a note (review 10, L3)', async () => {
  const plain = await incidentReport();
  const compromisedPlain = plain.findings.find((f) => f.rule === 'compromised-account')!;
  assert.match(compromisedPlain.fix!, /^info@example\.jp +info@example\.jp$/m, 'the unredacted sender_login map names the real login');
  const { report: red, files: rendered } = await redactedIncident();
  const files = rendered.map((f) => f.path);
  // The plain run writes both IP lists; the redacted one neither (queue IDs are no pseudonyms: such a list stays).
  // (README.txt, the folder's list of files, is written by every run: review Z, Z17.)
  const lists = (paths: string[]): string[] => paths.filter((p) => p.endsWith('.txt') && p !== 'README.txt');
  assert.deepEqual(lists((await renderAll(await incidentReport(), ['json'])).map((f) => f.path)), ['blocklist-ips.txt', 'compromised-ips.txt']);
  assert.deepEqual(lists(files), []);
  for (const f of red.findings) assert.deepEqual(Object.keys(f.lists ?? {}).filter((n) => n.endsWith('-ips.txt')), [], f.rule);

  const fix = red.findings.find((f) => f.rule === 'compromised-account')!.fix!;
  // The sender_login map and the doveadm commands named the account: notes now, and no line pairs two pseudonyms.
  assert.doesNotMatch(fix, /user-[0-9a-f]{12}@example\.jp +user-[0-9a-f]{12}@example\.jp/);
  assert.doesNotMatch(fix, /doveadm kick/);
  // (and the swaks test of the sender check, which logs in as the account: review Y, Y1).
  assert.equal(fix.split('Left out of this redacted report: the block to paste here names users').length - 1, 3);
  // Blocks without names stay: the map built and the check switched on.
  assert.match(fix, /```\npostmap hash:\/etc\/postfix\/sender_login\npostconf -e 'smtpd_sender_login_maps = hash:\/etc\/postfix\/sender_login'\n/);
  // The nft block reads blocklist-ips.txt, which is not written: a note naming the file instead.
  const brute = red.findings.find((f) => f.rule === 'sasl-bruteforce')!.fix!;
  assert.doesNotMatch(brute, /while read ip/);
  assert.match(brute, /the block to paste here reads `blocklist-ips\.txt`, which a redacted run does not write/);
  // The sixth: backscatter's listing check names the server's IP reversed (review Z, Z22; the fifth is review Y's swaks
  // test above).
  assert.doesNotMatch(red.findings.find((f) => f.rule === 'backscatter')!.fix!, /backscatterer\.org/);
  // The fail2ban jail file and its journal lines stay (review Y3, Y4): "ignoreip = 127.0.0.1/8 ::1" and
  // "_SYSTEMD_UNIT=postfix@-.service" are the rule's own words, not an IP or an address of the log.
  assert.match(brute, /^ignoreip = 127\.0\.0\.1\/8 ::1$/m);
  assert.match(brute, /^journalmatch = _SYSTEMD_UNIT=postfix@-\.service$/m);
  // server-trouble's "login_trusted_networks = 192.0.2.0/28 127.0.0.1" is the rule's own example, written the same for
  // every log: it stays (review AE, L10; it was the sixth block left out).
  assert.match(red.findings.find((f) => f.rule === 'server-trouble')!.fix!, /^```\nlogin_trusted_networks = 192\.0\.2\.0\/28 127\.0\.0\.1\n```$/m);
  assert.ok(red.warnings.includes('blocklist-ips.txt, compromised-ips.txt are not written: redacted, their entries would be pseudonyms, '
    + 'useless to a firewall or a DNS zone. 5 blocks to paste that name users or IPs are left out of the fixes. '
    + 'Run the analysis without --redact for the commands and lists to apply.'), red.warnings.join('\n'));
  // Every other block of every fix is as the unredacted run wrote it.
  const blocks = (r: Report): string[] => r.findings.flatMap((f) => [...(f.fix ?? '').matchAll(/^```[^\n]*\n[\s\S]*?^```$/gm)].map((m) => m[0]));
  const kept = blocks(red);
  // The fourth: the swaks test of the sender check, which logs in as the account; the fifth backscatter's listing
  // check. server-trouble's login_trusted_networks example is kept (above): its network is the rule's, not the log's.
  assert.doesNotMatch(red.findings.find((f) => f.rule === 'server-trouble')!.fix!, /Left out of this redacted report/);
  assert.equal(kept.length, blocks(plain).length - 5);
  for (const b of kept) assert.ok(blocks(plain).includes(b), b);
});

test('redacted in Japanese: the notes are in the report\'s language', async () => {
  const r = await fixtureReport();
  r.lang = 'ja';
  r.findings[0]!.fix = '手順:\n\n```\ndoveadm kick alice@example.jp\n```\n\n```\npostfix reload\n```\n';
  const red = redactReport(r, { key: 'k', redactDomains: false });
  assert.equal(red.findings[0]!.fix, '手順:\n\n> *匿名化したレポートのため、ここに貼り付け用の設定・コマンドは載せていません: ユーザー名、アドレス、IP が仮名になっており、'
    + 'そのまま貼り付けると存在しない名前に作用します。`--redact` を付けずに同じログを解析したレポートにあります。*\n\n```\npostfix reload\n```\n');
  assert.ok(red.warnings.some((w) => w.startsWith('blocklist-ips.txt は書き出していません')), red.warnings.join('\n'));
  // The redaction's own notes too (they were English in a Japanese report).
  assert.ok(red.warnings.some((w) => w.startsWith('共有用に匿名化しています: ') && w.includes('HMAC-SHA256')), red.warnings.join('\n'));
  const random = redactReport(r, { key: 'k', redactDomains: true, randomKey: true });
  assert.ok(random.warnings.includes('匿名化の鍵はランダムでした（--redact-key なし）: 仮名を別のレポートの仮名と比べることはできません。'));
  assert.ok(random.warnings.some((w) => w.includes('ユーザー名、ドメイン、IP、クライアントのホスト名')));
  assert.ok(!random.warnings.some((w) => w.startsWith('Redacted for sharing') || w.startsWith('The redaction key')));
});

test('redacted: prose that points to a list not written is rewritten, and evidence naming it is dropped (review 11, L1)', async () => {
  const plain = await incidentReport();
  const pc = plain.findings.find((f) => f.rule === 'compromised-account')!;
  assert.match(pc.fix!, /`compromised-ips\.txt` \(next to this report\) lists the/);
  assert.equal(pc.evidence.ipsSinceGuessedList, 'compromised-ips.txt');
  const red = redactReport(plain, { key: 'k', redactDomains: false });
  for (const f of red.findings) {
    assert.doesNotMatch(f.fix ?? '', /next to this report/, f.rule);
    assert.ok(!Object.values(f.evidence).some((v) => typeof v === 'string' && v.endsWith('-ips.txt')), `${f.rule}: ${JSON.stringify(f.evidence)}`);
  }
  const rc = red.findings.find((f) => f.rule === 'compromised-account')!;
  assert.match(rc.fix!, /\*\(A sentence on `compromised-ips\.txt` is left out: a redacted run does not write that list; the report of the same log without `--redact` has it\.\)\*/);
  assert.equal(rc.evidence.ipsSinceGuessedList, undefined);
  // The rest of that paragraph's neighbours stays: the owner's clients line (an IP list, redacted to pseudonyms).
  assert.match(rc.fix!, /The owner's own mail clients, seen before the guess \(ip-[0-9a-f]{12}/);
});

test('redacted: a parenthesis naming the list goes, its sentence stays; a sentence naming it goes; Japanese too (review 11, L1)', async () => {
  const r = await fixtureReport();
  r.findings[0]!.lists = { 'compromised-ips.txt': ['203.0.113.9'] };
  r.findings[0]!.evidence = { intruderIps: 1, intruderIpsList: 'compromised-ips.txt' };
  r.findings[0]!.fix = 'Block the attacking IPs (`compromised-ips.txt`, written next to this report), and make the guessing slower: use fail2ban.\n'
    + '- `compromised-ips.txt` (next to this report) lists the IPs. Name them in the ticket.';
  const red = redactReport(r, { key: 'k', redactDomains: false });
  const note = '*(A sentence on `compromised-ips.txt` is left out: a redacted run does not write that list; the report of the same log without `--redact` has it.)*';
  assert.equal(red.findings[0]!.fix, `Block the attacking IPs, and make the guessing slower: use fail2ban. ${note}\n- Name them in the ticket. ${note}`);
  assert.deepEqual(red.findings[0]!.evidence, { intruderIps: 1 });
  r.lang = 'ja';
  r.findings[0]!.fix = '攻撃した IP アドレスをブロックします（このレポートと同じ場所の `compromised-ips.txt`）。推測を遅くします。\n'
    + '`compromised-ips.txt` に 1 行に 1 件あります。チケットに記載します。';
  const ja = redactReport(r, { key: 'k', redactDomains: false });
  const jaNote = '*（`compromised-ips.txt` についての文は省いています。匿名化した実行ではこの一覧を書き出しません。`--redact` を付けずに同じログを解析したレポートにあります。）*';
  assert.equal(ja.findings[0]!.fix, `攻撃した IP アドレスをブロックします。推測を遅くします。${jaNote}\nチケットに記載します。${jaNote}`);
  // Without --redact nothing of this applies: the lists are written.
  assert.match(r.findings[0]!.fix, /`compromised-ips\.txt` に 1 行に 1 件あります/);
});

test('compare tells a report redacted by an older version (key not stretched) from one made with another key', () => {
  const now = { keyFingerprint: keyFingerprint('ticket-4711'), keyDerivation: 'scrypt' as const, domains: false };
  // An older version's report of the same key: its fingerprint was SHA-256 of the key itself, and no keyDerivation.
  const older = { keyFingerprint: '5ab4ad3f', domains: false };
  assert.doesNotThrow(() => checkRedaction(now, { ...now }, 'before', 'after'));
  assert.throws(() => checkRedaction(older, now, 'reports/before', 'reports/after'),
    /reports\/before was redacted by an older version, whose pseudonyms the same key does not give again; analyze both logs again with this version and the same --redact-key$/);
  assert.throws(() => checkRedaction(now, older, 'reports/before', 'reports/after'), /reports\/after was redacted by an older version/);
  const other = { ...now, keyFingerprint: keyFingerprint('another key') };
  assert.throws(() => checkRedaction(now, other, 'before', 'after'), /different pseudonyms under different keys; make both with the same --redact-key$/);
  // Two older reports of one key still compare, as they did.
  assert.doesNotThrow(() => checkRedaction(older, { ...older }, 'before', 'after'));
});

test('a chosen --redact-key shorter than 16 characters gets a warning; a long one and a random one do not (review X, X1)', async () => {
  const base = await fixtureReport();
  const short = redactReport(base, { key: 'acme2026', redactDomains: false });
  assert.ok(short.warnings.includes(messagesFor('en').warnings.redactedShortKey({ chars: 8 })));
  assert.match(short.warnings.find((w) => w.startsWith('The --redact-key has only 8 characters'))!, /openssl rand -hex 16/);
  for (const opts of [{ key: '0123456789abcdef', redactDomains: false }, { key: 'x', redactDomains: false, randomKey: true }]) {
    const red = redactReport(base, opts);
    assert.ok(!red.warnings.some((w) => w.includes('--redact-key has only')), opts.key);
  }
  const ja = redactReport({ ...base, lang: 'ja' }, { key: 'acme2026', redactDomains: false });
  assert.ok(ja.warnings.some((w) => w.startsWith('--redact-key は 8 文字しかありません')));
});

test('compare reads redaction.keyDerivation as "scrypt" or absent, and refuses anything else (review X, X2)', async () => {
  const red = redactReport(await fixtureReport(), { key: '0123456789abcdef', redactDomains: false });
  assert.doesNotThrow(() => checkShape(red, 'before'));
  const older = structuredClone(red);
  delete (older.redaction as { keyDerivation?: string }).keyDerivation;
  assert.doesNotThrow(() => checkShape(older, 'before'));
  for (const v of ['md5', null, 7]) {
    const odd = structuredClone(red) as unknown as { redaction: Record<string, unknown> };
    odd.redaction.keyDerivation = v;
    assert.throws(() => checkShape(odd as unknown as Report, 'before'), /before: not a complete maillog-forensics report \(redaction\.keyDerivation is missing or not "scrypt", or absent/);
  }
});

test('redacted: only the rules\' own loopback and unit words pass; a log IP beside them still withholds the block (review Y)', async () => {
  const plain = await incidentReport();
  const own = '```\n[postfix-sasl]\nignoreip = 127.0.0.1/8 ::1\njournalmatch = _SYSTEMD_UNIT=postfix@-.service\n```';
  const withOffice = '```\nignoreip = 127.0.0.1/8 ::1 198.51.100.40\n```';
  const loopbackHost = '```\nswaks -s 127.0.0.2 -p 587\n```';
  const f = plain.findings.find((x) => x.rule === 'relay-probing')!;
  const mine = { ...plain, findings: plain.findings.map((x) => (x === f ? { ...x, fix: `One.\n\n${own}\n\nTwo.\n\n${withOffice}\n\nThree.\n\n${loopbackHost}\n` } : x)) };
  const fix = redactReport(mine, { key: 'ticket-4711', redactDomains: false }).findings.find((x) => x.rule === 'relay-probing')!.fix!;
  assert.ok(fix.includes(own), fix);
  assert.ok(!fix.includes('198.51.100.40') && !fix.includes('ignoreip = 127.0.0.1/8 ::1 '), fix);
  assert.ok(!fix.includes('127.0.0.2'), 'another loopback address is not one of the rules\' literals');
  assert.equal(fix.split('Left out of this redacted report').length - 1, 2);
});

// Review AA, F14: "sasl_username=Taro Yamada" became "sasl_username=user-0706580d Yamada", and a login with quotes
// ("o'$(touch …)'`id`\";x@example.jp") left all but its last word in evidence lines, prose, commands and findings.csv.
// The sample incident log with such names, as the reviewer made it: the compromised account (info) a name with a
// space, and other users an address with a space (from=<…>, to=<…>, lmtp(…), sasl_username=) and one with a quoted
// local part as Postfix logs it; then the compromised account a login with quotes and a command substitution.
const QUOTED = 'o\'$(touch /tmp/PWNED)\'`id`";x@example.jp';
const NAMED: Array<{ account: string; edit: (log: string) => string }> = [
  {
    account: 'Taro Yamada',
    edit: (log) => log.replaceAll('info@example.jp', 'Taro Yamada').replace(/sasl_username=info$/gm, 'sasl_username=Taro Yamada')
      .replaceAll('tanaka@example.jp', 'Hanako Mori+secret@example.jp').replaceAll('sato@example.jp', '"Jiro Kato"@example.jp'),
  },
  { account: QUOTED, edit: (log) => log.replaceAll('info@example.jp', QUOTED) },
];

for (const { account, edit } of NAMED) {
  test(`redacted: names and addresses with spaces and quotes are replaced whole, in every output: ${account} (review AA, F14)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-redact-'));
    try {
      const path = join(dir, 'names.log');
      writeFileSync(path, edit(readFileSync(join(ROOT, 'samples', 'incident.log'), 'utf8')));
      const plain = await report([path], { year: 2026, top: 50 });
      // The account is the compromised one, and the rules' commands quote it for the shell.
      const compromised = plain.findings.find((f) => f.rule === 'compromised-account')!;
      assert.equal(compromised.subject.value, account);
      assert.ok(JSON.stringify(plain.findings).includes(JSON.stringify(shellArg(account)).slice(1, -1)), 'no command names the account');
      const red = redactReport(plain, { key: 'k1', redactDomains: false });
      const out = await outputs(red);
      for (const word of ['Taro', 'Yamada', 'Hanako', 'Mori', 'Jiro', 'Kato', 'PWNED', 'touch', '`id`']) {
        const at = out.indexOf(word);
        assert.equal(at, -1, `"${word}" survived: …${out.slice(Math.max(0, at - 80), at + 40)}…`);
      }
      // Whole: the account's one pseudonym where the log had it, nothing of the name after it.
      const pseudonym = red.findings.find((f) => f.rule === 'compromised-account')!.subject.value;
      assert.match(pseudonym, /^user-[0-9a-f]{12}(?:@example\.jp)?$/);
      assert.equal(red.bySaslUser[plain.bySaslUser.findIndex((u) => u.key === account)]!.key, pseudonym);
      assert.match(out, new RegExp(`sasl_username=${pseudonym}[\`"<\\n]`));
      assert.doesNotMatch(out, /sasl_username=user-[0-9a-f]{12}(?:@example\.jp)? [^(]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
