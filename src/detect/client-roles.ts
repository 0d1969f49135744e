// What each client IP did according to the findings (review Z, Z23): the IP that guessed the password, the IPs that
// sent as the compromised account, the guessers, the owner's own client. A rule says it of the IPs it decided on, as
// it makes its finding (markRoles); the report reads it back for the rows of its client IP tables (rolesOf, called by
// report/build.ts), so the Client IPs table names who is who from the findings' own sets, never guessed from counts.
//
// Kept beside the finding (a WeakMap, as compromised-account.ts keeps its assessment), not in it: the sets can be a
// botnet's thousands of IPs, and report.json carries the roles on its client IP rows instead.

import type { Finding } from '../types.js';

/**
 * The roles, in the order a row lists them (most telling first): first those the findings give, then those the row's
 * own counts give (report/client-row-roles.ts, review Z: a row without a finding's role read blank, an inbound mail
 * server's as much as an attacker's), which never take a finding's place. report.json's contract
 * (ClientIpRow.roles): add to it, never rename.
 */
export const CLIENT_ROLES = [
  /** Logged in with a password it had been guessing (compromised-account's guess, sasl-bruteforce's IPs that got in, mailbox-breach). */
  'guessed-password',
  /** Sent as a compromised account since the guess (compromised-account: the IPs of compromised-ips.txt that sent). */
  'sent-as-compromised',
  /** Opened a compromised mailbox over IMAP/POP3 since the guess (compromised-account, mailbox-breach). */
  'opened-compromised-mailbox',
  /** Relayed mail to outside domains without logging in (open-relay). */
  'relayed-without-login',
  /** Among the password guessers (sasl-bruteforce: blocklist-ips.txt). */
  'password-guessing',
  /**
   * Among the password guessers, with IMAP/POP3 failures only (sasl-bruteforce: blocklist-ips.txt): Dovecot logs no
   * connection of theirs, so their rows rank low by activity, and report/build.ts keeps them in the Client IPs table.
   */
  'mailbox-password-guessing',
  /** Probed for open relaying ("Relay access denied": relay-probing). */
  'relay-probing',
  /** Sent or read the compromised account's mail before the guess: its owner's own client (compromised-account). */
  'owner-client',
  // From here on, the row's own counts (report/client-row-roles.ts), after every finding's role.
  /** Logged in to a mailbox over IMAP/POP3 (Dovecot "Login:" lines), where no finding says it opened a compromised one. */
  'mailbox-login',
  /** Delivered mail for our domains without logging in: another server's outbound mail to us (an inbound MX's client). */
  'inbound-mx',
  /** Had mail accepted without a login through submission or smtps (not port 25): no mail server delivering to us. */
  'submitted-without-login',
  /** Had mail accepted without a login where the log cannot tell port 25 from submission (no syslog_name). */
  'sent-without-login',
] as const;

export type ClientRole = (typeof CLIENT_ROLES)[number];

/**
 * The roles whose IPs report/build.ts keeps in the Client IPs table below its --top cut (a few), so that the reader of
 * the finding that names one finds its row: an IP that got in with a guessed password or opened a compromised mailbox
 * (one IMAP login ranks it among the least active), and the IMAP/POP3-only guessers, which Dovecot's lines give no
 * connection count to rank by. Not those whose own counts rank them anyway (the senders as a compromised account,
 * the relayers: their mail), nor the guessers and probers of an SMTP attack (a botnet's 200,000: their connections).
 */
export const KEPT_ROLES: readonly ClientRole[] = ['guessed-password', 'opened-compromised-mailbox', 'mailbox-password-guessing'];

/** Per finding, per role, the lists of IPs its rule gave (the rule's own arrays, not copied: a botnet's 200,000 guessers). */
const marked = new WeakMap<Finding, Map<ClientRole, Array<readonly string[]>>>();

/** Records that the finding's rule found `ips` in `role`; returns the finding. Several calls add up. */
export function markRoles(f: Finding, role: ClientRole, ips: readonly string[]): Finding {
  let roles = marked.get(f);
  if (roles === undefined) { roles = new Map(); marked.set(f, roles); }
  const lists = roles.get(role);
  if (lists === undefined) roles.set(role, [ips]);
  else lists.push(ips);
  return f;
}

/**
 * The roles the findings gave each of `ips` (the rows of the report's client tables: a few dozen of a botnet's
 * hundreds of thousands, so nothing is built per IP of the findings' lists), in CLIENT_ROLES order whatever the order
 * of the findings and of the calls: the same for any --jobs. An IP with no role is not in the map.
 */
export function rolesOf(findings: readonly Finding[], ips: Iterable<string>): Map<string, ClientRole[]> {
  const wanted = new Map<string, Set<ClientRole>>();
  for (const ip of ips) wanted.set(ip, new Set());
  for (const f of findings) {
    for (const [role, lists] of marked.get(f) ?? []) {
      for (const list of lists) for (const ip of list) wanted.get(ip)?.add(role);
    }
  }
  const out = new Map<string, ClientRole[]>();
  for (const [ip, s] of wanted) if (s.size > 0) out.set(ip, CLIENT_ROLES.filter((r) => s.has(r)));
  return out;
}

/**
 * Calls `each` for every IP the findings name in one of `roles`, with that role (an IP named in several is called once
 * per naming): the whole lists, a botnet's too, without a copy of them.
 */
export function forEachInRoles(findings: readonly Finding[], roles: readonly ClientRole[], each: (ip: string, role: ClientRole) => void): void {
  for (const f of findings) {
    for (const [role, lists] of marked.get(f) ?? []) {
      if (!roles.includes(role)) continue;
      for (const list of lists) for (const ip of list) each(ip, role);
    }
  }
}
