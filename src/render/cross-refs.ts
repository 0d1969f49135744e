// Findings that refer to each other by rule id in their why and what-to-do texts ("see the queue-cleanup finding
// (`queue-delete.txt`)", "the compromised-account and backscatter findings", "queue-cleanup の検出事項") name an internal
// id the reader cannot find (review Z, Z22). In report.md (and so report.html, made from it) each such reference to a
// finding of this report becomes a link to its card, `#finding-N`, with its number and its rule's name: "see [finding 3
// (spam still in the queue)](#finding-3)" (the short title, "220 spam messages still queued (queue-delete.txt)", read
// as parentheses in parentheses in the middle of a sentence). A rule with no finding in this report keeps its words: the text then
// speaks of a finding that could be there ("see the open-relay finding"), not of one to click.
//
// The texts are the rules' own (detect/rules, i18n/ja-rules.ts), so the phrases are known: in English "[the] <ids>
// finding(s)", in Japanese "<ids> の検出事項". Code blocks and code spans are left as they are.

import type { Messages } from '../i18n/index.js';
import { mdText } from './escape.js';
import { ruleName } from '../i18n/rule-name.js';

/** A finding of the report as a reference names it: its number (1-based, its card's `#finding-N`) and rule. */
export interface FindingRef { n: number; rule: string }

/** The line before a finding's heading in report.md: the anchor `#finding-N` links go to (report.html drops it: its card has the id). */
export function findingAnchor(n: number): string {
  return `<a id="finding-${n}"></a>`;
}

/** report.md without its findings' anchors (findingAnchor), each a line of its own followed by a blank line. */
export function withoutFindingAnchors(md: string): string {
  return md.replace(/^<a id="finding-\d+"><\/a>\n\n/gm, '');
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The "<ids> finding(s)" phrases of a language, the ids captured as one list in group 1. */
function phrase(rules: string[], lang: string): RegExp {
  const id = `(?:${[...rules].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})`;
  const bound = (r: string): string => `(?<![\\w@.-])${r}(?![\\w@-])`;
  // Group 1: the space before the ids in Japanese ("は queue-deleted の検出事項"), dropped after Japanese text.
  return lang === 'ja'
    ? new RegExp(`( ?)(${bound(id)}(?:(?:、|, )${bound(id)})*) ?の検出事項`, 'g')
    : new RegExp(`()(?:\\bthe )?(${bound(id)}(?:(?:,? and |, )${bound(id)})*) findings?\\b`, 'g');
}

/** "a", "a and b", "a, b and c" (English); "a、b" (Japanese). */
function joinList(items: string[], lang: string): string {
  if (lang === 'ja') return items.join('、');
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** One line of prose (outside code spans): its references to findings of `refs` as links (as plain words: `link` false). */
function linkProse(text: string, re: RegExp, refs: FindingRef[], msg: Messages, link: boolean): string {
  const lang = msg.lang;
  return text.replace(re, (whole: string, space: string, list: string, at: number) => {
    // "…は検出事項 3（…）を参照", not "…は 検出事項 3": Japanese puts no space between its words (review AP, AP1).
    const lead = space !== '' && /[\u3000-\u9fff\uff00-\uffef]/.test(text[at - 1] ?? '') ? '' : space;
    const ids = list.split(lang === 'ja' ? /、|, / : /,? and |, /);
    const links = ids.flatMap((id) => refs.filter((f) => f.rule === id).map((f) => {
      const ref = msg.overview.findingRef([f.n]);
      const name = ruleName(f.rule, lang);
      const label = lang === 'ja' ? `${ref}${msg.overview.paren(name)}` : `${ref} ${msg.overview.paren(name.charAt(0).toLowerCase() + name.slice(1))}`;
      return link ? `[${mdText(label, 300)}](#finding-${f.n})` : mdText(label, 300);
    }));
    if (links.length === 0) return whole;
    // Ids of rules this report has no finding of keep their words beside the links.
    const missing = ids.filter((id) => !refs.some((f) => f.rule === id));
    if (missing.length === 0) return lead + joinList(links, lang);
    return lang === 'ja' ? `${lead}${joinList(links, lang)}、${missing.join('、')} の検出事項`
      : `${joinList(links, lang)} and the ${joinList(missing, lang)} finding${missing.length === 1 ? '' : 's'}`;
  });
}

/** A line outside code blocks: its prose linked, its code spans (a run of backquotes to the next equal run) kept. */
function linkLine(line: string, re: RegExp, refs: FindingRef[], msg: Messages, link: boolean): string {
  let out = '';
  let at = 0;
  for (const m of line.matchAll(/(`+)[^`][\s\S]*?\1(?!`)/g)) {
    out += linkProse(line.slice(at, m.index), re, refs, msg, link) + m[0];
    at = m.index + m[0].length;
  }
  return out + linkProse(line.slice(at), re, refs, msg, link);
}

/**
 * `md` (a finding's why or what-to-do text, after defang) with its references to the findings `refs` as links to their
 * cards; unchanged when it names none of them.
 */
export function linkFindingRefs(md: string, refs: FindingRef[], msg: Messages, link = true): string {
  const present = [...new Set(refs.map((f) => f.rule))];
  if (present.length === 0 || !present.some((r) => md.includes(r))) return md;
  // Every rule id in the phrases, so that a list naming a rule without a finding here is read whole.
  const re = phrase([...new Set([...Object.keys(msg.rules), ...present])], msg.lang);
  let inFence = false;
  return md.split('\n').map((line) => {
    if (/^ {0,3}```/.test(line)) { inFence = !inFence; return line; }
    return inFence ? line : linkLine(line, re, refs, msg, link);
  }).join('\n');
}

/**
 * ticket.md, which has no cards to link to (review AP, AP1): the same references named by their number and rule's name
 * as plain words, "finding 1 (compromised mail account)" / "検出事項 1（不正利用されたメールアカウント）", not the rule
 * id ("the compromised-account finding", "compromised-account の検出事項") a manager reading the ticket cannot place.
 */
export function nameFindingRefs(md: string, refs: FindingRef[], msg: Messages): string {
  return linkFindingRefs(md, refs, msg, false);
}
