// report.html: one self-contained file to attach to a client ticket. Built from the same Markdown text as report.md
// (renderMarkdown) with marked, plus the charts inlined as SVG and a header. No script, no external request of any
// kind (no CDN, font, image or stylesheet), readable with JavaScript disabled and when printed to PDF.
//
// Defense in depth against hostile log text (HELO names, user names, reasons are attacker-controlled): the Markdown
// already escapes < > &, and here marked never emits raw HTML (html tokens are escaped), never emits <img> (no
// request), turns autolinked URLs from log text into plain text, a Content-Security-Policy forbids scripts and
// every fetch, and a final check refuses to return a page with a script, frame, object or event-handler attribute.

import { Marked } from 'marked';
import { BIN_MINUTES } from './time-bins.js';
import type { Token, Tokens } from 'marked';
import type { Report } from '../report/model.js';
import type { Severity } from '../types.js';
import type { ChartInfo, RenderedChart } from './charts.js';
import { periodLength, renderMarkdown, stepSource } from './markdown.js';
import type { FolderEntry } from './folder.js';
import { folderWords } from '../i18n/folder.js';
import type { Overview } from '../report/model.js';
import { buildOverview } from '../report/overview.js';
import { compareEn } from '../i18n/compare.js';
import { when } from './format.js';
import { tileAlarm } from './tile-alarm.js';
import { documentTitle } from './document-title.js';
import { stripControls } from './escape.js';
import { FIRST_COLUMN_MIN_WORD, htmlWithBreaks, MIN_WORD } from './break-points.js';
import { numbersWithTheirWordsInHtml, withPhraseBreaks } from './ja-phrases.js';
import { withoutFindingAnchors } from './cross-refs.js';
import type { Messages } from '../i18n/index.js';
import { en, messagesFor } from '../i18n/index.js';

export interface HtmlOptions {
  title: string;
  /** Rendered charts, inlined in the sections they illustrate (see SECTION_CHARTS). */
  charts: RenderedChart[];
  /** The page's language (default: the report's own, report.lang). */
  messages?: Messages;
  /** The files of the output folder (render/folder.ts), for the section that lists them; none: no such section. */
  folder?: readonly FolderEntry[];
}

/** Which charts go into which section (by the slug of its "## " heading); leftovers go to a final "Charts" section. */
const SECTION_CHARTS: Record<string, string[]> = {
  // Review Z, Z1: the time charts come after the findings, in a section of their own ("Over time"), not before them.
  'findings': ['messages-per-hour', 'compromised-delivered-per-hour', 'deferrals-and-auth-failures-per-hour'],
  'sasl-users': ['top-sasl-users'],
  'client-ips': ['top-attacking-ips'],
  'deferral-reasons': ['top-deferral-reasons'],
  'still-queued-at-the-end-of-the-log': ['queue-size'],
};

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A table cell that is a time as the tables write it, "2026-11-28 22:16:04" (or to the minute): its date and clock. */
const WHEN = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d(?::\d\d)?)$/;

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
}

/**
 * Anchors of our own headings in any language: the slug of the English heading ("summary", "sasl-users"), so links
 * and SECTION_CHARTS work whatever the language; any other heading gets the slug of its text.
 */
function headingIds(msg: Messages): (text: string) => string {
  const ids = new Map<string, string>();
  for (const [k, v] of Object.entries(msg.report.h)) ids.set(v, slug(en.report.h[k as keyof typeof en.report.h]));
  ids.set(folderWords(msg.lang).heading, slug(folderWords('en').heading));
  // A short log's activity table, by its bin ("5 分ごとの推移" → "activity-per-5-minutes"; review AG, AG6).
  for (const m of BIN_MINUTES) ids.set(msg.report.activityPer(m), slug(en.report.activityPer(m)));
  return (text) => ids.get(text) ?? slug(text);
}

/** The severity tags of finding headings ("CRITICAL", "重大"), read back into severities. */
function severityTags(msg: Messages): { re: RegExp; of: (tag: string) => Severity } {
  const tags = new Map<string, Severity>();
  for (const s of SEVERITIES) { tags.set(en.report.severityTag(s), s); tags.set(msg.report.severityTag(s), s); }
  const alt = [...tags.keys()].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return { re: new RegExp(`\\[(${alt})\\]`), of: (tag) => tags.get(tag) ?? 'info' };
}

/**
 * The marked renderers that keep log text inert, shared by every HTML page we write (report, compare):
 * raw HTML (block or inline) is shown as text, never interpreted; no <img> (an image would be a request: its alt
 * text is shown); explicit [text](url) links come from our own text (log text has its brackets escaped) and keep
 * http(s) and in-page targets, while URLs autolinked out of log text stay plain text: nobody should be one click
 * from a URL an attacker wrote into the log.
 */
