// Open relay: mail taken from a client that never logged in (no SASL) and sent on to other people's domains.
// Postfix relays only for mynetworks, authenticated clients and relay_domains, so each such message means a
// client IP is trusted too much (a wide mynetworks, permit in smtpd_relay_restrictions, an old
// smtpd_recipient_restrictions without reject_unauth_destination). Lines joined per message:
//   "A1B2C3: client=unknown[198.51.100.23]"                                   (smtpd, no sasl_username=)
//   "A1B2C3: to=<x@gmail.com>, relay=gmail-smtp-in.l.google.com[…]:25, …, status=sent (250 …)"   (no orig_to=)
// Mail for an alias we forward (orig_to=) and a backup MX / gateway relaying for one domain are not relaying. A client
// of the Internet that relayed to one outside domain is one when that domain's mail is sprayed over many addresses
// with no backup MX's shape (detect/relayed-domains.ts; review 13, M6: 30 bots, each to gmail.com, yahoo.co.jp or
// hotmail.com only).
// Clients on the site's own addresses (loopback, RFC 1918, link-local, ULA: detect/own-network.ts) are not an open
// relay: "client=printer1.office.lan[10.1.2.10]" relaying to gmail.com is an office smarthost's permit_mynetworks.
// They get an info note naming them, and every mynetworks line offered keeps their networks. Unless their relayed
// mail shows spam signs (review 11, H5: a hacked PHP form on localhost sending phishing as amazon.co.jp, mufg.jp …
// to 80 outside domains in 27 minutes): then it is raised as spam from the site's own host (ownNetworkSpamOf).
// A burst alone is not one: a CMS on localhost sending the monthly newsletter as news@example.jp, one message per
// customer, reaches 135 domains in 12 minutes with 2% bounced (review 12, H5). That is a low note on bulk mail;
// a burst of which at least 20% of the recipients do not get it (bounced, expired, still deferred) is spam, and so is
// a burst sent as a domain that is not ours (review 13, H5: 400 messages as security@mufg.jp, 5% bounced), and so is
// a burst whose receivers bounced a share of it as spam (review 18: a hacked contact form's 500 messages as the shop's
// own address, 13% bounced, 30 of them "550-5.7.1 … likely unsolicited mail"; a Yahoo TSS04 deferral or an unknown
// user is no such verdict: detect/refusal-kinds.ts isSpamVerdict).
// A host that relays all day (a shop's order mail from 127.0.0.1) is measured in its worst hour too (relay-window.ts),
// and programs on this host that submit through sendmail (PHP's mail(): pickup's "uid=33 from=<…>") are read the
// same way, by uid (review 13, H5; open-relay-local.ts has their advice): spam and bulk mail, never a note.

import type { AddressSketch, Aggregate, Example, Finding, RelayTally, SenderDomainAddresses, Severity } from '../../types.js';
import { sumCounts } from '../../aggregate/create.js';
import type { AddressFigures, FindingMessages, LocalProgram, OpenRelayAdvice, OwnNetworkBulkAdvice, OwnNetworkSpamAdvice, TrustedHostAdvice } from '../../i18n/index.js';
import type { Rule, RuleContext } from '../rule.js';
import { commented, count, domainPart, fmt, percent, pickExamples, shortTime, timeText } from '../util.js';
import { addToSketch, countShared, countSketches, newSketch, senderDomainEntryOf } from '../../aggregate/address-set.js';
import { domainOf } from '../../parse/fields.js';
import { LOOPBACK_NETWORKS, mynetworksValue, ownNetworkClass } from '../own-network.js';
import { type RelayedDomain, relayedDomains } from '../relayed-domains.js';
import { burstWindow, spamRefusedIn } from '../relay-window.js';
import { answerOf, refusalCode } from '../refusal-kinds.js';
import { isImpersonatedBrand } from '../brand-domains.js';
import type { RelayWindow } from '../relay-window.js';
import { markRoles } from '../client-roles.js';
import { type OwnHostName, ownHostName, ownParentDomains } from '../own-host-name.js';
import { atOrBelow } from '../domain-under.js';


/** Our own domains: those of SASL users and those a local agent (lmtp, virtual, local) delivered to. */
export function ownDomains(agg: Aggregate): Set<string> {
  const out = new Set<string>();
  for (const user of agg.bySaslUser.keys()) {
    const d = domainPart(user);
    if (d !== '') out.add(d);
  }
  for (const d of agg.localDeliveryDomains.keys()) if (d !== '') out.add(d);
  return out;
}

/** A sender that had mail relayed without a login: a client IP, or a local program that submitted through sendmail. */
interface Relayer {
  /** The IP, or the program as the log names it ("mail uid=33": the host and pickup's uid=). */
  key: string;
  row: RelayTally;
  /** Its relayed recipients in outside domains (not ours), and those domains. */
  recipients: number;
  domains: Map<string, number>;
  /** The finding's time range: an IP's first and last line of any kind, a program's first and last relayed message. */
  firstAt: number;
  lastAt: number;
  /** A local program's host and uid; null for a client IP. */
  program: LocalProgram | null;
  /** A local program's relayed mail by sender domain (PickupUidStats.relayedBySender); null for a client IP. */
  addresses: ProgramAddresses | null;
}

/** A local program's relayed recipients, their distinct addresses and its distinct sender addresses, by sender domain. */
export type ProgramAddresses = ReadonlyMap<string, SenderDomainAddresses>;

/**
 * What to paste, in English (other languages: src/i18n). `null`: the general text. With the networks the log shows
 * relaying without a login from the site's own addresses, the `mynetworks` line keeps them: a bare loopback line
 * pasted on an office smarthost makes Postfix refuse every office device at once (review 10, H3).
 */
/** What is in force, looked at before the `postconf -e` lines replace it (review Y, Y12). The same in every language. */
export const RELAY_LOOK = ['```', 'postconf mynetworks smtpd_relay_restrictions smtpd_recipient_restrictions relay_domains', '```'];

/**
 * The relay fix as `postconf -e` lines (a line appended to main.cf silently overrides one of the same name earlier in
 * the file; review Y, Y12), the same in every language but for the comment `keep` (which networks the line keeps, and
 * why): the restriction, mynetworks as the run found it (loopback without a finding's own), then the reload.
 */
export function relayConfigLines(p: OpenRelayAdvice | null, keep: string): string[] {
  return [
    "postconf -e 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination'",
    keep,
    mynetworksLine(p?.mynetworks ?? LOOPBACK_NETWORKS),
    'postfix reload',
  ];
}

/** mynetworks set with postconf -e: a shell line (the `[::1]/128` form stays inside the quotes). */
export function mynetworksLine(networks: readonly string[]): string {
  return `postconf -e 'mynetworks = ${networks.join(' ')}'`;
}

/** The `postconf -e` line of mynetworksLine and the reload, fenced: the same in every language. */
export function mynetworksBlock(networks: readonly string[]): string[] {
  return ['```', mynetworksLine(networks), 'postfix reload', '```'];
}

export function openRelayFix(p: OpenRelayAdvice | null): string {
  const keep = p === null || p.fromLog.length === 0
    ? '# only hosts you run; never a whole provider range. Add your own LAN (e.g. 192.168.1.0/24) if its hosts send through this server without a login'
    : `# only hosts you run; never a whole provider range. Kept: ${p.fromLog.join(' ')}, which relayed here without a login from your own networks`;
  const r = p?.restricted;
  return [
    // Review AO, AO3: other clients got "Relay access denied" (smtpd's "NOQUEUE: reject: RCPT from …: 454 4.7.1 …: Relay
    // access denied"), so the server is no relay for everyone: something lets these IPs through.
    ...(r === undefined ? [] : [
      `Relaying is restricted: ${count(r.clients, 'other client IP was', 'other client IPs were')} refused with \`Relay access denied\` `
        + `(${count(r.refusals, 'time', 'times')}) in this log, so this server does not relay for everyone. ${r.ips.join(', ')} `
        + `${r.ips.length === 1 ? 'is' : 'are'} let through without a login by \`mynetworks\` or an access map (\`check_client_access\`, or a `
        + '`check_sender_access`/`check_helo_access` entry that answers OK or permits): find the entry in the settings below and in the '
        + `maps they name, and take ${r.ips.length === 1 ? 'it' : 'them'} out. If ${r.ips.length === 1 ? 'the host is' : 'a host is'} yours, `
        + 'give it a SASL login instead.',
      '',
    ]),
    'Look at what is in force first:',
    '',
    ...RELAY_LOOK,
    '',
    'Then relay only for logged-in users and your own hosts. A `postconf -e` line replaces the `main.cf` setting of the same '
      + 'name: where `smtpd_relay_restrictions` lists more than these three (a policy service, a `check_…_access` table), keep '
      + 'those in the line, before `defer_unauth_destination`:',
    '',
    '```',
    ...relayConfigLines(p, keep),
    '```',
    '',
    'Test from a host outside your network (expect `454 4.7.1 … Relay access denied`):',
    '`swaks --server mail.example.jp --from test@example.org --to someone@gmail.com`.',
    'If a listed IP is really yours (a web server, a scanner, the content filter\'s reinjection), give it a login or pass '
    + 'it with `--allow-ips`. Then hold and delete the relayed mail still queued (`postqueue -p`, `postsuper -h`/`-d`).',
  ].join('\n');
}

/** The note on relaying for the site's own networks: nothing to change when the hosts are its own; what would make it an open relay. */
export function ownNetworkRelayFix(p: OpenRelayAdvice): string {
  return [
    'This is how Postfix relays for `mynetworks` (`permit_mynetworks`): an office\'s printers and servers, or a web '
      + 'application, a list manager or a monitoring script on this host (127.0.0.1). Nothing to change if these hosts are yours. '
      + 'Check that `mynetworks` holds them and nothing wider that you do not run:',
    '',
    '```',
    'postconf mynetworks mynetworks_style smtpd_relay_restrictions',
    '```',
    '',
    'A narrower `mynetworks` would cut these hosts off. Where it holds more than you run, set a value that keeps them '
      + '(loopback and the networks of the IPs above; the line replaces the setting):',
    '',
    ...mynetworksBlock(p.mynetworks),
    '',
    'Two set-ups make it an open relay after all: a proxy, load balancer or port forward that hands Postfix clients from '
      + 'the Internet under its own private address (Postfix then sees the proxy, not the client: use '
      + '`smtpd_upstream_proxy_protocol = haproxy`, or forward without address translation), and a VPN, guest or tenant '
      + 'network in these ranges that is not yours. A host that should not relay without a login gets a SASL login instead; '
      + '`--allow-ips` leaves a host you know out of this note.',
  ].join('\n');
}

