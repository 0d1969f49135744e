// Overlay charts: before and after on one relative axis (hours since the start of each period), so that two periods
// of different dates and lengths can be read against each other. vega-lite specs that are pure functions of the
// comparison model, drawn to SVG by the report's charts' drawing half (render/chart-svg.ts: vega loaded lazily, or the
// chart thread). Kept apart from render/charts.ts (its internals are not a contract): only the look is shared.
//
// Black-and-white safe: "before" is a dashed grey line, "after" a solid dark blue one, the compromised accounts' spam
// (left out of the delivered chart, as the totals leave it out) a dotted red one. Titles, legends and axes are in the
// comparison's language (i18n/compare-*.ts), with its font.

import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, OverlayHour } from './model.js';
import type { ChartUnit, CompareMessages, OverlayChartCopy } from '../i18n/compare.js';
import { compareMessagesFor } from '../i18n/compare.js';
import { messagesFor } from '../i18n/index.js';
import { MUTED, chartConfig } from '../render/charts.js';
import { BIN_MINUTES } from '../render/time-bins.js';
import { drawCharts } from '../render/chart-svg.js';
import type { ChartDrawer } from '../render/chart-svg.js';

/** A chart to render: what render/charts.ts calls a chart spec, without fill patterns (lines are told apart by dashes). */
export interface OverlaySpec {
  id: string;
  title: string;
  description: string;
  /** Relative path of the SVG file in the output directory. */
  path: string;
  spec: TopLevelSpec;
  /** True when neither period had anything to plot: the spec draws a "no data" note. */
  empty: boolean;
}

export interface OverlayChart {
  id: string;
  title: string;
  description: string;
  path: string;
  empty: boolean;
  svg: string;
}

/** The look of every overlay chart: the report's (render/charts.ts), with line symbols in the legend. */
function config(font: string): object {
  return chartConfig(font, { symbolStrokeWidth: 2.5, symbolSize: 260, columnPadding: 18 });
}

const BIN_HOURS = [1, 2, 3, 6, 12, 24];
const MAX_POINTS = 96;
/** As the report's minute bins (render/time-bins.ts): at most 60 steps of 1, 2, 5, 10, 15 or 30 minutes. */
const MAX_MINUTE_POINTS = 60;

/**
 * The rows the charts draw and their step: minutes when both reports list them (logs of at most 12 hours: two
 * 10-minute logs were one point each by the hour), else hours. One step for both sides, from the longer one's span,
 * so that the two lines are read against each other.
 */
function chartScale(c: Comparison): { unit: ChartUnit; bin: number; rows: { before: OverlayHour[]; after: OverlayHour[] } } {
  if (c.minutely !== undefined) {
    const span = Math.max(c.minutely.before.length, c.minutely.after.length, 1);
    return { unit: 'minute', bin: BIN_MINUTES.find((b) => Math.ceil(span / b) <= MAX_MINUTE_POINTS) ?? 60, rows: c.minutely };
  }
  const span = Math.max(c.hourly.before.length, c.hourly.after.length, 1);
  return { unit: 'hour', bin: BIN_HOURS.find((b) => Math.ceil(span / b) <= MAX_POINTS) ?? 24 * Math.ceil(span / (24 * MAX_POINTS)), rows: c.hourly };
}

/** One line of a chart: a series name and its value per hour (null: no line, this side has nothing of it). */
interface Line { side: 'before' | 'after'; series: string; value: ((h: OverlayHour) => number) | null; color: string; dash: number[] }

interface Metric {
  id: string;
  copy: OverlayChartCopy;
  lines: Line[];
  /** A level (queue size) shows its last hour in a bin; a count its average per hour. */
  level?: boolean;
}

/** Black-and-white safe: before dashed grey, after solid dark blue; spam left out dotted, in red. */
const BEFORE = { side: 'before' as const, color: '#8a919b', dash: [6, 4] };
const AFTER = { side: 'after' as const, color: '#1f4e79', dash: [1, 0] };
const SPAM = { color: '#b42318', dash: [1, 3] };

