// Where a table cell of report.html and compare.html may break an address, a host name, an IPv6 address or a path
// (review AH): a <wbr> after "@", before a "." that starts a name, after a "-" in an address or host, after a "/" and
// after an IPv6 address's ":". The cells no longer break anywhere (CSS overflow-wrap: anywhere printed
// "takahashi@exa" / "mple.jp", and let the table squeeze a column to a few letters); a <wbr> adds no character, so
// an address copied from the page is the address. An IPv4 address, a number ("53.3%", "1,234.5") and a time stay whole.

/** Words shorter than this get no break points: they fit any column the tables have. */
export const MIN_WORD = 8;

/**
 * In a table's first column (an IP, a queue ID, a user: review AG, AG9 keeps them whole), only words longer than the
 * usual user "takahashi@example.jp": a long IPv6 address or user name breaks rather than push the table off the page.
 */
export const FIRST_COLUMN_MIN_WORD = 21;

/** Characters that end a word: spaces, brackets, quotes, "=" ("name=host.example") and list punctuation, ASCII and full-width. */
const SEPARATOR = /[\s,;=()<>[\]{}"'`|（）［］「」『』、，。；：＝]/;

/** A word that is an IPv6 address ("2001:db8::25", "fe80::1%eth0", "IPv6:2001:db8:0:0:0:0:0:1"), not a time ("22:16:04"). */
const IPV6 = /^(?:ipv6:)?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?:%[\w.-]+)?(?:\/\d{1,3})?$/i;

/** A dot that starts a name: after a letter, digit, "-" or "_", before a letter ("gmail|.com", not "53|.3%" nor "192.168"). */
const NAME_DOT = /[A-Za-z0-9_-]\.[A-Za-z]/;

/**
 * The places in `s` (indices of the character a <wbr> goes before) where an address, host name, IPv6 address or
 * path may break a line, in its words of `minWord` characters or more.
 */
export function breakPoints(s: string, minWord = MIN_WORD): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (SEPARATOR.test(s[i]!)) { i++; continue; }
    let end = i;
    while (end < s.length && !SEPARATOR.test(s[end]!)) end++;
    if (end - i >= minWord) wordBreaks(s, i, end, out);
    i = end;
  }
  return out;
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9]/.test(c);
}

/** The break points of the word s[from, to) into `out`. */
function wordBreaks(s: string, from: number, to: number, out: number[]): void {
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
 * run across tags ("<code>user</code>@example.jp"). A run of more than LONG_RUN characters with no place to break
 * (a long local part, a token, a raw log line's field) is put in a <span class="unbroken">, which CSS may break
 * anywhere: the last resort that keeps a table of many columns on an A4 page, for that run only. `unbroken` says that
 * such a run crossed a tag (it had no span): the caller lets the whole cell break anywhere.
 */
export function htmlWithBreaks(html: string, minWord = MIN_WORD): { html: string; unbroken: boolean } {
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
  const found = breakPoints(text, minWord);
  const points = new Set(found.map((i) => at[i]!));
  const open = new Set<number>();
  const close = new Set<number>();
  let unbroken = false;
  for (const [from, to] of unbrokenRuns(text, found)) {
    // A word too short to have break points is kept whole (the first column's user), however long its run.
    if (to - from <= Math.max(LONG_RUN, minWord - 1)) continue;
    const first = at[from]!;
    const last = at[to - 1]!;
    if (pieces.slice(first, last + 1).some((p) => p.startsWith('<') && p.length > 1)) unbroken = true;
    else { open.add(first); close.add(last); }
  }
  let out = '';
  pieces.forEach((p, k) => {
    if (points.has(k)) out += '<wbr>';
    if (open.has(k)) out += '<span class="unbroken">';
    out += p;
    if (close.has(k)) out += '</span>';
  });
  return { html: out, unbroken };
}

/** Runs longer than this, with no place to break, may break anywhere (htmlWithBreaks): an IPv4 address (15) may not. */
export const LONG_RUN = 16;

/** A space, or a character of Japanese (or Chinese) text: a line may break before and after it. */
const BREAKS_AROUND = /[\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/**
 * The runs of `text` with no place to break a line, as [start, end) index pairs: places are spaces, CJK characters,
 * `points`, and where a browser breaks by itself: after a hyphen between a letter or digit and a letter ("smtp-out").
 */
export function unbrokenRuns(text: string, points: readonly number[] = breakPoints(text)): Array<[number, number]> {
  const at = new Set(points);
  const out: Array<[number, number]> = [];
  let start = -1;
  const end = (i: number): void => { if (start >= 0) out.push([start, i]); start = -1; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (BREAKS_AROUND.test(c)) { end(i); continue; }
    if (at.has(i) || (text[i - 1] === '-' && /[A-Za-z0-9]/.test(text[i - 2] ?? '') && /[A-Za-z]/.test(c))) end(i);
    if (start < 0) start = i;
  }
  end(text.length);
  return out;
}

/** The length of the longest of unbrokenRuns. */
export function longestUnbroken(text: string): number {
  return Math.max(0, ...unbrokenRuns(text).map(([a, b]) => b - a));
}
