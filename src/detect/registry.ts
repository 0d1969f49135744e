// The ordered list of rules. Add a rule: one file in rules/, one line here.

import type { Rule } from './rule.js';

export const RULES: Rule[] = [];