/** Both sides have the arrival series (reports made by a version that writes them). */
function hasArrival(rows: { before: OverlayHour[]; after: OverlayHour[] }): boolean {
  return [...rows.before, ...rows.after].every((h) => h.deliveredByArrival != null && h.compromisedDelivered != null);
}

/**
 * Recipients delivered. Without a compromised account, every delivery line (status=sent) per hour. With one, as the
 * "compromised accounts left out" rows count: the legitimate delivery (by the hour each message arrived, the only
 * time a report places the spam at) and the spam apart, dotted; a report without the arrival series cannot take the
 * spam out, and the title says that it is included.
 */
function deliveredMetric(c: Comparison, rows: { before: OverlayHour[]; after: OverlayHour[] }, msg: CompareMessages, before: string, after: string): Metric {
  const id = 'compare-delivered-per-hour';
  const left = c.compromisedMail ?? { before: [], after: [] };
  if (left.before.length === 0 && left.after.length === 0) {
    return { id, copy: msg.charts.delivered, lines: [{ series: before, value: (h) => h.sent, ...BEFORE }, { series: after, value: (h) => h.sent, ...AFTER }] };
  }
  if (!hasArrival(rows)) {
    return { id, copy: msg.charts.deliveredSpamIncluded, lines: [{ series: before, value: (h) => h.sent, ...BEFORE }, { series: after, value: (h) => h.sent, ...AFTER }] };
  }
  const legit = (h: OverlayHour): number => h.deliveredByArrival! - h.compromisedDelivered!;
  const spam = (h: OverlayHour): number => h.compromisedDelivered!;
  const copy = msg.charts.deliveredLegitimate;
  return {
    id, copy, lines: [
      { series: before, value: legit, ...BEFORE }, { series: after, value: legit, ...AFTER },
      { side: 'before', series: copy.spam('before'), value: left.before.length > 0 ? spam : null, ...SPAM },
      { side: 'after', series: copy.spam('after'), value: left.after.length > 0 ? spam : null, ...SPAM, dash: [2, 2] },
    ],
  };
}

function metrics(c: Comparison, rows: { before: OverlayHour[]; after: OverlayHour[] }, msg: CompareMessages, before: string, after: string): Metric[] {
  const two = (value: (h: OverlayHour) => number): Line[] => [{ series: before, value, ...BEFORE }, { series: after, value, ...AFTER }];
  return [
    { id: 'compare-deferred-per-hour', copy: msg.charts.deferred, lines: two((h) => h.deferred) },
    { id: 'compare-auth-failures-per-hour', copy: msg.charts.authFailures, lines: two((h) => h.authFailures) },
    deliveredMetric(c, rows, msg, before, after),
    { id: 'compare-queue-size', copy: msg.charts.queue, lines: two((h) => h.queueSize), level: true },
  ];
}

const WIDE = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
/** Not at the start of a line (kinsoku): they stay with the text before them, a little past the width. */
const CLOSING = /[、。）」』，．]/;

/**
 * Subtitle lines of about `width` columns: at spaces; in a text with Japanese also between two wide characters (a
 * wide character takes two columns), never before a closing mark (、。）) and never inside an ASCII word.
 */
function wrap(text: string, width = 70): string[] {
  const lines: string[] = [];
  if (!WIDE.test(text)) {
    let line = '';
    for (const word of text.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '') lines.push(line);
    return lines;
  }
  let line = '';
  let cols = 0;
  let cut = -1; // the last place in `line` where it may break
  for (const ch of text) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (line !== '' && cols + w > width && !CLOSING.test(ch)) {
      const at = w === 2 || ch === ' ' || cut <= 0 ? line.length : cut;
      lines.push(line.slice(0, at).trimEnd());
      line = line.slice(at).trimStart();
      cols = [...line].reduce((x, c) => x + (WIDE.test(c) ? 2 : 1), 0);
      cut = -1;
    }
    line += ch;
    cols += w;
    if (w === 2 || ch === ' ') cut = line.length;
  }
  if (line.trim() !== '') lines.push(line.trim());
  return lines;
}

