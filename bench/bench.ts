// npm run bench [-- --size 1.5G --runs 3 --jobs 1,2 --file LOG --gz --rfc3339 --no-pflogsumm --keep]
//
// Generates a realistic incident log with the project's generator (unless --file is given), then times the full
// `analyze` (all report formats) with each job count and pflogsumm on the same file when it is installed,
// several runs each, and prints wall seconds (median, min), MB/s, lines/s, peak RSS and the ratio to pflogsumm.
// Peak RSS is read from /proc/<pid>/status (VmHWM: the process's high-water mark, workers included).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, createReadStream, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip, constants } from 'node:zlib';
import { pipeline } from 'node:stream/promises';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const GENERATOR = join(ROOT, 'dist', 'samples', 'generator', 'cli.js');

interface Options { size: string; runs: number; jobs: number[]; file: string; gz: boolean; rfc3339: boolean; pflogsumm: boolean; keep: boolean; small: string }

function parseArgs(argv: string[]): Options {
  const o: Options = { size: '1.5G', runs: 3, jobs: [1, 2], file: '', gz: false, rfc3339: false, pflogsumm: true, keep: false, small: '200M' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === '--size') o.size = next();
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--jobs') o.jobs = next().split(',').map(Number);
    else if (a === '--file') o.file = next();
    else if (a === '--small') o.small = next();
    else if (a === '--gz') o.gz = true;
    else if (a === '--rfc3339') o.rfc3339 = true;
    else if (a === '--no-pflogsumm') o.pflogsumm = false;
    else if (a === '--keep') o.keep = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run bench -- [--size 1.5G] [--small 200M] [--runs 3] [--jobs 1,2] [--file LOG] [--gz] [--rfc3339] [--no-pflogsumm] [--keep]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

interface Measure { wall: number; rss: number; code: number }

/** Runs a command, polling its peak RSS; returns wall seconds and peak RSS in MiB. */
function measure(cmd: string, args: string[], stdoutFile?: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', stdoutFile ? 'pipe' : 'ignore', 'pipe'] });
    if (stdoutFile && child.stdout) child.stdout.pipe(createWriteStream(stdoutFile));
    let rss = 0;
    let err = '';
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) rss = Math.max(rss, Number(m[1]) / 1024);
      } catch { /* exited */ }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) process.stderr.write(`  ${cmd} exited with ${code}: ${err.slice(0, 500)}\n`);
      resolve({ wall, rss, code: code ?? 1 });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function countLines(file: string): number {
  const r = spawnSync('wc', ['-l', file], { encoding: 'utf8' });
  return Number(r.stdout.trim().split(/\s+/)[0]);
}

