// Lines cut short. A log copied while it was written, a full disk or a syslog size limit leaves a line's end
// missing: "client=unknown[192.0.2.1], sasl_method=L" (cut before "sasl_username="), "from=<roo" (before ">").
// Read as a whole line, such a fragment is a different fact (a client that never logged in, a sender "roo"), so
// a parser that sees a field visibly cut returns cutLine() instead of an event: the line is counted as unparsed,
// and the scan counts it among the lines that looked cut (report.json lines.cutShort) for the admin to know the
// log is damaged. A flag, not an event kind: a parser's null stays the one answer for "not understood".

let cutSeen = false;

/** A parser's answer for a line whose fields are visibly cut: null (unparsed), remembered as cut. */
export function cutLine(): null {
  cutSeen = true;
  return null;
}

/** Whether the last unparsed line was cut short; clears the mark for the next line. */
export function takeCut(): boolean {
  const c = cutSeen;
  cutSeen = false;
  return c;
}

/** Whether `s` ends right after `key` ("…, sasl_username="), where Postfix always writes a value. */
export function endsAtKey(s: string): boolean {
  return s.charCodeAt(s.length - 1) === 61; // "="
}
