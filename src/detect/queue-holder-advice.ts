// The advice's sentences in English about the mail still queued at the end of the log, one per kind of what holds it
// (queue-holders.ts): the queue-flood and outbound-port-blocked findings say them alike (review AI's rest). A receiver
// that refuses the mail: no push, the receiver's server to fix or our IP to delist; no room: the recipient's to fix;
// failing on the way: a push once the route works, or, for TLS, once TLS works on one side. Japanese:
// src/i18n/ja-queue-holders.ts.

import { fmt } from './util.js';
import { isRefusedConnection, routeTroubleOf, type QueueHolder, type RouteTrouble } from './queue-holders.js';

/** "5 messages to nishi-kensetsu.co.jp (last deferral: `connect to …: Connection refused`)", and so on (Markdown). */
export function holdersText(holders: readonly QueueHolder[]): string {
  return holders.map((h) => `${h.messages === 1 ? '1 message' : `${fmt(h.messages)} messages`} to ${h.domain}`
    + (h.reason !== '' ? ` (last deferral: \`${h.reason.replace(/`/g, "'")}\`)` : '')).join(', ');
}

/**
 * The host a deferral reason names, for a command to try it ("connect to mail.kaikei-office.jp[IP]:25: Connection timed
 * out", "TLS is required, but was not offered by host mx.example.net[IP]"); `fallback` when it names none.
 */
