// Review AA, F2: a line cut short (a full disk, a copy in progress, a syslog size limit) is unparsed and counted as
// cut, never read as a different, complete fact. For a real line of every kind the parsers read (the corpus, Postfix
// 3.7.11 and Dovecot 2.3.19.1), every prefix that keeps the syslog prefix is either unparsed, or gives the event of
// the whole line with some fields absent ('' or 0: a cut at a field boundary, "client=unknown[192.0.2.1]" before
// ", sasl_method=", cannot be told from a line that had none); never another value ("sasl_method=L" without a user,
// a sender "roo" of "from=<root>"). The one exception, named per kind: the value that ends the line, which has no
// closing character ("sasl_username=info@exa"), may be a beginning of the whole value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, parseLine, report, ROOT } from './helpers.js';
import { takeCut } from '../src/parse/cut.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { messagesFor } from '../src/i18n/index.js';
import type { LogEvent } from '../src/types.js';

const LOGS = ['incident', 'healthy'].map((d) => readFileSync(join(CORPUS, d, 'maillog'), 'latin1').split('\n'));

/** The first corpus line matching `re`, verbatim. */
function corpusLine(re: RegExp): string {
  for (const lines of LOGS) {
    const l = lines.find((x) => re.test(x));
    if (l !== undefined) return l;
  }
  throw new Error(`no corpus line matches ${re}`);
}

