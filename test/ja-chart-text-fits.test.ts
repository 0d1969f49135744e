// Review AG15: vega sizes a chart's SVG by its own estimate of each text's width (0.8 em a character, as if Latin),
// short of Japanese, which is 1 em a character: the Japanese "no data" note of the attacking IPs chart ran 42 px past
// its SVG's right edge and was cut. Here each text of the charts, as drawn in the SVG (its place from the translates
// of its groups), is measured at the real widths of the report's fonts (a Japanese character 1 em, any other at most
// 0.62 em: Noto Sans, Hiragino, Yu Gothic) and must lie inside the SVG.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCharts } from '../src/render/charts.js';
import { ja } from '../src/i18n/ja.js';
import { emptyReport, incidentReport } from './fixtures/render/reports.js';
import type { RenderedChart } from '../src/render/charts.js';

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/;

/** The drawn width of a line of text at `size` px, at most: 1 em a Japanese character, 0.62 em any other. */
function drawnWidth(line: string, size: number): number {
  return [...line].reduce((w, ch) => w + (WIDE.test(ch) ? size : 0.62 * size), 0);
}

interface Placed { text: string; left: number; right: number }

/**
 * The texts of an SVG not turned (axis titles written upwards are left out), each line with its left and right edge:
 * its x plus the translates of the groups around it, its anchor, and drawnWidth.
 */
function placedTexts(svg: string): { width: number; texts: Placed[] } {
  const width = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
  const out: Placed[] = [];
  const stack: number[] = [0];
  // A group's start or end tag, or a whole text element.
  const tags = svg.matchAll(/<(\/?)g\b([^>]*)>|<text\b([^>]*)>([\s\S]*?)<\/text>/g);
  for (const [, close, groupAttrs, attrs, body] of tags) {
    if (groupAttrs !== undefined) {
      if (close) { stack.pop(); continue; }
      const dx = /transform="translate\(([-\d.]+)/.exec(groupAttrs);
      if (!groupAttrs.endsWith('/')) stack.push(stack[stack.length - 1]! + (dx ? Number(dx[1]) : 0));
      continue;
    }
    if (body === undefined || /rotate\(/.test(attrs!)) continue;
    const x = stack[stack.length - 1]! + Number(/transform="translate\(([-\d.]+)/.exec(attrs!)?.[1] ?? 0);
    const size = Number(/font-size="([\d.]+)px"/.exec(attrs!)?.[1] ?? 10);
    const anchor = /text-anchor="(\w+)"/.exec(attrs!)?.[1] ?? 'start';
    const lines = body.includes('<tspan') ? [...body.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!) : [body];
    for (const raw of lines) {
      const line = raw.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
      const w = drawnWidth(line, size);
      const left = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
      out.push({ text: line, left, right: left + w });
    }
  }
  return { width, texts: out };
}

function outside(charts: RenderedChart[]): string[] {
  return charts.flatMap((c) => {
    const { width, texts } = placedTexts(c.svg);
    return texts.filter((t) => t.left < -0.5 || t.right > width + 0.5)
      .map((t) => `${c.id}: "${t.text}" at ${t.left.toFixed(0)}–${t.right.toFixed(0)} in ${width} px`);
  });
}

test('Japanese charts without data: the note of each is inside its SVG (it was cut 42 px short on the attacking IPs chart)', async () => {
  const charts = await renderCharts(await emptyReport(), ja);
  assert.ok(charts.every((c) => c.empty));
  // The measure finds the note: the longest is on more than one line, each inside.
  const note = placedTexts(charts.find((c) => c.id === 'top-attacking-ips')!.svg).texts.filter((t) => /IP/.test(t.text) && /はありません/.test(t.text));
  assert.equal(note.length, 1, 'the attacking IPs note ends on its own line');
  assert.deepEqual(outside(charts), []);
});

test('Japanese and English charts of the incident: titles, legends, axis labels and bar labels are inside their SVGs', async () => {
  for (const msg of [undefined, ja]) {
    const charts = await renderCharts(await incidentReport(), msg);
    assert.ok(charts.length >= 6);
    assert.ok(charts.every((c) => placedTexts(c.svg).texts.length > 5), 'texts are found in every chart');
    assert.deepEqual(outside(charts), [], msg?.lang ?? 'en');
  }
});
