// Postfix in a container (docker-mailserver, mailcow, Bitnami): its lines as the container engine stored them.
// test/fixtures/containers/ (README.md): `maillog`, 55 Postfix and Dovecot lines in Postfix's maillog_file form
// (`maillog_file = /dev/stdout`: "Dec 01 00:30:21 mail postfix/master[21552]: …"); `mailserver-json.log`, those lines
// in Docker's json-file log as moby's jsonlog writes them; `docker-journald.json` and `.export.gz`, a real systemd 252
// journald fed them as Docker's journald log driver sends them (CONTAINER_ID, CONTAINER_NAME, SYSLOG_IDENTIFIER the
// short container ID, MESSAGE the container's whole line).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { CLI, ROOT, readJson, report, runCli } from './helpers.js';
import type { Report } from '../src/report/model.js';
import { isDockerJsonLog } from '../src/split/docker-json.js';
import { journalFormat } from '../src/split/journal-format.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'containers');
const SYSLOG = join(FIXTURES, 'maillog');
const JSON_FILE = join(FIXTURES, 'mailserver-json.log');
const JOURNALD_JSON = join(FIXTURES, 'docker-journald.json');
const JOURNALD_EXPORT = join(FIXTURES, 'docker-journald.export.gz');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'mlf-containers-'));
/** Docker's stamp in front of a container's line, as `docker logs -t` prints it. */
const DOCKER_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z /;

/**
 * A report's figures, as journal-json.test.ts compares them: no inputs, build or options (the syslog file is read
 * with --year, the container's logs take the year from the engine's stamp), each quoted line without its place and
 * without Docker's stamp, which the lines made of the container's log carry.
 */
function figures(r: Report): unknown {
  const { inputs: _i, tool: _t, options: _o, ...rest } = r;
  return JSON.parse(JSON.stringify(rest, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'text' in value && 'line' in value) {
      const { offset: _f, line: _l, file: _n, ...e } = value as { text: string; offset: number; line: number; file: number };
      return { ...e, text: e.text.replace(DOCKER_STAMP, '') };
    }
    return value;
  }));
}

/** Every quoted line of a report, with its place. */
function examples(r: unknown): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  JSON.stringify(r, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'text' in v && 'line' in v) out.push(v as { line: number; text: string });
    return v;
  });
  return out;
}

test('a Docker json-file log is told from its first bytes; journal exports and syslog lines are not one', () => {
  const head = (s: string): Buffer => Buffer.from(s, 'latin1');
  assert.equal(isDockerJsonLog(readFileSync(JSON_FILE)), true);
  assert.equal(journalFormat(readFileSync(JSON_FILE)), null);
  for (const other of [readFileSync(SYSLOG), readFileSync(JOURNALD_JSON), head('{"MESSAGE":"x"}\n'), head('{"stream":"stdout","time":"2026-12-01T00:30:21Z"}\n'), head('{"log"'), head('')]) {
    assert.equal(isDockerJsonLog(other), false, other.toString('latin1', 0, 40));
  }
});

