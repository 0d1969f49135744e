// Detection options from files and flags: allow-lists, threshold overrides, a `postqueue -j` snapshot.
// Every problem is a UsageError with a one-line message naming the file (and line) at fault.
//
//   --allow-ips FILE       one IP per line, "#" comments; or a CSV with a header row and an "ip" column
//   --allow-users FILE|a,b one SASL user per line, or a comma-separated list
//   --threshold rule.name=value   repeatable; names from thresholdDefaults()
//   --config FILE          JSON {"thresholds": {"rule.name": n}, "allowIps": [...], "allowUsers": [...]}
//   --queue FILE           `postqueue -j` output: one JSON object per line with "queue_id"
// Flags add to the config file's lists and override its thresholds.

import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import Papa from 'papaparse';
import { UsageError, describeFsError } from '../errors.js';
import type { DetectOptions } from './index.js';
import { thresholdDefaults } from './index.js';
import { canonicalIp } from '../parse/ip.js';
import { editDistance } from '../edit-distance.js';

export interface DetectFlags {
  allowIps?: string;
  allowUsers?: string;
  thresholds?: string[];
  config?: string;
  queue?: string;
}

/** A file's text; "-" is standard input (`postqueue -j | … --queue -`: the CLI refuses it when a log is read from there). */
function readText(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: ${describeFsError(err, path)}`);
  }
}

function checkIp(ip: string, where: string): string {
  if (isIP(ip) !== 0) return canonicalIp(ip.toLowerCase());
  if (ip.indexOf('/') > 0 && isIP(ip.slice(0, ip.indexOf('/'))) !== 0) {
    throw new UsageError(`${where}: "${ip}" is a network; list the addresses one by one (ranges are not supported)`);
  }
  throw new UsageError(`${where}: "${ip}" is not an IP address`);
}

/** IPs from a text file (one per line, "#" comments) or a CSV file whose header has an "ip" column. */
export function parseAllowIps(text: string, name: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstIdx = lines.findIndex((l) => l.replace(/#.*/, '').trim() !== '');
  if (firstIdx < 0) return [];
  const first = lines[firstIdx]!.trim();
  // A CSV: the first meaningful line is a header naming an "ip" column ("ip", "IP,comment", "host,ip,owner").
  const header = first.split(/[,;\t]/).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  if (first.indexOf(',') >= 0 || first.indexOf(';') >= 0 || first.indexOf('\t') >= 0 || header[0] === 'ip') {
    const parsed = Papa.parse<Record<string, string>>(lines.slice(firstIdx).join('\n'), {
      header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase(),
    });
    // A one-column CSV has no delimiter to detect: only broken quoting is an error.
    const fatal = parsed.errors.find((e) => e.type === 'Quotes');
    if (fatal !== undefined) throw new UsageError(`${name}: CSV row ${(fatal.row ?? 0) + 2}: ${fatal.message}`);
    if (!(parsed.meta.fields ?? []).includes('ip')) {
      throw new UsageError(`${name}: a CSV allow-list needs an "ip" column (header: ${(parsed.meta.fields ?? []).join(', ')})`);
    }
    const out: string[] = [];
    parsed.data.forEach((row, i) => {
      const ip = (row.ip ?? '').trim();
      if (ip !== '' && !ip.startsWith('#')) out.push(checkIp(ip, `${name}: CSV row ${i + 2 + firstIdx}`));
    });
    return out;
  }
  const out: string[] = [];
  lines.forEach((line, i) => {
    const ip = line.replace(/#.*/, '').trim();
    if (ip !== '') out.push(checkIp(ip, `${name}:${i + 1}`));
  });
  return out;
}

/** Users from a file (one per line, "#" comments) or, when no such file exists, a comma-separated list. */
export function parseAllowUsers(value: string): string[] {
  const fromFile = existsSync(value);
  const text = fromFile ? readText(value, '--allow-users') : value;
  const items = fromFile ? text.split(/\r?\n/).map((l) => l.replace(/#.*/, '')) : text.split(',');
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** "rule.name=value" → [name, value], checked against the rules' thresholds. */
export function parseThreshold(spec: string, known: Record<string, number> = thresholdDefaults()): [string, number] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--threshold "${spec}": write rule.name=value, e.g. sasl-bruteforce.perIpFailures=20`);
  const name = spec.slice(0, eq).trim();
  return [checkThresholdName(name, known), checkThresholdValue(name, spec.slice(eq + 1).trim())];
}

function checkThresholdName(name: string, known: Record<string, number>): string {
  if (!(name in known)) throw new UsageError(unknownThreshold(name, Object.keys(known)));
  return name;
}

/**
 * The error for a threshold name that is none: the names it may have meant, never all of them on one line (review AG,
 * AG10: "--threshold foo=3" listed 70 names in one 2,400-character line): a known rule's own thresholds
 * ("sasl-bruteforce.x": its 7), else the names within a few typos of it, and where the whole list is.
 */
