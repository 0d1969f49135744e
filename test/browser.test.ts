// report.html in a real browser (headless Chromium through playwright-core): opened from a file:// URL with every
// other request aborted and recorded, JavaScript disabled like a locked-down mail client. Skips, saying why, when
// Chromium (Debian package "chromium") or playwright-core is not installed. One Chromium serves the file's tests (each
// test opens its own contexts), and the corpus incident's report.html is drawn once per set of formats and opened by
// every test that reads it unchanged.

import { after, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeOutputs } from '../src/output.js';
import { incidentReport, INCIDENT, renderAll, ROOT } from './fixtures/render/reports.js';
import type { Report, QueuedRow } from '../src/report/model.js';
import { CHROMIUM, CHROMIUM_ARGS, japaneseFontOrSkip, japaneseLineBreaks, openOffline, playwrightOrSkip, printedOnA4 } from './browser-helpers.js';

/** The reports drawn by this file's tests, a directory each, removed when the file ends. */
const DIR = mkdtempSync(join(tmpdir(), 'mf-browser-'));
let browserStarted: Promise<Browser> | null = null;
after(async () => {
  // A launch that failed has nothing to close.
  await (await browserStarted?.catch(() => null))?.close();
  rmSync(DIR, { recursive: true, force: true });
});

/** The file's Chromium, launched by the first test that needs it (a launch is ~1 s of CPU), closed when the file ends. */
function chromium(pw: typeof import('playwright-core')): Promise<Browser> {
  browserStarted ??= pw.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return browserStarted;
}

/** `report` drawn in `formats` into a directory of its own: report.html's file:// URL. */
async function drawn(report: Report, formats: Parameters<typeof renderAll>[1]): Promise<string> {
  const dir = mkdtempSync(join(DIR, 'report-'));
  writeOutputs(dir, await renderAll(report, formats));
  return pathToFileURL(join(dir, 'report.html')).href;
}

const incidentDrawn = new Map<string, Promise<string>>();
/** The corpus incident's report drawn in `formats` (once per file and formats, for the tests that only read the page). */
function incidentUrl(formats: Parameters<typeof renderAll>[1]): Promise<string> {
  const key = formats.join(',');
  let url = incidentDrawn.get(key);
  if (url === undefined) incidentDrawn.set(key, url = incidentReport().then((r) => drawn(r, formats)));
  return url;
}

/** The file's Chromium and report.html's file:// URL (`url`, drawn before) given to `body`. */
async function withChromium(pw: typeof import('playwright-core'), url: Promise<string>, body: (browser: Browser, url: string) => Promise<void>): Promise<void> {
  const page = await url;
  await body(await chromium(pw), page);
}

let japanese: Promise<Report> | null = null;
/** The corpus incident's report in Japanese (analysed once per file); a deep copy every call: tests may change it. */
async function japaneseIncidentReport(): Promise<Report> {
  japanese ??= import('../src/run.js').then(({ analyze }) => analyze({ paths: [INCIDENT], jobs: 1, top: 50, formats: ['json'], allowPartial: false, progress: false, version: 'test', lang: 'ja' }))
    .then((r) => r.report);
  return structuredClone(await japanese);
}

test('report.html opens offline in Chromium: no request, no console error, every chart drawn, sections in order', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;

  await withChromium(pw, incidentUrl(['json', 'md', 'html', 'csv']), async (browser, url) => {

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });

    assert.deepEqual(requests, [url], 'the page asked for something else than itself');
    assert.deepEqual(errors, []);

    const charts = page.locator('figure.chart > svg');
    // Six charts, and the compromised account's spam over time (the sample has one).
    assert.equal(await charts.count(), 7);
    for (let i = 0; i < 7; i++) {
      const svg = charts.nth(i);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 100, `chart ${i} is not drawn (${JSON.stringify(box)})`);
      assert.ok(await svg.locator('path, rect').count() > 10, `chart ${i} is empty`);
    }

    const sections = await page.locator('main > section > h2').allTextContents();
    // The corpus incident spans 6 minutes: its activity table is by the minute (review AG, AG6).
    const want = ['Summary', 'Findings', 'Totals', 'SASL users', 'Client IPs', 'Deferral reasons', 'Still queued at the end of the log', 'Activity per minute', 'Appendix'];
    const at = want.map((h) => sections.indexOf(h));
    assert.ok(at.every((i) => i >= 0), `missing sections: ${want.filter((_, k) => at[k]! < 0).join(', ')} in ${sections.join(' | ')}`);
    for (let k = 1; k < at.length; k++) assert.ok(at[k]! > at[k - 1]!, `${want[k]} comes before ${want[k - 1]}`);
    assert.equal(await page.locator('h1').textContent(), 'Mail log forensics report');
    // The kicker is set in capitals, the host name as the log writes it (review AP, L4: "MAIL" for "mail").
    const kicker = await page.locator('.kicker').innerText();
    assert.match(kicker, /^MAIL LOG FORENSICS · /);
    assert.ok(kicker.endsWith(' · ' + (await incidentReport()).hosts.map((x) => x.key).join(', ')), kicker);
    assert.ok(await page.locator('.badge.sev-critical, .badge.sev-high').count() > 0 || await page.locator('.badge.sev-none').count() === 1);

    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'report.png'), fullPage: true });
    await context.close();
  });
});

