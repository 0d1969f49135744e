// The renderers: each turns the report model into files. `--format` picks them by name.

import type { Report } from '../report/model.js';
import { renderMarkdown } from './markdown.js';
import type { ChartLink } from './markdown.js';
import { renderLists } from './lists.js';
import type { Messages } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import { folderEntries, renderReadme } from './folder.js';
import type { FolderEntry, FolderPlan } from './folder.js';
import { renderTicket } from './ticket.js';
import { atNow, msSince, timingLine } from '../timing.js';
import type { ChartDrawer } from './chart-svg.js';
import type { ChartSpec, RenderedChart } from './charts.js';

export interface RenderedFile {
  /** Path relative to the output directory. */
  path: string;
  content: string | Buffer;
}

export interface RenderOptions {
  title: string;
  /** Language of the page, charts and Markdown (default: the report's own, report.lang). CSV headers stay English. */
  messages?: Messages;
  /** The files the run writes (renderReport makes it): the reports list them ("Files in this folder", README.txt). */
  folder?: FolderPlan;
  /**
   * The name of the folder's list of files (output-owned.ts readmeNameFor): README.txt unless the output folder
   * holds one of someone else's; null writes none. Default README.txt.
   */
  readme?: string | null;
  /**
   * Draws the charts elsewhere (the chart thread: workers/chart-thread.ts): with html, renderReport asks for them
   * before it draws any format, and finishes report.html when they come, after the others (written in the same order).
   * Without it, the html renderer draws them on this thread in its turn.
   */
  drawCharts?: ChartDrawer;
}

export interface Renderer {
  name: string;
  description: string;
  render: (report: Report, opts: RenderOptions) => RenderedFile[] | Promise<RenderedFile[]>;
}

/** Stable JSON: the report is already in a deterministic order; two-space indent, final newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export const RENDERERS: Renderer[] = [
  {
    name: 'json',
    description: 'report.json, the machine contract',
    render: (r) => [{ path: 'report.json', content: renderJson(r) }],
  },
  // html before md: it renders the charts, writes them as charts/*.svg, and report.md then links them (see below).
  {
    name: 'html',
    description: 'report.html, self-contained (inline CSS and SVG charts, no script, no network), and charts/*.svg',
    render: renderHtmlAndCharts,
  },
  {
    name: 'md',
    description: 'report.md, the whole report, and ticket.md, the short one for a ticket body (report.md links charts/*.svg when html is written too)',
    render: (r, o) => {
      const charts = chartsWritten.get(r) ?? [];
      const folder = folderOf(r, o, charts);
      return [
        { path: 'ticket.md', content: renderTicket(r, o.title, o.messages, folder) },
        { path: 'report.md', content: renderMarkdown(r, o.title, charts, o.messages, { overview: true, ...(o.folder === undefined ? {} : { folder }) }) },
      ];
    },
  },
  { name: 'csv', description: 'csv/<table>.csv, one file per table, formula-safe', render: renderCsvFiles },
];

// Charts: vega + vega-lite take a few hundred ms to load, so only the html renderer loads them (lazily, on first
// use), and it also writes each chart as charts/<id>.svg. The CLI calls the chosen renderers in the order of this
// list on one report object, so when html is chosen it has run before md, and md links the files it wrote; with
// `--format json,md` nothing loads vega and report.md links no file that does not exist.
const chartsWritten = new WeakMap<Report, ChartLink[]>();

async function renderHtmlAndCharts(r: Report, o: RenderOptions): Promise<RenderedFile[]> {
  const [{ renderCharts }, { renderHtml }] = await Promise.all([import('./charts.js'), import('./html.js')]);
  const drawing = process.hrtime.bigint();
  const charts = await renderCharts(r, o.messages);
  timingLine(`render charts ${msSince(drawing)} ms (${charts.length} charts, ${atNow()})`);
  const links = charts.map((c) => ({ path: c.path, title: c.title }));
  chartsWritten.set(r, links);
  const folder = o.folder === undefined ? {} : { folder: folderOf(r, o, links) };
  return [
    { path: 'report.html', content: renderHtml(r, { title: o.title, charts, messages: o.messages, ...folder }) },
    ...charts.map((c) => ({ path: c.path, content: c.svg })),
  ];
}

async function renderCsvFiles(r: Report): Promise<RenderedFile[]> {
  const { renderCsv } = await import('./csv.js');
  return renderCsv(r);
}

/**
 * Every file of a report in the chosen formats: the renderers in the order of RENDERERS, then the lists the
 * findings export (queue-delete.txt, blocklist-ips.txt, compromised-ips.txt, dns-records.txt), whatever the
 * formats: the report names them as "next to this report" in every format; then README.txt, which lists them all.
 */
