// A mailbox password guessed over IMAP/POP3: a client that failed to log in with other people's names (a password
// guesser) then logged in to a mailbox. The attacker can read every message in it; nothing was sent, so
// compromised-account (which reads sent mail) never sees it. Lines, in this order, from one IP:
//   "dovecot: auth: passwd-file(admin,203.0.113.9,<…>): unknown user"
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<admin>, method=PLAIN, rip=203.0.113.9, …"
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=203.0.113.9, lip=127.0.0.1, mpid=30001, session=<…>"
//
// Not a breach: a user's own client that fails a few times (a typo, an old password) and then logs in. A guesser
// tries names that never log in from its IP; a user's client tries its own name, which does. Nor the login of a
// user's own device whose address keeps changing (a phone behind carrier NAT, roaming-clients.ts, review 12 H2),
// once she gives it the new password: its addresses tried only her name, fewer than minFailuresOneName times each,
// in the network she had logged in from before, one new address every few minutes, while no wide attack went for
// her name (review 13 H4: a guesser in her /8 with 150 failures an address, or a wide attack's bot there, is reported).

import { userCountsOf } from '../../aggregate/user-counts.js';
import { attackedNames, ipFailures, namesLoggedInByIp } from '../attacked-names.js';
import type { AttackedNames } from '../attacked-names.js';
import { loggedInFromNetworkBefore, roamingClients } from '../roaming-clients.js';
import type { RoamingClient } from '../roaming-clients.js';
import { isThisHost, loggedInBeforeFailing, mailboxLoginsByIp, typoThenPolling } from './stale-password.js';
import { loginFailuresUpTo } from '../../aggregate/timeline.js';
import { loginProtocols, loginProtocolsText } from '../../aggregate/mailbox-logins.js';
import type { Aggregate, Finding, MailboxLoginRow } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import { commented, fmt, pickExamples, shellArg, shortTime, timeText } from '../util.js';
import type { MailboxBreachAdvice } from '../../i18n/index.js';
import { markRoles } from '../client-roles.js';

/** One attacking IP's way into one mailbox. */
export interface Intrusion {
  ip: string;
  row: MailboxLoginRow;
  /** The failed logins of the IP, counted as sasl-bruteforce counts them (its topAttackingIps and failedLoginsFromAttackingIps). */
  failures: number;
  /** Of them, tries of this mailbox's name (login-process and Postfix lines: ClientIpStats.authUsersTried). */
  failuresForName: number;
  namesTried: number;
  /** Names tried that never logged in from the IP. */
  foreignNames: number;
  /** Every failure of the IP came before its first login to the mailbox. */
  allFailuresBefore: boolean;
  /** Why the IP counts as an attacker: other people's names, many failures for one name, or one IP of a wider attack. */
  how: 'names' | 'many' | 'attack';
}

// sasl-bruteforce counts an IP's failures this way too (its topAttackingIps).
export { ipFailures };

