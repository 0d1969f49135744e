// Charts: vega-lite specs that are pure functions of the report model, rendered to SVG in Node with vega's headless
// renderer (no canvas, no browser). vega and vega-lite are imported lazily (a few hundred ms): runs that write no
// chart never load them.
//
// Every chart must read in black and white (printed tickets, faxed PDFs): series differ by SVG pattern (hatch,
// cross-hatch, stripes, dots) and by lightness, not only by hue, and bars carry direct value labels where they fit.
// Same report → byte-identical SVG: no random ids, no clock, numbers rounded, UTC-only time formatting.

import type { TopLevelSpec } from 'vega-lite';
import type { MinuteRow, Report } from '../report/model.js';
import type { TimeBin, TimeScale } from './time-bins.js';
import { logSpanMinutes, minuteIndex, minuteText, reportTimeScale } from './time-bins.js';
import { stripControls } from './escape.js';
import type { Messages } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import { tableWordsFor } from '../i18n/table-words.js';
import { cutWords } from './cut-words.js';
import { FONT, drawCharts } from './chart-svg.js';
import type { ChartDrawer, PatternDef, PatternKind } from './chart-svg.js';

// The drawing half (vega), for the callers that drew through this module.
export { preloadChartLibraries, tidySvg, vegaLiteToSvg } from './chart-svg.js';
export type { PatternDef } from './chart-svg.js';
export { minuteBins, timeBins } from './time-bins.js';

export interface ChartInfo {
  id: string;
  title: string;
  /** One sentence for captions and alt text. */
  description: string;
  /** Relative path of the SVG file in the output directory. */
  path: string;
}

export interface ChartSpec extends ChartInfo {
  spec: TopLevelSpec;
  /** SVG patterns referenced by the spec as url(#id) fills, injected after rendering. */
  patterns: PatternDef[];
  /** True when the report had nothing to plot: the spec draws a "no data" note. */
  empty: boolean;
  /** font-family of the spec's text (default FONT). */
  font?: string;
  /** The SVG <title> (default "title: description"). */
  alt?: string;
}

export interface RenderedChart extends ChartInfo {
  svg: string;
  empty: boolean;
}

/** The charts in report order, without rendering (and without loading vega). */
export function chartList(r: Report, messages?: Messages): ChartInfo[] {
  return chartSpecs(r, messages).map(({ id, title, description, path }) => ({ id, title, description, path }));
}

// ---------------------------------------------------------------------------------------------------------
// Look: fonts and fills
// ---------------------------------------------------------------------------------------------------------

export const INK = '#1d2330';
export const MUTED = '#5b6472';


/**
 * Fills ordered so that neighbours in a stack differ in lightness *and* texture. A solid fill is a plain colour;
 * the others become `url(#<chart>-<name>)`, defined in the SVG's <defs>.
 */
const FILLS = {
  sent: { kind: 'solid', base: '#2b5d8a', ink: '#2b5d8a' },
  deferred: { kind: 'diagonal', base: '#f6c869', ink: '#7a5200' },
  bounced: { kind: 'cross', base: '#e39a8f', ink: '#7a1f12' },
  rejected: { kind: 'stripes', base: '#d4d7dc', ink: '#3d434c' },
  dovecot: { kind: 'dots', base: '#c7b9e2', ink: '#3b2a63' },
  neutral: { kind: 'solid', base: '#56697e', ink: '#56697e' },
} as const satisfies Record<string, { kind: PatternKind; base: string; ink: string }>;
type FillName = keyof typeof FILLS;

function fill(chart: string, name: FillName, used: PatternDef[]): string {
  const f = FILLS[name];
  if (f.kind === 'solid') return f.base;
  const id = `${chart}-${name}`;
  if (!used.some((p) => p.id === id)) used.push({ id, kind: f.kind, base: f.base, ink: f.ink });
  return `url(#${id})`;
}

/**
 * The look every chart shares, the report's and compare's; `legend` and `marks` (bar, line …) are each kind's own.
 * The font is the language's (i18n charts.font).
 */
export function chartConfig(font: string, legend: object, marks: object = {}): object {
  return {
    // No per-mark aria-label attributes: they double the size of a bar chart. The HTML figure carries the text.
    aria: false,
    font,
    background: 'white',
    padding: 10,
    view: { stroke: null },
    title: { anchor: 'start', fontSize: 14, fontWeight: 600, color: INK, subtitleColor: MUTED, subtitleFontSize: 11, offset: 12 },
    axis: {
      labelColor: '#333', labelFontSize: 11, titleColor: INK, titleFontSize: 11, titleFontWeight: 600,
      gridColor: '#e6e8ec', domainColor: '#8a919b', tickColor: '#8a919b',
    },
    legend: { orient: 'top', direction: 'horizontal', title: null, labelFontSize: 11, labelColor: INK, ...legend },
    ...marks,
    text: { color: INK, fontSize: 10 },
  };
}

