// What a finding of the comparison is about, in plain words (review Z, Z11): its rule's name as the report titles it,
// without the detail after a colon or in parentheses ("Password guessing", "Spam still in the queue"), and the subject
// when it names what the reader knows (an account, IPs, receivers). A subject that only describes the finding on one
// side ("220 queue IDs", the queue of host "mail", "bounces of forged-sender spam") is left out: it is a before
// number or a restatement of the name. The rule id stays as a small tag beside it (compare.md, compare.html).

import type { Finding } from '../types.js';
import type { RuleId } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';

/** Subject kinds that restate the rule or carry one run's count: not shown beside the name. */
const DESCRIPTIVE_KINDS: ReadonlySet<string> = new Set(['queue', 'bounces', 'port']);

/** The rule's name in the language ("Password guessing", "パスワード推測攻撃"); the rule id for a rule it does not know. */
export function ruleName(rule: string, lang: string | undefined): string {
  const title = messagesFor(lang).rules[rule as RuleId]?.title;
  if (title === undefined) return rule;
  // "Spam still in the queue: cleanup list" → "Spam still in the queue"; "Password guessing (SASL brute force)" →
  // "Password guessing"; "受信側によるメールの拒否（送信量制限、認証、ブロックリスト）" → "受信側によるメールの拒否".
  const name = title.split(/: /)[0]!.replace(/\s*\([^()]*\)\s*$/, '').replace(/（[^（）]*）$/, '').trim();
  return name === '' ? title : name;
}

/** The name and, when it is worth showing, the subject's value (log text: the renderer escapes it); null when not. */
export function aboutOf(f: Pick<Finding, 'rule' | 'subject'>, lang: string | undefined): { name: string; value: string | null } {
  const shown = f.subject.value !== '' && !DESCRIPTIVE_KINDS.has(f.subject.kind);
  return { name: ruleName(f.rule, lang), value: shown ? f.subject.value : null };
}
