// A finding's evidence in report.md (and so report.html) and compare.md: a row per key, in the order the rule gives
// (the important ones first), its words in the report's language (i18n/evidence-labels.ts) and its value: a number as
// the language writes it, with its unit or counter ("53.3%", "300 通"), a string as it is, a long list cut at a whole
// item ("… and 12 more"), never in the middle of a word (review Z, Z3). report.json keeps the keys and values.

import type { Messages } from '../i18n/index.js';
import { evidenceLabel, withUnit } from '../i18n/evidence-labels.js';
import { mdCode, mdText } from './escape.js';
import { cutWords } from './cut-words.js';

/** The longest value shown, in characters; report.json has it whole. */
export const EVIDENCE_VALUE_MAX = 320;

const MORE: Record<Messages['lang'], (n: string) => string> = {
  en: (n) => `… and ${n} more`,
  ja: (n) => `… ほか ${n} 件`,
};

/** The words of a key in `msg`'s language, escaped for Markdown; the key itself when it has none. */
export function evidenceLabelText(rule: string, key: string, msg: Messages): string {
  const label = evidenceLabel(rule, key);
  return mdText(label === undefined ? key : label[msg.lang], 500);
}

/** A value, escaped for Markdown; undefined (a key one side of a comparison lacks) is "–". */
export function evidenceValueText(rule: string, key: string, v: number | string | undefined, msg: Messages): string {
  if (v === undefined) return '–';
  const label = evidenceLabel(rule, key);
  if (typeof v === 'number') return mdText(withUnit(label, msg.lang, msg.num(v), v));
  if (label?.file === true) return mdCode(v, 200);
  const text = label?.itemsCutAt === undefined ? v : markCutItems(v, label.itemsCutAt);
  const cut = cutValue(text, EVIDENCE_VALUE_MAX, (n) => MORE[msg.lang](msg.num(n)));
  return mdText(msg.lang === 'ja' ? japaneseValue(cut, label) : cut, EVIDENCE_VALUE_MAX + 100);
}

/** The rules' " and 8 more" after a list (receivers-refusing's domainsFailingAuthentication), or the cut's "… ほか 8 件". */
const LIST_TAIL = / (?:… )?(?:and ([\d,]+) more|ほか ([\d,]+) 件)$/;
/** An item of a list of names: an address, IP, domain or user name, with its count or not ("aeon.co.jp (15)"). */
const NAME_ITEM = /^[^\s,()（）]+(?: \([\d,]+\))?$/;

/**
 * A string value as the Japanese report writes it (review AP, AP2): the words of its items (EvidenceLabel.jaValues:
 * "no" → "いいえ"), the rules' English " and 1 more" as "ほか 1 件", and a list of names with the Japanese comma and
 * brackets: "aeon.co.jp (15), jcb.co.jp (14) and 1 more" → "aeon.co.jp（15）、jcb.co.jp（14）ほか 1 件", as the
 * finding's title lists them ("Gmail、Microsoft、Yahoo"). Other text (a log's reasons) stays as it is.
 */
function japaneseValue(v: string, label: ReturnType<typeof evidenceLabel>): string {
  const tail = LIST_TAIL.exec(v);
  const body = tail === null ? v : v.slice(0, tail.index);
  const more = tail === null ? '' : `ほか ${tail[1] ?? tail[2]} 件`;
  const words = label?.jaValues;
  const items = body.split(', ').map((x) => (words !== undefined && Object.hasOwn(words, x) ? words[x]! : x));
  if (items.length >= 2 && items.every((x) => NAME_ITEM.test(x))) return items.map((x) => x.replace(/ \(([\d,]+)\)$/, '（$1）')).join('、') + more;
  const joined = items.join(', ');
  if (tail === null) return joined;
  return tail[1] !== undefined ? `${joined} ${more}` : `${joined}${tail[0]}`;
}

/** The rows of a finding's evidence table: [words, value], escaped, in the rule's order. */
export function evidenceRows(rule: string, evidence: Record<string, number | string>, msg: Messages): Array<[string, string]> {
  return shownEvidenceKeys(rule, Object.keys(evidence), [evidence])
    .map((k) => [evidenceLabelText(rule, k, msg), evidenceValueText(rule, k, evidence[k], msg)]);
}

/**
 * Of `keys`, those shown: not the retired keys older reports carry (EvidenceLabel.retired), nor a key whose empty value
 * is hidden (EvidenceLabel.hiddenWhenEmpty) when it is empty or absent in every one of `sides` (compare's before and after).
 */
export function shownEvidenceKeys(rule: string, keys: string[], sides: ReadonlyArray<Record<string, number | string>>): string[] {
  return keys.filter((k) => {
    const label = evidenceLabel(rule, k);
    if (label?.retired === true) return false;
    return label?.hiddenWhenEmpty !== true || sides.some((s) => s[k] !== undefined && s[k] !== '');
  });
}

/**
 * "359× … refused to talk to me: 421 4 | 246× …" → "… 421 4… | 246× …": the items a report of an older version cut at
 * `at` characters (`k.slice(0, 90)`, exactly that long; a queue holder's reason in its brackets, "yahoo.co.jp (… 421 4)").
 * This version cuts at a word with its own "…" (detect/cut-reason.ts; review AJ, AJ10): those, and whole texts, stay.
 */
function markCutItems(v: string, at: number): string {
  return v.split(' | ').map((item) => {
    const text = item.replace(/^[\d,]+× /, '');
    const reason = /^[^ ]+ \((.*)\)$/.exec(text)?.[1];
    const cut = reason ?? text;
    if (cut.endsWith('…') || cut.length !== at) return item;
    return reason !== undefined ? `${item.slice(0, -1).trimEnd()}…)` : `${item.trimEnd()}…`;
  }).join(' | ');
}

/** Separators of the lists rules write, the outermost first: "359× … | 246× …", "a (x; y); b", "a (1), b (2)". */
const SEPARATORS = [' | ', '; ', ', '];

/**
 * `s` cut to at most about `max` characters: at a whole item of its list when it is one ("a, b … and 3 more", `more`
 * saying how many are left out), else at a word ("…"). A separator inside brackets is not one between items.
 */
export function cutValue(s: string, max: number, more: (n: number) => string): string {
  if (s.length <= max) return s;
  for (const sep of SEPARATORS) {
    const items = splitTop(s, sep);
    if (items.length < 2) continue;
    let out = items[0]!.length > max ? cutWords(items[0]!, max) : items[0]!;
    let i = 1;
    while (i < items.length && out.length + sep.length + items[i]!.length <= max) out += sep + items[i++];
    return i < items.length ? `${out} ${more(items.length - i)}` : out;
  }
  return cutWords(s, max);
}

/**
 * `s` split at `sep` where it is outside brackets. Brackets that do not close (a reason a rule cut inside one:
 * "109× gmail.com (… said: 421-4.7.28 [IP N)") would hold every item after them in one: then `s` is split at every
 * `sep` (review AJ: "116× yahoo.co.jp (…)… … and 1 more" for 4 more domains).
 */
function splitTop(s: string, sep: string): string[] {
  const nested = splitOutsideBrackets(s, sep);
  return nested.balanced ? nested.items : s.split(sep);
}

function splitOutsideBrackets(s: string, sep: string): { items: string[]; balanced: boolean } {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '（' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '）' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(s.slice(start));
  return { items: out, balanced: depth === 0 };
}

