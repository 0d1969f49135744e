// Escaping for Markdown (which may be rendered as HTML by GitHub, GitLab, Redmine, Backlog or marked).
// Log text is attacker-controlled on a compromised server: HELO names, user names, addresses, reasons.

const ESC = /[\\`*_{}[\]()#+!|<>&~]/g;

/** Text inside a Markdown table cell or paragraph: no markup, no HTML, no row breaks, no terminal escapes. */
export function mdText(s: string, max = 200): string {
  let t = stripControls(s);
  if (t.length > max) t = t.slice(0, max) + '…';
  return t.replace(ESC, (c) => {
    switch (c) {
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '&': return '&amp;';
      case '|': return '\\|';
      default: return '\\' + c;
    }
  });
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
  let fence = '`';
  while (t.includes(fence)) fence += '`';
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return fence + pad + t + pad + fence;
}

/**
 * A rule's why/fix text, which is Markdown with values from the log in its prose (a SASL login, a sender, a domain):
 * outside code blocks and code spans, `[`, `]` and `<` are escaped, so a value can make no link, image or HTML tag
 * (review 16: a login `![a](http://127.0.0.1:8765/pixel.png)` was an image a ticket system would fetch, and
 * `[l](http://evil.example/x)` a live link in report.html). The texts we write use no links, images nor HTML.
 */
export function defang(md: string): string {
  let inFence = false;
  return md.split('\n').map((line) => {
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

function escapeProse(s: string): string {
  return s.replace(/[[\]<]/g, (c) => (c === '<' ? '&lt;' : '\\' + c));
}

/** Removes C0/C1 control characters (terminal escape sequences, NUL, CR) and turns tabs into spaces. */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}