test('a Docker json-file log gives the report of the container\'s lines as a syslog file, quoting them as docker logs -t prints them', async () => {
  const syslog = await report([SYSLOG], { year: 2026 });
  assert.deepEqual([syslog.lines.total, syslog.lines.parsed], [55, 55]);
  const r = await report([JSON_FILE]);
  assert.deepEqual(figures(r), figures(syslog));
  assert.deepEqual([r.inputs[0]!.kind, r.inputs[0]!.container, r.inputs[0]!.journal, r.lines.unparsed], ['plain', 'docker-json', undefined, 0]);
  assert.equal(syslog.inputs[0]!.container, undefined);
  // Each quoted line: Docker's time of the line on that line of the file, then the container's line.
  const file = readFileSync(JSON_FILE, 'utf8').split('\n');
  const quoted = examples(r);
  assert.ok(quoted.length >= 8, `${quoted.length} quoted lines`);
  for (const e of quoted) {
    const o = JSON.parse(file[e.line - 1]!) as { log: string; time: string };
    assert.equal(e.text, `${o.time} ${o.log.slice(0, -1)}`.slice(0, e.text.length), `mailserver-json.log:${e.line}`);
  }
  // Moby escapes <, > and & (\u003c …): the addresses are read as written.
  assert.match(readFileSync(JSON_FILE, 'latin1'), /from=\\u003c/);
  assert.ok(r.bySender.length > 0 && r.bySender.every((s) => !s.key.includes('\\u')), JSON.stringify(r.bySender.slice(0, 3)));
  for (const [jobs, rangeBytes] of [[1, 700], [3, 700], [2, 8_000]] as const) {
    assert.equal(JSON.stringify(await report([JSON_FILE], { jobs, rangeBytes })), JSON.stringify(r), `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});

test('a gzipped json-file log, and one on standard input, give the same figures; a line cut short is unparsed and shown', async () => {
  const dir = tmp();
  const want = figures(await report([JSON_FILE]));
  const gz = join(dir, 'mailserver-json.log.1.gz');
  writeFileSync(gz, gzipSync(readFileSync(JSON_FILE)));
  const g = await report([gz]);
  assert.deepEqual([g.inputs[0]!.kind, g.inputs[0]!.container], ['gz', 'docker-json']);
  assert.deepEqual(figures(g), want);
  const piped = spawnSync(process.execPath, [CLI, 'analyze', '-', '--out', join(dir, 'stdin'), '-q', '--format', 'json', '--top', '0'], { input: readFileSync(JSON_FILE) });
  assert.equal(piped.status, 0, piped.stderr?.toString());
  const s = readJson<Report>(join(dir, 'stdin', 'report.json'));
  assert.deepEqual([s.inputs[0]!.kind, s.inputs[0]!.container], ['stdin', 'docker-json']);
  assert.deepEqual(figures(s), want);
  // The engine's copy cut short by a full disk: the last line is no JSON object, read as it is.
  const lines = readFileSync(JSON_FILE, 'utf8').split('\n').filter((l) => l !== '');
  const cut = join(dir, 'cut-json.log');
  writeFileSync(cut, [...lines.slice(0, -1), lines[lines.length - 1]!.slice(0, 60)].join('\n'));
  const c = await report([cut]);
  assert.deepEqual([c.lines.total, c.lines.unparsed, c.lines.unparsedExamples[0]!.line], [55, 1, 55]);
  assert.equal(c.lines.unparsedExamples[0]!.text, lines[lines.length - 1]!.slice(0, 60));
});

test('a journal export of Docker\'s journald log driver reads each entry as the container\'s line, not as its tag\'s', async () => {
  const syslog = figures(await report([SYSLOG], { year: 2026 })) as { lines: { total: number; ignored: number } };
  for (const path of [JOURNALD_JSON, JOURNALD_EXPORT]) {
    const r = await report([path]);
    // journald's own three entries are ignored, as in any export; the 55 container entries are the syslog file's.
    const f = figures(r) as { lines: { total: number; ignored: number } };
    assert.deepEqual([f.lines.total, f.lines.ignored], [syslog.lines.total + 3, syslog.lines.ignored + 3], path);
    assert.deepEqual({ ...f, lines: { ...f.lines, total: 0, ignored: 0 } }, { ...syslog, lines: { ...syslog.lines, total: 0, ignored: 0 } }, path);
    // Quoted: the journal's instant in UTC, then the container's line (not "4f1c0e9a7b2d[28801]: Dec 01 …").
    for (const e of examples(r)) assert.match(e.text, /^2026-12-01T\d\d:\d\d:\d\d\.\d{6}Z Dec 01 00:30:2\d mail (?:postfix\/[a-z]+|dovecot)\[\d+\]: /, `${path}:${e.line}`);
    assert.equal(JSON.stringify(await report([path], { jobs: 3, rangeBytes: 2_000 })), JSON.stringify(r), path);
  }
});

test('the report says which inputs were Docker json-file logs and how their lines were read (en, ja)', () => {
  const dir = tmp();
  for (const lang of ['en', 'ja'] as const) {
    const run = runCli(['analyze', JSON_FILE, JOURNALD_JSON, '--out', join(dir, lang), '-q', '--format', 'md', '--lang', lang]);
    assert.equal(run.status, 0, run.stderr);
    const md = readFileSync(join(dir, lang, 'report.md'), 'utf8');
    assert.match(md, /\| mailserver-json\.log \| plain, docker json-file \|/);
    assert.match(md, /\| docker-journald\.json \| plain, journalctl -o json \|/);
    assert.match(md, lang === 'en'
      ? /mailserver-json\.log: a container's log as Docker stores it \(json-file, .*\), read line by line as `docker logs -t` prints it/
      : /mailserver-json\.log: Docker が保存したコンテナーのログ（json-file、.*）で、`docker logs -t` が表示するとおり 1 行ずつ読み込みました。/);
    assert.match(md, lang === 'en' ? /An entry of a container's journald log driver \(with CONTAINER_ID or CONTAINER_NAME\)/ : /コンテナーの journald ログドライバーのエントリー/);
  }
});

test('an rsyslog inside the container (syslog\'s space-padded day): its json-file log is read as its syslog file, as docker logs prints it', async () => {
  // docker-mailserver runs rsyslog in the container: `docker logs` shows "Dec  1 00:30:21 mail postfix/…" lines.
  const dir = tmp();
  const lines = readFileSync(SYSLOG, 'latin1').split('\n').filter((l) => l !== '').map((l) => l.replace(/^Dec 01 /, 'Dec  1 '));
  const times = readFileSync(JSON_FILE, 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { time: string }).time);
  writeFileSync(join(dir, 'mail.log'), lines.join('\n') + '\n', 'latin1');
  writeFileSync(join(dir, 'rsyslog-json.log'), lines.map((l, i) => JSON.stringify({ log: `${Buffer.from(l, 'latin1').toString('utf8')}\n`, stream: 'stdout', time: times[i] })).join('\n') + '\n');
  const syslog = await report([join(dir, 'mail.log')], { year: 2026 });
  assert.equal(syslog.lines.parsed, 55);
  assert.deepEqual(figures(await report([join(dir, 'rsyslog-json.log')], { jobs: 3, rangeBytes: 1_000 })), figures(syslog));
  // docker logs without -t is that text itself, a syslog file: the counts of Postfix's own form of the same lines.
  const own = await report([SYSLOG], { year: 2026 });
  assert.deepEqual([syslog.totals, syslog.findings.map((f) => f.rule)], [own.totals, own.findings.map((f) => f.rule)]);
});
