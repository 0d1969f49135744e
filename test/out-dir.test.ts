// The --out directory across runs (review 8): a reused directory holds the new run only, the files the tool does not
// own stay (M1); an unwritable one fails before any log is read (L2); Ctrl-C on a FIFO no one writes to ends the
// process and leaves the earlier run's files (L6). Every case through the built CLI, with a timeout so that a hang
// fails the test instead of the suite; the tests that start from the incident's run in a new directory share one
// such run (incidentRunAt), each on its own copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './helpers.js';
import { isOwned } from '../src/output-owned.js';
import { LIST_FILES } from '../src/render/lists.js';
import { openOutputs } from '../src/output.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const INCIDENT = join(ROOT, 'samples', 'incident.log');
const AFTER_FIX = join(ROOT, 'samples', 'after-fix.log');
const HEALTHY = join(ROOT, 'samples', 'healthy.log');
const TIMEOUT = 60_000;

interface Res { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[]): Res {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: TIMEOUT, killSignal: 'SIGKILL', env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function analyze(log: string, out: string, more: string[] = []): Res {
  const r = cli(['analyze', log, '--year', '2026', '-j', '1', '--out', out, ...more]);
  assert.equal(r.code, 0, r.stderr);
  return r;
}

/** `analyze INCIDENT --out DIR` (every format, -j 1) as run once into a directory of its own; see incidentRunAt. */
let incidentRun: { dir: string; res: Res } | undefined;

/**
 * The state `analyze(INCIDENT, out)` leaves in a new directory `out`, and what it printed (its paths under `out`):
 * the run is made once per file, and each test that starts from it gets a copy, its manifest included.
 */
function incidentRunAt(out: string): Res {
  if (incidentRun === undefined) {
    const dir = join(mkdtempSync(join(tmpdir(), 'mf-outdir-')), 'incident');
    incidentRun = { dir, res: analyze(INCIDENT, dir) };
  }
  assert.equal(existsSync(out), false, `${out}: a new directory`);
  cpSync(incidentRun.dir, out, { recursive: true });
  return { ...incidentRun.res, stdout: incidentRun.res.stdout.split(`${incidentRun.dir}/`).join(`${out}/`) };
}

/** Every file under dir (relative, '/'), sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (!/^\.maillog-forensics-(?:analyze|compare)\.json$/.test(rel)) out.push(rel); // the manifests: own test

    }
  };
  walk('');
  return out.sort();
}

/** The files a run printed on stdout, relative to its --out. */
function written(r: Res, out: string): string[] {
  return r.stdout.trim().split('\n').filter((p) => p !== '').map((p) => p.slice(out.length + 1)).sort();
}

function mkfifo(path: string): boolean {
  if (process.platform === 'win32') return false;
  return spawnSync('mkfifo', [path]).status === 0;
}

/** Files that are not the tool's, in the places its files go: none is ever removed. */
const NOT_OURS = ['notes.txt', 'report.json.bak', 'queue-delete.txt.orig', 'charts/diagram.png', 'csv/My export.csv', 'compare-notes.md'];
/** Named like ours, but no run of ours wrote them: the manifest (.maillog-forensics-analyze.json) says so. */
const LOOKALIKE = ['charts/logo.svg', 'csv/sales.csv', 'charts/compare-mine.svg'];
const FOREIGN = [...NOT_OURS, ...LOOKALIKE];

function putForeign(out: string): void {
  for (const f of FOREIGN) {
    mkdirSync(join(out, f, '..'), { recursive: true });
    writeFileSync(join(out, f), `mine: ${f}\n`);
  }
}

test('which files the tool owns in --out: exactly its report files, lists, charts and tables, per command', () => {
  const table: Array<[string, boolean, boolean]> = [
    // path, owned by analyze, owned by compare
    ['report.json', true, false], ['report.md', true, false], ['report.html', true, false], ['ticket.md', true, false], ['README.txt', true, false], ['README.maillog-forensics.txt', true, false],
    ['queue-delete.txt', true, false], ['blocklist-ips.txt', true, false], ['compromised-ips.txt', true, false], ['dns-records.txt', true, false],
    ['charts/queue-size.svg', true, false], ['charts/top-attacking-ips.svg', true, false], ['csv/stillQueued.csv', true, false],
    ['compare.json', false, true], ['compare.md', false, true], ['compare.html', false, true], ['charts/compare-queue-size.svg', false, true],
    ...NOT_OURS.map((f): [string, boolean, boolean] => [f, false, false]),
    ['report.pdf', false, false], ['notes/report.json', false, false], ['csv/sub/x.csv', false, false], ['charts/Chart.svg', false, false],
    ['queue-delete.txt.tmp-123', false, false], ['csv/.hidden.csv', false, false], ['other.txt', false, false],
  ];
  for (const [path, analyze, compare] of table) {
    assert.equal(isOwned('analyze', path), analyze, `analyze ${path}`);
    assert.equal(isOwned('compare', path), compare, `compare ${path}`);
  }
});

test('LIST_FILES names every list a rule exports (a list not in it would not be written, nor cleaned later)', () => {
  const dir = join(ROOT, 'src', 'detect', 'rules');
  const named = new Set<string>();
  for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'([a-z0-9-]+\.txt)'/g)) named.add(m[1]!);
  assert.deepEqual([...named].sort(), [...LIST_FILES]);
  assert.deepEqual([...LIST_FILES], ['blocklist-ips.txt', 'compromised-ips.txt', 'dns-records.txt', 'queue-delete.txt']);
});