/**
 * The note on clients of the Internet named inside the site's own domains that relayed without a login, with no spam
 * sign (review AO, AO3: a CRM on a public IP in mynetworks): a trusted host; do not close relaying or delete its mail.
 */
export function trustedHostRelayFix(p: TrustedHostAdvice): string {
  return [
    `Postfix names ${p.hosts.join(', ')} by a forward-confirmed reverse name (the name resolves back to the IP) inside your own `
      + 'domain: nobody who cannot add an A record to that zone gets such a name. The host is allowed to relay without a login '
      + '(`permit_mynetworks` through `mynetworks`, or an access map such as `check_client_access`): a CRM, a web application, '
      + 'another server\'s list manager. Nothing to change if it is yours: do not close relaying for it or delete its queued mail, '
      + 'that cuts it off. Look at what allows it:',
    '',
    ...RELAY_LOOK,
    '',
    '`mynetworks` should hold this host (a /32) and your own networks, never a whole provider range. Where it holds more, set a '
      + 'value that keeps them (the line replaces the setting):',
    '',
    ...mynetworksBlock(p.mynetworks),
    '',
    'Safer still: give the host a SASL login and take it out of `mynetworks`. Its mail is then counted per login, and '
      + '`reject_sender_login_mismatch` refuses other people\'s domains as its senders if it is ever taken over. Should its '
      + 'relayed mail show spam signs (senders of other people\'s domains, refusals as spam, much of it not delivered), this '
      + 'tool reports it as an open relay. `--allow-ips` leaves a host you know out of this note.',
  ].join('\n');
}

/**
 * A burst's spam signs, after "… within N minutes" (ownNetworkSpamFix, localProgramSpamFix): the share of its
 * recipients not delivered, and the recipients its receivers bounced as spam (review 18).
 */
export function burstSignsText(p: { messages: number; notDelivered: number | null; spamRefused: OwnNetworkSpamAdvice['spamRefused'] }): string {
  const them = p.messages === 1 ? 'it' : 'them';
  const r = p.spamRefused;
  const undelivered = p.notDelivered !== null || r === null
    ? `, and ${p.notDelivered ?? 0}% of the recipients did not get ${them} (bounced, expired or still deferred): spam to bought or harvested `
      + 'addresses bounces, a newsletter to its own customers mostly arrives'
    : '';
  if (r === null) return undelivered;
  return `${undelivered}${undelivered === '' ? ', and' : '. And'} the receivers themselves bounced ${fmt(r.recipients)} of the recipients `
    + `(${r.percent}%) as spam${r.code !== '' ? ` (${r.code}: the first such line is among the lines shown)` : ''}: a receiver says so of a `
    + 'newsletter its readers asked for hardly ever, and of spam to harvested addresses often';
}

/**
 * When a stranger's sender domain is the only spam sign (OwnNetworkSpamAdvice.strangerOnly): what else it may be, and
 * what to do then (review 15, F1: a blog's clean newsletter as its own domain, its mailboxes at a provider).
 */
export function strangerOnlyNote(p: { strangerOnly: boolean; strangerDomains: string[] }): string {
  if (!p.strangerOnly) return '';
  const d = p.strangerDomains.join(', ');
  return ` That is the only sign of spam here, and a site hosted on this server that sends its newsletter as its own domain, whose `
    + `mailboxes are elsewhere, looks the same: if someone sent a mailing as ${d} at that time, it is a newsletter, not an attack `
    + `(list this server in ${d}'s SPF record and sign it with DKIM so that it arrives). If nobody did, it is spam.`;
}

/**
 * Why forged domains of well-known brands (OwnNetworkSpamAdvice.brandDomains, detect/brand-domains.ts) are forged,
 * even as the one sender domain (review Q, Q5), and no redirect's resent mail (resentBrands; review T, F1); '' when
 * there are none.
 */
export function brandNote(p: { brandDomains?: string[] }): string {
  const b = p.brandDomains ?? [];
  if (b.length === 0) return '';
  const one = b.length === 1;
  const it = one ? 'it' : 'them';
  return ` ${b.join(', ')} ${one ? 'is the domain of a well-known company' : 'are domains of well-known companies'} that phishing impersonates `
    + `(a bank, card company, shop, carrier or online service), and none of this server's: no site hosted here sends as ${it}. `
    + `Nor is it mail from outside passed on by a Sieve redirect or \`.forward\`, which keeps the original sender: far fewer messages as ${it} `
    + 'came in here, or none, or from other addresses.';
}

/**
 * A hacked web application or script on the site's own host (ownNetworkSpamOf): find the script and stop it. The
 * IP is not blocked: it is the server itself or the office, and blocking 127.0.0.1 stops every local service.
 */
export function ownNetworkSpamFix(p: OwnNetworkSpamAdvice): string {
  const local = p.ips.some((ip) => ownNetworkClass(ip) === 'loopback');
  // What the evidence shows, and nothing it does not: forged senders, or a burst most of whose recipients did not get it.
  const seen = p.forgedDomains.length > 0
    ? `mail sent as other people's domains (${p.forgedDomains.join(', ')} …) went out from ${p.ips.join(', ')} without a login`
    : `${count(p.messages, 'message', 'messages')} to ${count(p.domains, 'outside domain', 'outside domains')} went out from ${p.ips.join(', ')} `
      + `without a login within ${count(p.minutes, 'minute', 'minutes')}${burstSignsText(p)}`;
  // A burst's one sender domain that is not ours (review 13, H5): say why it counts as someone else's.
  const one = p.strangerDomains.length === 1;
  const stranger = p.strangerDomains.length > 0
    ? ` ${p.strangerDomains.join(', ')} ${one ? 'is' : 'are'} none of this server's domains: nobody logs in as ${one ? 'it' : 'them'}, `
      + `no mail for ${one ? 'it' : 'them'} is delivered here, and no host of yours sent as ${one ? 'it' : 'them'} outside the burst `
      + '(a newsletter of yours is sent as your own domain).'
    : '';
  return [
    `This is not a smarthost at work: ${seen}.${brandNote(p)}${stranger}${strangerOnlyNote(p)} ${local ? 'On 127.0.0.1 that is a program on this server: most often a hacked web form, '
        + 'WordPress plugin or uploaded PHP script calling mail() or connecting to port 25.' : 'That host runs something that sends spam: a hacked web '
        + 'application or a malware-infected machine.'} Do not block the IP (it is your own host); find the script and stop it.`,
    '',
    ...findScriptSteps(),
    '',
    'For PHP, turn on `mail.add_x_header = On` (php.ini; every mail() message then carries '
      + '`X-PHP-Originating-Script: UID:script.php`) and `mail.log = /var/log/phpmail.log` (one line per mail() call with the '
      + 'script and line). Then match '
      + (p.burstFrom !== null ? `the burst's times (from ${p.burstFrom})` : 'the first relayed messages\' times (the log lines above)')
      + ' to the web server\'s logs: '
      + '`grep POST /var/log/apache2/access.log` or `/var/log/nginx/access.log` at those minutes names the page that was called. '
      + 'Remove or fix the script, change the passwords of the web application and its FTP/SSH accounts, then delete the held '
      + 'spam (`postsuper -d QUEUE_ID`, or `postsuper -d ALL hold` once only spam is held).',
    '',
    'Once it is fixed, a web application that must send mail can log in (SASL) instead of relaying through `mynetworks`: '
      + 'then its mail is counted per login, and a forged sender is refused by `reject_sender_login_mismatch`.',
  ].join('\n');
}

/** Hold the queued mail and read one message's headers: the script often names itself there. */
export function findScriptSteps(): string[] {
  return [
    'Hold the queued mail and look at a message: its headers often name the script.',
    '',
    '```',
    commented('postqueue -p | head -50', 'the queued messages, their senders and recipients'),
    commented('postcat -q QUEUE_ID | head -40', 'headers of one: X-PHP-Originating-Script, Received, the sending user'),
    commented('postsuper -h ALL deferred', 'hold what is waiting for retry while you look'),
    '```',
  ];
}

/**
 * Bulk mail from the site's own host that shows no spam sign (ownNetworkSpamOf: a burst, one sender domain, most of
 * it delivered): a newsletter or mailing list, by the look of it. Nothing to change if it was planned; if nobody
 * sent one, the same search for the script as for spam.
 */
export function ownNetworkBulkFix(p: OwnNetworkBulkAdvice): string {
  const senders = p.senderDomains.length > 0 ? `, sent as ${p.senderDomains.join(', ')}` : '';
  return [
    `${count(p.messages, 'message', 'messages')} to ${count(p.domains, 'outside domain', 'outside domains')} within `
      + `${count(p.minutes, 'minute', 'minutes')} from ${p.ips.join(', ')}${senders}, ${p.notDelivered}% of the recipients not delivered: `
      + 'this is what a newsletter or mailing list sent by a web application or list manager looks like'
      + (p.forgedMessages === 0 ? ', and none of it was sent as other people\'s domains' : '')
      + '. If it was planned, nothing needs changing here.',
    '',
    'Bulk mail arrives when the receivers can check it: SPF and DKIM for the sender\'s domain (Gmail requires DMARC and '
      + 'one-click unsubscribe, RFC 8058, too of senders of 5,000 or more messages a day to its users; Yahoo asks the same '
      + 'of bulk senders), and a list kept clean of addresses that bounce. An application that logs in (SASL) instead of '
      + 'relaying through `mynetworks` has its mail counted per login.',
    '',
    'If nobody here sent a mailing then, treat it as a hacked web application: find the script that sent it.',
    '',
    ...findScriptSteps(),
  ].join('\n');
}

/**
 * Unauthenticated clients that had mail relayed to at least `minDomains` outside domains (allow-listed IPs left out);
 * and clients of the Internet that relayed to one of `notOurs` (relayed-domains.ts: sprayed, no backup MX's shape), even
 * to it alone (review 13, M6: bots handed lists sorted by domain, each relaying to gmail.com only).
 */
