// The spam-only cleanup list: the messages still queued at the end of the log that belong to the abuse (the
// compromised accounts' mail and the bounces it caused to forged senders, and the spam relayed without a login for
// an open relay's clients, a hacked web application on the site's own hosts or a program on this server submitting
// through sendmail), so that `postsuper -d -` removes them and legitimate mail in the queue survives.
// `--queue FILE` (a `postqueue -j` dump taken now) keeps only the IDs that are really still queued.

import type { Rule } from '../rule.js';
import type { Aggregate, QueuedMessage } from '../../types.js';
import type { Compromise } from './compromised-account.js';
import { findCompromised, isAccountAbuse } from './compromised-account.js';
import type { RelaySpamSource } from './open-relay.js';
import { ownDomains, programName, relaySpamSources } from './open-relay.js';
import { relayedForDomains } from '../relayed-domains.js';
import { timeText } from '../util.js';
import { domainOf } from '../../parse/fields.js';

export const queueCleanup: Rule = {
  id: 'queue-cleanup',
  title: 'Spam still in the queue: cleanup list',
  thresholds: {
    /** Report the list when at least this many abusive messages are queued. */
    minMessages: 1,
  },
  why: 'Deleting the whole queue (`postsuper -d ALL`) also deletes your users\' legitimate mail that is waiting for a '
    + 'retry. The list next to this report holds only the queue IDs of the abuse: mail submitted by the compromised '
    + 'account(s) and the bounces it caused to forged senders, and spam relayed without a login (an open relay\'s '
    + 'clients, a hacked web application or script on your own hosts or on this server).',
  fix: [
    'Copy `queue-delete.txt` to the server, check a few entries, hold, then delete:',
    '',
    '```',
    'postcat -q $(head -1 queue-delete.txt) | head -40   # look at one',
    'postsuper -h - < queue-delete.txt                    # hold them (reversible: postsuper -H)',
    'postsuper -d - < queue-delete.txt                    # delete them',
    'postqueue -p | tail -1                               # what is left',
    '```',
    '',
    'For a list that only holds what is queued right now, take `postqueue -j > queue.json` on the server and run the '
    + 'analysis again with `--queue queue.json`.',
  ].join('\n'),
  detect(agg, ctx) {
    if (agg.stillQueued.length === 0) return [];
    const compromised = findCompromised(agg, ctx);
    const relay = relaySpamSources(agg, ctx);
    if (compromised.length === 0 && relay.ips.size === 0 && relay.programs.size === 0) return [];
    const users = new Set(compromised.map((c) => c.user));
    const abuseOf = abuseClassifier(compromised, relay, incomingDomains(agg));
    const live = ctx.liveQueue;
    const ids: string[] = [];
    let fromUsers = 0;
    let relayed = 0;
    const relayers = new Set<string>();
    let backscatter = 0;
    let earlier = 0;
    let legitimate = 0;
    const legitimateIds: string[] = [];
    let gone = 0;
    let first = Infinity; // the oldest abusive message, not the oldest message queued (often a user's own)
    // With a `postqueue -j` dump (--queue), the queue is the dump's: a message not in it is gone, abuse or not
    // (review 16: "3 of the 224 still queued are abuse; 4 legitimate stay" counted the log's queue against the dump's).
    let queued = 0;
    // An ID the dump lists for another sender than the log's is another message under a reused queue ID (review AJ):
    // the log's message is gone, and the one queued now is not known to be abuse. A bounce's sender is '' in the dump;
    // a message whose sender the log never saw (q.sender '': begun before it) is matched by its ID alone, as before.
    const senders = ctx.liveQueueSenders;
    let reused = 0;
    for (const q of agg.stillQueued) {
      if (live !== null && !live.has(q.qid)) { gone++; continue; }
      const now = senders?.get(q.qid);
      if (now !== undefined && q.sender !== '' && now !== (q.sender === '<>' ? '' : q.sender.toLowerCase())) { gone++; reused++; continue; }
      queued++;
      const abuse = abuseOf(q);
      if (abuse === null) { legitimate++; legitimateIds.push(q.qid); continue; }
      if (abuse === 'account') fromUsers++;
      else if (abuse === 'relayed') { relayed++; relayers.add(relaySourceName(q)); }
      else if (abuse === 'forged') earlier++;
      else backscatter++;
      ids.push(q.qid);
      if (q.since < first) first = q.since;
    }
    if (ids.length < ctx.threshold('minMessages')) return [];
    ids.sort();
    const at = timeText(agg);
    return [{
      rule: 'queue-cleanup',
      severity: 'high',
      title: ctx.messages.findings.queueCleanup({
        abusive: ids.length, queued, fromUsers, users: [...users], relayed, relayers: [...relayers].sort(),
        backscatter, legitimate, ...(earlier > 0 ? { earlier } : {}),
      }),
      subject: { kind: 'queue', value: ctx.messages.findings.queueIds(ids.length) },
      firstAt: at(first),
      lastAt: at(agg.lastAt),
      evidence: {
        abusiveQueued: ids.length,
        fromCompromisedAccounts: fromUsers,
        ...(relayed > 0 ? { relayedSpam: relayed, relayedFor: [...relayers].sort().join(', ') } : {}),
        bouncesToForgedSenders: backscatter,
        ...(earlier > 0 ? { queuedSinceBeforeLogAsForgedDomains: earlier } : {}),
        legitimateQueued: legitimate,
        ...(live !== null ? { queueSnapshotIds: live.size, notInQueueSnapshot: gone } : {}),
        ...(reused > 0 ? { reusedInQueueSnapshot: reused } : {}),
        firstIds: ids.slice(0, 5).join(' '),
      },
      examples: [],
      impact: ids.length,
      lists: { 'queue-delete.txt': ids },
      // With a dump, the list already holds only what is queued now: not the general fix's last paragraph, which
      // asks for a dump and a second run (review 16).
      ...(live !== null ? { fix: withoutLastParagraph(ctx.messages.rules['queue-cleanup'].fix) } : {}),
      legitimateQueueIds: legitimateIds.sort(),
    }];
  },
};

