// Drawing a chart: its vega-lite spec compiled and rendered to SVG by vega's headless renderer (no canvas, no
// browser; DESIGN.md "Library facts"), then tidied (numbers rounded, pattern <defs> and a <title> added). This half of
// the charts knows nothing of the report or the languages (render/charts.ts makes the specs): the chart worker
// (workers/chart-worker.ts) loads only it and vega, and draws the same bytes as the main thread.

import { loadVegaBundles } from './vega-bundles.js';
import type { VegaLiteModule, VegaModule } from './vega-bundles.js';

/** The charts' default font-family (a language may give its own: i18n charts.font). */
export const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Noto Sans, Hiragino Sans, Noto Sans CJK JP, sans-serif';

export type PatternKind = 'solid' | 'diagonal' | 'cross' | 'stripes' | 'dots';
export interface PatternDef { id: string; kind: PatternKind; base: string; ink: string }

/**
 * What drawing a chart needs of it (render/charts.ts ChartSpec, compare's overlays): plain data, so that it crosses
 * to the chart worker as it is.
 */
export interface DrawableChart {
  id: string;
  title: string;
  description: string;
  spec: unknown;
  /** SVG patterns referenced by the spec as url(#id) fills, injected after rendering. */
  patterns: readonly PatternDef[];
  /** font-family of the spec's text (default FONT). */
  font?: string;
  /** The SVG <title> (default "title: description"). */
  alt?: string;
}

/** The share of a pattern's 6 × 6 tile its ink covers, times the ink's opacity (patternSvg's shapes). */
const INK_SHARE: Record<PatternKind, number> = {
  solid: 0,
  diagonal: (2 / 6) * 0.55,
  cross: (2 * 1.4 / 6 - (1.4 * 1.4) / 36) * 0.6,
  stripes: (2 / 6) * 0.6,
  dots: (Math.PI * 1.3 * 1.3) / 36,
};

/** `#rrggbb` of `base` with `share` of `ink` over it: the colour a pattern reads as from a distance. */
function blend(base: string, ink: string, share: number): string {
  const ch = (hex: string, i: number): number => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  let out = '#';
  for (let i = 0; i < 3; i++) out += Math.round(ch(base, i) * (1 - share) + ch(ink, i) * share).toString(16).padStart(2, '0');
  return out;
}

/**
 * Printed, each patterned bar becomes its pattern's average colour (review Z, Z12): Chromium's "Save as PDF" writes
 * a pattern fill out tile by tile for every bar, so the sample report's 595 patterned bars made a 12 MB PDF (5.7 MB
 * without the rotation, 13.6 MB with 12 px tiles; 0.37 MB with solid fills), over a ticket system's attachment limit.
 * The averages keep the series apart by lightness (sent dark, bounced middle, deferred light), which is what a
 * black-and-white print shows of the texture anyway.
 */
function printFills(patterns: readonly PatternDef[]): string {
  const rules = patterns.map((p) => `[fill="url(#${p.id})"]{fill:${blend(p.base, p.ink, INK_SHARE[p.kind])}}`);
  return `<style>@media print{${rules.join('')}}</style>`;
}

function patternSvg(p: PatternDef): string {
  const open = `<pattern id="${p.id}" patternUnits="userSpaceOnUse" width="6" height="6"`;
  const bg = `<rect width="6" height="6" fill="${p.base}"/>`;
  switch (p.kind) {
    case 'diagonal': return `${open} patternTransform="rotate(45)">${bg}<rect width="2" height="6" fill="${p.ink}" fill-opacity="0.55"/></pattern>`;
    case 'cross': return `${open} patternTransform="rotate(45)">${bg}<rect width="1.4" height="6" fill="${p.ink}" fill-opacity="0.6"/><rect width="6" height="1.4" fill="${p.ink}" fill-opacity="0.6"/></pattern>`;
    case 'stripes': return `${open}>${bg}<rect width="6" height="2" fill="${p.ink}" fill-opacity="0.6"/></pattern>`;
    case 'dots': return `${open}>${bg}<circle cx="3" cy="3" r="1.3" fill="${p.ink}"/></pattern>`;
    default: return `${open}>${bg}</pattern>`;
  }
}

let modules: Promise<[VegaModule, VegaLiteModule]> | null = null;

/**
 * Starts loading vega and vega-lite (idempotent); call early to overlap the load with other work. From their
 * single-file builds (vega-bundles.ts), else as modules.
 */
export function preloadChartLibraries(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.resolve().then(() => loadVegaBundles() ?? Promise.all([import('vega'), import('vega-lite')]));
  return modules;
}

const SILENT = {
  level(): number { return 0; },
  error(): unknown { return SILENT; },
  warn(): unknown { return SILENT; },
  info(): unknown { return SILENT; },
  debug(): unknown { return SILENT; },
};

/**
 * One vega-lite spec → SVG with vega's headless renderer (no canvas, no browser; DESIGN.md "Library facts").
 * Shared by the report charts and the compare overlays.
 */
export async function vegaLiteToSvg(spec: unknown): Promise<string> {
  const [vega, vl] = await preloadChartLibraries();
  const compiled = vl.compile(spec as never, { logger: SILENT as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One chart drawn and tidied: the SVG written to charts/<id>.svg and inlined in report.html. */
export async function drawChart(c: DrawableChart): Promise<string> {
  return tidySvg(await vegaLiteToSvg(c.spec), c);
}

/** Draws charts, one SVG each, in their order (render/index.ts ChartDrawer). */
export type ChartDrawer = (charts: readonly DrawableChart[]) => Promise<string[]>;

/** Draws the charts one after the other on this thread: the chart worker's work, and the main thread's without it. */
export async function drawCharts(charts: readonly DrawableChart[]): Promise<string[]> {
  const svgs: string[] = [];
  for (const c of charts) svgs.push(await drawChart(c));
  return svgs;
}

/**
 * Makes vega's SVG smaller, self-describing and safe to inline several times in one HTML page: numbers rounded to
 * 0.01 px inside attributes, hidden (overlapping) axis labels dropped, pattern <defs> injected, and a <title> plus
 * role="img" for screen readers.
 */
export function tidySvg(svg: string, c: DrawableChart): string {
  let s = svg.replace(/="([^"]*)"/g, (_m, v: string) => `="${v.replace(/-?\d+\.\d{3,}/g, (num) => String(Math.round(Number(num) * 100) / 100))}"`);
  s = s.replace(/<text[^>]*opacity="0"[^>]*>[^<]*<\/text>/g, '');
  // Vega's own English words for the title and subtitle ("Title text '配送結果の推移'" in a Japanese chart, review AP,
  // AP11): the <svg> is role="img", labelled by its <title> below, in the report's language.
  s = s.replace(/ aria-label="(?:Title|Subtitle) text '[^"]*'"/g, '').replace(/ aria-roledescription="(?:sub)?title"/g, '');
  // One font-family on the root instead of on every <text> (inherited): a third of the bytes of a bar chart.
  const font = c.font ?? FONT;
  s = s.split(` font-family="${font}"`).join('');
  const end = s.indexOf('>');
  const head = s.slice(0, end).replace('<svg ', `<svg role="img" aria-labelledby="${c.id}-title" font-family="${font}" `);
  const defs = c.patterns.length > 0 ? `<defs>${printFills(c.patterns)}${c.patterns.map(patternSvg).join('')}</defs>` : '';
  return `${head}><title id="${c.id}-title">${escapeXml(c.alt ?? `${c.title}: ${c.description}`)}</title>${defs}${s.slice(end + 1)}\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : '&quot;'));
}
