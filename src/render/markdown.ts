// report.json → Markdown for tickets (GitHub, GitLab, Redmine, Backlog). A pure function of the report model.

import { buildText } from '../tool-build.js';
import type { MailboxLoginUserRow, MinuteRow, Overview, QueuedRow, Report, ReasonRow } from '../report/model.js';
import { buildOverview } from '../report/overview.js';
import { compareMessagesFor } from '../i18n/compare.js';
import type { Example, Finding } from '../types.js';
import { defang, mdCode, mdLead, mdText, stripControls } from './escape.js';
import { citeReportPaths, fileName } from '../report/input-names.js';
import { folderWords } from '../i18n/folder.js';
import { entryLine } from './folder.js';
import type { FolderEntry } from './folder.js';
import { evidenceRows } from './evidence.js';
import { clientIpTable } from './client-ip-table.js';
import { tableWordsFor } from '../i18n/table-words.js';
import { deferralCauseTable, deferralCausesNote } from './deferral-causes-table.js';
import type { FindingRef } from './cross-refs.js';
import { findingAnchor, linkFindingRefs } from './cross-refs.js';
import { pct, when } from './format.js';
import type { MailboxProtocol, Messages } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import { minuteBins } from './time-bins.js';
import { leadSentence } from './lead-sentence.js';
import { minuteLabel } from '../report/minutely.js';

type Cell = string | number;

