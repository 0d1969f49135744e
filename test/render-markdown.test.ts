import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../src/render/markdown.js';
import { chartList } from '../src/render/charts.js';
import { fixtureReport, golden, renderAll } from './fixtures/render/reports.js';

/** Cells of a Markdown table row: split on pipes that are not escaped. */
function cells(row: string): number {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).length;
}

test('report.md of the fixture report matches its golden file byte for byte', async () => {
  golden('report.md', renderMarkdown(await fixtureReport(), 'Fixture report'));
});

test('every Markdown table row has as many cells as its header, whatever the log text holds', async () => {
  const md = renderMarkdown(await fixtureReport());
  const lines = md.split('\n');
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
    tables++;
    const width = cells(lines[i]!);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
      assert.equal(cells(lines[j]!), width, `row ${j + 1} of the table at line ${i + 1}: ${lines[j]!.slice(0, 120)}`);
    }
  }
  assert.ok(tables >= 10, `expected the report's tables, found ${tables}`);
});

test('hostile values stay text in report.md: no raw HTML, no terminal escapes, no run-away cell', async () => {
  const md = renderMarkdown(await fixtureReport());
  // Outside code spans (where every renderer shows < as text), no raw HTML but our own anchors before the findings'
  // headings (review Z, Z22), each a line of its own: a "<" that could open a tag is escaped, "\<" (review Z, Z13:
  // "&lt;" read badly in a plain-text ticket).
  const anchors = md.match(/^<a id="finding-\d+"><\/a>$/gm) ?? [];
  assert.ok(anchors.length > 0);
  const prose = md.replace(/(`+)[^`][\s\S]*?\1/g, '').replace(/^<a id="finding-\d+"><\/a>$/gm, '');
  assert.doesNotMatch(prose, /(?:^|[^\\])(?:\\\\)*<[a-z/!]/im);
  assert.match(md, /`Nov 27 20:13:01 mail postfix\/smtpd\[1\]: weird �\[31mred�\[0m line from 198\.51\.100\.7 <img src=x onerror=alert\(1\)>`/);
  assert.ok(md.includes('\\<script>alert(1)\\</script>'));
  assert.ok(!md.includes('\u001b'), 'an ESC character reached report.md');
  assert.doesNotMatch(md, /\[click me\]\(http/, 'a link from log text would be live Markdown');
  assert.ok(!md.includes('u'.repeat(300)), 'the 10,000-character user name was not truncated');
});

test('the Charts section appears only when charts are given, and the rest of report.md is unchanged', async () => {
  const r = await fixtureReport();
  const plain = renderMarkdown(r, 'T');
  assert.equal(renderMarkdown(r, 'T', []), plain);
  assert.ok(!plain.includes('## Charts'));
  const withCharts = renderMarkdown(r, 'T', chartList(r));
  assert.match(withCharts, /## Charts\n\n.*\n\n- \[Delivery outcomes over time\]\(charts\/messages-per-hour\.svg\)\n/);
  const start = withCharts.indexOf('## Charts');
  const end = withCharts.indexOf('## Appendix');
  assert.equal(withCharts.slice(0, start) + withCharts.slice(end), plain);
});

test('the md renderer links charts/*.svg when html is rendered in the same run, and only then', async () => {
  const r = await fixtureReport();
  const alone = await renderAll(r, ['md']);
  assert.ok(!String(alone.find((f) => f.path === 'report.md')!.content).includes('charts/'));
  const r2 = await fixtureReport();
  const both = await renderAll(r2, ['md', 'html']);
  const md = String(both.find((f) => f.path === 'report.md')!.content);
  const svgs = both.filter((f) => f.path.startsWith('charts/')).map((f) => f.path);
  assert.ok(svgs.length >= 6);
  for (const p of svgs) assert.ok(md.includes(`](${p})`), `report.md does not link ${p}`);
});
