// Review AB, F7's rest: compare names the IPs that send as a fixed account after and that the before run knew neither
// as the owner's nor as the intruder's ("to check with the owner"). The owner's IPs were the finding's firstOwnerIps,
// its first 5: an owner with 8 IPs (phone, home, office, VPN …) lost the check, and the verdict said neither that
// new IPs send nor that it could not tell. Now the before report's Client IPs rows with the role "owner-client" count
// too; when they are cut at --top, the new IPs are named with how many of the owner's IPs the before report names.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import type { Comparison } from '../src/compare/model.js';
import { ROOT, readJson, runCli } from './helpers.js';
import { sentAs } from './sent-as.js';

const ACCOUNT = 'info@example.jp';
/** The owner's IPs: the sample's office address and 7 more, each sending as the account before the guess (Nov 25 23:41). */
const OWNER = ['198.51.100.40', '192.0.2.101', '192.0.2.102', '192.0.2.103', '192.0.2.104', '192.0.2.105', '192.0.2.106', '192.0.2.107'];
/** Two of the owner's IPs past the finding's first 5, and two IPs nobody saw before. */
const AFTER_OWNER = ['192.0.2.106', '192.0.2.107'];
const FRESH = ['45.77.50.5', '45.77.60.6'];

let tmp: string;
let beforeLog: string;
let afterLog: string;

/** Two sorted logs of classic stamps of one month merged in time order ("Nov 25 15:03:00 …"). */
function merged(a: string, b: string): string {
  const x = a.split('\n').filter((l) => l !== '');
  const y = b.split('\n').filter((l) => l !== '');
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (j >= y.length || (i < x.length && x[i]!.slice(0, 15) <= y[j]!.slice(0, 15))) out.push(x[i++]!);
    else out.push(y[j++]!);
  }
  return `${out.join('\n')}\n`;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlf-review-ab-f7-'));
  // The owner's mail on Nov 25 from 15:00, before the guess (sent-as.ts writes Nov 30 20:00 on; moved here).
  const ownerMail = sentAs(ACCOUNT, OWNER.slice(1), 2, { qidLetter: 'C', qidDigit: '7', messageId: 'owner', queuedAs: 'O' }).replaceAll('Nov 30 20:', 'Nov 25 15:');
  beforeLog = join(tmp, 'before.log');
  writeFileSync(beforeLog, merged(readFileSync(join(ROOT, 'samples', 'incident.log'), 'utf8'), ownerMail));
  afterLog = join(tmp, 'after.log');
  writeFileSync(afterLog, readFileSync(join(ROOT, 'samples', 'after-fix.log'), 'utf8')
    + sentAs(ACCOUNT, [...AFTER_OWNER, ...FRESH], 3, { qidLetter: 'D', qidDigit: '8', messageId: 'after', queuedAs: 'A' }));
});

function analyzeBefore(name: string, top: string): { dir: string; report: Report } {
  const dir = join(tmp, name);
  const r = runCli(['analyze', beforeLog, '--year', '2026', '-j', '1', '-q', '-f', 'json', '--top', top, '-o', dir]);
  assert.equal(r.status, 0, r.stderr);
  return { dir, report: readJson<Report>(join(dir, 'report.json')) };
}

function compare(beforeDir: string, name: string, lang: 'en' | 'ja'): Comparison {
  const out = join(tmp, name);
  // --top 0: the after report's rows of every IP, so that their messages are counted.
  const r = runCli(['compare', beforeDir, afterLog, '--year', '2026', '-j', '1', '--top', '0', '-q', '-f', 'json', '-o', out, '--lang', lang]);
  assert.equal(r.status, 0, r.stderr);
  return readJson<Comparison>(join(out, 'compare.json'));
}

test('AB F7: the owner\'s 8 IPs, 5 in the finding and all in an uncut Client IPs table: only the 2 IPs nobody saw before are named (en, ja)', () => {
  const b = analyzeBefore('before-top0', '0');
  const f = b.report.findings.find((x) => x.rule === 'compromised-account')!;
  // The before report: 8 owner IPs, the first 5 in the finding, every one a row with the role "owner-client".
  assert.equal(f.evidence.ownerIps, 8);
  assert.equal(f.evidence.firstOwnerIps, '192.0.2.101, 192.0.2.102, 192.0.2.103, 192.0.2.104, 192.0.2.105');
  assert.deepEqual(b.report.byClientIp.filter((c) => c.roles?.includes('owner-client')).map((c) => c.key).sort(), [...OWNER].sort());
  for (const lang of ['en', 'ja'] as const) {
    const c = compare(b.dir, `compare-top0-${lang}`, lang);
    const account = c.findings.find((x) => x.rule === 'compromised-account')!;
    assert.equal(account.status, 'resolved');
    assert.deepEqual(account.measure.carriedOver?.newSenders, { count: 2, ips: FRESH, messages: 6 });
    assert.equal(account.measure.carriedOver?.ownersUnknown, undefined);
    assert.doesNotMatch(account.verdict, /192\.0\.2\.10[67]/);
    if (lang === 'en') {
      assert.match(account.verdict, /^Unclear \(sent as from IPs not known before\): .*; but 2 IPs the before run knew neither as the owner's nor as the intruder's send as it after \(45\.77\.50\.5, 45\.77\.60\.6: 6 messages\): to check with the owner \(a new device of theirs, or someone else with the password\)\.$/);
      assert.match(c.verdict.headline, /^Unclear: /);
    } else {
      assert.match(account.verdict, /IP 2 件（45\.77\.50\.5、45\.77\.60\.6: 6 通）が、対策後にこのアカウントとして送信しています: 所有者に確認してください（所有者の新しい端末か、パスワードを知る別人か）。?$/);
      assert.match(c.verdict.headline, /^判断保留: /);
    }
  }
});

test('AB F7: the owner\'s rows cut at --top 5: the 4 IPs not named before are all named, with "only 6 of the owner\'s 8 IPs" and what to do (en, ja)', () => {
  const b = analyzeBefore('before-top5', '5');
  // Within the cut, only the office address, the busiest of the owner's IPs: 6 named with the finding's 5.
  assert.deepEqual(b.report.byClientIp.filter((c) => c.roles?.includes('owner-client')).map((c) => c.key), ['198.51.100.40']);
  for (const lang of ['en', 'ja'] as const) {
    const c = compare(b.dir, `compare-top5-${lang}`, lang);
    const account = c.findings.find((x) => x.rule === 'compromised-account')!;
    assert.equal(account.status, 'resolved');
    assert.deepEqual(account.measure.carriedOver?.newSenders, { count: 4, ips: [...AFTER_OWNER, ...FRESH], messages: 12, owners: { known: 6, of: 8 } });
    assert.doesNotMatch(account.verdict, /no sign of someone else|他人が使っている兆候はありません/);
    if (lang === 'en') {
      assert.match(account.verdict, /; but 4 IPs the before run knew neither as the owner's nor as the intruder's send as it after \(192\.0\.2\.106, 192\.0\.2\.107, 45\.77\.50\.5, 45\.77\.60\.6: 12 messages\): to check with the owner .*; the before report names only 6 of the owner's 8 IPs \(the finding its first 5, its Client IPs table those within --top\), so some of these may be the owner's: analyze the before log again with --top 0 to tell them apart\.$/);
    } else {
      assert.match(account.verdict, /対策前のレポートが挙げている所有者の IP は 8 件のうち 6 件だけで（検出事項に最初の 5 件、クライアント IP の表に --top の範囲のもの）、このうちに所有者のものがあるかもしれません。見分けるには対策前のログを --top 0 で解析し直してください。?$/);
    }
  }
});
