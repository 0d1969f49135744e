// Sender domains of well-known companies that phishing impersonates: banks, card companies, marketplaces, carriers,
// payment services and big online services (review Q, Q5 and Q6). A web form or script on this host (Postfix pickup's
// "uid=33 from=<security@mufg.jp>", PHP's mail() through sendmail) or on its loopback that sends as one of them is
// not sending as the site's own domain: no web server of a hosted site is the bank's or Amazon's. So open-relay
// never takes such a domain for a local program's or loopback client's own (most used, everyday) sender domain, and
// counts it as forged even when it is the only one (open-relay.ts ownNetworkSpamOf). A form sending 400 messages as
// one fixed security@mufg.jp to 800 free-mail addresses looks, to the log alone, like a shop sending order mail as
// its own orders@shop.example whose mailboxes are at Google: this list is what tells the two apart.
//
// Where the names come from:
//   - the brands the repository's samples and the corpus's logs forge (samples/generator/world.ts FORGED_DOMAINS,
//     ../shared/corpus): amazon.co.jp, mufg.jp, smbc-card.com, jcb.co.jp, aeon.co.jp, rakuten.co.jp, mercari.com,
//     mercari.jp, paypal.com, apple.com;
//   - the brands Japanese phishing reports name most (the incident story's banks, card companies, marketplaces,
//     carriers, the tax agency's e-Tax and the ETC toll service);
//   - major global targets (payment, big tech, carriers, banks, file sharing and e-signature services).
// Each is matched as a registered domain with its subdomains (cr.mufg.jp, email.apple.com, amazon.co.jp).
//
// Never a consumer free-mail domain: a contact form sends as its visitors' addresses (gmail.com, yahoo.co.jp,
// icloud.com, outlook.com, hotmail.com, the carriers' docomo.ne.jp, ezweb.ne.jp, au.com, softbank.ne.jp,
// i.softbank.jp) and a site's owner may use one; those are the program's visitors', not a brand forged. Nor a
// provider's sending domain that legitimate mail comes from (amazonses.com is Amazon SES's, not amazon.com's
// subdomain; googlegroups.com, mcdlv.net). Corporate domains only, where none of the public holds an address.
//
// The list is deliberately short and can be wrong only one way that matters: run on the brand's own server, a web
// application sending as that brand is its own mail; then its domain is among our own (a login as it, or mail
// delivered here for it: ownDomains), which open-relay checks first, and is not forged.

const BRANDS: readonly string[] = [
  // Japanese banks, card companies and payment services.
  'mufg.jp', 'smbc.co.jp', 'smbc-card.com', 'mizuhobank.co.jp', 'mizuho-fg.co.jp', 'resonabank.co.jp', 'japanpost.jp',
  'jcb.co.jp', 'aeon.co.jp', 'saisoncard.co.jp', 'eposcard.co.jp', 'orico.co.jp', 'rakuten-card.co.jp', 'rakuten-bank.co.jp',
  'paypay.ne.jp',
  // Japanese marketplaces, carriers, services and the state.
  'amazon.co.jp', 'rakuten.co.jp', 'mercari.com', 'mercari.jp', 'kuronekoyamato.co.jp', 'sagawa-exp.co.jp', 'nttdocomo.co.jp',
  'line.me', 'nta.go.jp', 'etc-meisai.jp',
  // Global payment, big tech, marketplaces and social networks.
  'paypal.com', 'apple.com', 'microsoft.com', 'microsoftonline.com', 'office.com', 'office365.com', 'google.com', 'amazon.com',
  'ebay.com', 'netflix.com', 'facebook.com', 'facebookmail.com', 'instagram.com', 'linkedin.com', 'adobe.com', 'dropbox.com',
  'docusign.com', 'docusign.net', 'coinbase.com', 'binance.com',
  // Carriers.
  'dhl.com', 'fedex.com', 'ups.com', 'usps.com',
  // Global banks and card companies.
  'chase.com', 'wellsfargo.com', 'bankofamerica.com', 'citibank.com', 'hsbc.com', 'americanexpress.com', 'visa.com', 'mastercard.com',
];

const BRAND_SET: ReadonlySet<string> = new Set(BRANDS);

/** Whether `domain` (lower case, as domainOf gives it) is a listed brand's or one of its subdomains. */
export function isImpersonatedBrand(domain: string): boolean {
  let d = domain;
  for (;;) {
    if (BRAND_SET.has(d)) return true;
    const dot = d.indexOf('.');
    // A brand has a dot: "jp" alone is none.
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return false;
    d = d.slice(dot + 1);
  }
}

/** The listed domains (for tests and the README). */
export function brandDomains(): readonly string[] {
  return BRANDS;
}
