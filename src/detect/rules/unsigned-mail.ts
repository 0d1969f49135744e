// Mail of our own domains that went to outside recipients without a DKIM signature, although OpenDKIM runs beside
// Postfix, and why, as OpenDKIM's own lines say (aggregate/dkim-signing.ts, parse/auth-milters.ts):
//   "3A10F6: no signing table match for 'news@shop.example.jp'"       the SigningTable lacks the From address
//   "3A10F6: external host web1.example.jp attempted to send as example.jp"   a client outside InternalHosts
//   "3A10F6: web1.example.jp [192.0.2.10] not internal"                 (with "not authenticated", LogWhy yes)
//   "3A10F6: error loading key 'mail._domainkey.example.jp'"            the message was tempfailed
// and, where OpenDKIM logs its signatures ("DKIM-Signature field added (s=mail, d=example.jp)", SyslogSuccess yes),
// a message it logged nothing of: no milter saw it. For mail submitted with sendmail (pickup) that is the classic
// cause of unsigned web-form mail: smtpd_milters name OpenDKIM, non_smtpd_milters does not (Postfix MILTER_README).
// Joined to what the receivers then did with those messages (their recipients refused or never delivered, by
// domain, and the queue IDs) and to the receivers' SPF/DKIM refusals naming our domain (receivers-refusing.ts).

import type { Aggregate, Example, Finding, Severity, UnsignedMail } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import type { UnsignedAdvice } from '../../i18n/index.js';
import { fmt, pickExamples, shortTime, timeText } from '../util.js';
import { ownDomains } from './open-relay.js';
import { classifyRefusals, sendingDomain } from './receivers-refusing.js';
import { atOrBelow } from '../domain-under.js';

/** Our domains: those of SASL users and local mailboxes, the users' sending domain, and those OpenDKIM signs for. */
export function signingOwnDomains(agg: Aggregate): Set<string> {
  const own = ownDomains(agg);
  const sending = sendingDomain(agg);
  if (sending !== '') own.add(sending);
  for (const key of agg.dkimSigning.signedByKey.keys()) {
    const at = key.indexOf('._domainkey.');
    if (at > 0) own.add(key.slice(at + 12));
  }
  return own;
}

function isOurs(domain: string, own: ReadonlySet<string>): boolean {
  if (domain === '') return false;
  for (const o of own) if (atOrBelow(domain, o)) return true;
  return false;
}

