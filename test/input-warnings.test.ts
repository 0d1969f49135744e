// A file the tool did not understand must say so: "no findings" on it would read as "nothing happened".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, report } from './helpers.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');

const dir = mkdtempSync(join(tmpdir(), 'mf-warn-'));
const MAIL = 'Nov 28 10:00:01 mail postfix/smtpd[101]: connect from unknown[203.0.113.9]';
const CRON = 'Nov 28 10:00:01 mail CRON[7]: (root) CMD (run-parts /etc/cron.hourly)';
// Exim's own format: no syslog prefix, so no line of it is understood.
/** What the warnings of a file with no Postfix/Dovecot line add after "is it the mail log?" (review AJ). */
const WHERE = ' Postfix and Dovecot log to /var/log/mail.log (Debian, Ubuntu) or /var/log/maillog (RHEL), or only to the journal '
  + '(`journalctl -u postfix@- -u dovecot -o json > mail.json`).';
const EXIM = '2026-11-28 10:00:01 1vPq8X-0003Zb-2C <= info@example.jp H=(desk) [203.0.113.9] P=esmtpsa S=1234';

function file(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

test('a file of another log format is reported as mostly not understood', async () => {
  const exim = file('exim_mainlog', Array.from({ length: 40 }, () => EXIM));
  const mail = file('maillog', [MAIL, MAIL]);
  const r = await report([mail, exim], { year: 2026 });
  const w = r.warnings.filter((x) => x.includes('not understood'));
  assert.equal(w.length, 1, r.warnings.join('\n'));
  assert.match(w[0]!, /exim_mainlog: 40 of its 40 lines were not understood/);
  assert.ok(!r.warnings.some((x) => x.startsWith(mail)), 'the mail log itself gets no warning');
});

// Review AJ: the log of a server that sends with Exim (cPanel, Debian's exim4) or sendmail got "is it the mail log?",
// which it is: the warning names the MTA, says this tool reads Postfix and Dovecot only, and what reads that log.
test('the log of another MTA (Exim\'s own file, Exim or sendmail through syslog) is named as such, with what reads it', async () => {
  const exim = file('exim_mainlog', [EXIM, '2026-11-28 10:00:03 dovecot_login authenticator failed for (User) [185.1.2.4]: 535 Incorrect authentication data (set_id=admin@example.jp)']);
  const eximSyslog = file('exim-syslog', ['Nov 28 10:00:01 mail exim[1234]: 1vABCd-000123-AB <= info@example.jp H=(ylmf-pc) [185.1.2.3] P=esmtpsa S=1234']);
  const sendmail = file('sendmail-maillog', [
    'Nov 28 10:00:01 mail sendmail[1234]: 4ASA01aB001234: from=<info@example.jp>, size=1234, class=0, nrcpts=1, relay=[185.1.2.3]',
    'Nov 28 10:00:03 mail sm-mta[1236]: 4ASA01aB001235: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=admin, relay=[185.1.2.4]',
    CRON,
  ]);
  const r = await report([exim, eximSyslog, sendmail], { year: 2026 });
  const eximHint = 'Its lines are Exim\'s (cPanel\'s MTA, Debian\'s exim4): this tool reads the logs of Postfix and Dovecot only, and this server sends with Exim. '
    + 'Exim\'s own tools read this log (`eximstats` for the totals, `exigrep` for the lines of one address or IP); if the server runs Dovecot, '
    + 'give its log instead (`doveconf log_path`, or /var/log/maillog on cPanel): its IMAP/POP3 logins and failures are read.';
  assert.deepEqual(r.warnings.slice().sort(), [
    `${exim}: not one of its 2 lines was understood as a Postfix or Dovecot line (2 not understood, see "Unparsed lines"). ${eximHint}`,
    `${eximSyslog}: none of its 1 line is from Postfix or Dovecot. ${eximHint}`,
    `${sendmail}: none of its 3 lines are from Postfix or Dovecot. Its lines are sendmail's (sendmail, sm-mta): this tool reads the logs of Postfix `
      + 'and Dovecot only, and this server sends with sendmail. Dovecot\'s lines, when it runs there, are read from the same log; this one holds none.',
  ].sort());
  const ja = await report([sendmail], { year: 2026, lang: 'ja' });
  assert.match(ja.warnings[0] ?? '', /sendmail（sendmail、sm-mta）のものです。このツールが読むのは Postfix と Dovecot のログだけ/);
  // A cron log is no MTA's: the question, with where the mail log is.
  assert.deepEqual((await report([file('cron-only', [CRON])], { year: 2026 })).warnings.map((w) => w.includes('exim') || w.includes('sendmail')), [false]);
});

test('a file with no Postfix or Dovecot line at all is named', async () => {
  const cron = file('cron', [CRON, CRON, CRON]);
  const r = await report([cron], { year: 2026 });
  assert.ok(r.warnings.some((x) => x === `${cron}: none of its 3 lines are from Postfix or Dovecot: is it the mail log?${WHERE}`), r.warnings.join('\n'));
});

test('a mail log with a few odd lines gets no warning', async () => {
  const mixed = file('mixed', [...Array.from({ length: 30 }, () => MAIL), ...Array.from({ length: 12 }, () => EXIM)]);
  const r = await report([mixed], { year: 2026 });
  assert.ok(!r.warnings.some((x) => x.includes('not understood') || x.includes('none of its')), r.warnings.join('\n'));
});

// Review 8 L1: an empty input (the fresh maillog just after logrotate) and a short file of no mail line got no
// warning at all (the "no line" and "at least 10 unparsed lines" cuts), and a report of nothing read as a quiet server.
test('an empty input, and a short one with no mail line understood, are named whatever their size', async () => {
  const empty = file('maillog-empty', []);
  writeFileSync(empty, '');
  const hello = file('hello.txt', ['hello', 'world']);
  // Postfix lines the parsers do not know, and a cron line: no mail line understood, under half of the lines or not.
  const odd = file('odd', ['Nov 28 10:00:01 mail postfix/smtpd[101]: frobnicated the widget', CRON, CRON]);
  const emptyGz = join(dir, 'maillog.2.gz');
  writeFileSync(emptyGz, gzipSync(Buffer.alloc(0)));
  const mail = file('maillog', [MAIL, MAIL]);
  const r = await report([empty, hello, odd, emptyGz, mail], { year: 2026 });
  assert.deepEqual(r.warnings.filter((w) => !w.startsWith(`${mail}:`)).sort(), [
    `${empty}: empty (not one line), so nothing of it is in this report. A log just rotated by logrotate? Its lines are then in the rotated file (maillog.1 …): give that file too.`,
    `${hello}: not one of its 2 lines was understood as a Postfix or Dovecot line (2 not understood, see "Unparsed lines"): is it the mail log?${WHERE}`,
    `${emptyGz}: empty (not one line), so nothing of it is in this report. A log just rotated by logrotate? Its lines are then in the rotated file (maillog.1 …): give that file too.`,
    `${odd}: not one of its 3 lines was understood as a Postfix or Dovecot line (1 not understood, see "Unparsed lines"): is it the mail log?${WHERE}`,
  ].sort());
  assert.equal(r.warnings.length, 4, 'the mail log itself gets no warning');
  const ja = await report([empty], { year: 2026, lang: 'ja' });
  assert.deepEqual(ja.warnings, [`${empty}: 空のファイルです（行が 1 行もありません）。このレポートには何も反映されていません。`
    + 'logrotate でローテーションされた直後のログなら、内容はローテーション後のファイル（maillog.1 など）にあります。そのファイルも指定してください。']);
});

test('empty standard input is named as an input that gave nothing', () => {
  const out = mkdtempSync(join(tmpdir(), 'mf-warn-out-'));
  const r = spawnSync(process.execPath, [CLI, 'analyze', '-', '-f', 'json', '-q', '--out', out], { encoding: 'utf8', input: '', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const warnings = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { warnings: string[] }).warnings;
  assert.deepEqual(warnings, ['-: nothing was read from it (not one line), so nothing of it is in this report.']);
});

// The stderr summary said "0 findings; 2 unparsed lines." and never that the report carries a warning.
test('the summary on stderr counts the report\'s warnings, in both languages, and says nothing when there is none', () => {
  const hello = file('hello2.txt', ['hello', 'world']);
  const run = (log: string, lang: string): string => {
    const out = mkdtempSync(join(tmpdir(), 'mf-warn-out-'));
    const r = spawnSync(process.execPath, [CLI, 'analyze', log, '--year', '2026', '-j', '1', '-f', 'json', '--lang', lang, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stderr;
  };
  // Review Z, Z7: the warnings follow, each in full (the summary says "below"), then the report to open.
  const en = run(hello, 'en');
  assert.match(en, /; 0 findings; 2 unparsed lines; 1 warning \(below\)\.$/m);
  assert.match(en, /^Warning: .*hello2\.txt: .*Postfix or Dovecot.*$/m);
  assert.match(run(hello, 'ja'), /検出事項 0 件、解析できなかった行 2 行。警告 1 件（下記）。$/m);
  const quiet = run(join(ROOT, 'samples', 'healthy.log'), 'en');
  assert.match(quiet, /; 0 findings; 0 unparsed lines\.$/m);
  assert.doesNotMatch(quiet, /^Warning:/m);
});
