// compare.html: the comparison as one self-contained page for the client (inline CSS and SVG charts; no script, no
// request of any kind), built from the same Markdown as compare.md, like report.html is from report.md. Also renders
// the "Compared with the baseline" section that `analyze --baseline` adds to report.html.
//
// Log text is attacker-controlled: the Markdown already escapes it, marked here never emits raw HTML or <img>, links
// are kept only when we wrote them ([text](#anchor or http)), a Content-Security-Policy forbids scripts and fetches,
// and render/html.ts's assertInert refuses the page if anything active slipped through.

import { Marked } from 'marked';
import type { Token, Tokens } from 'marked';
import type { OverlayChart } from './charts.js';
import { assertInert, breakableCell, esc, htmlPage, safeInlineRenderers } from '../render/html.js';
import { withPhraseBreaks } from '../render/ja-phrases.js';
import { stripControls } from '../render/escape.js';
import { FIRST_COLUMN_MIN_WORD, MIN_WORD } from '../render/break-points.js';
import { documentTitle } from '../render/document-title.js';
import { n, when } from '../render/format.js';
import type { Comparison } from './model.js';
import { badgeText, findingGroups, renderBaselineMarkdown, renderCompareMarkdown } from './markdown.js';
import { unclearResolved } from './unclear.js';
import type { CompareGroup, CompareMessages } from '../i18n/compare.js';
import { compareEn, compareMessagesFor } from '../i18n/compare.js';
import { messagesFor } from '../i18n/index.js';

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
}

