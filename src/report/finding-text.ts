// A finding's texts for display: the log values in them decoded as the tables' keys are (text.ts), once, when the
// report is built (review AA, F3/F4). The rules write log values as the scan decoded them (latin1), so a UTF-8 user
// name "情報@例え.jp" (Postfix with SMTPUTF8, Dovecot) read "æ\x83\x85å ±@…" in the titles, the verdict, the commands
// to paste and on the terminal, while the tables showed it right.

import type { Finding } from '../types.js';
import { displayText } from './text.js';

/**
 * The characters of our own words in the latin1 range (U+0080–U+00FF), which displayText would read as log bytes:
 * "×" ("359× text", "3×") and "·". They are set aside while the log text around them is decoded. A log byte 0xD7 or
 * 0xB7 that is no part of UTF-8 then shows as "×" or "·" here where a table shows "\xD7": a name of invalid bytes.
 */
const OWN = /[×·]/g;
const SET_ASIDE: Record<string, string> = { '×': '\uE0D7', '·': '\uE0B7' };
const BACK = /[\uE0D7\uE0B7]/g;
const RESTORE: Record<string, string> = { '\uE0D7': '×', '\uE0B7': '·' };

/** Our text with log values in it, decoded. */
export function displayMixed(s: string): string {
  if (!/[\u0080-\u00ff]/.test(s)) return s;
  return displayText(s.replace(OWN, (c) => SET_ASIDE[c]!)).replace(BACK, (c) => RESTORE[c]!);
}

/** The finding with its title, subject, evidence texts, log lines, why and fix decoded; lists (IPs, queue IDs) as they are. */
export function displayFinding(f: Finding): Finding {
  const evidence: Finding['evidence'] = {};
  for (const [k, v] of Object.entries(f.evidence)) evidence[k] = typeof v === 'string' ? displayMixed(v) : v;
  return {
    ...f,
    title: displayMixed(f.title),
    subject: { kind: f.subject.kind, value: displayText(f.subject.value) },
    evidence,
    // A log line as the tables' examples show it (build.ts displayExample): no words of ours in it.
    examples: f.examples.map((e) => ({ ...e, text: displayText(e.text) })),
    ...(f.why !== undefined ? { why: displayMixed(f.why) } : {}),
    ...(f.fix !== undefined ? { fix: displayMixed(f.fix) } : {}),
  };
}