function ranked(map: Map<string, number>): string[] {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

/** The text OpenDKIM quoted in a line ("news@shop.example.jp"), or ''. */
function quotedIn(text: string): string {
  const open = text.indexOf("'");
  const close = text.lastIndexOf("'");
  return open >= 0 && close > open ? text.slice(open + 1, close) : '';
}

/** What the lines of one reason name: the addresses, domains, clients or keys, first three, in position order. */
function namedIn(rows: UnsignedMail[], reason: string): string[] {
  const out: string[] = [];
  for (const u of rows) {
    for (const e of u.examples) {
      const at = e.text.indexOf(': ', e.text.indexOf(']: ') + 3);
      const msg = at < 0 ? e.text : e.text.slice(at + 2);
      let name = '';
      if (reason === 'signing-table' && msg.startsWith('no signing table match')) name = quotedIn(msg);
      else if (reason === 'signing-domain' && msg.startsWith('no signing ')) name = quotedIn(msg);
      else if (reason === 'key-error' && (msg.startsWith('error loading key') || msg.startsWith('signing table references'))) name = quotedIn(msg);
      else if (reason === 'external-host' && msg.startsWith('external host ')) name = msg.slice(14, msg.indexOf(' attempted'));
      else if (reason === 'not-internal' && msg.endsWith(' not internal')) name = msg.slice(0, msg.length - 13);
      if (name !== '' && !out.includes(name) && out.length < 3) out.push(name);
    }
  }
  return out;
}

export interface UnsignedPlan {
  rows: UnsignedMail[];
  messages: number;
  refused: number;
  /**
   * Whether a signer logs its signatures here (OpenDKIM's "DKIM-Signature field added" with SyslogSuccess yes,
   * rspamd's DKIM_SIGNED, amavis's dkim_new=): only then is a message none of them logged known to be unsigned.
   */
  signaturesLogged: boolean;
  /**
   * No signatures logged, but the pickup messages counted by inference (likelyPickup): OpenDKIM logged lines of mail
   * that came over SMTP and not one of mail submitted with sendmail, and receivers refused that mail as unauthenticated.
   */
  likely: boolean;
  /** Unsigned messages by why (UnsignedMail.why), over our domains, as counted (countedWhy); and by domain. */
  why: Map<string, number>;
  byDomain: Map<string, number>;
  pickup: number;
  submission: number;
  refusedByDomain: Map<string, number>;
  refusedIds: string[];
  examples: Example[];
  firstAt: number;
  lastAt: number;
}

/** Which of a domain's unsigned messages count, by why (what the log can tell of each). */
interface Counting {
  /** Seconds at which Postfix could not reach a signer's milter, in order (DkimSigning.milterDownSeconds). */
  down: number[];
  signaturesLogged: boolean;
  opendkimSigns: boolean;
  rspamdSigns: boolean;
  amavisSigns: boolean;
  /** Count the pickup messages OpenDKIM logged nothing of by inference (UnsignedPlan.likely). */
  likelyPickup: boolean;
}

/**
 * A domain's unsigned messages that count, by why. A message no signer logged anything of ('none'), or that OpenDKIM
 * saw without a decision ('seen'), counts only where signatures are logged; rspamd's or amavis's "not signed" only
 * where that signer signs other mail here (else it may not be meant to sign: 'seen'); by inference, the pickup
 * messages OpenDKIM never saw ('none').
 */
function countedWhy(u: UnsignedMail, c: Counting): Map<string, number> {
  const out = new Map<string, number>();
  const add = (w: string, n: number): void => { if (n > 0) out.set(w, (out.get(w) ?? 0) + n); };
  const downPickup = nearDown(u.noLinePickupSeconds, c.down);
  const downSasl = nearDown(u.noLineSaslSeconds, c.down);
  for (const [w, n] of u.why) {
    // Sent in a minute when Postfix could not reach the signer's milter: unsigned for that, whatever else is logged.
    if (w === 'none') {
      add('milter-down', downPickup + downSasl);
      add(w, c.signaturesLogged ? n - downPickup - downSasl : c.likelyPickup ? u.noLinePickup - downPickup : 0);
    }
    else if (w === 'seen') add(w, c.signaturesLogged ? n : 0);
    else if (w === 'rspamd-unsigned' || w === 'amavis-unsigned') {
      // A filter's copy counts only where that signer signs and OpenDKIM does not (OpenDKIM may sign before the
      // filter: the copy of a signed original carries its signature).
      const signs = w === 'rspamd-unsigned' ? c.rspamdSigns : c.amavisSigns;
      const copies = u.filterCopies.get(w) ?? 0;
      if (signs) add(w, c.opendkimSigns ? n - copies : n);
      else add('seen', c.signaturesLogged ? n - copies : 0);
    }
    else add(w, n);
  }
  return out;
}

/**
 * Messages of `seconds` (their start, by second) that started from DOWN_BEFORE_S before a milter-down warning to
 * DOWN_AFTER_S after it. Postfix warns as the client connects (smtpd; milter8.c at the session's start, before the
 * message's "client=" line, which comes within the session) or as cleanup takes a message (pickup, whose own line
 * comes just before). Before, by minute (the warning's minute or the next): a message one second before the warning in
 * the same minute counted, and one 61 seconds after it, in the next minute's end, too.
 */
const DOWN_BEFORE_S = 2;
const DOWN_AFTER_S = 60;

function nearDown(seconds: Map<number, number>, down: number[]): number {
  if (down.length === 0) return 0;
  let n = 0;
  for (const [s, k] of seconds) {
    // The first warning at or after s - DOWN_AFTER_S (binary search), no later than s + DOWN_BEFORE_S.
    let lo = 0;
    let hi = down.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (down[mid]! < s - DOWN_AFTER_S) lo = mid + 1; else hi = mid;
    }
    if (lo < down.length && down[lo]! <= s + DOWN_BEFORE_S) n += k;
  }
  return n;
}

/** The seconds of the warnings, in order. */
function downSeconds(m: Map<number, number>): number[] {
  return [...m.keys()].sort((a, b) => a - b);
}

