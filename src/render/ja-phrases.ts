// Where Japanese text in report.html's and compare.html's table headers, cells and summary tiles may go on to a new
// line (review AG15). A browser breaks Japanese between any two characters, so a table squeezed its columns to one
// character: the SASL users header "配送完了" printed as "配送完" / "了", on a phone "ク" / "ラ" / "イ" / "ア" / "ン" /
// "ト" one a line. The report's CSS keeps Japanese words whole there (word-break: keep-all) and the text gets a <wbr>
// between its phrases instead: after a particle or an ending ("最後の|試行で|遅延", "当方宛てに|配送する|メールサーバー"),
// after 、。 and closing brackets, before an opening bracket ("最多|（全クライアント）").

/** Hiragana: particles and endings, which end a phrase. */
const HIRAGANA = /[ぁ-ゖ]/;
/** What never starts a line: hiragana (a particle), small kana, the long-vowel mark, closing punctuation. */
const NO_START = /[ぁ-ゖゝゞァィゥェォッャュョヮヵヶー、。，．・）」』］｝：；！？\s]/;
/** Punctuation a phrase ends with. */
const PHRASE_END = /[、。，．・）」』］／：！？]/;
const OPENING = /[（「『［｛]/;
/** A Japanese character (kana, kanji, full-width forms). */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/**
 * A verb stem in -i (or a small tsu) before kanji is inside a compound verb ("積み上げ", "乗っ取られた", "送り主"),
 * not at the end of a phrase.
 */
const STEM_END = /[いきしちひみりぎじびぴっ]/;
const KANJI = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The indices of `text` before which a <wbr> goes: the ends of its Japanese phrases. */
export function phraseBreaks(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const a = text[i - 1]!;
    const b = text[i]!;
    if (/\s/.test(a) || NO_START.test(b) || !(WIDE.test(a) || WIDE.test(b))) continue;
    // Not a word of one character alone on a line: "試されたユーザー名の" / "数".
    if (i + 1 === text.length || /\s/.test(text[i + 1]!)) continue;
    if (PHRASE_END.test(a) || (OPENING.test(b) && !OPENING.test(a))) out.push(i);
    else if (HIRAGANA.test(a) && !(STEM_END.test(a) && KANJI.test(b))) out.push(i);
  }
  return out;
}

/**
 * Punctuation after which a browser ends a line even where word-break: keep-all keeps words whole (a closing bracket,
 * 、 and 。 are breaks of their own in Unicode's line breaking, UAX #14), and the kana that must not start the next
 * line: "…を開いた）" / "の一覧" printed in compare.html's evidence table.
 */
const BREAKS_AFTER = /[、。，．・）」』］｝：；！？／]/;
const KANA_NO_START = /[ぁ-ゖゝゞァィゥェォッャュョヮヵヶー]/;

/**
 * `html` (escaped text and inline tags) with a <wbr> at each of its text's phraseBreaks, and a punctuation mark kept
 * on the line of the kana after it (a span of class ja-nobreak, white-space: nowrap in the ja CSS; the text is
 * unchanged, so is what a copy gives); tags and entities left whole.
 */
export function withPhraseBreaks(html: string): string {
  if (!WIDE.test(html)) return html;
  // Only the text between tags; an entity is one character of it ("&amp;"), never a place to break.
  return html.replace(/(^|>)([^<]+)/g, (_, open: string, text: string) => {
    const pieces = text.match(/&(?:#x?[0-9a-f]+|[a-z]+);|[\s\S]/gi) ?? [];
    const plain = pieces.map((p) => (p.length > 1 ? 'x' : p)).join('');
    const at = new Set(phraseBreaks(plain));
    let out = open;
    for (let k = 0; k < pieces.length; k++) {
      if (at.has(k)) out += '<wbr>';
      if (k + 1 < pieces.length && BREAKS_AFTER.test(plain[k]!) && KANA_NO_START.test(plain[k + 1]!)) {
        out += `<span class="ja-nobreak">${pieces[k]}${pieces[k + 1]}</span>`;
        k++;
      } else {
        out += pieces[k];
      }
    }
    return out;
  });
}

/** A number (not the end of a word such as "POP3"), a space, and the Japanese word it counts: "3 回", "1,600 件の", "5 分ごと". */
const NUMBER_THEN_WORD = /(^|[^\w.,:/-])(\d[\d,.:]*\d|\d) (?=[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef])/g;

/**
 * `text` with the space between a number and the Japanese word after it made a no-break space: Japanese text around
 * it breaks anywhere, and a line ended at "… 3" with "回のログイン失敗" on the next. English is unchanged (no
 * Japanese follows its numbers).
 */
export function numbersWithTheirWords(text: string): string {
  return text.includes(' ') ? text.replace(NUMBER_THEN_WORD, '$1$2\u00a0') : text;
}

/** What a page shows as written: code and commands (a command copied must run), charts, styles. */
const AS_WRITTEN = /<(pre|code|svg|style)\b[\s\S]*?<\/\1>/g;

/** The text between the tags of `html` (which starts outside a tag) with numbersWithTheirWords. */
const inTextNodes = (html: string): string => html.replace(/(^|>)([^<]+)/g, (_, open: string, text: string) => open + numbersWithTheirWords(text));

/**
 * An HTML page's body with numbersWithTheirWords in all its text (prose, headings, cells, the verdict, badges: what
 * marked drew and what the page drew itself), but code, commands, charts and styles as written. Once per page, in
 * htmlPage: a page without Japanese is returned as it is.
 */
export function numbersWithTheirWordsInHtml(html: string): string {
  if (!WIDE.test(html)) return html;
  let out = '';
  let last = 0;
  for (const m of html.matchAll(AS_WRITTEN)) {
    out += inTextNodes(html.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + inTextNodes(html.slice(last));
}