/** A heading's text without the Markdown escapes (mdText writes "\(" for "("). */
function plain(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/**
 * Anchors of our own headings in any language: the slug of the English heading ("verdict", "findings-resolved-6",
 * "charts"), so that links and the charts' place work whatever the language; any other heading (a finding's title)
 * gets the slug of its text, made unique in the page.
 */
function headingIds(c: Comparison, msg: CompareMessages): (text: string) => string {
  const en = compareEn;
  const ids = new Map<string, string>();
  const add = (local: string, english: string): void => { ids.set(local, slug(english)); };
  for (const k of ['verdict', 'totals', 'charts', 'movers', 'appendix', 'baseline'] as const) add(msg.md[k], en.md[k]);
  for (const [k, list] of findingGroups(c)) add(msg.md.group(k, list.length), en.md.group(k, list.length));
  for (const t of c.movers) add(msg.md.moverHeading(t.title, t.metric), en.md.moverHeading(en.movers[t.id].title, en.movers[t.id].metric));
  const used = new Set<string>();
  return (text) => {
    const base = ids.get(plain(text)) ?? slug(plain(text));
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
    used.add(id);
    return id;
  };
}

function newMarked(idPrefix: string, ids: (text: string) => string, msg: CompareMessages, rules: ReadonlySet<string>): Marked {
  return new Marked({
    gfm: true,
    async: false,
    renderer: {
      ...safeInlineRenderers,
      // The rule id after a finding's line (markdown.ts verdictLine, oneSide, bothSides): a small grey tag, not a word
      // of the sentence (review Z, Z11). A subject is never a rule id.
      codespan(token: Tokens.Codespan): string | false {
        return rules.has(token.text) ? `<code class="rule-tag">${esc(token.text)}</code>` : false;
      },
      heading(token: Tokens.Heading): string {
        const inner = this.parser.parseInline(token.tokens);
        const id = token.depth <= 3 ? ` id="${idPrefix}${ids(token.text)}"` : '';
        return `<h${token.depth}${id}>${inner}</h${token.depth}>\n`;
      },
      // The only blockquote compare.md has is the order note of the verdict (markdown.ts orderNote).
      blockquote(token: Tokens.Blockquote): string {
        const warn = token.text.startsWith(`**${msg.md.warning}:**`);
        return `<div class="order-note${warn ? ' warn' : ''}" role="${warn ? 'alert' : 'note'}">${this.parser.parse(token.tokens)}</div>\n`;
      },
      table(token: Tokens.Table): string {
        const cell = (c: Tokens.TableCell, i: number, tag: 'th' | 'td'): string => {
          const cls = token.align[i] === 'right' ? 'num' : /\S{41}/.test(c.text) ? 'long' : '';
          const inner = this.parser.parseInline(c.tokens);
          // Addresses and host names break at their <wbr>s only (review AH), as in report.html.
          if (tag === 'th') return `<th${cls ? ` class="${cls}"` : ''}>${withPhraseBreaks(inner)}</th>`;
          if (cls === 'num') return `<td class="num">${inner}</td>`;
          return breakableCell(inner, cls, i === 0 ? FIRST_COLUMN_MIN_WORD : MIN_WORD);
        };
        const head = `<tr>${token.header.map((c, i) => cell(c, i, 'th')).join('')}</tr>`;
        const body = token.rows.map((row) => `<tr>${row.map((c, i) => cell(c, i, 'td')).join('')}</tr>`).join('\n');
        // A finding's evidence (markdown.ts oneSide, bothSides): its words keep a readable width beside long values.
        const evidence = token.header[0]?.text === msg.md.evidence ? ' class="evidence"' : '';
        return `<div class="table-wrap"><table${evidence}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table></div>\n`;
      },
    },
  });
}

/**
 * "<strong>RESOLVED</strong>", "<strong>REDUCED BY 44%</strong>" … → badges: the status texts of this comparison's
 * findings, in its language (log text is escaped in the Markdown, so only our own markup gives a bold status).
 */
function badges(html: string, c: Comparison, msg: CompareMessages): string {
  // A finding below its threshold at the same rate, or in an after log too short to tell, looks like a persisting one.
  // A follow-up note is no new problem (review 19).
  const status = new Map(c.findings.map((f) => [esc(badgeText(f, msg)), unclearResolved(f) ? 'persisting' : f.followUp === true ? 'reduced' : f.status]));
  return html.replace(/<strong>([^<]*)<\/strong>/g, (m, label: string) => {
    const kind = status.get(label);
    return kind === undefined ? m : `<span class="status st-${kind}">${label.toLowerCase()}</span>`;
  });
}

/** The rule ids of the comparison's findings: the tags of its lines. */
function ruleIds(c: Comparison): ReadonlySet<string> {
  return new Set(c.findings.map((f) => f.rule));
}

function figures(charts: OverlayChart[]): string {
  if (charts.length === 0) return '';
  return `<div class="charts">\n${charts.map((c) => `<figure class="chart${c.empty ? ' chart-empty' : ''}" id="chart-${esc(c.id)}">\n${c.svg.trim()}\n</figure>\n`).join('')}</div>\n`;
}

interface Section { heading: Tokens.Heading | null; tokens: Token[] }

function sections(tokens: Token[], depth: number): Section[] {
  const out: Section[] = [{ heading: null, tokens: [] }];
  for (const t of tokens) {
    if (t.type === 'heading' && (t as Tokens.Heading).depth === depth) out.push({ heading: t as Tokens.Heading, tokens: [] });
    else out[out.length - 1]!.tokens.push(t);
  }
  return out;
}

function header(c: Comparison, title: string, msg: CompareMessages): string {
  const counts = c.verdict.counts;
  // The findings below their threshold but still going on are persisting ones with a tile of their own, before "still
  // there", as compare.md gives them a section of their own (review AH's rest: "2 still there" held a finding that
  // compare.md calls "Below the threshold, still going on"); the tile is there only when there are some.
  const going = counts.stillGoingOn ?? 0;
  // So do the resolved findings whose verdict reads "Unclear", after "fixed" (review AK, AK1: "7 fixed" over six of them).
  const unclear = counts.unclear ?? 0;
  const tiles: Array<[number, CompareGroup]> = [
    [counts.resolved - unclear, 'resolved'], ...(unclear > 0 ? [[unclear, 'unclear'] as [number, CompareGroup]] : []),
    [counts.reduced, 'reduced'], ...(going > 0 ? [[going, 'stillGoingOn'] as [number, CompareGroup]] : []),
    [counts.persisting - going, 'persisting'], [counts.new, 'new'],
  ];
  const side = (label: string, s: Comparison['before']): string => `<div><dt>${esc(label)}</dt><dd>${esc(when(s.period.from))} → ${esc(when(s.period.to))} `
    + `<span class="muted">${esc(msg.html.periodNote(n(s.period.hours), n(s.lines)))}</span></dd></div>`;
  // An after log older than the before log: said in the masthead too, over the tiles that would read as a fix.
  // So are a side that cannot be compared and two runs of no common host (review 8, H2 and M4).
  const warn = (text: string): string => `<div class="order-note warn" role="alert"><p><strong>${esc(msg.md.warning)}:</strong> ${esc(text)}</p></div>\n`;
  const checks = c.checks ? [...c.checks.unusable.map((u) => u.note), ...(c.checks.hosts === null ? [] : [c.checks.hosts]), ...(c.checks.zones ? [c.checks.zones] : []),
    ...(c.checks.olderBefore ? [c.checks.olderBefore] : []), ...(c.checks.options ? [c.checks.options] : []), ...(c.checks.purge ? [c.checks.purge] : []),
    ...(c.checks.versions ? [c.checks.versions] : [])] : [];
  // No "7 resolved" tiles over a side that cannot be compared.
  const unusable = (c.checks?.unusable.length ?? 0) > 0;
  const order = checks.map(warn).join('')
    + (c.order?.relation === 'after-older' && c.order.note !== null ? warn(c.order.note) : '');
  const redaction = c.redaction
    ? `<p class="redacted">${msg.redaction(c.redaction.domains, `<code>${esc(c.redaction.keyFingerprint)}</code>`)}</p>\n`
    : '';
  return `<header class="masthead">
<div class="kicker">${esc(msg.html.kicker)}</div>
<h1>${esc(stripControls(title))}</h1>
<dl class="meta">
${side(msg.md.periodLabel.before, c.before)}
${side(msg.md.periodLabel.after, c.after)}
</dl>
${order}${unusable ? '' : `<div class="tiles${tiles.length > 5 ? ' six' : tiles.length > 4 ? ' five' : ''}">${tiles.map(([v, cls]) => `<div class="tile st-${cls}${v > 0 ? ' on' : ''}"><div class="tile-value">${v}</div><div class="tile-label">${withPhraseBreaks(esc(msg.html.tiles[cls]))}</div></div>`).join('')}</div>\n`}${redaction}</header>\n`;
}

/** compare.html. Pure: same comparison and charts → same bytes. */
export function renderCompareHtml(c: Comparison, opts: { title?: string; charts: OverlayChart[] }): string {
  const msg = compareMessagesFor(c.lang);
  const title = opts.title ?? msg.defaultTitle;
  const ids = headingIds(c, msg);
  const marked = newMarked('', ids, msg, ruleIds(c));
  // The Markdown with a Charts section (links) when there are charts; here the section shows the charts themselves.
  const tokens = marked.lexer(renderCompareMarkdown(c, title, opts.charts.map((x) => ({ path: x.path, title: x.title }))));
  const h1 = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).depth === 1);
  if (h1 >= 0) tokens.splice(h1, 1);
  // …and so does the list of the two periods under it (the header shows both).
  const periods = tokens.findIndex((t) => t.type === 'list' && t.raw.startsWith(`- **${msg.md.periodLabel.before}:**`));
  if (periods >= 0 && periods <= 2) tokens.splice(periods, 1);
  const parts: string[] = [];
  const toc: string[] = [];
  for (const s of sections(tokens, 2)) {
    if (s.heading === null) {
      parts.push(`<div class="lead">\n${marked.parser(s.tokens)}</div>\n`);
      continue;
    }
    const id = ids(s.heading.text);
    const heading = marked.parseInline(s.heading.text) as string;
    toc.push(`<li><a href="#${id}">${heading}</a></li>`);
    const body = id === 'charts' ? figures(opts.charts) : marked.parser(s.tokens);
    parts.push(`<section id="${id}" class="section-${id}">\n<h2>${heading}</h2>\n${badges(body, c, msg)}</section>\n`);
  }
  return htmlPage({
    lang: c.lang ?? 'en', generator: `${c.tool.name} ${c.tool.version}`, css: CSS + STATUS_CSS + messagesFor(c.lang).html.css,
    title: documentTitle(title, [...new Set([...c.before.hosts, ...c.after.hosts])], c.before.period, c.after.period),
    body: `${header(c, title, msg)}<nav class="toc" aria-label="${esc(msg.html.contents)}"><ol>${toc.join('')}</ol></nav>\n${parts.join('')}`,
  });
}