function table(msg: Messages, headers: string[], rows: Cell[][], numeric: boolean[] = []): string {
  if (rows.length === 0) return `${msg.report.none}\n`;
  const head = `| ${headers.join(' | ')} |`;
  const rule = `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? msg.num(c) : c)).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

/** Still-queued and bulk-deleted messages: "Recipients" counts all, "Not yet delivered" what the queue held. */
function queuedTable(msg: Messages, rows: QueuedRow[]): string {
  return table(msg, msg.report.cols.stillQueued,
    rows.map((q) => [mdCode(q.qid), when(q.since), mdText(q.saslUser), mdText(q.sender), mdText(q.clientIp), q.recipients, q.pending ?? '', q.deferrals]),
    [false, false, false, false, false, true, true, true]);
}

/** postsuper -r runs named in the summary (report.json has all of them). */
const REQUEUES_SHOWN = 3;

/** Rows of the still-queued and deleted tables (the oldest; report.json and the CSV files have all of them). */
const QUEUE_ROWS = 50;

/** "a@x, b@y and 3 more": the recipients a queued message had not reached. */
function notDeliveredTo(msg: Messages, q: QueuedRow): string {
  const named = q.pendingTo ?? [];
  // Then those a receiver bounced because it refuses this server, marked so (review AM, AM2; absent from older reports).
  const refused = q.refusedTo ?? [];
  const list = [...named.map((a) => mdText(a)), ...refused.map((a) => msg.report.refusedRecipient(mdText(a)))].join(', ');
  const more = (q.pending ?? 0) - named.length + (q.refused ?? 0) - refused.length;
  return more > 0 ? `${list}${list ? ' ' : ''}${msg.report.moreRecipients(more)}` : list;
}

/**
 * The users' legitimate mail among the queued or deleted messages, whatever their age, before the table of all of
 * them: the queue-cleanup and queue-deleted findings count it and send the admin here, and that table shows only
 * the oldest messages of a flood. No lines when the findings did not tell legitimate mail from the abuse (no
 * `legitimate` on the rows) or found none.
 */
/** The files of this run that hold every row of a queue table: report.json and the table's CSV, when written. */
function completeIn(r: Report, csv: string): string[] {
  const formats = r.options?.formats ?? ['json'];
  return [...(formats.includes('json') ? ['report.json'] : []), ...(formats.includes('csv') ? [`csv/${csv}`] : [])];
}

function legitimateBlock(msg: Messages, rows: QueuedRow[], intro: (p: { count: string; cut: string[] | null }) => string, allIn: string[]): string[] {
  const legit = rows.filter((q) => q.legitimate === true);
  if (legit.length === 0) return [];
  const shown = legit.slice(0, QUEUE_ROWS);
  return [intro({ count: msg.num(legit.length), cut: legit.length > QUEUE_ROWS ? allIn : null }), '', table(msg, msg.report.cols.legitimate,
    shown.map((q) => [mdCode(q.qid), when(q.since), mdText(q.saslUser), mdText(q.sender), notDeliveredTo(msg, q), q.deferrals]),
    [false, false, false, false, false, true]),
    // What the mark "refused by the receiver" means, under a table that shows one.
    ...(shown.some((q) => (q.refusedTo ?? []).length > 0) ? [msg.report.refusedNote, ''] : [])];
}

/** Client IPs named in a mailbox user's row, of its detailed rows (report.json and the CSV files have them all). */
const MAILBOX_IPS_SHOWN = 10;

/**
 * Who opened which mailbox, from where (report.mailboxLoginsByUser): a row per user, the first --top users (those with
 * detailed rows), its logins per protocol, its client IPs with the most logins inline, each with the reverse name
 * Postfix logged for it when a client table has one (Dovecot logs none) and, when the user used several protocols, its
 * own logins per protocol.
 */
function mailboxLoginsBlock(r: Report, rows: MailboxLoginUserRow[], msg: Messages): string[] {
  const m = msg.report;
  const top = r.options.top;
  const shown = top > 0 ? rows.slice(0, top) : rows;
  const names = new Map<string, string>();
  for (const c of [...r.byClientIp, ...(r.topAttackingIps ?? [])]) if (c.name !== '' && c.name !== 'unknown') names.set(c.key, c.name);
  const body = shown.map((u): Cell[] => {
    // Review U, U3: the user's protocols from all its logins (its IPs past the detailed rows too), each IP's from all of
    // its own, not the protocol of its first login (1 IMAP login then 50 POP3 ones read "IMAP … 51×").
    const protocols = protocolList(u.protocols);
    const several = protocols.length > 1;
    const named = u.topClientIps.slice(0, MAILBOX_IPS_SHOWN);
    const more = u.clientIps - named.length;
    const ips = m.mailboxLoginIps(named.map((x) => m.mailboxLoginIp({
      ip: mdText(x.ip), name: mdText(names.get(x.ip) ?? '', 60), protocols: several ? protocolList(x.protocols) : [], logins: x.logins,
    })), more);
    // The count is exact; past MAILBOX_IPS_KEPT the list of report.json (and the CSV) is not (review Q, Q13).
    const count: Cell = u.ipsComplete === false ? m.clientIpsListed(u.clientIps, u.ips?.length ?? 0) : u.clientIps;
    return [mdText(u.key), u.logins, count, protocols.length === 0 ? '' : m.mailboxProtocols(protocols), when(u.firstAt), when(u.lastAt), ips];
  });
  const cut = shown.length < rows.length ? completeIn(r, 'mailboxLoginsByUser.csv') : null;
  return [m.mailboxLoginsIntro({ users: rows.length, shown: shown.length, cut }), '',
    table(msg, m.cols.mailboxLogins, body, [false, true, true, false, false, false, false])];
}

/** Logins per protocol (MailboxLoginUserRow.protocols, most first) as the section names them: "POP3", escaped. */
function protocolList(p: Record<string, number>): MailboxProtocol[] {
  return Object.entries(p).filter(([k, n]) => k !== '' && n > 0).map(([k, n]) => ({ protocol: mdText(k.toUpperCase()), logins: n }));
}

export function exampleLine(r: Report, e: Example): string {
  return `${mdText(fileName(r, e.file))}:${e.line}: ${mdCode(e.text, 300, false)}`;
}

function reasonTable(r: Report, rows: ReasonRow[], msg: Messages): string {
  return table(msg, msg.report.cols.reasons,
    rows.map((x) => [x.count, mdText(x.dsn), mdText(x.reason, 160), x.example ? `${mdText(fileName(r, x.example.file))}:${x.example.line}` : '']),
    [true, false, false, false]);
}

/**
 * A finding: its short title as the heading (the overview's line, review Z, Z4: whole titles of 75 to 120 words made
 * headings no one could scan), the whole title below it as the lead when it says more, then the rule, evidence, log
 * lines, why and what to do.
 */
function findingBlock(r: Report, f: Finding, i: number, short: string, msg: Messages, refs: FindingRef[]): string {
  const rule = r.rules.find((x) => x.id === f.rule);
  const out: string[] = [];
  const m = msg.report;
  // The anchor the cross-references link to (review Z, Z22), the id report.html gives the card.
  out.push(findingAnchor(i + 1), '');
  out.push(`### ${i + 1}. [${m.severityTag(f.severity)}] ${mdText(short, 300)}`);
  out.push('');
  if (short !== f.title) {
    out.push(mdLead(leadSentence(f.title, msg.lang), 1000));
    out.push('');
  }
  out.push(m.findingMeta({ rule: `\`${f.rule}\``, kind: mdText(m.subjectKind(f.subject.kind)), value: mdCode(f.subject.value), from: when(f.firstAt), to: when(f.lastAt) }));
  // The evidence as a table of words and values (review Z, Z3), after the line above, before the log lines.
  const ev = evidenceRows(f.rule, f.evidence, msg);
  if (ev.length > 0) out.push('', `| ${m.evidence} | |`, '| --- | --- |', ...ev.map(([k, v]) => `| ${k} | ${v} |`));
  if (f.examples.length > 0) {
    if (ev.length > 0) out.push('');
    out.push(`- ${m.logLines}:`);
    for (const e of f.examples) out.push(`  - ${exampleLine(r, e)}`);
  }
  // A finding's own "why" (a rule's low note) replaces the rule's general one, as its fix does.
  const why = f.why ?? rule?.why;
  if (why !== undefined) {
    out.push('');
    out.push(`${m.why} ${linkFindingRefs(defang(why), refs, msg)}`);
  }
  // A finding's own fix (chosen from what the run found) replaces the rule's general one.
  const fix = f.fix ?? rule?.fix;
  if (fix !== undefined) {
    out.push('');
    out.push(m.fix);
    out.push('');
    out.push(linkFindingRefs(defang(fix), refs, msg));
  }
  out.push('');
  return out.join('\n');
}

