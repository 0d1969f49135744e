// Escaping for Markdown (which may be rendered as HTML by GitHub, GitLab, Redmine, Backlog or marked).
// Log text is attacker-controlled on a compromised server: HELO names, user names, addresses, reasons.

/**
 * What a ticket system makes a link of in text (review U, U5): GitHub's GFM autolinks "http://", "https://", "ftp://"
 * and "www." anywhere in a text (after a word too: "x_http://…"), and GitLab (AutolinkFilter) any "scheme://" in the
 * text of the rendered page, after Markdown's escapes are gone, so no escape stops it ("http\://" and "http&#58;//"
 * are text "http://" by then). Only a code span is never linked by either (nor by marked, nor Redmine, nor Backlog).
 */
const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/|www\./gi;
const HAS_URL = /:\/\/|www\./i;

/**
 * Text inside a Markdown table cell or paragraph: no markup, no HTML, no row breaks, no terminal escapes, no link: a
 * URL in it (a user name "http://evil.example/p", a reason's "see https://…") is a code span up to the next space,
 * "<" or ">" (where GitHub's and GitLab's links end), shown as written ("|" as "%7C", the same URL), never one click
 * away.
 */
export function mdText(s: string, max = 200): string {
  let t = stripControls(s);
  if (t.length > max) t = t.slice(0, max) + '…';
  if (!HAS_URL.test(t)) return mdEscape(t);
  let out = '';
  let last = 0;
  for (const m of t.matchAll(URL_LIKE)) {
    if (m.index < last) continue;
    let end = m.index + m[0].length;
    while (end < t.length && !/[\s<>]/.test(t[end]!)) end++;
    out += mdEscape(t.slice(last, m.index)) + codeSpan(t.slice(m.index, end).replace(/\|/g, '%7C'));
    last = end;
  }
  return out + mdEscape(t.slice(last));
}

function codeSpan(t: string): string {
  let fence = '`';
  while (t.includes(fence)) fence += '`';
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return fence + pad + t + pad + fence;
}

/**
 * Escapes only what CommonMark (GFM) would read as markup at this place in a line (review Z, Z13: `\(`, `\[IP\]` and
 * `&lt;&gt;` everywhere read badly in a plain-text ticket field): the text is inline, inside a paragraph, a heading, a
 * table cell or `**…**`, never at the start of a line (mdLead does that), and on one line (stripControls).
 * - `` ` ``, `|` (a table cell's end, even in a paragraph of GFM) always;
 * - `\` before ASCII punctuation or at the end (where our own markup follows);
 * - `*`, `~` unless both neighbours are spaces (then they open nor close emphasis or strikethrough), `_` unless both are
 *   letters or digits (an intraword `_` is no emphasis);
 * - `]` before `(` or `[`: without `](` or `][` no link or image can be made (a shortcut `[x]` needs a definition,
 *   which only a line that starts with `[x]:` makes: mdLead), so `[` and `(` stay as they are (`[IP]`, `(in reply
 *   to …)`); the renderers put no `(` or `[` right after a text;
 * - `<` before a letter, `/`, `!` or `?` (raw HTML, an autolink); `<>` and `a < b` are text;
 * - `&` only where it would start an entity (`&lt;`, `&#60;`);
 * - a `#` run that ends the text after a space (an ATX heading's closing sequence).
 */
function mdEscape(t: string): string {
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    const prev = t[i - 1];
    const next = t[i + 1];
    let escape = false;
    switch (c) {
      case '`': case '|': escape = true; break;
      case '\\': escape = next === undefined || ASCII_PUNCTUATION.test(next); break;
      case '*': case '~': escape = !(isSpace(prev) && isSpace(next)); break;
      case '_': escape = !(isWordChar(prev) && isWordChar(next)); break;
      case ']': escape = next === '(' || next === '['; break;
      case '<': escape = next !== undefined && /[A-Za-z/!?]/.test(next); break;
      case '&': escape = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(t.slice(i, i + 40)); break;
      case '#': escape = (prev === undefined || prev === ' ') && /^#+ *$/.test(t.slice(i)); break;
      default: break;
    }
    out += escape ? `\\${c}` : c;
  }
  return out;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

