// Review U, U5: hostile user names in report.md and report.html. A bare "http://evil.example/p" in a user name was left
// as text that GitHub and GitLab make a link of in a ticket; report.html showed "[x](http://evil.example/y)" as
// "[x](http://evil.example/y\)" (marked's autolink took the "\" of "\)" into the URL); a right-to-left override (U+202E:
// "\u202Egnp.exe" displays as "exe.png") and the other bidirectional controls went into md, html and csv as they were.
//
// What links: GitHub's GFM autolinks "http://", "https://", "ftp://" and "www." (after a word too); GitLab's
// AutolinkFilter links any "scheme://" in the text of the rendered page, after Markdown's escapes are undone, so
// neither "http\://" nor "http&#58;//" stops it (both are shown as "http://" and marked, for one, links neither; GitLab
// would). A code span is linked by none: a URL in log text is now one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Marked } from 'marked';
import { mdText, stripControls } from '../src/render/escape.js';
import { csvCell } from '../src/render/csv.js';
import { fixtureReport, renderAll } from './fixtures/render/reports.js';

const gfm = new Marked({ gfm: true });

/** The text of rendered HTML outside <code> elements, and whether it has a link. */
function outsideCode(html: string): string {
  return html.replace(/<code>[\s\S]*?<\/code>/g, ' ');
}

const URLS = [
  'http://evil.example/p', 'https://evil.example/p?a=1&b=2', 'ftp://evil.example', 'www.evil.example/p', 'WWW.EVIL.EXAMPLE',
  'x_http://evil.example', 'HTTP://EVIL.EXAMPLE/P', 'svn+ssh://evil.example/x', 'javascript://%0aalert(1)', '[x](http://evil.example/y)',
  'a|b http://evil.example/x|y c', 'info@example.jp http://evil.example/`tick`', '<http://evil.example/angle>',
];

test('U5: a URL in log text is a code span in Markdown: no "scheme://" nor "www." outside code, no link, shown as written', () => {
  for (const u of URLS) {
    const md = mdText(u);
    const html = gfm.parseInline(md) as string;
    // An address stays as it is: a mailto: link, no page to open (GitHub makes one of every address in a report).
    assert.doesNotMatch(html, /<a\b(?! href="mailto:)/i, `${u}: a link in ${html}`);
    assert.doesNotMatch(outsideCode(html), /:\/\/|www\./i, `${u}: ${md} → ${html}`);
    // What a reader sees is the text as logged ("|" inside a URL as %7C, the same URL).
    const shown = html.replace(/<\/?code>|<a href="mailto:[^"]*">|<\/a>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    assert.equal(shown, u.replace(/(\S*:\/\/\S*)/g, (x) => x.replace(/\|/g, '%7C')), `${u} shown as ${shown}`);
  }
  // Text without a URL is escaped where Markdown needs it only (review Z, Z13): the "](" of a link, not "_" inside a word.
  assert.equal(mdText('a_b [c](d) e.f'), 'a_b [c\\](d) e.f');
});

test('U5: report.md and report.html of hostile user names: no link, no stray backslash; bidi controls shown as escapes in md, html and csv', async () => {
  const r = await fixtureReport();
  const names = ['http://evil.example/p', '[x](http://evil.example/y)', '\u202Egnp.exe', 'a\u2066b\u2069c\u200Fd\u200Ee\u202Af\u202Cg\u061Ch'];
  r.authFailuresByUser = names.map((key, i) => ({ ...r.authFailuresByUser[0]!, key, count: 100 - i }));
  r.byClientIp[0]!.name = 'www.evil.example';
  const files = await renderAll(r, ['json', 'md', 'html', 'csv']);
  const text = (p: string): string => String(files.find((f) => f.path === p)!.content);
  const md = text('report.md');
  // The text as shown: the <wbr>s of addresses and paths (render/break-points.ts) are no characters.
  const html = text('report.html').replace(/<wbr>/g, '');
  const csv = files.filter((f) => f.path.startsWith('csv/')).map((f) => String(f.content)).join('\n');

  // Markdown: each URL in a code span, so neither GitHub nor GitLab links it.
  const prose = md.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ' ');
  assert.doesNotMatch(prose.replace(/https:\/\/(doc\.dovecot\.org|[a-z.]*postfix\.org|postmaster\.google\.com|senders\.yahooinc\.com|sender\.office\.com|check\.spamhaus\.org|www\.barracudacentral\.org|ipcheck\.proofpoint\.com)\S*/g, ''), /evil\.example/, 'a URL of log text outside code');
  assert.ok(md.includes('`http://evil.example/p`') && md.includes('[x\\](`http://evil.example/y)`') && md.includes('`www.evil.example`'));

  // HTML: the names as logged, no link to them, no stray backslash.
  assert.doesNotMatch(html, /href="[^"]*evil/);
  assert.ok(html.includes('[x](<code>http://evil.example/y)</code>'), 'the name as logged');
  assert.doesNotMatch(html, /evil\.example\/y\\/);

  // Bidi controls: none left in md, html or csv; each shown as its escape.
  for (const [name, out] of [['md', md], ['html', html], ['csv', csv]] as const) {
    assert.doesNotMatch(out, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, `a bidi control in ${name}`);
    for (const esc of ['\\u202Egnp.exe', 'a\\u2066b\\u2069c\\u200Fd\\u200Ee\\u202Af\\u202Cg\\u061Ch']) {
      // In Markdown too: a backslash before a letter is no escape (review Z, Z13), so it is written as it is.
      assert.ok(out.includes(esc), `${name}: ${esc}`);
    }
  }
  // report.json is data: kept as logged.
  assert.ok(text('report.json').includes('\\u202egnp.exe') || text('report.json').includes('\u202Egnp.exe'));
});

test('U5: stripControls and csvCell show bidi controls as escapes, after the formula check', () => {
  assert.equal(stripControls('\u202Egnp.exe'), '\\u202Egnp.exe');
  assert.equal(stripControls('plain'), 'plain');
  assert.equal(csvCell('\u202E=HYPERLINK("http://x")'), '\\u202E=HYPERLINK("http://x")');
  assert.equal(csvCell('=cmd\u202E'), "'=cmd\\u202E");
  assert.equal(csvCell('tab\there\u2066'), 'tab here\\u2066');
});