test('report.html: the summary tiles hold numbers of a 1.5 GB log (millions) without spilling, on screen and in print', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  const report = await incidentReport();
  // The generated 1.5 GB incident log has 3,730,955 deferred attempts and 838,937 SMTP AUTH failures; a longer
  // incident reaches hundreds of millions.
  const tt = report.totals;
  tt.received = 1_234_567_890; tt.delivered = 21_629_000; tt.deferred = 3_730_955; tt.bounced = 7_547; tt.rejected = 994;
  tt.authFailures = 838_937; tt.dovecotLoginFailures = 358_610; tt.stillQueued = 123_456_789;
  await withChromium(pw, drawn(report, ['html']), async (browser, url) => {
    for (const [width, media] of [[1280, 'screen'], [1024, 'screen'], [800, 'screen'], [761, 'screen'], [760, 'screen'], [600, 'screen'], [390, 'screen'], [320, 'screen'], [1280, 'print']] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, offline: true });
      const page = await context.newPage();
      await page.emulateMedia({ media });
      await page.goto(url, { waitUntil: 'load' });
      // Per tile, its box and its value's text's own extent (a range over it), not the value's box: overflowing text
      // spills out of an unchanged box. One round trip per page (runs in the page: no DOM types in this TypeScript).
      const tiles = await page.evaluate(`[...document.querySelectorAll('.kpi')].map((tile, i) => {
        const value = document.querySelectorAll('.kpi-value')[i];
        const range = document.createRange();
        range.selectNodeContents(value);
        const box = tile.getBoundingClientRect(), text = range.getBoundingClientRect();
        return { x: box.x, width: box.width, left: text.left, right: text.right, content: value.textContent };
      })`) as Array<{ x: number; width: number; left: number; right: number; content: string }>;
      assert.equal(tiles.length, 8);
      for (const [i, tile] of tiles.entries()) {
        assert.ok(tile.left >= tile.x && tile.right <= tile.x + tile.width,
          `${media} ${width}px: tile ${i} (${tile.content}) spills out: text ${tile.left.toFixed(0)}–${tile.right.toFixed(0)}, tile ${tile.x.toFixed(0)}–${(tile.x + tile.width).toFixed(0)}`);
      }
      await context.close();
    }
  });
});

test('report.html: no sideways scrolling on a phone (390 and 320 px) when the inputs have long absolute paths or long names', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  const report = await incidentReport();
  // The "Log lines" of every finding start with the file, one word: the corpus analysed from its absolute path made the
  // page 458 px wide at 390 px ("/work/shared/corpus/incident/maillog:716:"). They cite the file's name now (review Z,
  // Z25), and the path is in the inputs table; a long name is one word still. No hyphen in these: a hyphen is a place to
  // break a line, a slash is not. (A URL in a rule's advice did the same: 653 px.)
  for (const [long, name] of [
    ['/work/shared/corpus/incident/maillog', 'maillog'],
    ['/var/log/remotehosts/mail.example.jp/202611/maillog.20261128.1', 'maillog.20261128.1'],
    ['/var/log/remotehosts/maillog_mail_example_jp_20261128_remotehosts_archive_copy.1', 'maillog_mail_example_jp_20261128_remotehosts_archive_copy.1'],
  ] as const) {
    report.inputs[0]!.path = long;
    await noSidewaysScroll(pw, report, long, name);
  }
});

