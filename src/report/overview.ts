// What the admin reads first (review Z, Z1/Z2): a verdict made from the findings, every finding as one short line,
// and the first steps in the order to take them: (1) the compromised accounts' passwords, (2) the spam still queued
// or the users' mail a `postsuper -d ALL` deleted, (3) the attacking IPs, (4) the lasting fixes. Only steps whose
// findings exist, and none for low and info findings (notes that block nothing).
//
// A pure function of the report model, made after redaction (redact.ts calls it again): a list redaction withheld is
// no longer in a finding's `lists`, so it is never named, and a block of a fix that named a user or an IP is already
// a note, so no command of it is taken. The commands are the findings' own: lines of the fenced blocks of their
// what-to-do text (a finding's `fix`, else its rule's), never written here, so that the steps say what the findings
// say. The texts are plain text in the report's language; renderers escape them (user names are log text).

import type { Overview, OverviewStep, Report } from './model.js';
import type { Finding, Severity } from '../types.js';
import type { Messages } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import { isBackgroundGuessing } from '../detect/background.js';

/** Severities that make steps and a verdict of their own; low and info findings are notes. */
const ACTIONABLE: ReadonlySet<Severity> = new Set(['critical', 'high', 'medium']);

/** Longest short title made by cutting a finding's title (characters). */
const SHORT_MAX = 110;

/** "2026-11-25T23:41:08" → "2026-11-25 23:41" (minutes are enough to read; report.json keeps the seconds). */
export function minuteText(iso: string | null, msg: Messages): string {
  if (iso === null) return msg.unknownTime;
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/**
 * The first clause of a title, cut at a sentence or clause boundary and never inside a word: the part before " — ",
 * "; " or "。", without its parentheses and its "between … and …" time range, then, if still long, up to the last
 * comma (or space) before SHORT_MAX with "…".
 */
export function firstClause(title: string): string {
  let s = title;
  for (const sep of [' — ', '; ', '；', '。']) {
    const i = s.indexOf(sep);
    if (i > 0) s = s.slice(0, i);
  }
  const time = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d';
  s = s.replace(/\s*\([^()]*\)/g, '')
    // "バウンスメール（from=<>）139 通" keeps a space before the number; "遅延（deferred）が" none.
    .replace(/（[^（）]*）/g, (m: string, at: number, all: string) => (/[0-9A-Za-z]/.test(all[at + m.length] ?? '') ? ' ' : ''))
    .replace(new RegExp(` between ${time} and ${time}`, 'g'), '')
    .replace(new RegExp(`${time} から ${time} にかけて、?`, 'g'), '')
    .replace(/\s{2,}/g, ' ').replace(/ ([、。：:])/g, '$1').trim();
  if (s.length <= SHORT_MAX) return s;
  const head = s.slice(0, SHORT_MAX);
  const comma = Math.max(head.lastIndexOf(', '), head.lastIndexOf('、'));
  if (comma >= SHORT_MAX / 2) return `${head.slice(0, comma)} …`;
  const space = head.lastIndexOf(' ');
  if (space < SHORT_MAX / 2) return `${head} …`;
  // Not on a word that needs the next one (review AG, AG2: "… lost its connection to the authentication server
  // and …"): the cut goes back over them, as long as half the length is left.
  const words = head.slice(0, space).split(' ');
  while (words.length > 1 && DANGLING.has(words[words.length - 1]!.toLowerCase()) && words.slice(0, -1).join(' ').length >= SHORT_MAX / 2) words.pop();
  return `${words.join(' ')} …`;
}

/** English words a cut title must not end on: they announce the words the cut drops. */
const DANGLING = new Set(['a', 'an', 'and', 'as', 'at', 'because', 'but', 'by', 'for', 'from', 'in', 'its', 'of', 'on', 'only',
  'or', 'than', 'that', 'the', 'their', 'then', 'to', 'while', 'with']);

const num = (v: number | string | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The relay step (review AO, AO3): the open relay's clients by name when the finding says more than "clients that did
 * not log in": other clients were refused "Relay access denied" (evidence relayDeniedOtherClientIps: mynetworks or an
 * access map lets these through), or some are the site's own hosts whose mail shows spam signs (evidence
 * ownHostNames, "198.51.100.80 (app1.example.org in example.org)"). Else the general step.
 */
