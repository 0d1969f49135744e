// What an input's first bytes look like (split/magic.ts looksLike) is told for standard input, a FIFO and a gzip
// stream as for a file (workers/task.ts readContent, run.ts): a UTF-16 log, CR-only line ends, gzip inside gzip and an
// Exim or sendmail log on stdin got only "is it the mail log?" / "Another log format?". And the NULs of UTF-16 text
// (with a byte order mark or without: `iconv -t utf-16le`) are the encoding, not padding: a UTF-16 log, as a file or on
// stdin, got "N NUL bytes of padding in M blocks … a crash or power loss left them" beside its hint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { utf16Of } from '../src/split/utf16.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-stream-hints-'));
const CONNECT = 'Nov 28 10:00:01 mail postfix/smtpd[1]: connect from unknown[192.0.2.1]\n';
/** 30 Postfix lines: read as text, 30 connections; read as UTF-16, none. */
const LOG = CONNECT.repeat(30);

/**
 * `analyze INPUT --out DIR --year 2026` under bash, with `input` on its standard input; `setup`: shell commands run
 * before it (a FIFO's writer).
 */
function analyzeCli(script: string, out: string, input?: Buffer, setup = ''): { code: number | null; stderr: string; r: Report } {
  const run = spawnSync('bash', ['-c', `${setup}"$NODE" "$CLI" analyze ${script} -q -j 1 -f json --year 2026 --out "$OUT"`], {
    encoding: 'utf8', input, timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, NODE: process.execPath, CLI, OUT: out },
  });
  return { code: run.status, stderr: run.stderr, r: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report };
}

/**
 * One way to give the input: `file`, a file read in-process (analyze(), as the CLI calls it: the file is the way the
 * streams are held to, not this file's subject); else `script` through the CLI under bash.
 */
interface Way { name: string; script: string; input?: Buffer; setup?: string; path: string; file?: string }

/** The file itself, then its bytes on stdin, gzipped on stdin and through a FIFO: `path` is what the report names. */
function waysOf(name: string, data: Buffer): Way[] {
  const file = join(dir, name);
  writeFileSync(file, data);
  const fifo = join(dir, `${name}.fifo`);
  return [
    { name: `${name} as a file`, script: `'${file}'`, path: file, file },
    { name: `${name} on stdin`, script: '-', input: data, path: '-' },
    { name: `${name} gzipped on stdin`, script: '-', input: gzipSync(data), path: '-' },
    { name: `${name} through a FIFO`, script: `'${fifo}'`, setup: `rm -f '${fifo}'; mkfifo '${fifo}'; cat '${file}' > '${fifo}' & `, path: fifo },
  ];
}

async function analyzedWay(w: Way): Promise<Report> {
  if (w.file !== undefined) return report([w.file], { year: 2026, top: 50 });
  const got = analyzeCli(w.script, join(dir, `out-${w.name.replace(/\W+/g, '-')}`), w.input, w.setup);
  assert.equal(got.code, 0, `${w.name}: ${got.stderr}`);
  return got.r;
}

/** The hint's command: for a file, to write a file to give instead; for standard input, in the pipe. */
const convert = (path: string, verb: string, command: string, operands: string): string =>
  path === '-' ? `${verb} in the pipe with \`${command}\` before \`analyze -\`.` : `${verb} with \`${command} ${operands}\` and give that file.`;

test('a UTF-16 log with a byte order mark, as a file, on stdin, gzipped and through a FIFO: the UTF-16 hint alone, no NUL padding', { timeout: 300_000 }, async () => {
  const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOG, 'utf16le')]);
  for (const w of waysOf('utf16.log', data)) {
    const r = await analyzedWay(w);
    // 30 lines and the NUL after the last LF (a UTF-16 LF is "\n\0").
    assert.deepEqual([r.lines.total, r.lines.parsed, r.lines.unparsed], [31, 0, 31], w.name);
    assert.deepEqual(r.warnings, [
      `${w.path}: 31 of its 31 lines were not understood (see "Unparsed lines"): the findings miss what they say. `
        + `It is UTF-16 text (it starts with a UTF-16 byte order mark): ${convert(w.path, 'convert it', 'iconv -f UTF-16 -t UTF-8', `${w.path} > maillog.utf8`)}`,
    ], w.name);
  }
});

test('a UTF-16LE and a UTF-16BE log without a byte order mark (iconv -t utf-16le), as a file and on stdin: named so, no NUL padding', { timeout: 300_000 }, async () => {
  const be = Buffer.from(LOG, 'utf16le').swap16();
  for (const [name, data, code] of [['utf16le.log', Buffer.from(LOG, 'utf16le'), 'UTF-16LE'], ['utf16be.log', be, 'UTF-16BE']] as const) {
    for (const w of waysOf(name, data).slice(0, 2)) {
      const r = await analyzedWay(w);
      assert.equal(r.lines.parsed, 0, w.name);
      assert.equal(r.warnings.length, 1, `${w.name}: ${r.warnings.join('\n')}`);
      assert.ok(r.warnings[0]!.endsWith(`were not understood (see "Unparsed lines"): the findings miss what they say. It is ${code} text (no byte order mark, `
        + `a NUL byte beside each character): ${convert(w.path, 'convert it', `iconv -f ${code} -t UTF-8`, `${w.path} > maillog.utf8`)}`), `${w.name}: ${r.warnings[0]}`);
    }
  }
});

