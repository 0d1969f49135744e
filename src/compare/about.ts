// What a finding of the comparison is about, in plain words (review Z, Z11): its rule's name as the report titles it,
// without the detail after a colon or in parentheses ("Password guessing", "Spam still in the queue"), and the subject
// when it names what the reader knows (an account, IPs, receivers). A subject that only describes the finding on one
// side ("220 queue IDs", the queue of host "mail", "bounces of forged-sender spam") is left out: it is a before
// number or a restatement of the name. The rule id stays as a small tag beside it (compare.md, compare.html).

import type { Finding } from '../types.js';
import { ruleName } from '../i18n/rule-name.js';

export { ruleName };

/** Subject kinds that restate the rule or carry one run's count: not shown beside the name. */
const DESCRIPTIVE_KINDS: ReadonlySet<string> = new Set(['queue', 'bounces', 'port']);

/** The name and, when it is worth showing, the subject's value (log text: the renderer escapes it); null when not. */
export function aboutOf(f: Pick<Finding, 'rule' | 'subject'>, lang: string | undefined): { name: string; value: string | null } {
  const shown = f.subject.value !== '' && !DESCRIPTIVE_KINDS.has(f.subject.kind);
  return { name: ruleName(f.rule, lang), value: shown ? f.subject.value : null };
}