/**
 * Without a canvas, vega estimates a label's width from its length as if every character were Latin (0.8 em): a
 * Japanese label is a fifth wider than that, and its legend entry ran into the next one. More room between them.
 * The same estimate cut "Compromised account, since the guess" (36 characters, estimated 317 px, drawn in about 210)
 * at a limit of 280 (review 12 L2): legend labels may take 400.
 */
const configFor = (msg: Messages): object => chartConfig(
  msg.charts.font,
  {
    symbolType: 'square', symbolSize: 160, labelLimit: 400, symbolStrokeColor: '#333', symbolStrokeWidth: 0.6,
    columnPadding: msg.lang === 'ja' ? 30 : 14,
  },
  { bar: { stroke: '#333', strokeWidth: 0.4 } },
);

// ---------------------------------------------------------------------------------------------------------
// Time axis
// ---------------------------------------------------------------------------------------------------------

/**
 * Subtitle line length (characters; a wide one counts two): a line fits the 340 px a phone shows of a chart, which
 * keeps its native size and scrolls sideways there (review Z, Z14).
 */
const SUBTITLE_CHARS = 54;

/** Axis title, label subset (every k-th bin, so labels never overlap) and bar geometry for an ordinal time axis. */
function timeAxis(r: Report, bins: Array<TimeBin<unknown>>, minutes: number, msg: Messages): { x: Record<string, unknown>; step: number; bar: Record<string, unknown>; barShare: number } {
  const n = bins.length;
  // Few bins: a readable minimum width with fixed-width bars (one hour is not a 400-pixel slab); many: thin bars.
  const step = n <= 8 ? Math.floor(Math.max(300, n * 64) / n) : n <= 24 ? 32 : Math.max(7, Math.floor(880 / n));
  const bar = n <= 8 ? { width: 44 } : {};
  const every = Math.max(1, Math.ceil(78 / step));
  const values = bins.filter((_, i) => i % every === 0).map((b) => b.label);
  const title = msg.charts.timeAxis(minutes, msg.charts.zone(r.period.timezone));
  // "11-25 06:00", then "14:00", "22:00", "11-26 06:00": the date only where it changes.
  const dated = values.filter((v, i) => i === 0 || v.slice(0, 5) !== values[i - 1]!.slice(0, 5));
  const labelExpr = `indexof([${dated.map((v) => JSON.stringify(v)).join(',')}], datum.value) >= 0 ? datum.value : slice(datum.value, 6)`;
  const slanted = values.length > 8;
  return {
    step, bar, barShare: n <= 8 ? 44 / (step * 0.8) : 1,
    x: {
      field: 'bin', type: 'ordinal', sort: null, title,
      // The domain given, not taken from the data: the event rules' layers share the scale and must not reorder it.
      scale: { domain: bins.map((b) => b.label), paddingInner: 0.2, paddingOuter: 0.1 },
      axis: { values, labelExpr, labelAngle: slanted ? -40 : 0, labelAlign: slanted ? 'right' : 'center', labelPadding: 4 },
    },
  };
}

function sum<R>(rows: R[], f: (h: R) => number): number {
  return rows.reduce((s, h) => s + f(h), 0);
}

// ---------------------------------------------------------------------------------------------------------
// The charts
// ---------------------------------------------------------------------------------------------------------

