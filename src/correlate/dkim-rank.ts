// Which of OpenDKIM's lines about one message counts (MessageRecord.dkim): a message signed is signed, whatever else
// was logged of it; among the reasons not to sign, the one that names the fix most precisely. An incoming message
// logs "not internal" and "not authenticated" (mlfi_eoh, LogWhy yes); a message from a client outside InternalHosts
// in a domain it signs logs "external host … attempted to send as …" too: the latter says more.

import type { DkimOutcome } from '../types.js';

const RANK: Record<DkimOutcome | '', number> = {
  '': 0, 'not-internal': 1, 'external-host': 2, 'signing-domain': 3, 'signing-table': 4, 'key-error': 5, signed: 6,
};

export function dkimRank(outcome: DkimOutcome | ''): number {
  return RANK[outcome];
}
