// A rule's name in plain words: its title as the report gives it (report.json rules[].title), without the detail
// after a colon or in parentheses. Used where a text names a rule instead of its id (review Z, Z11 and Z22): compare's
// lines and headline, the report's links from one finding to another.

import type { RuleId } from './index.js';
import { messagesFor } from './index.js';

/** "Password guessing", "Spam still in the queue", "パスワード推測攻撃"; the rule id for a rule the catalog does not know. */
export function ruleName(rule: string, lang: string | undefined): string {
  const title = messagesFor(lang).rules[rule as RuleId]?.title;
  if (title === undefined) return rule;
  // "Spam still in the queue: cleanup list" → "Spam still in the queue"; "Password guessing (SASL brute force)" →
  // "Password guessing"; "受信側によるメールの拒否（送信量制限、認証、ブロックリスト）" → "受信側によるメールの拒否".
  const name = title.split(/: /)[0]!.replace(/\s*\([^()]*\)\s*$/, '').replace(/（[^（）]*）$/, '').trim();
  return name === '' ? title : name;
}