async function noSidewaysScroll(pw: typeof import('playwright-core'), report: Report, long: string, name: string): Promise<void> {
  await withChromium(pw, drawn(report, ['html']), async (browser, url) => {
    for (const width of [390, 320]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, offline: true });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      assert.ok(await page.locator('.finding li', { hasText: `${name}:` }).count() > 0, 'the file is cited in the log lines');
      assert.equal(await page.locator('.finding li', { hasText: `${long}:` }).count(), 0, 'by its name, not its path');
      assert.ok(await page.locator('#appendix td', { hasText: long }).count() > 0, 'the path is in the inputs table');
      const scroll = await page.evaluate('({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth })') as { page: number; view: number };
      assert.ok(scroll.page <= scroll.view, `${long} at ${width}px: the page is ${scroll.page} px wide in a ${scroll.view} px viewport`);
      await context.close();
    }
  });
}

// Review Z, Z14: scaled down to a phone's width, the charts' text was about 4 px high. On a phone a chart keeps its
// size and scrolls sideways in its box (the page does not); on a laptop and on paper (A4: about 700 px) it fits its box.
test('report.html: chart text is 10 px or more on a phone (390 px) and a laptop (1366 px); printed, the charts fit the page', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  await withChromium(pw, incidentUrl(['html']), async (browser, url) => {
    for (const [width, media] of [[390, 'screen'], [1366, 'screen'], [700, 'print']] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, offline: true });
      const page = await context.newPage();
      await page.emulateMedia({ media });
      await page.goto(url, { waitUntil: 'load' });
      // Runs in the page (this project's TypeScript has no DOM types): per chart, its smallest text as drawn (font size
      // times the SVG's scale), and whether it is wider than its box.
      const charts = await page.evaluate(`[...document.querySelectorAll('figure.chart > svg')].map((svg) => {
        const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
        const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        const box = svg.parentElement;
        return { id: box.id, text: Math.min(...sizes), wider: svg.getBoundingClientRect().width > box.clientWidth + 0.5 };
      })`) as Array<{ id: string; text: number; wider: boolean }>;
      assert.equal(charts.length, 7);
      for (const c of charts) {
        if (media === 'screen') assert.ok(c.text >= 10, `${width}px: ${c.id} has text of ${c.text.toFixed(1)} px`);
        else assert.equal(c.wider, false, `printed: ${c.id} is wider than the page`);
      }
      if (width === 390) {
        assert.ok(charts.some((c) => c.wider), 'at 390 px the time charts scroll in their box');
        const scroll = await page.evaluate('({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth })') as { page: number; view: number };
        assert.ok(scroll.page <= scroll.view, `the page is ${scroll.page} px wide in a ${scroll.view} px viewport`);
      }
      await context.close();
    }
  });
});

const decoders = new WeakMap<Browser, Promise<Page>>();
/** The mean of a PNG's pixels' luminance (0 black, 255 white), decoded by a page of `browser` (a canvas) of its own. */
async function meanLuminance(browser: Browser, png: Buffer): Promise<number> {
  // One blank page decodes every strip: a context of its own, apart from the pages measured, closed with the browser.
  let decoder = decoders.get(browser);
  if (decoder === undefined) decoders.set(browser, decoder = browser.newContext({ offline: true }).then((c) => c.newPage()));
  // Runs in the page (no DOM types in this project's TypeScript).
  return await (await decoder).evaluate(`(async () => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(${JSON.stringify(png.toString('base64'))}), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const d = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
    return sum / (d.length / 4);
  })()`) as number;
}

/**
 * The mean luminance at the left and right edges of `box`'s top strip, inside its border: a chart's padding (4 px)
 * or the top of the header cells' padding (6 px), where no content is drawn. Page coordinates (the page is not
 * scrolled: a box's are the same).
 */
async function edgeShades(browser: Browser, page: Page, box: ReturnType<Page['locator']>): Promise<{ left: number; right: number }> {
  const b = (await box.boundingBox())!;
  const strip = async (x: number): Promise<number> => meanLuminance(browser, await page.screenshot({ fullPage: true, clip: { x, y: b.y + 2, width: 4, height: 2 } }));
  return { left: await strip(b.x + 1), right: await strip(b.x + b.width - 5) };
}

