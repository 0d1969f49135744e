// rspamd's own log file (/var/log/rspamd/rspamd.log) given beside the maillog: its lines told by their shape, its task
// summaries joined to the maillog's messages by queue ID, rspamd's actions on outgoing mail counted. The fixture is
// a real rspamd 3.4 run (test/fixtures/rspamd/README.md says how it was made and what was changed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, CORPUS, ROOT, parseLine, report } from './helpers.js';
import { RSPAMD_FILE_PROG, newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { redactReport } from '../src/report/redact.js';
import { messagesFor } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';

const DIR = join(ROOT, 'test', 'fixtures', 'rspamd');
const MAIL = join(DIR, 'mail.log');
const RSPAMD = join(DIR, 'rspamd.log');

function header(line: string): { ok: boolean; host: string; prog: string; pid: number; text: string } {
  const h = newHeader();
  const ok = parseHeader(line, h, newYearRule(2026, 10, true), new Map());
  return { ok, host: h.host, prog: h.prog, pid: h.pid, text: line.slice(h.msgStart) };
}

test('rspamd.log lines, verbatim from rspamd 3.4, are rspamd\'s with no host; a task summary gives the queue ID, the signature, the action and the user', () => {
  const lines = readFileSync(RSPAMD, 'latin1').split('\n').filter((l) => l !== '');
  for (const line of lines) {
    const h = header(line);
    assert.deepEqual([h.ok, h.host, h.prog], [true, '', RSPAMD_FILE_PROG], line);
  }
  // A line without a task uid or module ("#pid(type) function: text") has a syslog line's shape: not read as one.
  const repeated = lines.find((l) => l.includes('Last message repeated'))!;
  assert.deepEqual(header(repeated), { ok: true, host: '', prog: RSPAMD_FILE_PROG, pid: 25093, text: 'rspamd_log_reset_repeated: Last message repeated 5 times' });
  assert.equal(parseLine(repeated)?.kind, 'noise');
  const summary = (qid: string): string => lines.find((l) => l.includes(`qid: <${qid}>`))!;
  assert.deepEqual(parseLine(summary('3F2A1C0E51')),
    { kind: 'dkim', qid: '3F2A1C0E51', outcome: 'signed', detail: 'dkim._domainkey.example.jp', signer: 'rspamd', action: 'no action', user: 'info@example.jp', ownFile: true });
  assert.deepEqual(parseLine(summary('52D4F42B88')),
    { kind: 'dkim', qid: '52D4F42B88', outcome: 'rspamd-unsigned', detail: '', signer: 'rspamd', action: 'no action', user: 'sales@other.jp', ownFile: true });
  // "(default: S (reject): …" (GTUBE: S for skipped), of an incoming message: no user.
  assert.deepEqual(parseLine(summary('61F7164DA2')),
    { kind: 'dkim', qid: '61F7164DA2', outcome: 'rspamd-unsigned', detail: '', signer: 'rspamd', action: 'reject', user: '', ownFile: true });
  // logger_file.c's other shapes of the same prefix: log_usec (".12345") and log_severity (" [info]").
  const line = summary('41B7D20F13');
  for (const variant of [line.replace(' #25094', '.61234 #25094'), line.replace(' #25094', ' [notice] #25094')]) {
    assert.deepEqual(header(variant).prog, RSPAMD_FILE_PROG, variant);
    assert.equal((parseLine(variant) as { action?: string }).action, 'greylist');
  }
  // Syslog lines never take this path: a maillog's own rspamd line keeps its host and tag.
  assert.deepEqual(header('Nov 30 22:15:31 mail rspamd[27538]: <8ae27d>; proxy; rspamd_task_write_log: id: <a@b>, qid: <3F2A1C0E51>, ip: 10.1.2.3').prog, 'rspamd');
  // A stamp with an offset is not rspamd's file (its logger writes local time), nor a line without "#pid(type)".
  assert.equal(header('2026-11-30T22:15:31+09:00 #25094(normal) <1d8c62>; task; x').ok, false);
  assert.equal(header('2026-11-30 22:15:31 25094(normal) <1d8c62>; task; x').ok, false);
});

/** The unsigned-mail findings: their domain and how many messages, why. */
function unsigned(r: Report): Array<[string, unknown, unknown]> {
  return r.findings.filter((f) => f.rule === 'unsigned-mail').map((f) => [f.subject?.value ?? '', f.evidence['unsignedMessages'], f.evidence['unsignedWhy']]);
}

test('rspamd.log beside the maillog: joined by queue ID, the mail rspamd signed is signed, the mail it did not sign is unsigned with its line, whatever the order of the files', async () => {
  const r = await report([MAIL, RSPAMD], { year: 2026 });
  // The finding names other.jp only (rspamd has no key for it) and cites rspamd's own line about 52D4F42B88.
  const f = r.findings.filter((x) => x.rule === 'unsigned-mail');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.subject?.value, 'other.jp');
  assert.deepEqual(unsigned(r), [['other.jp', 1, 'rspamd-unsigned (1)']]);
  assert.deepEqual(f[0]!.examples.map((e) => [r.inputs[e.file]!.path.replace(/.*\//, ''), e.line, e.text.slice(0, 125)]),
    [['rspamd.log', 9, '2026-11-30 22:18:11 #25094(normal) <aa67d5>; task; rspamd_task_write_log: id: <20261130221531.C3@other.jp>, qid: <52D4F42B88>']]);
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.lines.parsed, r.lines.total);
  assert.deepEqual(r.hosts.map((h) => h.key), ['mail']);
  assert.deepEqual(r.rspamdOutgoing, {
    fromFile: true, messages: 4, byAction: { reject: 1, greylist: 1, 'no action': 2 }, userCount: 2,
    users: [
      { user: 'info@example.jp', messages: 3, byAction: { reject: 1, greylist: 1, 'no action': 1 } },
      { user: 'sales@other.jp', messages: 1, byAction: { 'no action': 1 } },
    ],
    // 3F2A1C0E51 and 41B7D20F13 signed; 52D4F42B88 not (the GTUBE one never left: no outside recipient).
    joined: { signed: 2, unsigned: 1 },
  });
  // The advice names rspamd as the signer whose key to keep, not OpenDKIM (which runs nowhere here).
  const fix = renderMarkdown(r, undefined, [], messagesFor('en'));
  assert.match(fix, /Do not make a new key for example\.jp: rspamd signs with dkim\._domainkey\.example\.jp already/);
  // --redact: the logins of the table and of rspamd's quoted line are pseudonyms, nowhere in clear.
  const hidden = JSON.stringify(redactReport(r, { key: 'k'.repeat(16), redactDomains: false }));
  assert.ok(!hidden.includes('info@example.jp') && !hidden.includes('sales@other.jp'), hidden);
  assert.match(hidden, /"users":\[\{"user":"user-[0-9a-f]{12}@example\.jp","messages":3/);
  // The order of the paths does not matter (the files are ordered by their first line), nor a second copy of the
  // maillog's lines read first.
  assert.equal(JSON.stringify(await report([RSPAMD, MAIL], { year: 2026 })), JSON.stringify(r));
  // Without rspamd's file nothing says these messages were signed or not: no rspamd line, no signer, no finding.
  const alone = await report([MAIL], { year: 2026 });
  assert.deepEqual(unsigned(alone), []);
  assert.equal(alone.rspamdOutgoing, undefined);
});

test('rspamd.log alone: read without a maillog, its actions counted, nothing joined, no finding, no host', async () => {
  const r = await report([RSPAMD], { year: 2026 });
  assert.equal(r.lines.total, 11);
  assert.equal(r.lines.parsed, 11);
  assert.deepEqual(r.hosts, []);
  assert.deepEqual(r.findings.map((f) => f.rule), []);
  assert.equal(r.rspamdOutgoing?.messages, 4);
  assert.deepEqual(r.rspamdOutgoing?.joined, { signed: 0, unsigned: 0 });
  assert.equal(r.inputs[0]!.parsed, 11);
});

test('rspamd.log and the maillog: one report.json for --jobs 1 and 3 and ranges that cut both files; the report says it in English and Japanese', async () => {
  // Four copies of the day, each a day later with its own queue IDs, so that ranges of 700 bytes cut messages and
  // rspamd's summaries (about 1 KB a line) across ranges of both files.
  const dir = mkdtempSync(join(tmpdir(), 'rspamd-log-'));
  const mail = readFileSync(MAIL, 'latin1');
  const rspamd = readFileSync(RSPAMD, 'latin1');
  const day = (text: string, d: number, stamp: (s: string) => string): string => text.replace(/\b([0-9A-F]{10})\b/g, (q) => `${q.slice(0, 9)}${d}`)
    .split('\n').map((l) => (l === '' ? l : stamp(l))).join('\n');
  let m = '';
  let s = '';
  for (let d = 0; d < 4; d++) {
    m += day(mail, d, (l) => l.replace(/^Nov 30/, `Dec  ${d + 1}`));
    s += day(rspamd, d, (l) => l.replace(/^2026-11-30/, `2026-12-0${d + 1}`));
  }
  writeFileSync(join(dir, 'mail.log'), m);
  writeFileSync(join(dir, 'rspamd.log'), s);
  const paths = [join(dir, 'mail.log'), join(dir, 'rspamd.log')];
  const one = await report(paths, { year: 2026 });
  assert.deepEqual(one.rspamdOutgoing?.joined, { signed: 8, unsigned: 4 });
  assert.equal(one.rspamdOutgoing?.messages, 16);
  assert.deepEqual(unsigned(one), [['other.jp', 4, 'rspamd-unsigned (4)']]);
  const json = JSON.stringify(one);
  for (const [jobs, rangeBytes] of [[3, undefined], [1, 700], [3, 700], [2, 3000]] as const) {
    assert.equal(JSON.stringify(await report(paths, { year: 2026, jobs, ...(rangeBytes === undefined ? {} : { rangeBytes }) })), json, `jobs ${jobs}, ranges of ${rangeBytes ?? 'default'} bytes`);
  }
  const en = renderMarkdown(one, undefined, [], messagesFor('en'));
  assert.match(en, /## rspamd on outgoing mail/);
  assert.match(en, /- 16 messages of 2 users: reject 4, greylist 4, no action 8/);
  assert.match(en, /rspamd signed 8 and did not sign 4\./);
  assert.match(en, /\| info@example\.jp \| 12 \| 4 \| reject 4, greylist 4, no action 4 \|/);
  const ja = renderMarkdown(await report(paths, { year: 2026, lang: 'ja' }), undefined, [], messagesFor('ja'));
  assert.match(ja, /## 送信メールに対する rspamd の判定/);
  assert.match(ja, /- 2 ユーザーの 16 通: reject 4, greylist 4, no action 8/);
  assert.match(ja, /rspamd が署名したもの 8 通、署名しなかったもの 4 通です。/);
});

test('the corpus incident with an rspamd.log naming the stolen account: the compromised-account finding cites rspamd\'s actions on its mail, the rest of the report as without it', async () => {
  const incident = join(CORPUS, 'incident', 'maillog');
  const before = await report([incident], { year: 2026 });
  const stolen = before.findings.find((f) => f.rule === 'compromised-account')!;
  assert.equal(stolen.evidence['rspamdActionsOnAccount'], undefined);
  const user = stolen.subject!.value;
  // rspamd 3.4's summaries (the fixture's line of a message it did not sign) for three of the account's messages, by
  // another queue ID each. (With DKIM_SIGNED in them, rspamd would be a signer that logs its signatures, and the
  // account's messages it has no line of would be unsigned-mail's: review-af-rest.test.ts.)
  const line = readFileSync(RSPAMD, 'latin1').split('\n').find((l) => l.includes('qid: <52D4F42B88>'))!;
  const dir = mkdtempSync(join(tmpdir(), 'rspamd-incident-'));
  const path = join(dir, 'rspamd.log');
  writeFileSync(path, ['reject', 'add header', 'reject'].map((action, i) => line.replace('2026-11-30 22:18:11', `2026-11-28 22:17:0${i}`)
    .replace('52D4F42B88', `ABCDEF012${i}`).replace(/user: [^,]+/, `user: ${user}`).replace('F (no action)', `T (${action})`)).join('\n') + '\n');
  const after = await report([incident, path], { year: 2026 });
  const f = after.findings.find((x) => x.rule === 'compromised-account')!;
  assert.equal(f.evidence['rspamdActionsOnAccount'], 'reject 2, add header 1');
  assert.deepEqual(after.rspamdOutgoing?.users, [{ user, messages: 3, byAction: { reject: 2, 'add header': 1 } }]);
  assert.deepEqual(after.findings.map((x) => [x.rule, x.title]), before.findings.map((x) => [x.rule, x.title]));
  assert.deepEqual(after.totals, before.totals);
});

test('rspamd.log on standard input: joined as the file is (a stream is not probed before the scan, so the run keeps its unsigned messages for any rspamd lines)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rspamd-stdin-'));
  const run = (args: string[], input?: string): Report => {
    const out = join(dir, String(args.length) + (input === undefined ? 'f' : 's'));
    const p = spawnSync(process.execPath, [CLI, 'analyze', ...args, '--year', '2026', '--out', out, '-q', '-f', 'json'], { input, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  };
  const file = run([MAIL, RSPAMD]);
  const stdin = run([MAIL, '-'], readFileSync(RSPAMD, 'latin1'));
  // Before, the 2 messages rspamd signed were unsigned too: its DKIM_SIGNED lines made rspamd a signer that logs its
  // signatures, and nothing joined them to the messages.
  assert.deepEqual(unsigned(stdin), [['other.jp', 1, 'rspamd-unsigned (1)']]);
  assert.deepEqual(stdin.rspamdOutgoing, file.rspamdOutgoing);
  assert.deepEqual(stdin.findings.map((f) => [f.rule, f.title]), file.findings.map((f) => [f.rule, f.title]));
});
