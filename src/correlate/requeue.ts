// `postsuper -r` requeues a message: Postfix moves the queue file to the maildrop queue and pickup reads it again
// under a new queue ID. It logs nothing for the old ID (no "removed"); Postfix 3.7 names it on pickup's line:
//
//   Nov 29 01:27:21 vm postfix/pickup[20004]: 98D0529E2C8: uid=103 from=<sato@example.jp> orig_id=2074029EAB4
//
// (a lab run of the Debian 12 package, Postfix 3.7.11, review 7 H4). It is the same message: the record of the old
// ID goes on under the new one, keeping its client, SASL user, origin, sender and counts, so the message is
// received, deferred and listed once, and an abusive message requeued by the admin still names the account that
// sent it. The correlator (one range) and the stitcher (across ranges) apply the same step at the pickup line.

import type { MessageRecord } from '../types.js';

/** The old record `rec` (queue ID `origId`) goes on as queue ID `qid`. */
export function continueRequeued(rec: MessageRecord, host: string, qid: string, origId: string): void {
  rec.qid = qid;
  rec.key = host + '/' + qid;
  rec.requeuedFrom = origId;
  // Out of the hold queue: `postsuper -r` requeues held mail too, and pickup sends it on to qmgr.
  rec.held = false;
}

/** The queue ID of a record key ("host/QID"; a queue ID never holds "/"). */
export function qidOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
