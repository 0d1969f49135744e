// Which of OpenDKIM's lines about one message counts (MessageRecord.dkim): a message signed is signed, whatever else
// was logged of it; among the reasons not to sign, the one that names the fix most precisely. An incoming message
// logs "not internal" and "not authenticated" (mlfi_eoh, LogWhy yes); a message from a client outside InternalHosts
// in a domain it signs logs "external host … attempted to send as …" too: the latter says more. Another signer's
// verdict (rspamd's or amavis's line without a signature of theirs) ranks above OpenDKIM's taking the mail as
// incoming (then the other signer is the one meant to sign) and below OpenDKIM's reasons about its own tables. A
// signature by any signer outranks everything: a message rspamd signed while OpenDKIM said "no signing table match"
// left signed. 'seen' (an OpenDKIM line that decides nothing) only tells that OpenDKIM saw the message.

import type { DkimOutcome } from '../types.js';

const RANK: Record<DkimOutcome | '', number> = {
  '': 0, seen: 1, 'not-internal': 2, 'external-host': 3, 'rspamd-unsigned': 4, 'amavis-unsigned': 4, 'signing-domain': 5,
  'signing-table': 6, 'key-error': 7, signed: 8,
};

export function dkimRank(outcome: DkimOutcome | ''): number {
  return RANK[outcome];
}
