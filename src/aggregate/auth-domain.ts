// The domain a receiver names when our mail fails its sender authentication check. The reason groups do not keep
// it (normalize.ts makes "[aeon.co.jp]" "[DOMAIN]": one Gmail policy, one group), yet receivers-refusing must know
// whether our own domain failed (publish SPF/DKIM/DMARC) or only the forged senders of spam did (expected):
//   Gmail 5.7.26  "… For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [aeon.co.jp] did not 550-5.7.26 pass with ip: [127.0.0.1]. …"
//   Gmail 5.7.27  "… 550-5.7.27  Authentication results: 550-5.7.27  DKIM = did not pass 550-5.7.27  SPF [example.jp] with ip: [203.0.113.9] = did not pass - gsmtp …"
//   Microsoft     "550 5.7.515 Access denied, sending domain [EXAMPLE.COM] does not meet the required authentication level. …"
// and, without brackets (review AC, F1):
//   Gmail DMARC   "550-5.7.26 Unauthenticated email from domain.com is not accepted due to domain's 550-5.7.26 DMARC policy. …"
//                 (docker-mailserver/docker-mailserver#2953, a Postfix line of 2022; Purelymail/purelymail-issues#394, 2026)
//   mail.ru       "550 5.7.1 This message was not accepted due to domain (mail.ru) owner DMARC policy (RFC 7489) …"
//                 (pastebin.com/fpJZapwZ, a Postfix line of 2019)
//   Microsoft     "550 5.7.515 Access denied, sending domain EXAMPLE.JP doesn't meet the required authentication level. …"
//                 (sisimai/go-sisimai#150, 2025)
//   Gmail SPF -all "550 5.7.26 The MAIL FROM domain [domain-name] has an SPF record with a hard fail policy (-all) but it
//                 fails to pass SPF checks with the ip: [ip-address]. …" (support.google.com/a/answer/3726730, 2026-02;
//                 quoted in sisimai/rb-sisimai lib/sisimai/rhost/google.rb): the domain before "SPF"
//   iCloud        "554 5.7.1 Your message was rejected due to example.jp's DMARC policy. See https://support.apple.com/en-us/HT204137"
//                 (sisimai/rb-sisimai lib/sisimai/rhost/apple.rb)

/** Gmail wraps long answers with "550-5.7.26 " continuation prefixes. */
const CONTINUATION = / [245]\d\d-[245]\.\d+\.\d+ /g;
const DOMAIN = '([a-z0-9.-]+\\.[a-z]{2,})';
/** The shapes above, tried in order; the first group is the domain. */
const NAMED = [
  new RegExp(`(?:(?:SPF|DKIM|DMARC)[^[]{0,40}|sending domain )\\[${DOMAIN}\\]`, 'i'),
  new RegExp(`Unauthenticated email from ${DOMAIN} is not accepted due to domain's`, 'i'),
  new RegExp(`not accepted due to domain \\(${DOMAIN}\\) owner DMARC policy`, 'i'),
  new RegExp(`sending domain ${DOMAIN} does(?:n't| not) meet`, 'i'),
  new RegExp(`MAIL FROM domain \\[${DOMAIN}\\] has an SPF record`, 'i'),
  new RegExp(`rejected due to ${DOMAIN}'s DMARC policy`, 'i'),
];

/** The lower-cased domain named in a failed SPF/DKIM/DMARC check, or "" (most reasons: a quick test first). */
export function authCheckedDomainOf(reason: string): string {
  if (reason.indexOf('SPF') < 0 && reason.indexOf('DKIM') < 0 && reason.indexOf('DMARC') < 0 && reason.indexOf('sending domain') < 0) return '';
  const text = reason.replace(CONTINUATION, ' ');
  for (const re of NAMED) {
    const m = re.exec(text);
    if (m !== null) return m[1]!.toLowerCase();
  }
  return '';
}