// Review AJ, AJ12 and AJ13: on a phone the wide tables and the charts scroll sideways in their boxes. The tables of ten
// columns or more were squeezed to a few words a line (Client IPs of samples/incident.log 95 px a row, 5,625 px in
// all); and nothing but a cut at the screen's edge said that more was there. Now a shadow shows on each side where
// more is hidden: measured in the box's empty top strip (a chart's padding, a header cell's), where no content moves.
test('report.html on a phone (390 px): wide tables keep rows of a line or two, and a box that scrolls shows a shadow where more is hidden (review AJ, AJ12, AJ13)', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  await withChromium(pw, incidentUrl(['html']), async (browser, url) => {
    const page = await openOffline(browser, url, 390);
    const rows = await page.evaluate(`[...document.querySelectorAll('table.many')].map((t) => ({
      id: t.closest('section').id, rows: t.querySelectorAll('tbody tr').length,
      height: [...t.querySelectorAll('tbody tr')].reduce((h, tr) => h + tr.getBoundingClientRect().height, 0) }))`) as Array<{ id: string; rows: number; height: number }>;
    // The activity table has ten columns since review AN, AN6 (SMTP AUTH and IMAP/POP3 failures apart): wide too.
    assert.deepEqual(rows.map((r) => r.id).sort(), ['activity-per-minute', 'client-ips', 'sasl-users']);
    for (const r of rows) assert.ok(r.height / r.rows <= 64, `${r.id}: ${(r.height / r.rows).toFixed(0)} px a row at 390 px`);

    for (const selector of ['#client-ips .table-wrap', 'figure.chart']) {
      const box = page.locator(selector).first();
      const [scrollWidth, clientWidth] = await box.evaluate((el) => [(el as unknown as { scrollWidth: number }).scrollWidth, (el as unknown as { clientWidth: number }).clientWidth]);
      assert.ok(scrollWidth > clientWidth + 100, `${selector} scrolls sideways at 390 px (${scrollWidth} in ${clientWidth})`);
      const start = await edgeShades(browser, page, box);
      await box.evaluate((el) => { (el as unknown as { scrollLeft: number }).scrollLeft = 1e6; });
      const end = await edgeShades(browser, page, box);
      // A shadow (up to 30% of a dark ink) darkens its side by tens; the covered side is the box's own colour.
      assert.ok(start.right < end.right - 15, `${selector}: no shadow on the right while more is there (${start.right.toFixed(0)} vs ${end.right.toFixed(0)} at the end)`);
      assert.ok(end.left < start.left - 15, `${selector}: no shadow on the left once scrolled (${end.left.toFixed(0)} vs ${start.left.toFixed(0)} at the start)`);
    }
    await page.context().close();
    // A box that does not scroll has no shadow: SASL users on a laptop, whose header cells are the same at both ends.
    const wide = await openOffline(browser, url, 1280);
    const { left, right } = await edgeShades(browser, wide, wide.locator('#sasl-users .table-wrap'));
    assert.ok(Math.abs(left - right) < 2 && left > 230, `SASL users at 1,280 px: ${left.toFixed(0)} on the left, ${right.toFixed(0)} on the right`);
    await wide.context().close();
  });
});

test('report.html: a table\'s times wrap between date and clock only, and SASL users fits a 1,024 px window (review AG, AG5)', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  await withChromium(pw, incidentUrl(['html']), async (browser, url) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 }, offline: true });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const wrap = page.locator('#sasl-users .table-wrap');
    const [scroll, client] = await wrap.evaluate((el) => [(el as unknown as { scrollWidth: number }).scrollWidth, (el as unknown as { clientWidth: number }).clientWidth]);
    assert.ok(scroll <= client + 1, `SASL users scrolls sideways at 1,024 px: ${scroll} > ${client}`);
    // Each First/Last time on two lines at most: "2026-11-28" and "22:16:04", never "2026-11-" then "28".
    // Per time cell, its first span (the date) as shown and its height, in one round trip (runs in the page).
    const times = await page.evaluate(`[...document.querySelectorAll('#sasl-users td.when')].map((td) => {
      const date = td.querySelector('span');
      return { text: date.innerText, height: date.getBoundingClientRect().height };
    })`) as Array<{ text: string; height: number }>;
    assert.ok(times.length >= 12, `${times.length} times`);
    for (const [i, date] of times.entries()) {
      assert.match(date.text, /^\d{4}-\d\d-\d\d$/);
      // One line of text: its height is under two lines'.
      assert.ok(date.height < 30, `time ${i}: its date spans ${date.height} px`);
    }
    await context.close();
  });
});

