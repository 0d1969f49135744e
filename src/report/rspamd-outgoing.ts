// rspamd's actions on outgoing mail (aggregate/rspamd-file.ts countRspamdAction): its task summaries that name an
// authenticated user ("user: info@example.jp, … (default: S (reject): [15.00/15.00] …"), from the maillog's rspamd
// lines and from rspamd's own log file alike. Mail a stolen account sends is scored by rspamd before it leaves:
// "reject" and "add header" on a user's mail is rspamd's own evidence of spam. Also how many unsigned messages of
// the maillog rspamd's own file settled (signed, or seen unsigned). Absent when no such line was read.

import type { Aggregate } from '../types.js';
import { byActionOrder } from '../aggregate/rspamd-file.js';

export interface RspamdOutgoing {
  /** Whether rspamd's own log file (rspamd.log) was among the inputs (told by its first line, or by its task summaries read). */
  fromFile: boolean;
  /** Summaries of authenticated users' mail, and by action ("no action", "greylist", "add header", "reject", …). */
  messages: number;
  byAction: Record<string, number>;
  /** Users named, before the --top cut of `users`. */
  userCount: number;
  /** By user: the most refused (reject, soft reject) and flagged (add header, rewrite subject) first, cut at --top. */
  users: Array<{ user: string; messages: number; byAction: Record<string, number> }>;
  /** With rspamd's own file: the maillog's messages to outside recipients without another signature that it signed, and that it did not. */
  joined?: { signed: number; unsigned: number };
}

function ordered(counts: Map<string, number>): Record<string, number> {
  const keys = [...counts.keys()].sort(byActionOrder);
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = counts.get(k)!;
  return out;
}

/** The user's messages rspamd refused or flagged as spam. */
function spammy(by: Map<string, number>): number {
  return (by.get('reject') ?? 0) + (by.get('soft reject') ?? 0) + (by.get('add header') ?? 0) + (by.get('rewrite subject') ?? 0);
}

export function rspamdOutgoing(agg: Aggregate, top: number, fromFile: boolean): RspamdOutgoing | undefined {
  const s = agg.dkimSigning;
  if (s.rspamdOutgoing.size === 0 && !fromFile) return undefined;
  const all = new Map<string, number>();
  const byUser = new Map<string, Map<string, number>>();
  let messages = 0;
  for (const [key, n] of s.rspamdOutgoing) {
    const nl = key.indexOf('\n');
    const user = key.slice(0, nl);
    const action = key.slice(nl + 1);
    messages += n;
    all.set(action, (all.get(action) ?? 0) + n);
    const u = byUser.get(user) ?? new Map<string, number>();
    byUser.set(user, u);
    u.set(action, (u.get(action) ?? 0) + n);
  }
  const rows = [...byUser].map(([user, by]) => ({ user, by, messages: [...by.values()].reduce((a, b) => a + b, 0) }))
    .sort((a, b) => spammy(b.by) - spammy(a.by) || b.messages - a.messages || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  const users = (top > 0 ? rows.slice(0, top) : rows).map((r) => ({ user: r.user, messages: r.messages, byAction: ordered(r.by) }));
  return {
    fromFile, messages, byAction: ordered(all), userCount: rows.length, users,
    ...(fromFile ? { joined: { signed: s.rspamdFileSigned, unsigned: s.rspamdFileUnsigned } } : {}),
  };
}