test('a log with CR-only line ends on stdin, gzipped and through a FIFO: the hint of the file, read as one line or not understood', { timeout: 300_000 }, async () => {
  const hint = (path: string): string => 'Its lines end with CR only (no LF line end in its first 64 KiB: a copy made by an old Mac or Windows tool): '
    + convert(path, 'convert it', "tr '\\r' '\\n'", `< ${path} > maillog.lf`);
  // 30 lines read as one, its first line's: understood.
  for (const w of waysOf('cr.log', Buffer.from(LOG.replace(/\n/g, '\r')))) {
    const r = await analyzedWay(w);
    assert.deepEqual([r.lines.total, r.lines.parsed], [1, 1], w.name);
    assert.deepEqual(r.warnings, [`${w.path}: read as 1 line: the findings miss what it holds. ${hint(w.path)}`], w.name);
  }
  // 1,000 lines (72 KiB), one line too long to parse.
  for (const w of waysOf('big-cr.log', Buffer.from(CONNECT.repeat(1000).replace(/\n/g, '\r')))) {
    const r = await analyzedWay(w);
    assert.deepEqual([r.lines.total, r.lines.unparsed], [1, 1], w.name);
    assert.deepEqual(r.warnings, [
      `${w.path}: not one of its 1 line was understood as a Postfix or Dovecot line (1 not understood, see "Unparsed lines"). ${hint(w.path)}`,
    ], w.name);
  }
});

test('an Exim log and a sendmail log on stdin, gzipped and through a FIFO: the warning of the file, naming the MTA', { timeout: 300_000 }, async () => {
  // Exim's own log file and sendmail through syslog (lines from split/other-mta.ts).
  const exim = '2026-11-28 10:00:01 1vABCd-000123-AB <= info@example.jp H=(ylmf-pc) [185.1.2.3] P=esmtpsa A=dovecot_login:info@example.jp S=1234\n'
    + '2026-11-28 10:00:03 dovecot_login authenticator failed for (User) [185.1.2.4]: 535 Incorrect authentication data (set_id=admin@example.jp)\n'
    + '2026-11-28 10:00:05 SMTP connection from (ylmf-pc) [185.1.2.3]:51432 lost D=3s\n';
  const sendmail = 'Nov 28 10:00:01 mail sendmail[1234]: 4ASA01aB001234: from=<info@example.jp>, size=1234, class=0, nrcpts=1, relay=[185.1.2.3]\n'
    + 'Nov 28 10:00:03 mail sm-mta[1236]: 4ASA01aB001235: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=admin, relay=[185.1.2.4]\n';
  const cases = [
    { name: 'exim_mainlog', text: exim, warning: (p: string): string => `${p}: not one of its 3 lines was understood as a Postfix or Dovecot line (3 not understood, see "Unparsed lines"). `
      + 'Its lines are Exim\'s (cPanel\'s MTA, Debian\'s exim4): this tool reads the logs of Postfix and Dovecot only, and this server sends with Exim. '
      + 'Exim\'s own tools read this log (`eximstats` for the totals, `exigrep` for the lines of one address or IP); if the server runs Dovecot, give its log '
      + 'instead (`doveconf log_path`, or /var/log/maillog on cPanel): its IMAP/POP3 logins and failures are read.' },
    { name: 'sendmail.log', text: sendmail, warning: (p: string): string => `${p}: none of its 2 lines are from Postfix or Dovecot. Its lines are sendmail's (sendmail, sm-mta): `
      + 'this tool reads the logs of Postfix and Dovecot only, and this server sends with sendmail. Dovecot\'s lines, when it runs there, are read from the same log; this one holds none.' },
  ];
  for (const c of cases) {
    for (const w of waysOf(c.name, Buffer.from(c.text))) assert.deepEqual((await analyzedWay(w)).warnings, [c.warning(w.path)], w.name);
  }
});

test('gzip inside gzip on stdin: the hint of the .gz file, and its compressed bytes are no NUL padding', { timeout: 120_000 }, async () => {
  const twice = gzipSync(gzipSync(Buffer.from(CONNECT.repeat(3000))));
  const file = join(dir, 'twice.log.gz');
  writeFileSync(file, twice);
  for (const w of [{ name: 'twice file', script: `'${file}'`, path: file, file }, { name: 'twice on stdin', script: '-', input: twice, path: '-' }]) {
    const r = await analyzedWay(w);
    assert.equal(r.warnings.length, 1, `${w.name}: ${r.warnings.join('\n')}`);
    assert.ok(r.warnings[0]!.endsWith(`It is gzip data compressed twice (its content starts with the gzip magic): ${convert(w.path, 'decompress it once', 'gzip -dc', `${w.path} > maillog.gz`)}`),
      `${w.name}: ${r.warnings[0]}`);
  }
});

test('utf16Of: a byte order mark, or a NUL beside each ASCII byte; not a log padded with NULs nor UTF-8 text', () => {
  const le = Buffer.from(LOG, 'utf16le');
  assert.equal(utf16Of(Buffer.concat([Buffer.from([0xff, 0xfe]), le])), 'utf16');
  assert.equal(utf16Of(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])), 'utf16');
  assert.equal(utf16Of(le), 'utf16le');
  assert.equal(utf16Of(Buffer.from(le).swap16()), 'utf16be');
  assert.equal(utf16Of(Buffer.from(LOG)), null);
  assert.equal(utf16Of(Buffer.concat([Buffer.alloc(10_000), Buffer.from(LOG)])), null, 'copytruncate padding, then the log');
  assert.equal(utf16Of(Buffer.concat([Buffer.from(LOG), Buffer.alloc(8_192), Buffer.from(LOG)])), null, 'a crash\'s padding');
  assert.equal(utf16Of(Buffer.from('a\0b\0', 'latin1')), null, 'too few bytes to tell');
});