export function reasonHost(holders: readonly QueueHolder[], fallback: string): string {
  for (const h of holders) {
    const host = /(?:connect to|host|conversation with|lost connection with) ([A-Za-z0-9.-]+)\[/.exec(h.reason)?.[1];
    if (host !== undefined) return host;
  }
  return fallback;
}

/** The holders whose mail fails on the way with `trouble` (routeTroubleOf), in their order. */
export function withTrouble(holders: readonly QueueHolder[], trouble: RouteTrouble): QueueHolder[] {
  return holders.filter((h) => h.hold === 'route' && routeTroubleOf(h.reason) === trouble);
}

/**
 * The domains whose receiver refuses the mail (queue-holders.ts `refused`: "connect to …: Connection refused", an answer
 * other than greylisting): a push only hammers their server (review AI, AI4). `lead` opens the sentence where the
 * advice pushes the queue for the rest ("The push cannot deliver "); without it, the sentence says not to push.
 */
export function refusedText(refusing: readonly QueueHolder[], lead = ''): string {
  const who = refusing.length === 1 ? 'its receiver refuses' : 'their receivers refuse';
  return (lead !== '' ? `${lead}${holdersText(refusing)}: ${who} it. `
    : `${holdersText(refusing)}: ${who} it, so retrying now cannot deliver it and only hammers their server: do not push the queue for it. `)
    // Only refused connections: no answer to read, their server is down or not taking mail (samples/deferred-flood.log).
    + (refusing.every((h) => isRefusedConnection(h.reason))
      ? `${refusing.length === 1 ? 'Their mail server refuses' : 'Their mail servers refuse'} connections on port 25 (down, or not taking mail): `
        + 'ask the recipients to have it fixed, or tell the senders.'
      : `${refusing.length === 1 ? 'Its answer says' : 'Their answers say'} why: where it names a block list or your IP's reputation, `
        + 'get your IP delisted or its reputation back; otherwise ask the recipients to have their mail server fixed.');
}

/**
 * The domains whose receiver has no room for the mail (queue-holders.ts `no-room`: "452 4.2.2 … over quota"): whose
 * the problem is, and that it is not a refusal of this server, so that nobody looks for a block list (review AI's rest).
 * `lead` opens the sentence ("The push cannot deliver "); the holders follow it.
 */
export function noRoomText(noRoom: readonly QueueHolder[], lead = ''): string {
  return `${lead}${holdersText(noRoom)}${lead !== '' ? ' before the recipient makes room' : ''}: `
    + `${noRoom.length === 1 ? 'its receiver has' : 'their receivers have'} no room for it (the recipient's mailbox is full or over `
    + 'quota, or the receiver\'s storage is). That is for the recipient or their provider to fix, not a refusal of your server: '
    + 'nothing to delist, nothing to change here. Tell the senders, who can reach the recipient another way.';
}

/**
 * The domains whose mail nothing refuses but fails on the way (queue-holders.ts `route`), by what fails: TLS (no push
 * helps before it works on one side: our smtp_tls_security_level, their certificate), the DNS lookup, no answer at all
 * (their server down, or the route from here), or a retry that greylisting takes.
 */
export function routeText(holders: readonly QueueHolder[], trouble: RouteTrouble): string {
  const one = holders.length === 1;
  const list = holdersText(holders);
  switch (trouble) {
    case 'tls':
      return `${list}: TLS fails between this server and ${one ? 'its receiver' : 'their receivers'}, so no push can deliver it `
        + 'until TLS works on one side. Check your TLS policy (`postconf smtp_tls_security_level smtp_tls_policy_maps`: '
        + '`encrypt`, `verify` and `dane` send only over TLS) and the receiver\'s certificate and TLS versions '
        + `(\`openssl s_client -starttls smtp -connect ${reasonHost(holders, 'MX-HOST')}:25\`), then push the queue (\`postqueue -f\`).`;
    case 'dns':
      return `${list}: the DNS lookup of ${one ? 'its' : 'their'} mail server fails. Nothing refuses it. Check it from the server `
        + `(\`dig +short mx ${holders[0]?.domain ?? 'DOMAIN'}\`): if your resolver fails, fix it (\`/etc/resolv.conf\`, and its copy in `
        + '`/var/spool/postfix/etc/` when Postfix runs chrooted), then push the queue (`postqueue -f`); if the domain has no mail '
        + 'server, the mail cannot be delivered: tell the senders.';
    case 'no-answer':
      return `${list}: nothing answers (the connection times out, finds no route or is lost). Nothing refuses it: Postfix `
        + 'retries by itself and delivers it once the route works. Check from the server whether port 25 connects '
        + `(\`nc -vz -w 5 ${reasonHost(holders, 'MX-HOST')} 25\`): once it does, push the queue (\`postqueue -f\`); while it times out `
        + `for ${one ? 'this domain' : 'these domains'} only, ${one ? 'its server is' : 'their servers are'} down or unreachable: `
        + 'wait, and tell the senders if it lasts.';
    case 'waiting':
      // No push: a receiver that greylists wants the retry later (postgrey: 5 minutes at least), not at once.
      return `${list}: nothing refuses it, it waits for its next try (a receiver that greylists accepts on the retry). `
        + 'Postfix delivers it by itself: nothing to do.';
  }
}

/** The order in which the advice names what fails on the way. */
const ROUTE_TROUBLES: readonly RouteTrouble[] = ['tls', 'dns', 'no-answer', 'waiting'];

/**
 * One sentence per kind of what holds the queue, for the holders of that kind: those refused first, then no room, then
 * (with `route`) each trouble on the way. Without `route`, the holders the route holds are left to the caller (a
 * blocked port 25 holds them: outbound-port-blocked's advice).
 */
export function holderSentences(holders: readonly QueueHolder[], route: boolean): string[] {
  const refusing = holders.filter((h) => h.hold === 'refused');
  const noRoom = holders.filter((h) => h.hold === 'no-room');
  return [
    ...(refusing.length > 0 ? [refusedText(refusing)] : []),
    ...(noRoom.length > 0 ? [noRoomText(noRoom)] : []),
    ...(route ? ROUTE_TROUBLES.map((t) => [t, withTrouble(holders, t)] as const).filter(([, hs]) => hs.length > 0)
      .map(([t, hs]) => routeText(hs, t)) : []),
  ];
}