function findRelayers(agg: Aggregate, own: Set<string>, minDomains: number, ctx: RuleContext, notOurs: ReadonlySet<string>): Relayer[] {
  const relayers: Relayer[] = [];
  for (const [ip, row] of agg.byClientIp) {
    if (row.unauthRelayDomains === null || ctx.allowIps.has(ip)) continue;
    // The times of its relayed mail (filter-credit.ts), not of its row: a client that relays its whole batch in one
    // session touches its row at "connect from" only (a clean disconnect is counted apart), so the row's last time
    // was the connection's start: "150 messages relayed … between 10:00 and 10:00" for mail sent until 12:29.
    const relayed = Number.isFinite(row.unauthRelayFirstAt);
    const r = relayerOf(ip, row, own, relayed ? row.unauthRelayFirstAt : row.firstAt, relayed ? row.unauthRelayLastAt : row.lastAt, null);
    let sprayed = false;
    for (const d of r.domains.keys()) if (notOurs.has(d)) sprayed = true;
    if (r.domains.size >= minDomains || (sprayed && ownNetworkClass(ip) === null)) relayers.push(r);
  }
  return sortRelayers(relayers);
}

/**
 * Local programs (pickup uid=) that had mail relayed to at least `minDomains` outside domains: PHP's mail(), a list
 * manager, cron (review 13 H5: a hacked form's phishing through /usr/sbin/sendmail was read by no rule).
 */
function findLocalPrograms(agg: Aggregate, own: Set<string>, minDomains: number): Relayer[] {
  const programs: Relayer[] = [];
  for (const row of agg.byPickupUid.values()) {
    if (row.unauthRelayDomains === null) continue;
    const program = { host: row.host, uid: row.uid };
    const r = relayerOf(programName(program), row, own, row.unauthRelayFirstAt, row.unauthRelayLastAt, program, row.relayedBySender);
    if (r.domains.size >= minDomains) programs.push(r);
  }
  return sortRelayers(programs);
}

function relayerOf(key: string, row: RelayTally, own: Set<string>, firstAt: number, lastAt: number, program: LocalProgram | null,
  addresses: ProgramAddresses | null = null): Relayer {
  const domains = outsideDomains(row, own);
  return { key, row, recipients: sumCounts(domains), domains, firstAt, lastAt, program, addresses };
}

/** "mail uid=33": a local program as the findings name it (the host and pickup's uid=, as the log line has them). */
export function programName(p: LocalProgram): string {
  return `${p.host} uid=${p.uid}`;
}

function sortRelayers(relayers: Relayer[]): Relayer[] {
  return relayers.sort((a, b) => b.recipients - a.recipients || (a.key < b.key ? -1 : 1));
}

/**
 * The networks the log shows relaying without a login that a `mynetworks` line must keep: every client on the
 * site's own addresses with mail relayed to an outside domain (one domain is enough: it relays normally), and the
 * IPs --allow-ips vouched for, or named inside our own domains with no spam sign (`trusted`), that did so.
 */
function relayingOwnNetworks(agg: Aggregate, own: Set<string>, ctx: RuleContext, trusted: ReadonlySet<string>): OpenRelayAdvice {
  const ips: string[] = [];
  for (const [ip, row] of agg.byClientIp) {
    if (row.unauthRelayDomains === null) continue;
    if (ownNetworkClass(ip) === null && !ctx.allowIps.has(ip) && !trusted.has(ip)) continue;
    for (const d of row.unauthRelayDomains.keys()) {
      if (own.has(d)) continue;
      ips.push(ip);
      break;
    }
  }
  const mynetworks = mynetworksValue(ips);
  return { mynetworks, fromLog: mynetworks.filter((e) => !LOOPBACK_NETWORKS.includes(e)) };
}

/**
 * Where a sender without login is: this host's loopback, another host of the site's networks, or a program on this
 * host that submitted through sendmail.
 */
export type RelayerPlace = 'loopback' | 'lan' | 'program';

/** Spam signs in the mail one own-network client relayed without a login (see the ownSpam* thresholds). */
export interface OwnNetworkSpam {
  /** Relayed messages whose sender domain is neither ours nor the host's main sender domain, and those domains. */
  forgedMessages: number;
  forgedDomains: string[];
  /**
   * Of forgedDomains, those of well-known brands (brand-domains.ts) of a local program or a loopback client: never
   * the host's own, one enough for a program's spread test (review Q, Q5).
   */
  brandDomains: string[];
  /**
   * Brands' domains it sent as that it resends as mail that came in from them (resentBrands: a Sieve redirect or a
   * `.forward`; review T, F1): neither forged nor its own.
   */
  resentDomains: string[];
  /** The host's most used sender domain (its own, as far as the log tells, unless it is strangerDomain). */
  hostDomain: string;
  /**
   * The main sender domain of a burst when it is not ours (ownDomains), no other own host's everyday one, and the host
   * had not used it outside the burst ('' otherwise): a hacked form sending as one bank. Counted among forgedDomains.
   */
  strangerDomain: string;
  /** Minutes from its first to its last relayed message (of the burst window, when `window`). */
  minutes: number;
  /** Percent of its relayed recipients not delivered (bounced, expired or still deferred at the end of the log; of the burst window, when `window`). */
  notDelivered: number;
  forged: boolean;
  burst: boolean;
  /** The burst, when it is the worst hour of a longer run of relaying (relay-window.ts); null when it is all of it, or no burst. */
  window: RelayWindow | null;
  /** At least ownSpamNotDeliveredPercent of the recipients not delivered. */
  undelivered: boolean;
  /**
   * Of the burst's relayed recipients (all of its relayed mail when `window` is null), those their receivers bounced as
   * spam (RelaySlot.spamRefused), their percentage of the burst's recipients, and the first such line.
   */
  spamRefused: number;
  spamRefusedPercent: number;
  spamRefusal: Example | null;
  /** At least ownSpamRefusedRecipients and ownSpamRefusedPercent of a burst's recipients bounced as spam. */
  refused: boolean;
  /**
   * A local program's forged senders that count only by its many different recipients (programSpread): fewer outside
   * domains than localForgedMinDomains, but at least localForgedMinAddresses distinct outside addresses, most written
   * to once (review 19, M2); null otherwise. `recipients`: those addresses; `senders`: the distinct sender addresses
   * of its forged domains; `about`: an estimate, `atLeast`: more than a full sketch tells (aggregate/address-set.ts).
   */
  sprayed: AddressFigures | null;
  /**
   * Spam: forged senders, or a burst of which at least ownSpamNotDeliveredPercent did not arrive, whose receivers
   * refused a share as spam, or whose main sender domain is a stranger's. A burst alone, sent as our own domains, is
   * bulk mail (a newsletter).
   */
  spam: boolean;
}

/**
 * The sender domain a client relayed most messages as ('' when only the null sender): its own, as far as the log
 * tells. With `brands`, never a well-known brand's (brand-domains.ts): a program on this host or a client on its
 * loopback sending as mufg.jp is no site hosted here (review Q, Q5: a form sending as one fixed security@mufg.jp had
 * it taken for its own domain, and was seen by no rule).
 */
function mainSenderDomain(row: RelayTally, brands = false): string {
  let main = '';
  let most = 0;
  for (const [d, n] of row.unauthRelaySenderDomains ?? []) {
    if (d === '<>' || (brands && isImpersonatedBrand(d))) continue;
    if (n > most || (n === most && d < main)) { main = d; most = n; }
  }
  return main;
}

/** Minutes from a client's first to its last relayed message. */
function relayMinutes(row: RelayTally): number {
  return Number.isFinite(row.unauthRelayFirstAt) ? Math.round((row.unauthRelayLastAt - row.unauthRelayFirstAt) / 60_000) : 0;
}

/** A burst: at least ownSpamBurstDomains outside recipient domains within ownSpamBurstMinutes. */
function isBurst(outsideDomains: number, minutes: number, ctx: RuleContext): boolean {
  return outsideDomains >= ctx.threshold('ownSpamBurstDomains') && minutes <= ctx.threshold('ownSpamBurstMinutes');
}

/** The outside recipient domains (not ours) a host relayed to, with their recipients. */
export function outsideDomains(row: RelayTally, own: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [d, n] of row.unauthRelayDomains ?? []) if (!own.has(d)) out.set(d, n);
  return out;
}

/**
 * A host's burst: all of its relayed mail when that is one (isBurst, first to last message), else its worst window
 * when that is one (relay-window.ts); `burst` false and `window` null when neither.
 */
function burstOf(row: RelayTally, outside: number, own: ReadonlySet<string>, ctx: RuleContext): { burst: boolean; window: RelayWindow | null } {
  if (isBurst(outside, relayMinutes(row), ctx)) return { burst: true, window: null };
  const window = burstWindow(row.unauthRelaySlots, own, ctx.threshold('ownSpamBurstDomains'), ctx.threshold('ownSpamBurstRatio'));
  return { burst: window !== null, window };
}

/**
 * The main sender domains of the site's own hosts and programs (own-network clients, pickup uids) whose relayed mail
 * has no burst: the domains they send as every day (an office ERP, printers and a shop as corp.example), which a
 * burst of another host may use too.
 */
export function everydaySenderDomains(agg: Aggregate, own: Set<string>, ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  // With whether a brand is never the host's own (brandsNeverOwn): a program's or a loopback client's.
  const hosts: Array<[RelayTally, boolean]> = [...agg.byPickupUid.values()].map((row) => [row, true]);
  for (const [ip, row] of agg.byClientIp) {
    const place = ownNetworkClass(ip);
    if (place !== null) hosts.push([row, place === 'loopback']);
  }
  for (const [row, brands] of hosts) {
    if (row.unauthRelayDomains === null) continue;
    if (burstOf(row, outsideDomains(row, own).size, own, ctx).burst) continue;
    const main = mainSenderDomain(row, brands);
    if (main !== '') out.add(main);
  }
  return out;
}

/**
 * Whether an own-network client's or a local program's relayed mail looks like a hacked web application's, or like
 * bulk mail (null: neither; `spam` tells the two apart).
 *   - forged senders: like compromised-account's forgedMessages, envelope senders of other people's domains. A
 *     client that never logged in has no account domain, so "its own" is our domains (ownDomains) and the sender
 *     domain it uses most: an office ERP or a list manager sends as one or two domains of the site; a phishing
 *     script as a bank, a shop and a card company at once. At least ownSpamForgedDomains such domains in at least
 *     ownSpamForgedMessages messages (of a local program, sent to at least localForgedMinDomains outside domains).
 *   - a burst: at least ownSpamBurstDomains outside recipient domains, all relayed within ownSpamBurstMinutes (its
 *     first to last relayed message), or within the host's worst hour when it relays all day and that hour stands
 *     out (ownSpamBurstRatio, relay-window.ts). A shop's order mails reach many domains too, but over days; a newsletter
 *     reaches them in minutes (review 12, H5: 600 customers in 135 domains in 12 minutes, 2% bounced), so a burst
 *     is spam only when at least ownSpamNotDeliveredPercent of its recipients did not get it: addresses bought or
 *     harvested bounce, a list of the site's own customers mostly arrives; or when it was sent as a domain that is
 *     not ours (strangerDomain): a newsletter is sent as the site's domain, a phishing form as the bank's; or when its
 *     receivers bounced at least ownSpamRefusedRecipients and ownSpamRefusedPercent of its recipients as spam and at
 *     least ownSpamRefusedNotDeliveredPercent of it did not arrive (review 18): the log cannot tell a harvested list
 *     with 13% dead addresses from an old list of customers, but a receiver that answers "550-5.7.1 … likely
 *     unsolicited mail" has read the mail and says which it is.
 */
