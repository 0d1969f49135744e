// report.html in a real browser (headless Chromium through playwright-core): opened from a file:// URL with every
// other request aborted and recorded, JavaScript disabled like a locked-down mail client. Skips, saying why, when
// Chromium (Debian package "chromium") or playwright-core is not installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeOutputs } from '../src/output.js';
import { incidentReport, renderAll, ROOT } from './fixtures/render/reports.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

test('report.html opens offline in Chromium: no request, no console error, every chart drawn, sections in order', { timeout: 60_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is missing (apt-get install -y chromium): browser test not run`); return; }
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    t.skip('playwright-core is not installed (npm install --save-dev playwright-core): browser test not run');
    return;
  }

  const dir = mkdtempSync(join(tmpdir(), 'mf-browser-'));
  const browser = await pw.chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    writeOutputs(dir, await renderAll(await incidentReport(), ['json', 'md', 'html', 'csv']));
    const url = pathToFileURL(join(dir, 'report.html')).href;

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
    assert.equal(await charts.count(), 6);
    for (let i = 0; i < 6; i++) {
      const svg = charts.nth(i);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 100, `chart ${i} is not drawn (${JSON.stringify(box)})`);
      assert.ok(await svg.locator('path, rect').count() > 10, `chart ${i} is empty`);
    }

    const sections = await page.locator('main > section > h2').allTextContents();
    const want = ['Summary', 'Findings', 'Totals', 'SASL users', 'Client IPs', 'Deferral reasons', 'Still queued at the end of the log', 'Activity per hour', 'Appendix'];
    const at = want.map((h) => sections.indexOf(h));
    assert.ok(at.every((i) => i >= 0), `missing sections: ${want.filter((_, k) => at[k]! < 0).join(', ')} in ${sections.join(' | ')}`);
    for (let k = 1; k < at.length; k++) assert.ok(at[k]! > at[k - 1]!, `${want[k]} comes before ${want[k - 1]}`);
    assert.equal(await page.locator('h1').textContent(), 'Mail log forensics report');
    assert.ok(await page.locator('.badge.sev-critical, .badge.sev-high').count() > 0 || await page.locator('.badge.sev-none').count() === 1);

    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'report.png'), fullPage: true });
    await context.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