/** Chart label text: no control characters, no run-away length (a 10,000-character user name). */
function label(s: string, max = 40): string {
  const t = stripControls(s);
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

const WIDE = '\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
const HAS_WIDE = new RegExp(`[${WIDE}]`);
/**
 * Japanese line breaking, simplified: a wide character is a word, a run of katakana too ("アカウント", "パスワード":
 * never cut); opening brackets stay with what follows, closing ones and 、。・ with what precedes.
 */
const WIDE_TOKENS = new RegExp(`[（「『［]*(?:[ァ-ヺー]+|[${WIDE}]|[^\\s${WIDE}]+)[、。，．・）」』］：！？]*|\\s+`, 'gu');
const HIRAGANA_END = /[ぁ-ゖ]$/;
const HIRAGANA_START = /^[ぁ-ゖゝゞー]/;
const PUNCT_END = /[、。・，．）」』］：！？:;,.]$/;
const COMMA_END = /[、。・，．]$/;
const KANJI_START = /^[\u3400-\u9fff]/;
const STEM_END = /[いきしちひみりぎじびぴ]$/;
/**
 * Subtitle lines of at most `width` characters. vega measures text without a font (0.8 × size per character, about
 * 1.5 × the real width), so a long one-line subtitle would make the SVG far wider than its plot. Wide (CJK)
 * characters count as two and lines may break between them.
 */
export function wrap(text: string, width = 62): string[] {
  if (HAS_WIDE.test(text)) return wrapWide(text, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * How good a break is before token `i` of `tokens` (`next` when i is their length): 3 after punctuation (、。・,
 * closing brackets) or at a space between words; 2 between a particle or okurigana (hiragana) and the next word
 * (kanji, katakana, Latin: "利用者自身の|メール"); 1 between two other words (and at a space inside a Latin phrase,
 * after a verb stem: "積み|上げ"); 0 inside a word ("時間帯ご|とに"), before
 * a particle ("SMTP |での", "IP |の数") and between a number and its counter ("15 |件", "1 |回").
 */
function breakScore(tokens: string[], i: number, next: string): number {
  const before = tokens[i - 1]!;
  const after = i < tokens.length ? tokens[i]! : next;
  if (before.trim() === '') {
    const word = tokens[i - 2] ?? '';
    if (HIRAGANA_START.test(after) || (/\d$/.test(word) && KANJI_START.test(after))) return 0;
    // Inside a Latin phrase ("SMTP AUTH", "Relay access denied") only when nothing better is there.
    return /[A-Za-z0-9]$/.test(word) && /^[A-Za-z0-9]/.test(after) ? 1 : 3;
  }
  if (COMMA_END.test(before)) return 3;
  // A particle stays with the word before it, a closing bracket too ("「Relay access denied」|の中継").
  if (HIRAGANA_START.test(after) || (/\d$/.test(before) && KANJI_START.test(after))) return 0;
  if (PUNCT_END.test(before)) return 3;
  // A verb stem in -i before kanji is a compound verb ("積み上げ", "置き換え"), not the end of a phrase.
  if (HIRAGANA_END.test(before)) return STEM_END.test(before) && KANJI_START.test(after) ? 1 : 2;
  return 1;
}

function wrapWide(text: string, width: number): string[] {
  const size = (s: string): number => [...s].reduce((n, ch) => n + (HAS_WIDE.test(ch) ? 2 : 1), 0);
  const lines: string[] = [];
  let line: string[] = [];
  const flush = (tokens: string[]): void => { const l = tokens.join('').trim(); if (l !== '') lines.push(l); };
  for (const token of text.match(WIDE_TOKENS) ?? []) {
    const blank = token.trim() === '';
    if (line.length === 0 && blank) continue;
    if (!blank && line.length > 0 && size(line.join('').trimEnd()) + size(token) > width) {
      // The best break in the last half of the line (the rightmost of the best kind); before the token when
      // nothing better is there.
      let cut = line.length;
      let best = breakScore(line, line.length, token);
      for (let i = line.length - 1; i > 0 && size(line.slice(0, i).join('')) >= width * 0.5; i--) {
        const score = breakScore(line, i, token);
        if (score > best) { best = score; cut = i; }
      }
      flush(line.slice(0, cut));
      line = line.slice(cut);
      while (line.length > 0 && line[0]!.trim() === '') line.shift();
    }
    line.push(blank ? ' ' : token);
  }
  flush(line);
  return lines;
}

function base(id: string, title: string, description: string): ChartInfo {
  return { id, title, description, path: `charts/${id}.svg` };
}

/** Font and SVG title of a chart in the report's language (left out when they are the defaults). */
function look(info: ChartInfo, msg: Messages): Pick<ChartSpec, 'font' | 'alt'> {
  return msg.charts.font === FONT ? {} : { font: msg.charts.font, alt: msg.charts.alt(info.title, info.description) };
}

/**
 * The lines of a chart's "no data" note, within its 420 px: vega sizes the SVG by its estimate of the text (0.8 em a
 * character), which is short of a Japanese line (1 em a character): "ログインに失敗した、または不正な中継を試みた
 * クライアント IP はありません。" drew 482 px wide in an SVG of 440, its end cut off (review AG15). A wide character
 * counts two: 60 is 390 px of Japanese at 13 px; an English line of 60 is within the estimate's width.
 */
const NO_DATA_CHARS = 60;

function noData(info: ChartInfo, why: string, msg: Messages): ChartSpec {
  const lines = wrap(why, NO_DATA_CHARS);
  return {
    ...info, empty: true, patterns: [], ...look(info, msg),
    spec: {
      title: { text: info.title, subtitle: wrap(info.description, SUBTITLE_CHARS) },
      width: 420, height: 70, config: configFor(msg),
      data: { values: [{ text: lines.length > 1 ? lines : why }] },
      mark: { type: 'text', fontSize: 13, color: MUTED, fontStyle: 'italic', align: 'left', baseline: 'middle' },
      encoding: { x: { value: 0 }, y: { value: 35 }, text: { field: 'text', type: 'nominal' } },
    } as TopLevelSpec,
  };
}

interface Series<R> { name: string; fill: FillName; value: (h: R) => number }

/** What the charts drawn from report.minutely show: the fields an hour row and a minute row both have. */
type ChartRow = Pick<MinuteRow, 'sent' | 'bounced' | 'expired' | 'rejected' | 'deferred' | 'authFailures' | 'mailboxLoginFailures'
  | 'deliveredByArrival' | 'compromisedDeliveredByArrival'>;

/** Stacked bars over the time axis, with a total label on each bar when bars are wide enough. */
function stackedTimeChart<R>(r: Report, info: ChartInfo, scale: TimeScale<R>, series: Array<Series<R>>, yTitle: (per: string) => string, emptyWhy: string, msg: Messages, events: ChartEvent[]): ChartSpec {
  const { minutes, bins } = scale;
  const values: Array<Record<string, string | number>> = [];
  for (const b of bins) series.forEach((s, i) => values.push({ bin: b.label, series: s.name, order: i, value: sum(b.rows, s.value) }));
  if (values.every((v) => v.value === 0)) return noData(info, emptyWhy, msg);
  const patterns: PatternDef[] = [];
  const { x, step, bar, barShare } = timeAxis(r, bins, minutes, msg);
  const places = eventPlaces(events, bins, minutes, barShare);
  const color = {
    field: 'series', type: 'nominal', sort: series.map((s) => s.name),
    scale: { domain: series.map((s) => s.name), range: series.map((s) => fill(info.id, s.fill, patterns)) },
    legend: series.length > 1 ? { ...(bins.length <= 8 ? { columns: 2 } : {}), ...legendOffset(places) } : null,
  };
  const layers: unknown[] = [{
    mark: { type: 'bar', ...bar },
    encoding: { x, y: { field: 'value', type: 'quantitative', stack: 'zero', title: yTitle(msg.charts.perBin(minutes)), axis: { format: ',d', tickMinStep: 1 } }, color, order: { field: 'order' } },
  }];
  if (step >= 30) {
    layers.push({
      mark: { type: 'text', dy: -5, baseline: 'bottom', fontWeight: 600 },
      encoding: {
        x, y: { field: 'value', type: 'quantitative', aggregate: 'sum' },
        text: { field: 'value', type: 'quantitative', aggregate: 'sum', format: ',d' },
      },
    });
  }
  const marks = eventLayers(places, 220, true, step >= 30 ? binTotals(values) : null);
  layers.unshift(...marks.rules);
  layers.push(...marks.labels);
  return {
    ...info, empty: false, patterns, ...look(info, msg),
    spec: {
      title: { text: info.title, subtitle: wrap(info.description, bins.length <= 8 ? 46 : SUBTITLE_CHARS) },
      width: { step }, height: 220, config: configFor(msg),
      data: { values },
      layer: layers,
    } as TopLevelSpec,
  };
}

interface BarRow { label: string; series: string; order: number; value: number; total: number; note: string }

/** Horizontal bars, one row per subject, stacked by series, with the total (and a note) printed after each bar. */
function horizontalChart(info: ChartInfo, rows: BarRow[], series: Array<{ name: string; fill: FillName }>, xTitle: string, yTitle: string | null, msg: Messages, labelLimit = 220): ChartSpec {
  const patterns: PatternDef[] = [];
  const subjects = [...new Set(rows.map((x) => x.label))];
  const y = { field: 'label', type: 'nominal', sort: subjects, title: yTitle, axis: { labelLimit, labelFontSize: 11 } };
  const color = {
    field: 'series', type: 'nominal', sort: series.map((s) => s.name),
    scale: { domain: series.map((s) => s.name), range: series.map((s) => fill(info.id, s.fill, patterns)) },
    legend: series.length > 1 ? {} : null,
  };
  const totals = subjects.map((s) => rows.find((x) => x.label === s)!);
  const max = Math.max(...totals.map((t) => t.total));
  return {
    ...info, empty: false, patterns, ...look(info, msg),
    spec: {
      title: { text: info.title, subtitle: wrap(info.description, SUBTITLE_CHARS) },
      width: 520, height: { step: 22 }, config: configFor(msg),
      layer: [
        {
          data: { values: rows },
          mark: { type: 'bar', height: { band: 0.72 } },
          encoding: {
            y, color, order: { field: 'order' },
            x: { field: 'value', type: 'quantitative', stack: 'zero', title: xTitle, axis: { format: ',d', tickMinStep: 1 }, scale: { domainMax: max * 1.32 } },
          },
        },
        {
          data: { values: totals },
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10.5 },
          encoding: { y, x: { field: 'total', type: 'quantitative' }, text: { field: 'note', type: 'nominal' } },
        },
      ],
    } as TopLevelSpec,
  };
}

export function chartSpecs(r: Report, messages?: Messages): ChartSpec[] {
  const msg = messages ?? messagesFor(r.lang);
  const t = msg.charts;
  const fmt = msg.num;
  const out: ChartSpec[] = [];

  const events = chartEvents(r, msg);
  // A log of at most 12 hours in bins of minutes (report.minutely), a longer one in hours (time-bins.ts).
  const scale = reportTimeScale(r) as TimeScale<ChartRow & { queueSize: number; queuePeak?: number }>;
  const span = logSpanMinutes(r);
  const binned = (info: ChartInfo): ChartInfo => (span === null ? info : { ...info, description: `${info.description} ${t.minuteBins(scale.minutes, span)}` });
  const d = t.deliveries;
  // Recipients (final outcomes) apart from SMTP rejects; deferred attempts, retries of the same recipients, are the
  // next chart's (review Z, Z14: recipients plus retries is no quantity).
  out.push(panelTimeChart(r, binned(base('messages-per-hour', d.title, d.description)), scale, [
    {
      yTitle: d.y,
      series: [
        { name: d.sent, fill: 'sent', value: (h) => h.sent },
        { name: d.bounced, fill: 'bounced', value: (h) => h.bounced + h.expired },
      ],
    },
    { yTitle: d.yRejected, series: [{ name: d.rejected, fill: 'rejected', value: (h) => h.rejected }] },
  ], d.empty, msg, events));

  // With a compromised account: its spam over time, apart from the users' own mail (report.json hourly[]
  // deliveredByArrival, compromisedDeliveredByArrival; by the hour, or the minute, each message arrived, which both share).
  if (r.hourly.some((h) => (h.compromisedDeliveredByArrival ?? 0) > 0)) {
    const c = t.compromisedDelivered;
    out.push(stackedTimeChart(r,
      binned(base('compromised-delivered-per-hour', c.title, c.description)), scale,
      [
        { name: c.legitimate, fill: 'sent', value: (h) => (h.deliveredByArrival ?? 0) - (h.compromisedDeliveredByArrival ?? 0) },
        { name: c.spam, fill: 'bounced', value: (h) => h.compromisedDeliveredByArrival ?? 0 },
      ],
      c.y, c.empty, msg, events));
  }

  out.push(deferralAuthChart(r, msg, events, scale, binned));

  const q = t.queue;
  const queueLevel = (h: { queueSize: number; queuePeak?: number }): number => h.queuePeak ?? h.queueSize;
  out.push(stackedTimeChart(r,
    binned(base('queue-size', q.title, q.description)), scale,
    [{ name: q.series, fill: 'neutral', value: queueLevel }],
    () => q.y, q.empty, msg, events));
  // The queue is a level, not a count: a bin shows its highest level (an hour's peak, a minute's end), not the sum.
  fixQueueLevels(out[out.length - 1]!, scale, queueLevel, q.series);

  const u = t.users;
  const usersInfo = base('top-sasl-users', u.title, u.description);
  const users = r.bySaslUser.filter((x) => x.messages > 0).slice(0, 10);
  out.push(users.length === 0 ? noData(usersInfo, u.empty, msg) : horizontalChart(usersInfo,
    users.map((x) => ({
      label: label(x.key), series: u.series, order: 0, value: x.messages, total: x.messages,
      note: u.note(x.messages, x.clientIps),
    })),
    [{ name: u.series, fill: 'sent' }], u.x, u.y, msg));

  const p = t.ips;
  const ipsInfo = base('top-attacking-ips', p.title, p.description);
  // Chosen among all IPs when the report was built (report.topAttackingIps), not among the rows left after --top:
  // byClientIp is sorted by activity, and its first rows are inbound mail servers and the office. Aborted AUTH counts
  // with the failures, as in the sasl-bruteforce finding's top IPs (one figure per IP); "Relay access denied" is a
  // probe, while other rejects ("User unknown" from a mail server forwarding a typo) are not an attack.
  const ips = (r.topAttackingIps ?? r.byClientIp)
    .map((c) => ({ c, total: c.authFailures + c.authAborted + c.mailboxLoginFailures + (c.relayDenied ?? 0) }))
    .filter((x) => x.total > 0)
    .sort((a, b) => b.total - a.total || (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : 0))
    .slice(0, 15);
  const ipSeries = [
    { name: p.smtpAuth, fill: 'bounced' as const, value: (c: typeof ips[number]['c']) => c.authFailures + c.authAborted },
    { name: p.mailbox, fill: 'dovecot' as const, value: (c: typeof ips[number]['c']) => c.mailboxLoginFailures },
    { name: p.relayDenied, fill: 'rejected' as const, value: (c: typeof ips[number]['c']) => c.relayDenied ?? 0 },
  ];
  out.push(ips.length === 0 ? noData(ipsInfo, p.empty, msg) : horizontalChart(ipsInfo,
    ips.flatMap(({ c, total }) => ipSeries.map((s, i) => ({
      label: label(c.key, 45), series: s.name, order: i, value: s.value(c), total, note: fmt(total),
    }))),
    ipSeries, p.x, p.y, msg));

  out.push(deferralChart(r, msg));

  return out;
}

/** Bars of the deferral chart. */
const DEFERRAL_BARS = 8;

/**
 * The most frequent deferral causes, grouped by receiver and cause as the Deferral reasons table groups them (review
 * Z, Z27: the raw reasons made Yahoo's one TSS04 rate limit 8 bars of its hosts, with and without Postfix's "delivery
 * temporarily suspended:"). A report made before the causes were grouped (no deferralCauses) draws its reasons.
 * The file keeps its name (charts/top-deferral-reasons.svg): README.txt and older links name it.
 */
function deferralChart(r: Report, msg: Messages): ChartSpec {
  const t = msg.charts;
  const words = tableWordsFor(msg.lang);
  if (r.deferralCauses === undefined) {
    const info = base('top-deferral-reasons', t.reasons.title, t.reasons.description);
    const reasons = r.deferralReasons.filter((x) => x.count > 0).slice(0, DEFERRAL_BARS);
    return reasons.length === 0 ? noData(info, t.reasons.empty, msg) : reasonChart(info,
      reasons.map((x, i) => ({ label: `${i + 1}. ${x.dsn ? x.dsn + ' ' : ''}${label(x.reason, 96)}`, value: x.count })), msg);
  }
  const info = base('top-deferral-reasons', t.causes.title, t.causes.description);
  const causes = r.deferralCauses.filter((x) => x.count > 0).slice(0, DEFERRAL_BARS);
  return causes.length === 0 ? noData(info, t.reasons.empty, msg) : reasonChart(info,
    causes.map((x, i) => ({
      label: `${i + 1}. ${label(words.causeLine(x.receiver, x.cause, cutWords(x.detail, 80)) + (x.code !== '' ? ` (${x.code})` : ''), 96)}`,
      value: x.count,
    })), msg);
}

/** Long labels (reasons) printed above their bar, left-aligned: no axis label truncation, no wasted margin. */
function reasonChart(info: ChartInfo, rows: Array<{ label: string; value: number }>, msg: Messages): ChartSpec {
  const patterns: PatternDef[] = [];
  const values = rows.map((x, i) => ({ ...x, key: String(i), note: msg.num(x.value) }));
  const max = Math.max(...rows.map((x) => x.value));
  const y = { field: 'key', type: 'nominal', sort: null, axis: null };
  const x = { field: 'value', type: 'quantitative', title: msg.charts.reasons.x, axis: { format: ',d', tickMinStep: 1 }, scale: { domainMax: max * 1.12 } };
  return {
    ...info, empty: false, patterns, ...look(info, msg),
    spec: {
      title: { text: info.title, subtitle: wrap(info.description, SUBTITLE_CHARS) },
      width: 640, height: { step: 38 }, config: configFor(msg), data: { values },
      layer: [
        { mark: { type: 'bar', height: 13, yOffset: 8 }, encoding: { y, x, color: { value: fill(info.id, 'deferred', patterns) } } },
        { mark: { type: 'text', align: 'left', baseline: 'bottom', yOffset: 0, fontSize: 11 }, encoding: { y, x: { value: 0 }, text: { field: 'label', type: 'nominal' } } },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, yOffset: 8, fontSize: 10.5, fontWeight: 600 }, encoding: { y, x: { field: 'value', type: 'quantitative' }, text: { field: 'note', type: 'nominal' } } },
      ],
    } as TopLevelSpec,
  };
}

