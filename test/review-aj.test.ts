// Review AJ's findings on severity and evidence texts. AJ15: a blocked port 25 that ended within the log, with nothing
// queued waiting for the route, is one level down (and the deferred flood it caused with it); a block in force at the
// end stays high.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';

const SAMPLES = join(ROOT, 'samples');

function severityOf(r: Report, rule: string): string {
  const fs = r.findings.filter((f) => f.rule === rule);
  assert.equal(fs.length, 1, `${rule}: one finding (got ${fs.length})`);
  return fs[0]!.severity;
}

test('AJ15 samples/deferred-flood.log: the block is over and only refused mail is left: outbound-port-blocked and queue-flood are medium', async () => {
  const r = await report([join(SAMPLES, 'deferred-flood.log')], { year: 2026 });
  // 66 remote deliveries after the block's last timeout (2026-11-17 08:50), the last attempts of the log among them;
  // the 5 messages left go to nishi-kensetsu.co.jp, whose server refuses connections all along.
  assert.equal(r.findings.find((f) => f.rule === 'outbound-port-blocked')!.evidence.remoteDeliveriesAfter, 66);
  assert.equal(severityOf(r, 'outbound-port-blocked'), 'medium');
  assert.equal(severityOf(r, 'queue-flood'), 'medium');
});

test('AJ15 the same log with port 25 timing out again at its end: the block is in force, both findings stay high', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-aj15-'));
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const m = String(i * 5).padStart(2, '0');
    lines.push(`Nov 17 13:${m}:11 mail postfix/smtp[3${i}000]: connect to gmail-smtp-in.l.google.com[142.250.157.${20 + i}]:25: Connection timed out`);
  }
  const path = join(dir, 'block-back.log');
  writeFileSync(path, readFileSync(join(SAMPLES, 'deferred-flood.log'), 'utf8') + lines.join('\n') + '\n');
  const r = await report([path], { year: 2026 });
  assert.equal(severityOf(r, 'outbound-port-blocked'), 'high');
  assert.equal(severityOf(r, 'queue-flood'), 'high');
});
