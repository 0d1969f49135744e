// The ordered list of rules. Add a rule: one file in rules/, one line here.

import type { Rule } from './rule.js';
import { compromisedAccount } from './rules/compromised-account.js';
import { queueCleanup } from './rules/queue-cleanup.js';
import { queueFlood } from './rules/queue-flood.js';
import { saslBruteforce } from './rules/sasl-bruteforce.js';

export const RULES: Rule[] = [
  compromisedAccount,
  saslBruteforce,
  queueFlood,
  queueCleanup,
];
