// Review Z, Z22: findings that refer to each other by rule id ("see the queue-cleanup finding (`queue-delete.txt`)",
// "the compromised-account and backscatter findings") link to the finding's card, #finding-N, with its number and
// rule's name, in report.md and report.html, in English and Japanese; the severity badges of report.html's header link
// to the first card of their severity; the block list's delisting page is printed in the what-to-do text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderHtml } from '../src/render/html.js';
import { linkFindingRefs } from '../src/render/cross-refs.js';
import { en, ja } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';

const INCIDENT = join(ROOT, 'samples', 'incident.log');

let cached: Promise<Report> | null = null;
const incident = (): Promise<Report> => (cached ??= report([INCIDENT], { year: 2026 }));

/** The 1-based number of the first finding of `rule`. */
function numberOf(r: Report, rule: string): number {
  const i = r.findings.findIndex((f) => f.rule === rule);
  assert.ok(i >= 0, `no ${rule} finding`);
  return i + 1;
}

/** The text of finding N's card in report.md: from its anchor to the next one. */
function mdCard(md: string, n: number): string {
  const at = md.indexOf(`<a id="finding-${n}"></a>\n\n### ${n}. `);
  assert.ok(at >= 0, `no anchor for finding ${n}`);
  const next = md.indexOf('<a id="finding-', at + 1);
  return md.slice(at, next < 0 ? md.indexOf('\n## ', at) : next);
}

