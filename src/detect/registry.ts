// The ordered list of rules. Add a rule: one file in rules/, one line here.

import type { Rule } from './rule.js';
import { compromisedAccount } from './rules/compromised-account.js';
import { mailboxBreach } from './rules/mailbox-breach.js';
import { queueCleanup } from './rules/queue-cleanup.js';
import { queueFlood } from './rules/queue-flood.js';
import { queueDeleted } from './rules/queue-deleted.js';
import { saslBruteforce } from './rules/sasl-bruteforce.js';
import { openRelay } from './rules/open-relay.js';
import { relayProbing } from './rules/relay-probing.js';
import { backscatter } from './rules/backscatter.js';
import { receiversRefusing } from './rules/receivers-refusing.js';
import { unsignedMail } from './rules/unsigned-mail.js';
import { outboundPortBlocked } from './rules/outbound-port-blocked.js';
import { serverTrouble } from './rules/server-trouble.js';

export const RULES: Rule[] = [
  compromisedAccount,
  mailboxBreach,
  saslBruteforce,
  queueFlood,
  queueCleanup,
  queueDeleted,
  openRelay,
  relayProbing,
  backscatter,
  receiversRefusing,
  unsignedMail,
  outboundPortBlocked,
  serverTrouble,
];