/**
 * The "Compared with the baseline" section for report.html (a <section> with its own small <style>, since
 * report.html's stylesheet does not know the status badges), and its table-of-contents entry.
 */
export function renderBaselineHtml(c: Comparison, charts: OverlayChart[]): { section: string; tocEntry: string } {
  const msg = compareMessagesFor(c.lang);
  const marked = newMarked('baseline-', headingIds(c, msg), msg, ruleIds(c));
  const tokens = marked.lexer(renderBaselineMarkdown(c));
  const h2 = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).depth === 2);
  if (h2 >= 0) tokens.splice(h2, 1);
  const parts: string[] = [];
  for (const s of sections(tokens, 3)) {
    const body = badges(marked.parser(s.heading ? [s.heading, ...s.tokens] : s.tokens), c, msg);
    parts.push(body);
    // The overlay charts go right after the totals they illustrate.
    if (s.heading && plain(s.heading.text) === msg.md.totals) parts.push(figures(charts));
  }
  const id = slug(compareEn.md.baseline);
  const section = `<section id="${id}" class="section-${id}">\n<style>\n${STATUS_CSS}</style>\n<h2>${esc(msg.md.baseline)}</h2>\n${parts.join('')}</section>\n`;
  assertInert(section);
  return { section, tocEntry: `<li><a href="#${id}">${esc(msg.md.baseline)}</a></li>` };
}