/** `rfc3339`: the same lines with rsyslog's RFC 3339 stamps (Debian 12's default), the generator's --rfc3339. */
function generate(size: string, out: string, seed = 1, rfc3339 = false): void {
  process.stderr.write(`generating ${size} incident log${rfc3339 ? ' with RFC 3339 stamps' : ''} → ${out}\n`);
  const r = spawnSync(process.execPath, [GENERATOR, 'big', '--size', size, '--out', out, '--seed', String(seed), ...(rfc3339 ? ['--rfc3339'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generator failed');
}

interface Row { name: string; runs: Measure[]; bytes: number; lines: number }

async function bench(name: string, cmd: string, args: string[], runs: number, bytes: number, lines: number, stdoutFile?: string): Promise<Row> {
  const out: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measure(cmd, args, stdoutFile);
    process.stderr.write(`  ${name} run ${i + 1}: ${m.wall.toFixed(2)} s, ${m.rss.toFixed(0)} MiB\n`);
    out.push(m);
  }
  return { name, runs: out, bytes, lines };
}

async function gzipParts(file: string, dir: string, parts: number): Promise<string[]> {
  // Cut at line boundaries into `parts` files, gzip each (level 1: the benchmark measures us, not gzip).
  const size = statSync(file).size;
  const buf = Buffer.alloc(1 << 20);
  const fd = (await import('node:fs')).openSync(file, 'r');
  const cuts = [0];
  for (let i = 1; i < parts; i++) {
    const n = (await import('node:fs')).readSync(fd, buf, 0, buf.length, Math.floor((size * i) / parts));
    const nl = buf.subarray(0, n).indexOf(10);
    cuts.push(Math.floor((size * i) / parts) + nl + 1);
  }
  cuts.push(size);
  const names = ['maillog-4.gz', 'maillog-3.gz', 'maillog-2.gz', 'maillog-1.gz'].slice(0, parts);
  const out: string[] = [];
  for (let i = 0; i < parts; i++) {
    const target = join(dir, names[i]!);
    await pipeline(createReadStream(file, { start: cuts[i]!, end: cuts[i + 1]! - 1 }), createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(target));
    out.push(target);
  }
  return out;
}

/**
 * How much parallel CPU this machine really gives: the same CPU-bound loop on 1 thread, then on 2 threads at once.
 * A VM can show 2 vCPUs that share one physical core; then no job count can make the scan faster.
 */
async function parallelCapacity(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const code = 'let x = 0; for (let i = 0; i < 2e8; i++) x = (x * 31 + i) | 0; require("node:worker_threads").parentPort.postMessage(x);';
  const run = (n: number): Promise<number> => new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let left = n;
    for (let i = 0; i < n; i++) {
      const w = new Worker(code, { eval: true });
      w.once('message', () => { void w.terminate(); if (--left === 0) resolve(Number(process.hrtime.bigint() - start) / 1e9); });
    }
  });
  const one = await run(1);
  const two = await run(2);
  return (2 * one) / two;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const capacity = await parallelCapacity();
  process.stderr.write(`parallel capacity: 2 CPU-bound threads run ${capacity.toFixed(2)}× the work of 1 in the same time\n`);
  const dir = mkdtempSync(join(tmpdir(), 'maillog-bench-'));
  const outDir = join(dir, 'report');
  try {
    let file = o.file;
    if (file === '') { file = join(dir, 'maillog'); generate(o.size, file); }
    if (!existsSync(file)) throw new Error(`${file}: no such file`);
    const bytes = statSync(file).size;
    const lines = countLines(file);
    process.stderr.write(`input: ${file}, ${(bytes / 1e6).toFixed(0)} MB, ${lines.toLocaleString('en-US')} lines\n`);
    // The job counts take turns (1, 2, 1, 2, …): on a shared machine the neighbours' load drifts over minutes, and
    // runs of one count in a row would catch a different load than the other's (seen here: 8.0–8.6 s, then
    // 9.3–11.3 s half an hour later for the same build and file).
    const rows: Row[] = o.jobs.map((j) => ({ name: `analyze --jobs ${j}`, runs: [], bytes, lines }));
    // --rfc3339: the main log's very lines with rsyslog's RFC 3339 stamps of microseconds (Debian 12's default: every
    // line a stamp of its own, where the classic log repeats one a second), at the largest job count, taking turns
    // with the others. Off by default, so that the table keeps its rows.
    const rfcJobs = Math.max(...o.jobs);
    let rfc: { file: string; row: Row } | null = null;
    if (o.rfc3339 && o.file === '') {
      const rfcFile = join(dir, 'maillog-rfc3339');
      generate(o.size, rfcFile, 1, true);
      const rfcBytes = statSync(rfcFile).size;
      rfc = { file: rfcFile, row: { name: `analyze --jobs ${rfcJobs} (RFC 3339 stamps, ${(rfcBytes / 1e6).toFixed(0)} MB)`, runs: [], bytes: rfcBytes, lines: countLines(rfcFile) } };
    } else if (o.rfc3339) {
      process.stderr.write('--rfc3339 makes a twin of the generated log: not with --file\n');
    }
    for (let i = 0; i < o.runs; i++) {
      for (const [k, j] of o.jobs.entries()) {
        const m = await measure(process.execPath, [CLI, 'analyze', file, '--out', outDir, '--jobs', String(j), '--quiet', '--format', 'json,md,html,csv']);
        process.stderr.write(`  ${rows[k]!.name} run ${i + 1}: ${m.wall.toFixed(2)} s, ${m.rss.toFixed(0)} MiB\n`);
        rows[k]!.runs.push(m);
      }
      if (rfc !== null) {
        const m = await measure(process.execPath, [CLI, 'analyze', rfc.file, '--out', outDir, '--jobs', String(rfcJobs), '--quiet', '--format', 'json,md,html,csv']);
        process.stderr.write(`  ${rfc.row.name} run ${i + 1}: ${m.wall.toFixed(2)} s, ${m.rss.toFixed(0)} MiB\n`);
        rfc.row.runs.push(m);
      }
    }
    if (rfc !== null) {
      rows.push(rfc.row);
      rmSync(rfc.file, { force: true });
    }
    // The same scenario at a smaller size: peak memory must not grow with the log.
    let smallRow: Row | null = null;
    if (o.file === '' && o.small !== '') {
      const small = join(dir, 'maillog-small');
      generate(o.small, small);
      const sb = statSync(small).size;
      smallRow = await bench(`analyze --jobs ${o.jobs[o.jobs.length - 1]} (${(sb / 1e6).toFixed(0)} MB log)`, process.execPath,
        [CLI, 'analyze', small, '--out', outDir, '--jobs', String(o.jobs[o.jobs.length - 1]), '--quiet', '--format', 'json,md,html,csv'], o.runs, sb, countLines(small));
      rows.push(smallRow);
      rmSync(small, { force: true });
    }
    if (o.gz) {
      const parts = await gzipParts(file, dir, 4);
      const gzBytes = parts.reduce((s, p) => s + statSync(p).size, 0);
      rows.push(await bench(`analyze 4 × .gz (${(gzBytes / 1e6).toFixed(0)} MB compressed) --jobs ${Math.max(...o.jobs)}`, process.execPath,
        [CLI, 'analyze', ...parts, '--out', outDir, '--jobs', String(Math.max(...o.jobs)), '--quiet', '--format', 'json,md,html,csv'], o.runs, bytes, lines));
    }
    let pfl: Row | null = null;
    const which = spawnSync('sh', ['-c', 'command -v pflogsumm'], { encoding: 'utf8' });
    if (o.pflogsumm && which.status === 0) {
      pfl = await bench('pflogsumm', which.stdout.trim(), [file], Math.min(o.runs, 2), bytes, lines, join(dir, 'pflogsumm.txt'));
      rows.push(pfl);
    } else if (o.pflogsumm) {
      process.stderr.write('pflogsumm not installed (apt-get install pflogsumm): no comparison\n');
    }
    const pflMedian = pfl ? median(pfl.runs.map((r) => r.wall)) : 0;
    const header = '| what | wall median (s) | wall min (s) | MB/s | lines/s | peak RSS (MiB) | × pflogsumm |';
    const lines_ = [header, '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
    for (const r of rows) {
      const med = median(r.runs.map((x) => x.wall));
      const min = Math.min(...r.runs.map((x) => x.wall));
      const rss = Math.max(...r.runs.map((x) => x.rss));
      const ratio = pfl && r !== pfl ? (pflMedian * (r.bytes / pfl.bytes)) / med : NaN;
      lines_.push(`| ${r.name} | ${med.toFixed(2)} | ${min.toFixed(2)} | ${(r.bytes / 1e6 / med).toFixed(0)} | ${Math.round(r.lines / med).toLocaleString('en-US')} | ${rss.toFixed(0)} | ${Number.isNaN(ratio) ? '–' : ratio.toFixed(1) + '×'} |`);
    }
    const j1 = rows.find((r) => r.name === 'analyze --jobs 1');
    const j2 = rows.find((r) => r.name === 'analyze --jobs 2');
    process.stdout.write(`\n${(bytes / 1e6).toFixed(0)} MB, ${lines.toLocaleString('en-US')} lines, ${o.runs} runs each, page cache warm after the first run\n`
      + `parallel capacity of this machine: 2 CPU-bound threads do ${capacity.toFixed(2)}× the work of 1 (2.00 = two real cores)\n\n${lines_.join('\n')}\n`);
    if (j1 && j2) {
      // Also per turn: run i of 1 job against run i of 2 jobs, which ran next to each other.
      const paired = j1.runs.map((r, i) => r.wall / j2.runs[i]!.wall);
      process.stdout.write(`\n2 jobs vs 1 job: ${(median(j1.runs.map((r) => r.wall)) / median(j2.runs.map((r) => r.wall))).toFixed(2)}× faster`
        + ` (median of medians; per turn ${paired.map((x) => x.toFixed(2)).join(', ')})\n`);
    }
    const classic = rows.find((r) => r.name === `analyze --jobs ${rfcJobs}`);
    if (rfc !== null && classic) {
      // The same lines: compare wall times, not MB/s (the RFC 3339 file is 17 bytes a line bigger).
      const paired = rfc.row.runs.map((r, i) => r.wall / classic.runs[i]!.wall);
      process.stdout.write(`RFC 3339 stamps against classic, --jobs ${rfcJobs}: ${(median(rfc.row.runs.map((r) => r.wall)) / median(classic.runs.map((r) => r.wall))).toFixed(2)}× the wall time`
        + ` (per turn ${paired.map((x) => x.toFixed(2)).join(', ')})\n`);
    }
    if (smallRow && j2) process.stdout.write(`peak RSS ${(bytes / 1e6).toFixed(0)} MB vs ${(smallRow.bytes / 1e6).toFixed(0)} MB log: ${(Math.max(...j2.runs.map((r) => r.rss)) / Math.max(...smallRow.runs.map((r) => r.rss))).toFixed(2)}×\n`);
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(1);
});
