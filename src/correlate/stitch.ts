// Stitches record fragments across byte ranges and files, in file order. A deferred message is retried for days:
// its client, SASL user and sender come from the first range, its final status from a later one.

import type { MessageRecord } from '../types.js';
import { awaitsLink, mergeFragments, takesCleanupLine } from './record.js';
import { continueRequeued, qidOfKey } from './requeue.js';
import type { HopHandover } from './pipe-filter-range.js';
import type { StitchHops } from './pipe-filter-stitch.js';
import { finishHops, finishOrHold, newStitchHops, takeRange } from './pipe-filter-stitch.js';

export interface Stitcher {
  open: Map<string, MessageRecord>;
  finish: (rec: MessageRecord) => void;
  /** Records whose pipe content filter hops are not decided yet (pipe-filter-stitch.ts). */
  hops: StitchHops;
}

export function newStitcher(finish: (rec: MessageRecord) => void): Stitcher {
  return { open: new Map(), finish, hops: newStitchHops() };
}

function isStart(rec: MessageRecord): boolean {
  return rec.origin === 'smtpd' || rec.origin === 'pickup';
}

/**
 * Feeds the fragments of the next range (in the order the range closed them), interleaved with the range's start
 * lines: a start line closes what an earlier range left open under its queue ID (see Correlator.startKeys), and a
 * requeued message's pickup line moves what earlier ranges hold under its old ID to the new one (requeue.ts), as
 * the correlator did with what the range itself held.
 */
export function stitch(
  st: Stitcher, fragments: MessageRecord[], startKeys: string[] = [], startPos: number[] = [], startFrom: string[] = [],
  hops?: HopHandover,
): void {
  const done = (rec: MessageRecord): void => finishOrHold(st.hops, rec, st.finish);
  // The record each fragment became, for the hop hand-over's fragment indexes.
  const objs: MessageRecord[] | null = hops !== undefined && (hops.open.length > 0 || hops.pastHead) ? [] : null;
  let s = 0;
  const started = (upTo: number): void => {
    for (; s < startKeys.length && startPos[s]! <= upTo; s++) {
      const key = startKeys[s]!;
      const prev = st.open.get(key);
      if (prev !== undefined) {
        st.open.delete(key);
        done(prev);
      }
      const from = startFrom[s] ?? '';
      const old = from === '' ? undefined : st.open.get(from);
      if (old !== undefined) {
        st.open.delete(from);
        continueRequeued(old, old.host, qidOfKey(key), qidOfKey(from));
        st.open.set(key, old);
      }
    }
  };
  for (let i = 0; i < fragments.length; i++) {
    started(i);
    const f = fragments[i]!;
    const prev = st.open.get(f.key);
    let cur: MessageRecord;
    if (prev === undefined) {
      cur = f;
    } else if (isStart(f) || (f.cleanupFirst && !takesCleanupLine(prev, f.messageId, f.startAt, f.firstRef?.file ?? -1, f.firstRef?.line ?? 0))
      || (prev.removed && awaitsLink(prev) && !f.linkOnly)) {
      // Same rules as the correlator: a fragment that holds a start line begins with it (the correlator closed
      // anything open under the ID), so what we had is an earlier message; so does one whose first line in its
      // range was a cleanup line that what we had cannot take (a bounce notice's, record.ts takesCleanupLine), and
      // anything but its bounce(8) line after a removed notice that waits for it (awaitsLink).
      done(prev);
      cur = f;
    } else {
      cur = mergeFragments(prev, f);
    }
    // Rejected or bounced in cleanup: gone, but later cleanup lines may still name it; kept open, as the correlator
    // keeps it (only a "removed" line closes a record there).
    objs?.push(cur);
    // A record a bounce(8) line made alone, with nothing open to join: closed at once, as the correlator closed it.
    if (cur.linkOnly || (cur.removedBy !== '' && !awaitsLink(cur))) {
      st.open.delete(f.key);
      done(cur);
    } else {
      st.open.set(f.key, cur);
    }
  }
  started(Infinity);
  if (objs !== null) takeRange(st.hops, objs, hops!, st.finish);
}

/** End of the log: what is left was never removed — still queued. */
export function finishAll(st: Stitcher): void {
  finishHops(st.hops, st.finish);
  const keys = [...st.open.keys()].sort();
  for (const k of keys) st.finish(st.open.get(k)!);
  st.open.clear();
}