function withoutLastParagraph(text: string): string {
  return text.split('\n\n').slice(0, -1).join('\n\n');
}

/**
 * How a queued message belongs to the abuse (abuseClassifier). 'forged': a partial record (its first lines, with its
 * login, are before the log) sent as a sender domain the compromised accounts' spam forged (review 19, H3).
 */
export type Abuse = 'account' | 'relayed' | 'backscatter' | 'forged';

/**
 * A forged sender domain marks a partial record as the abuse only when the spam forged this many addresses or more
 * in it (a campaign's `service4210@rakuten.co.jp`, `notice8560@…`), not a domain forged once.
 */
export const FORGED_DOMAIN_MIN_ADDRESSES = 3;

/** The sources of relayed spam (open-relay.ts relaySpamSources): by client IP, and by local program ("host uid=N"). */
export interface RelaySpam {
  ips: ReadonlyMap<string, RelaySpamSource>;
  programs: ReadonlyMap<string, RelaySpamSource>;
}

const NO_RELAY_SPAM: RelaySpam = { ips: new Map(), programs: new Map() };

/** "mail uid=33" for a program's message, else its client IP: the source a relayed message is counted for. */
function relaySourceName(q: QueuedMessage): string {
  return q.pickupUid !== '' ? programName({ host: q.host, uid: q.pickupUid }) : q.clientIp;
}

/**
 * Which queued message belongs to the abuse: 'account' for mail of a compromised account, 'relayed' for spam relayed
 * without a login, 'backscatter' for a bounce to one of a compromised account's forged senders (or mail without SASL
 * user from a forged sender), null for legitimate mail. Relayed mail is spam when its source's finding says so
 * (open-relay.ts relaySpamSources): all of an open relay client's, and of an own host's or a local program's the
 * mail sent as its forged sender domains or within its burst; the shop's order mail from the same uid=33 outside the
 * burst, as its own domain, stays (review 16: a phishing form's 72 queued messages had no delete list).
 * Shared with the queue-deleted rule, which tells what a bulk deletion destroyed.
 */