function isSpace(c: string | undefined): boolean {
  return c === ' ';
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * mdText for text that starts a line (a paragraph of its own): a leading `#`, `>`, `+`, `-`, `=`, `[` or "1." / "1)"
 * would make a heading, a quote, a list, a rule or a link definition of it, and is escaped too (leading spaces, a code block past 3, go).
 */
export function mdLead(s: string, max = 200): string {
  const t = mdText(s.trimStart(), max);
  const list = /^(\d{1,9})([.)])/.exec(t);
  if (list) return `${list[1]}\\${list[2]}${t.slice(list[0].length)}`;
  // "[x]: …" would be a link reference definition (and vanish).
  return /^[#>+=[-]/.test(t) ? `\\${t}` : t;
}

/**
 * Verbatim log text in a code span; backticks inside choose a longer fence. In a table (`inTable`) a pipe becomes "¦":
 * it ends a table cell even inside a code span on GitHub; elsewhere (a finding's log lines) it stays, so that the line
 * can be searched for in the log (review 16).
 */
export function mdCode(s: string, max = 300, inTable = true): string {
  let t = stripControls(s);
  if (t.length > max) t = t.slice(0, max) + '…';
  if (inTable) t = t.replace(/\|/g, '¦');
  if (t === '') return '';
  return codeSpan(t);
}

/**
 * A rule's why/fix text, which is Markdown with values from the log in its prose (a SASL login, a sender, a domain):
 * outside code blocks and code spans, a `]` that could end a link and a `<` that could start a tag are escaped, so a value can make no link, image or HTML tag
 * (review 16: a login `![a](http://127.0.0.1:8765/pixel.png)` was an image a ticket system would fetch, and
 * `[l](http://evil.example/x)` a live link in report.html). The texts we write use no links, images nor HTML.
 */
export function defang(md: string): string {
  let inFence = false;
  return md.split('\n').map((raw) => {
    // Control characters out of every line, commands included (review AA, F3: a login holding ESC ] 0 ; … BEL set the
    // terminal's title when report.md was `cat`, and rode along in a pasted `doveadm kick` command).
    const line = stripControls(raw);
    if (/^ {0,3}```/.test(line)) { inFence = !inFence; return line; }
    return inFence ? line : defangLine(line);
  }).join('\n');
}

/** One line outside a code block: code spans (a run of N backquotes to the next run of exactly N) kept as they are. */
function defangLine(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick < 0) { out += escapeProse(line.slice(i)); break; }
    out += escapeProse(line.slice(i, tick));
    let n = 0;
    while (line[tick + n] === '`') n++;
    const fence = '`'.repeat(n);
    // The closing run must be exactly as long: a longer one is not it.
    let close = line.indexOf(fence, tick + n);
    while (close >= 0 && line[close + n] === '`') {
      let m = close;
      while (line[m] === '`') m++;
      close = line.indexOf(fence, m);
    }
    if (close < 0) { out += escapeProse(line.slice(tick)); break; }
    out += line.slice(tick, close + n);
    i = close + n;
  }
  return out;
}

/** As mdEscape, for brackets and "<" only (review Z, Z13): `]` before `(`, `[`, `:` or at the end, `<` before a tag's start. */
function escapeProse(s: string): string {
  return s.replace(/\](?=[([:]|$)|<(?=[A-Za-z/!?])/g, (c) => `\\${c}`);
}

/**
 * Unicode's bidirectional controls (review U, U5): embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the
 * marks U+200E, U+200F and U+061C. A user name "\u202Egnp.exe" displays as "exe.png" (Trojan Source): each is shown as
 * its escape, "\u202E", in md, html, csv and charts.
 */
export const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** `s` with each bidirectional control as its visible escape ("\u202E"). */
export function showBidi(s: string): string {
  return HAS_BIDI.test(s) ? s.replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`) : s;
}

/**
 * Removes C0/C1 control characters (terminal escape sequences, NUL, CR), turns tabs into spaces and shows
 * bidirectional controls as their escapes.
 */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return showBidi(s.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD'));
}