/** Successful logins by IPs of a password-guessing attack, per account: earliest first. */
export function findIntrusions(agg: Aggregate, ctx: RuleContext): Map<string, Intrusion[]> {
  const minFailures = ctx.threshold('sasl-bruteforce.perIpFailures');
  const minNames = ctx.threshold('minNamesTried');
  const manyFailures = ctx.threshold('minFailuresOneName');
  const minNamesInAttack = ctx.threshold('minNamesTriedInAttack');
  const loggedIn = namesLoggedInByIp(agg);
  const succeeded = (ip: string, name: string): boolean => loggedIn.get(ip)?.has(name) ?? false;
  // The attack as a whole (for an IP that failed only a few times) is sized over the IPs that tried names never
  // logged in from them; worked out once some IP both failed and logged in to a mailbox.
  let attack: AttackedNames | undefined;
  // The users' own devices that change address: worked out once, when some IP both failed and logged in.
  let roaming: Map<string, RoamingClient> | undefined;
  const mailboxByIp = mailboxLoginsByIp(agg);
  const out = new Map<string, Intrusion[]>();
  for (const [user, byIp] of agg.mailboxLogins) {
    if (ctx.allowUsers.has(user)) continue;
    for (const [ip, row] of byIp) {
      const r = agg.byClientIp.get(ip);
      if (r === undefined || ctx.allowIps.has(ip)) continue;
      const failures = ipFailures(r);
      // The IP failed before it logged in as the user: a client the user had logged in from before is theirs.
      if (failures === 0 || row.firstAt < r.firstLoginFailureAt) continue;
      // An address of the user's own device that changes address (one name, her network, minutes apart): no guesser.
      if ((roaming ??= roamingClients(agg, ctx)).has(ip)) continue;
      const names = userCountsOf(r.authUsersTried);
      let foreign = 0;
      for (const name of names.keys()) if (!succeeded(ip, name)) foreign++;
      // A client shared by several users (an office, a webmail) is no guesser of one name.
      const otherUsers = [...(loggedIn.get(ip) ?? [])].some((u) => u !== user);
      // A guesser's failures come first, its login after them: an IP that had logged in (as anyone, over SMTP AUTH
      // or IMAP/POP3) before its first failure is a client with an old password (stale-password.ts), unless it
      // tried other people's names.
      const loggedInBefore = loggedInBeforeFailing(r, mailboxByIp.get(ip));
      const forName = names.get(user) ?? 0;
      const oneOfAttack = (): boolean => {
        attack ??= attackedNames(agg, ctx, loggedIn, roaming ?? roamingClients(agg, ctx));
        return attack.wide && (foreign >= minNamesInAttack || (forName > 0 && !otherUsers && !loggedInBefore && attack.isAttacked(user)
          // A typo of the user's own client, which then kept polling (stale-password.ts typoThenPolling, review 17, I4).
          && !(names.size === 1 && typoThenPolling(failures, row, loggedInFromNetworkBefore(agg, ctx, user, ip, r.firstLoginFailureAt), agg.lastAt))));
      };
      const how: Intrusion['how'] | null = failures >= minFailures && foreign >= minNames ? 'names'
        : failures >= manyFailures && !otherUsers && !loggedInBefore ? 'many'
          : oneOfAttack() ? 'attack' : null;
      if (how === null) continue;
      const list = out.get(user) ?? [];
      list.push({
        ip, row, failures, failuresForName: forName, namesTried: names.size, foreignNames: foreign,
        // lastAt: the IP's last line, which a mailbox login does not make (events.ts): after its last failure.
        allFailuresBefore: r.lastAt <= row.firstAt, how,
      });
      out.set(user, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.row.firstAt - b.row.firstAt || (a.ip < b.ip ? -1 : 1));
  return out;
}

/** The owner's own clients: the other IPs that logged in to the mailbox (they need the new password). */
function ownerIps(agg: Aggregate, user: string, intruders: ReadonlySet<string>): string[] {
  return [...(agg.mailboxLogins.get(user)?.keys() ?? [])].filter((ip) => !intruders.has(ip)).sort();
}

/** What to do about a mailbox opened by a password guesser; `null`: the general text (rules[].fix). */
export function mailboxBreachFix(p: MailboxBreachAdvice | null): string {
  const user = p === null ? '<user>' : shellArg(p.user);
  return [
    'Set a new strong password for the account now (Dovecot passwd-file shown; use your user database), then throw '
      + 'the attacker out: Dovecot\'s auth cache may still accept the old password until it is flushed, and the open '
      + 'IMAP/POP3 sessions stay logged in until they are kicked:',
    '',
    '```',
    commented('doveadm pw -s SHA512-CRYPT', 'prints {SHA512-CRYPT}$6$… for the new password'),
    '# replace the hash of the account in /etc/dovecot/users (or your SQL/LDAP user table), then:',
    commented('doveadm auth cache flush', 'forget cached passwords (auth_cache_size)'),
    commented(`doveadm kick ${user}`, 'close the attacker\'s open sessions'),
    commented(`doveadm who ${user}`, 'check: no session left from their IPs'),
    commented(`doveadm auth test ${user}`, 'check the new password'),
    '```',
    '',
    'Check what the attacker may have left behind. A Sieve script (set over ManageSieve, or a webmail\'s filter page) '
      + 'can forward every new message to them, or delete it, long after the password is changed:',
    '',
    '```',
    commented(`doveadm sieve list -u ${user}`, 'scripts; the active one is marked ACTIVE'),
    commented(`doveadm sieve get -u ${user} <script>`, 'look for redirect, vacation, discard'),
    commented(`doveadm sieve deactivate -u ${user} <script>`, 'when it is not the owner\'s'),
    '```',
    '',
    'Also look for a forwarding address the account could set itself (a webmail\'s forwarding page, a `.forward` in '
      + 'its home directory), and ask the owner whether messages or folders are missing.',
    ...(p === null ? [] : details(p)),
    '',
    `Block the attacking IPs (\`compromised-ips.txt\`, written next to this report${blocklistNote(p)}), and make the guessing slower: `
      + 'fail2ban\'s `dovecot` jail bans an IP after a '
      + 'few failures, and Dovecot answers each failure after `auth_failure_delay` (2 secs by default).',
    '',
    'Tell the account owner and the client: the mail in the mailbox may have been read. Personal data in those '
      + 'messages may have been exposed, which data-protection law may require them to report.',
  ].join('\n');
}

/** Whether the password-guessing finding's blocklist holds the intruders too, as far as it does. */
function blocklistNote(p: MailboxBreachAdvice | null): string {
  if (p === null || p.inBlocklist === 0) return '';
  return p.inBlocklist === p.intruders ? '; the password-guessing finding\'s `blocklist-ips.txt` has them too'
    : `; the password-guessing finding's \`blocklist-ips.txt\` has ${fmt(p.inBlocklist)} of the ${fmt(p.intruders)}`;
}

function details(p: MailboxBreachAdvice): string[] {
  const out: string[] = [];
  if (p.manageSieve) {
    out.push('', 'The attacker logged in to ManageSieve: they did change the account\'s Sieve scripts. Read every script, not only '
      + 'the active one.');
  }
  if (p.ownerIps.length > 0) {
    out.push('', `The owner's own mail clients (${p.ownerIps.join(', ')}${p.ownerIpCount > p.ownerIps.length ? ', …' : ''}) need the new `
      + 'password: until they have it, their failed logins look like the attack.');
  }
  return out;
}

export const mailboxBreach: Rule = {
  id: 'mailbox-breach',
  title: 'Mailbox opened by a password guesser (IMAP/POP3)',
  thresholds: {
    /**
     * An IP that failed (at least sasl-bruteforce.perIpFailures times) for this many names that never logged in
     * from it is a guesser.
     */
    minNamesTried: 3,
    /**
     * An IP used by no other user that failed this many times before it first logged in (as anyone) is a guesser,
     * even of one name: a client with an old password had logged in from it before (review 11, H2: 60 failures as
     * suzuki@ in a minute from a new address, then its login). Below it, and for a name no wide attack goes for, a
     * typo (stale-password.ts lists such an IP to check).
     */
    minFailuresOneName: 10,
    /**
     * During a wide attack (sasl-bruteforce.distributedIps IPs that tried names never logged in from them, with
     * sasl-bruteforce.distributedFailures failures), an IP that tried this many such names is one of its IPs; so is
     * one that failed for a name the attack goes for (sasl-bruteforce.attackedNameIps) and then logged in as it
     * (review 11, H1).
     */
    minNamesTriedInAttack: 2,
  },
  why: 'A password guesser got into this mailbox: the IP that failed to log in with other people\'s names, or many '
    + 'times, then logged in with this account\'s password. It can read, copy and delete every message in the mailbox, '
    + 'and set a Sieve rule that forwards new mail to it. Reading mail sends nothing, so no spam and no bounce need show '
    + 'it: this login line may be the only trace (mail sent as the account is the compromised-account finding\'s). '
    + 'Password resets, invoices and customers\' data in the mailbox are now the attacker\'s.',
  fix: mailboxBreachFix(null),
  advise(f, findings, agg, ctx) {
    const intruders = new Set(f.lists?.['compromised-ips.txt'] ?? []);
    const blocked = new Set(findings.filter((x) => x.rule === 'sasl-bruteforce').flatMap((x) => x.lists?.['blocklist-ips.txt'] ?? []));
    const owners = ownerIps(agg, f.subject.value, intruders);
    const byIp = agg.mailboxLogins.get(f.subject.value);
    return ctx.messages.advice.mailboxBreach({
      user: f.subject.value, ownerIps: owners.slice(0, 5), ownerIpCount: owners.length,
      // Review U, U3: any of an intruder IP's logins, not its first only (IMAP to read, then ManageSieve to redirect).
      manageSieve: [...intruders].some((ip) => { const r = byIp?.get(ip); return r !== undefined && loginProtocols(r).has('managesieve'); }),
      intruders: intruders.size, inBlocklist: [...intruders].filter((ip) => blocked.has(ip)).length,
    });
  },
  detect(agg, ctx) {
    const at = timeText(agg);
    const out: Finding[] = [];
    const m = ctx.messages;
    for (const [user, list] of findIntrusions(agg, ctx)) {
      const first = list[0]!;
      const firstAt = first.row.firstAt;
      const lastAt = Math.max(...list.map((x) => x.row.lastAt));
      const failedForName = loginFailuresUpTo(agg.loginFailureTimes, user, firstAt);
      const failures = list.reduce((n, x) => n + x.failures, 0);
      const logins = list.reduce((n, x) => n + x.row.logins, 0);
      const ips = list.map((x) => x.ip);
      const owners = ownerIps(agg, user, new Set(ips));
      const sent = agg.bySaslUser.get(user);
      const sentFromIntruders = sent === undefined ? 0 : ips.reduce((n, ip) => n + (sent.clientIps.get(ip) ?? 0), 0);
      const blockable = [...ips].filter((ip) => !isThisHost(ip)).sort();
      const finding: Finding = {
        rule: 'mailbox-breach',
        severity: 'critical',
        title: m.findings.mailboxBreach({
          user, failedForName, failures,
          intruders: list.map((x) => ({ ip: x.ip, protocol: x.row.protocol, at: shortTime(at(x.row.firstAt), m.unknownTime), failures: x.failures })),
        }),
        subject: { kind: 'account', value: user },
        firstAt: at(firstAt),
        lastAt: at(lastAt),
        evidence: {
          intruderIps: list.length,
          intruderLogins: logins,
          // The same per-IP count as the sasl-bruteforce finding's topAttackingIps and failedLoginsFromAttackingIps.
          failedLoginsFromIntruderIps: failures,
          failedLoginsForThisNameBeforeFirstLogin: failedForName,
          intruders: list.slice(0, 5).map((x) => `${x.ip} (${loginProtocolsText(x.row)}, ${fmt(x.row.logins)}× from ${at(x.row.firstAt) ?? '?'}; `
            + `${fmt(x.failures)} failed logins from this IP${x.allFailuresBefore ? ', all before' : ''}, ${fmt(x.failuresForName)} with this name, `
            + `${fmt(x.namesTried)} names tried, ${fmt(x.foreignNames)} never logged in from it; ${x.how})`).join(', '),
          ownerIps: owners.length,
          ...(owners.length > 0 ? { firstOwnerIps: owners.slice(0, 5).join(', ') } : {}),
          messagesSentFromIntruderIps: sentFromIntruders,
          intruderIpsList: 'compromised-ips.txt',
        },
        // Per IP: its first failed login and its first login to the mailbox.
        examples: pickExamples(list.flatMap((x) => {
          const r = agg.byClientIp.get(x.ip)!;
          return [r.firstAuthFailure ?? r.firstExample, x.row.example];
        }), 6),
        impact: logins,
        // This server itself (a webmail on 127.0.0.1 used for the guessing) is never a list's entry to block.
        ...(blockable.length > 0 ? { lists: { 'compromised-ips.txt': blockable } } : {}),
      };
      // Who is who in the Client IPs table (review Z, Z23): each intruder guessed the password and opened the mailbox.
      markRoles(finding, 'guessed-password', ips);
      markRoles(finding, 'opened-compromised-mailbox', ips);
      markRoles(finding, 'owner-client', owners);
      out.push(finding);
    }
    return out;
  },
};
