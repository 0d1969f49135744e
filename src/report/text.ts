// Log text is decoded as latin1 on the hot path (never fails). For display, bytes that form valid UTF-8 are
// shown as such (Japanese user names, subjects); invalid sequences become U+FFFD.

export function displayText(s: string): string {
  for (let i = 0; i < s.length; i++) {
    // Only the byte characters are re-decoded: text we added ourselves (the "…" after a cut, a long line's note)
    // is not latin1, and Buffer.from(…, 'latin1') would turn "…" into "&".
    if (s.charCodeAt(i) > 0x7f) return s.replace(/[\u0000-\u00ff]+/g, (bytes) => Buffer.from(bytes, 'latin1').toString('utf8'));
  }
  return s;
}