/** Points of one side: x = first hour (minute) of the bin since the period start, y = average per hour (minute) or last level. */
function points(rows: OverlayHour[], bin: number, m: Metric, value: (h: OverlayHour) => number, series: string): Array<{ x: number; value: number; series: string }> {
  const out: Array<{ x: number; value: number; series: string }> = [];
  for (let start = 0; start < rows.length; start += bin) {
    const slice = rows.slice(start, start + bin);
    const y = m.level ? value(slice[slice.length - 1]!) : slice.reduce((s, h) => s + value(h), 0) / slice.length;
    out.push({ x: start, value: Math.round(y * 100) / 100, series });
  }
  // A step line ends where its last step ends: repeat the last value at the end of the period.
  if (out.length > 0) out.push({ ...out[out.length - 1]!, x: rows.length });
  return out;
}

/** The overlay charts of a comparison, without rendering (and without loading vega). */
export function overlaySpecs(c: Comparison): OverlaySpec[] {
  const msg = compareMessagesFor(c.lang);
  const cfg = config(messagesFor(c.lang).charts.font);
  const { unit, bin, rows } = chartScale(c);
  const before = msg.charts.series('before', c.before.period.hours);
  const after = msg.charts.series('after', c.after.period.hours);
  return metrics(c, rows, msg, before, after).map((m) => {
    const description = m.copy.description(unit);
    const info = { id: m.id, title: m.copy.title, description, path: `charts/${m.id}.svg` };
    const lines = m.lines.filter((l) => l.value !== null);
    const values = lines.flatMap((l) => points(rows[l.side], bin, m, l.value!, l.series));
    if (values.every((v) => v.value === 0)) {
      return {
        ...info, empty: true,
        spec: {
          title: { text: m.copy.title, subtitle: wrap(description) }, width: 420, height: 70, config: cfg,
          data: { values: [{ text: m.copy.empty }] },
          mark: { type: 'text', fontSize: 13, color: MUTED, fontStyle: 'italic', align: 'left', baseline: 'middle' },
          encoding: { x: { value: 0 }, y: { value: 35 }, text: { field: 'text', type: 'nominal' } },
        } as TopLevelSpec,
      };
    }
    const domain = lines.map((l) => l.series);
    return {
      ...info, empty: false,
      spec: {
        title: { text: m.copy.title, subtitle: wrap(description) },
        width: 600, height: 200, config: cfg,
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, strokeJoin: 'round' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: msg.charts.xAxis(bin, unit), axis: { tickMinStep: 1, format: ',d' }, scale: { domainMin: 0, nice: false } },
          y: { field: 'value', type: 'quantitative', title: m.level ? msg.charts.yQueue : msg.charts.yCount(bin, unit), axis: { tickMinStep: 1 } },
          color: {
            field: 'series', type: 'nominal', sort: domain, scale: { domain, range: lines.map((l) => l.color) },
            ...(lines.length > 2 ? { legend: { labelLimit: 400 } } : {}),
          },
          strokeDash: { field: 'series', type: 'nominal', sort: domain, scale: { domain, range: lines.map((l) => l.dash) } },
        },
      } as TopLevelSpec,
    };
  });
}

/**
 * Renders the overlay charts to SVG (same comparison → same bytes), drawn by `draw`: on this thread (vega loads on the
 * first call), or on the chart thread (workers/chart-thread.ts). Drawn and tidied as the report's are
 * (render/chart-svg.ts): without fill patterns (lines are told apart by dashes), the <title> "title: description".
 */
export async function renderOverlayCharts(c: Comparison, draw: ChartDrawer = drawCharts): Promise<OverlayChart[]> {
  const font = messagesFor(c.lang).charts.font;
  const specs = overlaySpecs(c);
  const svgs = await draw(specs.map((s) => ({ id: s.id, title: s.title, description: s.description, spec: s.spec, patterns: [], font })));
  if (svgs.length !== specs.length) throw new Error(`internal error: ${svgs.length} charts drawn of ${specs.length}`);
  return specs.map((s, i) => ({ id: s.id, title: s.title, description: s.description, path: s.path, empty: s.empty, svg: svgs[i]! }));
}