/** Kinds of lines: a pattern that picks a real line, and the field that ends it (may be a beginning), if any. */
const KINDS: Array<{ name: string; re: RegExp; lastField?: string[] }> = [
  { name: 'smtpd client= with SASL login', re: /submission\/smtpd.*: client=.*sasl_username=/, lastField: ['saslUser'] },
  { name: 'smtpd client= without login', re: /postfix\/smtpd\[.*: client=unknown\[[0-9.]+\]$/ },
  { name: 'smtpd connect', re: /smtpd\[.*: connect from / },
  { name: 'smtpd disconnect with counters', re: /smtpd\[.*disconnect from .*auth=0\/1 .*commands=\d+\/\d+$/, lastField: ['commands'] },
  { name: 'smtpd SASL failure with user', re: /SASL LOGIN authentication failed: \(reason unavailable\), sasl_username=/, lastField: ['user'] },
  // Before Postfix 3.7.8 the reason ends the line, since then the user: either may be a beginning.
  { name: 'smtpd SASL failure, server error', re: /SASL \w+ authentication failed: Connection lost to authentication server, sasl_username=\w/, lastField: ['reason', 'user'] },
  { name: 'smtpd lost connection', re: /smtpd\[.*: lost connection after AUTH from / },
  { name: 'smtpd reject with envelope', re: /NOQUEUE: reject: RCPT .*Relay access denied; from=<.*helo=<.*>$/ },
  { name: 'qmgr queued', re: /qmgr\[.*: from=<[^>]+>, size=\d+, nrcpt=\d+ \(queue active\)$/ },
  { name: 'pickup', re: /pickup\[.*: uid=\d+ from=<root>$/ },
  { name: 'smtp deferred', re: /postfix\/smtp\[.*status=deferred \(/ },
  { name: 'smtp bounced', re: /postfix\/smtp\[.*status=bounced \(/ },
  { name: 'lmtp sent', re: /postfix\/lmtp\[.*status=sent \(/ },
  { name: 'cleanup message-id', re: /cleanup\[.*: message-id=<.+>$/ },
  // "lip=" may end a real line ("…, rip=192.0.2.133, lip=0.0.0.0"): its value may be a beginning.
  { name: 'dovecot login', re: /dovecot: imap-login: Login: user=<[^>]+>, method=PLAIN, rip=/, lastField: ['lip'] },
  { name: 'dovecot failed login', re: /dovecot: imap-login: .*\(auth failed, \d+ attempts.*user=<[^>]+>, .*rip=/ },
  { name: 'dovecot auth mismatch', re: /dovecot: auth: passwd-file\(.*\): Password mismatch$/ },
  { name: 'dovecot lmtp saved', re: /dovecot: lmtp\(.*msgid=<.*saved mail to INBOX$/ },
];

/** A value a prefix may give for a field the whole line has: absent. */
function absent(v: unknown): boolean {
  if (v === '' || v === 0) return true;
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => x === '');
}

/** Why `part` (a prefix's event) is not the whole line's event `whole` with fields absent, or '' when it is. */
function differs(part: LogEvent, whole: LogEvent, lastField: string[] = []): string {
  if (part.kind !== whole.kind) return `kind ${part.kind}, whole ${whole.kind}`;
  const p = part as unknown as Record<string, unknown>;
  const w = whole as unknown as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!(key in w)) return `field ${key} that the whole line does not have`;
    const pv = p[key];
    const wv = w[key];
    if (JSON.stringify(pv) === JSON.stringify(wv) || absent(pv)) continue;
    if (lastField.includes(key) && typeof pv === 'string' && typeof wv === 'string' && wv.startsWith(pv)) continue;
    // A line-ending counter read as "ok" alone ("commands=4" of "commands=4/5").
    if (lastField.includes(key) && typeof pv === 'number' && typeof wv === 'number') continue;
    return `${key} = ${JSON.stringify(pv)}, whole ${JSON.stringify(wv)}`;
  }
  return '';
}

/** Where the message starts (after "prog[pid]: "), so that every prefix keeps its syslog prefix. */
function messageStart(line: string): number {
  return line.indexOf(': ', line.indexOf(' mail ')) + 2;
}

for (const kind of KINDS) {
  test(`F2 cut lines: every prefix of a real ${kind.name} line is unparsed or the same facts`, () => {
    const line = corpusLine(kind.re);
    const whole = parseLine(line);
    assert.ok(whole, `the whole line is understood: ${line}`);
    let unparsed = 0;
    for (let n = messageStart(line) + 1; n < line.length; n++) {
      const prefix = line.slice(0, n);
      const ev = parseLine(prefix);
      takeCut();
      if (ev === null) { unparsed++; continue; }
      const why = differs(ev, whole!, kind.lastField);
      assert.equal(why, '', `prefix ${JSON.stringify(prefix)} gives ${JSON.stringify(ev)}: ${why}`);
    }
    assert.ok(unparsed > 0, 'some prefixes are unparsed');
  });
}

test('F2 cut lines: the cuts of the finding are unparsed and marked cut', () => {
  const cases = [
    // cut before "sasl_username=": a client that logged in, not one that never did
    'Nov 28 22:15:36 mail postfix/submission/smtpd[21716]: AF4B1160661: client=unknown[127.0.10.2], sasl_method=L',
    'Nov 28 22:15:36 mail postfix/submission/smtpd[21716]: AF4B1160661: client=unknown[127.0.10.2], sasl_method=PLAIN',
    'Nov 28 22:15:36 mail postfix/submission/smtpd[21716]: AF4B1160661: client=unknown[127.0.10.2], sasl_username=',
    'Nov 28 22:16:10 mail postfix/pickup[21553]: 1FDA7160673: uid=0 from=<roo',
    'Nov 28 22:15:34 mail postfix/qmgr[21554]: BC4E116065B: from=<john.smith@globex-corp.com>, size=88',
    'Nov 28 22:15:44 mail postfix/smtpd[21707]: NOQUEUE: reject: RCPT from unknown[127.77.142.23]: 554 5.7.1 <probe.31@yahoo.co.jp>: Relay access denied; from=<test@exa',
    'Nov 28 22:15:44 mail postfix/smtpd[21707]: NOQUEUE: reject: RCPT from unknown[127.77.142.23]: 554 5.7.1 <probe.31@yahoo.co.jp>: Relay access denied; from=<test@example.jp> to=<probe.31@yahoo.co.jp> proto=ESMTP helo=<mail.exa',
    'Nov 28 22:15:40 mail postfix/smtp[21717]: C5322160667: to=<ivan.petrov@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, delay=0.01, delays=0/0/0/0.01, dsn=4.2.0, status=def',
    'Nov 28 22:15:40 mail postfix/smtp[21717]: C5322160667: to=<ivan.petrov@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, delay=0.01, delays=0/0/0/0.01, dsn=4.2.0, status=deferred (host 127.0.1.7[127.0.1.7] said: 450 4.2.0',
    'Nov 28 22:16:04 mail dovecot: imap-login: Login: user=<tanaka@exa',
    'Nov 28 22:16:04 mail dovecot: imap-login: Login: user=<tanaka@example.jp>, method=PLAIN, rip=127.0.1',
  ];
  for (const line of cases) {
    takeCut();
    assert.equal(parseLine(line), null, line);
    assert.equal(takeCut(), true, `marked cut: ${line}`);
  }
});

test('F2 cut lines: whole lines that end without a closing character are not taken for cut', () => {
  const whole = [
    // a HELO holding ">" and Postfix's reason with unbalanced parentheses inside, closed by the line's ")"
    'Nov 28 22:15:44 mail postfix/smtpd[21707]: NOQUEUE: reject: RCPT from unknown[127.77.142.23]: 554 5.7.1 <a@yahoo.co.jp>: Relay access denied; from=<a@example.jp> to=<a@yahoo.co.jp> proto=ESMTP helo=<a>b>',
    'Nov 28 22:15:40 mail postfix/smtp[21717]: C5322160667: to=<ivan.petrov@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, delay=0.01, delays=0/0/0/0.01, dsn=4.2.0, status=deferred (host 127.0.1.7[127.0.1.7] said: 450 4.2.0 try again :-( later)',
    // postscreen's reject without an envelope; an old smtpd's disconnect without counters
    'Nov 28 22:15:44 mail postfix/postscreen[21707]: NOQUEUE: reject: CONNECT from [192.0.2.1]:1337: too many connections',
    'Nov 28 22:15:44 mail postfix/smtpd[21707]: disconnect from unknown[192.0.2.1]',
    'Nov 28 22:15:34 mail postfix/smtpd[21709]: BC4E116065B: client=unknown[127.0.20.12]',
    // a Dovecot whose login_log_format_elements leaves out %r: no rip= at all is no cut
    'Nov 28 22:16:00 mail dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, lip=127.0.0.1, mpid=21291, TLS, session=<bgP9+FVhhZF/Q5Ri>',
  ];
  for (const line of whole) {
    takeCut();
    assert.notEqual(parseLine(line), null, line);
    assert.equal(takeCut(), false, line);
  }
});

test('F2 cut lines: the finding\'s log (5 client= lines cut after "sasl_method=L") has no open relay and counts the cut lines', async () => {
  const incident = readFileSync(join(ROOT, 'samples', 'incident.log'), 'latin1').split('\n');
  const ids = ['9FB811637C8', '620DF1638A1', '40B3E1638D3', 'A7DC51638E0', 'DBF7C163907'];
  const picked = incident.filter((l) => ids.some((id) => l.includes(id)));
  const cut = picked.map((l) => l.replace(/(client=[^,]*, sasl_method=L).*/, '$1'));
  const tmp = mkdtempSync(join(tmpdir(), 'cut-short-'));
  writeFileSync(join(tmp, 'whole.log'), picked.join('\n') + '\n');
  writeFileSync(join(tmp, 'cut.log'), cut.join('\n') + '\n');
  const whole = await report([join(tmp, 'whole.log')], { year: 2026 });
  const damaged = await report([join(tmp, 'cut.log')], { year: 2026 });
  const cutLines = cut.filter((l, i) => l !== picked[i]).length;
  assert.ok(cutLines >= 4, `${cutLines} lines cut`);
  assert.equal(whole.lines.cutShort, undefined, 'no cutShort field for a whole log');
  assert.equal(damaged.lines.cutShort, cutLines);
  assert.equal(damaged.lines.unparsed, whole.lines.unparsed + cutLines);
  assert.equal(damaged.findings.filter((f) => f.rule === 'open-relay').length, 0, 'no open relay');
  assert.equal(whole.findings.filter((f) => f.rule === 'open-relay').length, 0);
  // The unparsed section says so, in both languages; a whole log's report does not.
  assert.match(renderMarkdown(damaged), new RegExp(`### Unparsed lines \\(first examples\\)\n\n${cutLines} of the ${damaged.lines.unparsed} unparsed lines look cut short `));
  assert.match(renderMarkdown(damaged, undefined, [], messagesFor('ja')), new RegExp(`解析できなかった ${damaged.lines.unparsed} 行のうち ${cutLines} 行は途中で切れています`));
  assert.doesNotMatch(renderMarkdown(whole), /cut short/);
});

test('F2: a finding\'s period whose times the log does not give reads properly (was "between an unknown time and an unknown time")', () => {
  const words = { ips: ['192.0.2.1'], messages: 4, recipients: 21, domains: 8 };
  const en = messagesFor('en');
  const ja = messagesFor('ja');
  const unknownEn = en.unknownTime;
  const unknownJa = ja.unknownTime;
  assert.match(en.findings.openRelay({ ...words, first: unknownEn, last: unknownEn }), / in 8 external domains at unknown times$/);
  assert.match(en.findings.openRelay({ ...words, first: '2026-11-27 02:22', last: unknownEn }), / from 2026-11-27 02:22 on$/);
  assert.match(en.findings.openRelay({ ...words, first: unknownEn, last: '2026-11-27 03:00' }), / until 2026-11-27 03:00$/);
  assert.match(en.findings.openRelay({ ...words, first: '2026-11-27 02:22', last: '2026-11-27 03:00' }), / between 2026-11-27 02:22 and 2026-11-27 03:00$/);
  assert.match(ja.findings.openRelay({ ...words, first: unknownJa, last: unknownJa }), /^オープンリレー: 時刻は不明ですが、ログインしていない/);
  assert.match(ja.findings.openRelay({ ...words, first: '2026-11-27 02:22', last: '2026-11-27 03:00' }), /^オープンリレー: 2026-11-27 02:22 から 2026-11-27 03:00 にかけて、/);
  assert.match(ja.findings.openRelay({ ...words, first: '2026-11-27 02:22', last: unknownJa }), /^オープンリレー: 2026-11-27 02:22 以降に、/);
  for (const m of [en, ja]) {
    const u = m.unknownTime;
    assert.ok(!m.findings.openRelay({ ...words, first: u, last: u }).includes(u), 'no "unknown time" words left in the title');
  }
});