function relayStepText(relays: readonly Finding[], o: Messages['overview']): string {
  for (const f of relays) {
    if (f.subject.kind !== 'ips') continue;
    const restricted = (num(f.evidence.relayDeniedOtherClientIps) ?? 0) > 0;
    const named = typeof f.evidence.ownHostNames === 'string' ? f.evidence.ownHostNames : '';
    const ownHosts = [...named.matchAll(/(\S+) \((\S+) in [^)]*\)/g)].map((x) => `${x[2]} (${x[1]})`);
    if (!restricted && ownHosts.length === 0) continue;
    return o.stepRelayFor({ ips: f.subject.value, count: num(f.evidence.relayingIps) ?? 1, restricted, ownHosts });
  }
  return o.stepRelay;
}

/** A compromised-account finding that is no note: someone else has the password. */
function isTakeover(f: Finding): boolean {
  return f.rule === 'compromised-account' && ACTIONABLE.has(f.severity);
}

/** The short form of a finding's title: a phrase of its own for the rules the first steps turn on, else its first clause. */
export function shortTitle(f: Finding, msg: Messages): string {
  const o = msg.overview.short;
  const e = f.evidence;
  const at = minuteText(f.firstAt, msg);
  switch (f.rule) {
    case 'compromised-account':
      if (isTakeover(f) && num(e.messagesSinceGuessed) !== null) return o.account({ user: f.subject.value, at, critical: f.severity === 'critical' });
      break;
    case 'mailbox-breach':
      if (ACTIONABLE.has(f.severity)) return o.mailboxBreach({ user: f.subject.value, at });
      break;
    case 'sasl-bruteforce': {
      const failed = num(e.failedLoginsFromAttackingIps);
      const ips = num(e.attackingIps);
      // No attacking IP, only users' own clients with a wrong password (staleOnlyFinding): its title says "not a
      // guesser", so no "Password guessing: 0 failed logins from 0 IPs" (review AN, AN2), but the clients' counts.
      const staleFailed = num(e.failedLoginsFromIpsToCheck);
      const staleIps = num(e.ipsToCheckBeforeBlocking);
      if (ips === 0 && staleFailed !== null && staleIps !== null && staleIps > 0) return o.staleClients({ failed: staleFailed, ips: staleIps });
      if (failed !== null && ips !== null) {
        const targeted = num(e.failuresForTargetedAccount);
        return o.bruteforce({
          failed, ips, loggedIn: typeof e.loggedInAttackingIpsList === 'string' ? e.loggedInAttackingIpsList : '',
          // The weather alone; guessing that goes for a real account by name keeps the attack's word (review AL, AL2).
          ...(isBackgroundGuessing(f) && typeof e.targetedAccount !== 'string' ? { background: true } : {}),
          ...(typeof e.targetedAccount === 'string' && targeted !== null ? { targeted: { name: e.targetedAccount, failures: targeted } } : {}),
        });
      }
      break;
    }
    case 'queue-cleanup': {
      const n = f.lists?.['queue-delete.txt']?.length ?? num(e.abusiveQueued);
      if (n !== null && n > 0) return o.queueCleanup(n);
      break;
    }
    case 'queue-deleted': {
      const deleted = num(e.deletedInBulk);
      const legitimate = num(e.legitimate);
      if (deleted !== null && legitimate !== null) return o.queueDeleted({ deleted, legitimate });
      break;
    }
    case 'receivers-refusing':
      // Every refused recipient delivered later (review AN, AN4): of the past, its title's first clause, not "refuses".
      // Review AO, AO2: or answered later for their own mailbox (unknown user, full), or queued long after the last refusal.
      if (num(e.recipientsRefused) !== null && e.recipientsRefused === (num(e.recipientsRefusedDeliveredLater) ?? 0)
        + (num(e.recipientsRefusedBouncedOwnMailbox) ?? 0) + (num(e.recipientsRefusedQueuedAfterLimit) ?? 0)) break;
      if (f.subject.value !== '') return o.refusing(f.subject.value.split(', '));
      break;
    case 'outbound-port-blocked': {
      // The title's first clause ends "timed out … while only 1 …" past SHORT_MAX (review AG, AG2): both counts.
      const timeouts = num(e.timeoutsDuringBlock);
      const sent = num(e.remoteDeliveriesDuringBlock);
      if (timeouts !== null && sent !== null) return o.portBlocked({ timeouts, sent });
      break;
    }
    case 'backscatter': {
      // The bounces' part of the title (its "(from=<>)"): its first clause, cut at SHORT_MAX, would lose the last figure.
      const messages = num(e.bounceMessages);
      const remote = num(e.bouncesToRemoteAddresses);
      const failed = num(e.bouncesBouncedThemselves);
      const pending = num(e.bouncesStillDeferred);
      if (f.title.includes('from=<>') && messages !== null && remote !== null && failed !== null && pending !== null) {
        return o.backscatter({ messages, remote, undeliverable: failed + pending });
      }
      break;
    }
    case 'unsigned-mail': {
      const messages = num(e.unsignedMessages);
      if (messages !== null && f.subject.value !== '') return o.unsignedMail({ messages, domains: f.subject.value.split(', '), likely: e.likelyUnsignedPickup !== undefined });
      break;
    }
    default:
      break;
  }
  return firstClause(f.title);
}