test('report.html printed on A4: no table is wider than the page\'s text, and an IP stays on one line (review AG, AG9)', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  await withChromium(pw, incidentUrl(['html']), async (browser, url) => {
    const { page, wide } = await printedOnA4(browser, url);
    // Before: sasl-users 873, client-ips 805 and deleted-in-bulk 773 px on the corpus incident.
    assert.deepEqual(wide, []);
    // The lines each IP's text takes (a Range's boxes: one a line), whatever the row's height.
    const lines = await page.evaluate(`[...document.querySelectorAll('#client-ips tbody td:first-child')].map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return [td.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
    })`) as Array<[string, number]>;
    assert.ok(lines.length >= 10, `${lines.length} IPs`);
    assert.deepEqual(lines.filter(([, n]) => n !== 1), []);
    await page.context().close();
  });
});

/**
 * Per table cell of the page (its `selector`), printed: each place where its text goes on to a new line, as the text
 * before and after it ("takahashi@exa" | "mple.jp"). The lines of a cell are the tops of its characters' boxes (a
 * Range per character: getClientRects), across its elements; a space or a <br> between two characters is a break.
 * `lastResort`: inside a run that may break anywhere (render/break-points.ts, span.unbroken).
 */
async function lineBreaks(page: import('playwright-core').Page, selector: string): Promise<Array<{ section: string; before: string; after: string; lastResort: boolean }>> {
  // Runs in the page (this project's TypeScript has no DOM types).
  return await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].flatMap((td) => {
    const chars = [];
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        // A space at the end of a line has no box: it stands for the break.
        chars.push({ c: node.data[i], top: rects.length > 0 ? rects[0].top : null, unbroken: node.parentElement.closest('.unbroken') !== null });
      }
    }
    const text = chars.map((x) => x.c).join('');
    const out = [];
    for (let k = 1; k < chars.length; k++) {
      const a = chars[k - 1], b = chars[k];
      if (a.top === null || b.top === null || Math.abs(b.top - a.top) < 2) continue;
      out.push({ section: td.closest('section')?.id ?? '', before: text.slice(Math.max(0, k - 30), k), after: text.slice(k, k + 20), lastResort: a.unbroken && b.unbroken });
    }
    return out;
  })`);
}

/** A line break inside a word is all right after "@", "-", "/" or ":", before ".", or beside Japanese text; never between two letters or digits. */
function midToken(b: { before: string; after: string }): boolean {
  return /[A-Za-z0-9]$/.test(b.before) && /^[A-Za-z0-9]/.test(b.after);
}

// Review AH: printed, the tables broke addresses and host names anywhere ("takahashi@exa" / "mple.jp", "gmail.c" /
// "om", an IP "212.35.221.3" / "6") and words ("passwo" / "rd guessing"): the cells had overflow-wrap: anywhere, which
// also let the table squeeze a column to a few letters. The old CSS broke 254 words on the sample incident, 108 on
// the brute force, and the corpus incident in English and Japanese likewise.
test('report.html printed on A4, English and Japanese: table cells break addresses, host names and IPv6 addresses at <wbr>s only, never mid-word, and still fit the page (review AH)', { timeout: 120_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null) return;
  for (const lang of ['en', 'ja'] as const) {
    const report = lang === 'en' ? await incidentReport() : await japaneseIncidentReport();
    // Longer than the corpus has (its queue is empty at the end): IPv6 clients, senders of long domains, a long name.
    const queued = (qid: string, sender: string, clientIp: string): QueuedRow => ({
      qid, host: 'mail', since: '2026-11-28T08:52:33+09:00', saslUser: 'takahashi@example.jp', sender, clientIp,
      recipients: 3, pending: 1, deferrals: 24, partial: false, to: [], pendingTo: [], refused: 0, refusedTo: [], lastAt: '2026-11-28T09:52:33+09:00',
    });
    report.stillQueued.unshift(
      queued('88C471637B1', 'no-reply-notifications8176@accounts-security.example-bank.co.jp', '2001:db8:85a3:1200:8a2e:370:7334:1f2e'),
      queued('88C471637B2', '0106019363a1b2c3-d4e5f607@ap-northeast-1.amazonses.com', 'fe80::1ff:fe23:4567:890a'),
      queued('88C471637B3', 'user8176@gmail.com', '212.35.221.36'),
    );
    report.totals.stillQueued += 3;
    assert.ok(report.byClientIp.length >= 10, `${report.byClientIp.length} client IPs`);
    report.byClientIp[0]!.key = '2607:f8b0:4864:20::22e';
    report.byClientIp[1]!.name = 'mail-tycjpn01on2041.outbound.protection.outlook.com';
    report.byClientIp[2]!.saslUsers = ['no-reply-notifications@accounts-security.example-bank.co.jp', 'takahashi@example.jp'];
    await withChromium(pw, drawn(report, ['html']), async (browser, url) => {
      const { page, wide } = await printedOnA4(browser, url);
      assert.deepEqual(wide, [], `${lang}: tables wider than the page`);
      // Every cell, but inside a long run with no place to break (a raw log line's field, a token): the last resort.
      const breaks = await lineBreaks(page, 'td:not(.unbroken)');
      assert.deepEqual(breaks.filter((b) => !b.lastResort && midToken(b)).map((b) => `${b.section}: ${b.before}|${b.after}`), [], `${lang}: words broken in the middle`);
      // The long addresses and names did go on to a new line, where they may: the test saw breaks inside words.
      const inWords = breaks.filter((b) => /\S$/.test(b.before) && /^\S/.test(b.after));
      assert.ok(inWords.some((b) => b.before.endsWith('@') || b.after.startsWith('.')), `${lang}: no address broke at "@" or "." (${inWords.length} breaks in words)`);
      // The text of a cell is the address, whatever the <wbr>s: what a copy gives.
      const cells = await page.locator('#still-queued-at-the-end-of-the-log td').allTextContents();
      for (const want of ['2001:db8:85a3:1200:8a2e:370:7334:1f2e', 'fe80::1ff:fe23:4567:890a', '0106019363a1b2c3-d4e5f607@ap-northeast-1.amazonses.com', '212.35.221.36']) {
        assert.ok(cells.includes(want), `${lang}: ${want} is not a cell's text`);
      }
      assert.equal(await page.locator('#client-ips td.host', { hasText: 'mail-tycjpn01on2041.outbound.protection.outlook.com' }).count(), 1);
      assert.equal(await page.locator('#client-ips td', { hasText: '2607:f8b0:4864:20::22e' }).count(), 1);
      await page.context().close();
    });
  }
});