/** The fence around commands: longer than any run of backquotes in them (a user name is log text). */
function fenceFor(lines: string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  return '`'.repeat(longest + 1);
}

/** "finding 1; uses `queue-delete.txt`": where a step comes from and the files it reads. */
export function stepSource(msg: Messages, findings: number[], files: string[]): string {
  const o = msg.overview;
  return [...(findings.length > 0 ? [o.findingRef(findings)] : []), ...(files.length > 0 ? [o.uses(files)] : [])].join(msg.lang === 'ja' ? '、' : '; ');
}

/**
 * The top of report.md (review Z, Z1/Z2/Z6): with --baseline the comparison's verdict, then the run's verdict and every
 * finding as one line; the first steps follow the warnings (firstSteps). `links`: each line links its finding's
 * anchor (report.md); ticket.md has no anchors (pasted alone into a ticket, where `<a id>` may show as text), so
 * there it says "(finding 1)" only, the findings following under their numbers.
 */
export function verdictBlock(r: Report, ov: Overview, msg: Messages, links = true): string[] {
  const m = msg.report;
  const out: string[] = [];
  if (r.comparison) {
    out.push(`**${mdText(msg.overview.baselineFirst)}: ${mdText(r.comparison.verdict.headline, 1000)}** ${mdText(msg.overview.paren(`${msg.overview.baselineMore}: ${compareHeading(r)}`))}`, '');
  }
  out.push(`**${mdText(ov.verdict, 1000)}**${ov.details ? ` ${mdText(ov.details, 2000)}` : ''}`, '');
  if (ov.findings.length > 0) {
    for (const f of ov.findings) {
      const ref = msg.overview.findingRef([f.n]);
      out.push(`- **${m.severityTag(f.severity)}** ${mdText(f.short, 300)}${msg.lang === 'ja' ? '' : ' '}${msg.overview.paren(links ? `[${ref}](#finding-${f.n})` : ref)}`);
    }
    out.push('');
  }
  return out;
}

/**
 * A step's source as report.md links it, as report.html does (html.ts sourceHtml): each finding's number to its
 * anchor, "(findings [1](#finding-1) and [2](#finding-2); uses [`queue-delete.txt`](queue-delete.txt))", and each
 * file to itself next to the report, as the charts are linked. The files are the fixed names of render/lists.ts (no
 * character a link destination would need escaped).
 */
function stepSourceLinked(msg: Messages, findings: number[], files: string[]): string {
  const known = new Set(findings);
  const named = new Set(files);
  // Code spans (the file names) and the numbers outside them, in one pass.
  return stepSource(msg, findings, files).replace(/`([^`]+)`|\d+/g, (all: string, code: string | undefined) => {
    if (code !== undefined) return named.has(code) ? `[${all}](${code})` : all;
    return known.has(Number(all)) ? `[${all}](#finding-${all})` : all;
  });
}

/**
 * The first steps as a numbered list, each with its commands in a fenced block. `links`: the sources link the
 * findings and files (report.md, which has the findings' anchors and the files beside it); ticket.md, pasted alone
 * into a ticket, has neither.
 */
export function firstSteps(ov: Overview, msg: Messages, links = false): string[] {
  if (ov.steps.length === 0) return [];
  const out: string[] = [`## ${msg.overview.stepsHeading}`, ''];
  ov.steps.forEach((s, i) => {
    const source = links ? stepSourceLinked(msg, s.findings, s.files) : stepSource(msg, s.findings, s.files);
    out.push(`${i + 1}. ${mdText(s.text, 1000)}${source ? `${msg.lang === 'ja' ? '' : ' '}${msg.overview.paren(source)}` : ''}`);
    if (s.commands.length > 0) {
      const fence = fenceFor(s.commands);
      out.push('', `   ${fence}`, ...s.commands.map((l) => `   ${stripControls(l)}`), `   ${fence}`);
    }
    out.push('');
  });
  return out;
}

/** The heading of the "Compared with the baseline" section addAnalyzeBaseline adds, in the comparison's language. */
function compareHeading(r: Report): string {
  return compareMessagesFor(r.comparison?.lang ?? r.lang).md.baseline;
}

export interface MarkdownParts {
  /** The verdict, the findings in one line each and the first steps (report.html draws its own: html.ts). */
  overview: boolean;
  /** The files of the output folder, for the "Files in this folder" section (none: no section). */
  folder?: readonly FolderEntry[];
}

/**
 * The period's length in words; "no dated line" for inputs without one (review AJ: an empty log's report said "1 min",
 * the shortest length splitDuration gives).
 */
