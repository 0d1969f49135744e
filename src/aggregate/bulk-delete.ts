// Bulk deletions: `postsuper -d ALL` empties the queue and logs one summary line, naming no message:
//
//   Nov 28 22:20:49 mail postfix/postsuper[22918]: Deleted: 290 messages
//
// (the corpus incident log, written by a real Postfix 3.7; `mailq` said "Mail queue is empty" right after).
// `postsuper -d QUEUEID` and `postsuper -d - < list` log "QUEUEID: removed" for each message first, and those
// lines close their records like qmgr's. Without this pass, every message the bulk deletion took would be reported
// as still queued at the end of the log, and the legitimate mail it destroyed would go unmentioned.
//
// Runs once on the merged aggregate, after every record is folded: it sees the same data however the log was
// split into ranges, so the result does not depend on the number of jobs.

import type { Aggregate, QueueDeletion, QueuedMessage } from '../types.js';
import { hourRow, minuteRow } from './create.js';

/** A summary line whose count no per-ID line accounts for: what it deleted is known only by elimination. */
export interface BulkDeletion {
  deletion: QueueDeletion;
  /** Messages it deleted that the log does not name (the count minus the run's per-ID "removed" lines). */
  unnamed: number;
}

export interface BulkDeletionOutcome {
  /**
   * Bulk deletions with more messages open before them than they deleted (`postsuper -d ALL deferred` spares
   * the other queues; lines lost from the log): which ones went is unknown, so they stay in the still-queued list.
   */
  ambiguous: Array<BulkDeletion & { open: number }>;
}

function bulkDeletions(agg: Aggregate): BulkDeletion[] {
  const out: BulkDeletion[] = [];
  for (const d of agg.queueDeletions) {
    const unnamed = d.count - (agg.postsuperRemovedBy.get(d.tag) ?? 0);
    if (unnamed > 0) out.push({ deletion: d, unnamed });
  }
  // Merged in file order already; sorted again so that the pass below never depends on how ranges were cut.
  return out.sort((a, b) => a.deletion.at - b.deletion.at || a.deletion.example.file - b.deletion.example.file
    || a.deletion.example.offset - b.deletion.example.offset);
}

/**
 * A record with no sender (no qmgr "from=" line) and no recipient: a message still in cleanup, or not a message at
 * all, the half of one whose lines a clock jump split (review V, V3: root's pickup line alone, its cleanup line an
 * hour later on the clock). It does not make a bulk deletion ambiguous; it is taken when the count leaves room.
 */
function isStray(q: QueuedMessage): boolean {
  return q.sender === '' && q.recipients === 0;
}

/**
 * Moves each still-queued message of a host to `agg.deletedInBulk` when a bulk deletion on that host came at or
 * after its last line (a message with a line after the deletion survived it: a new message, or a queue the
 * deletion spared). The first such deletion took it. A deletion is applied only when it deleted at least as many
 * unnamed messages as were open before it, strays (isStray) not counted; the messages of an ambiguous one stay
 * queued (and the run warns). Strays go with it while its count leaves room, first by position; the rest stay.
 */
export function applyBulkDeletions(agg: Aggregate): BulkDeletionOutcome {
  const bulk = bulkDeletions(agg);
  if (bulk.length === 0 || agg.stillQueued.length === 0) return { ambiguous: [] };
  const taken = new Map<BulkDeletion, QueuedMessage[]>();
  for (const q of agg.stillQueued) {
    const by = bulk.find((b) => b.deletion.host === q.host && b.deletion.at >= q.lastAt);
    if (by === undefined) continue;
    const list = taken.get(by);
    if (list === undefined) taken.set(by, [q]);
    else list.push(q);
  }
  const ambiguous: Array<BulkDeletion & { open: number }> = [];
  const gone = new Set<QueuedMessage>();
  for (const b of bulk) {
    const open = taken.get(b);
    if (open === undefined) continue;
    const messages = open.filter((q) => !isStray(q));
    if (messages.length > b.unnamed) {
      ambiguous.push({ ...b, open: messages.length });
      continue;
    }
    const strays = open.filter(isStray).sort((x, y) => x.file - y.file || x.offset - y.offset);
    const list = strays.length === 0 ? messages : [...messages, ...strays.slice(0, b.unnamed - messages.length)];
    for (const q of list) {
      q.deletedAt = b.deletion.at;
      gone.add(q);
      // The hourly queue series counts it out when it went, as a "removed" line would have.
      hourRow(agg, b.deletion.at).removed++;
      minuteRow(agg, b.deletion.at).removed++;
    }
  }
  if (gone.size > 0) {
    for (const q of agg.stillQueued) if (gone.has(q)) agg.deletedInBulk.push(q);
    agg.stillQueued = agg.stillQueued.filter((q) => !gone.has(q));
    agg.totals.stillQueued -= gone.size;
    agg.totals.deletedInBulk += gone.size;
  }
  return { ambiguous };
}

/** When the messages of agg.deletedInBulk were deleted: each bulk deletion's time once, in order. */
export function deletionTimes(agg: Aggregate): number[] {
  return [...new Set(agg.deletedInBulk.map((q) => q.deletedAt))].sort((a, b) => a - b);
}

/**
 * What became of the undelivered mail of some messages at the end of the log: still queued, deleted with
 * `postsuper -d ALL` (the corpus incident: every message open at 22:20:49 went), or some of each. A finding that
 * counts "still deferred" recipients must not call deleted mail deferred.
 */
export type PendingFate = 'queued' | 'deleted' | 'mixed';

export function pendingFate(agg: Aggregate, which: (q: QueuedMessage) => boolean): PendingFate {
  const deleted = agg.deletedInBulk.some(which);
  if (!deleted) return 'queued';
  return agg.stillQueued.some(which) ? 'mixed' : 'deleted';
}