export function ownNetworkSpamOf(r: { row: RelayTally; domains: ReadonlyMap<string, number>; addresses?: ProgramAddresses | null }, where: RelayerPlace, own: Set<string>,
  ctx: RuleContext, everyday: ReadonlySet<string> = new Set(), incoming: IncomingBrandMail = NO_INCOMING): OwnNetworkSpam | null {
  // A program on this host or a client on its loopback never sends as a well-known brand's domain of its own
  // (brand-domains.ts; review Q, Q5 and Q6): such a domain is never its main one, and is forged. A host of the site's
  // network may be a smarthost's client sending as its own company's domain, whatever it is.
  // Unless it resends mail that came in as that brand (resentBrands: a Sieve redirect passing the users' Amazon mail on
  // to their own mailboxes keeps its sender; review T, F1): then the brand is neither forged nor its own.
  const brands = where !== 'lan';
  const resent = brands ? resentBrands(r, ctx, incoming) : NO_DOMAINS;
  const brand = (d: string): boolean => brands && isImpersonatedBrand(d) && !resent.has(d);
  const mainDomain = mainSenderDomain(r.row, brands);
  // A local program's most used sender domain is its own unless it sent as it through many rotating addresses, as a
  // phishing form does its favourite brand (review Q, Q6: security100…249@mufg.jp, 160 of 400 messages, was "the
  // program's own domain", missing from the title and every count; as one of three brands the form went unseen).
  const bySender = where === 'program' ? r.addresses ?? null : null;
  const hostDomain = mainDomain !== '' && bySender !== null && rotatingSenders(bySender, mainDomain, ctx) ? '' : mainDomain;
  const { burst, window } = burstOf(r.row, r.domains.size, own, ctx);
  // The burst's main sender domain is the site's when it is ours (ownDomains), the everyday domain of an own-network
  // host (everydaySenderDomains: the office's ERP and printers send as corp.example all day), or one this host sent
  // as outside the burst (a burst that is all of the host's relayed mail has no outside). Review 13, H5: 400 messages
  // from 127.0.0.1 as security@mufg.jp, which nobody logs in as, no mail is delivered for and no host of the site
  // sent as, were "bulk mail … none of it sent as other people's domains". Outside a burst the mail is spread over
  // more than an hour, and the main domain is the host's own as far as the log tells.
  // A domain and its subdomains are one site's (review 15, F2: a shop's newsletter as news.shop-example.com, its order
  // mail as shop-example.com all day, was "forged" and "a domain not ours").
  // A brand's domain is never the site's, whoever else sent as it (only ours, ownDomains, is: the brand's own server).
  const burstDomain = window !== null ? window.mainSenderDomain : mainSenderDomain(r.row);
  const strangerDomain = burst && burstDomain !== '' && !relatedToAny(burstDomain, own) && !resent.has(burstDomain) && (brand(burstDomain)
    || (!relatedToAny(burstDomain, everyday) && !relatedToAny(burstDomain, window?.usedOutside ?? NO_DOMAINS))) ? burstDomain : '';
  let forgedMessages = 0;
  const forgedDomains: Array<[string, number]> = [];
  for (const [d, n] of r.row.unauthRelaySenderDomains ?? []) {
    if (d === '<>' || relatedToAny(d, own) || resent.has(d) || (d !== strangerDomain && !brand(d) && hostDomain !== '' && related(d, hostDomain))) continue;
    forgedMessages += n;
    forgedDomains.push([d, n]);
  }
  forgedDomains.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const relayedRecipients = sumCounts(r.row.unauthRelayDomains);
  const notDelivered = window !== null ? percent(window.notDelivered, window.recipients) : percent(r.row.unauthRelayNotDelivered, relayedRecipients);
  // A local program that resends mail as its original senders (a Sieve redirect or a .forward through sendmail, a
  // list manager) sends as many domains, but to a few addresses: forged senders of a program count when its mail
  // went to many outside domains, as a phishing script's does.
  // Or to few domains but many different addresses, each written to about once: a harvested list of free-mail
  // addresses (review 19, M2: 397 messages as security…@mufg.jp and four other brands to 799 addresses of 10 free-mail
  // domains), where a redirect writes to the same few mailboxes again and again.
  // There a domain the program sent as through a few fixed addresses, in many messages, is a site's own (review Q,
  // Q1: one www-data sending order mail for four shops, each as orders@ of its own domain, mailboxes elsewhere) or
  // the real sender of mail it resends (a newsletter a redirect passes on): a phishing form rotates its senders.
  // A brand's domain is no site's, its senders fixed or not (a form sending as one security@mufg.jp), and one is
  // enough for the spread test, in ownSpamForgedMessages messages: a program writing as a bank to a hundred
  // different addresses, each about once, is a phishing form (review Q, Q5), where a redirect resending the bank's
  // notices to the users' own mailboxes writes to a few (the test's percentage keeps it quiet).
  const wide = where !== 'program' || r.domains.size >= ctx.threshold('localForgedMinDomains');
  const forgedShape = isForgedShape(forgedDomains, ctx);
  const rotating = bySender !== null && !(wide && forgedShape)
    ? forgedDomains.filter(([d, n]) => brand(d) || !fixedSenders(bySender, d, n, ctx)) : forgedDomains;
  const brandShape = bySender !== null
    && rotating.reduce((m, [d, n]) => m + (brand(d) ? n : 0), 0) >= ctx.threshold('ownSpamForgedMessages');
  const spreadShape = wide ? !forgedShape && brandShape : isForgedShape(rotating, ctx) || brandShape;
  const spread = spreadShape ? programSpread(bySender, rotating, ctx) : null;
  const forged = (wide && forgedShape) || spread !== null;
  if (spread !== null) {
    // The forged domains and messages are those the test counted.
    const counted = [...rotating];
    forgedDomains.length = 0;
    forgedDomains.push(...counted);
    forgedMessages = rotating.reduce((n, [, m]) => n + m, 0);
  }
  const sprayed = spread;
  const undelivered = notDelivered >= ctx.threshold('ownSpamNotDeliveredPercent');
  if (!forged && !burst) return null;
  // The receivers' spam verdicts on the burst's own messages (by the slot each message arrived in, as notDelivered).
  const { spamRefused, spamRefusal } = window !== null ? window : spamRefusedIn(r.row.unauthRelaySlots);
  const spamRefusedPercent = percent(spamRefused, window !== null ? window.recipients : relayedRecipients);
  const refused = burst && spamRefused >= ctx.threshold('ownSpamRefusedRecipients') && spamRefusedPercent >= ctx.threshold('ownSpamRefusedPercent')
    && notDelivered >= ctx.threshold('ownSpamRefusedNotDeliveredPercent');
  // A stranger's domain is a spam sign from this host itself (a web application on localhost or through sendmail has
  // no business sending as a bank), not from a private host of the site's network: a smarthost relays its clients'
  // mail as their own domains (review 14, F4: a hosted customer's newsletter from 10.0.5.20 as customer-shop.jp, 98%
  // delivered, was "a hacked web application"). There it is bulk mail whose domain the note names.
  const strangerSpam = strangerDomain !== '' && where !== 'lan';
  return {
    forgedMessages, forgedDomains: forgedDomains.map(([d]) => d), brandDomains: forgedDomains.map(([d]) => d).filter(brand), resentDomains: [...resent].sort(),
    hostDomain, strangerDomain,
    minutes: window !== null ? window.minutes : relayMinutes(r.row), notDelivered, forged, burst, window, undelivered,
    spamRefused, spamRefusedPercent, spamRefusal, refused, sprayed,
    spam: forged || (burst && (undelivered || strangerSpam || refused)),
  };
}

const NO_DOMAINS: ReadonlySet<string> = new Set();

/** Mail that came in from outside for mailboxes here as one sender domain: its recipients and distinct sender addresses. */
export interface IncomingMail {
  recipients: number;
  senders: AddressSketch;
}

/** A well-known brand's sender domain → the mail that came in as it (incomingBrandMail); undefined when none. */
export type IncomingBrandMail = (domain: string) => IncomingMail | undefined;

const NO_INCOMING: IncomingBrandMail = () => undefined;

/**
 * The mail that came in from outside for mailboxes here (SenderStats.inboundLocal) by brand sender domain (brand-domains.ts,
 * the domain as written: a subdomain is its own), read from the sender rows on first use and only then: sums and a
 * sketch of the addresses (aggregate/address-set.ts), the same for any split of the log.
 */
export function incomingBrandMail(agg: Aggregate): IncomingBrandMail {
  let byDomain: Map<string, IncomingMail> | null = null;
  return (domain) => {
    if (byDomain === null) {
      byDomain = new Map();
      for (const [sender, s] of agg.bySender) {
        if (s.inboundLocal === 0) continue;
        const d = domainOf(sender);
        if (d === '' || !isImpersonatedBrand(d)) continue;
        let e = byDomain.get(d);
        if (e === undefined) byDomain.set(d, e = { recipients: 0, senders: newSketch() });
        e.recipients += s.inboundLocal;
        e.senders = addToSketch(e.senders, sender);
      }
    }
    return byDomain.get(domain);
  };
}

/**
 * The well-known brands' domains (brand-domains.ts) a program or a loopback client sent as that it resends: a Sieve
 * `redirect` or a `.forward` through sendmail passes mail that came in on as its original sender (pickup "uid=5000
 * from=<store-news@amazon.co.jp>"; review T, F1: one Amazon promotion redirected by 150 users to their own free-mail
 * addresses, or Google Classroom's VERP notices to 120 students, was "spam sent by a program"). Such a domain sent mail
 * in from outside, to mailboxes here (incomingBrandMail), and the program sent as it at most resentPerIncoming
 * messages per recipient that came in (a user may redirect to two addresses), as at least resentSenderPercent of its
 * sender addresses of that domain that came in (exact addresses: a VERP sender too is resent as it came), when the
 * program's addresses are known (a loopback client's are not: the count alone). A phishing form sends as a brand
 * that sent little or nothing in, and rarely as an address that did: a bank's customer receiving two real notices
 * does not shield its 400 forged ones, nor a company receiving Amazon's order mail a form writing as
 * security@amazon.co.jp.
 */
