import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml, assertInert } from '../src/render/html.js';
import { renderCharts } from '../src/render/charts.js';
import type { Report } from '../src/report/model.js';
import { emptyReport, fixtureReport } from './fixtures/render/reports.js';

async function html(r: Report, title = 'Fixture <report> & "co"'): Promise<string> {
  return renderHtml(r, { title, charts: await renderCharts(r) });
}

/** Every tag of the page, for checks that must not look at escaped text. */
function tags(page: string): string[] {
  return page.match(/<[a-zA-Z!/][^>]*>/g) ?? [];
}

test('report.html is inert: no script, frame, image, object or event handler, whatever the log holds', async () => {
  const page = await html(await fixtureReport());
  assert.doesNotMatch(page, /<script/i);
  assert.doesNotMatch(page, /<(iframe|img|object|embed|link|base|form|input)\b/i);
  for (const t of tags(page)) {
    assert.doesNotMatch(t, /\son[a-z]+\s*=/i, `event handler in ${t.slice(0, 80)}`);
    assert.doesNotMatch(t, /javascript:/i, t.slice(0, 80));
  }
  // The hostile values are there, as text.
  assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(page.includes('mail.&lt;b&gt;bad&lt;/b&gt;.example'));
  assert.ok(page.includes('<title>Fixture &lt;report&gt; &amp; &quot;co&quot; · mail · 2026-11-27 – 2026-11-29</title>'));
  assert.ok(!page.includes('\u001b'));
});

test('report.html makes no request: no src, no external stylesheet or font, only in-page url() references', async () => {
  const page = await html(await fixtureReport());
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
  for (const t of tags(page)) assert.doesNotMatch(t, /\s(src|srcset|poster|data|xlink:href|action)\s*=/i, t.slice(0, 80));
  for (const m of page.matchAll(/url\(([^)]*)\)/g)) assert.match(m[1]!, /^#[\w-]+$/, `url(${m[1]})`);
  assert.doesNotMatch(page, /@import|@font-face/);
  // Links: only the rule text's explicit https link; URLs from log text are plain text.
  const hrefs = [...page.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  for (const h of hrefs) assert.match(h!, /^(#|https:\/\/www\.postfix\.org\/)/, `unexpected link ${h}`);
  assert.ok(!hrefs.some((h) => h!.includes('evil.example')), 'a URL from log text became a link');
});

test('raw HTML in the Markdown is escaped by marked, not passed through (defense in depth)', async () => {
  const r = await fixtureReport();
  r.rules[0]!.why = 'Inline <b onclick="x()">bold</b> and <script>alert(2)</script>.';
  r.rules[0]!.fix = '<div style="x">block</div>\n\n<script>alert(3)</script>\n\n![pic](https://evil.example/p.png)';
  const page = await html(r);
  assert.doesNotMatch(page, /<script|<div style|<b onclick|<img/i);
  assert.ok(page.includes('&lt;script&gt;alert(3)&lt;/script&gt;'));
  assert.ok(page.includes('&lt;b onclick=&quot;x()&quot;&gt;'));
  // An image in a rule's text is no image, not even its alt text: report.md shows it as the text it is (defang).
  assert.ok(page.includes('<p>![pic](https://evil.example/p.png)</p>'));
});

test('assertInert refuses pages that could run code or fetch', () => {
  assert.throws(() => assertInert('<p>x</p><script>1</script>'));
  assert.throws(() => assertInert('<p onmouseover="x()">x</p>'));
  assert.throws(() => assertInert('<img src="https://x/">'));
  assert.throws(() => assertInert('<a href="javascript:alert(1)">x</a>'));
  assertInert('<p>&lt;script&gt; onload=1 javascript:</p>');
});

test('findings get severity badges and cards; config blocks are <pre><code>; numeric columns are right-aligned', async () => {
  const page = await html(await fixtureReport());
  assert.match(page, /<article class="finding sev-critical">\n<h3 class="finding-title" id="finding-1"><span class="badge sev-critical">critical<\/span> <span class="finding-no">1\.<\/span> SASL account/);
  assert.match(page, /<article class="finding sev-medium">/);
  assert.match(page, /<a class="badge sev-critical" href="#finding-1">1 critical<\/a> <a class="badge sev-medium" href="#finding-2">1 medium<\/a>/);
  assert.match(page, /<div class="code"><div class="code-label">sh<\/div><pre><code class="language-sh">doveadm pw -s SHA512-CRYPT\n<\/code><\/pre><\/div>/);
  assert.match(page, /<pre><code>smtpd_sender_restrictions = reject_sender_login_mismatch\n<\/code><\/pre>/);
  assert.match(page, /<th>Measure<\/th><th class="num">Count<\/th>/);
  assert.match(page, /<td>Messages received<\/td><td class="num">1,234<\/td>/);
  assert.match(page, /@media print/);
});

test('sections come in the order of report.md, with each chart inlined once where it belongs', async () => {
  const r = await fixtureReport();
  const page = await html(r);
  // Review Z, Z1: the overview first, and the time charts in "Over time", after the findings.
  const order = ['overview', 'summary', 'findings', 'over-time', 'totals', 'sasl-users', 'client-ips', 'envelope-senders', 'recipient-domains', 'deferral-reasons',
    'bounce-reasons', 'reject-reasons', 'authentication-failures', 'still-queued-at-the-end-of-the-log', 'activity-per-hour', 'appendix'];
  const at = order.map((id) => page.indexOf(`<section id="${id}"`));
  for (let i = 0; i < order.length; i++) assert.ok(at[i]! > 0 && (i === 0 || at[i]! > at[i - 1]!), `section ${order[i]} missing or out of order`);
  const inSection = (chart: string, section: string): void => {
    const c = page.indexOf(`id="chart-${chart}"`);
    const next = order[order.indexOf(section) + 1];
    assert.ok(c > page.indexOf(`<section id="${section}"`) && c < page.indexOf(`<section id="${next}"`), `${chart} is not in ${section}`);
    assert.equal(page.split(`id="chart-${chart}"`).length, 2, `${chart} is inlined more than once`);
  };
  inSection('messages-per-hour', 'over-time');
  inSection('deferrals-and-auth-failures-per-hour', 'over-time');
  inSection('top-sasl-users', 'sasl-users');
  inSection('top-attacking-ips', 'client-ips');
  inSection('top-deferral-reasons', 'deferral-reasons');
  inSection('queue-size', 'still-queued-at-the-end-of-the-log');
  assert.equal((page.match(/<svg /g) ?? []).length, 6);
  // The header carries title and period; the Markdown's "# title" and "Period:" lines are not repeated.
  assert.match(page, /<h1>Fixture &lt;report&gt; &amp; &quot;co&quot;<\/h1>/);
  assert.match(page, /2026-11-27 20:00:03 → 2026-11-29 01:59:58/);
  assert.ok(!page.includes('<p>Period:'));
});

test('an empty report renders, with its "no data" charts', async () => {
  const page = await html(await emptyReport());
  assert.equal((page.match(/<figure class="chart chart-empty"/g) ?? []).length, 6);
  assert.match(page, /no findings/);
});

test('the redaction note shows in the header of a redacted report', async () => {
  const r = await fixtureReport();
  r.redaction = { keyFingerprint: 'abcd1234', domains: true };
  assert.match(await html(r), /<p class="redacted">Redacted for sharing: user names, e-mail local parts, domains, IPs and client host names are pseudonyms \(key fingerprint <code>abcd1234<\/code>\)/);
});
