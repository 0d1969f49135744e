// Where a table cell of report.html and compare.html may break an address, a host name, an IPv6 address or a path
// (review AH): a <wbr> after "@", before a "." that starts a name, after a "-" in an address or host, after a "/" and
// after an IPv6 address's ":". The cells no longer break anywhere (CSS overflow-wrap: anywhere printed
// "takahashi@exa" / "mple.jp", and let the table squeeze a column to a few letters); a <wbr> adds no character, so
// an address copied from the page is the address. An IPv4 address, a number ("53.3%", "1,234.5") and a time stay whole.

/** Words shorter than this get no break points: they fit any column the tables have. */
const MIN_WORD = 8;

/** A run of characters with no break point at least this long is too long for a column: CSS may break it anywhere. */
export const UNBROKEN_MAX = 40;

/** Characters that end a word: spaces, brackets, quotes, "=" ("name=host.example") and list punctuation, ASCII and full-width. */
const SEPARATOR = /[\s,;=()<>[\]{}"'`|（）［］「」『』、，。；：＝]/;

/** A word that is an IPv6 address ("2001:db8::25", "fe80::1%eth0", "IPv6:2001:db8:0:0:0:0:0:1"), not a time ("22:16:04"). */
const IPV6 = /^(?:ipv6:)?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?:%[\w.-]+)?(?:\/\d{1,3})?$/i;

/** A dot that starts a name: after a letter, digit, "-" or "_", before a letter ("gmail|.com", not "53|.3%" nor "192.168"). */
const NAME_DOT = /[A-Za-z0-9_-]\.[A-Za-z]/;

/**
 * The places in `s` (indices of the character a <wbr> goes before) where an address, host name, IPv6 address or
 * path may break a line.
 */
export function breakPoints(s: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (SEPARATOR.test(s[i]!)) { i++; continue; }
    let end = i;
    while (end < s.length && !SEPARATOR.test(s[end]!)) end++;
    wordBreaks(s, i, end, out);
    i = end;
  }
  return out;
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9]/.test(c);
}

/** The break points of the word s[from, to) into `out`. */
function wordBreaks(s: string, from: number, to: number, out: number[]): void {
  if (to - from < MIN_WORD) return;
  const word = s.slice(from, to);
  if (IPV6.test(word) && (word.includes('::') || word.split(':').length >= 4)) {
    // After each ":", the two of a "::" kept together.
    for (let k = from; k < to - 1; k++) if (s[k] === ':' && s[k + 1] !== ':') out.push(k + 1);
    return;
  }
  const at = word.indexOf('@');
  const address = at > 0 && isAlnum(word[at + 1]);
  const host = address || NAME_DOT.test(word);
  for (let k = from + 1; k < to; k++) {
    const c = s[k]!;
    const before = s[k - 1]!;
    if (address && before === '@' && k - 1 === from + at) out.push(k);
    else if (host && c === '.' && /[A-Za-z0-9_-]/.test(before) && /[A-Za-z]/.test(s[k + 1] ?? '') && k + 1 < to) out.push(k);
    else if (host && before === '-' && isAlnum(c) && isAlnum(s[k - 2])) out.push(k);
    // After a "/" inside the word, not one it starts with ("/var|log" no, "/var/|log" yes), nor between two ("http://").
    else if (before === '/' && c !== '/' && k - 1 > from) out.push(k);
  }
}

/** The decoded characters of the entities marked writes (and any numeric one). */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': '\u00a0' };

function decode(entity: string): string {
  const named = ENTITIES[entity];
  if (named !== undefined) return named;
  const m = /^&#(x?)([0-9a-f]+);$/i.exec(entity);
  return m ? String.fromCodePoint(parseInt(m[2]!, m[1] ? 16 : 10)) : entity;
}

/**
 * The HTML of a cell with a <wbr> at each break point of its text: tags and entities are left whole, and a word may
 * run across tags ("<code>user</code>@example.jp"). Also says how long the longest run of characters with no place
 * to break is (spaces, the <wbr>s, or between Japanese characters), so that the caller can let a cell with a longer
 * one break anywhere, as a last resort.
 */
export function htmlWithBreaks(html: string): { html: string; unbroken: number } {
  // Pieces: a tag, an entity, or one character of text; `text` the characters, `at[i]` the piece of character i.
  const pieces = html.match(/<[^>]*>|&(?:#x?[0-9a-f]+|[a-z]+);|[\s\S]/gi) ?? [];
  let text = '';
  const at: number[] = [];
  pieces.forEach((p, k) => {
    if (p.startsWith('<') && p.length > 1) {
      // A line break in the cell (<br>) separates words.
      if (/^<br\b/i.test(p)) { text += '\n'; at.push(-1); }
      return;
    }
    const c = p.startsWith('&') && p.length > 1 ? decode(p) : p;
    for (let j = 0; j < c.length; j++) { text += c[j]; at.push(k); }
  });
  const found = breakPoints(text);
  const points = new Set(found.map((i) => at[i]!));
  let out = '';
  pieces.forEach((p, k) => { out += points.has(k) ? `<wbr>${p}` : p; });
  // The longest run: characters between spaces, break points and CJK characters (each a place to break).
  return { html: out, unbroken: longestUnbroken(text, found) };
}

/** A space, or a character of Japanese (or Chinese) text: a line may break before and after it. */
const BREAKS_AROUND = /[\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** The longest run of characters of `text` with no place to break a line: none at a space, a CJK character or `points`. */
export function longestUnbroken(text: string, points: readonly number[] = breakPoints(text)): number {
  const at = new Set(points);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (BREAKS_AROUND.test(c)) { run = 0; continue; }
    run = at.has(i) ? 1 : run + 1;
    if (run > longest) longest = run;
  }
  return longest;
}
