// The domain a receiver names when our mail fails its sender authentication check. The reason groups do not keep
// it (normalize.ts makes "[aeon.co.jp]" "[DOMAIN]": one Gmail policy, one group), yet receivers-refusing must know
// whether our own domain failed (publish SPF/DKIM/DMARC) or only the forged senders of spam did (expected):
//   Gmail 5.7.26  "… For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [aeon.co.jp] did not 550-5.7.26 pass with ip: [127.0.0.1]. …"
//   Gmail 5.7.27  "… 550-5.7.27  Authentication results: 550-5.7.27  DKIM = did not pass 550-5.7.27  SPF [example.jp] with ip: [203.0.113.9] = did not pass - gsmtp …"
//   Microsoft     "550 5.7.515 Access denied, sending domain [EXAMPLE.COM] does not meet the required authentication level. …"

/** Gmail wraps long answers with "550-5.7.26 " continuation prefixes. */
const CONTINUATION = / [245]\d\d-[245]\.\d+\.\d+ /g;
const NAMED = /(?:(?:SPF|DKIM|DMARC)[^[]{0,40}|sending domain )\[([a-z0-9.-]+\.[a-z]{2,})\]/i;

/** The lower-cased domain named in a failed SPF/DKIM/DMARC check, or "" (most reasons: a quick test first). */
export function authCheckedDomainOf(reason: string): string {
  if (reason.indexOf('SPF') < 0 && reason.indexOf('DKIM') < 0 && reason.indexOf('DMARC') < 0 && reason.indexOf('sending domain') < 0) return '';
  const m = NAMED.exec(reason.replace(CONTINUATION, ' '));
  return m === null ? '' : m[1]!.toLowerCase();
}
