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

/** Verbatim log text in a code span; backticks inside choose a longer fence. */
export function mdCode(s: string, max = 300): string {
  let t = stripControls(s);
  if (t.length > max) t = t.slice(0, max) + '…';
  t = t.replace(/\|/g, '¦'); // a pipe ends a table cell even inside a code span on GitHub
  if (t === '') return '';
  let fence = '`';
  while (t.includes(fence)) fence += '`';
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return fence + pad + t + pad + fence;
}

/** Removes C0/C1 control characters (terminal escape sequences, NUL, CR) and turns tabs into spaces. */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}
