// A finding's lead paragraph in report.md and ticket.md is its whole title, a sentence the rules write without a
// full stop (the heading above it is its short form). In Japanese a paragraph that stops without 。 reads as cut off
// ("…パスワードが推測されています"): it gets its 。 (review AP, AP12). English keeps its text as it is.

import type { Lang } from '../i18n/index.js';

export function leadSentence(text: string, lang: Lang): string {
  if (lang !== 'ja' || /[。！？…]$/.test(text)) return text;
  return `${text}。`;
}