export async function renderReport(
  r: Report, formats: readonly string[], opts: RenderOptions, sink?: (files: RenderedFile[]) => unknown,
): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  let any = false;
  // With a sink, each format's files go to it as soon as they are drawn, and are not kept (see output.ts); the next
  // format waits for a promise the sink returns (the CLI turns the event loop there: commands.ts).
  const put = async (got: RenderedFile[]): Promise<void> => {
    any ||= got.length > 0;
    if (sink === undefined) files.push(...got);
    else await sink(got);
  };
  const csvTables = formats.includes('csv') ? (await import('./csv.js')).csvTableNames(r) : [];
  const readme = opts.readme === undefined ? 'README.txt' : opts.readme;
  const planned: RenderOptions = { ...opts, folder: { formats, csvTables, readme } };
  // MAILLOG_FORENSICS_TIMING: each format's drawing and writing apart.
  const timed = async (name: string, render: () => RenderedFile[] | Promise<RenderedFile[]>): Promise<void> => {
    const drawing = process.hrtime.bigint();
    const got = await render();
    const drawn = msSince(drawing);
    const writing = process.hrtime.bigint();
    await put(got);
    timingLine(`render ${name} ${drawn} ms, ${sink === undefined ? 'kept' : 'written'} in ${msSince(writing)} ms (${atNow()})`);
  };
  // With the charts drawn elsewhere: asked for first; report.html is laid out in its turn and finished last, and the
  // formats after it wait, drawn, to be written in their turn (the list of files written keeps its order).
  const charts = formats.includes('html') && opts.drawCharts !== undefined ? await askForCharts(r, planned, opts.drawCharts) : null;
  const waiting: Array<() => Promise<void>> = [];
  for (const x of RENDERERS) {
    if (!formats.includes(x.name)) continue;
    if (x.name === 'html' && charts !== null) {
      const laying = process.hrtime.bigint();
      const layout = (await import('./html.js')).layoutHtml(r, { title: opts.title, charts: charts.specs, messages: opts.messages, ...charts.folder });
      const laid = msSince(laying);
      waiting.push(async () => {
        const waited = process.hrtime.bigint();
        const drawn = await charts.drawn;
        const filling = process.hrtime.bigint();
        const got = [{ path: 'report.html', content: layout.page(drawn) }, ...drawn.map((c) => ({ path: c.path, content: c.svg }))];
        const filled = msSince(filling);
        const writing = process.hrtime.bigint();
        await put(got);
        timingLine(`render html ${laid} ms laid out, charts waited for ${msSince(waited)} ms, page ${filled} ms, written in ${msSince(writing)} ms (${atNow()})`);
      });
    } else if (waiting.length > 0) {
      const drawing = process.hrtime.bigint();
      const got = await x.render(r, planned);
      timingLine(`render ${x.name} ${msSince(drawing)} ms, kept until report.html is written (${atNow()})`);
      waiting.push(() => put(got));
    } else {
      await timed(x.name, () => x.render(r, planned));
    }
  }
  for (const w of waiting) await w();
  if (any) {
    await timed('lists', () => renderLists(r));
    // The folder's own list, last: it names every file above (review Z, Z17).
    const msg = opts.messages ?? messagesFor(r.lang);
    if (readme !== null) await put([{ path: readme, content: renderReadme(r, msg, opts.title, folderOf(r, planned, chartsWritten.get(r) ?? [])) }]);
  }
  return files;
}

/**
 * The charts asked of `draw` (the chart thread) before any format is drawn: their specs, which name them for the page's
 * layout and report.md's links, and their drawing, under way.
 */
async function askForCharts(r: Report, o: RenderOptions, draw: ChartDrawer): Promise<{ specs: ChartSpec[]; drawn: Promise<RenderedChart[]>; folder: { folder?: FolderEntry[] } }> {
  const { chartSpecs, withSvgs } = await import('./charts.js');
  const asking = process.hrtime.bigint();
  const specs = chartSpecs(r, o.messages);
  const drawn = withSvgs(specs, draw);
  // Held until report.html is finished: a failure is thrown there, not as an unhandled rejection meanwhile.
  drawn.catch(() => undefined);
  const links = specs.map((c) => ({ path: c.path, title: c.title }));
  chartsWritten.set(r, links);
  timingLine(`render charts asked for (${specs.length} charts, specs ${msSince(asking)} ms, ${atNow()})`);
  return { specs, drawn, folder: o.folder === undefined ? {} : { folder: folderOf(r, o, links) } };
}

/** The entries of the folder list for this run: the charts are those the html renderer drew (none without it). */
function folderOf(r: Report, o: RenderOptions, charts: readonly ChartLink[]): FolderEntry[] {
  const plan = o.folder ?? { formats: [], csvTables: [] };
  return folderEntries(r, o.messages ?? messagesFor(r.lang), plan, charts);
}

export function rendererNames(): string[] {
  return RENDERERS.map((r) => r.name);
}