export const safeInlineRenderers = {
  html(token: Tokens.HTML | Tokens.Tag): string {
    return esc(token.text);
  },
  image(token: Tokens.Image): string {
    return `<span class="img-alt">[${esc(token.text)}]</span>`;
  },
  link(this: { parser: { parseInline(tokens: Token[]): string } }, token: Tokens.Link): string {
    const inner = this.parser.parseInline(token.tokens);
    const explicit = token.raw.startsWith('[');
    // A bare URL (GFM autolink) is taken before Markdown's backslash escapes are read: its text kept mdText's "\_",
    // "\*", "\)" (review 16: "a\_b\_c\*d\*e" shown in a reason). It is no link here, and its text is the URL as logged.
    // A "\" it ends with escaped the character after it, which marked left out of the URL ("…/y\)": review U, U5).
    if (!explicit) return (/(?:^|[^\\])(?:\\\\)*\\$/.test(inner) ? inner.slice(0, -1) : inner).replace(/\\([!-/:-@[-`{-~])/g, '$1');
    if (!/^(https?:\/\/|#)/i.test(token.href)) return inner;
    return `<a href="${esc(token.href)}" rel="noopener noreferrer">${inner}</a>`;
  },
};

function newMarked(msg: Messages): Marked {
  const sectionId = headingIds(msg);
  const sev = severityTags(msg);
  const findingHeading = new RegExp(`^(\\d+)\\. ${sev.re.source} ([\\s\\S]*)$`);
  return new Marked({
    gfm: true,
    async: false,
    renderer: {
      ...safeInlineRenderers,
      heading(token: Tokens.Heading): string {
        const inner = this.parser.parseInline(token.tokens);
        const m = findingHeading.exec(inner);
        if (token.depth === 3 && m) {
          const s = sev.of(m[2]!);
          return `<h3 class="finding-title" id="finding-${m[1]}"><span class="badge sev-${s}">${esc(msg.report.severityWord(s))}</span> `
            + `<span class="finding-no">${m[1]}.</span> ${m[3]}</h3>\n`;
        }
        const id = token.depth <= 3 ? ` id="${sectionId(token.text)}"` : '';
        return `<h${token.depth}${id}>${inner}</h${token.depth}>\n`;
      },
      code(token: Tokens.Code): string {
        const lang = (token.lang ?? '').trim();
        const first = lang.split(/\s+/)[0] ?? '';
        const cls = first ? ` class="language-${esc(first.replace(/[^\w.-]/g, ''))}"` : '';
        const label = lang ? `<div class="code-label">${esc(lang)}</div>` : '';
        const text = token.text.replace(/\n$/, '');
        return `<div class="code">${label}<pre><code${cls}>${esc(text)}\n</code></pre></div>\n`;
      },
      blockquote(token: Tokens.Blockquote): string {
        return `<div class="callout">${this.parser.parse(token.tokens)}</div>\n`;
      },
      table(token: Tokens.Table): string {
        // The Client IPs table's reverse names ("mail139.suw11.mcdlv.net", one word) wrap anywhere, so that its 11
        // columns fit a laptop's page (review Z, Z23); an IP, a user name or a number stays whole.
        const hostColumn = token.header.findIndex((h) => h.text === msg.report.cols.clientIps[1]);
        const cell = (c: Tokens.TableCell, i: number, tag: 'th' | 'td'): string => {
          const cls = token.align[i] === 'right' ? 'num'
            : /^\d\.\d{1,3}\.\d{1,3}$/.test(c.text) ? 'nowrap'
              : tag === 'td' && i === hostColumn ? 'host'
                : /\S{41}/.test(c.text) ? 'long' : '';
          // A time ("2026-11-28 22:16:04", the First and Last of SASL users and client IPs) wraps between its date and
          // its clock only (review AG, AG5: a narrow column broke it into "2026-11-" / "28" / "22:16:04").
          const when = tag === 'td' && cls === '' ? WHEN.exec(c.text) : null;
          if (when !== null) return `<td class="when"><span>${when[1]}</span> <span>${when[2]}</span></td>`;
          const inner = this.parser.parseInline(c.tokens);
          if (tag === 'th') return `<th${cls ? ` class="${cls}"` : ''}>${withPhraseBreaks(inner)}</th>`;
          if (cls === 'num' || cls === 'nowrap') return `<td class="${cls}">${inner}</td>`;
          return breakableCell(inner, cls, i === 0 ? FIRST_COLUMN_MIN_WORD : MIN_WORD);
        };
        const head = `<tr>${token.header.map((c, i) => cell(c, i, 'th')).join('')}</tr>`;
        const body = token.rows.map((row) => `<tr>${row.map((c, i) => cell(c, i, 'td')).join('')}</tr>`).join('\n');
        // A finding's evidence (markdown.ts findingBlock): its words keep a readable width beside a long value.
        // Ten columns or more (SASL users, Client IPs): printed a little smaller (review AH).
        const kind = token.header[0]?.text === msg.report.evidence ? ' class="evidence"' : token.header.length >= 10 ? ' class="many"' : '';
        return `<div class="table-wrap"><table${kind}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table></div>\n`;
      },
    },
  });
}

/**
 * A table cell whose addresses, host names, IPv6 addresses and paths break at their <wbr>s only (review AH:
 * "takahashi@exa" / "mple.jp"); in the first column only words longer than FIRST_COLUMN_MIN_WORD. A run
 * of more than LONG_RUN characters with no such place is a span.unbroken, that CSS may break anywhere (the last resort
 * that keeps a table on the page); the whole cell is td.unbroken when such a run crosses a tag.
 */
export function breakableCell(inner: string, cls: string, minWord = MIN_WORD): string {
  const { html, unbroken } = htmlWithBreaks(inner, minWord);
  const classes = [cls, unbroken ? 'unbroken' : ''].filter((x) => x !== '').join(' ');
  return `<td${classes ? ` class="${classes}"` : ''}>${withPhraseBreaks(html)}</td>`;
}

interface Section { heading: Tokens.Heading | null; tokens: Token[] }

/** Splits the token stream at "## " headings. */
function sections(tokens: Token[]): Section[] {
  const out: Section[] = [{ heading: null, tokens: [] }];
  for (const t of tokens) {
    if (t.type === 'heading' && (t as Tokens.Heading).depth === 2) out.push({ heading: t as Tokens.Heading, tokens: [] });
    else out[out.length - 1]!.tokens.push(t);
  }
  return out;
}

function figure(c: RenderedChart): string {
  // The SVG carries its own title and subtitle (and a <title> for screen readers): no caption to repeat them.
  return `<figure class="chart${c.empty ? ' chart-empty' : ''}" id="chart-${esc(c.id)}">\n${c.svg.trim()}\n</figure>\n`;
}

function svgWidth(c: RenderedChart): number {
  return Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(c.svg)?.[1] ?? 10_000);
}

/** Charts side by side when each fits in half the page, else one under the other. */
function figures(list: readonly RenderedChart[]): string {
  if (list.length === 0) return '';
  const pair = list.length > 1 && list.every((c) => svgWidth(c) <= 500);
  return `<div class="charts${pair ? ' charts-pair' : ''}">\n${list.map(figure).join('')}</div>\n`;
}

function kpis(r: Report, msg: Messages): string {
  const t = r.totals;
  const k = msg.html.kpi;
  // Coloured by the findings that cite the quantity, not by its being above 0 (review Z, Z19).
  const tiles: Array<[string, number, string]> = ([
    [k.received, t.received, 'received'],
    [k.delivered, t.delivered, 'delivered'],
    [k.deferred, t.deferred, 'deferred'],
    [k.bounced, t.bounced + t.expired, 'bounced'],
    [k.rejected, t.rejected, 'rejected'],
    [k.authFailures, t.authFailures, 'authFailures'],
    // A login proxy read without its backends' logs (review AD): the tile says what it lacks.
    [r.proxyBackendRefusals !== undefined ? `${k.mailbox} ${msg.html.kpiMailboxBackends(r.proxyBackendRefusals.refused)}` : k.mailbox, t.dovecotLoginFailures, 'mailbox'],
    [k.stillQueued, t.stillQueued, 'stillQueued'],
  ] as const).map(([label, v, tile]) => [label, v, v > 0 ? tileAlarm(r, tile) : '']);
  return `<div class="kpis">${tiles.map(([label, v, cls]) => {
    // Millions are the usual count on a flooded server (3,730,955 deferred attempts on the 1.5 GB benchmark log):
    // four tiles a row (two on a phone), and a smaller face from ten million up (test/browser.test.ts checks the
    // numbers stay inside their tiles from 320 px wide to print).
    const text = msg.num(v);
    const size = text.length >= 13 ? ' longer' : text.length >= 10 ? ' long' : '';
    return `<div class="kpi${cls ? ' ' + cls : ''}"><div class="kpi-value${size}">${esc(text)}</div><div class="kpi-label">${withPhraseBreaks(esc(label))}</div></div>`;
  }).join('')}</div>\n`;
}

function header(r: Report, title: string, msg: Messages, state: Overview['state']): string {
  const h = msg.html;
  const zone = msg.charts.zone(r.period.timezone);
  const counts = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, c]) => c > 0);
  const findings = counts.length === 0
    // Green only when the log was read and nothing was found (an empty or foreign file has no findings either).
    ? `<span class="badge sev-none${state === 'clean' ? ' clean' : ''}">${esc(h.noFindings)}</span>`
    // Each count links to the first card of its severity (review Z, Z22): the findings are ordered by severity.
    : counts.map(([s, c]) => `<a class="badge sev-${s}" href="#finding-${r.findings.findIndex((f) => f.severity === s) + 1}">${esc(h.severityCount(s, c))}</a>`).join(' ');
  const hosts = r.hosts.map((x) => x.key).join(', ') || '–';
  const redaction = r.redaction
    ? `<p class="redacted">${h.redacted(r.redaction.domains, `<code>${esc(r.redaction.keyFingerprint)}</code>`)}</p>\n`
    : '';
  return `<header class="masthead">
<div class="kicker">${esc(h.kicker)} · <span class="hosts">${esc(stripControls(hosts))}</span></div>
<h1>${esc(stripControls(title))}</h1>
<dl class="meta">
<div><dt>${esc(h.period)}</dt><dd>${esc(when(r.period.from))} → ${esc(when(r.period.to))} <span class="muted">${esc(h.periodNote(zone, periodLength(r, msg)))}</span></dd></div>
<div><dt>${esc(h.logLines)}</dt><dd>${esc(msg.num(r.lines.total))} <span class="muted">${esc(h.fromFiles(r.inputs.length))}</span></dd></div>
<div><dt>${esc(h.findings)}</dt><dd>${findings}</dd></div>
</dl>
${redaction}</header>\n`;
}

/** The whole page. Pure: same report and charts → same bytes. */
export function renderHtml(r: Report, opts: HtmlOptions): string {
  return layoutHtml(r, opts).page(opts.charts);
}

/** report.html laid out before its charts are drawn: `page` puts their SVG in its place and returns the page. */
export interface HtmlLayout {
  page: (charts: readonly RenderedChart[]) => string;
}

/**
 * The page with a mark where each group of figures goes: the charts need only be named (their ids), so that the page
 * is laid out while the chart thread draws them (render/index.ts). `page` gives renderHtml's bytes.
 */
export function layoutHtml(r: Report, opts: Omit<HtmlOptions, 'charts'> & { charts: readonly ChartInfo[] }): HtmlLayout {
  const msg = opts.messages ?? messagesFor(r.lang);
  const marked = newMarked(msg);
  const sectionId = headingIds(msg);
  // The verdict and first steps are drawn here (overviewHtml, firstStepsHtml), with badges and links to the cards.
  // Without report.md's anchors before the findings' headings (cross-refs.ts): here the card's heading carries the id.
  const tokens = marked.lexer(withoutFindingAnchors(renderMarkdown(r, opts.title, [], msg, { overview: false, ...(opts.folder === undefined ? {} : { folder: opts.folder }) })));
  const ov = r.overview ?? buildOverview(r, msg);
  // The "# title" line becomes the page header.
  const firstH1 = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).depth === 1);
  if (firstH1 >= 0) tokens.splice(firstH1, 1);
  // …and so does the "Period: …" line under it (the header shows period, lines, files and hosts).
  const period = tokens.findIndex((t) => t.type === 'paragraph' && t.raw.startsWith(msg.report.periodLabel));
  if (period >= 0 && period <= 2) tokens.splice(period, 1);

  const charts = new Map(opts.charts.map((c) => [c.id, c]));
  const placed = new Set<string>();
  // The page's parts in order; a group of figures (figures()) is the list of its charts' ids until they are drawn.
  const parts: Array<string | readonly string[]> = [];
  const ids = (list: readonly ChartInfo[]): readonly string[] => list.map((c) => c.id);
  const toc: string[] = [];
  for (const s of sections(tokens)) {
    if (s.heading === null) {
      // Under the header: the verdict, the findings in one line each, the warnings, the first steps, then the contents.
      parts.push(overviewHtml(r, ov, msg));
      if (s.tokens.length > 0) parts.push(`<div class="lead">\n${marked.parser(s.tokens)}</div>\n`);
      parts.push(firstStepsHtml(ov, msg));
      parts.push(TOC);
      continue;
    }
    const id = sectionId(s.heading.text);
    const title = marked.parseInline(s.heading.text) as string;
    toc.push(`<li><a href="#${id}">${title}</a></li>`);
    const mine = (SECTION_CHARTS[id] ?? []).map((cid) => charts.get(cid)).filter((c): c is ChartInfo => c !== undefined);
    for (const c of mine) placed.add(c.id);
    const text = id === 'findings' ? findings(marked, s.tokens, msg) : marked.parser(s.tokens);
    // Summary: figures, then text; the findings' cards, then the time charts in a section of their own; elsewhere the
    // chart comes before the table it summarises.
    const open = `<section id="${id}" class="section-${id}">\n<h2>${title}</h2>\n`;
    if (id === 'summary') parts.push(`${open}${kpis(r, msg)}${text}</section>\n`);
    else if (id === 'findings') parts.push(`${open}${text}</section>\n`);
    else parts.push(open, ids(mine), `${text}</section>\n`);
    if (id === 'findings' && mine.length > 0) {
      toc.push(`<li><a href="#over-time">${esc(msg.overview.overTime)}</a></li>`);
      parts.push(`<section id="over-time" class="section-over-time">\n<h2>${esc(msg.overview.overTime)}</h2>\n`, ids(mine), '</section>\n');
    }
  }
  const rest = opts.charts.filter((c) => !placed.has(c.id));
  if (rest.length > 0) {
    toc.push(`<li><a href="#charts">${esc(msg.report.h.charts)}</a></li>`);
    parts.push(`<section id="charts" class="section-charts">\n<h2>${esc(msg.report.h.charts)}</h2>\n`, ids(rest), '</section>\n');
  }

  const title = documentTitle(opts.title, r.hosts.map((h) => h.key), r.period);
  const head = header(r, opts.title, msg, ov.state);
  const contents = `<nav class="toc" aria-label="${esc(msg.html.contents)}"><ol>${toc.join('')}</ol></nav>\n`;
  return {
    page(drawn) {
      const svgs = new Map(drawn.map((c) => [c.id, c]));
      const svgOf = (id: string): RenderedChart => {
        const c = svgs.get(id);
        if (c === undefined) throw new Error(`internal error: chart ${id} was not drawn`);
        return c;
      };
      const text = parts.map((p) => (typeof p === 'string' ? p : figures(p.map(svgOf)))).join('');
      return htmlPage({
        lang: msg.lang, generator: `${r.tool.name} ${r.tool.version}`, css: CSS + msg.html.css, title,
        body: `${head}${text.replace(TOC, contents)}`,
      });
    },
  };
}

/** Where the contents go among the parts, once they are known. */
const TOC = '\u0000toc\u0000';

/** "finding 1", "findings 1, 2 and 4" with each number a link to its card; the file names in code. */
function sourceHtml(msg: Messages, findings: number[], files: string[]): string {
  const known = new Set(findings);
  const code = (t: string): string => t.replace(/`([^`]+)`/g, '<code>$1</code>');
  return code(esc(stepSource(msg, findings, files))).replace(/\d+/g, (d, at: number, all: string) => {
    // Only the numbers of findings, outside code (a file name holds none today; a number inside <code> stays).
    const before = all.slice(0, at);
    const inCode = before.lastIndexOf('<code>') > before.lastIndexOf('</code>');
    return !inCode && known.has(Number(d)) ? `<a href="#finding-${d}">${d}</a>` : d;
  });
}

/**
 * The top of the page (review Z, Z1/Z6): with --baseline the comparison's verdict first, then the run's verdict and
 * every finding as one line, its severity badge and a link to its card.
 */
function overviewHtml(r: Report, ov: Overview, msg: Messages): string {
  const o = msg.overview;
  const out: string[] = ['<section id="overview" class="overview">'];
  if (r.comparison) {
    const id = slug(compareEn.md.baseline);
    out.push(`<div class="verdict verdict-baseline"><p><strong>${esc(stripControls(o.baselineFirst))}: ${esc(stripControls(r.comparison.verdict.headline))}</strong> `
      + `<a href="#${id}">${esc(o.baselineMore)}</a></p></div>`);
  }
  const worst = ov.findings.find((f) => f.severity !== 'info')?.severity ?? 'none';
  out.push(`<div class="verdict verdict-${ov.state} sev-${ov.state === 'findings' ? worst : 'none'}">`
    + `<p><strong>${esc(stripControls(ov.verdict))}</strong>${ov.details ? ` ${esc(stripControls(ov.details))}` : ''}</p>`);
  if (ov.findings.length > 0) {
    out.push(`<ul class="finding-lines">${ov.findings.map((f) => `<li><span class="badge sev-${f.severity}">${esc(msg.report.severityWord(f.severity))}</span> `
      + `<a href="#finding-${f.n}">${esc(stripControls(f.short))}</a></li>`).join('')}</ul>`);
  }
  out.push('</div>', '</section>');
  return out.join('\n') + '\n';
}

/** "First steps (in this order)": each step, where it comes from (linked), and the findings' own commands. */
function firstStepsHtml(ov: Overview, msg: Messages): string {
  if (ov.steps.length === 0) return '';
  const items = ov.steps.map((s) => {
    const source = sourceHtml(msg, s.findings, s.files);
    const code = s.commands.length === 0 ? ''
      : `<div class="code"><pre><code>${esc(s.commands.map((l) => stripControls(l)).join('\n'))}\n</code></pre></div>`;
    return `<li><p>${esc(stripControls(s.text))}${source ? ` <span class="step-source">${msg.overview.paren(source)}</span>` : ''}</p>${code}</li>`;
  });
  return `<section id="first-steps" class="section-first-steps">\n<h2>${esc(msg.overview.stepsHeading)}</h2>\n<ol class="steps">\n${items.join('\n')}\n</ol>\n</section>\n`;
}

/** Findings: each "### N. [SEV] title" block becomes a card. */
function findings(marked: Marked, tokens: Token[], msg: Messages): string {
  const tags = severityTags(msg);
  const out: string[] = [];
  let card: Token[] | null = null;
  let sev = '';
  const flush = (): void => {
    if (card) out.push(`<article class="finding sev-${sev}">\n${marked.parser(card)}</article>\n`);
  };
  for (const t of tokens) {
    if (t.type === 'heading' && (t as Tokens.Heading).depth === 3) {
      flush();
      card = [t];
      const tag = tags.re.exec((t as Tokens.Heading).text)?.[1];
      sev = tag === undefined ? 'info' : tags.of(tag);
    } else if (card) card.push(t);
    else out.push(marked.parser([t]));
  }
  flush();
  return out.join('');
}

/** Refuses to return a page that could run code or load anything: a bug, never a valid report. */
export function assertInert(html: string): void {
  const bad = /<\s*\/?\s*(script|iframe|frame|object|embed|img|link|base|form|input|audio|video|source|foreignObject|use|image)\b/i.exec(html);
  if (bad) throw new Error(`report.html would contain <${bad[1]}>: refusing to write it`);
  for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    if (/\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*["']?\s*(?:data|vbscript):/i.test(m[0])) throw new Error(`report.html would contain an active attribute: ${m[0].slice(0, 80)}`);
  }
}

const CSS = `:root {
  --ink: #1d2330; --muted: #5b6472; --line: #dde2ea; --soft: #f5f7fa; --zebra: #f7f9fc; --accent: #1f4e79;
  --critical: #7a0b14; --high: #b42318; --medium: #b54708; --low: #175cd3; --info: #475467;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #e9edf2; color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Hiragino Sans", "Yu Gothic", Meiryo, "Noto Sans CJK JP", sans-serif;
}
.page { max-width: 1100px; margin: 28px auto; padding: 40px 48px 48px; background: #fff; border-radius: 10px; box-shadow: 0 1px 3px rgba(16, 24, 40, .12), 0 8px 24px rgba(16, 24, 40, .06); }
.masthead { border-bottom: 3px solid var(--accent); padding-bottom: 18px; margin-bottom: 18px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 600; color: var(--accent); }
/* A host name is shown as the log writes it: "mail", not "MAIL" (review AP, L4). */
.kicker .hosts { text-transform: none; }
h1 { font-size: 30px; line-height: 1.2; margin: 6px 0 14px; letter-spacing: -.01em; }
.meta { display: flex; flex-wrap: wrap; gap: 10px 36px; margin: 0; }
.meta div { min-width: 0; }
.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
.meta dd { margin: 2px 0 0; font-weight: 600; }
.muted { color: var(--muted); font-weight: 400; }
.redacted { margin: 14px 0 0; padding: 8px 12px; background: var(--soft); border-left: 4px solid var(--accent); font-size: 13px; }
.toc ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0 0 8px; }
.toc a { display: inline-block; padding: 3px 10px; border: 1px solid var(--line); border-radius: 999px; font-size: 13px; color: var(--accent); text-decoration: none; background: #fff; }
.toc a:hover { background: var(--soft); }
.overview { margin-top: 0; }
.verdict { margin: 0 0 14px; padding: 12px 16px; border: 1px solid var(--line); border-left: 6px solid #98a2b3; border-radius: 8px; background: var(--soft); font-size: 16px; }
.verdict p { margin: 0; }
.verdict.sev-critical { border-left-color: var(--critical); background: #fef3f2; }
.verdict.sev-high { border-left-color: var(--high); background: #fef3f2; }
.verdict.sev-medium { border-left-color: var(--medium); background: #fffaeb; }
.verdict.sev-low { border-left-color: var(--low); }
.verdict-clean { border-left-color: #11622f; background: #ecfdf3; }
.verdict-clean p::before { content: "\\2713\\00a0"; color: #11622f; font-weight: 700; }
.verdict-empty { border-left-color: var(--medium); background: #fffaeb; }
.verdict-baseline { border-left-color: var(--accent); background: #eef4fb; }
.finding-lines { list-style: none; padding: 0; margin: 10px 0 0; font-size: 14px; }
.finding-lines li { margin: 4px 0; }
.finding-lines .badge { min-width: 5.5em; text-align: center; margin-right: 6px; }
.section-first-steps { margin-top: 18px; }
.steps { padding-left: 1.4em; }
.steps > li { margin: 6px 0 12px; }
.steps > li > p { margin: 0 0 6px; }
.step-source { color: var(--muted); font-size: 13px; }
.lead { color: var(--muted); font-size: 14px; }
.lead strong { color: var(--ink); }
section { margin-top: 34px; }
h2 { font-size: 21px; margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 17px; margin: 24px 0 8px; }
p, ul, ol { margin: 8px 0 12px; }
li { margin: 3px 0; }
/* Log lines and unparsed examples start with the file's path ("/var/log/mail/maillog.1:716:"), and advice quotes
   URLs: one word each, that would push a phone's page sideways (code blocks keep their lines and scroll). */
.finding, .section-appendix li { overflow-wrap: anywhere; }
a { color: var(--accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .86em; background: var(--soft); border: 1px solid #e6e9ef; border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
.code { margin: 10px 0 16px; border: 1px solid #d5dbe4; border-radius: 6px; overflow: hidden; }
.code-label { font: 600 11px/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); background: #eef1f5; padding: 7px 12px; border-bottom: 1px solid #d5dbe4; }
pre { margin: 0; padding: 12px 14px; background: #fbfcfd; overflow-x: auto; line-height: 1.45; }
td:first-child code { white-space: nowrap; overflow-wrap: normal; }
pre code { background: none; border: 0; padding: 0; font-size: 13px; overflow-wrap: normal; user-select: text; }
.callout { margin: 10px 0; padding: 10px 14px; border-left: 4px solid var(--medium); background: #fff8ec; border-radius: 0 6px 6px 0; }
.callout p { margin: 0; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 4px 0 18px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: #fff; border-top: 4px solid #9aa6b5; }
.kpi.warn { border-top-color: #d99a1e; }
.kpi.bad { border-top-color: var(--high); }
.kpi-value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kpi-value.long { font-size: 18px; }
.kpi-value.longer { font-size: 15px; }
.kpi-label { font-size: 12px; color: var(--muted); line-height: 1.3; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 4px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff; background: var(--info); vertical-align: 2px; border: 1px solid transparent; }
a.badge { text-decoration: none; }
.badge.sev-critical { background: var(--critical); }
.badge.sev-high { background: var(--high); }
.badge.sev-medium { background: #fff; color: var(--medium); border-color: var(--medium); }
.badge.sev-low { background: #fff; color: var(--low); border-color: var(--low); }
.badge.sev-info { background: #fff; color: var(--info); border-color: #98a2b3; }
.badge.sev-none { background: #fff; color: var(--info); border-color: #98a2b3; }
.badge.sev-none.clean { background: #ecfdf3; color: #11622f; border-color: #11622f; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 8px; padding: 2px 20px 10px; margin: 14px 0 20px; }
.finding.sev-critical { border-left-color: var(--critical); }
.finding.sev-high { border-left-color: var(--high); }
.finding.sev-medium { border-left-color: var(--medium); border-left-style: double; }
.finding.sev-low { border-left-color: var(--low); border-left-style: dashed; }
.finding.sev-info { border-left-style: dotted; }
.finding-title { margin-top: 16px; line-height: 1.4; }
.finding-title .badge { margin-right: 4px; }
.finding-no { color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 8px 0 18px; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
/* Review AH: a cell breaks a word only where it has a <wbr> (after "@", before a name's ".", …: break-points.ts), not
   anywhere (an address cut inside its domain name), and the table does not squeeze a column below its longest part. Not even in
   a finding's card (its lists break anywhere) nor in code. A long run with no such place is "unbroken": the last resort. */
th, td { padding: 6px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #eceff3; overflow-wrap: break-word; }
td code { overflow-wrap: inherit; }
td.unbroken, td.unbroken code, td .unbroken { overflow-wrap: anywhere; }
th { background: #eef1f5; color: #344054; font-weight: 600; font-size: 12px; border-bottom: 1px solid #cfd6e0; }
th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: var(--zebra); }
tbody tr:last-child td { border-bottom: 0; }
td.nowrap { white-space: nowrap; }
td.when { padding-left: 6px; padding-right: 6px; }
td.when span { white-space: nowrap; }
td.long { min-width: 14em; }
td.host { min-width: 8em; }
/* Client IPs (review Z, Z23): 11 columns in a laptop's text width (1,004 px at 1,366 px). */
.section-client-ips th, .section-client-ips td { padding: 6px 6px; }
/* SASL users: 12 columns, the last two times kept whole on their two lines (review AG, AG5). */
.section-sasl-users th, .section-sasl-users td { padding: 6px 6px; }
table.evidence td:first-child { width: 40%; min-width: 8em; }
table.evidence td:last-child { min-width: 0; }
.charts { display: grid; grid-template-columns: 1fr; gap: 14px; margin: 12px 0 20px; }
.charts-pair { grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr)); }
figure.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff; display: flex; justify-content: center; align-items: flex-start; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
/* Review Z, Z14: on a phone a chart keeps its own size (text of 10 to 14 px) and scrolls sideways in its box, where
   scaled to the screen its text was 4 px high. Screen only: a printed page is as narrow, and prints the whole chart. */
@media screen and (max-width: 720px) {
  figure.chart { min-width: 0; overflow-x: auto; justify-content: flex-start; padding: 4px; }
  figure.chart svg { max-width: none; flex: none; }
  /* Review AJ, AJ12: the tables of ten columns or more scroll sideways on a phone anyway; squeezed to 917 px their
     words stood a few to a line, and Client IPs of the sample incident was 5,625 px tall (95 px a row). At 100em
     (1,300 px) it is 3,371, SASL users 387 → 229. */
  table.many { min-width: 100em; }
}
/* Review AJ, AJ13: a box that scrolls sideways (a chart or a table on a phone, a long command) shows a shadow on each
   side where more is hidden, with no script: shadows attached to the box ("scroll"), covered by white attached to its
   content ("local") once that side's end is in view (the "scroll shadows" of CSS backgrounds; linear, where the usual
   radial ones faded out along a tall table's height). So the boxes' content lets them through: header cells and every
   other row are tinted with a translucent colour that looks as before on white, and the chart's own white background
   is not painted on screen (the box's is the same white). */
@media screen {
  .table-wrap, figure.chart, .code pre {
    background:
      linear-gradient(to right, var(--box-bg, #fff) 30%, rgba(255, 255, 255, 0)) left center / 40px 100% no-repeat local,
      linear-gradient(to left, var(--box-bg, #fff) 30%, rgba(255, 255, 255, 0)) right center / 40px 100% no-repeat local,
      linear-gradient(to right, rgba(16, 24, 40, .25), rgba(16, 24, 40, 0)) left center / 12px 100% no-repeat scroll,
      linear-gradient(to left, rgba(16, 24, 40, .25), rgba(16, 24, 40, 0)) right center / 12px 100% no-repeat scroll,
      var(--box-bg, #fff);
  }
  .code pre { --box-bg: #fbfcfd; }
  th { background: rgba(85, 115, 155, .1); }
  tbody tr:nth-child(even) { background: rgba(55, 105, 180, .04); }
  figure.chart svg > rect[fill="white"] { fill: none; }
}
@media (max-width: 720px) { .page { margin: 0; padding: 20px 16px; border-radius: 0; } h1 { font-size: 24px; } .verdict { padding: 10px 12px; font-size: 15px; } .finding-lines .badge { min-width: 0; } }
@media (max-width: 760px) { .kpis { grid-template-columns: repeat(2, 1fr); } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  .toc { display: none; }
  section { margin-top: 18pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure.chart, .kpis, .code, .callout, .finding-title { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  table { font-size: 8pt; }
  /* Ten columns or more (SASL users, Client IPs): their words no longer break anywhere (review AH), so a little smaller
     to keep room for a long name or an IPv6 address (at 8pt Client IPs with a Name column was 702 px at the least). */
  table.many { font-size: 7.5pt; }
  table.many th { font-size: 6.5pt; }
  /* A4's text width (186 mm, 703 px): SASL users, Client IPs and the bulk deletion's table were 744-873 px wide in
     English (review AG, AG9) and ran off the page. The screen's wider padding of two of them yields here; headings
     smaller; a cell's address or host name breaks at its <wbr>s (review AH), not inside a word; in the first column
     (an IP, a queue ID, a user: whole) only a word of more than 20 characters (an IPv6 address, a long user). */
  th, td, .section-client-ips th, .section-client-ips td, .section-sasl-users th, .section-sasl-users td { padding: 2pt 2.5pt; }
  th { font-size: 7pt; }
  /* A long cell's text breaks at its <wbr>s and spaces only: no column is squeezed below its longest part, and a list of
     addresses ("SASL users") needs no width of its own (9em made Client IPs 26 px wider than the page). */
  td.long { min-width: 0; }
  td.host { min-width: 5em; }
  .kpis { grid-template-columns: repeat(4, 1fr); }
  .charts-pair { grid-template-columns: 1fr 1fr; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * The one page shell of every HTML file we write (report, compare): no script, a Content-Security-Policy that
 * forbids any request, the page's CSS inline; checked inert before it is returned.
 */
export function htmlPage(p: { lang: string; generator: string; title: string; css: string; body: string }): string {
  const page = `<!DOCTYPE html>
<html lang="${esc(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="color-scheme" content="light">
<meta name="generator" content="${esc(p.generator)}">
<title>${esc(stripControls(p.title))}</title>
<style>
${p.css}</style>
</head>
<body>
<main class="page">
${numbersWithTheirWordsInHtml(p.body)}</main>
</body>
</html>
`;
  assertInert(page);
  return page;
}
