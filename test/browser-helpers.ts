// Shared by the browser tests (this file has no tests of its own): headless Chromium through playwright-core, skipped,
// saying why, when it is not installed; a page printed on A4; where Japanese text of a page breaks its lines badly.

import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** playwright-core, or null after skipping the test, saying why, when it or Chromium is not installed. */
export async function playwrightOrSkip(t: TestContext): Promise<typeof import('playwright-core') | null> {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is missing (apt-get install -y chromium): browser test not run`); return null; }
  try {
    return await import('playwright-core');
  } catch {
    t.skip('playwright-core is not installed (npm install --save-dev playwright-core): browser test not run');
    return null;
  }
}

/**
 * The page printed on A4 (print media at the page's text width: A4 less the @page margins of 12 mm a side of
 * report.html and compare.html, 186 mm, 703 CSS px), and the tables wider than that width.
 */
export async function printedOnA4(browser: Browser, url: string): Promise<{ page: Page; wide: unknown }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 703, height: 1000 }, offline: true });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  const wide = await page.evaluate(`[...document.querySelectorAll('table')]
    .map((table) => ({ id: table.closest('section')?.id ?? '', width: table.scrollWidth, room: document.body.clientWidth }))
    .filter((x) => x.width > x.room + 1)`);
  return { page, wide };
}

/** True, or false after skipping the test, saying why, when fontconfig knows no Japanese font (Debian: fonts-noto-cjk). */
export function japaneseFontOrSkip(t: TestContext): boolean {
  let fonts = '';
  try { fonts = execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }); } catch { /* no fontconfig */ }
  if (fonts.trim() === '') { t.skip('no Japanese font (apt-get install -y fonts-noto-cjk): a Japanese page is not measured'); return false; }
  return true;
}

/**
 * Per table header, cell and summary tile label (`selector`) of the page: where its Japanese text goes on to a new line
 * badly: a line of one character, or a line that starts inside a word (between two katakana: "ク" / "ライアント"), with
 * a particle, small kana or the long-vowel mark ("バウン" / "ス" no, "の" at a line's start), or inside a kanji
 * compound of the table's own headers ("配送完" / "了"); a break at a space of the text is not looked at. And the cells
 * whose text is wider than the cell.
 */
export async function japaneseLineBreaks(page: Page, selector: string): Promise<{ bad: string[]; overflow: string[] }> {
  // Runs in the page (this project's TypeScript has no DOM types).
  return await page.evaluate(`(() => {
    const bad = [], overflow = [];
    for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
      if (el.scrollWidth > el.clientWidth + 1) overflow.push(el.textContent.slice(0, 40) + ': ' + el.scrollWidth + ' > ' + el.clientWidth);
      const chars = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        // A space at the end of a line has no box: it stands for the break.
        if (node.data[i].trim() === '') { if (chars.length > 0) chars[chars.length - 1].space = true; continue; }
        if (rects.length > 0) chars.push({ c: node.data[i], top: rects[0].top, space: false });
      }
      const lines = [];
      for (const ch of chars) { const last = lines[lines.length - 1]; if (last && Math.abs(last.top - ch.top) < 3) { last.s += ch.c; last.space = ch.space; } else lines.push({ top: ch.top, s: ch.c, space: ch.space }); }
      const text = lines.map((l) => l.s);
      for (let k = 1; k < text.length; k++) {
        // At a space: where the text itself parts its words ("ポート 25 | での").
        if (lines[k - 1].space) continue;
        const before = text[k - 1].slice(-1), after = text[k][0];
        const wrong = /^[ぁ-ゖァィゥェォッャュョーゝゞ、。）」]/.test(after) || (/[ァ-ヺ]/.test(before) && /[ァ-ヺ]/.test(after))
          || (/[\\u4e00-\\u9fff]/.test(before) && /[\\u4e00-\\u9fff]/.test(after) && el.tagName === 'TH');
        if (wrong || (text.length > 1 && [...text[k]].length === 1 && /[\\u3040-\\u9fff]/.test(text[k]))) bad.push((el.closest('section')?.id ?? '') + ': ' + text.join(' | '));
      }
    }
    return { bad: [...new Set(bad)], overflow };
  })()`);
}

/** `url` opened offline with JavaScript off (a locked-down mail client) in a `width` px window; close the page's context after. */
export async function openOffline(browser: Browser, url: string, width: number): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, offline: true });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}
