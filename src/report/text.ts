// Log text is decoded as latin1 on the hot path (never fails). For display, bytes that form valid UTF-8 are
// shown as such (Japanese user names, subjects); a byte that is not part of valid UTF-8 is shown as "\xNN".
// U+FFFD would merge different names: "j\xf6rg" and "j\xe4rg" (latin1 ö and ä) are two accounts, two rows, and
// must stay two texts (and two pseudonyms under --redact).

const STRICT = new TextDecoder('utf-8', { fatal: true });

export function displayText(s: string): string {
  for (let i = 0; i < s.length; i++) {
    // Only the byte characters are re-decoded: text we added ourselves (the "…" after a cut, a long line's note)
    // is not latin1, and Buffer.from(…, 'latin1') would turn "…" into "&".
    if (s.charCodeAt(i) > 0x7f) return s.replace(/[\u0000-\u00ff]+/g, decodeBytes);
  }
  return s;
}

function decodeBytes(run: string): string {
  const bytes = Buffer.from(run, 'latin1');
  try {
    return STRICT.decode(bytes);
  } catch {
    return decodeLeniently(bytes);
  }
}

/** Valid UTF-8 sequences decoded, every other byte as "\xNN". */
function decodeLeniently(b: Buffer): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 1) { out += String.fromCharCode(c); i++; continue; }
    if (len > 0 && i + len <= b.length) {
      try {
        out += STRICT.decode(b.subarray(i, i + len)); // rejects bad continuations, overlongs and surrogates
        i += len;
        continue;
      } catch { /* not a sequence: show the lead byte and go on */ }
    }
    out += '\\x' + c.toString(16).padStart(2, '0');
    i++;
  }
  return out;
}