/** The fenced blocks of Markdown text, each as its lines. */
function fencedBlocks(md: string): string[][] {
  return [...md.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!.replace(/\n$/, '').split('\n'));
}

/** The what-to-do text the report shows for a finding: its own, else its rule's. */
function fixOf(r: Report, f: Finding): string {
  return f.fix ?? r.rules.find((x) => x.id === f.rule)?.fix ?? '';
}

/** Lines of the findings' fenced blocks that hold a line matching `re`, each line once, in order. */
function commandsFrom(r: Report, findings: Finding[], re: RegExp): string[] {
  const out: string[] = [];
  for (const f of findings) {
    for (const block of fencedBlocks(fixOf(r, f))) {
      if (!block.some((l) => re.test(l))) continue;
      for (const l of block) if (!out.includes(l)) out.push(l);
    }
  }
  return out;
}

export function buildOverview(r: Report, messages?: Messages): Overview {
  const msg = messages ?? messagesFor(r.lang);
  const o = msg.overview;
  const fs = r.findings;
  const numberOf = new Map(fs.map((f, i) => [f, i + 1]));
  const nos = (list: Finding[]): number[] => list.map((f) => numberOf.get(f)!);
  const findings = fs.map((f, i) => ({ n: i + 1, rule: f.rule, severity: f.severity, short: shortTitle(f, msg) }));
  // The same words as the report's "Period:" line ("3 days 3 hours", "21.4 hours", "5 min"), not a second formatter.
  const duration = msg.report.duration(r.period.hours);

  if (r.period.from === null) return { state: 'empty', verdict: o.empty, details: o.emptyDetails, findings, steps: [] };
  if (fs.length === 0) {
    const t = r.totals;
    return {
      state: 'clean', verdict: o.clean({ duration, from: minuteText(r.period.from, msg), to: minuteText(r.period.to, msg) }),
      details: o.cleanDetails({
        // IMAP/POP3 failures too (review AN's rest: a day with one SMTP and two IMAP typos said "1 failed SMTP login" only).
        received: t.received, delivered: t.delivered, authFailures: t.authFailures, mailboxFailures: t.dovecotLoginFailures,
        ...(r.proxyBackendRefusals !== undefined ? { proxyRefused: r.proxyBackendRefusals.refused } : {}),
      }), findings, steps: [],
    };
  }
  const acting = fs.filter((f) => ACTIONABLE.has(f.severity));
  if (acting.length === 0) return { state: 'notes', verdict: o.notes({ duration, notes: fs.length }), details: '', findings, steps: [] };

  const of = (rule: string): Finding[] => acting.filter((f) => f.rule === rule);
  const accounts = acting.filter((f) => isTakeover(f) && num(f.evidence.messagesSinceGuessed) !== null);
  const breaches = of('mailbox-breach');
  const cleanup = of('queue-cleanup').filter((f) => (f.lists?.['queue-delete.txt']?.length ?? num(f.evidence.abusiveQueued) ?? 0) > 0);
  const lost = of('queue-deleted').filter((f) => (num(f.evidence.legitimate) ?? 0) > 0);
  const refusing = of('receivers-refusing');

  // The verdict: the takeover first, else a mailbox opened by a guesser, else the most serious finding.
  const details: string[] = [];
  let verdict: string;
  if (accounts.length > 0) {
    const a = accounts[0]!;
    verdict = o.accountTaken({ user: a.subject.value, at: minuteText(a.firstAt, msg), critical: a.severity === 'critical' });
    details.push(o.accountDetails({ ips: num(a.evidence.ipsSinceGuessed) ?? 0, messages: num(a.evidence.messagesSinceGuessed) ?? 0, queued: num(a.evidence.stillQueued) }));
    if (accounts.length > 1) details.push(o.moreAccounts(accounts.slice(1).map((f) => f.subject.value)));
  } else if (breaches.length > 0) {
    verdict = o.mailboxBreach({ user: breaches[0]!.subject.value, at: minuteText(breaches[0]!.firstAt, msg) });
  } else {
    verdict = o.worst(findings[numberOf.get(acting[0]!)! - 1]!.short);
  }
  // The refusing finding the verdict already names is not said again (review AN, AN7: "Most serious: Gmail refuses
  // mail from this server. Gmail refuses mail from this server.").
  const inVerdict = accounts.length === 0 && breaches.length === 0 ? acting[0] : undefined;
  if (accounts.length === 0 && cleanup.length > 0) {
    details.push(o.queuedSpam(cleanup.reduce((s, f) => s + (f.lists?.['queue-delete.txt']?.length ?? num(f.evidence.abusiveQueued) ?? 0), 0)));
  }
  for (const f of lost) details.push(o.lostMail({ deleted: num(f.evidence.deletedInBulk) ?? 0, legitimate: num(f.evidence.legitimate) ?? 0 }));
  for (const f of refusing) if (f.subject.value !== '' && f !== inVerdict) details.push(o.refusing(f.subject.value.split(', ')));

  const steps: OverviewStep[] = [];
  // 1. The passwords: changing one is what locks the attackers out; then their open sessions go.
  const owned = [...accounts, ...breaches.filter((b) => !accounts.some((a) => a.subject.value === b.subject.value))];
  if (owned.length > 0) {
    steps.push({
      kind: 'account', text: o.stepAccount([...new Set(owned.map((f) => f.subject.value))]),
      commands: commandsFrom(r, owned, /^\s*doveadm (?:pw|kick)\b/), findings: nos(owned), files: [],
    });
  }
  const relays = of('open-relay');
  if (relays.length > 0) steps.push({ kind: 'relay', text: relayStepText(relays, o), commands: [], findings: nos(relays), files: [] });
  // 2. The queue: the spam still queued (hold, check, delete by ID), or the users' mail postsuper -d ALL deleted.
  if (cleanup.length > 0) {
    const n = cleanup.reduce((s, f) => s + (f.lists?.['queue-delete.txt']?.length ?? num(f.evidence.abusiveQueued) ?? 0), 0);
    const listed = cleanup.some((f) => f.lists?.['queue-delete.txt'] !== undefined);
    steps.push({
      kind: 'queue', text: o.stepQueue(n), commands: commandsFrom(r, cleanup, /postsuper -[hd] - < queue-delete\.txt/),
      findings: nos(cleanup), files: listed ? ['queue-delete.txt'] : [],
    });
  }
  for (const f of lost) {
    const senders = typeof f.evidence.legitimateSenders === 'string' ? f.evidence.legitimateSenders : '';
    const notDelivered = num(f.evidence.legitimateRecipientsNotDelivered) ?? 0;
    const recipients = num(f.evidence.legitimateRecipients) ?? notDelivered;
    // Refused by a receiver that refuses this server, bounced for another reason (review AM, AM2): absent from older reports.
    const refused = num(f.evidence.legitimateRecipientsRefused) ?? 0;
    const bounced = num(f.evidence.legitimateRecipientsBounced);
    steps.push({
      kind: 'lost-mail', text: o.stepLostMail({ legitimate: num(f.evidence.legitimate) ?? 0, senders, notDelivered, recipients, refused, bounced }),
      commands: [], findings: [numberOf.get(f)!], files: [],
    });
  }
  // 3. The IPs: the guessers' blocklist and the IPs that used a compromised account, with the findings' nft lines.
  const guessers = of('sasl-bruteforce');
  const listOf = (list: Finding[], file: string): Finding[] => list.filter((f) => (f.lists?.[file]?.length ?? 0) > 0);
  const blocking = listOf(guessers, 'blocklist-ips.txt');
  const using = listOf([...accounts, ...breaches], 'compromised-ips.txt');
  if (blocking.length > 0 || using.length > 0) {
    const files = [...(blocking.length > 0 ? ['blocklist-ips.txt'] : []), ...(using.length > 0 ? ['compromised-ips.txt'] : [])];
    const count = (list: Finding[], file: string): number | null => (list.length === 0 ? null : new Set(list.flatMap((f) => f.lists![file]!)).size);
    const from = [...blocking, ...using];
    const commands = commandsFrom(r, from, /\bnft add element\b/);
    // A list no block reads (compromised-ips.txt beside the guessers' blocklist: "block them as you block the
    // brute-force IPs") gets the same loop lines, reading it, each right after the line it copies: before the
    // lines that save the sets to /etc/nftables.d/blocklist.nft (review AG, AG1: appended at the end, its IPs were
    // blocked until the next reboot only).
    for (const file of files) {
      if (commands.some((l) => l.includes(file))) continue;
      const other = files.find((x) => x !== file && commands.some((l) => l.includes(x)));
      if (other === undefined) continue;
      for (let i = commands.length - 1; i >= 0; i--) {
        const l = commands[i]!;
        if (l.includes(other) && /\bwhile read\b/.test(l)) commands.splice(i + 1, 0, l.split(other).join(file));
      }
    }
    steps.push({
      kind: 'block',
      text: o.stepBlock({
        guessers: count(blocking, 'blocklist-ips.txt'), intruders: count(using, 'compromised-ips.txt'),
        startsNftables: commands.some((l) => /\bsystemctl enable --now nftables\b/.test(l)),
      }),
      commands, findings: nos(from).sort((a, b) => a - b), files,
    });
  } else if (r.redaction !== undefined && (guessers.length > 0 || accounts.some((f) => (num(f.evidence.ipsSinceGuessed) ?? 0) > 0) || breaches.length > 0)) {
    steps.push({ kind: 'block', text: o.stepBlockWithheld, commands: [], findings: nos([...accounts, ...breaches, ...guessers]).sort((a, b) => a - b), files: [] });
  }
  // 4. The lasting fixes: every other finding (the queue's are done with step 2).
  const done = new Set<string>(['queue-cleanup', 'queue-deleted', 'open-relay', ...(cleanup.length > 0 ? ['queue-flood'] : [])]);
  const rest = acting.filter((f) => !done.has(f.rule));
  // "When the fire is out" only after a fire (review AN, AN8: it came after blocking one IP on a quiet day): someone
  // in an account or a mailbox (a takeover, a breach, a guess that logged in: critical sasl-bruteforce), an open
  // relay, or the queue full of spam or flooded, or deleted whole with users' mail in it. Guessing that got nowhere,
  // refusals, a blocked port are trouble to fix, not a fire to put out first.
  const fire = owned.length > 0 || relays.length > 0 || cleanup.length > 0 || lost.length > 0 || of('queue-flood').length > 0
    || guessers.some((f) => f.severity === 'critical');
  if (rest.length > 0) steps.push({ kind: 'harden', text: o.stepHarden({ after: steps.length > 0, fire }), commands: [], findings: nos(rest), files: [] });

  return { state: 'findings', verdict, details: details.join(msg.lang === 'ja' ? '' : ' '), findings, steps };
}