// Review 8 M1: the incident's queue-delete.txt (220 queue IDs) and compromised-ips.txt stayed next to the after-fix
// report, which never mentions them; with -f md, report.json and report.html of the earlier run stayed and
// `compare DIR` read that report.json.
test('a reused --out holds the new run only: files of the earlier run it did not write are removed, others stay', { timeout: 120_000 }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'mf-outdir-')), 'same');
  try {
    const first = incidentRunAt(out);
    assert.equal(readFileSync(join(out, 'queue-delete.txt'), 'utf8').trimEnd().split('\n').length, 220);
    assert.ok(existsSync(join(out, 'compromised-ips.txt')));
    putForeign(out);
    const before = filesUnder(out);
    assert.deepEqual(before, [...written(first, out), ...FOREIGN].sort(), 'the first run wrote into a new directory');

    const second = analyze(AFTER_FIX, out);
    const now = written(second, out);
    assert.deepEqual(filesUnder(out), [...now, ...FOREIGN].sort(), 'the second run, and the files that are not ours');
    const gone = written(first, out).filter((f) => !now.includes(f));
    assert.deepEqual(gone, ['charts/compromised-delivered-per-hour.svg', 'compromised-ips.txt', 'csv/connectFailureReasons.csv', 'queue-delete.txt']);
    // The end of the run (review Z, Z7) follows the line, and the earlier report was of another period (review Z, Z9;
    // test/out-replaced.test.ts).
    assert.ok(second.stderr.includes(`\n${out}: removed 4 files of an earlier run that this run did not write `
      + '(compromised-ips.txt, queue-delete.txt, charts/compromised-delivered-per-hour.svg, csv/connectFailureReasons.csv).\n'), second.stderr);
    assert.ok(second.stderr.includes(`\n${out} held the report of 2026-11-25 06:26:21 to 2026-11-28 09:28:17 (${INCIDENT}); this run replaced it. `
      + 'To compare before and after a fix, keep the runs apart: --out reports/before, then --out reports/after.\n'), second.stderr);
    assert.match(second.stderr, new RegExp(`\\nOpen: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/report\\.html\\n$`));
    for (const f of FOREIGN) assert.equal(readFileSync(join(out, f), 'utf8'), `mine: ${f}\n`, f);

    // -f md: report.json, report.html, the charts and the tables of the earlier run go; so does the compare side.
    const third = analyze(HEALTHY, out, ['-f', 'md', '-q']);
    assert.equal(third.stderr, '', '-q: no note on stderr');
    // README.txt, the folder's list, is written with every format, ticket.md with md (review Z, Z13 and Z17).
    assert.deepEqual(filesUnder(out), ['README.txt', 'report.md', 'ticket.md', ...FOREIGN].sort());
    const cmp = cli(['compare', out, out, '--out', join(out, '..', 'cmp')]);
    assert.equal(cmp.code, 2);
    assert.match(cmp.stderr, /has a report but no report\.json: run analyze again with json among --format/);

    // charts/ and csv/ are removed once empty of our files, and kept when they hold another file.
    for (const f of FOREIGN) if (f.startsWith('charts/')) rmSync(join(out, f));
    analyze(HEALTHY, out, ['-q']);
    analyze(HEALTHY, out, ['-f', 'json', '-q']);
    assert.deepEqual(filesUnder(out), ['README.txt', 'report.json', ...FOREIGN.filter((f) => !f.startsWith('charts/'))].sort());
    assert.equal(existsSync(join(out, 'charts')), false, 'charts/ emptied and removed');
    assert.equal(existsSync(join(out, 'csv')), true, 'csv/ holds a file that is not ours');
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});