const STATUS_CSS = `.status { display: inline-block; padding: 1px 8px; border-radius: 4px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; border: 1px solid transparent; vertical-align: 1px; }
.status.st-resolved { background: #e3f4e8; color: #11622f; border-color: #11622f; }
.status.st-reduced { background: #fff; color: #175cd3; border-color: #175cd3; }
.status.st-persisting { background: #fff3e0; color: #93370d; border-color: #b54708; border-style: dashed; }
.status.st-new { background: #b42318; color: #fff; }
.rule-tag { font-size: 11px; color: #5b6472; background: #f2f4f7; border: 1px solid #e4e7ec; border-radius: 4px; padding: 0 5px; margin-left: 4px; white-space: nowrap; }
.order-note { margin: 10px 0 14px; padding: 8px 12px; border-left: 4px solid #b54708; background: #fffaeb; font-size: 14px; }
.order-note p { margin: 0; }
.order-note.warn { border-left-color: #b42318; background: #fef3f2; color: #7a271a; font-weight: 600; }
`;

const CSS = `:root { --ink: #1d2330; --muted: #5b6472; --line: #dde2ea; --soft: #f5f7fa; --zebra: #f7f9fc; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { margin: 0; background: #e9edf2; color: var(--ink); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Hiragino Sans", "Yu Gothic", Meiryo, "Noto Sans CJK JP", sans-serif; }
.page { max-width: 1100px; margin: 28px auto; padding: 40px 48px 48px; background: #fff; border-radius: 10px; box-shadow: 0 1px 3px rgba(16, 24, 40, .12), 0 8px 24px rgba(16, 24, 40, .06); }
.masthead { border-bottom: 3px solid var(--accent); padding-bottom: 18px; margin-bottom: 18px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 600; color: var(--accent); }
h1 { font-size: 30px; line-height: 1.2; margin: 6px 0 14px; }
.meta { display: flex; flex-wrap: wrap; gap: 10px 36px; margin: 0; }
.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
.meta dd { margin: 2px 0 0; font-weight: 600; }
.muted { color: var(--muted); font-weight: 400; }
.tiles { display: grid; grid-template-columns: repeat(4, minmax(90px, 140px)); gap: 10px; margin: 16px 0 0; }
.tiles.five { grid-template-columns: repeat(5, minmax(90px, 140px)); }
.tiles.six { grid-template-columns: repeat(6, minmax(90px, 140px)); }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; border-top: 4px solid #c5ccd6; }
.tile.on.st-resolved { border-top-color: #11622f; }
.tile.on.st-reduced { border-top-color: #175cd3; }
.tile.on.st-persisting, .tile.on.st-stillGoingOn, .tile.on.st-unclear { border-top-color: #b54708; }
.tile.on.st-new { border-top-color: #b42318; }
.tile-value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile-label { font-size: 12px; color: var(--muted); }
.redacted { margin: 14px 0 0; padding: 8px 12px; background: var(--soft); border-left: 4px solid var(--accent); font-size: 13px; }
.toc ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0 0 8px; }
.toc a { display: inline-block; padding: 3px 10px; border: 1px solid var(--line); border-radius: 999px; font-size: 13px; color: var(--accent); text-decoration: none; }
.lead { color: var(--muted); font-size: 14px; }
.lead strong { color: var(--ink); }
section { margin-top: 34px; }
h2 { font-size: 21px; margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; line-height: 1.4; margin: 24px 0 8px; }
h4 { font-size: 15px; margin: 20px 0 6px; }
.section-verdict ul { list-style: none; padding-left: 0; }
.section-verdict li { margin: 6px 0; }
p, ul, ol { margin: 8px 0 12px; }
a { color: var(--accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .86em; background: var(--soft); border: 1px solid #e6e9ef; border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 8px 0 18px; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 6px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #eceff3; overflow-wrap: break-word; }
td code { overflow-wrap: inherit; }
td.unbroken, td.unbroken code, td .unbroken { overflow-wrap: anywhere; }
th { background: #eef1f5; color: #344054; font-weight: 600; font-size: 12px; }
th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.long { min-width: 14em; }
table.evidence td:first-child { width: 34%; min-width: 8em; }
table.evidence td:not(:first-child) { min-width: 0; }
.charts { display: grid; grid-template-columns: 1fr; gap: 14px; margin: 12px 0 20px; }
figure.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff; display: flex; justify-content: center; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
@media (max-width: 720px) { .page { margin: 0; padding: 20px 16px; border-radius: 0; } .tiles { grid-template-columns: repeat(2, 1fr); } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .toc { display: none; }
  h2, h3, h4 { break-after: avoid; }
  figure.chart, .tiles { break-inside: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  table { font-size: 8pt; }
  tr { break-inside: avoid; }
}
`;