function resentBrands(r: { row: RelayTally; addresses?: ProgramAddresses | null }, ctx: RuleContext, incoming: IncomingBrandMail): ReadonlySet<string> {
  let out: Set<string> | null = null;
  for (const [d, n] of r.row.unauthRelaySenderDomains ?? []) {
    if (d === '<>' || !isImpersonatedBrand(d)) continue;
    const came = incoming(d);
    if (came === undefined || n > came.recipients * ctx.threshold('resentPerIncoming')) continue;
    const e = r.addresses ? senderDomainEntryOf(r.addresses, d) : undefined;
    if (e !== undefined) {
      const senders = countSketches([e.as]).count;
      if (countShared(e.as, came.senders) * 100 < ctx.threshold('resentSenderPercent') * senders) continue;
    }
    (out ??= new Set()).add(d);
  }
  return out ?? NO_DOMAINS;
}

/** At least ownSpamForgedDomains forged sender domains in at least ownSpamForgedMessages messages. */
function isForgedShape(forged: ReadonlyArray<[string, number]>, ctx: RuleContext): boolean {
  return forged.length >= ctx.threshold('ownSpamForgedDomains') && forged.reduce((n, [, m]) => n + m, 0) >= ctx.threshold('ownSpamForgedMessages');
}

/**
 * The distinct sender addresses a program sent as `domain` (0 when none is known; past SENDER_DOMAINS sender domains,
 * those of the folded domains' entry when `domain` is one of them, address-set.ts).
 */
function sendersAs(e: SenderDomainAddresses | undefined): ReturnType<typeof countSketches> {
  return e === undefined ? { count: 0, about: false, atLeast: false } : countSketches([e.as]);
}

/**
 * A sender domain a program sent as through at most localOwnSenderAddresses addresses in at least
 * localOwnSenderMessages messages (`messages`): a site's own (orders@, noreply@), or the real sender of mail it
 * resends; not a phishing form's brand, whose senders rotate (security578@, security976@ …).
 */
function fixedSenders(bySender: ProgramAddresses, domain: string, messages: number, ctx: RuleContext): boolean {
  const senders = sendersAs(senderDomainEntryOf(bySender, domain)).count;
  return senders > 0 && senders <= ctx.threshold('localOwnSenderAddresses') && messages >= ctx.threshold('localOwnSenderMessages');
}

/**
 * A program's main sender domain sent as through at least localRotatingSenders addresses: a form's favourite brand,
 * not the site's own domain, whose few senders (orders@, noreply@, wordpress@) send many messages each. Counted in
 * addresses alone, not as a share of the messages: a form rotating a fixed pool of senders keeps its count however
 * long it sends (review S, S1: three brands, 50 senders, fired at 400 and 1,000 messages, not at 2,000).
 */
function rotatingSenders(bySender: ProgramAddresses, domain: string, ctx: RuleContext): boolean {
  return sendersAs(senderDomainEntryOf(bySender, domain)).count >= ctx.threshold('localRotatingSenders');
}

/** The entries of a program's sender domains `domains`, each once (folded domains share one, address-set.ts). */
function entriesOf(bySender: ProgramAddresses, domains: readonly string[]): SenderDomainAddresses[] {
  const out = new Set<SenderDomainAddresses>();
  for (const d of domains) {
    const e = senderDomainEntryOf(bySender, d);
    if (e !== undefined) out.add(e);
  }
  return [...out];
}

/**
 * A local program's forged messages to many different outside addresses, each written to about once: at most twice
 * on average (ownNetworkSpamOf):
 * the recipients of its messages as the forged domains `forged` only (not a shop's order mail from the same uid, nor
 * a copy to a message's own sender), at least localForgedMinAddresses distinct addresses, and at least
 * localForgedAddressPercent of those recipients (a list script resending each post to the same 300 subscribers has
 * 5%). Counted in the sketches of aggregate/address-set.ts, exact to 1,024 addresses per sender domain and estimated
 * past that, never on other mail. null otherwise; else the figures, with the distinct sender addresses of `forged`.
 */
function programSpread(bySender: ProgramAddresses | null, forged: ReadonlyArray<[string, number]>, ctx: RuleContext): AddressFigures | null {
  if (bySender === null) return null;
  const entries = entriesOf(bySender, forged.map(([d]) => d));
  const to = countSketches(entries.map((e) => e.to));
  const recipients = entries.reduce((n, e) => n + e.recipients, 0);
  const enough = to.count >= ctx.threshold('localForgedMinAddresses') && to.count * 100 >= ctx.threshold('localForgedAddressPercent') * recipients;
  if (!enough) return null;
  // Addresses of different domains are different: the domains' counts add up.
  const as = entries.map((e) => countSketches([e.as]));
  return {
    recipients: to.count, recipientsAtLeast: to.atLeast, recipientsAbout: to.about,
    senders: as.reduce((n, x) => n + x.count, 0), sendersAtLeast: as.some((x) => x.atLeast), sendersAbout: as.some((x) => x.about),
  };
}

/** `a` and `b` are one domain, or one is a subdomain of the other ("news.shop-example.com", "shop-example.com"). */
function related(a: string, b: string): boolean {
  return atOrBelow(a, b) || atOrBelow(b, a);
}

function relatedToAny(d: string, domains: ReadonlySet<string>): boolean {
  if (domains.has(d)) return true;
  for (const x of domains) if (related(d, x)) return true;
  return false;
}

/** The numbers of one finding: relayers' messages, recipients, domains, time range. */
function summarize(relayers: Relayer[]): { allDomains: Map<string, number>; recipients: number; messages: number; first: number; last: number } {
  const allDomains = new Map<string, number>();
  let recipients = 0;
  let messages = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of relayers) {
    recipients += r.recipients;
    messages += r.row.unauthRelayed;
    for (const [d, n] of r.domains) allDomains.set(d, (allDomains.get(d) ?? 0) + n);
    first = Math.min(first, r.firstAt);
    last = Math.max(last, r.lastAt);
  }
  return { allDomains, recipients, messages, first, last };
}

type RelayWords = Parameters<FindingMessages['openRelay']>[0];

/**
 * Why clients that relayed to fewer than `minDomains` outside domains are in the finding (review 13, M6): how many, and
 * the sprayed domains they relayed to, with about how many different addresses of each and where their mail went
 * (relayed-domains.ts).
 */
function oneDomainEvidence(finding: Finding, group: Relayer[], relayed: Map<string, RelayedDomain>, minDomains: number): void {
  const few = group.filter((r) => r.domains.size < minDomains);
  if (few.length === 0) return;
  const sprayed = new Set<string>();
  for (const r of few) for (const d of r.domains.keys()) if (relayed.get(d)?.notOurs === true) sprayed.add(d);
  const domains = [...sprayed].sort();
  finding.evidence.oneDomainRelayers = few.length;
  // Identifiers and numbers only (evidence is not translated): "gmail.com (~714)", "gmail.com → gmail-smtp-in.l.google.com".
  finding.evidence.sprayedDomainAddresses = domains.map((d) => `${d} (~${relayed.get(d)!.addresses})`).join(', ');
  finding.evidence.sprayedDomainNextHops = domains.map((d) => `${d} → ${relayed.get(d)!.hosts.slice(0, 2).join(' ') || '-'}`).join(', ');
}

/**
 * One group's figures for its advice: messages relayed, outside recipient domains, the longest first-to-last span in
 * minutes, and the percentage of its relayed recipients not delivered; of each one's burst window instead of all of
 * its relayed mail when the burst is the worst hour of a longer run (a shop's order mail all day: the 400 messages
 * of 14:00, not the 460 of the day).
 */
function groupFigures(group: Array<{ r: Relayer; spam: OwnNetworkSpam }>): { messages: number; domains: number; minutes: number; notDelivered: number } {
  const domains = new Set<string>();
  let messages = 0;
  let relayed = 0;
  let notDelivered = 0;
  for (const { r, spam } of group) {
    const w = spam.window;
    if (w !== null) {
      messages += w.messages;
      for (const d of w.domains) domains.add(d);
      relayed += w.recipients;
      notDelivered += w.notDelivered;
      continue;
    }
    messages += r.row.unauthRelayed;
    for (const d of r.domains.keys()) domains.add(d);
    for (const n of r.row.unauthRelayDomains?.values() ?? []) relayed += n;
    notDelivered += r.row.unauthRelayNotDelivered;
  }
  return { messages, domains: domains.size, minutes: Math.max(...group.map((x) => x.spam.minutes)), notDelivered: percent(notDelivered, relayed) };
}

/** Client IPs or local programs: the subject's kind and the evidence's names for them. */
type RelayerKind = 'ips' | 'programs';

/** One finding on a group of relaying clients: their numbers, top domains and IPs, first relayed messages. */
function relayFinding(group: Relayer[], agg: Aggregate, ctx: RuleContext, severity: (recipients: number) => Severity,
  title: (w: RelayWords) => string, kind: RelayerKind = 'ips', examples?: Example[]): Finding {
  const sum = summarize(group);
  const at = timeText(agg);
  const m = ctx.messages;
  const topDomains = [...sum.allDomains].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
  const keys = group.map((r) => r.key);
  const top = group.slice(0, 10).map((r) => `${r.key} (${r.recipients})`).join(', ');
  const finding: Finding = {
    rule: 'open-relay',
    severity: severity(sum.recipients),
    title: title({
      ips: keys, messages: sum.messages, recipients: sum.recipients, domains: sum.allDomains.size,
      first: shortTime(at(sum.first), m.unknownTime), last: shortTime(at(sum.last), m.unknownTime),
    }),
    subject: { kind: kind === 'ips' ? 'ips' : 'localPrograms', value: m.someOf(keys, 3) },
    firstAt: at(sum.first),
    lastAt: at(sum.last),
    evidence: {
      ...(kind === 'ips' ? { relayingIps: group.length } : { localPrograms: group.length }),
      relayedMessages: sum.messages,
      relayedRecipients: sum.recipients,
      externalDomains: sum.allDomains.size,
      topDomains: topDomains.map(([d, n]) => `${d} (${n})`).join(', '),
      ...(kind === 'ips' ? { topIps: top } : { topLocalPrograms: top }),
    },
    examples: examples ?? pickExamples(group.slice(0, 5).map((r) => r.row.firstUnauthRelay)),
    impact: sum.recipients,
  };
  // Who is who in the Client IPs table (review Z, Z23): not of a note on the office's own newsletter (info).
  return kind === 'ips' && finding.severity !== 'info' ? markRoles(finding, 'relayed-without-login', keys) : finding;
}

