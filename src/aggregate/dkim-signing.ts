// Outgoing mail and OpenDKIM: the messages that went to outside recipients without its signature, by sender domain,
// why (what OpenDKIM logged of each, MessageRecord.dkim), and which of their recipients the receivers then refused.
// The rule (detect/rules/unsigned-mail.ts) keeps the domains of ours.
//
// A message OpenDKIM logged nothing of is 'none': not signed only where OpenDKIM logs its signatures (SyslogSuccess
// yes: "DKIM-Signature field added" lines in the log), which the rule checks. Counted so only for mail submitted here
// (pickup) or by a logged-in client, whose own record goes out (not a content filter's copy, which may have been
// signed before the filter): the web form posted through sendmail while only smtpd_milters name OpenDKIM (Postfix
// MILTER_README: non_smtpd_milters are the milters of mail that does not arrive over SMTP) is the classic one.

import type { Aggregate, DkimSigning, Example, HeldUnsigned, MessageRecord, UnsignedMail } from '../types.js';
import { mergeExampleLists } from './examples.js';
import { ownString } from '../own-string.js';
import { mergeRspamdFile } from './rspamd-file.js';

/** Examples (and refused queue IDs) kept per sender domain. */
export const UNSIGNED_EXAMPLES = 6;
export const UNSIGNED_IDS = 20;

export function newDkimSigning(): DkimSigning {
  return {
    signedByKey: new Map(), keyErrors: 0, keyErrorExample: null, unsigned: new Map(), signedBy: new Map(), verdictsBy: new Map(),
    rspamdKeyErrors: 0, rspamdKeyErrorExample: null, opendkimSawPickup: 0, opendkimSawSmtpd: 0, milterDownSeconds: new Map(),
    rspamdOutgoing: new Map(), rspamdFile: new Map(), holding: false, held: [], rspamdFileSigned: 0, rspamdFileUnsigned: 0,
  };
}

function newUnsigned(domain: string): UnsignedMail {
  return {
    domain, messages: 0, firstAt: Infinity, lastAt: -Infinity, why: new Map(), noLinePickup: 0, noLineSasl: 0, noLinePickupRefused: 0, noLinePickupSeconds: new Map(), noLineSaslSeconds: new Map(), filterCopies: new Map(), recipients: 0, refusedRecipients: 0,
    refusedByDomain: new Map(), examples: [], refusedIds: [],
  };
}

/** An address postsrsd (or any SRS) rewrote: "SRS0=HHH=TT=orig.example=user@example.jp", "SRS1=…". */
function isSrs(address: string): boolean {
  const c = address.charCodeAt(0);
  return (c === 83 || c === 115) && address.length > 5 && address.slice(0, 3).toUpperCase() === 'SRS' && (address[3] === '0' || address[3] === '1') && (address[4] === '=' || address[4] === '-' || address[4] === '+');
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** Inserts `e` into a position-sorted list of at most `cap` items. */
function insertSorted<T extends { file: number; offset: number }>(list: T[], e: T, cap: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1]!.file > e.file || (list[i - 1]!.file === e.file && list[i - 1]!.offset > e.offset))) i--;
  if (i >= cap) return;
  list.splice(i, 0, e);
  if (list.length > cap) list.pop();
}

/**
 * One finished message (aggregate/messages.ts foldMessage): counted when it went to outside recipients (smtp, not
 * handed to a content filter) without a signature. `refs`: where a new example is registered for the line fix-up
 * (null once the lines are fixed: the stitcher's records). In a run with rspamd's own log file (DkimSigning.holding),
 * the message is kept whole instead (`held`), to be counted once that file's verdicts are joined (rspamd-file.ts).
 */
