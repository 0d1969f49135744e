// Review AE, L7: pseudonyms of 12 hex digits (48 bits) instead of 8, and compare refusing two redacted sides whose
// pseudonyms have different lengths (an 8-digit report of an older build against a 12-digit one) rather than showing
// every user and IP as new in one and gone from the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Report } from '../src/report/model.js';
import { checkRedaction } from '../src/compare/compare.js';
import { keyFingerprint } from '../src/report/redact.js';
import { compareEn } from '../src/i18n/compare-en.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import { ROOT, HEX, redactionHash, report, runCli, readJson } from './helpers.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');
const KEY = 'K1';
const dir = mkdtempSync(join(tmpdir(), 'mlf-ae-l7-'));

function analyze(name: string, extra: string[]): Report {
  const out = join(dir, name);
  const r = runCli(['analyze', INCIDENT, '--year', '2026', '--out', out, '--quiet', '--format', 'json', ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return readJson<Report>(join(out, 'report.json'));
}

test('L7: every pseudonym of a redacted report has 12 hex digits, the HMAC of its value, and report.json says so', async () => {
  // The unredacted answer, analyzed in process as the CLI does by default (--top 50).
  const plain = await report([INCIDENT], { year: 2026, top: 50 });
  const red = analyze('red', ['--redact-key', KEY]);
  assert.equal(red.redaction?.pseudonymHexDigits, 12);
  const json = JSON.stringify(red);
  const pseudonyms = [...json.matchAll(/\b(?:user|ip|host|domain|sess|text)-[0-9a-f]+\b/g)].map((m) => m[0]);
  assert.ok(pseudonyms.length > 100, `${pseudonyms.length} pseudonyms`);
  const short = pseudonyms.filter((p) => !new RegExp(`^[a-z]+-${HEX}$`).test(p));
  assert.deepEqual(short, [], 'a pseudonym of another length');
  // The client IPs, each its own answer: ip- and the first 12 hex digits of HMAC-SHA256(K, "ip:" + address).
  assert.ok(plain.byClientIp.length > 3);
  assert.deepEqual(red.byClientIp.map((c) => c.key).sort(), plain.byClientIp.map((c) => `ip-${redactionHash(KEY, `ip:${c.key}`)}`).sort());
});

test('L7: checkRedaction refuses an 8-digit side against a 12-digit one of the same key, in English and Japanese', () => {
  const now = { keyFingerprint: keyFingerprint(KEY), keyDerivation: 'scrypt' as const, pseudonymHexDigits: 12, domains: false };
  // A report of the build before L7: the same key stretching, the same fingerprint, no pseudonymHexDigits (8).
  const { pseudonymHexDigits: _, ...before12 } = now;
  assert.doesNotThrow(() => checkRedaction(now, { ...now }, 'before', 'after'));
  assert.doesNotThrow(() => checkRedaction(before12, { ...before12 }, 'before', 'after'), 'two older reports still compare');
  assert.throws(() => checkRedaction(before12, now, 'reports/before', 'reports/after'),
    /^UsageError: cannot compare reports\/before \(pseudonyms of 8 hex digits\) with reports\/after \(pseudonyms of 12 hex digits\): .* analyze both logs again with the same version and the same --redact-key$/);
  assert.throws(() => checkRedaction(now, before12, 'b', 'a', compareEn), /b \(pseudonyms of 12 hex digits\) with a \(pseudonyms of 8 hex digits\)/);
  assert.throws(() => checkRedaction(before12, now, 'b', 'a', compareJa), /^UsageError: b（仮名は 8 桁の 16 進数）と a（仮名は 12 桁の 16 進数）は比較できません。.*同じ --redact-key でもう一度分析してください$/);
  // Another key as well: the length is what the reader has to fix first (a new analysis), and the key with it.
  const other = { ...before12, keyFingerprint: keyFingerprint('another key') };
  assert.throws(() => checkRedaction(other, now, 'b', 'a'), /pseudonyms of 8 hex digits/);
});

test('L7: compare and analyze --baseline refuse a report of 8-digit pseudonyms against one of 12 (exit 2, nothing written)', () => {
  // The older build's report: the same run with 8-digit pseudonyms and no pseudonymHexDigits.
  const newer = join(dir, 'red', 'report.json');
  const olderDir = join(dir, 'older');
  mkdirSync(olderDir, { recursive: true });
  const old = JSON.parse(readFileSync(newer, 'utf8').replace(/\b((?:user|ip|host|domain|sess|text)-[0-9a-f]{8})[0-9a-f]{4}\b/g, '$1')) as Report;
  delete old.redaction!.pseudonymHexDigits;
  writeFileSync(join(olderDir, 'report.json'), JSON.stringify(old));

  const en = runCli(['compare', olderDir, newer, '--out', join(dir, 'c-en'), '--lang', 'en']);
  assert.equal(en.status, 2, en.stderr);
  assert.match(en.stderr, /^maillog-forensics: cannot compare before \(.*\) \(pseudonyms of 8 hex digits\) with after \(.*\) \(pseudonyms of 12 hex digits\): they were redacted by different versions, .*the same --redact-key\n$/);
  const ja = runCli(['compare', olderDir, newer, '--out', join(dir, 'c-ja'), '--lang', 'ja']);
  assert.equal(ja.status, 2, ja.stderr);
  assert.match(ja.stderr, /（仮名は 8 桁の 16 進数）と .*（仮名は 12 桁の 16 進数）は比較できません。/);
  // A log side analyzed with the key gets 12 digits: the older report is refused before the log is read.
  const log = runCli(['compare', olderDir, INCIDENT, '--year', '2026', '--redact-key', KEY, '--out', join(dir, 'c-log')]);
  assert.equal(log.status, 2, log.stderr);
  assert.match(log.stderr, /\(pseudonyms of 8 hex digits\) with after \(.*\) \(pseudonyms of 12 hex digits\)/);
  const base = runCli(['analyze', INCIDENT, '--year', '2026', '--redact-key', KEY, '--baseline', olderDir, '--out', join(dir, 'b'), '--quiet']);
  assert.equal(base.status, 2, base.stderr);
  assert.match(base.stderr, /cannot compare the baseline \(.*\) \(pseudonyms of 8 hex digits\) with this run \(pseudonyms of 12 hex digits\)/);
  // The same build on both sides compares.
  const same = runCli(['compare', newer, newer, '-f', 'json', '--out', join(dir, 'c-same')]);
  assert.notEqual(same.status, 2, same.stderr);
});
