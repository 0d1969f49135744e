// report.json → Markdown for tickets (GitHub, GitLab, Redmine, Backlog). A pure function of the report model.

import type { Report, ReasonRow } from '../report/model.js';
import type { Example, Finding } from '../types.js';
import { mdCode, mdText } from './escape.js';
import { n, pct, when } from './format.js';

type Cell = string | number;

function table(headers: string[], rows: Cell[][], numeric: boolean[] = []): string {
  if (rows.length === 0) return '_None._\n';
  const head = `| ${headers.join(' | ')} |`;
  const rule = `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? n(c) : c)).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

function exampleLine(r: Report, e: Example): string {
  const file = r.inputs[e.file]?.path ?? `#${e.file}`;
  return `${mdText(file)}:${e.line}: ${mdCode(e.text)}`;
}

function reasonTable(r: Report, rows: ReasonRow[]): string {
  return table(['Count', 'DSN', 'Reason (normalised)', 'First seen'],
    rows.map((x) => [x.count, mdText(x.dsn), mdText(x.reason, 160), x.example ? `${mdText(r.inputs[x.example.file]?.path ?? '')}:${x.example.line}` : '']),
    [true, false, false, false]);
}

function findingBlock(r: Report, f: Finding, i: number): string {
  const rule = r.rules.find((x) => x.id === f.rule);
  const out: string[] = [];
  out.push(`### ${i + 1}. [${f.severity.toUpperCase()}] ${mdText(f.title, 300)}`);
  out.push('');
  out.push(`- Rule: \`${f.rule}\`; subject: ${mdText(f.subject.kind)} ${mdCode(f.subject.value)}; from ${when(f.firstAt)} to ${when(f.lastAt)}`);
  const ev = Object.entries(f.evidence).map(([k, v]) => `${mdText(k)} = ${typeof v === 'number' ? n(v) : mdText(String(v))}`);
  if (ev.length > 0) out.push(`- Evidence: ${ev.join('; ')}`);
  if (f.examples.length > 0) {
    out.push('- Log lines:');
    for (const e of f.examples) out.push(`  - ${exampleLine(r, e)}`);
  }
  if (rule) {
    out.push('');
    out.push(`**Why it matters.** ${rule.why}`);
    out.push('');
    out.push('**What to do.**');
    out.push('');
    out.push(rule.fix);
  }
  out.push('');
  return out.join('\n');
}