export function foldDkim(agg: Aggregate, rec: MessageRecord, refs: Example[] | null): void {
  const pickup = rec.origin === 'pickup' && !rec.reinjected && rec.pickupUid !== '';
  // Whether OpenDKIM logs anything of mail submitted with sendmail, and of mail that came over SMTP: without
  // SyslogSuccess, that it logged lines of SMTP mail but never one of pickup's is the sign left of non_smtpd_milters.
  if (rec.opendkimSaw) {
    if (pickup) agg.dkimSigning.opendkimSawPickup++;
    else if (rec.origin === 'smtpd' && !rec.reinjected) agg.dkimSigning.opendkimSawSmtpd++;
  }
  if (rec.dkim === 'signed' || rec.recipients.length === 0) return;
  const sender = rec.senderSeen ? rec.sender : rec.pickupFrom;
  // Not a bounce (<>), nor mail forwarded for an alias whose sender postsrsd rewrote ("SRS0=…@example.jp"): the
  // original sender's mail, not ours.
  if (sender === '' || isSrs(sender)) return;
  const noLine = rec.dkim === '';
  const sasl = rec.origin === 'smtpd' && !rec.reinjected && rec.saslUser !== '';
  const holding = agg.dkimSigning.holding;
  // A content filter's copy with no decision about the copy itself: not counted (foldUnsigned), unless rspamd's own
  // file, joined later, has a verdict on it.
  if ((noLine || rec.dkim === 'seen') && !pickup && !sasl && !holding) return;
  let remote = 0;
  let refused = 0;
  let byDomain: string[] = NO_DOMAINS;
  for (const r of rec.recipients) {
    // Delivered by smtp to the outside, not handed to a content filter, not forwarded for an alias (orig_to=).
    if (r.lastAgent !== 'smtp' || r.hopMinute >= 0 || r.origTo !== '') continue;
    remote++;
    const s = r.finalStatus;
    if (s === 'bounced' || s === 'expired' || s === 'deferred') {
      refused++;
      if (byDomain === NO_DOMAINS) byDomain = [];
      byDomain.push(domainOf(r.to));
    }
  }
  if (remote === 0) return;
  // The line that says why, or the message's first line when OpenDKIM said nothing (pickup's "uid=33 from=<…>").
  const ref = noLine ? rec.firstRef : rec.dkimRef;
  const text = noLine ? rec.startLine : rec.dkimLine;
  const example: Example | null = ref !== null && text !== '' ? { file: ref.file, line: ref.line, offset: ref.offset, text } : null;
  const m: HeldUnsigned = {
    qid: rec.qid, domain: domainOf(sender), startAt: rec.startAt, dkim: rec.dkim, pickup, sasl, copy: rec.reinjected || rec.origin === 'reinjected',
    remote, refused, refusedDomains: byDomain, example,
    refusedId: refused > 0 && rec.firstRef !== null ? { qid: rec.qid, file: rec.firstRef.file, offset: rec.firstRef.offset } : null,
  };
  if (!holding) { foldUnsigned(agg.dkimSigning, m, refs); return; }
  agg.dkimSigning.held.push(m);
  if (example !== null) refs?.push(example);
}

const NO_DOMAINS: string[] = [];

/** Counts one message foldDkim (or the join of rspamd's file) found unsigned, under its sender domain. */
export function foldUnsigned(s: DkimSigning, m: HeldUnsigned, refs: Example[] | null): void {
  const noLine = m.dkim === '';
  // A content filter's copy with no decision about the copy itself: the original may have been signed before the
  // filter (OpenDKIM on the submission smtpd, amavis after it), so neither no line nor a verification line counts.
  if ((noLine || m.dkim === 'seen') && !m.pickup && !m.sasl) return;
  const u = s.unsigned.get(m.domain) ?? newUnsigned(m.domain);
  s.unsigned.set(m.domain, u);
  u.messages++;
  if (m.startAt < u.firstAt) u.firstAt = m.startAt;
  if (m.startAt > u.lastAt) u.lastAt = m.startAt;
  const why = noLine ? 'none' : m.dkim;
  u.why.set(why, (u.why.get(why) ?? 0) + 1);
  const second = Math.floor(m.startAt / 1000);
  // rspamd's or amavis's "not signed" about a copy: the original may have been signed before the filter (unsignedPlan).
  if (m.copy && (m.dkim === 'rspamd-unsigned' || m.dkim === 'amavis-unsigned')) u.filterCopies.set(m.dkim, (u.filterCopies.get(m.dkim) ?? 0) + 1);
  if (noLine && m.pickup) { u.noLinePickup++; u.noLinePickupRefused += m.refused; bump(u.noLinePickupSeconds, second); }
  else if (noLine) { u.noLineSasl++; bump(u.noLineSaslSeconds, second); }
  u.recipients += m.remote;
  u.refusedRecipients += m.refused;
  for (const d of m.refusedDomains) u.refusedByDomain.set(d, (u.refusedByDomain.get(d) ?? 0) + 1);
  const e = m.example;
  if (e !== null) {
    insertSorted(u.examples, e, UNSIGNED_EXAMPLES);
    if (u.examples.includes(e)) refs?.push(e);
  }
  if (m.refusedId !== null) insertSorted(u.refusedIds, m.refusedId, UNSIGNED_IDS);
}

/**
 * A signature line ("DKIM-Signature field added", rspamd's DKIM_SIGNED, amavis's dkim_new=) by its key, a key that
 * failed to load, or rspamd's or amavis's verdict on a message, counted as the line is read.
 */