test('compare and analyze in one --out leave each other\'s files; a second compare removes its own earlier ones', { timeout: 120_000 }, () => {
  const base = mkdtempSync(join(tmpdir(), 'mf-outdir-'));
  try {
    const [a, b] = [join(base, 'a'), join(base, 'b')];
    incidentRunAt(a);
    analyze(AFTER_FIX, b, ['-q']);
    const reportFiles = filesUnder(b);
    const cmp = cli(['compare', a, b, '--out', b]);
    assert.equal(cmp.code, 0, cmp.stderr);
    const compareFiles = written(cmp, b);
    assert.deepEqual(compareFiles, ['charts/compare-auth-failures-per-hour.svg', 'charts/compare-deferred-per-hour.svg',
      'charts/compare-delivered-per-hour.svg', 'charts/compare-queue-size.svg', 'compare.html', 'compare.json', 'compare.md']);
    assert.deepEqual(filesUnder(b), [...reportFiles, ...compareFiles].sort(), 'the report files stay');
    assert.doesNotMatch(cmp.stderr, /removed/);

    const md = cli(['compare', a, b, '--out', b, '-f', 'md']);
    assert.equal(md.code, 0, md.stderr);
    assert.deepEqual(filesUnder(b), [...reportFiles, 'compare.md'].sort(), 'its own earlier files go, the report\'s charts stay');
    assert.match(md.stderr, /: removed 6 files of an earlier run that this run did not write \(compare\.html, compare\.json, charts\/compare-auth-failures-per-hour\.svg/);

    analyze(HEALTHY, b, ['-f', 'json', '-q']);
    assert.deepEqual(filesUnder(b), ['README.txt', 'compare.md', 'report.json'], 'analyze leaves compare.md');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a run that fails leaves the earlier run\'s files as they were', { timeout: 120_000 }, () => {
  const base = mkdtempSync(join(tmpdir(), 'mf-outdir-'));
  try {
    const out = join(base, 'out');
    incidentRunAt(out);
    const before = filesUnder(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const truncated = join(base, 'maillog.2.gz');
    const gz = gzipSync(readFileSync(HEALTHY));
    writeFileSync(truncated, gz.subarray(0, gz.length >> 1));
    const r = cli(['analyze', truncated, '--year', '2026', '-j', '1', '--out', out, '-f', 'md']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /--allow-partial/);
    assert.deepEqual(filesUnder(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]), before);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

// Review 8 L2: `--out` a mode 555 directory failed only after the whole scan (7.7 s on a 300 MB log). The input
// here is a FIFO no one writes to: a run that read it before checking --out would wait for ever (the timeout).
test('an --out that cannot be written fails before any log is read (exit 1, one line)', { timeout: TIMEOUT + 10_000 }, (t) => {
  const base = mkdtempSync(join(tmpdir(), 'mf-outdir-'));
  try {
    const fifo = join(base, 'fifo');
    if (!mkfifo(fifo)) { t.skip('no mkfifo'); return; }
    // As root a mode 555 directory is writable: /proc is not (a file cannot be created in it).
    const root = process.getuid?.() === 0;
    if (root && process.platform !== 'linux') { t.skip('root, and no /proc'); return; }
    const ro = root ? '/proc' : join(base, 'ro');
    if (!root) spawnSync('chmod', ['555', (mkdirSync(ro), ro)]);
    for (const [out, message] of [
      [ro, root ? '/proc: cannot create files in this directory' : `${ro}: permission denied`],
      [join(ro, 'sub', 'dir'), root ? '/proc/sub/dir: cannot create directory (/proc does not accept new directories)' : `${join(ro, 'sub')}: permission denied`],
    ] as const) {
      const r = cli(['analyze', fifo, '--out', out, '-q']);
      assert.deepEqual([r.code, r.signal], [1, null], `${out}: ${r.stderr}`);
      assert.equal(r.stderr, `maillog-forensics: ${message}\n`);
    }
    // A missing --out is created for the check and removed again: a run that then fails leaves no directory.
    const r = cli(['analyze', join(base, 'missing.log'), '--out', join(base, 'new', 'deep'), '-q']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(existsSync(join(base, 'new')), false);
  } finally {
    spawnSync('chmod', ['-R', 'u+w', base]);
    rmSync(base, { recursive: true, force: true });
  }
});

// Review 8 L6: Ctrl-C on a FIFO no one writes to printed "interrupted" but the process stayed (a pool thread blocked
// in open(), which process.exit() waits for) until a second SIGINT. It now ends by SIGINT (the shell's 130).
test('Ctrl-C on a FIFO no one writes to ends the process, and the earlier run\'s files stay', { timeout: 60_000 }, async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'mf-outdir-'));
  try {
    const fifo = join(base, 'fifo');
    if (!mkfifo(fifo)) { t.skip('no mkfifo'); return; }
    const out = join(base, 'out');
    analyze(HEALTHY, out, ['-q']);
    const before = filesUnder(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    for (const jobs of ['1', '2']) {
      // MAILLOG_FORENSICS_TIMING prints "timing: inputs" when the inputs are planned (the SIGINT handler is set):
      // the task then opens the FIFO and waits for a writer.
      const child = spawn(process.execPath, [CLI, 'analyze', fifo, '--out', out, '-j', jobs, '-q'], {
        stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' },
      });
      let stderr = '';
      let planned: () => void = () => {};
      const ready = new Promise<void>((resolve) => { planned = resolve; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (/^timing: inputs/m.test(stderr)) setTimeout(planned, 300);
      });
      const end = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.on('exit', (code, signal) => resolve({ code, signal }));
      });
      await ready;
      child.kill('SIGINT');
      const hung = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const got = await end;
      clearTimeout(hung);
      assert.deepEqual(got, { code: null, signal: 'SIGINT' }, `--jobs ${jobs}: ${stderr}`);
      assert.match(stderr, /\nmaillog-forensics: interrupted; no report written\n$/);
      assert.deepEqual(filesUnder(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]), before, `--jobs ${jobs}`);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('the manifest names what a run wrote; a directory without one loses nothing', { timeout: 120_000 }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'mf-outdir-')), 'm');
  try {
    const first = incidentRunAt(out);
    const manifest = JSON.parse(readFileSync(join(out, '.maillog-forensics-analyze.json'), 'utf8')) as { files: string[] };
    assert.deepEqual(manifest.files, written(first, out));
    // A ticket folder with the admin's own report.md and blocklist-ips.txt, or a directory of an older version:
    // without the record, nothing tells our files from theirs (review 9, M3).
    rmSync(join(out, '.maillog-forensics-analyze.json'));
    const before = filesUnder(out);
    const second = analyze(AFTER_FIX, out, ['-f', 'md']);
    // README.txt too is not known as ours now: it stays, and the list goes beside it.
    assert.deepEqual(filesUnder(out), [...before, 'README.maillog-forensics.txt'].sort(), 'nothing removed; report.md rewritten in place');
    assert.doesNotMatch(second.stderr, /removed/);
    assert.deepEqual(JSON.parse(readFileSync(join(out, '.maillog-forensics-analyze.json'), 'utf8')).files, written(second, out));
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});

// Review AA, F1: on a full disk the file being written was left behind (report.json.tmp-PID, the disk staying full),
// since it was listed for removal only after its write succeeded. /dev/full answers every write with ENOSPC: the
// temporary name is made a link to it.
test('a write that fails half way (no space left) leaves no temporary file, and the error names the file', { skip: existsSync('/dev/full') ? false : 'no /dev/full' }, () => {
  const out = mkdtempSync(join(tmpdir(), 'mf-full-'));
  writeFileSync(join(out, 'report.json'), '{"earlier": true}\n');
  const w = openOutputs(out, 'analyze');
  w.add([{ path: 'report.md', content: '# first\n' }]);
  symlinkSync('/dev/full', join(out, `report.json.tmp-${process.pid}`));
  assert.throws(() => w.add([{ path: 'report.json', content: 'x'.repeat(100_000) }]),
    (e: Error) => /report\.json: no space left on device/i.test(e.message));
  assert.equal(lstatSync(join(out, `report.json.tmp-${process.pid}`), { throwIfNoEntry: false }), undefined);
  assert.deepEqual(readdirSync(out).sort(), ['report.json'], 'the earlier file stays, the first temporary file goes too');
  assert.equal(readFileSync(join(out, 'report.json'), 'utf8'), '{"earlier": true}\n');
  rmSync(out, { recursive: true, force: true });
});

// The twenty-seventh session's hostile-input review: a full disk while the report was written left an empty charts/
// (and a new --out) behind: the temporary files went, the directories made for them stayed.
test('a write that fails (no space left) removes the directories this run made for its files, and nothing else', { skip: existsSync('/dev/full') ? false : 'no /dev/full' }, () => {
  const base = mkdtempSync(join(tmpdir(), 'mf-full-dirs-'));
  const out = join(base, 'new', 'report');
  const w = openOutputs(out, 'analyze');
  w.add([{ path: 'charts/a.svg', content: '<svg/>' }, { path: 'csv/a.csv', content: 'a\n' }]);
  assert.ok(existsSync(join(out, 'charts')) && existsSync(join(out, 'csv')));
  symlinkSync('/dev/full', join(out, `report.json.tmp-${process.pid}`));
  assert.throws(() => w.add([{ path: 'report.json', content: 'x'.repeat(100_000) }]), /no space left on device/i);
  assert.deepEqual(readdirSync(base), [], 'charts/, csv/, the --out and its parent made by the run are gone');
  // A directory that held files of someone else's before the run stays, with them.
  const mine = join(base, 'mine');
  mkdirSync(join(mine, 'charts'), { recursive: true });
  writeFileSync(join(mine, 'charts', 'notes.txt'), 'mine\n');
  const v = openOutputs(mine, 'analyze');
  v.add([{ path: 'charts/a.svg', content: '<svg/>' }, { path: 'csv/a.csv', content: 'a\n' }]);
  v.abort();
  assert.deepEqual(readdirSync(mine).sort(), ['charts']);
  assert.deepEqual(readdirSync(join(mine, 'charts')), ['notes.txt']);
  rmSync(base, { recursive: true, force: true });
});

// A README.txt in --out that no run of ours wrote (a ticket folder's own notes, a checkout's README) was replaced by
// the folder's list of files without a word. It stays; the list goes under README.maillog-forensics.txt, or is not
// written when that name is taken too, and one line on stderr says which (en, ja).
test('a README.txt of someone else\'s in --out is kept: the list of files goes under another name, or none', { timeout: 240_000 }, () => {
  const base = mkdtempSync(join(tmpdir(), 'mf-readme-'));
  try {
    const out = join(base, 'ticket');
    mkdirSync(out);
    const MINE = 'Ticket #1234: logs from the customer, see notes.\n';
    writeFileSync(join(out, 'README.txt'), MINE);
    const first = analyze(INCIDENT, out, ['-f', 'md,json']);
    assert.equal(readFileSync(join(out, 'README.txt'), 'utf8'), MINE, 'the user\'s README.txt is untouched');
    const list = readFileSync(join(out, 'README.maillog-forensics.txt'), 'utf8');
    assert.match(list, /^README\.maillog-forensics\.txt +this list$/m);
    assert.doesNotMatch(list, /^README\.txt /m, 'the list does not claim the user\'s file');
    assert.ok(written(first, out).includes('README.maillog-forensics.txt'));
    assert.ok(!written(first, out).includes('README.txt'));
    assert.equal(first.stderr.split('\n').filter((l) => l.includes('README.txt is not one this tool wrote')).length, 1);
    assert.match(first.stderr, /README\.txt is not one this tool wrote, so it was left as it is; the list of the files of this run is README\.maillog-forensics\.txt\./);
    // report.md's folder section and ticket.md name the list by its name.
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(md, /^- `README\.maillog-forensics\.txt`: this list$/m);
    assert.doesNotMatch(md, /^- `README\.txt`/m);
    assert.match(readFileSync(join(out, 'ticket.md'), 'utf8'), /^- `README\.maillog-forensics\.txt`: what each file of the folder holds, one a line$/m);
    // Run again: still not ours, so still kept (the manifest names only the other name).
    const second = analyze(AFTER_FIX, out, ['-f', 'md,json', '--lang', 'ja']);
    assert.equal(readFileSync(join(out, 'README.txt'), 'utf8'), MINE);
    assert.match(second.stderr, /README\.txt はこのツールが書いたものではないため、そのまま残しました。今回の実行のファイル一覧は README\.maillog-forensics\.txt です。/);
    // The user removes theirs: the list is README.txt again, and the other name, ours, is removed as stale.
    rmSync(join(out, 'README.txt'));
    const third = analyze(INCIDENT, out, ['-f', 'json']);
    assert.doesNotMatch(third.stderr, /is not one this tool wrote/);
    assert.match(third.stderr, /removed 3 files of an earlier run that this run did not write \(README\.maillog-forensics\.txt, report\.md, ticket\.md\)/);
    assert.ok(existsSync(join(out, 'README.txt')));
    assert.ok(!existsSync(join(out, 'README.maillog-forensics.txt')), 'our list under the other name is removed');
    assert.match(readFileSync(join(out, 'README.txt'), 'utf8'), /^README\.txt +this list$/m);
    // Both names someone else's: no list written, both kept, one line; -q says nothing.
    const both = join(base, 'both');
    mkdirSync(both);
    writeFileSync(join(both, 'README.txt'), MINE);
    writeFileSync(join(both, 'README.maillog-forensics.txt'), 'mine too\n');
    const fourth = analyze(INCIDENT, both, ['-f', 'md']);
    assert.equal(readFileSync(join(both, 'README.txt'), 'utf8'), MINE);
    assert.equal(readFileSync(join(both, 'README.maillog-forensics.txt'), 'utf8'), 'mine too\n');
    assert.deepEqual(written(fourth, both), ['blocklist-ips.txt', 'compromised-ips.txt', 'queue-delete.txt', 'report.md', 'ticket.md']);
    assert.match(fourth.stderr, /the list of the files of this run was not written \(README\.maillog-forensics\.txt is taken too\)\./);
    assert.doesNotMatch(readFileSync(join(both, 'report.md'), 'utf8'), /^- `README/m);
    const quiet = cli(['analyze', INCIDENT, '--year', '2026', '-j', '1', '-q', '-f', 'md', '--out', both]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('our own README.txt of an earlier run is replaced as before, without a word', { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'mf-readme-own-'));
  try {
    analyze(INCIDENT, out, ['-f', 'json']);
    const earlier = readFileSync(join(out, 'README.txt'), 'utf8');
    const again = analyze(AFTER_FIX, out, ['-f', 'json']);
    assert.doesNotMatch(again.stderr, /README/);
    assert.ok(written(again, out).includes('README.txt'));
    const now = readFileSync(join(out, 'README.txt'), 'utf8');
    assert.notEqual(now, earlier, 'rewritten for the new run (another period)');
    assert.ok(!existsSync(join(out, 'README.maillog-forensics.txt')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