/** Deferral attempts (top panel) and authentication failures (bottom panel) on one time axis, each with its own scale. */
function deferralAuthChart(r: Report, msg: Messages, events: ChartEvent[], scale: TimeScale<ChartRow>, binned: (info: ChartInfo) => ChartInfo): ChartSpec {
  const t = msg.charts.deferralsAuth;
  return panelTimeChart(r, binned(base('deferrals-and-auth-failures-per-hour', t.title, t.description)), scale, [
    { yTitle: t.yDeferred, series: [{ name: t.deferred, fill: 'deferred', value: (h) => h.deferred }] },
    {
      yTitle: t.yAuth,
      series: [
        { name: t.smtpAuth, fill: 'bounced', value: (h) => h.authFailures },
        // IMAP/POP3 logins only: dovecotAuthFailures also holds Dovecot's check of every SMTP AUTH attempt when Postfix
        // authenticates through Dovecot (smtpd_sasl_type = dovecot), which the SMTP series already counts.
        { name: t.mailbox, fill: 'dovecot', value: (h) => h.mailboxLoginFailures ?? 0 },
      ],
    },
  ], t.empty, msg, events);
}

interface Panel<R> { yTitle: (per: string) => string; series: Array<Series<R>> }

/**
 * Panels one under the other on one time axis, each stacking its own series on its own scale: quantities that do not
 * add up (recipients and retry attempts, review Z, Z14) are never stacked together. The events are ruled across
 * every panel and labelled in the first.
 */