function sum(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

/** The receivers' SPF/DKIM refusals that name no forged or forwarded sender (receivers-refusing.ts). */
function unauthenticatedRefusals(agg: Aggregate): number {
  return classifyRefusals(agg).classes.filter((c) => c.kind === 'unauthenticated').reduce((n, c) => n + c.deferred + c.bounced, 0);
}

export function unsignedPlan(agg: Aggregate): UnsignedPlan | null {
  const d = agg.dkimSigning;
  const signaturesLogged = sum(d.signedBy) > 0;
  const rspamdSigns = (d.signedBy.get('rspamd') ?? 0) > 0;
  const amavisSigns = (d.signedBy.get('amavis') ?? 0) > 0;
  const own = signingOwnDomains(agg);
  const ours = [...d.unsigned.values()].filter((u) => isOurs(u.domain, own)).sort((a, b) => (a.domain < b.domain ? -1 : 1));
  // Without logged signatures, the classic case can still be told, as "likely": OpenDKIM runs and logs lines of mail
  // over SMTP (verification, LogWhy's reasons) but of no message submitted with sendmail, whose mail of our domains
  // went out and was refused while receivers refused mail as unauthenticated (Gmail's 550-5.7.26). A server that runs
  // no OpenDKIM, or whose form mail nobody refused, gets no finding from this.
  const likelyPickup = !signaturesLogged && d.opendkimSawSmtpd > 0 && d.opendkimSawPickup === 0
    && ours.some((u) => u.noLinePickupRefused > 0) && unauthenticatedRefusals(agg) > 0;
  const counting: Counting = {
    down: downSeconds(d.milterDownSeconds), signaturesLogged, opendkimSigns: (d.signedBy.get('opendkim') ?? 0) > 0, rspamdSigns, amavisSigns, likelyPickup,
  };
  const rows: UnsignedMail[] = [];
  const why = new Map<string, number>();
  const byDomain = new Map<string, number>();
  let messages = 0;
  let refused = 0;
  let pickup = 0;
  let submission = 0;
  const refusedByDomain = new Map<string, number>();
  const ids: Array<{ qid: string; file: number; offset: number }> = [];
  let examples: Example[] = [];
  let firstAt = Infinity;
  let lastAt = -Infinity;
  for (const u of ours) {
    const counted = countedWhy(u, counting);
    const n = sum(counted);
    if (n === 0) continue;
    rows.push(u);
    byDomain.set(u.domain, n);
    messages += n;
    for (const [w, k] of counted) why.set(w, (why.get(w) ?? 0) + k);
    const down = downSeconds(d.milterDownSeconds);
    const downPickup = nearDown(u.noLinePickupSeconds, down);
    if (signaturesLogged) { pickup += u.noLinePickup - downPickup; submission += u.noLineSasl - nearDown(u.noLineSaslSeconds, down); }
    else if (likelyPickup) pickup += u.noLinePickup - downPickup;
    refused += u.refusedRecipients;
    for (const [r, k] of u.refusedByDomain) refusedByDomain.set(r, (refusedByDomain.get(r) ?? 0) + k);
    ids.push(...u.refusedIds);
    // Two of each domain's (its first by position): every cause shows with a line. Where only a signer's own
    // reasons count, only its lines: a pickup line shows only when the pickup messages count.
    const lines = signaturesLogged || likelyPickup ? u.examples : u.examples.filter((e) => !isStartLine(e.text));
    examples = examples.concat(lines.slice(0, 2));
    firstAt = Math.min(firstAt, u.firstAt);
    lastAt = Math.max(lastAt, u.lastAt);
  }
  if (messages === 0) return null;
  rows.sort((a, b) => byDomain.get(b.domain)! - byDomain.get(a.domain)! || (a.domain < b.domain ? -1 : 1));
  ids.sort((a, b) => a.file - b.file || a.offset - b.offset);
  return {
    rows, messages, refused, signaturesLogged, likely: likelyPickup && pickup > 0, why, byDomain, pickup, submission, refusedByDomain,
    refusedIds: ids.map((x) => x.qid), examples, firstAt, lastAt,
  };
}

/** Whether an example is a message's start line (Postfix's pickup or smtpd line) rather than a signer's. */
function isStartLine(text: string): boolean {
  return text.indexOf(' postfix/') >= 0 || text.indexOf(' postfix-') >= 0;
}

/**
 * Postfix's warnings that a milter did not answer, from smtpd or cleanup (milter8.c): "warning: connect to Milter
 * service inet:127.0.0.1:8891: Connection refused" (daemon problems, by their normalised text). With
 * milter_default_action = accept the mail meanwhile goes out unsigned, and no line of its own says so.
 */
export function milterUnreachable(agg: Aggregate): number {
  let n = 0;
  for (const [key, r] of agg.daemonProblems) if (key.indexOf('connect to Milter service') >= 0) n += r.count;
  return n;
}

/** "OpenDKIM", "OpenDKIM and rspamd": the signers whose signatures the log shows; OpenDKIM when not known. */
function signersText(signers: string[] | undefined, and: string): string {
  return signers === undefined || signers.length === 0 ? 'OpenDKIM' : signers.join(and);
}

/** The advice's facts: what to change, by the causes the log shows. */
function adviceOf(plan: UnsignedPlan, agg: Aggregate): UnsignedAdvice {
  const keys = ranked(agg.dkimSigning.signedByKey);
  const domains = plan.rows.map((u) => u.domain);
  return {
    domains,
    signingKeys: keys.slice(0, 3),
    pickup: plan.pickup,
    submission: plan.submission,
    tableAddresses: (plan.why.get('signing-table') ?? 0) > 0 ? namedIn(plan.rows, 'signing-table') : [],
    domainList: (plan.why.get('signing-domain') ?? 0) > 0 ? namedIn(plan.rows, 'signing-domain') : [],
    externalClients: [...namedIn(plan.rows, 'external-host'), ...namedIn(plan.rows, 'not-internal')].slice(0, 3),
    external: (plan.why.get('external-host') ?? 0) + (plan.why.get('not-internal') ?? 0),
    keyErrors: agg.dkimSigning.keyErrors,
    refused: plan.refused,
    milterDown: milterUnreachable(agg),
    sentWhileDown: plan.why.get('milter-down') ?? 0,
    downAt: downSpan(agg),
    likely: plan.likely,
    opendkimSmtpd: agg.dkimSigning.opendkimSawSmtpd,
    rspamdUnsigned: plan.why.get('rspamd-unsigned') ?? 0,
    amavisUnsigned: plan.why.get('amavis-unsigned') ?? 0,
    amavisDomains: plan.rows.filter((u) => (u.why.get('amavis-unsigned') ?? 0) > 0).map((u) => u.domain).slice(0, 3),
    keySigners: (['opendkim', 'rspamd', 'amavis'] as const).filter((k) => (agg.dkimSigning.signedBy.get(k) ?? 0) > 0)
      .map((k) => (k === 'opendkim' ? 'OpenDKIM' : k)),
    rspamdKeyErrors: agg.dkimSigning.rspamdKeyErrors,
    rspamdKeyFile: keyFileOf(agg.dkimSigning.rspamdKeyErrorExample),
    otherSignersUnseen: agg.dkimSigning.verdictsBy.size === 0 && agg.dkimSigning.rspamdKeyErrors === 0,
  };
}

/** The first and last minute a signer's milter did not answer ("2026-11-28 09:00 – 09:04"), or ''. */
function downSpan(agg: Aggregate): string {
  const seconds = downSeconds(agg.dkimSigning.milterDownSeconds);
  if (seconds.length === 0) return '';
  const at = timeText(agg);
  const first = shortTime(at(seconds[0]! * 1000), '');
  const last = shortTime(at(seconds[seconds.length - 1]! * 1000), '');
  return first === last ? first : `${first} – ${last.slice(11)}`;
}

/** The key file rspamd's "cannot load dkim key /var/lib/rspamd/dkim/example.jp.dkim.key: …" names, or ''. */
function keyFileOf(e: Example | null): string {
  if (e === null) return '';
  const at = e.text.indexOf('cannot load dkim key ');
  if (at < 0) return '';
  const end = e.text.indexOf(': ', at + 21);
  return e.text.slice(at + 21, end < 0 ? e.text.length : end);
}

/** rspamd's dkim_signing: what it signs and where its reasons show (rspamd's dkim_signing module documentation). */
export const RSPAMD_LOOK_LINES = ['```', 'rspamadm configdump dkim_signing',
  `echo 'debug_modules = ["dkim_signing"];' >> /etc/rspamd/local.d/logging.inc   # its reasons, at debug level`, 'systemctl reload rspamd', '```'];

/** amavis: a key for a domain it does not sign yet (amavisd-new's README.DKIM: dkim_key, genrsa, showkeys, testkeys). */
export function amavisKeyLines(domain: string): string[] {
  return ['```', `amavisd genrsa /var/lib/dkim/${domain}.pem 2048`,
    `echo "dkim_key('${domain}', 'dkim', '/var/lib/dkim/${domain}.pem');" >> /etc/amavis/conf.d/50-user   # before its last line, "1;"`,
    'systemctl restart amavis', `amavisd showkeys ${domain}   # the TXT record to publish`, `amavisd testkeys ${domain}`, '```'];
}

/** The facts the advice's commands are made of, the same in every language. */
export function unsignedFacts(p: UnsignedAdvice | null): {
  key: string; signedDomain: string; selector: string; testDomain: string; tableDomain: string; under: boolean;
} {
  const key = p !== null && p.signingKeys.length > 0 ? p.signingKeys[0]! : 'mail._domainkey.example.com';
  const cut = key.indexOf('._domainkey.');
  const signedDomain = key.slice(cut + 12);
  const addr = p === null || p.tableAddresses.length === 0 ? 'user@shop.example.com' : p.tableAddresses[0]!;
  const tableDomain = addr.slice(addr.indexOf('@') + 1);
  return {
    key, signedDomain, selector: key.slice(0, cut), tableDomain,
    testDomain: p !== null && p.domains.length > 0 ? p.domains[0]! : 'example.com',
    under: atOrBelow(tableDomain, signedDomain),
  };
}

/** Postfix: the milters of mail submitted with sendmail (MILTER_README, non_smtpd_milters). */
export const NON_SMTPD_MILTER_LINES = ['```', 'postconf smtpd_milters non_smtpd_milters milter_default_action', "postconf -e 'non_smtpd_milters = $smtpd_milters'", 'postfix reload', '```'];
/** master.cf services that override the milters. */
export const MILTER_OVERRIDE_LINES = ['```', 'postconf -P | grep -E "milters|receive_override_options"', 'postfix reload', '```'];
export const OPENDKIM_TABLES_LOOK = ['```', "grep -E '^(KeyTable|SigningTable|Domain|InternalHosts)' /etc/opendkim.conf", '```'];

/** The SigningTable line for a subdomain of a domain signed already, or a new key in the KeyTable and SigningTable. */
export function signingTableLines(f: ReturnType<typeof unsignedFacts>): string[] {
  const dom = f.tableDomain;
  return ['```',
    ...(f.under ? [`echo '*@${dom} ${f.key}' >> /etc/opendkim/signing.table`] : [
      `mkdir -p /etc/opendkim/keys/${dom} && opendkim-genkey -b 2048 -d ${dom} -s mail -D /etc/opendkim/keys/${dom}/`,
      `chown -R opendkim:opendkim /etc/opendkim/keys/${dom}`,
      `echo 'mail._domainkey.${dom} ${dom}:mail:/etc/opendkim/keys/${dom}/mail.private' >> /etc/opendkim/key.table`,
      `echo '*@${dom} mail._domainkey.${dom}' >> /etc/opendkim/signing.table`,
    ]),
    'systemctl restart opendkim', '```'];
}

export function keyCheckLines(f: ReturnType<typeof unsignedFacts>): string[] {
  return ['```', `opendkim-testkey -d ${f.signedDomain} -s ${f.selector} -vvv`, 'ls -l /etc/opendkim/keys/*/', '```'];
}

/**
 * What to do, by cause (en; ja-rules.ts has the Japanese). `null`: the general text, every cause. The commands are
 * OpenDKIM's and Postfix's own: opendkim.conf(5) (SigningTable, KeyTable, InternalHosts, Domain; "refile:" for the
 * wildcard patterns of a signing table), Postfix MILTER_README (non_smtpd_milters for mail that does not arrive over
 * SMTP; milter_default_action).
 */
export function unsignedMailFix(p: UnsignedAdvice | null): string {
  const out: string[] = [];
  const all = p === null;
  const f = unsignedFacts(p);
  out.push('OpenDKIM signs a message only when Postfix hands it over and its tables name the sender. '
    + (all ? 'Each cause below is one that OpenDKIM\'s lines (or their absence) can show:' : 'The causes this log shows, each with its change:'));
  if (p !== null && p.likely === true) {
    out.push('', `**Likely, not logged**: OpenDKIM does not log the signatures it adds here (no \`DKIM-Signature field added\` line: `
      + `\`SyslogSuccess\` is off), so no line says a message was signed. It logged lines of ${fmt(p.opendkimSmtpd ?? 0)} `
      + `${p.opendkimSmtpd === 1 ? 'message' : 'messages'} that came over SMTP and not one of the mail submitted with sendmail, and the `
      + 'receivers refused that mail as unauthenticated: the known cause is `non_smtpd_milters`, checked below. Before changing '
      + 'anything, look: `postconf non_smtpd_milters` (empty: the cause), and send a test from the form to a mailbox of yours '
      + 'outside: its headers have a `DKIM-Signature:` line only if it was signed. `SyslogSuccess yes` and `LogWhy yes` in '
      + '/etc/opendkim.conf make the log say it from then on.');
  }
  if (all || p.pickup > 0) {
    out.push('', `**Mail submitted on the server with sendmail** (PHP \`mail()\`, a web form, cron: the postfix/pickup lines)${all ? '' : `, ${fmt(p.pickup)} ${p.pickup === 1 ? 'message' : 'messages'}`}, `
      + 'passed no milter: `smtpd_milters` are the milters of mail that arrives over SMTP; mail from sendmail goes through '
      + 'cleanup, which calls those of `non_smtpd_milters` (Postfix MILTER_README). Look, then give it the same milters:',
    '', ...NON_SMTPD_MILTER_LINES, '',
    `Send a test the way the form does (\`printf 'Subject: test\\n\\ntest\\n' | sendmail -f you@${f.testDomain} you@gmail.com\`) and look for its `
      + '`DKIM-Signature field added` line. Postfix presents such mail to the milter as coming from localhost [127.0.0.1], '
      + 'which OpenDKIM\'s default InternalHosts covers; if it logs `not internal` instead, add 127.0.0.1 to InternalHosts.');
  }
  if (all || p.submission > 0) {
    out.push('', `**Mail of logged-in clients with no OpenDKIM line**${all ? '' : ` (${fmt(p.submission)})`}, while other mail was signed: a service in `
      + 'master.cf overrides the milters (`-o smtpd_milters=` left empty or without OpenDKIM, or `-o '
      + 'receive_override_options=no_milters`). Look, and remove the override or list OpenDKIM in it:',
    '', ...MILTER_OVERRIDE_LINES);
  }
  if (all || p.tableAddresses.length > 0) {
    out.push('', `**No SigningTable entry** (\`no signing table match for '…'\`)${all ? '' : ` for ${p.tableAddresses.join(', ')}`}: OpenDKIM `
      + 'looks up the From: address in its SigningTable. Find the tables, then add the domain:',
    '', ...OPENDKIM_TABLES_LOOK, '',
    f.under
      ? `${f.tableDomain} is under ${f.signedDomain}, whose key OpenDKIM has: one SigningTable line signs it with that key (d=${f.signedDomain}, which DMARC's relaxed alignment accepts for its subdomains):`
      : `For a domain of its own, make its key, add it to the KeyTable and the SigningTable, and publish \`mail.txt\` as the TXT record \`mail._domainkey.${f.tableDomain}\`:`,
    '', ...signingTableLines(f), '',
    'Use the files the grep names. A `*@domain` pattern matches only when the table is read as a pattern file: '
      + '`SigningTable refile:/etc/opendkim/signing.table` (a plain path is matched exactly; opendkim.conf(5)).');
  }
  if (all || p.domainList.length > 0) {
    out.push('', `**Not in the Domain list** (\`no signing domain match for '…'\`)${all ? '' : ` for ${p.domainList.join(', ')}`}: add it to the \`Domain\` `
      + 'setting of /etc/opendkim.conf (a comma-separated list, or a file), or sign through a KeyTable and SigningTable as above; then `systemctl restart opendkim`.');
  }
  if (all || p.external > 0) {
    out.push('', `**A client OpenDKIM takes as outside** (\`not internal\`, \`external host … attempted to send as …\`)${all || p.externalClients.length === 0 ? '' : `: ${p.externalClients.join(', ')}`}: `
      + 'OpenDKIM signs mail of clients in InternalHosts and of clients that logged in (SMTP AUTH); the rest it verifies as '
      + 'incoming. If the client is yours (a web server, a printer), add its address to InternalHosts (`InternalHosts '
      + 'refile:/etc/opendkim/TrustedHosts`, one host or network a line, 127.0.0.1 kept) and restart opendkim, or let it log in.');
  }
  if (all || p.keyErrors > 0) {
    out.push('', `**A key that does not load**${all ? '' : ` (${fmt(p.keyErrors)} ${p.keyErrors === 1 ? 'line' : 'lines'})`} (\`error loading key\`, \`signing table references unknown key\`): `
      + 'OpenDKIM answered those messages 451 4.7.1 and the clients retried. Each KeyTable line must name a key file owned '
      + 'by opendkim with mode 600 (RequireSafeKeys), and the key must match the published record:',
    '', ...keyCheckLines(f));
  }
  if (all || (p.rspamdUnsigned ?? 0) > 0 || (p.rspamdKeyErrors ?? 0) > 0) {
    out.push('', `**rspamd did not sign**${all ? '' : ` ${fmt(p.rspamdUnsigned ?? 0)} ${(p.rspamdUnsigned ?? 0) === 1 ? 'message' : 'messages'}`} (its \`rspamd_task_write_log\` line lists no \`DKIM_SIGNED\`), `
      + 'while it signed other mail: its dkim_signing module signs mail of logged-in users (`auth_only`) and of local or `sign_networks` '
      + 'addresses, when the From: domain matches the envelope sender\'s (`allow_hdrfrom_mismatch = false`) and the login\'s '
      + '(`allow_username_mismatch = false`), with the key at `path` (default `/var/lib/rspamd/dkim/$domain.$selector.key`, the '
      + 'organisational domain with `use_esld = true`). It logs its reasons at debug level only: look at its settings, and turn on '
      + 'its debug lines for a test:', '', ...RSPAMD_LOOK_LINES);
    if (!all && (p.rspamdKeyErrors ?? 0) > 0) {
      out.push('', `rspamd could not load the key ${fmt(p.rspamdKeyErrors!)} ${p.rspamdKeyErrors === 1 ? 'time' : 'times'} (\`cannot load dkim key\``
        + `${p.rspamdKeyFile ? ` ${p.rspamdKeyFile}` : ''}): the file must exist under that name and be readable by rspamd's user `
        + `(\`ls -l ${p.rspamdKeyFile ? p.rspamdKeyFile : '/var/lib/rspamd/dkim/'}\`, then \`chown _rspamd: …\` on Debian).`);
    }
  }
  if (all || (p.amavisUnsigned ?? 0) > 0) {
    const dom = p !== null && (p.amavisDomains ?? []).length > 0 ? p.amavisDomains![0]! : f.testDomain;
    out.push('', `**amavis did not sign**${all ? '' : ` ${fmt(p.amavisUnsigned ?? 0)} ${(p.amavisUnsigned ?? 0) === 1 ? 'message' : 'messages'}${(p.amavisDomains ?? []).length > 0 ? ` of ${p.amavisDomains!.join(', ')}` : ''}`} `
      + '(its `Passed` line has no `dkim_new=`), while it signed other mail: amavis signs mail from originating clients '
      + '(`@mynetworks`, or the ORIGINATING policy bank of the submission port) whose From: domain has a `dkim_key(…)` line. '
      + 'For a domain without one, make its key, add the line, and publish the record `amavisd showkeys` prints:',
    '', ...amavisKeyLines(dom));
  }
  if (p !== null && (p.milterDown ?? 0) > 0) {
    const sent = p.sentWhileDown ?? 0;
    out.push('', `**Postfix could not reach a milter** ${fmt(p.milterDown!)} ${p.milterDown === 1 ? 'time' : 'times'} (\`warning: connect to Milter `
      + 'service …`): with `milter_default_action = accept` the mail of that time went out unsigned'
      + (sent > 0 ? ` (${fmt(sent)} ${sent === 1 ? 'message' : 'messages'} of your domains left within a minute of a warning, no signer's line for them${p.downAt ? `, ${p.downAt}` : ''})` : '')
      + '. Check that opendkim runs and '
      + 'listens where `smtpd_milters` points (`systemctl status opendkim`, `ss -ltnp | grep opendkim`; a milter socket under '
      + '/run is out of reach of the chrooted smtpd: use a TCP port on 127.0.0.1).');
  }
  out.push('', (p !== null && p.signingKeys.length > 0
    ? `Do not make a new key for ${f.signedDomain}: ${signersText(p.keySigners, ' and ')} ${(p.keySigners ?? []).length > 1 ? 'sign' : 'signs'} with ${p.signingKeys.join(', ')} already, and a new key would no longer match the published record. `
    : '')
    + 'With `milter_default_action = accept`, mail also leaves unsigned while opendkim is down (Postfix then logs `warning: '
    + 'connect to Milter service …`). '
    + (p !== null && p.refused > 0
      ? 'The recipients the receivers refused did not get the mail: tell its senders (the queue IDs are in the evidence) so that they send it again once it is signed.'
      : 'Once signed, the receivers\' SPF/DKIM refusals of your own domain stop.'));
  if (all || p.otherSignersUnseen === true) {
    out.push('', 'This rests on OpenDKIM\'s lines only: no line of rspamd or amavis is in this log. If one of them signs here too and logs '
      + 'to its own file (rspamd\'s default is /var/log/rspamd/rspamd.log), a message this finding lists may have left signed: look '
      + 'for one of its queue IDs there first (`grep QUEUEID /var/log/rspamd/rspamd.log`: `DKIM_SIGNED` in its line means signed), '
      + 'and give that file to this tool beside the maillog (`maillog-forensics analyze maillog /var/log/rspamd/rspamd.log`), '
      + 'which joins rspamd\'s verdicts to the messages by queue ID; or have rspamd log to the maillog (`type = "syslog"; facility = "mail";` '
      + 'in /etc/rspamd/local.d/logging.inc).');
  }
  return out.join('\n');
}

export const unsignedMail: Rule = {
  id: 'unsigned-mail',
  title: 'Mail of your domains sent without a DKIM signature',
  thresholds: {
    /** Unsigned messages to outside recipients (over the domains of ours) that make a finding. */
    minMessages: 1,
  },
  why: 'Gmail, Yahoo and Microsoft refuse or junk mail that neither SPF nor DKIM vouches for (Gmail 550-5.7.26), and a '
    + 'DMARC policy of your domain tells them to. A DKIM signer (OpenDKIM, rspamd or amavis) runs beside this Postfix, yet '
    + 'some mail of your domains left without its signature: web-form mail posted through sendmail that no milter saw, a '
    + 'From address its signing table lacks, a client it takes as outside. The signer\'s own lines say which, message by '
    + 'message.',
  fix: unsignedMailFix(null),
  advise(_finding, _findings, agg, ctx) {
    const plan = unsignedPlan(agg);
    return plan === null ? undefined : ctx.messages.advice.unsignedMail(adviceOf(plan, agg));
  },
  detect(agg: Aggregate, ctx: RuleContext): Finding[] {
    const plan = unsignedPlan(agg);
    if (plan === null || plan.messages < ctx.threshold('minMessages')) return [];
    const m = ctx.messages;
    const at = timeText(agg);
    const advice = adviceOf(plan, agg);
    // The receivers' SPF/DKIM refusals that named one of these domains (receivers-refusing.ts reads them per line).
    const { classes, checkedDomains } = classifyRefusals(agg);
    const own = new Set(plan.rows.map((u) => u.domain));
    let namedRefusals = 0;
    for (const [d, n] of checkedDomains) if (isOurs(d, own) || [...own].some((o) => o.endsWith('.' + d))) namedRefusals += n;
    const unauth = classes.filter((c) => c.kind === 'unauthenticated');
    const unauthRefusals = unauth.reduce((n, c) => n + c.deferred + c.bounced, 0);
    // Inferred (no signature is logged here): medium at most, the finding says "likely" and how to check.
    const severity: Severity = plan.refused > 0 && (namedRefusals > 0 || unauthRefusals > 0) && !plan.likely ? 'high'
      : plan.refused > 0 || plan.messages >= 10 ? 'medium' : 'low';
    const refusedBy = ranked(plan.refusedByDomain);
    const evidence: Record<string, number | string> = {
      unsignedMessages: plan.messages,
      unsignedDomains: plan.rows.map((u) => `${u.domain} (${fmt(plan.byDomain.get(u.domain)!)})`).join(', '),
      unsignedWhy: ranked(plan.why).map((w) => `${w} (${fmt(plan.why.get(w)!)})`).join(', '),
    };
    if (plan.pickup > 0 && plan.likely) {
      // What the inference rests on (review AF rest): OpenDKIM's lines of SMTP mail, none of sendmail's.
      evidence.likelyUnsignedPickup = plan.pickup;
      evidence.opendkimSawSmtpd = agg.dkimSigning.opendkimSawSmtpd;
      evidence.opendkimSawPickup = 0;
    } else if (plan.pickup > 0) evidence.submittedWithSendmail = plan.pickup;
    if ((advice.rspamdUnsigned ?? 0) > 0) evidence.rspamdUnsigned = advice.rspamdUnsigned!;
    if ((advice.amavisUnsigned ?? 0) > 0) evidence.amavisUnsigned = advice.amavisUnsigned!;
    if ((advice.rspamdKeyErrors ?? 0) > 0) evidence.rspamdKeyErrors = advice.rspamdKeyErrors!;
    const signers = [...agg.dkimSigning.signedBy].filter(([k]) => k !== 'opendkim').sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (signers.length > 0) evidence.signedByOthers = signers.map(([k, n]) => `${k} (${fmt(n)})`).join(', ');
    if (plan.submission > 0) evidence.loggedInWithoutMilter = plan.submission;
    const signed = [...agg.dkimSigning.signedBy.values()].reduce((a, b) => a + b, 0);
    evidence.signedMessages = signed;
    if (advice.signingKeys.length > 0) evidence.signingKeys = advice.signingKeys.join(', ');
    evidence.outsideRecipients = plan.rows.reduce((n, u) => n + u.recipients, 0);
    evidence.refusedRecipients = plan.refused;
    if (refusedBy.length > 0) evidence.refusedByDomain = refusedBy.slice(0, 6).map((d) => `${d} (${fmt(plan.refusedByDomain.get(d)!)})`).join(', ');
    if (plan.refusedIds.length > 0) {
      evidence.refusedQueueIds = plan.refusedIds.slice(0, 10).join(' ') + (plan.refusedIds.length > 10 ? ` … (${fmt(plan.refusedIds.length)})` : '');
    }
    if (namedRefusals > 0) evidence.refusalsNamingTheDomain = namedRefusals;
    if (agg.dkimSigning.keyErrors > 0) evidence.keyErrors = agg.dkimSigning.keyErrors;
    if ((advice.milterDown ?? 0) > 0) evidence.milterUnreachable = advice.milterDown!;
    if ((advice.sentWhileDown ?? 0) > 0) evidence.sentWhileMilterDown = advice.sentWhileDown!;
    // OpenDKIM's lines (or the start lines of the messages it never saw), then a receiver's SPF/DKIM refusal.
    const refusalExample = pickExamples(unauth.map((c) => c.example), 1);
    const keyErrors = [agg.dkimSigning.keyErrorExample, agg.dkimSigning.rspamdKeyErrorExample].filter((e): e is Example => e !== null);
    if ((advice.sentWhileDown ?? 0) > 0) {
      for (const [key, r] of agg.daemonProblems) if (key.indexOf('connect to Milter service') >= 0 && r.example !== null) { keyErrors.push(r.example); break; }
    }
    const examples = [...plan.examples.slice(0, 4), ...refusalExample, ...keyErrors];
    return [{
      rule: 'unsigned-mail',
      severity,
      title: m.findings.unsignedMail({
        messages: plan.messages, domains: plan.rows.map((u) => u.domain), pickup: plan.pickup, submission: plan.submission,
        tableAddresses: advice.tableAddresses, domainList: (plan.why.get('signing-domain') ?? 0), external: advice.external,
        keyError: plan.why.get('key-error') ?? 0, table: plan.why.get('signing-table') ?? 0,
        refused: plan.refused, refusedBy: refusedBy.slice(0, 3), namedRefusals,
        likely: plan.likely, rspamd: advice.rspamdUnsigned ?? 0, amavis: advice.amavisUnsigned ?? 0, milterDown: advice.sentWhileDown ?? 0, seen: plan.why.get('seen') ?? 0,
        first: shortTime(at(plan.firstAt), m.unknownTime), last: shortTime(at(plan.lastAt), m.unknownTime),
      }),
      subject: { kind: 'domain', value: plan.rows.map((u) => u.domain).join(', ') },
      firstAt: at(plan.firstAt),
      lastAt: at(plan.lastAt),
      evidence,
      examples,
      impact: plan.refused > 0 ? plan.refused : plan.messages,
    }];
  },
};
