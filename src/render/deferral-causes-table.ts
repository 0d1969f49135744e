// The Deferral reasons table of report.md (and so of report.html) grouped by receiver and cause (review Z, Z27;
// report.deferralCauses): one row for Yahoo's TSS04 rate limit, its hosts in a column, Postfix's cached repeats
// counted apart, text cut at a word. Every reason as Postfix wrote it stays in report.json and csv/deferralReasons.csv.

import type { DeferralCauseRow, Report } from '../report/model.js';
import type { Messages } from '../i18n/index.js';
import { tableWordsFor } from '../i18n/table-words.js';
import { mdText } from './escape.js';
import { fileName } from '../report/input-names.js';
import type { MdTable } from './client-ip-table.js';

/** Characters of a cause's own words (a receiver's answer) shown, cut at a word. */
const DETAIL_CHARS = 140;

/** Receiving hosts named in a row; the rest are counted. */
const HOSTS_SHOWN = 4;

/**
 * `text` cut to at most `max` characters at the end of a word, with "…" (review Z, Z27: "unexpected v…"); at a
 * character only when its first word is longer than that.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.search(/\s\S*$/);
  return (space > 0 ? head.slice(0, space) : head).replace(/[\s,;:(-]+$/, '') + '…';
}

export function deferralCauseTable(r: Report, rows: DeferralCauseRow[], msg: Messages): MdTable {
  const w = tableWordsFor(msg.lang);
  const h = w.causeHeadings;
  return {
    headers: [h.receiver, h.cause, h.code, h.deferrals, h.fromCache, h.hosts, h.firstSeen],
    numeric: [false, false, false, true, true, false, false],
    rows: rows.map((x) => {
      const detail = mdText(cutAtWord(x.detail, DETAIL_CHARS), DETAIL_CHARS + 1);
      const relay = x.hosts.length === 0 && x.example ? relayOf(x.example.text) : null;
      const hosts = relay !== null ? mdText(w.unnamedRelayExample(relay.ip, relay.domain), 120)
        : x.hosts.slice(0, HOSTS_SHOWN).map((hst) => mdText(hst, 80)).join(', ')
          + (x.hosts.length > HOSTS_SHOWN ? w.moreHosts(x.hosts.length - HOSTS_SHOWN) : '');
      const seen = x.example ? `${mdText(fileName(r, x.example.file))}:${x.example.line}` : '';
      return [x.receiver === '' ? w.unnamedReceiver(x.cause) : mdText(w.receiver(x.receiver), 80), w.cause(x.cause, detail), mdText(x.code), x.count, x.fromCache, hosts, seen];
    }),
  };
}

/** The note under the table: what the cache column counts, how many reasons it groups, and where each one is. */
export function deferralCausesNote(rows: DeferralCauseRow[], msg: Messages, files: string[]): string {
  return tableWordsFor(msg.lang).causesNote({
    reasons: rows.reduce((n, x) => n + x.reasons, 0), groups: rows.length, fromCache: rows.reduce((n, x) => n + x.fromCache, 0), files,
    unnamed: rows.some((x) => x.receiver === '' && tableWordsFor(msg.lang).unnamedReceiver(x.cause) !== '–'),
  });
}

/**
 * The receiving server's IP and the recipient's domain of a deferral line whose relay has no name:
 * "to=<koyu9249@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, … (lost connection with 127.0.1.1[127.0.1.1] while sending
 * RCPT TO)", or with relay=none from Postfix's cache, "(delivery temporarily suspended: connect to
 * 127.0.1.6[127.0.1.6]:25: Connection refused)". IPv6 as Postfix writes it: "relay=2001:db8::25[2001:db8::25]:25".
 */
export function relayOf(line: string): { ip: string; domain: string } | null {
  const ip = /(?:relay=|\((?:delivery temporarily suspended: )?(?:host|connect to|lost connection with|conversation with) )[^\s\[]*\[([0-9A-Fa-f:.]+)\]/.exec(line)?.[1];
  if (ip === undefined) return null;
  return { ip, domain: /\bto=<[^>@]*@([^>]+)>/.exec(line)?.[1]?.toLowerCase() ?? '' };
}
