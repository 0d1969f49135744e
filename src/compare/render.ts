// The comparison's outputs (compare.json, compare.md, compare.html + charts/*.svg), and the "Compared with the
// baseline" section `analyze --baseline` adds to report.md and report.html. Charts (vega) and HTML (marked) load
// lazily, only when html is asked for; compare.md links the chart files only when they are written in the same run.

import type { RenderedFile } from '../render/index.js';
import type { Report } from '../report/model.js';
import type { Comparison } from './model.js';
import { renderBaselineMarkdown, renderCompareMarkdown } from './markdown.js';
import { messagesFor } from '../i18n/index.js';
import type { ChartDrawer } from '../render/chart-svg.js';

export const COMPARE_FORMATS = ['json', 'md', 'html'] as const;

/** Stable JSON: the model is built in a deterministic order; two-space indent, final newline. */
export function renderComparisonJson(c: Comparison): string {
  return JSON.stringify(c, null, 2) + '\n';
}

/**
 * `title`: compare.md's and compare.html's (default: the comparison's language's, "Before and after"); `drawCharts`:
 * the chart thread's (workers/chart-thread.ts), else they are drawn on this thread.
 */
export async function renderComparison(c: Comparison, opts: { title?: string; formats: string[]; drawCharts?: ChartDrawer }): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  if (opts.formats.includes('json')) files.push({ path: 'compare.json', content: renderComparisonJson(c) });
  let links: Array<{ path: string; title: string }> = [];
  if (opts.formats.includes('html')) {
    const [{ renderOverlayCharts }, { renderCompareHtml }] = await Promise.all([import('./charts.js'), import('./html.js')]);
    const charts = await renderOverlayCharts(c, opts.drawCharts);
    links = charts.map((x) => ({ path: x.path, title: x.title }));
    files.push({ path: 'compare.html', content: renderCompareHtml(c, { title: opts.title, charts }) });
    files.push(...charts.map((x) => ({ path: x.path, content: x.svg })));
  }
  if (opts.formats.includes('md')) files.push({ path: 'compare.md', content: renderCompareMarkdown(c, opts.title, links) });
  return files;
}

/** Puts `insert` before the first `marker` found (in order), or before `fallback`, or at the end. */
function insertBefore(text: string, markers: string[], insert: string): string {
  for (const m of markers) {
    const at = text.indexOf(m);
    if (at >= 0) return text.slice(0, at) + insert + text.slice(at);
  }
  return text + insert;
}

/**
 * Adds report.comparison to the rendered report.md and report.html as a "Compared with the baseline" section, after
 * the findings (before the totals). The report renderers stay untouched (and their output byte-identical without --baseline).
 */
export async function addBaselineSection(files: RenderedFile[], report: Report): Promise<RenderedFile[]> {
  const c = report.comparison;
  if (!c) return files;
  const out: RenderedFile[] = [];
  for (const f of files) {
    if (f.path === 'report.md') {
      const md = String(f.content);
      // After Summary and Findings: before "## Totals" (in the report's language), or before the third "## "
      // heading, or at the end.
      const totals = md.indexOf(`\n## ${messagesFor(report.lang).report.h.totals}\n`);
      const at = totals >= 0 ? totals : [...md.matchAll(/\n## /g)][2]?.index ?? md.length;
      out.push({ ...f, content: `${md.slice(0, at)}\n${renderBaselineMarkdown(c)}${md.slice(at)}` });
    } else if (f.path === 'report.html') {
      const [{ renderOverlayCharts }, { renderBaselineHtml }] = await Promise.all([import('./charts.js'), import('./html.js')]);
      const { section, tocEntry } = renderBaselineHtml(c, await renderOverlayCharts(c));
      let html = insertBefore(String(f.content), ['<section id="totals"', '<section id="appendix"', '</main>'], section);
      const next = ['<li><a href="#totals">', '<li><a href="#appendix">'].filter((m) => html.includes(m));
      html = next.length > 0 ? insertBefore(html, next, tocEntry) : html.replace('</ol></nav>', `${tocEntry}</ol></nav>`);
      out.push({ ...f, content: html });
    } else {
      out.push(f);
    }
  }
  return out;
}