// Review AG15: Japanese breaks between any two characters, and the tables squeezed their columns to one: on a phone
// the SASL users headers went down one character a line ("ク" / "ラ" / "イ" / "ア" / "ン" / "ト"), printed "配送完" / "了",
// "バウン" / "ス", the tiles "IMAP/POP3 のログイン失" / "敗": 145 such cells at 390 px, 58 printed.
test('report.html in Japanese on a phone (390 px) and printed on A4: headers, cells and tiles break between phrases, no cell overflows, no sideways scrolling', { timeout: 60_000 }, async (t) => {
  const pw = await playwrightOrSkip(t);
  if (pw === null || !japaneseFontOrSkip(t)) return;
  const report = await japaneseIncidentReport();
  await withChromium(pw, drawn(report, ['html']), async (browser, url) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 }, offline: true });
    const phone = await context.newPage();
    await phone.goto(url, { waitUntil: 'load' });
    assert.equal(await phone.locator('html').getAttribute('lang'), 'ja');
    assert.ok(await phone.locator('th', { hasText: '配送完了' }).count() > 0, 'the Japanese headers are there');
    const scroll = await phone.evaluate('({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth })') as { page: number; view: number };
    assert.ok(scroll.page <= scroll.view, `the page is ${scroll.page} px wide in a ${scroll.view} px viewport`);
    const onPhone = await japaneseLineBreaks(phone, 'th, td, .kpi-label');
    assert.deepEqual(onPhone.bad, [], '390 px: Japanese broken inside a word');
    assert.deepEqual(onPhone.overflow, [], '390 px: cells whose text spills out');
    await context.close();

    const { page, wide } = await printedOnA4(browser, url);
    assert.deepEqual(wide, [], 'printed: tables wider than the page');
    const printed = await japaneseLineBreaks(page, 'th, td, .kpi-label');
    assert.deepEqual(printed.bad, [], 'printed: Japanese broken inside a word');
    assert.deepEqual(printed.overflow, [], 'printed: cells whose text spills out');
    await page.context().close();
  });
});