export function renderMarkdown(r: Report, title = 'Mail log forensics report', charts: ChartLink[] = []): string {
  const t = r.totals;
  const zone = r.period.timezone === 'local' ? 'server local time (the log carries no zone)' : `UTC${r.period.timezone}`;
  const out: string[] = [];
  out.push(`# ${mdText(title)}`);
  out.push('');
  out.push(`Period: **${when(r.period.from)}** to **${when(r.period.to)}** (${zone}), ${n(r.period.hours)} hours; `
    + `${n(r.lines.total)} lines from ${r.inputs.length} file${r.inputs.length === 1 ? '' : 's'}; `
    + `host${r.hosts.length === 1 ? '' : 's'}: ${r.hosts.map((h) => mdText(h.key)).join(', ') || '–'}.`);
  out.push('');
  for (const w of r.warnings) out.push(`> **Warning:** ${mdText(w, 500)}\n`);

  out.push('## Summary');
  out.push('');
  const delivered = t.delivered + t.bounced + t.expired;
  out.push(`- **${n(t.received)}** messages received (smtpd and local pickup); **${n(t.delivered)}** recipients delivered, `
    + `**${n(t.bounced)}** bounced, **${n(t.expired)}** expired (bounce rate ${pct(t.bounced + t.expired, delivered)}).`);
  out.push(`- **${n(t.deferred)}** deferred delivery attempts for **${n(t.deferredMessages)}** messages; `
    + `**${n(t.stillQueued)}** messages still in the queue at the end of the log.`);
  out.push(`- **${n(t.rejected)}** SMTP rejects; **${n(t.authFailures)}** SMTP AUTH failures from `
    + `${n(r.byClientIp.filter((x) => x.authFailures > 0).length)}${r.options.top > 0 ? '+' : ''} IPs; `
    + `**${n(t.dovecotLoginFailures)}** IMAP/POP3 login failures.`);
  if (r.findings.length > 0) {
    const worst = r.findings.slice(0, 3).map((f) => `**${f.severity}**: ${mdText(f.title, 300)}`);
    out.push(`- Findings: ${r.findings.length}. First: ${worst.join('; ')}`);
  } else {
    out.push('- No findings.');
  }
  out.push('');

  out.push('## Findings');
  out.push('');
  if (r.findings.length === 0) out.push('_No rule fired on this log._\n');
  r.findings.forEach((f, i) => out.push(findingBlock(r, f, i)));

  out.push('## Totals');
  out.push('');
  out.push(table(['Measure', 'Count'], [
    ['Messages received', t.received],
    ['Recipients delivered', t.delivered],
    ['Deferred delivery attempts', t.deferred],
    ['Messages deferred at least once', t.deferredMessages],
    ['Recipients bounced', t.bounced],
    ['Recipients expired (returned to sender)', t.expired],
    ['Rejected (NOQUEUE and queue-ID rejects)', t.rejected],
    ['Reject warnings', t.rejectWarnings],
    ['Held / discarded', `${n(t.held)} / ${n(t.discarded)}`],
    ['SMTP AUTH failures (Postfix)', t.authFailures],
    ['SMTP AUTH aborted', t.authAborted],
    ['Dovecot auth failures', t.dovecotAuthFailures],
    ['IMAP/POP3 login failures', t.dovecotLoginFailures],
    ['SMTP connections', t.connections],
    ['Outbound connect failures', t.connectFailures],
    ['Bounce / delay notifications generated', t.notifications],
    ['Messages removed from the queue', t.messagesRemoved],
    ['Deleted by postsuper (summary lines)', t.postsuperDeleted],
    ['Still queued at end of log', t.stillQueued],
    ['Messages that started before the log', t.partialMessages],
  ], [false, true]));

  out.push('## SASL users');
  out.push('');
  out.push(table(['User', 'Messages', 'Recipients', 'Client IPs', 'Senders used', 'Sent', 'Deferred', 'Bounced', 'Expired', 'AUTH failures', 'First', 'Last'],
    r.bySaslUser.map((u) => [mdText(u.key), u.messages, u.recipients, u.clientIps, u.senders, u.sent, u.deferred, u.bounced, u.expired, u.authFailures, when(u.firstAt), when(u.lastAt)]),
    [false, true, true, true, true, true, true, true, true, true, false, false]));

  out.push('## Client IPs');
  out.push('');
  out.push(table(['IP', 'Name', 'Connections', 'Messages', 'AUTH failures', 'Login failures (IMAP/POP3)', 'Rejects', 'SASL users', 'User names tried'],
    r.byClientIp.map((c) => [mdText(c.key), mdText(c.name, 60), c.connections, c.messages, c.authFailures + c.authAborted, c.mailboxLoginFailures, c.rejects,
      mdText(c.saslUsers.join(', '), 80), c.usersTried]),
    [false, false, true, true, true, true, true, false, true]));

  out.push('## Envelope senders');
  out.push('');
  out.push(table(['Sender', 'Messages', 'Recipients', 'Sent', 'Deferred', 'Bounced', 'Expired'],
    r.bySender.map((s) => [mdText(s.key), s.messages, s.recipients, s.sent, s.deferred, s.bounced, s.expired]),
    [false, true, true, true, true, true, true]));

  out.push('## Recipient domains');
  out.push('');
  out.push(table(['Domain', 'Recipients', 'Sent', 'Deferred (final)', 'Bounced', 'Expired', 'Deferral attempts'],
    r.byRecipientDomain.map((d) => [mdText(d.key || '(none)'), d.recipients, d.sent, d.deferred, d.bounced, d.expired, d.deferralAttempts]),
    [false, true, true, true, true, true, true]));

  out.push('## Deferral reasons');
  out.push('');
  out.push(reasonTable(r, r.deferralReasons));
  out.push('## Bounce reasons');
  out.push('');
  out.push(reasonTable(r, r.bounceReasons));
  out.push('## Reject reasons');
  out.push('');
  out.push(reasonTable(r, r.rejectReasons));

  out.push('## Authentication failures');
  out.push('');
  out.push('SMTP AUTH (Postfix) by user name tried (needs Postfix ≥ 3.7.8, which logs `sasl_username=`):');
  out.push('');
  out.push(table(['User name', 'Failures'], r.authFailuresByUser.map((x) => [mdText(x.key), x.count]), [false, true]));
  out.push('By reason:');
  out.push('');
  out.push(table(['Reason', 'Failures'], r.authFailureReasons.map((x) => [mdText(x.key), x.count]), [false, true]));
  out.push('Dovecot authentication failures by user name:');
  out.push('');
  out.push(table(['User name', 'Failures'], r.dovecotAuthFailuresByUser.map((x) => [mdText(x.key), x.count]), [false, true]));

  out.push('## Still queued at the end of the log');
  out.push('');
  if (r.stillQueued.length === 0) out.push('_The queue was empty at the end of the log._\n');
  else {
    out.push(`${n(r.stillQueued.length)} messages were never removed. Oldest first${r.stillQueued.length > 50 ? ' (first 50; all of them are in report.json)' : ''}:`);
    out.push('');
    out.push(table(['Queue ID', 'Since', 'SASL user', 'Sender', 'Client IP', 'Recipients', 'Deferrals'],
      r.stillQueued.slice(0, 50).map((q) => [mdCode(q.qid), when(q.since), mdText(q.saslUser), mdText(q.sender), mdText(q.clientIp), q.recipients, q.deferrals]),
      [false, false, false, false, false, true, true]));
  }

  out.push('## Activity per hour');
  out.push('');
  out.push(table(['Hour', 'Lines', 'Received', 'Sent', 'Deferred', 'Bounced', 'Rejected', 'AUTH failures', 'Queue size'],
    r.hourly.map((h) => [when(h.hour), h.lines, h.received, h.sent, h.deferred, h.bounced, h.rejected, h.authFailures, h.queueSize]),
    [false, true, true, true, true, true, true, true, true]));

  if (charts.length > 0) out.push(chartsSection(charts));

  out.push('## Appendix');
  out.push('');
  out.push('### Inputs and line accounting');
  out.push('');
  out.push(table(['File', 'Kind', 'Bytes', 'Lines', 'Parsed', 'Ignored (other programs)', 'Unparsed'],
    r.inputs.map((f) => [mdText(f.path), f.kind, f.bytes, f.lines, f.parsed, f.ignored, f.unparsed]),
    [false, false, true, true, true, true, true]));
  out.push(`Total: ${n(r.lines.total)} lines = ${n(r.lines.parsed)} parsed + ${n(r.lines.ignored)} ignored + ${n(r.lines.unparsed)} unparsed.`);
  if (r.duplicateInputs.length > 0) out.push(`\nGiven more than once and read once: ${r.duplicateInputs.map((p) => mdText(p)).join(', ')}.`);
  out.push('');
  if (r.lines.unparsedExamples.length > 0) {
    out.push('### Unparsed lines (first examples)');
    out.push('');
    for (const e of r.lines.unparsedExamples) out.push(`- ${exampleLine(r, e)}`);
    out.push('');
  }
  if (r.daemonProblems.length > 0) {
    out.push('### Daemon warnings and errors');
    out.push('');
    out.push(reasonTable(r, r.daemonProblems));
  }
  out.push(`Generated by ${r.tool.name} ${r.tool.version} (report schema ${r.schemaVersion}).`);
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

function chartsSection(charts: ChartLink[]): string {
  const out: string[] = ['## Charts', '', 'SVG files next to this report (attach them to the ticket with it):', ''];
  for (const c of charts) out.push(`- [${mdText(c.title)}](${encodeURI(c.path)})`);
  return out.join('\n') + '\n';
}
