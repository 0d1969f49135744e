// A deferral reason shortened for an evidence row (review AJ, AJ10): cut at a word, never inside its status code.
// The old cut at 90 characters left half a code of Yahoo's answer and none of what it says:
//   "delivery temporarily suspended: host mx1.mail.yahoo.co.jp[IP] refused to talk to me: 421 4"
// of "… refused to talk to me: 421 4.7.0 [TSS04] Messages from … temporarily deferred due to unexpected volume …"
// (samples/incident.log; the corpus's Yahoo, Gmail and Microsoft answers in /work/shared/LINES.md are as long).

/**
 * The receiver's status code where Postfix puts it, with its enhanced code: "said: 421-4.7.28", "to me: 421 4.7.0",
 * "said: 451 4.7.500", or a bare "said: 421 " — after "said: " or "talk to me: ", or at the start of a bare answer —
 * and Yahoo's error code after it ("421 4.7.0 [TSS04]": the code its postmaster page explains).
 */
const STATUS_CODE = /(?:^|said: |to me: )[245]\d\d(?:[ -][245]\.\d{1,3}\.\d{1,3})?(?: \[[A-Z]{2,}\d+\])?/;

/**
 * `text` whole when it is at most `max` characters; else cut at the last space within `max` (but after the status
 * code, whose end is kept however far it is), with "…". A text with no space to cut at is cut at `max`.
 */
export function cutReason(text: string, max = 100): string {
  if (text.length <= max) return text;
  const code = STATUS_CODE.exec(text);
  const floor = code === null ? 0 : code.index + code[0].length;
  const within = text.lastIndexOf(' ', max);
  const at = within >= floor && within > 0 ? within : text.indexOf(' ', Math.max(floor, 1));
  const end = at < 0 ? (floor > 0 ? text.length : max) : at;
  if (end >= text.length) return text;
  return `${text.slice(0, end).replace(/[\s,;:(-]+$/, '')}…`;
}
