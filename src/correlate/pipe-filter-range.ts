// The pipe content filter's hops (pipe-filter.ts) inside one byte range: P and K events, their windows, the pairs
// they make, and what the range cannot decide, for the stitcher (pipe-filter-stitch.ts).
//
// A record with an event (a candidate) is not finished when it leaves the queue while one of its windows is open:
// a pair may still come. Once its windows are closed, its roles are decided when every pair's keys are known
// (sender and Message-ID, or no more lines can bring them: a record whose whole life is in the range and that
// left the queue); it is then finished, with its hop flags. A record the range cannot decide goes to the stitcher
// marked `hopOpen`, with what it needs: its pairs the range could not settle, its first events (up to a spread of
// 2W: an event of an earlier range may pair with them) and the events whose windows are open at the range's end.

import type { MessageRecord } from '../types.js';
import { PIPE_HOP_WINDOW_MS, hopKey, inWindow, isHop, keyKnown, sameMessage, setHop } from './pipe-filter.js';

interface HopEvent {
  /** Dropped once the window is closed (a head event keeps it for the hand-over), see release. */
  rec: MessageRecord | null;
  role: number;
  t: number;
  open: boolean;
  head: boolean;
  /** An SMTP filter's event: host and the copy's queue ID (see hopEvent); '' for a pipe filter's. */
  key: string;
}

interface Pair {
  /** null once released (see release). */
  other: MessageRecord | null;
  /** This record's role in the pair (the other's is the other role). */
  role: number;
}

/** A candidate's state, kept on its record (MessageRecord.hopState) while the range has not decided it. */
export interface Candidate {
  /** Its last event (a line repeated by syslog is one event). */
  last: HopEvent | null;
  /** Roles (bit per role) of its events. */
  roles: number;
  pairs: Pair[];
  /** Events whose window is open. */
  openEvents: number;
  /** Roles (bit per role) with an event in the range's head: the stitcher decides them. */
  headRoles: number;
  /** Left the queue (Correlator close). */
  closed: boolean;
  /** Created by its start line in this range, or the range starts the log: no earlier range holds lines of it. */
  whole: boolean;
  /** For a whole record that left the queue undecided: where it would have been a fragment (see drain). */
  closeSeq: number;
  closeStart: number;
  closeOrder: number;
  late: boolean;
}

/** What the stitcher needs; fragment indexes are those of the range's drained fragments. */
export interface HopHandover {
  /** Records the stitcher decides (`hopOpen`). */
  open: number[];
  /** Head events in file order, then the events whose window is open at the end: [fragment, role, time]… */
  head: number[];
  tail: number[];
  /** The range has events past its head: every earlier window closes in it. */
  pastHead: boolean;
  /** Pairs not settled: [fragment, its role, other fragment or -1]…, and for -1 the other's key ('' = none). */
  pairs: number[];
  pairKeys: string[];
}

export interface RangeHops {
  logStart: boolean;
  /** Open events by role; `lo`/`hi`: an event time outside [lo, hi] closes at least one window. */
  windows: [HopEvent[], HopEvent[]];
  /** The open SMTP filter events of each role by key: they pair only with the other role's of the same key. */
  byKey: [Map<string, HopEvent[]>, Map<string, HopEvent[]>];
  lo: number;
  hi: number;
  spreadMin: number;
  spreadMax: number;
  pastHead: boolean;
  head: HopEvent[];
  late: MessageRecord[];
  closeCount: number;
}

export function newRangeHops(logStart: boolean): RangeHops {
  return {
    logStart, windows: [[], []], byKey: [new Map(), new Map()], lo: -Infinity, hi: Infinity, spreadMin: Infinity, spreadMax: -Infinity,
    pastHead: false, head: [], late: [], closeCount: 0,
  };
}

/** What the correlator lends: its fragment list, start lines and how a whole record is finished. */
export interface RangeRecords {
  fragments: MessageRecord[];
  startKeys: string[];
  finish: (rec: MessageRecord) => void;
}

/**
 * The candidate state of `rec`, or null. It is kept on the record, not in a Map by record: a Map of records with
 * this churn (one entry per piped or picked-up message, deleted a minute of log later) kept finished records alive
 * through young collections, measured on a log of 100,000 piped messages: 137 MB promoted to the old generation
 * instead of 22, a third more CPU time.
 */
function stateOf(rec: MessageRecord): Candidate | null {
  return rec.hopState as Candidate | null;
}

/**
 * A P or K event of `rec` at time `t`. `key` (an SMTP filter's, pipe-filter.ts isSmtpdCopyCandidate): host and queue
 * ID, the copy's own (K) or the one a hand-off names (P); such events pair only with the other role's of the same key,
 * found in a map: looking through every open event of the minute for each one cost 46 s on a busy amavis log of
 * 60,000 messages (code review 13, H2). A pipe filter's events (key '') look through the pipe filter's.
 */
