// Log text is decoded as latin1 on the hot path (never fails). For display, bytes that form valid UTF-8 are
// shown as such (Japanese user names, subjects); invalid sequences become U+FFFD.

export function displayText(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.from(s, 'latin1').toString('utf8');
  }
  return s;
}
