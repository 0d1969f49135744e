// The pipe content filter's hops (pipe-filter.ts) across byte ranges: the stitcher's half of what a range decides
// for itself (pipe-filter-range.ts). Ranges come in file order; each brings the records it could not decide
// (`hopOpen`), the pairs it could not settle, its head events and its events still open at its end. A head event
// pairs with an open event of an earlier range when it is in that event's window, and closes the windows it is
// not in; a range with events past its head closes every earlier window (its events spread over more than 2W,
// so one of them is outside any window before the first event past the head). A record is decided as in a range,
// once no open window and no key still to come can change it; it is finished only then.

import type { MessageRecord } from '../types.js';
import type { HopHandover } from './pipe-filter-range.js';
import { hasRole, hopKey, inWindow, isHop, keyKnown, keysMatch, sameMessage, setHop } from './pipe-filter.js';

interface StitchPair {
  role: number;
  /** The other record, or null when its range decided it (then `key` is its key, '' for none). */
  other: MessageRecord | null;
  key: string;
}

interface OpenEvent {
  rec: MessageRecord;
  role: number;
  t: number;
}

export interface StitchHops {
  /** Records not decided yet. */
  held: Set<MessageRecord>;
  /** Those of them that left the queue: finished once decided. */
  closed: Set<MessageRecord>;
  pairs: Map<MessageRecord, StitchPair[]>;
  /** Events whose window is open, from the ranges so far. */
  windows: OpenEvent[];
}

export function newStitchHops(): StitchHops {
  return { held: new Set(), closed: new Set(), pairs: new Map(), windows: [] };
}

/** Finishes a record that left the queue, or keeps it until its hop roles are decided. */
export function finishOrHold(sh: StitchHops, rec: MessageRecord, finish: (rec: MessageRecord) => void): void {
  if (rec.hopOpen) sh.closed.add(rec);
  else finish(rec);
}

function addPair(sh: StitchHops, rec: MessageRecord, role: number, other: MessageRecord | null, key: string): void {
  let list = sh.pairs.get(rec);
  if (list === undefined) sh.pairs.set(rec, list = []);
  list.push({ role, other, key });
}

/**
 * A range's hand-over, once its fragments are stitched: `objs[i]` is the record fragment i became (merged with
 * what earlier ranges held of it).
 */
export function takeRange(sh: StitchHops, objs: MessageRecord[], hand: HopHandover, finish: (rec: MessageRecord) => void): void {
  for (const i of hand.open) sh.held.add(objs[i]!);
  for (let k = 0; k < hand.pairs.length; k += 3) {
    const rec = objs[hand.pairs[k]!]!;
    const role = hand.pairs[k + 1]!;
    const j = hand.pairs[k + 2]!;
    const other = j >= 0 ? objs[j]! : null;
    addPair(sh, rec, role, other, other === null ? hand.pairKeys[k / 3]! : '');
    if (other !== null) addPair(sh, other, 1 - role, rec, '');
  }
  for (let k = 0; k < hand.head.length; k += 3) {
    const rec = objs[hand.head[k]!]!;
    const role = hand.head[k + 1]!;
    const t = hand.head[k + 2]!;
    let n = 0;
    for (const o of sh.windows) {
      if (!inWindow(o.t, t)) continue; // this event closes o's window
      sh.windows[n++] = o;
      if (o.role !== role && o.rec !== rec && sameMessage(o.rec, o.role, rec, role) !== 0) {
        addPair(sh, o.rec, o.role, rec, '');
        addPair(sh, rec, role, o.rec, '');
      }
    }
    sh.windows.length = n;
  }
  if (hand.pastHead) sh.windows.length = 0;
  for (let k = 0; k < hand.tail.length; k += 3) {
    sh.windows.push({ rec: objs[hand.tail[k]!]!, role: hand.tail[k + 1]!, t: hand.tail[k + 2]! });
  }
  resolve(sh, finish, false);
}

/** End of the log: every window is closed and every key final. */
export function finishHops(sh: StitchHops, finish: (rec: MessageRecord) => void): void {
  sh.windows.length = 0;
  resolve(sh, finish, true);
}

function resolve(sh: StitchHops, finish: (rec: MessageRecord) => void, atEnd: boolean): void {
  for (const rec of [...sh.held]) {
    if (!decide(sh, rec, atEnd)) continue;
    rec.hopOpen = false;
    sh.held.delete(rec);
    sh.pairs.delete(rec);
    if (sh.closed.delete(rec)) finish(rec);
  }
}

/** No later line can give it a sender or a Message-ID. */
function keyFinal(sh: StitchHops, rec: MessageRecord, role: number, atEnd: boolean): boolean {
  return atEnd || keyKnown(rec, role) || sh.closed.has(rec) || !sh.held.has(rec);
}

function decide(sh: StitchHops, rec: MessageRecord, atEnd: boolean): boolean {
  const pairs = sh.pairs.get(rec) ?? [];
  let decided = true;
  for (let role = 0; role < 2; role++) {
    if (!hasRole(rec, role) || isHop(rec, role)) continue;
    if (!atEnd && sh.windows.some((o) => o.rec === rec && o.role === role)) { decided = false; continue; }
    let known = true;
    for (const p of pairs) {
      if (p.role !== role) continue;
      // A pair with a record its range decided holds that record's key ('' when it never had one: no).
      const same = p.other !== null ? sameMessage(rec, role, p.other, 1 - role)
        : !keyKnown(rec, role) ? (p.key === '' ? 0 : -1) : keysMatch(hopKey(rec, role), p.key) ? 1 : 0;
      if (same === 1) { setHop(rec, role); known = true; break; }
      if (same < 0 && (!keyFinal(sh, rec, role, atEnd) || (p.other !== null && !keyFinal(sh, p.other, 1 - role, atEnd)))) known = false;
    }
    if (!isHop(rec, role) && !known) decided = false;
  }
  return decided;
}