export function hopEvent(h: RangeHops, out: RangeRecords, rec: MessageRecord, role: number, t: number, key = ''): void {
  let cand = stateOf(rec);
  if (cand === null) {
    cand = {
      last: null, roles: 0, pairs: [], openEvents: 0, headRoles: 0, closed: false, whole: false, closeSeq: 0, closeStart: 0,
      closeOrder: 0, late: false,
    };
    rec.hopState = cand;
  }
  // A line syslog repeated ("message repeated N times"): one event.
  const last = cand.last;
  if (last !== null && last.open && last.role === role && last.t === t && last.key === key) return;
  if (!h.pastHead) {
    if (t < h.spreadMin) h.spreadMin = t;
    if (t > h.spreadMax) h.spreadMax = t;
    if (h.spreadMax - h.spreadMin > 2 * PIPE_HOP_WINDOW_MS) h.pastHead = true;
  }
  const decide = t < h.lo || t > h.hi ? closeWindows(h, t) : null;
  // Every open window holds t now: the other role's events pair with this one, unless a part of their keys known
  // on both sides differs already (no later line changes it: that pair could only say no).
  const others = key === '' ? h.windows[1 - role]! : h.byKey[1 - role]!.get(key) ?? [];
  for (const o of others) {
    if (o.key !== key) continue; // an SMTP filter's event in the pipe filter's loop
    const other = o.rec!;
    if (other === rec || sameMessage(rec, role, other, o.role) === 0) continue;
    cand.pairs.push({ other, role });
    stateOf(other)!.pairs.push({ other: rec, role: o.role });
  }
  const head = !h.logStart && !h.pastHead;
  const e: HopEvent = { rec, role, t, open: true, head, key };
  h.windows[role]!.push(e);
  if (key !== '') {
    const list = h.byKey[role]!.get(key);
    if (list === undefined) h.byKey[role]!.set(key, [e]);
    else list.push(e);
  }
  if (t - PIPE_HOP_WINDOW_MS > h.lo) h.lo = t - PIPE_HOP_WINDOW_MS;
  if (t + PIPE_HOP_WINDOW_MS < h.hi) h.hi = t + PIPE_HOP_WINDOW_MS;
  cand.last = e;
  cand.roles |= 1 << role;
  cand.openEvents++;
  if (head) {
    cand.headRoles |= 1 << role;
    h.head.push(e);
  }
  if (decide !== null) for (const r of decide) tryDecide(h, out, r);
}

/** Closes the windows that do not hold `t`; returns the records left with no open window, to be decided. */
function closeWindows(h: RangeHops, t: number): MessageRecord[] {
  const decide: MessageRecord[] = [];
  let lo = -Infinity;
  let hi = Infinity;
  for (let role = 0; role < 2; role++) {
    const list = h.windows[role]!;
    let k = 0;
    for (const o of list) {
      if (inWindow(o.t, t)) {
        list[k++] = o;
        if (o.t - PIPE_HOP_WINDOW_MS > lo) lo = o.t - PIPE_HOP_WINDOW_MS;
        if (o.t + PIPE_HOP_WINDOW_MS < hi) hi = o.t + PIPE_HOP_WINDOW_MS;
        continue;
      }
      o.open = false;
      if (o.key !== '') {
        const byKey = h.byKey[role]!;
        const same = byKey.get(o.key)!.filter((x) => x !== o);
        if (same.length === 0) byKey.delete(o.key);
        else byKey.set(o.key, same);
      }
      const rec = o.rec!;
      if (!o.head) o.rec = null; // see release
      const cand = stateOf(rec)!;
      if (--cand.openEvents === 0) decide.push(rec);
    }
    list.length = k;
  }
  h.lo = lo;
  h.hi = hi;
  return decide;
}

/** The correlator closed a candidate (it left the queue): instead of finishing it or making it a fragment. */
export function closeCandidate(h: RangeHops, out: RangeRecords, rec: MessageRecord): void {
  const cand = stateOf(rec)!;
  cand.closed = true;
  cand.whole = rec.startInRange || h.logStart;
  if (!cand.whole) out.fragments.push(rec); // a fragment in any case: its flags may still change before the drain
  else {
    cand.closeSeq = out.fragments.length;
    cand.closeStart = out.startKeys.length;
    cand.closeOrder = ++h.closeCount;
  }
  tryDecide(h, out, rec);
}

export function isCandidate(rec: MessageRecord): boolean {
  return rec.hopState !== null;
}

/** No more lines can give `rec` a sender or a Message-ID inside this range's knowledge. */
function keyFinal(rec: MessageRecord, role: number): boolean {
  if (keyKnown(rec, role)) return true;
  const cand = stateOf(rec);
  if (cand === null) return true; // decided: its key was final then
  return cand.closed && cand.whole;
}

/**
 * Decides the roles of a candidate whose windows are closed, if the range can: then it is finished (a whole record
 * that left the queue) or goes on as an ordinary record. Otherwise it waits for the drain and the stitcher.
 */