function panelTimeChart<R>(r: Report, info: ChartInfo, scale: TimeScale<R>, panels: Array<Panel<R>>, emptyWhy: string, msg: Messages, events: ChartEvent[]): ChartSpec {
  const { minutes, bins } = scale;
  const all = panels.flatMap((p) => p.series);
  const values: Array<Record<string, string | number>> = [];
  for (const b of bins) {
    panels.forEach((p, i) => p.series.forEach((s) => values.push({ bin: b.label, panel: i, series: s.name, order: all.indexOf(s), value: sum(b.rows, s.value) })));
  }
  if (values.every((v) => v.value === 0)) return noData(info, emptyWhy, msg);
  const patterns: PatternDef[] = [];
  const { x, step, bar, barShare } = timeAxis(r, bins, minutes, msg);
  const color = {
    field: 'series', type: 'nominal', sort: all.map((s) => s.name),
    scale: { domain: all.map((s) => s.name), range: all.map((s) => fill(info.id, s.fill, patterns)) },
    legend: bins.length <= 8 ? { columns: 2 } : {},
  };
  const per = msg.charts.perBin(minutes);
  const places = eventPlaces(events, bins, minutes, barShare);
  const panel = (i: number): unknown => {
    const mine = [{ filter: `datum.panel === ${i}` }];
    const last = i === panels.length - 1;
    const layers: unknown[] = [{
      transform: mine,
      mark: { type: 'bar', ...bar },
      encoding: {
        x: last ? x : { ...x, axis: null },
        y: { field: 'value', type: 'quantitative', stack: 'zero', title: panels[i]!.yTitle(per), axis: { format: ',d', tickMinStep: 1 } },
        color, order: { field: 'order' },
      },
    }];
    if (step >= 30) {
      layers.push({
        transform: mine,
        mark: { type: 'text', dy: -5, baseline: 'bottom', fontWeight: 600 },
        encoding: { x, y: { field: 'value', type: 'quantitative', aggregate: 'sum' }, text: { field: 'value', type: 'quantitative', aggregate: 'sum', format: ',d' } },
      });
    }
    const height = 130;
    const marks = eventLayers(places, i === 0 ? height : null, last, step >= 30 ? binTotals(values.filter((v) => v.panel === i)) : null);
    layers.unshift(...marks.rules);
    layers.push(...marks.labels);
    return { width: { step }, height, layer: layers };
  };
  return {
    ...info, empty: false, patterns, ...look(info, msg),
    spec: {
      title: { text: info.title, subtitle: wrap(info.description, bins.length <= 8 ? 46 : SUBTITLE_CHARS) },
      config: configFor(msg), data: { values }, spacing: 14,
      resolve: { scale: { y: 'independent' } },
      vconcat: panels.map((_, i) => panel(i)),
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Events: the moments the time charts mark (review Z, Z14)
// ---------------------------------------------------------------------------------------------------------

/** A moment of the report drawn as a vertical rule with a label on every time chart. */
export interface ChartEvent {
  /** Local time as the report writes it ("2026-11-25T23:41:08", with its offset when the log has one). */
  at: string;
  kind: 'takeover' | 'deleted';
  label: string;
}

/** Severities of a compromised-account finding that says someone else has the password (not a note). */
const TAKEOVER: ReadonlySet<string> = new Set(['critical', 'high', 'medium']);

/** "2026-11-25T23:41:08" → "11-25 23:41": the date as the time axis writes it, and the minute. */
function eventTime(at: string): string {
  return `${at.slice(5, 10)} ${at.slice(11, 16)}`;
}

/**
 * The moments every time chart marks, in time order: when each compromised account was taken over (the
 * compromised-account finding's time of the guess, as the verdict says it) and each `postsuper -d ALL` (the
 * deleted messages' time, and the queue-deleted finding's).
 */
export function chartEvents(r: Report, msg: Messages): ChartEvent[] {
  const events: ChartEvent[] = [];
  for (const f of r.findings) {
    if (f.rule === 'compromised-account' && TAKEOVER.has(f.severity) && f.firstAt !== null) {
      events.push({ at: f.firstAt, kind: 'takeover', label: msg.charts.events.takenOver(label(f.subject.value), eventTime(f.firstAt)) });
    }
  }
  const deleted = new Set<string>();
  for (const d of r.deletedInBulk) if (d.deletedAt !== null) deleted.add(d.deletedAt);
  for (const f of r.findings) {
    if (f.rule !== 'queue-deleted') continue;
    for (const at of [f.firstAt, f.lastAt]) if (at !== null) deleted.add(at);
  }
  for (const at of deleted) events.push({ at, kind: 'deleted', label: msg.charts.events.deleted(eventTime(at)) });
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** An event placed on the ordinal time axis: its bin, where in the bin, its label's side and line. */
export interface EventPlace { bin: string; within: number; kind: ChartEvent['kind']; label: string; right: boolean; line: number }

/**
 * Each event in its bin, at its minute's share of the bin's bar (the axis is ordinal: one band a bin). Events outside the
 * bins (none today) are left out. A label on the right half of the chart is written to the left of its rule, so
 * that it stays inside the chart (`postsuper -d ALL` comes near the end of a log); labels take a line each.
 */
export function eventPlaces(events: ChartEvent[], bins: Array<TimeBin<unknown>>, minutes: number, barShare = 1): EventPlace[] {
  const out: EventPlace[] = [];
  for (const e of events) {
    const idx = minuteIndex(e.at);
    if (idx === null) continue;
    const start = Math.floor(idx / minutes) * minutes;
    const at = bins.findIndex((b) => b.label === minuteText(start));
    if (at < 0) continue;
    // The minute within an hour's bin; within a bin of minutes, the second too ("23:41:08" is past the middle of 23:41).
    const seconds = minutes < 60 ? Number(e.at.slice(17, 19)) / 60 || 0 : 0;
    const offset = idx - start + seconds;
    // A fixed-width bar (few bins) is narrower than its band and stands for the whole bin: the minute is placed on it.
    const within = Math.round((0.5 + (offset / minutes - 0.5) * barShare) * 1000) / 1000;
    out.push({ bin: bins[at]!.label, within, kind: e.kind, label: e.label, right: (at + within) / bins.length > 0.55, line: out.length });
  }
  return out;
}

/** A top legend's distance from the plot: above the event labels (vega places it from the plot, not the marks). */
function legendOffset(places: EventPlace[]): { offset?: number } {
  return places.length === 0 ? {} : { offset: eventLabelsHeight(places) + 6 };
}

const EVENT_INK: Record<ChartEvent['kind'], string> = { takeover: '#9b1c1c', deleted: INK };

/** Each bin's total (its bar's label), from a chart's values. */
function binTotals(values: Array<Record<string, string | number>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(String(v.bin), (out.get(String(v.bin)) ?? 0) + Number(v.value));
  return out;
}

/** The room a bar's total takes above the bar (its dy 5 and 10-pixel text) and a gap: where an event rule stops. */
const TOTAL_LABEL_ROOM = 19;

/**
 * A dashed rule per event across the plot, drawn under the bars. With `labelled` (the plot's height), the rules reach
 * up above the plot, where their labels stand one a line: above the bars and the bars' totals, whatever their height.
 * With `totals` (the bars carry their totals), a rule stops above its bar's total and goes on below it: it ran through
 * the number ("1,327" struck by the takeover's dashes on the corpus incident; review AG, AG14).
 */
function eventLayers(places: EventPlace[], labelled: number | null, axis: boolean, totals: ReadonlyMap<string, number> | null = null): { rules: unknown[]; labels: unknown[] } {
  const rules: unknown[] = [];
  const labels: unknown[] = [];
  const top = -eventLabelsHeight(places);
  for (const p of places) {
    // No axis of its own: vega-lite merges a layer's `axis: null` into the shared axis and drops the time labels.
    const x = { field: 'bin', type: 'ordinal', sort: null, bandPosition: p.within, ...(axis ? {} : { axis: null }) };
    const data = { values: [{ bin: p.bin, text: p.label }] };
    const rule = { type: 'rule', color: EVENT_INK[p.kind], strokeWidth: 1.5, strokeDash: [5, 3] };
    const y = { value: labelled === null ? 0 : top + p.line * 14 };
    const total = totals?.get(p.bin);
    if (total !== undefined) {
      // Above the total, then from the bar's top down (under the bar: seen only beside a bar narrower than the rule's place).
      // The grid said again: layered first, a rule's y would make the shared axis a rule's, without grid lines.
      const at = { datum: total, type: 'quantitative', axis: { grid: true } };
      // y on the data (the scale maps it only on the primary channel), y2 in pixels.
      // In a panel without the labels, none above a bar of more than 4/5 of the panel's highest: the plot's top is
      // less than the label's room above its total (130 px × 1/5 = 26 > 19). Not vega's clip: its clip-path ids count
      // up across charts drawn in one process, and a chart's SVG must be the same bytes each time.
      const highest = Math.max(...totals!.values());
      if (labelled !== null || total <= highest * 0.8) {
        rules.push({ data, mark: { ...rule, yOffset: -TOTAL_LABEL_ROOM }, encoding: { x, y: at, y2: y } });
      }
      rules.push({ data, mark: rule, encoding: { x, y: at, y2: { value: labelled ?? 'height' } } });
    } else if (labelled === null) {
      rules.push({ data, mark: rule, encoding: { x } });
    } else {
      rules.push({ data, mark: rule, encoding: { x, y, y2: { value: labelled } } });
    }
    if (labelled === null) continue;
    const text = {
      type: 'text', align: p.right ? 'right' : 'left', dx: p.right ? -4 : 4, baseline: 'top', fontSize: 11, fontWeight: 600,
      color: EVENT_INK[p.kind],
    };
    labels.push({ data, mark: text, encoding: { x, y, text: { field: 'text', type: 'nominal' } } });
  }
  return { rules, labels };
}

/** The room the event labels take above the plot (0 without events); a top legend stands above it. */
function eventLabelsHeight(places: EventPlace[]): number {
  return places.length === 0 ? 0 : places.length * 14 + 16;
}

function fixQueueLevels<R>(chart: ChartSpec, scale: TimeScale<R>, level: (row: R) => number, series: string): void {
  if (chart.empty) return;
  const spec = chart.spec as unknown as { data: { values: Array<Record<string, string | number>> } };
  spec.data.values = scale.bins.map((b) => ({ bin: b.label, series, order: 0, value: Math.max(...b.rows.map(level)) }));
}

// ---------------------------------------------------------------------------------------------------------
// Rendering (render/chart-svg.ts draws each chart; the chart worker draws them beside the main thread)
// ---------------------------------------------------------------------------------------------------------

/**
 * Renders every chart of the report to SVG (in the language of `messages`, else the report's own), drawn on this
 * thread or by `draw` (the chart worker: workers/chart-thread.ts).
 */
export async function renderCharts(r: Report, messages?: Messages, draw: ChartDrawer = drawCharts): Promise<RenderedChart[]> {
  return withSvgs(chartSpecs(r, messages), draw);
}

/** The charts of `specs` with the SVG `draw` drew of each. */
export async function withSvgs(specs: readonly ChartSpec[], draw: ChartDrawer): Promise<RenderedChart[]> {
  const svgs = await draw(specs);
  if (svgs.length !== specs.length) throw new Error(`internal error: ${svgs.length} charts drawn of ${specs.length}`);
  return specs.map((c, i) => ({ id: c.id, title: c.title, description: c.description, path: c.path, empty: c.empty, svg: svgs[i]! }));
}
