// compare names the receivers' refusal classes that are new in the after run, below receivers-refusing's threshold
// (10) too: after a DNS change, Gmail refused 4 messages as unauthenticated ("550-5.7.26 This mail is unauthenticated
// … DKIM checks did not pass"), and compare said nothing of it: no finding on either side, "Nothing to compare". The
// before log is the healthy sample (no refusal); the after logs are the same day's mail and then Gmail's 5.7.26 bounces
// (the answer of test/detect-rules.test.ts, Postfix 3.7's smtp line), or a Yahoo TSS04 deferral the before run had too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports } from '../src/compare/compare.js';
import { renderCompareMarkdown } from '../src/compare/markdown.js';
import { newRefusals } from '../src/compare/new-refusals.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import type { Report } from '../src/report/model.js';
import type { Comparison } from '../src/compare/model.js';
import { report, ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-new-refusals-'));
const HEALTHY = join(ROOT, 'samples', 'healthy.log');

/** Gmail's 5.7.26 bounce of a message of ours to user`n`@gmail.com, on Nov 11. */
const gmailUnauthenticated = (n: number): string => `Nov 11 10:1${n}:00 mail postfix/smtp[9990${n}]: AB12C16A0B${n}: to=<user${n}@gmail.com>, `
  + 'relay=gmail-smtp-in.l.google.com[142.250.157.26]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.26, status=bounced (host '
  + 'gmail-smtp-in.l.google.com[142.250.157.26] said: 550-5.7.26 This mail is unauthenticated, which poses a security risk to the '
  + '550-5.7.26 sender and Gmail users, and has been blocked. The sender must 550-5.7.26 authenticate with at least one of SPF or DKIM. '
  + 'For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [example.jp] did not 550-5.7.26 pass with ip: '
  + '[203.0.113.9]. - gsmtp (in reply to end of DATA command))';

function analyzed(name: string, extra: string[]): Promise<Report> {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(HEALTHY, 'utf8') + extra.map((l) => `${l}\n`).join(''));
  return report([path], { year: 2026, top: 50 });
}

function compare(before: Report, after: Report, ja = false): Comparison {
  return compareReports(before, after, {
    version: 'test', before: { kind: 'logs', paths: ['before.log'] }, after: { kind: 'logs', paths: ['after.log'] }, ...(ja ? { messages: compareJa } : {}),
  });
}

const before = report([HEALTHY], { year: 2026, top: 50 });
const dmarc = analyzed('after-dmarc.log', [1, 2, 3, 4].map(gmailUnauthenticated));

test('a new class of refusals below the threshold: "New after: … refusals (4) from Gmail" in the verdict, en and ja', async () => {
  const b = await before;
  const a = await dmarc;
  assert.equal(a.findings.filter((f) => f.rule === 'receivers-refusing').length, 0, 'below the rule\'s threshold: no finding');
  assert.deepEqual(newRefusals(b, a), [{ receiver: 'Gmail', kind: 'unauthenticated', count: 4 }]);
  const en = compare(b, a);
  assert.deepEqual(en.verdict.newRefusals?.items, [{ receiver: 'Gmail', kind: 'unauthenticated', count: 4 }]);
  const md = renderCompareMarkdown(en, 'T');
  assert.match(md, /\nNew after: unauthenticated mail \(SPF\/DKIM\/DMARC\) refusals \(4\) from Gmail\. /);
  // In the verdict, under the mail flow, before the totals.
  assert.ok(md.indexOf('New after:') > md.indexOf('## Verdict') && md.indexOf('New after:') < md.indexOf('## Totals side by side'));
  const ja = renderCompareMarkdown(compare(b, a, true), 'T');
  assert.match(ja, /\n対策後に新たに: Gmail からの「SPF\/DKIM\/DMARC 認証なし」による拒否 4 件。/);
});

test('no new class: the same runs, or an after run with nothing new, have no such line', async () => {
  const b = await before;
  assert.equal(compare(b, b).verdict.newRefusals, undefined);
  // The reverse: the refusals are gone after, not new.
  const c = compare(await dmarc, b);
  assert.equal(c.verdict.newRefusals, undefined);
  assert.doesNotMatch(renderCompareMarkdown(c, 'T'), /New after:/);
  // The same class before and after: not new.
  assert.equal(compare(await dmarc, await dmarc).verdict.newRefusals, undefined);
});