export function countDkimLine(agg: Aggregate, outcome: string, detail: string, signer: string, example: () => Example, n: number): void {
  const s = agg.dkimSigning;
  if (signer !== 'opendkim' && outcome !== 'key-error') s.verdictsBy.set(signer, (s.verdictsBy.get(signer) ?? 0) + n);
  if (outcome === 'signed') {
    s.signedBy.set(signer, (s.signedBy.get(signer) ?? 0) + n);
    if (detail === '') return;
    const had = s.signedByKey.get(detail);
    // A new key is copied: the event's slice would keep its whole line alive (docs/memory.md).
    if (had === undefined) s.signedByKey.set(ownString(detail), n);
    else s.signedByKey.set(detail, had + n);
  }
  else if (outcome === 'key-error' && signer === 'rspamd') {
    s.rspamdKeyErrors += n;
    if (s.rspamdKeyErrorExample === null) s.rspamdKeyErrorExample = example();
  }
  else if (outcome === 'key-error') {
    s.keyErrors += n;
    if (s.keyErrorExample === null) s.keyErrorExample = example();
  }
}

function bump(m: Map<number, number>, k: number): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/**
 * Postfix's warning that a milter did not answer (smtpd, cleanup; milter8.c), kept by second when the milter is a
 * signer's: OpenDKIM's (its conventional port 8891, or a socket path naming it: Debian's
 * local:/run/opendkim/opendkim.sock) or rspamd's (11332, or a path naming it). OpenDMARC's (8893) and others do not sign.
 *   "connect to Milter service inet:127.0.0.1:8891: Connection refused"
 *   "connect to Milter service unix:/opendkim/opendkim.sock: No such file or directory"
 *   "milter inet:127.0.0.1:8891: can't read SMFIC_OPTNEG reply packet header: Connection reset by peer"
 */
export function countMilterDown(agg: Aggregate, text: string, at: number, n: number): void {
  const from = text.charCodeAt(0) === 99 ? 26 : 7;
  const end = text.indexOf(': ', from);
  const socket = text.slice(from, end < 0 ? text.length : end).toLowerCase();
  const signer = socket.endsWith(':8891') || socket.indexOf('opendkim') >= 0 || socket.endsWith(':11332') || socket.indexOf('rspamd') >= 0;
  if (!signer || !Number.isFinite(at)) return;
  const m = agg.dkimSigning.milterDownSeconds;
  const second = Math.floor(at / 1000);
  m.set(second, (m.get(second) ?? 0) + n);
}

function firstExample(a: Example | null, b: Example | null): Example | null {
  if (b === null) return a;
  if (a === null || b.file < a.file || (b.file === a.file && b.offset < a.offset)) return b;
  return a;
}

function addCounts<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

export function mergeDkimSigning(a: DkimSigning, b: DkimSigning): void {
  addCounts(a.signedByKey, b.signedByKey);
  a.keyErrors += b.keyErrors;
  const ka = a.keyErrorExample;
  const kb = b.keyErrorExample;
  if (kb !== null && (ka === null || kb.file < ka.file || (kb.file === ka.file && kb.offset < ka.offset))) a.keyErrorExample = kb;
  addCounts(a.signedBy, b.signedBy);
  addCounts(a.verdictsBy, b.verdictsBy);
  a.rspamdKeyErrors += b.rspamdKeyErrors;
  a.rspamdKeyErrorExample = firstExample(a.rspamdKeyErrorExample, b.rspamdKeyErrorExample);
  a.opendkimSawPickup += b.opendkimSawPickup;
  a.opendkimSawSmtpd += b.opendkimSawSmtpd;
  addCounts(a.milterDownSeconds, b.milterDownSeconds);
  addCounts(a.rspamdOutgoing, b.rspamdOutgoing);
  mergeRspamdFile(a.rspamdFile, b.rspamdFile);
  a.holding = a.holding || b.holding;
  for (const m of b.held) a.held.push(m);
  a.rspamdFileSigned += b.rspamdFileSigned;
  a.rspamdFileUnsigned += b.rspamdFileUnsigned;
  for (const [domain, ub] of b.unsigned) {
    const ua = a.unsigned.get(domain);
    if (ua === undefined) { a.unsigned.set(domain, ub); continue; }
    ua.messages += ub.messages;
    ua.firstAt = Math.min(ua.firstAt, ub.firstAt);
    ua.lastAt = Math.max(ua.lastAt, ub.lastAt);
    addCounts(ua.why, ub.why);
    ua.noLinePickup += ub.noLinePickup;
    ua.noLineSasl += ub.noLineSasl;
    ua.noLinePickupRefused += ub.noLinePickupRefused;
    addCounts(ua.noLinePickupSeconds, ub.noLinePickupSeconds);
    addCounts(ua.noLineSaslSeconds, ub.noLineSaslSeconds);
    addCounts(ua.filterCopies, ub.filterCopies);
    ua.recipients += ub.recipients;
    ua.refusedRecipients += ub.refusedRecipients;
    addCounts(ua.refusedByDomain, ub.refusedByDomain);
    ua.examples = mergeExampleLists(ua.examples, ub.examples, UNSIGNED_EXAMPLES);
    for (const id of ub.refusedIds) insertSorted(ua.refusedIds, id, UNSIGNED_IDS);
  }
}