/**
 * The evidence lines of own-network relaying: each host's first relayed message in its burst window, when the burst
 * is the worst hour of a longer run (the form's first phishing message of 14:00, not the shop's order mail of the
 * morning), else its first relayed message.
 */
function burstExamples(group: Array<{ r: Relayer; spam: OwnNetworkSpam }>): Example[] {
  return pickExamples(group.slice(0, 5).map(({ r, spam }) => spam.window?.example ?? r.row.firstUnauthRelay));
}

/** "127.0.0.1 (14:00–14:39: 400 messages, 189 domains)" for each burst that is the worst hour of a longer run. */
function burstWindowsEvidence(group: Array<{ r: Relayer; spam: OwnNetworkSpam }>, agg: Aggregate, unknown: string): string | null {
  const at = timeText(agg);
  const out = group.filter((x) => x.spam.window !== null).map(({ r, spam }) => {
    const w = spam.window!;
    return `${r.key} (${shortTime(at(w.firstAt), unknown)} – ${shortTime(at(w.lastAt), unknown)}: ${w.messages} messages, ${w.domains.size} domains)`;
  });
  return out.length > 0 ? out.join(', ') : null;
}

/**
 * The spam finding of own-network clients or local programs whose relayed mail shows spam signs (ownNetworkSpamOf):
 * a hacked web application or script.
 */
function spamFinding(spamming: Array<{ r: Relayer; spam: OwnNetworkSpam }>, agg: Aggregate, ctx: RuleContext, kind: RelayerKind): Finding {
  const m = ctx.messages;
  const group = spamming.map((x) => x.r);
  const forgedDomains = new Map<string, number>();
  let forgedMessages = 0;
  for (const { r, spam } of spamming) {
    forgedMessages += spam.forgedMessages;
    for (const d of spam.forgedDomains) forgedDomains.set(d, (forgedDomains.get(d) ?? 0) + (r.row.unauthRelaySenderDomains?.get(d) ?? 0));
  }
  // Critical: forged senders in a burst, or in phishing volume (as many as make an open relay critical).
  const both = spamming.some((x) => x.spam.forged && (x.spam.burst || x.spam.forgedMessages >= ctx.threshold('criticalRecipients')));
  const topForged = [...forgedDomains].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d);
  const figures = groupFigures(spamming);
  const notDelivered = spamming.some((x) => x.spam.undelivered) ? figures.notDelivered : null;
  const spamRefused = refusedFigures(spamming);
  const first = spamming[0]!.spam;
  const sprayed = sprayedFigures(spamming);
  const finding = relayFinding(group, agg, ctx, () => (both ? 'critical' : 'high'), (w) => {
    const words = {
      ...w, forgedMessages, forgedDomains: topForged.slice(0, 3), moreForgedDomains: Math.max(0, topForged.length - 3), minutes: first.minutes,
      burstMessages: first.window?.messages ?? null, notDelivered, spamRefused: spamRefused?.recipients ?? null, sprayed,
    };
    return kind === 'ips' ? m.findings.ownNetworkSpam(words) : m.findings.localProgramSpam({ ...words, programs: w.ips });
  }, kind, pickExamples([...burstExamples(spamming), ...spamming.map((x) => (x.spam.refused ? x.spam.spamRefusal : null))], 6));
  finding.evidence.forgedSenderMessages = forgedMessages;
  finding.evidence.distinctForgedSenderDomains = forgedDomains.size;
  finding.evidence.topForgedSenderDomains = topForged.slice(0, 8).join(', ');
  finding.evidence.hostSenderDomains = spamming.map((x) => `${x.r.key} (${x.spam.hostDomain || '-'})`).join(', ');
  finding.evidence.relayMinutes = spamming.map((x) => `${x.r.key} (${x.spam.minutes})`).join(', ');
  finding.evidence.relayNotDeliveredPercent = spamming.map((x) => `${x.r.key} (${x.spam.notDelivered})`).join(', ');
  if (spamRefused !== null) {
    // The recipients of each burst its receivers bounced as spam, and their share of the burst's recipients.
    // The hosts the sign counts, as the title's figures (refusedFigures): not a host below its thresholds (review 18 K2).
    const refusing = spamming.filter((x) => x.spam.refused);
    finding.evidence.spamRefusedRecipients = refusing.map((x) => `${x.r.key} (${x.spam.spamRefused})`).join(', ');
    finding.evidence.spamRefusedPercent = refusing.map((x) => `${x.r.key} (${x.spam.spamRefusedPercent})`).join(', ');
    finding.evidence.spamRefusalCode = spamRefused.code;
  }
  const windows = burstWindowsEvidence(spamming, agg, m.unknownTime);
  if (windows !== null) finding.evidence.burstWindows = windows;
  // A program's forged senders that count by its many different recipients (review 19, M2): how many, per program.
  const spraying = spamming.filter((x) => x.spam.sprayed !== null);
  if (spraying.length > 0) {
    const n = (c: number, atLeast: boolean, about = false): string => (atLeast ? `${c}+` : about ? `~${c}` : `${c}`);
    finding.evidence.outsideRecipientAddresses = spraying.map((x) => `${x.r.key} (${n(x.spam.sprayed!.recipients, x.spam.sprayed!.recipientsAtLeast, x.spam.sprayed!.recipientsAbout)})`).join(', ');
    finding.evidence.forgedSenderAddresses = spraying.map((x) => `${x.r.key} (${n(x.spam.sprayed!.senders, x.spam.sprayed!.sendersAtLeast, x.spam.sprayed!.sendersAbout)})`).join(', ');
  }
  finding.evidence.spamSigns = [...new Set(spamming.flatMap((x) => [
    ...(x.spam.forged ? ['forged-senders'] : []), ...(x.spam.sprayed !== null ? ['many-recipients'] : []), ...(x.spam.burst ? ['burst'] : []),
    ...(x.spam.undelivered ? ['not-delivered'] : []), ...(x.spam.refused ? ['refused-as-spam'] : []),
    ...(x.spam.strangerDomain !== '' ? ['sender-not-ours'] : []),
  ]))].join(', ');
  const window = first.window;
  const advice = {
    forgedDomains: topForged.slice(0, 3), ...figures, notDelivered, spamRefused, sprayed,
    burstFrom: window !== null ? shortTime(timeText(agg)(window.firstAt), m.unknownTime) : null,
    // A brand's domain is said to be one (brandNote), not "used by no host of yours outside the burst", which it may be.
    strangerDomains: [...new Set(spamming.map((x) => x.spam.strangerDomain).filter((d) => d !== '' && !spamming.some((y) => y.spam.brandDomains.includes(d))))],
    // A brand's domain is no hosted site's newsletter (review Q): that question is not asked of it.
    strangerOnly: spamming.every((x) => !x.spam.forged && !x.spam.undelivered && !x.spam.refused && x.spam.strangerDomain !== ''
      && !x.spam.brandDomains.includes(x.spam.strangerDomain)),
    brandDomains: topForged.filter((d) => spamming.some((x) => x.spam.brandDomains.includes(d))).slice(0, 3),
  };
  finding.fix = kind === 'ips'
    ? m.advice.ownNetworkSpam({ ips: group.map((r) => r.key), ...advice })
    : m.advice.localProgramSpam({ programs: group.map((r) => r.program!), ...advice });
  return finding;
}

/**
 * The distinct outside recipient and forged sender addresses of the programs whose forged senders count by their many
 * recipients (OwnNetworkSpam.sprayed): one program's figures, or of several their sketches together (two uids of one
 * site writing to the same list count its addresses once; review S, S8); null when none does.
 */
function sprayedFigures(group: Array<{ r: Relayer; spam: OwnNetworkSpam }>): AddressFigures | null {
  const spraying = group.filter((x) => x.spam.sprayed !== null);
  if (spraying.length === 0) return null;
  if (spraying.length === 1) return spraying[0]!.spam.sprayed;
  // The forged domains a spread counted are forgedDomains (ownNetworkSpamOf).
  const entries = spraying.flatMap((x) => entriesOf(x.r.addresses!, x.spam.forgedDomains));
  const to = countSketches(entries.map((e) => e.to));
  const as = countSketches(entries.map((e) => e.as));
  return {
    recipients: to.count, recipientsAtLeast: to.atLeast, recipientsAbout: to.about,
    senders: as.count, sendersAtLeast: as.atLeast, sendersAbout: as.about,
  };
}

/**
 * The receivers' spam refusals of the bursts that show that sign (OwnNetworkSpam.refused): the recipients, their
 * percentage of those bursts' recipients, and the code of the first refusal line ("550-5.7.1"); null when none does.
 */
function refusedFigures(group: Array<{ r: Relayer; spam: OwnNetworkSpam }>): { recipients: number; percent: number; code: string } | null {
  const refused = group.filter((x) => x.spam.refused);
  if (refused.length === 0) return null;
  const recipients = refused.reduce((n, x) => n + x.spam.spamRefused, 0);
  const of = refused.reduce((n, x) => n + (x.spam.window?.recipients ?? sumCounts(x.r.row.unauthRelayDomains)), 0);
  const line = pickExamples(refused.map((x) => x.spam.spamRefusal), 1)[0];
  return { recipients, percent: percent(recipients, of), code: line !== undefined ? refusalCode(answerOf(line.text)) : '' };
}