function tryDecide(h: RangeHops, out: RangeRecords, rec: MessageRecord): void {
  const cand = stateOf(rec)!;
  if (cand.openEvents > 0) return;
  if (!settle(rec, cand)) {
    if (cand.closed && cand.whole && !cand.late) {
      cand.late = true;
      h.late.push(rec);
    }
    return;
  }
  release(rec, cand);
  if (cand.closed && cand.whole) out.finish(rec);
}

/**
 * A decided candidate is forgotten, and so are its references to records. Events and pairs often live long enough
 * to reach the old generation; a reference from there keeps a finished record (its line, its recipients) alive
 * through every young collection until the next full one: on a log of 100,000 piped messages that promoted
 * 200 MB instead of 18.
 */
function release(rec: MessageRecord, cand: Candidate): void {
  rec.hopState = null;
  for (const p of cand.pairs) p.other = null;
  cand.pairs.length = 0;
  cand.last = null;
}

/** Applies what the pairs say; true when every role of `rec` is decided. */
function settle(rec: MessageRecord, cand: Candidate): boolean {
  let decided = true;
  for (let role = 0; role < 2; role++) {
    if (isHop(rec, role) || (cand.roles & (1 << role)) === 0) continue;
    let known = (cand.headRoles & (1 << role)) === 0;
    for (const p of cand.pairs) {
      if (p.role !== role) continue;
      const other = p.other!;
      const same = sameMessage(rec, role, other, 1 - role);
      if (same === 1) { setHop(rec, role); known = true; break; }
      if (same < 0 && (!keyFinal(rec, role) || !keyFinal(other, 1 - role))) known = false;
    }
    if (!isHop(rec, role) && !known) decided = false;
  }
  // Its head events are the stitcher's to pair with an earlier range's: it stays open whatever it found here.
  return decided && cand.headRoles === 0;
}

/**
 * End of the range: the records left undecided become `hopOpen` fragments. `fragments` is the correlator's list
 * before the open records (`open`) are added; the whole records that left the queue undecided are put back where
 * they would have been (before the fragments and start lines that came after them), and `startPos` follows.
 */
export function drainHops(h: RangeHops, fragments: MessageRecord[], open: MessageRecord[], startPos: number[]): MessageRecord[] {
  // Every candidate: open (in `open`), left the queue (a fragment, or whole and late or still waiting for a window).
  const tracked = new Set<MessageRecord>();
  for (const list of [fragments, open, h.late]) for (const rec of list) if (rec.hopState !== null) tracked.add(rec);
  for (const list of h.windows) for (const e of list) tracked.add(e.rec!);
  for (const rec of tracked) {
    const cand = stateOf(rec)!;
    if (cand.openEvents === 0 && !cand.closed && settle(rec, cand)) release(rec, cand);
    else if (cand.closed && cand.whole && !cand.late) {
      cand.late = true;
      h.late.push(rec);
    }
  }
  const late = h.late.filter((r) => r.hopState !== null).map((rec) => ({ rec, c: stateOf(rec)! }));
  if (late.length === 0) return fragments;
  late.sort((a, b) => a.c.closeOrder - b.c.closeOrder);
  const out: MessageRecord[] = [];
  let l = 0;
  for (let j = 0; j <= fragments.length; j++) {
    while (l < late.length && late[l]!.c.closeSeq === j) out.push(late[l++]!.rec);
    if (j < fragments.length) out.push(fragments[j]!);
  }
  l = 0;
  for (let s = 0; s < startPos.length; s++) {
    while (l < late.length && late[l]!.c.closeStart <= s) l++;
    startPos[s] = startPos[s]! + l;
  }
  return out;
}

/** The stitcher's part, once `fragments` is final (open records included). Forgets every candidate. */
export function handOver(h: RangeHops, fragments: MessageRecord[]): HopHandover {
  const hand: HopHandover = { open: [], head: [], tail: [], pastHead: h.pastHead, pairs: [], pairKeys: [] };
  const index = new Map<MessageRecord, number>();
  for (let i = 0; i < fragments.length; i++) {
    const rec = fragments[i]!;
    if (rec.hopState !== null) {
      index.set(rec, i);
      rec.hopOpen = true;
      hand.open.push(i);
    }
  }
  if (index.size === 0) return hand;
  for (const e of h.head) hand.head.push(index.get(e.rec!)!, e.role, e.t);
  for (const e of [...h.windows[0], ...h.windows[1]]) hand.tail.push(index.get(e.rec!)!, e.role, e.t);
  for (const [rec, i] of index) {
    for (const p of stateOf(rec)!.pairs) {
      const other = p.other!;
      const j = index.get(other);
      if (j !== undefined && j < i) continue; // the pair is listed from its other side
      const same = sameMessage(rec, p.role, other, 1 - p.role);
      if (same >= 0) {
        if (same === 1) setHop(rec, p.role);
        if (same === 1 && j !== undefined) setHop(other, 1 - p.role);
        continue;
      }
      hand.pairs.push(i, p.role, j ?? -1);
      hand.pairKeys.push(j === undefined ? hopKey(other, 1 - p.role) : '');
    }
  }
  for (const rec of index.keys()) rec.hopState = null;
  return hand;
}
