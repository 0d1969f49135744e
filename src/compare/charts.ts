// Overlay charts: before and after on one relative axis (hours since the start of each period), so that two periods
// of different dates and lengths can be read against each other. vega-lite specs that are pure functions of the
// comparison model, rendered to SVG with the same headless vega setup as the report's charts (render/charts.ts),
// loaded lazily. Kept apart from render/charts.ts (its internals are not a contract): only the look is shared.
//
// Black-and-white safe: "before" is a dashed grey line, "after" a solid dark blue one.

import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, OverlayHour } from './model.js';

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

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Noto Sans, Hiragino Sans, Noto Sans CJK JP, sans-serif';
const INK = '#1d2330';
const MUTED = '#5b6472';

const CONFIG = {
  aria: false,
  font: FONT,
  background: 'white',
  padding: 10,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 14, fontWeight: 600, color: INK, subtitleColor: MUTED, subtitleFontSize: 11, offset: 12 },
  axis: {
    labelColor: '#333', labelFontSize: 11, titleColor: INK, titleFontSize: 11, titleFontWeight: 600,
    gridColor: '#e6e8ec', domainColor: '#8a919b', tickColor: '#8a919b',
  },
  legend: { orient: 'top', direction: 'horizontal', title: null, labelFontSize: 11, labelColor: INK, symbolStrokeWidth: 2.5, symbolSize: 260, columnPadding: 18 },
  text: { color: INK, fontSize: 10 },
} as const;

const BIN_HOURS = [1, 2, 3, 6, 12, 24];
const MAX_POINTS = 96;

interface Metric {
  id: string;
  title: string;
  description: string;
  value: (h: OverlayHour) => number;
  /** A level (queue size) shows its last hour in a bin; a count its average per hour. */
  level?: boolean;
  empty: string;
}

const METRICS: Metric[] = [
  { id: 'compare-deferred-per-hour', title: 'Deferred delivery attempts, before and after', description: 'Deferred delivery attempts per hour, hours counted from the start of each period.', value: (h) => h.deferred, empty: 'No delivery was deferred in either period.' },
  { id: 'compare-auth-failures-per-hour', title: 'Authentication failures, before and after', description: 'Failed SMTP AUTH and IMAP/POP3 authentications per hour, hours counted from the start of each period.', value: (h) => h.authFailures, empty: 'No authentication failed in either period.' },
  { id: 'compare-delivered-per-hour', title: 'Recipients delivered, before and after', description: 'Recipients delivered (status=sent) per hour, hours counted from the start of each period.', value: (h) => h.sent, empty: 'No recipient was delivered in either period.' },
  { id: 'compare-queue-size', title: 'Queue size, before and after', description: 'Messages in the Postfix queue rebuilt from the log, hours counted from the start of each period.', value: (h) => h.queueSize, level: true, empty: 'The queue was empty throughout both periods.' },
];

function wrap(text: string, width = 70): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Points of one side: x = first hour of the bin since the period start, y = average per hour (or last level). */
function points(rows: OverlayHour[], bin: number, m: Metric, series: string): Array<{ x: number; value: number; series: string }> {
  const out: Array<{ x: number; value: number; series: string }> = [];
  for (let start = 0; start < rows.length; start += bin) {
    const slice = rows.slice(start, start + bin);
    const value = m.level ? m.value(slice[slice.length - 1]!) : slice.reduce((s, h) => s + m.value(h), 0) / slice.length;
    out.push({ x: start, value: Math.round(value * 100) / 100, series });
  }
  // A step line ends where its last step ends: repeat the last value at the end of the period.
  if (out.length > 0) out.push({ ...out[out.length - 1]!, x: rows.length });
  return out;
}

function hoursLabel(x: number): string {
  return `${x.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;
}

/** The overlay charts of a comparison, without rendering (and without loading vega). */
export function overlaySpecs(c: Comparison): OverlaySpec[] {
  const span = Math.max(c.hourly.before.length, c.hourly.after.length, 1);
  const bin = BIN_HOURS.find((b) => Math.ceil(span / b) <= MAX_POINTS) ?? 24 * Math.ceil(span / (24 * MAX_POINTS));
  const before = `Before (${hoursLabel(c.before.period.hours)})`;
  const after = `After (${hoursLabel(c.after.period.hours)})`;
  const per = bin === 1 ? 'per hour' : `per hour (average of ${bin}-hour periods)`;
  return METRICS.map((m) => {
    const info = { id: m.id, title: m.title, description: m.description, path: `charts/${m.id}.svg` };
    const values = [...points(c.hourly.before, bin, m, before), ...points(c.hourly.after, bin, m, after)];
    if (values.every((v) => v.value === 0)) {
      return {
        ...info, empty: true,
        spec: {
          title: { text: m.title, subtitle: wrap(m.description) }, width: 420, height: 70, config: CONFIG,
          data: { values: [{ text: m.empty }] },
          mark: { type: 'text', fontSize: 13, color: MUTED, fontStyle: 'italic', align: 'left', baseline: 'middle' },
          encoding: { x: { value: 0 }, y: { value: 35 }, text: { field: 'text', type: 'nominal' } },
        } as TopLevelSpec,
      };
    }
    const domain = [before, after];
    return {
      ...info, empty: false,
      spec: {
        title: { text: m.title, subtitle: wrap(m.description) },
        width: 600, height: 200, config: CONFIG,
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, strokeJoin: 'round' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: `Hours since the start of each period${bin === 1 ? '' : ` (${bin}-hour steps)`}`, axis: { tickMinStep: 1, format: ',d' }, scale: { domainMin: 0, nice: false } },
          y: { field: 'value', type: 'quantitative', title: m.level ? 'Messages in queue' : `Count ${per}`, axis: { tickMinStep: 1 } },
          color: { field: 'series', type: 'nominal', sort: domain, scale: { domain, range: ['#8a919b', '#1f4e79'] } },
          strokeDash: { field: 'series', type: 'nominal', sort: domain, scale: { domain, range: [[6, 4], [1, 0]] } },
        },
      } as TopLevelSpec,
    };
  });
}



function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : '&quot;'));
}

/**
 * Smaller, self-describing SVG, safe to inline several times in one page (as render/charts.ts does for the report):
 * numbers in attributes rounded to 0.01 px, one font-family on the root, a <title> and role="img" for screen readers.
 */
function tidy(svg: string, c: OverlaySpec): string {
  let s = svg.replace(/="([^"]*)"/g, (_m, v: string) => `="${v.replace(/-?\d+\.\d{3,}/g, (num) => String(Math.round(Number(num) * 100) / 100))}"`);
  s = s.replace(/<text[^>]*opacity="0"[^>]*>[^<]*<\/text>/g, '');
  s = s.split(` font-family="${FONT}"`).join('');
  const end = s.indexOf('>');
  const head = s.slice(0, end).replace('<svg ', `<svg role="img" aria-labelledby="${c.id}-title" font-family="${FONT}" `);
  return `${head}><title id="${c.id}-title">${escapeXml(`${c.title}: ${c.description}`)}</title>${s.slice(end + 1)}\n`;
}

/** Renders the overlay charts to SVG (same comparison → same bytes). vega and vega-lite load on the first call. */
export async function renderOverlayCharts(c: Comparison): Promise<OverlayChart[]> {
  const { vegaLiteToSvg } = await import('../render/charts.js');
  const out: OverlayChart[] = [];
  for (const s of overlaySpecs(c)) {
    const svg = await vegaLiteToSvg(s.spec);
    out.push({ id: s.id, title: s.title, description: s.description, path: s.path, empty: s.empty, svg: tidy(svg, s) });
  }
  return out;
}