/** The low note on own-network clients or local programs that sent a burst with no spam sign: bulk mail, a newsletter by the look of it. */
function bulkFinding(bulk: Array<{ r: Relayer; spam: OwnNetworkSpam }>, agg: Aggregate, ctx: RuleContext, kind: RelayerKind): Finding {
  const m = ctx.messages;
  const figures = groupFigures(bulk);
  const senderDomains = new Map<string, number>();
  for (const { r } of bulk) for (const [d, n] of r.row.unauthRelaySenderDomains ?? []) if (d !== '<>') senderDomains.set(d, (senderDomains.get(d) ?? 0) + n);
  const topSenders = [...senderDomains].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d).slice(0, 3);
  const burstMessages = bulk[0]!.spam.window?.messages ?? null;
  const finding = relayFinding(bulk.map((x) => x.r), agg, ctx, () => 'low', (w) => {
    const words = { ...w, minutes: figures.minutes, burstMessages, senderDomains: topSenders, notDelivered: figures.notDelivered };
    return kind === 'ips' ? m.findings.ownNetworkBulk(words) : m.findings.localProgramBulk({ ...words, programs: w.ips });
  }, kind, burstExamples(bulk));
  finding.evidence.hostSenderDomains = bulk.map((x) => `${x.r.key} (${x.spam.hostDomain || '-'})`).join(', ');
  const forgedMessages = bulk.reduce((n, x) => n + x.spam.forgedMessages, 0);
  finding.evidence.forgedSenderMessages = forgedMessages;
  finding.evidence.relayMinutes = bulk.map((x) => `${x.r.key} (${x.spam.minutes})`).join(', ');
  finding.evidence.relayNotDeliveredPercent = bulk.map((x) => `${x.r.key} (${x.spam.notDelivered})`).join(', ');
  const windows = burstWindowsEvidence(bulk, agg, m.unknownTime);
  if (windows !== null) finding.evidence.burstWindows = windows;
  const advice = { senderDomains: topSenders, forgedMessages, ...figures };
  finding.fix = kind === 'ips'
    ? m.advice.ownNetworkBulk({ ips: bulk.map((x) => x.r.key), ...advice })
    : m.advice.localProgramBulk({ programs: bulk.map((x) => x.r.program!), ...advice });
  return finding;
}

/** Own-network clients or local programs, each with its spam signs (null: none), split into spam, bulk mail and the rest. */
function classify(relayers: Relayer[], where: (r: Relayer) => RelayerPlace, own: Set<string>, ctx: RuleContext, everyday: ReadonlySet<string>,
  incoming: IncomingBrandMail): {
  spamming: Array<{ r: Relayer; spam: OwnNetworkSpam }>; bulk: Array<{ r: Relayer; spam: OwnNetworkSpam }>; plain: Relayer[];
} {
  const spamming: Array<{ r: Relayer; spam: OwnNetworkSpam }> = [];
  const bulk: Array<{ r: Relayer; spam: OwnNetworkSpam }> = [];
  const plain: Relayer[] = [];
  for (const r of relayers) {
    const spam = ownNetworkSpamOf(r, where(r), own, ctx, everyday, incoming);
    if (spam === null) plain.push(r);
    else if (spam.spam) spamming.push({ r, spam });
    else bulk.push({ r, spam });
  }
  return { spamming, bulk, plain };
}

/** Who relayed without a login, and how (assessRelaying): open relay clients, own-network hosts, local programs. */
interface Relaying {
  own: Set<string>;
  relayed: Map<string, RelayedDomain>;
  minDomains: number;
  /** Clients of the Internet: an open relay (own hosts by name among them when their mail shows spam signs). */
  outside: Relayer[];
  /**
   * Clients of the Internet Postfix names inside the site's own domains (own-host-name.ts; review AO, AO3: a CRM on a
   * public IP in mynetworks), by IP; `trusted`: those of them whose mail shows no spam sign, the note's.
   */
  named: Map<string, OwnHostName>;
  trusted: Relayer[];
  /** Hosts of the site's own networks and programs on this host (pickup uid=), by their spam signs. */
  ips: ReturnType<typeof classify>;
  local: ReturnType<typeof classify>;
}

/** The relaying the open-relay rule reports, and the queue rules clean up after (relaySpamSources); null: none. */
function assessRelaying(agg: Aggregate, ctx: RuleContext): Relaying | null {
  const own = ownDomains(agg);
  const relayed = relayedDomains(agg, own);
  const notOurs = new Set([...relayed.values()].filter((r) => r.notOurs).map((r) => r.domain));
  // The domains this server relays for (a backup MX's relay_domains) are no outside domains for a client: senders
  // writing to both of a backup MX's domains in one message made it a critical open relay (review 15, F4).
  const relayedFor = [...relayed.values()].filter((r) => r.relayedFor).map((r) => r.domain);
  const ownOrRelayedFor = relayedFor.length === 0 ? own : new Set([...own, ...relayedFor]);
  const minDomains = ctx.threshold('open-relay.minExternalDomains');
  const relayers = findRelayers(agg, ownOrRelayedFor, minDomains, ctx, notOurs);
  const programs = findLocalPrograms(agg, own, minDomains);
  if (relayers.length === 0 && programs.length === 0) return null;
  // Only clients of the Internet make an open relay; the site's own networks (RFC 1918, loopback, link-local,
  // ULA) relaying without a login are what permit_mynetworks is for (review 10, H3: an office smarthost and a
  // localhost injector were called a critical open relay).
  const internet = relayers.filter((r) => ownNetworkClass(r.key) === null);
  const everyday = everydaySenderDomains(agg, own, ctx);
  // The brands' mail that came in, read only when a relayer sent as a brand (resentBrands).
  const incoming = incomingBrandMail(agg);
  // A client of the Internet named inside our own domains is our own host, trusted by mynetworks or an access map
  // (review AO, AO3: "client=app1.example.org[198.51.100.80]", a CRM's newsletters). Read like a host of the site's
  // network ('lan'): forged senders, or a burst not delivered or refused as spam, keep it in the open relay (its
  // mail to queue-delete.txt); else a note, whatever its volume.
  const named = namedOwnHosts(agg, own, internet);
  const trusted: Relayer[] = [];
  const outside: Relayer[] = [];
  for (const r of internet) {
    if (named.has(r.key) && ownNetworkSpamOf(r, 'lan', own, ctx, everyday, incoming)?.spam !== true) trusted.push(r);
    else outside.push(r);
  }
  // An own host whose relayed mail shows spam signs is a hacked web application, not a smarthost (review 11, H5);
  // one that sent a burst of mail that arrived is sending bulk mail, a newsletter by the look of it (review 12, H5).
  const ips = classify(relayers.filter((r) => ownNetworkClass(r.key) !== null), (r) => (ownNetworkClass(r.key) === 'loopback' ? 'loopback' : 'lan'),
    own, ctx, everyday, incoming);
  // The same for the programs on this host that submit through sendmail (review 13, H5: a hacked form calling PHP's
  // mail()). Their other relaying is what a server does (contact forms, cron reports): no note.
  const local = classify(programs, () => 'program', own, ctx, everyday, incoming);
  return { own, relayed, minDomains, outside, named, trusted, ips, local };
}

/**
 * The client IPs besides `relayers` (and --allow-ips) that smtpd refused with "Relay access denied" (per IP
 * relayDenied, as relay-probing counts them: "NOQUEUE: reject: RCPT from unknown[…]: 454 4.7.1 <x@gmail.com>: Relay
 * access denied"), and their refusals (review AO, AO3). Any: the server does not relay for everyone.
 */
function relayDeniedToOthers(agg: Aggregate, relayers: readonly Relayer[], ctx: RuleContext): { clients: number; refusals: number } {
  const relaying = new Set(relayers.map((r) => r.key));
  let clients = 0;
  let refusals = 0;
  for (const [ip, r] of agg.byClientIp) {
    if (r.relayDenied === 0 || relaying.has(ip) || ctx.allowIps.has(ip)) continue;
    clients++;
    refusals += r.relayDenied;
  }
  return { clients, refusals };
}

/** The relaying clients of the Internet that Postfix names inside our own domains (own-host-name.ts), by IP. */
function namedOwnHosts(agg: Aggregate, own: ReadonlySet<string>, internet: readonly Relayer[]): Map<string, OwnHostName> {
  const out = new Map<string, OwnHostName>();
  if (internet.length === 0) return out;
  const parents = ownParentDomains(agg);
  for (const r of internet) {
    const host = ownHostName(r.key, agg.byClientIp.get(r.key)?.name, own, parents);
    if (host !== null) out.set(r.key, host);
  }
  return out;
}

/** "198.51.100.80 (app1.example.org in example.org)" for each of `group` named inside our own domains; '' when none is. */
function ownHostNamesEvidence(group: readonly Relayer[], named: ReadonlyMap<string, OwnHostName>): string {
  return group.filter((r) => named.has(r.key)).map((r) => `${r.key} (${named.get(r.key)!.name} in ${named.get(r.key)!.domain})`).join(', ');
}

/**
 * What of a relaying source's mail is its spam: everything (an open relay's client of the Internet, or a burst that
 * is all of a host's relaying), the mail sent as its forged sender domains, and the mail within its burst window.
 */
export interface RelaySpamSource {
  all: boolean;
  /** Sender domains neither ours nor the source's own (OwnNetworkSpam.forgedDomains, a burst's stranger domain too). */
  forgedDomains: ReadonlySet<string>;
  /** Brands' domains it resends as mail that came in from them (OwnNetworkSpam.resentDomains): never its spam. */
  resentDomains: ReadonlySet<string>;
  /** The burst inside a longer run of relaying, first to last message; null when none (or when it is `all`). */
  window: { from: number; to: number } | null;
}

/**
 * The sources of relayed spam, for the queue rules (queue-cleanup, queue-deleted): the open relay's clients of the
 * Internet by IP, and the own-network hosts (by IP) and local programs (by "host uid=N") reported as spam, not those
 * whose mail is bulk mail or a note (review 16: a phishing form's 72 messages still queued had no delete list).
 */
export function relaySpamSources(agg: Aggregate, ctx: RuleContext): { ips: Map<string, RelaySpamSource>; programs: Map<string, RelaySpamSource> } {
  const ips = new Map<string, RelaySpamSource>();
  const programs = new Map<string, RelaySpamSource>();
  // Asked by another rule: this rule's thresholds by their short names, as its own code reads them.
  const asOpenRelay: RuleContext = { ...ctx, threshold: (name) => ctx.threshold(name.includes('.') ? name : `open-relay.${name}`) };
  const relaying = assessRelaying(agg, asOpenRelay);
  if (relaying === null) return { ips, programs };
  for (const r of relaying.outside) ips.set(r.key, { all: true, forgedDomains: NO_DOMAINS, resentDomains: NO_DOMAINS, window: null });
  const sourceOf = (spam: OwnNetworkSpam): RelaySpamSource => ({
    all: spam.burst && spam.window === null,
    forgedDomains: new Set(spam.forgedDomains),
    resentDomains: spam.resentDomains.length > 0 ? new Set(spam.resentDomains) : NO_DOMAINS,
    window: spam.burst && spam.window !== null ? { from: spam.window.firstAt, to: spam.window.lastAt } : null,
  });
  for (const { r, spam } of relaying.ips.spamming) ips.set(r.key, sourceOf(spam));
  for (const { r, spam } of relaying.local.spamming) programs.set(r.key, sourceOf(spam));
  return { ips, programs };
}

