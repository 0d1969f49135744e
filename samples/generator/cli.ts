#!/usr/bin/env node
// Command line: `samples [outDir]` regenerates every small scenario (same bytes every run);
// `big --size 1.5G --out FILE [--seed N] [--days 5] [--gz] [--rfc3339] [--truth FILE]` streams a
// benchmark log. Usage errors: one line on stderr, exit code 2.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCENARIOS, writeReadme } from './scenarios.js';
import { runBig } from './big.js';
import { writeBotnet } from './botnet.js';

const USAGE = `Usage:
  node dist/samples/generator/cli.js samples [outDir]
      Regenerate the small scenarios and their truth files (default outDir: samples):
      healthy, bruteforce, incident (+ rfc3339/incident.log), deferred-flood, after-fix,
      rotated/ (gzip) and rotated-plain/. Deterministic: same bytes every run.

  node dist/samples/generator/cli.js big --size SIZE --out FILE [--seed N] [--days D] [--gz] [--rfc3339] [--truth FILE]
      Stream an incident-like log of about SIZE bytes (suffixes K, M, G; e.g. 1.5G) over D days
      (default 5). --gz writes gzip, --truth writes the model's counts. --rfc3339 writes rsyslog's RFC 3339
      stamps with microseconds (RSYSLOG_FileFormat, Debian 12's default: 2026-11-28T22:15:28.617922+09:00) on the
      very lines the classic log of that size, seed and days has (SIZE counts them as classic: the file is 17 bytes
      a line bigger).

  node dist/samples/generator/cli.js botnet --ips N --out FILE
      Write a distributed brute force from N distinct client IPs (a tenth IPv6), each back one to three
      times (connect, SASL failure, disconnect; an IMAP failure for every fourth), for memory measurements.
      Deterministic: same bytes for the same N.

  node dist/samples/generator/cli.js --help
`;

class UsageError extends Error {}

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG])?(?:i?[bB])?$/.exec(text.trim());
  if (m === null) throw new UsageError(`invalid size: ${text} (expected e.g. 200M, 1.5G)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  const mult = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  const v = Math.round(n * mult);
  if (v < 10_000) throw new UsageError(`size too small: ${text} (minimum 10K)`);
  return v;
}

function runSamples(args: string[]): void {
  if (args.length > 1) throw new UsageError(`samples: unexpected argument: ${args[1]}`);
  const outDir = args[0] ?? 'samples';
  if (outDir.startsWith('-')) throw new UsageError(`samples: unknown option: ${outDir}`);
  fs.mkdirSync(outDir, { recursive: true });
  for (const s of SCENARIOS) {
    const t0 = Date.now();
    s.run(outDir);
    process.stderr.write(`samples: ${s.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const sizes = new Map<string, number>();
  for (const f of listFiles(outDir)) sizes.set(path.relative(outDir, f).split(path.sep).join('/'), fs.statSync(f).size);
  writeReadme(outDir, sizes);
  for (const f of listFiles(outDir)) process.stderr.write(`  ${f}  ${fs.statSync(f).size} bytes\n`);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'generator') continue;
      out.push(...listFiles(p));
    } else out.push(p);
  }
  return out;
}

async function runBigCli(args: string[]): Promise<void> {
  let size: number | undefined;
  let out: string | undefined;
  let seed = '1';
  let days = 5;
  let gzip = false;
  let rfc = false;
  let truth: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`big: ${a} needs a value`);
      return v;
    };
    if (a === '--size') size = parseSize(value());
    else if (a === '--out') out = value();
    else if (a === '--seed') seed = value();
    else if (a === '--days') {
      days = Number(value());
      if (!Number.isFinite(days) || days < 0.25 || days > 60) throw new UsageError('big: --days must be a number between 0.25 and 60');
    } else if (a === '--gz') gzip = true;
    else if (a === '--rfc3339') rfc = true;
    else if (a === '--truth') truth = value();
    else throw new UsageError(`big: unknown argument: ${a}`);
  }
  if (size === undefined) throw new UsageError('big: --size is required (e.g. --size 1.5G)');
  if (out === undefined) throw new UsageError('big: --out is required');
  const r = await runBig({ sizeBytes: size, out, seed, days, gzip, truthPath: truth, format: rfc ? 'rfc3339' : 'classic' });
  const mb = r.bytes / 1024 / 1024;
  const onDisk = fs.statSync(out).size;
  process.stderr.write(
    `big: wrote ${out}: ${r.bytes} bytes (${mb.toFixed(1)} MiB uncompressed${gzip ? `, ${onDisk} bytes gzip` : ''}), ${r.lines} lines, ` +
      `${r.seconds.toFixed(1)} s, ${(mb / r.seconds).toFixed(1)} MiB/s, ${(r.bytes / Math.max(1, r.lines)).toFixed(0)} bytes/line, ` +
      `queue at end ${r.stillQueued} (peak ${r.peakQueue})\n`,
  );
}

function runBotnetCli(args: string[]): void {
  let ips: number | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const v = args[++i];
    if (v === undefined) throw new UsageError(`botnet: ${a} needs a value`);
    if (a === '--ips') {
      ips = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(ips) || ips < 1 || ips > 100_000_000) throw new UsageError('botnet: --ips must be an integer from 1 to 100000000');
    } else if (a === '--out') out = v;
    else throw new UsageError(`botnet: unknown argument: ${a}`);
  }
  if (ips === undefined) throw new UsageError('botnet: --ips is required');
  if (out === undefined) throw new UsageError('botnet: --out is required');
  const c = writeBotnet(ips, out);
  process.stderr.write(`botnet: wrote ${out}: ${c.bytes} bytes, ${c.lines} lines, ${c.ips} IPs, ${c.smtpAuthFailures} SASL failures, ${c.imapLoginFailures} IMAP login failures\n`);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === 'samples') runSamples(rest);
  else if (cmd === 'big') await runBigCli(rest);
  else if (cmd === 'botnet') runBotnetCli(rest);
  else throw new UsageError(`unknown command: ${cmd} (try --help)`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`maillog-generator: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`maillog-generator: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