export function periodLength(r: Report, msg: Messages): string {
  return r.period.from === null ? msg.report.noDatedLine : msg.report.duration(r.period.hours);
}

/** "Period: **…** to **…** (…), 3 days 3 hours; 9,687 lines from 1 file; host: mail." */
export function periodLine(r: Report, msg: Messages): string {
  const m = msg.report;
  return m.period({
    from: when(r.period.from), to: when(r.period.to), zone: m.zone(r.period.timezone), duration: periodLength(r, msg),
    lines: msg.num(r.lines.total), files: r.inputs.length, hosts: r.hosts.map((h) => mdText(h.key)).join(', ') || '–', hostCount: r.hosts.length,
  });
}

export function renderMarkdown(r: Report, title?: string, charts: ChartLink[] = [], messages?: Messages, parts: MarkdownParts = { overview: true }): string {
  // The language: the caller's, else the one the report was made in (report.lang), else English.
  const msg = messages ?? messagesFor(r.lang);
  const m = msg.report;
  const c = m.cols;
  const n = msg.num;
  const t = r.totals;
  const out: string[] = [];
  out.push(`# ${mdText(title ?? m.defaultTitle)}`);
  out.push('');
  out.push(periodLine(r, msg));
  out.push('');
  // Reports of older versions have no overview: made here from their findings.
  const ov = r.overview ?? buildOverview(r, msg);
  if (parts.overview) out.push(...verdictBlock(r, ov, msg));
  for (const w of r.warnings) out.push(`> ${m.warning} ${mdText(citeReportPaths(w, r), 500)}\n`);
  if (parts.overview) out.push(...firstSteps(ov, msg, true));

  out.push(`## ${m.h.summary}`);
  out.push('');
  const delivered = t.delivered + t.bounced + t.expired;
  out.push(m.summaryReceived({
    received: n(t.received), delivered: n(t.delivered), bounced: n(t.bounced), expired: n(t.expired), bounceRate: pct(t.bounced + t.expired, delivered),
  }));
  // A report.json made before requeues were shown has none.
  const requeues = r.postsuperRequeues ?? [];
  // Every postsuper -d ALL, in order: the spam that came back after a first cleanup is the story (review 17, F3: two
  // deletions read as one at the second's time).
  const deletions = [...new Set(r.deletedInBulk.map((q) => q.deletedAt))].sort().map((at) => when(at));
  out.push(m.summaryDeferred({
    deferred: n(t.deferred), deferredMessages: n(t.deferredMessages), stillQueued: n(t.stillQueued),
    deletedInBulk: t.deletedInBulk ?? 0, deletedAt: deletions.length === 0 ? null : deletions.join(', '),
    requeues: requeues.slice(0, REQUEUES_SHOWN).map((q) => ({ count: q.count, at: when(q.at) })),
    moreRequeues: Math.max(0, requeues.length - REQUEUES_SHOWN),
  }));
  // IPs counted over all of them when the report was built; a report.json without the counts only has the rows left
  // after --top (at least that many).
  const ipCounts = r.clientIpCounts;
  out.push(m.summaryRejects({
    rejected: n(t.rejected), authFailures: n(t.authFailures), aborted: t.authAborted ?? 0,
    ips: ipCounts?.smtpAuthFailures ?? r.byClientIp.filter((x) => x.authFailures + x.authAborted > 0).length,
    atLeast: ipCounts === undefined && r.options.top > 0, mailbox: n(t.dovecotLoginFailures), mailboxIps: ipCounts?.mailboxLoginFailures ?? null,
    ...(r.proxyBackendRefusals !== undefined ? { proxyRefused: r.proxyBackendRefusals.refused } : {}),
  }));
  // AUTH refused with 503 leaves no warning line (review AL, AL1): after AUTH is turned off on port 25, the bots' AUTH.
  const authRefused = r.authRefused ?? [];
  const port25 = authRefused.filter((x) => x.port25);
  const other = authRefused.filter((x) => !x.port25);
  const sum = (rows: typeof authRefused, k: 'commands' | 'ips'): number => rows.reduce((s, x) => s + x[k], 0);
  if (authRefused.length > 0) {
    out.push(m.summaryAuthRefused({ port25: sum(port25, 'commands'), port25Ips: sum(port25, 'ips'), other: sum(other, 'commands'), otherIps: sum(other, 'ips') }));
  }
  // No line of the findings here (review AG, AG4: "Findings: 8; the first 3:" repeated, a screen lower, three of the
  // eight lines the verdict lists above the Summary in report.md and report.html alike).
  out.push('');

  out.push(`## ${m.h.findings}`);
  out.push('');
  if (r.findings.length === 0) out.push(`${m.noRuleFired}\n`);
  const refs: FindingRef[] = r.findings.map((f, i) => ({ n: i + 1, rule: f.rule }));
  r.findings.forEach((f, i) => out.push(findingBlock(r, f, i, ov.findings.find((x) => x.n === i + 1)?.short ?? f.title, msg, refs)));

  const tl = m.totals;
  out.push(`## ${m.h.totals}`);
  out.push('');
  out.push(table(msg, c.measure, [
    [tl.received, t.received],
    [tl.delivered, t.delivered],
    [tl.deferred, t.deferred],
    [tl.deferredMessages, t.deferredMessages],
    [tl.bounced, t.bounced],
    [tl.expired, t.expired],
    [tl.rejected, t.rejected],
    [tl.rejectWarnings, t.rejectWarnings],
    [tl.heldDiscarded, `${n(t.held)} / ${n(t.discarded)}`],
    [tl.authFailures, t.authFailures],
    [tl.authAborted, t.authAborted],
    [tl.dovecotAuthFailures, t.dovecotAuthFailures],
    [tl.dovecotLoginFailures, t.dovecotLoginFailures],
    // Only for a login proxy read without its backends' logs (review AD): the failures its counts lack.
    ...(r.proxyBackendRefusals !== undefined ? [[tl.proxyRefused, r.proxyBackendRefusals.refused]] : []),
    [tl.connections, t.connections],
    [tl.connectFailures, t.connectFailures],
    [tl.notifications, t.notifications],
    [tl.messagesRemoved, t.messagesRemoved],
    [tl.postsuperDeleted, t.postsuperDeleted],
    // Only when postsuper -r ran: a requeue is rare, and deletes nothing.
    ...((t.postsuperRequeued ?? 0) > 0 ? [[tl.postsuperRequeued, t.postsuperRequeued]] : []),
    [tl.deletedInBulk, t.deletedInBulk ?? 0],
    [tl.stillQueued, t.stillQueued],
    [tl.partialMessages, t.partialMessages],
    [tl.abandonedTransactions, t.abandonedTransactions ?? 0],
    [tl.sessionProblems, t.sessionProblems ?? 0],
  ], [false, true]));

  out.push(`## ${m.h.saslUsers}`);
  out.push('');
  // Submissions refused at the end of DATA (a milter's 5xx), after Messages, only when a login has any (code review
  // 17, K7b): "12 (5 IPs)".
  const refused = r.bySaslUser.some((u) => (u.refusedMessages ?? 0) > 0);
  // smtpd's refusals naming the login (Postfix ≥ 3.10: "… sasl_username=X" on its reject lines), after those, only when
  // a login has any: a stolen account whose spam a rate limit refused at RCPT, "120 (8 IPs)".
  const rejected = r.bySaslUser.some((u) => (u.rejects ?? 0) > 0);
  const userCols: string[] = [c.saslUsers[0], c.saslUsers[1], ...(refused ? [c.saslUserRefused] : []), ...(rejected ? [c.saslUserRejects] : []), ...c.saslUsers.slice(2)];
  const extra = (refused ? 1 : 0) + (rejected ? 1 : 0);
  out.push(table(msg, userCols,
    r.bySaslUser.map((u) => {
      const cells: Cell[] = [mdText(u.key), u.messages, u.recipients, u.clientIps, u.senders, u.sent, u.deferred, u.bounced, u.expired, u.authFailures, when(u.firstAt), when(u.lastAt)];
      const added: Cell[] = [];
      if (refused) added.push((u.refusedMessages ?? 0) === 0 ? 0 : m.refusedFrom(u.refusedMessages!, u.refusedClientIps ?? 0));
      if (rejected) added.push((u.rejects ?? 0) === 0 ? 0 : m.refusedFrom(u.rejects!, u.rejectClientIps ?? 0));
      cells.splice(2, 0, ...added);
      return cells;
    }),
    [false, true, ...new Array<boolean>(extra).fill(true), true, true, true, true, true, true, true, true, false, false]));
  if (r.bySaslUser.length > 0) out.push(m.deferredAtLastTryNote, '');
  // Bots' guesses at a real user's name count in its row (review AO, AO9: tanaka@'s 18, none of them tanaka@'s own).
  if (r.bySaslUser.some((u) => u.authFailures > 0)) out.push(m.saslUserAuthFailuresNote, '');

  out.push(`## ${m.h.clientIps}`);
  out.push('');
  const ips = clientIpTable(r.byClientIp, msg);
  out.push(table(msg, ips.headers, ips.rows, ips.numeric));
  // How many IPs the table leaves out, and the guessers it shows as one row (review Z).
  const totalIps = r.clientIpCounts?.clientIps ?? r.byClientIp.length;
  if (totalIps > r.byClientIp.length || ips.grouped > 0) {
    // The cut may take more IPs than --top when it folds IMAP/POP3-only guessers into a few rows (review AD/Z rest).
    const above = r.clientIpCounts?.aboveCut;
    const top = above ?? (r.options.top > 0 ? Math.min(r.options.top, r.byClientIp.length) : r.byClientIp.length);
    out.push(tableWordsFor(msg.lang).clientIpsNote({
      rows: r.byClientIp.length, total: totalIps, top, kept: r.byClientIp.length - top, grouped: ips.grouped,
      ...(above !== undefined ? { asRows: r.options.top } : {}),
    }));
    out.push('');
  }

  out.push(`## ${m.h.senders}`);
  out.push('');
  out.push(table(msg, c.senders,
    r.bySender.map((s) => [mdText(s.key), s.messages, s.recipients, s.sent, s.deferred, s.bounced, s.expired]),
    [false, true, true, true, true, true, true]));
  // How many senders --top left out (review AM, AM4), known in reports since then.
  const totalSenders = r.senderCounts?.senders ?? r.bySender.length;
  if (totalSenders > r.bySender.length) out.push(tableWordsFor(msg.lang).sendersNote({ rows: r.bySender.length, total: totalSenders }), '');
  if (r.bySender.length > 0) out.push(m.deferredAtLastTryNote, '');

  // Only when programs on the server submitted mail (a gateway that only relays has none): the section is there to
  // name the web application or script behind a burst.
  if (r.byLocalProgram.length > 0) {
    out.push(`## ${m.h.localPrograms}`);
    out.push('');
    out.push(m.localProgramsNote);
    out.push('');
    out.push(table(msg, c.localPrograms,
      r.byLocalProgram.map((p) => [mdText(p.host), mdCode(p.uid), p.messages, p.recipients, p.outsideRecipients, p.outsideDomains, p.outsideNotDelivered,
        when(p.firstOutsideAt), when(p.lastOutsideAt)]),
      [false, false, true, true, true, true, true, false, false]));
  }

  // Only when OpenDMARC or policyd-spf logged verdicts on incoming mail (report/mail-authentication.ts).
  const auth = r.mailAuthentication;
  if (auth !== undefined) {
    out.push(`## ${m.h.mailAuthentication}`);
    out.push('');
    out.push(m.mailAuthenticationNote);
    out.push('');
    const checks = (['dmarc', 'spf', 'spfOpendmarc'] as const).filter((k) => auth[k] !== undefined);
    const results = (o: Record<string, number>): string => Object.entries(o).map(([k, n]) => `${k} ${n.toLocaleString(msg.locale)}`).join(', ');
    for (const k of checks) out.push(m.mailAuthenticationLine({ check: k === 'spfOpendmarc' ? 'spf-opendmarc' : k, verdicts: auth[k]!.verdicts, byResult: results(auth[k]!.byResult), domains: auth[k]!.domains }));
    out.push('');
    const rows = checks.flatMap((k) => auth[k]!.topFailing.map((d) => [k === 'dmarc' ? 'DMARC' : k === 'spf' ? 'SPF' : 'SPF (OpenDMARC)', mdText(d.domain || m.noDomain), d.verdicts, d.failed, results(d.byResult)]));
    if (rows.length > 0) out.push(table(msg, c.mailAuthentication, rows, [false, false, true, true, false]));
  }

  // Only when rspamd's task summaries named users, or rspamd's own file was read (report/rspamd-outgoing.ts).
  const rspamd = r.rspamdOutgoing;
  if (rspamd !== undefined) {
    out.push(`## ${m.h.rspamdOutgoing}`);
    out.push('');
    out.push(m.rspamdOutgoingNote);
    out.push('');
    const actions = (o: Record<string, number>): string => Object.entries(o).map(([k, n]) => `${mdText(k)} ${n.toLocaleString(msg.locale)}`).join(', ');
    out.push(m.rspamdOutgoingLine({ messages: rspamd.messages, users: rspamd.userCount, byAction: actions(rspamd.byAction) }));
    if (rspamd.joined !== undefined) out.push(m.rspamdFileJoined(rspamd.joined));
    out.push('');
    const flagged = (o: Record<string, number>): number => (o['reject'] ?? 0) + (o['soft reject'] ?? 0) + (o['add header'] ?? 0) + (o['rewrite subject'] ?? 0);
    if (rspamd.users.length > 0) {
      out.push(table(msg, c.rspamdOutgoing, rspamd.users.map((u) => [mdText(u.user), u.messages, flagged(u.byAction), actions(u.byAction)]), [false, true, true, false]));
    }
  }

  out.push(`## ${m.h.recipientDomains}`);
  out.push('');
  out.push(table(msg, c.recipientDomains,
    r.byRecipientDomain.map((d) => [mdText(d.key || m.noDomain), d.recipients, d.sent, d.deferred, d.bounced, d.expired, d.deferralAttempts]),
    [false, true, true, true, true, true, true]));
  if (r.byRecipientDomain.length > 0) out.push(m.recipientDomainsOrderNote, '', m.recipientDomainsNote, '');

  out.push(`## ${m.h.deferralReasons}`);
  out.push('');
  if (r.deferralCauses === undefined) out.push(reasonTable(r, r.deferralReasons, msg));
  else {
    // Grouped by receiver and cause (review Z, Z27); a report of an older version has its reasons only.
    const causes = deferralCauseTable(r, r.deferralCauses, msg);
    out.push(table(msg, causes.headers, causes.rows, causes.numeric));
    if (r.deferralCauses.length > 0) out.push(deferralCausesNote(r.deferralCauses, msg, completeIn(r, 'deferralReasons.csv')), '');
  }
  out.push(`## ${m.h.bounceReasons}`);
  out.push('');
  out.push(reasonTable(r, r.bounceReasons, msg));
  out.push(`## ${m.h.rejectReasons}`);
  out.push('');
  out.push(reasonTable(r, r.rejectReasons, msg));

  out.push(`## ${m.h.authFailures}`);
  out.push('');
  out.push(m.authByUser);
  out.push('');
  out.push(table(msg, c.userFailures, r.authFailuresByUser.map((x) => [mdText(x.key), x.count]), [false, true]));
  // Review AM, AM6: the table counts wrong passwords only; said when that leaves failures out (its sum 99 against 168).
  // Only when the three kinds add up to the whole (a report of an older version, or a hand-made one, may not hold them).
  const server = t.authServerErrors ?? 0;
  const malformed = t.authMalformed ?? 0;
  if (typeof t.authCredentialFailures === 'number' && t.authCredentialFailures < t.authFailures
    && t.authCredentialFailures + server + malformed === t.authFailures) {
    out.push(m.authByUserScope({ credentials: t.authCredentialFailures, all: t.authFailures, server, malformed }));
    out.push('');
  }
  out.push(m.authByReason);
  out.push('');
  out.push(table(msg, c.reasonFailures, r.authFailureReasons.map((x) => [mdText(x.key), x.count]), [false, true]));
  out.push(m.dovecotByUser);
  out.push('');
  out.push(table(msg, c.userFailures, r.dovecotAuthFailuresByUser.map((x) => [mdText(x.key), x.count]), [false, true]));

  // Only when someone logged in through Dovecot (a log without Dovecot has no login; older reports no such table).
  const mailbox = r.mailboxLoginsByUser ?? [];
  if (mailbox.length > 0) {
    out.push(`## ${m.h.mailboxLogins}`);
    out.push('');
    out.push(...mailboxLoginsBlock(r, mailbox, msg));
  }

  out.push(`## ${m.h.stillQueued}`);
  out.push('');
  if (r.stillQueued.length === 0) out.push(`${m.queueEmpty}\n`);
  else {
    const allIn = completeIn(r, 'stillQueued.csv');
    out.push(...legitimateBlock(msg, r.stillQueued, m.legitimateQueuedIntro, allIn));
    out.push(m.stillQueuedIntro(n(r.stillQueued.length), r.stillQueued.length > QUEUE_ROWS ? allIn : null));
    out.push('');
    out.push(queuedTable(msg, r.stillQueued.slice(0, QUEUE_ROWS)));
  }
  if (r.deletedInBulk.length > 0) {
    out.push(`## ${m.deletedInBulkHeading}`);
    out.push('');
    const allIn = completeIn(r, 'deletedInBulk.csv');
    out.push(...legitimateBlock(msg, r.deletedInBulk, m.legitimateDeletedIntro, allIn));
    const times = [...new Set(r.deletedInBulk.map((q) => q.deletedAt))].sort().map((at) => when(at));
    out.push(m.deletedInBulkIntro({ count: n(r.deletedInBulk.length), at: times.join(', '), cut: r.deletedInBulk.length > QUEUE_ROWS ? allIn : null }));
    out.push('');
    out.push(queuedTable(msg, r.deletedInBulk.slice(0, QUEUE_ROWS)));
  }

  out.push(...activityTable(r, msg));

  if (charts.length > 0) out.push(chartsSection(charts, msg));
  if (parts.folder !== undefined && parts.folder.length > 0) out.push(folderSection(parts.folder, r.options.top, msg));

  out.push(`## ${m.h.appendix}`);
  out.push('');
  out.push(`### ${m.h.inputs}`);
  out.push('');
  // Each file by the name the log lines cite, and once its path as given when that says more (review Z, Z25).
  const paths = r.inputs.some((f, i) => fileName(r, i) !== f.path);
  out.push(table(msg, [...c.inputs, ...(paths ? [folderWords(msg.lang).pathGiven] : [])],
    r.inputs.map((f, i) => [mdText(fileName(r, i)), f.journal !== undefined ? `${f.kind}, journalctl -o ${f.journal}` : f.container === 'docker-json' ? `${f.kind}, docker json-file` : tableWordsFor(msg.lang).inputKind(f.kind), f.bytes, f.lines, f.parsed, f.ignored, f.unparsed, ...(paths ? [mdText(f.path, 1000)] : [])]),
    [false, false, true, true, true, true, true, false]));
  out.push(m.lineTotals({ total: n(r.lines.total), parsed: n(r.lines.parsed), ignored: n(r.lines.ignored), unparsed: n(r.lines.unparsed) }));
  // Absent from reports of syslog files and of older versions.
  const journals = r.inputs.flatMap((f, i) => (f.journal === undefined ? [] : [mdText(fileName(r, i))]));
  if (journals.length > 0) out.push(`\n${m.journalExports(journals.join(', '))}`);
  const containerLogs = r.inputs.flatMap((f, i) => (f.container === undefined ? [] : [mdText(fileName(r, i))]));
  if (containerLogs.length > 0) out.push(`\n${m.dockerJsonLogs(containerLogs.join(', '))}`);
  // Reports of older versions have no such field (compare reads them too).
  if ((r.lines.repeatsNotExpanded ?? 0) > 0) {
    out.push(m.repeatsNotExpanded({ lines: n(r.lines.repeatsNotExpanded), events: n(r.lines.repeatedEventsNotCounted) }));
  }
  if (r.duplicateInputs.length > 0) out.push(`\n${m.duplicates(r.duplicateInputs.map((p) => mdText(citeReportPaths(p, r))).join(', '))}`);
  out.push('');
  if (r.lines.unparsedExamples.length > 0) {
    out.push(`### ${m.h.unparsed}`);
    out.push('');
    // Absent from reports of undamaged logs and of older versions.
    if ((r.lines.cutShort ?? 0) > 0) {
      out.push(m.cutShort({ lines: n(r.lines.cutShort!), unparsed: n(r.lines.unparsed) }));
      out.push('');
    }
    for (const e of r.lines.unparsedExamples) out.push(`- ${exampleLine(r, e)}`);
    out.push('');
  }
  if (r.daemonProblems.length > 0) {
    out.push(`### ${m.h.daemonProblems}`);
    out.push('');
    out.push(reasonTable(r, r.daemonProblems, msg));
  }
  out.push(m.generatedBy(r.tool.name, buildText(r.tool.version, typeof r.tool.commit === 'string' ? r.tool.commit : undefined, r.tool.modified), r.schemaVersion));
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Optional "Charts" section: links to chart files written next to report.md by another renderer (see
// render/index.ts). Without charts the output above is unchanged, byte for byte.
// ---------------------------------------------------------------------------------------------------------

/** A chart file to link from report.md: a path relative to the report and its title. */
export interface ChartLink {
  path: string;
  title: string;
}

/** "Files in this folder" (review Z, Z17): a line per file written, what it holds and its findings. */
function folderSection(files: readonly FolderEntry[], top: number, msg: Messages): string {
  const w = folderWords(msg.lang);
  const out: string[] = [`## ${w.heading}`, '', w.intro(top), ''];
  for (const f of files) out.push(`- ${mdCode(f.path)}: ${mdText(entryLine(f, msg), 500)}`);
  return out.join('\n') + '\n';
}

function chartsSection(charts: ChartLink[], msg: Messages): string {
  const out: string[] = [`## ${msg.report.h.charts}`, '', msg.report.chartsIntro, ''];
  for (const c of charts) out.push(`- [${mdText(c.title)}](${encodeURI(c.path)})`);
  return out.join('\n') + '\n';
}

/**
 * The activity table: by the hour, or for a log of at most 12 hours (report.minutely) in the charts' bins of minutes,
 * where an hour is one row (review AG, AG6). A bin's queue size is the queue at its end, as an hour's.
 */
function activityTable(r: Report, msg: Messages): string[] {
  const m = msg.report;
  // SMTP AUTH and IMAP/POP3 failures apart, as the findings count both (review AN, AN6: only the SMTP ones showed,
  // 0 or 1 an hour beside a finding of 71 failed logins). Reports of older versions may lack mailboxLoginFailures.
  const columns = [false, true, true, true, true, true, true, true, true, true];
  if (r.minutely === undefined || r.minutely.length === 0) {
    return [`## ${m.h.hourly}`, '', table(msg, m.cols.hourly,
      r.hourly.map((h) => [when(h.hour), h.lines, h.received, h.sent, h.deferred, h.bounced, h.rejected, h.authFailures, h.mailboxLoginFailures ?? 0, h.queueSize]),
      columns)];
  }
  const { minutes, bins } = minuteBins(r.minutely);
  const zone = r.minutely[0]!.minute.slice(16);
  const total = (rows: MinuteRow[], f: (x: MinuteRow) => number): number => rows.reduce((s, x) => s + f(x), 0);
  return [`## ${m.activityPer(minutes)}`, '', table(msg, [m.binStartColumn, ...m.cols.hourly.slice(1)],
    bins.map((b) => [
      when(minuteLabel(b.start) + zone), total(b.rows, (x) => x.lines), total(b.rows, (x) => x.received), total(b.rows, (x) => x.sent),
      total(b.rows, (x) => x.deferred), total(b.rows, (x) => x.bounced), total(b.rows, (x) => x.rejected),
      total(b.rows, (x) => x.authFailures), total(b.rows, (x) => x.mailboxLoginFailures ?? 0), b.rows[b.rows.length - 1]!.queueSize,
    ]),
    columns)];
}