export const openRelay: Rule = {
  id: 'open-relay',
  title: 'Open relay: mail relayed for clients that did not log in',
  thresholds: {
    /**
     * Distinct external recipient domains one unauthenticated client (or local program) had relayed. At 2, a backup
     * MX or a filtering gateway that relays inbound mail for a single domain stays quiet. A client of the Internet that
     * relayed to fewer counts when one of its domains was sprayed without a backup MX's shape (relayed-domains.ts).
     */
    minExternalDomains: 2,
    /** Critical from this many relayed recipients (all clients). */
    criticalRecipients: 100,
    /**
     * Spam signs of an own-network client or a local program (ownNetworkSpamOf): distinct sender domains besides ours
     * and its main one, and the messages sent as them (compromised-account.minForgedMessages is 10 too).
     */
    ownSpamForgedDomains: 3,
    ownSpamForgedMessages: 10,
    /**
     * Forged senders of a local program (pickup uid=) count only when its mail went to at least this many outside
     * domains: a Sieve redirect resends mail as its original senders, to the few outside mailboxes users forward to.
     */
    localForgedMinDomains: 20,
    /**
     * Or when its messages as those forged domains went to at least this many distinct outside addresses, at least
     * localForgedAddressPercent as many as those messages' recipients (a copy to a message's own sender left out):
     * each address written to about once, as a phishing form writes to a harvested list (review 19, M2: 397 messages
     * to 799 addresses of 10 free-mail domains, 100%), where a redirect writes to the same few mailboxes many times
     * (150 users' mailboxes for 600 messages: 25%) and a list script to the same subscribers (review Q, Q3: 300 for
     * 6,000, 5%). 100, as criticalRecipients. Counted in per-sender-domain sketches (aggregate/address-set.ts): exact
     * to 1,024 addresses a domain, estimated past that, never replaced by another measure (past 64 sender domains a program's
     * rarer-hashed ones share one entry).
     */
    localForgedMinAddresses: 100,
    localForgedAddressPercent: 50,
    /**
     * There, a sender domain the program sent as through at most this many addresses, in at least
     * localOwnSenderMessages messages, is no forged one: a site's own (review Q, Q1: one www-data sending order mail
     * for four shops as orders@ of each shop's domain, 35 to 90 messages each, mailboxes hosted elsewhere), or the real
     * sender of mail a redirect resends; a phishing form rotates its senders (review 19: 30 addresses a brand in 80
     * messages). The log cannot tell a form sending as one fixed security@mufg.jp from a shop's orders@.
     */
    localOwnSenderAddresses: 3,
    localOwnSenderMessages: 10,
    /**
     * A program's most used sender domain is its own (ownSpamForgedDomains), unless it sent as it through at least
     * this many addresses (review Q, Q6: a form's favourite brand, 50 addresses), where a site's own domain has a few
     * senders (a shop's orders@, noreply@, wordpress@; localOwnSenderAddresses). Not a share of its messages, which a
     * form rotating a fixed pool of senders lowers the longer it sends (review S, S1).
     */
    localRotatingSenders: 10,
    /**
     * A well-known brand's domain a program or a loopback client sent as is no forged one when it resends mail that came
     * in as it (resentBrands; review T, F1: a Sieve redirect keeps the original sender): at most this many of its
     * messages as that domain per recipient of the brand's mail from outside delivered here (a user may redirect to
     * two addresses; a log may start between a message and its redirect), and at least resentSenderPercent of its
     * sender addresses of that domain among those the mail came in from. A phishing form sends as a brand that sent
     * little or nothing in (a bank's customer receiving 2 real notices beside 400 forged ones), or as another address.
     */
    resentPerIncoming: 2,
    resentSenderPercent: 90,
    /** A burst: this many outside recipient domains within this many minutes (first to last relayed message). */
    ownSpamBurstDomains: 30,
    ownSpamBurstMinutes: 60,
    /**
     * A burst inside a longer run of relaying (relay-window.ts: the worst 60 minutes, six ten-minute slots, with
     * ownSpamBurstDomains outside domains) counts when it holds at least this many times the relayed recipients of
     * the host's average active hour outside it: a shop's order mail all day and 400 phishing messages at 14:00
     * (review 13 H5), not an office smarthost's busiest hour.
     */
    ownSpamBurstRatio: 5,
    /**
     * A burst is spam when at least this percentage of its relayed recipients were not delivered (bounced, expired or
     * still deferred at the end of the log); below it, bulk mail such as a newsletter (review 12, H5: 2% bounced). Not
     * 10%: a Mailman post to 3,000 subscribers, 3% of them dead and Yahoo's TSS04 throttle holding a share of the rest
     * in the queue, was 11.8%, and an old list with 11% dead addresses 11.4% (review 17, I1).
     */
    ownSpamNotDeliveredPercent: 20,
    /**
     * A burst is spam, at half the share not delivered (ownSpamRefusedNotDeliveredPercent), when its receivers bounced
     * at least this many of its recipients, and this percentage of them, with a verdict that the mail is spam
     * (refusal-kinds.ts isSpamVerdict: Gmail's "550-5.7.1 … likely unsolicited mail", rspamd's "Spam message rejected";
     * a throttle such as Yahoo's TSS04, a verdict on our reputation only, an unknown user or a block list is none). 10, as receivers-refusing.minRefusals: fewer is one receiver's stray
     * verdict. 3%: a list its readers asked for is hardly ever refused as spam outright (Gmail asks bulk senders to
     * keep even the readers' own spam reports under 0.3%, and refuses mail above it); a hacked contact form's burst to a
     * harvested list had 6% refused so (review 18, from 13% not delivered).
     */
    ownSpamRefusedRecipients: 10,
    ownSpamRefusedPercent: 3,
    /**
     * With those spam verdicts, the share of the burst not delivered that makes it spam, instead of
     * ownSpamNotDeliveredPercent: a hacked form's harvested list has dead addresses too (review 18: 10.6% to 16.5%),
     * a newsletter to its opted-in customers few (review 18, M H4: 4.7%, with Gmail refusing 3.7% of it as "likely
     * unsolicited" for a domain's new reputation, which warming the domain up cures).
     */
    ownSpamRefusedNotDeliveredPercent: 10,
  },
  why: 'The server accepted mail from clients that never logged in and sent it on to other people\'s domains. Anyone who '
    + 'finds such a server (bots scan for them within hours) sends spam through it with your IP: it lands on block lists '
    + '(Spamhaus, Microsoft, Gmail), and your own users\' mail is refused. Postfix relays without a login only for '
    + '`mynetworks` and `relay_domains`, so a client IP is trusted too much, or a restriction list permits too early. '
    + 'Clients on loopback and private addresses (an office behind a smarthost, a web application on localhost) cannot '
    + 'be reached from the Internet: their relaying is the usual `permit_mynetworks` set-up, reported as a note to check. '
    + 'Programs on this server that send through `sendmail` (PHP\'s mail(), a list manager, cron) need no login either; '
    + 'their mail is reported only when it shows spam signs or is bulk mail.',
  fix: openRelayFix(null),
  detect(agg, ctx) {
    const relaying = assessRelaying(agg, ctx);
    if (relaying === null) return [];
    const { own, relayed, minDomains, outside, named, trusted, ips, local } = relaying;
    const keep = relayingOwnNetworks(agg, own, ctx, new Set(trusted.map((r) => r.key)));
    const m = ctx.messages;
    const findings: Finding[] = [];
    if (outside.length > 0) {
      // Other clients refused "Relay access denied" (review AO, AO3): relaying is restricted, these are let through.
      const denied = relayDeniedToOthers(agg, outside, ctx);
      const restricted = denied.clients > 0;
      const finding = relayFinding(outside, agg, ctx, (recipients) => (recipients >= ctx.threshold('criticalRecipients')
        || outside.length >= 5 ? 'critical' : 'high'), (w) => m.findings.openRelay({ ...w, ...(restricted ? { restricted } : {}) }));
      oneDomainEvidence(finding, outside, relayed, minDomains);
      // Own hosts by name whose mail shows spam signs stay here (review AO, AO3): say which they are.
      const namedSpamming = ownHostNamesEvidence(outside, named);
      if (namedSpamming !== '') finding.evidence.ownHostNames = namedSpamming;
      if (restricted) {
        finding.evidence.relayDeniedOtherClientIps = denied.clients;
        finding.evidence.relayDeniedOtherClientRefusals = denied.refusals;
      }
      // The general mynetworks line would drop the site's own networks that relay here normally: keep them.
      if (keep.fromLog.length > 0) finding.evidence.mynetworks = keep.mynetworks.join(' ');
      if (keep.fromLog.length > 0 || restricted) {
        finding.fix = m.advice.openRelay({
          ...keep, ...(restricted ? { restricted: { ips: outside.map((r) => r.key), clients: denied.clients, refusals: denied.refusals } } : {}),
        });
      }
      findings.push(finding);
    }
    if (ips.spamming.length > 0) findings.push(spamFinding(ips.spamming, agg, ctx, 'ips'));
    if (local.spamming.length > 0) findings.push(spamFinding(local.spamming, agg, ctx, 'programs'));
    if (ips.bulk.length > 0) findings.push(bulkFinding(ips.bulk, agg, ctx, 'ips'));
    if (local.bulk.length > 0) findings.push(bulkFinding(local.bulk, agg, ctx, 'programs'));
    if (trusted.length > 0) {
      const hosts = trusted.map((r) => `${r.key} (${named.get(r.key)!.name})`);
      const note = relayFinding(trusted, agg, ctx, () => 'info', (w) => m.findings.trustedHostRelay({
        ...w, names: trusted.map((r) => named.get(r.key)!.name), ownDomains: [...new Set(trusted.map((r) => named.get(r.key)!.domain))].sort(),
      }));
      note.evidence.ownHostNames = ownHostNamesEvidence(trusted, named);
      note.evidence.mynetworks = keep.mynetworks.join(' ');
      note.fix = m.advice.trustedHostRelay({ ...keep, hosts });
      findings.push(note);
    }
    if (ips.plain.length > 0) {
      const note = relayFinding(ips.plain, agg, ctx, () => 'info', m.findings.ownNetworkRelay);
      note.evidence.mynetworks = keep.mynetworks.join(' ');
      note.fix = m.advice.ownNetworkRelay(keep);
      findings.push(note);
    }
    return findings;
  },
};
