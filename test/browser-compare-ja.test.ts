// compare.html in Japanese in a real browser (headless Chromium through playwright-core), as report.html is in
// test/browser.test.ts: bundled samples analyzed in Japanese, compared with --lang ja by the command line, and the page
// opened on a phone (390 px) and printed on A4. Skips, saying why, when Chromium, playwright-core or a Japanese font
// is not installed.

import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { ROOT, runCli } from './helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, japaneseFontOrSkip, japaneseLineBreaks, openOffline, playwrightOrSkip, printedOnA4 } from './browser-helpers.js';

/** The headers, cells and tiles of compare.html whose Japanese text is measured. */
const MEASURED = 'th, td, .tile-label';

/** `maillog-forensics ARGS…`, which must succeed. */
function cli(args: string[]): void {
  const r = runCli(args);
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
}

/**
 * samples/BEFORE.log and samples/AFTER.log analyzed in Japanese (--year 2026, report.json only), the two reports
 * compared with --lang ja, and Chromium launched: `body` gets the browser and compare.html's file:// URL; the browser
 * is closed and the directory removed after, whatever `body` does. The test is skipped, saying why, when Chromium,
 * playwright-core or a Japanese font is not installed.
 */
async function withJapaneseComparison(t: TestContext, before: string, after: string, body: (browser: Browser, url: string) => Promise<void>): Promise<void> {
  const pw = await playwrightOrSkip(t);
  if (pw === null || !japaneseFontOrSkip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'mf-browser-compare-ja-'));
  const browser = await pw.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const [side, name] of [['before', before], ['after', after]] as const) {
      cli(['analyze', join(ROOT, 'samples', `${name}.log`), '--year', '2026', '--lang', 'ja', '--format', 'json', '--quiet', '--out', join(dir, side)]);
    }
    cli(['compare', join(dir, 'before'), join(dir, 'after'), '--lang', 'ja', '--quiet', '--out', join(dir, 'compare')]);
    await body(browser, pathToFileURL(join(dir, 'compare', 'compare.html')).href);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Japanese compare.html at `url`: on a phone (390 px) it does not scroll sideways, and printed on A4 nothing is
 * wider than the page; both ways, no header, cell or tile breaks its Japanese inside a word and no cell's text
 * spills out of it.
 */
async function fitsPhoneAndPaper(browser: Browser, url: string): Promise<void> {
  const phone = await openOffline(browser, url, 390);
  assert.equal(await phone.locator('html').getAttribute('lang'), 'ja');
  // What is measured is there, in Japanese: the totals' headers, the tiles, the tables' cells.
  assert.equal(await phone.locator('#totals-side-by-side th', { hasText: '頻度の変化' }).count(), 1, 'the Japanese headers of the totals are there');
  assert.equal(await phone.locator('.tile-label', { hasText: '新規' }).count(), 1, 'the Japanese tiles are there');
  assert.ok(await phone.locator('td').count() > 50, `${await phone.locator('td').count()} cells`);
  const scroll = await phone.evaluate('({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth })') as { page: number; view: number };
  assert.ok(scroll.page <= scroll.view, `the page is ${scroll.page} px wide in a ${scroll.view} px viewport`);
  const onPhone = await japaneseLineBreaks(phone, MEASURED);
  assert.deepEqual(onPhone.bad, [], '390 px: Japanese broken inside a word');
  assert.deepEqual(onPhone.overflow, [], '390 px: cells whose text spills out');
  await phone.context().close();

  const { page, wide } = await printedOnA4(browser, url);
  assert.deepEqual(wide, [], 'printed: tables wider than the page');
  // Nor anything else (a chart, the tiles, a note): every element ends inside the page's text.
  const beyond = await page.evaluate(`(() => {
    const room = document.body.clientWidth;
    return [...document.querySelectorAll('body *')].map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((x) => x.right > room + 1).map((x) => x.el.tagName.toLowerCase() + (x.el.className ? '.' + x.el.className : '') + ': ' + Math.round(x.right) + ' > ' + room);
  })()`) as string[];
  assert.deepEqual(beyond, [], 'printed: wider than the page');
  const printed = await japaneseLineBreaks(page, MEASURED);
  assert.deepEqual(printed.bad, [], 'printed: Japanese broken inside a word');
  assert.deepEqual(printed.overflow, [], 'printed: cells whose text spills out');
  await page.context().close();
}

test('compare.html in Japanese, the incident then the fix, on a phone (390 px) and printed on A4: headers, cells and tiles break between phrases, no cell overflows, no sideways scrolling, nothing wider than the page', { timeout: 120_000 }, async (t) => {
  await withJapaneseComparison(t, 'incident', 'after-fix', async (browser, url) => {
    await fitsPhoneAndPaper(browser, url);
  });
});

// A healthy server, then the incident: every finding is new, and its evidence is a table of the after run's words.
// Printed, the label "推測後にこのアカウントを使った IP アドレス（送信した、またはメールボックスを開いた）の一覧" went on
// to a line of its own at "）" / "の一覧": keep-all keeps kana and kanji together, but not a closing bracket with the
// particle after it.
test('compare.html in Japanese, a healthy log then the incident (all findings new), on a phone (390 px) and printed on A4: the evidence tables break between phrases too', { timeout: 120_000 }, async (t) => {
  await withJapaneseComparison(t, 'healthy', 'incident', async (browser, url) => {
    await fitsPhoneAndPaper(browser, url);
  });
});