export function unknownThreshold(name: string, names: string[]): string {
  const dot = name.indexOf('.');
  const rule = dot > 0 ? name.slice(0, dot) : name;
  const ofRule = names.filter((n) => n.startsWith(`${rule}.`));
  const list = `maillog-forensics analyze --help-thresholds lists all ${names.length} with their defaults`;
  if (ofRule.length > 0) {
    const near = nearest(name, ofRule);
    return `unknown threshold "${name}": ${near.length > 0 ? `did you mean ${orList(near)}? ` : ''}`
      + `${rule} has ${ofRule.map((n) => n.slice(rule.length + 1)).join(', ')} (${list})`;
  }
  const near = nearest(name, names);
  return `unknown threshold "${name}"${near.length > 0 ? `: did you mean ${orList(near)}?` : ''} (${list})`;
}

/** Up to 3 of `names` closest to `name` (whole, or the part after the rule), within a quarter of its length in edits (2 at least). */
function nearest(name: string, names: string[]): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(lower.length / 4));
  return names
    .map((n) => ({ n, d: Math.min(editDistance(lower, n.toLowerCase()), editDistance(lower, n.slice(n.indexOf('.') + 1).toLowerCase())) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.n);
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function checkThresholdValue(name: string, raw: unknown): number {
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`threshold ${name}: "${String(raw)}" is not a number ≥ 0`);
  return v;
}

interface ConfigFile {
  thresholds: Record<string, number>;
  allowIps: string[];
  allowUsers: string[];
}

/** The JSON config file: {"thresholds": {...}, "allowIps": [...], "allowUsers": [...]}, every key optional. */
export function parseConfig(text: string, name: string, known: Record<string, number> = thresholdDefaults()): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${name}: not valid JSON (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${name}: expected a JSON object`);
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (k !== 'thresholds' && k !== 'allowIps' && k !== 'allowUsers') {
      throw new UsageError(`${name}: unknown key "${k}" (known: thresholds, allowIps, allowUsers)`);
    }
  }
  const strings = (key: string): string[] => {
    const v = obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`${name}: "${key}" must be an array of strings`);
    return (v as string[]).map((s) => s.trim()).filter((s) => s !== '');
  };
  const thresholds: Record<string, number> = {};
  const t = obj.thresholds;
  if (t !== undefined) {
    if (t === null || typeof t !== 'object' || Array.isArray(t)) throw new UsageError(`${name}: "thresholds" must be an object of rule.name: number`);
    for (const [k, v] of Object.entries(t as Record<string, unknown>)) thresholds[checkThresholdName(k, known)] = checkThresholdValue(k, v);
  }
  return {
    thresholds,
    allowIps: strings('allowIps').map((ip) => checkIp(ip, `${name}: allowIps`)),
    allowUsers: strings('allowUsers'),
  };
}

/** Queue IDs from `postqueue -j` (one JSON object per line; blank lines skipped). */
export function parseQueueJson(text: string, name: string): Set<string> {
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new UsageError(`${name}:${i + 1}: not a JSON object (expected the output of postqueue -j)`);
    }
    const id = (obj as { queue_id?: unknown } | null)?.queue_id;
    if (typeof id !== 'string' || id === '') throw new UsageError(`${name}:${i + 1}: no "queue_id" (expected the output of postqueue -j)`);
    ids.add(id);
  });
  return ids;
}

/**
 * The envelope sender `postqueue -j` gives each queue ID ("sender": "" for a bounce; MAILER-DAEMON taken as that), for
 * the IDs whose line has one. A short queue ID is reused once its file is gone: the sender tells the message the log
 * saw from another one queued under its ID since (review AJ). Lines were checked by parseQueueJson.
 */
export function parseQueueSenders(text: string): Map<string, string> {
  const senders = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const obj = JSON.parse(line) as { queue_id?: unknown; sender?: unknown };
    if (typeof obj.queue_id !== 'string' || typeof obj.sender !== 'string') continue;
    senders.set(obj.queue_id, obj.sender.toUpperCase() === 'MAILER-DAEMON' ? '' : obj.sender.toLowerCase());
  }
  return senders;
}

/** Everything together: the config file first, then the flags on top. */
export function loadDetectOptions(flags: DetectFlags): Partial<DetectOptions> {
  const known = thresholdDefaults();
  const cfg: ConfigFile = flags.config !== undefined
    ? parseConfig(readText(flags.config, '--config'), flags.config, known)
    : { thresholds: {}, allowIps: [], allowUsers: [] };
  const allowIps = new Set(cfg.allowIps);
  if (flags.allowIps !== undefined) for (const ip of parseAllowIps(readText(flags.allowIps, '--allow-ips'), flags.allowIps)) allowIps.add(ip);
  const allowUsers = new Set(cfg.allowUsers);
  if (flags.allowUsers !== undefined) for (const u of parseAllowUsers(flags.allowUsers)) allowUsers.add(u);
  const thresholds = { ...cfg.thresholds };
  for (const spec of flags.thresholds ?? []) {
    const [k, v] = parseThreshold(spec, known);
    thresholds[k] = v;
  }
  const out: Partial<DetectOptions> = { allowIps, allowUsers, thresholds };
  if (flags.queue !== undefined) {
    const text = readText(flags.queue, '--queue');
    out.liveQueue = parseQueueJson(text, flags.queue);
    out.liveQueueSenders = parseQueueSenders(text);
  }
  return out;
}

/** The --help epilogue: every threshold with its default. */
export function thresholdHelp(): string {
  const lines = Object.entries(thresholdDefaults()).map(([k, v]) => `  ${k}=${v}`);
  return `Detection thresholds (override with --threshold rule.name=value or "thresholds" in --config):\n${lines.join('\n')}`;
}