test('report.html: every in-page link to a finding points at a card that exists, and a cross-reference is such a link', async () => {
  const r = await incident();
  const html = renderHtml(r, { title: 't', charts: [] });
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  const targets = [...html.matchAll(/<a (?:class="[^"]*" )?href="#(finding-\d+)"/g)].map((m) => m[1]!);
  assert.ok(targets.length >= r.findings.length + 4, `${targets.length} links`);
  for (const t of targets) assert.ok(ids.has(t), `a link to #${t}, which no card has`);
  // compromised-account's what-to-do sends the reader to the queue cleanup: a link to that card, by number and name.
  const cleanup = numberOf(r, 'queue-cleanup');
  assert.equal(r.findings[cleanup - 1]!.rule, 'queue-cleanup');
  const card = html.slice(html.indexOf('id="finding-1"'), html.indexOf('id="finding-2"'));
  assert.match(card, new RegExp(`see <a href="#finding-${cleanup}" rel="noopener noreferrer">finding ${cleanup} \\(spam still in the queue\\)</a> \\(<code>queue-delete\\.txt</code>\\)`));
  // receivers-refusing's "the compromised-account and backscatter findings": two links.
  const refusing = numberOf(r, 'receivers-refusing');
  const refusingCard = html.slice(html.indexOf(`id="finding-${refusing}"`), html.indexOf(`id="finding-${refusing + 1}"`));
  assert.match(refusingCard, new RegExp(`<a href="#finding-${numberOf(r, 'compromised-account')}" rel="noopener noreferrer">finding \\d \\(compromised mail account\\)</a> and `
    + `<a href="#finding-${numberOf(r, 'backscatter')}" rel="noopener noreferrer">finding \\d \\(backscatter\\)</a>`));
  // No rule id of a finding of this report is left as a name in the prose of the cards.
  const prose = html.replace(/<code[^>]*>[\s\S]*?<\/code>|<pre[\s\S]*?<\/pre>/g, '');
  for (const f of r.findings) assert.doesNotMatch(prose, new RegExp(`the ${f.rule} findings?\\b|${f.rule} の検出事項`), f.rule);
  // report.md's anchors are not shown as text.
  assert.doesNotMatch(html, /&lt;a id=/);
});

test('report.md: an anchor before each finding, and the same links to it', async () => {
  const r = await incident();
  const md = renderMarkdown(r);
  r.findings.forEach((_, i) => assert.ok(md.includes(`\n<a id="finding-${i + 1}"></a>\n\n### ${i + 1}. [`), `anchor ${i + 1}`));
  const cleanup = numberOf(r, 'queue-cleanup');
  assert.ok(mdCard(md, 1).includes(`see [finding ${cleanup} (spam still in the queue)](#finding-${cleanup}) (\`queue-delete.txt\`).`), mdCard(md, 1));
  const flood = numberOf(r, 'queue-flood');
  assert.ok(mdCard(md, flood).includes(`Of the messages still queued, [finding ${cleanup} (spam still in the queue)](#finding-${cleanup}) lists the abuse`));
  // Every link goes to an anchor that exists; the summary's lines link to their findings.
  for (const m of md.matchAll(/\]\(#(finding-\d+)\)/g)) assert.ok(md.includes(`<a id="${m[1]}"></a>`), m[1]);
  assert.match(md, /^- \*\*CRITICAL\*\* Account info@example\.jp taken over .* \(\[finding 1\]\(#finding-1\)\)$/m);
});

test('Japanese: the same links, with the Japanese number and name', async () => {
  const r = await report([INCIDENT], { year: 2026, lang: 'ja' });
  const md = renderMarkdown(r);
  const cleanup = numberOf(r, 'queue-cleanup');
  assert.ok(mdCard(md, 1).includes(`[検出事項 ${cleanup}（キューに残るスパム）](#finding-${cleanup})（\`queue-delete.txt\`）を参照してください。`), mdCard(md, 1));
  assert.doesNotMatch(md.replace(/```[\s\S]*?```|`[^`]*`/g, ''), /queue-cleanup の検出事項|compromised-account の検出事項/);
  const html = renderHtml(r, { title: 't', charts: [] });
  assert.match(html, new RegExp(`<a href="#finding-${cleanup}" rel="noopener noreferrer">検出事項 ${cleanup}（キューに残るスパム）</a>`));
});

test('report.html: each severity count in the header links to the first card of its severity', async () => {
  const r = await incident();
  const html = renderHtml(r, { title: 't', charts: [] });
  const badges = [...html.matchAll(/<a class="badge sev-(\w+)" href="#finding-(\d+)">/g)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(badges.map(([s]) => s), ['critical', 'high', 'medium', 'low']);
  for (const [s, n] of badges) {
    assert.equal(r.findings[(n as number) - 1]!.severity, s);
    assert.ok(r.findings.slice(0, (n as number) - 1).every((f) => f.severity !== s), `${s}: not the first`);
  }
});

test('receivers-refusing: the delisting page of the block list that refused us is in the what-to-do text', async () => {
  const r = await incident();
  const f = r.findings[numberOf(r, 'receivers-refusing') - 1]!;
  assert.match(String(f.evidence.delisting), /Microsoft: `?https:\/\/sender\.office\.com/);
  assert.ok(f.fix!.includes('request delisting where the IP is listed'), f.fix);
  assert.ok(f.fix!.includes('\n- Microsoft: https://sender.office.com (delist request for the IP)'), f.fix);
  assert.doesNotMatch(f.fix!, /the `delisting` evidence names where/);
  const ja = await report([INCIDENT], { year: 2026, lang: 'ja' });
  const jf = ja.findings[numberOf(ja, 'receivers-refusing') - 1]!;
  assert.ok(jf.fix!.includes('\n- Microsoft: https://sender.office.com （IP の掲載解除を申請）'), jf.fix);
});

test('linkFindingRefs: code is left alone, a rule without a finding keeps its words, lists link each finding', () => {
  const refs = [{ n: 2, rule: 'queue-cleanup' }, { n: 5, rule: 'backscatter' }];
  assert.equal(linkFindingRefs('see the queue-cleanup finding.', refs, en), 'see [finding 2 (spam still in the queue)](#finding-2).');
  assert.equal(linkFindingRefs('see the open-relay finding.', refs, en), 'see the open-relay finding.');
  assert.equal(linkFindingRefs('stop it (the compromised-account and backscatter findings).', refs, en),
    'stop it ([finding 5 (backscatter)](#finding-5) and the compromised-account finding).');
  assert.equal(linkFindingRefs('`the queue-cleanup finding` and\n```\n# the queue-cleanup finding\n```', refs, en),
    '`the queue-cleanup finding` and\n```\n# the queue-cleanup finding\n```');
  assert.equal(linkFindingRefs('queue-cleanup の検出事項を参照', refs, ja), '[検出事項 2（キューに残るスパム）](#finding-2)を参照');
});