/**
 * The domains mail comes in for: ours (open-relay.ts ownDomains) and those this server relays for, with a backup MX's
 * shape or tied to a primary of ours (relayed-domains.ts): their mail waits in the queue for the primary (review R, R2).
 */
export function incomingDomains(agg: Aggregate): Set<string> {
  const ours = ownDomains(agg);
  for (const d of relayedForDomains(agg, ours)) ours.add(d);
  return ours;
}

export function abuseClassifier(compromised: Compromise[], relay: RelaySpam = NO_RELAY_SPAM, own: ReadonlySet<string> = new Set()): (q: QueuedMessage) => Abuse | null {
  const byUser = new Map(compromised.map((c) => [c.user, c]));
  const isAbuseOfAccount = (q: QueuedMessage): boolean => {
    const c = byUser.get(q.saslUser);
    return c !== undefined && isAccountAbuse(c, q);
  };
  const isRelayedSpam = (q: QueuedMessage): boolean => {
    if (q.saslUser !== '') return false;
    const source = q.pickupUid !== '' ? relay.programs.get(programName({ host: q.host, uid: q.pickupUid })) : relay.ips.get(q.clientIp);
    if (source === undefined) return false;
    // The sender domain as the relay tallies count it (filter-credit.ts): "<>" for the null sender.
    const domain = q.sender === '<>' ? '<>' : domainOf(q.sender) || q.sender;
    // A brand's mail that came in, resent by a Sieve redirect of the same program, is the users' own (review T, F1).
    if (source.resentDomains.has(domain)) return false;
    if (source.all) return true;
    return source.forgedDomains.has(domain) || (source.window !== null && q.since >= source.window.from && q.since <= source.window.to);
  };
  const forged = new Set<string>();
  for (const c of compromised) for (const s of c.forgedSenders) forged.add(s.toLowerCase());
  // The domains the spam forged many addresses of: a message queued since before the log (no client=/SASL line of its
  // own) sent as one of them is the same campaign's, not mail of the site (review 19, H3: a queue never purged starts
  // the next week's log with thousands of such records, all read "legitimate").
  const perDomain = new Map<string, number>();
  for (const s of forged) {
    const d = domainOf(s);
    if (d !== '') perDomain.set(d, (perDomain.get(d) ?? 0) + 1);
  }
  const campaignDomains = new Set([...perDomain].filter(([, n]) => n >= FORGED_DOMAIN_MIN_ADDRESSES).map(([d]) => d));
  // Our domains (the accounts', every login's, those delivered here: open-relay.ts ownDomains): a message for them is
  // mail coming in (a shop's real notice to a user whose mailbox is full waits in the queue too), not the campaign's,
  // which goes out. The recipients as they were addressed to us (review P, P5; QueuedMessage.addressedDomains): an
  // alias's orig_to=, for the notice her alias forwards to Gmail; none for one whose attempt went to a mailbox here
  // (lmtp to Dovecot …), whatever its domain: a second hosted domain's full mailbox, never delivered to in the log.
  // Every recipient's (review R, R3: three full local mailboxes first, then two Yahoo addresses: it goes out).
  const ours = new Set([...own, ...compromised.map((c) => domainOf(c.user.toLowerCase()))].filter((d) => d !== ''));
  const goesOut = (q: QueuedMessage): boolean => (q.addressedDomains ?? q.to.map((to) => domainOf(to).toLowerCase()).filter((d) => d !== ''))
    .some((d) => !ours.has(d));
  return (q) => {
    if (isAbuseOfAccount(q)) return 'account';
    if (isRelayedSpam(q)) return 'relayed';
    if ((q.sender === '<>' && q.to.some((to) => forged.has(to.toLowerCase()))) || (q.saslUser === '' && forged.has(q.sender.toLowerCase()))) {
      return 'backscatter';
    }
    if (q.partial && q.saslUser === '' && q.clientIp === '' && q.pickupUid === '' && q.sender !== '<>'
      && campaignDomains.has(domainOf(q.sender.toLowerCase())) && goesOut(q)) return 'forged';
    return null;
  };
}
