// The static world around mail.example.jp: our users and aliases, the remote domains and their MX hosts,
// outside servers that send us mail, correspondents, spam vocabularies and attacker address space.
// IPs: documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) for our own users and
// small partners; plausible public addresses for big providers and botnets.

import type { Rng } from './prng.js';

export const SERVER = {
  host: 'mail',
  fqdn: 'mail.example.jp',
  domain: 'example.jp',
  ip: '203.0.113.25',
} as const;

export const USERS = ['tanaka', 'suzuki', 'sato', 'yamada', 'takahashi', 'info'] as const;
export type User = (typeof USERS)[number];

/** virtual_alias_maps: alias local part -> mailboxes. */
export const ALIASES: Record<string, readonly User[]> = {
  sales: ['tanaka', 'suzuki'],
  postmaster: ['takahashi'],
  abuse: ['takahashi'],
};

export function mailbox(user: string): string {
  return `${user}@${SERVER.domain}`;
}

/** How each person reaches the server. */
export interface UserProfile {
  user: User;
  saslMethod: 'PLAIN' | 'LOGIN';
  office: string;
  home: string;
  mobile: string;
  pop3: boolean;
  /** relative share of outbound mail */
  sendWeight: number;
  /** relative share of inbound mail */
  recvWeight: number;
}

export const OFFICE_IP = '198.51.100.40';

export const PROFILES: readonly UserProfile[] = [
  { user: 'tanaka', saslMethod: 'PLAIN', office: OFFICE_IP, home: '198.51.100.137', mobile: '192.0.2.77', pop3: false, sendWeight: 5, recvWeight: 5 },
  { user: 'suzuki', saslMethod: 'LOGIN', office: OFFICE_IP, home: '198.51.100.92', mobile: '192.0.2.140', pop3: false, sendWeight: 4, recvWeight: 4 },
  { user: 'sato', saslMethod: 'PLAIN', office: OFFICE_IP, home: '198.51.100.201', mobile: '192.0.2.18', pop3: false, sendWeight: 3, recvWeight: 3 },
  { user: 'yamada', saslMethod: 'LOGIN', office: OFFICE_IP, home: '198.51.100.55', mobile: '192.0.2.203', pop3: true, sendWeight: 2, recvWeight: 2 },
  { user: 'takahashi', saslMethod: 'PLAIN', office: OFFICE_IP, home: '198.51.100.7', mobile: '192.0.2.61', pop3: false, sendWeight: 2, recvWeight: 3 },
  { user: 'info', saslMethod: 'LOGIN', office: OFFICE_IP, home: OFFICE_IP, mobile: OFFICE_IP, pop3: false, sendWeight: 1, recvWeight: 4 },
];

export function profile(user: User): UserProfile {
  return PROFILES.find((p) => p.user === user) as UserProfile;
}

/** Remote MX host. */
export interface Mx {
  host: string;
  ip: string;
}

/** What software answers at a remote site: decides reply texts. */
export type Flavor = 'gmail' | 'yahoojp' | 'yahoo' | 'microsoft' | 'docomo' | 'au' | 'softbank' | 'icloud' | 'qq' | 'netease' | 'mailru' | 'naver' | 'postfix' | 'exchange' | 'nxdomain';

export interface RemoteDomain {
  domain: string;
  flavor: Flavor;
  mx: readonly Mx[];
  tls: 'trusted' | 'untrusted' | 'none';
  /** greylists first-time senders (postgrey) */
  greylist?: boolean;
}

const gmailMx: Mx[] = [
  { host: 'gmail-smtp-in.l.google.com', ip: '142.250.157.27' },
  { host: 'alt1.gmail-smtp-in.l.google.com', ip: '142.251.8.26' },
  { host: 'alt2.gmail-smtp-in.l.google.com', ip: '74.125.203.27' },
  { host: 'alt3.gmail-smtp-in.l.google.com', ip: '64.233.187.26' },
  { host: 'alt4.gmail-smtp-in.l.google.com', ip: '142.250.152.27' },
];

export const REMOTE_DOMAINS: readonly RemoteDomain[] = [
  { domain: 'gmail.com', flavor: 'gmail', mx: gmailMx, tls: 'trusted' },
  { domain: 'yahoo.co.jp', flavor: 'yahoojp', mx: [{ host: 'mx1.mail.yahoo.co.jp', ip: '182.22.12.117' }, { host: 'mx2.mail.yahoo.co.jp', ip: '183.79.57.116' }, { host: 'mx3.mail.yahoo.co.jp', ip: '182.22.24.253' }, { host: 'mx5.mail.yahoo.co.jp', ip: '182.22.16.252' }], tls: 'trusted' },
  { domain: 'yahoo.com', flavor: 'yahoo', mx: [{ host: 'mta7.am0.yahoodns.net', ip: '67.195.228.106' }, { host: 'mta6.am0.yahoodns.net', ip: '98.136.96.74' }, { host: 'mta5.am0.yahoodns.net', ip: '67.195.204.72' }], tls: 'trusted' },
  { domain: 'hotmail.com', flavor: 'microsoft', mx: [{ host: 'hotmail-com.olc.protection.outlook.com', ip: '52.101.40.29' }, { host: 'hotmail-com.olc.protection.outlook.com', ip: '52.101.11.6' }], tls: 'trusted' },
  { domain: 'outlook.jp', flavor: 'microsoft', mx: [{ host: 'outlook-jp.olc.protection.outlook.com', ip: '52.101.228.11' }, { host: 'outlook-jp.olc.protection.outlook.com', ip: '52.101.229.3' }], tls: 'trusted' },
  { domain: 'outlook.com', flavor: 'microsoft', mx: [{ host: 'outlook-com.olc.protection.outlook.com', ip: '52.101.68.18' }], tls: 'trusted' },
  { domain: 'docomo.ne.jp', flavor: 'docomo', mx: [{ host: 'mfsmax.docomo.ne.jp', ip: '203.138.181.112' }, { host: 'mfsmax.docomo.ne.jp', ip: '203.138.181.240' }], tls: 'untrusted' },
  { domain: 'ezweb.ne.jp', flavor: 'au', mx: [{ host: 'lsean.ezweb.ne.jp', ip: '27.86.113.10' }, { host: 'lsean.ezweb.ne.jp', ip: '27.86.113.14' }], tls: 'untrusted' },
  { domain: 'au.com', flavor: 'au', mx: [{ host: 'lsean.ezweb.ne.jp', ip: '27.86.113.10' }], tls: 'untrusted' },
  { domain: 'softbank.ne.jp', flavor: 'softbank', mx: [{ host: 'mx.softbank.ne.jp', ip: '210.146.60.17' }], tls: 'untrusted' },
  { domain: 'icloud.com', flavor: 'icloud', mx: [{ host: 'mx01.mail.icloud.com', ip: '17.57.154.33' }, { host: 'mx02.mail.icloud.com', ip: '17.42.251.62' }], tls: 'trusted' },
  { domain: 'qq.com', flavor: 'qq', mx: [{ host: 'mx3.qq.com', ip: '43.163.178.87' }, { host: 'mx2.qq.com', ip: '43.129.255.54' }, { host: 'mx1.qq.com', ip: '162.62.115.71' }], tls: 'untrusted' },
  { domain: '163.com', flavor: 'netease', mx: [{ host: '163mx01.mxmail.netease.com', ip: '220.181.12.101' }, { host: '163mx02.mxmail.netease.com', ip: '220.181.12.102' }, { host: '163mx03.mxmail.netease.com', ip: '220.181.15.111' }], tls: 'untrusted' },
  { domain: '126.com', flavor: 'netease', mx: [{ host: '126mx01.mxmail.netease.com', ip: '220.181.15.112' }, { host: '126mx02.mxmail.netease.com', ip: '123.126.96.211' }], tls: 'untrusted' },
  { domain: 'mail.ru', flavor: 'mailru', mx: [{ host: 'mxs.mail.ru', ip: '217.69.139.150' }, { host: 'mxs.mail.ru', ip: '94.100.180.150' }], tls: 'untrusted', greylist: true },
  { domain: 'naver.com', flavor: 'naver', mx: [{ host: 'mx1.naver.com', ip: '125.209.238.100' }, { host: 'mx2.naver.com', ip: '125.209.238.137' }, { host: 'mx3.naver.com', ip: '125.209.222.146' }], tls: 'untrusted' },
  // business partners and correspondents
  { domain: 'client-a.co.jp', flavor: 'postfix', mx: [{ host: 'mail.client-a.co.jp', ip: '203.0.113.71' }], tls: 'untrusted' },
  { domain: 'partner.co.jp', flavor: 'postfix', mx: [{ host: 'mx.partner.co.jp', ip: '203.0.113.88' }], tls: 'untrusted', greylist: true },
  { domain: 'kaikei-office.jp', flavor: 'postfix', mx: [{ host: 'mail.kaikei-office.jp', ip: '198.51.100.160' }], tls: 'none' },
  { domain: 'supplier-b.com', flavor: 'exchange', mx: [{ host: 'supplierb-com.mail.protection.outlook.com', ip: '52.101.137.14' }], tls: 'trusted' },
  { domain: 'globex-corp.com', flavor: 'gmail', mx: [{ host: 'aspmx.l.google.com', ip: '142.250.157.26' }, { host: 'alt1.aspmx.l.google.com', ip: '142.251.8.27' }], tls: 'trusted' },
  { domain: 'sakura-client.jp', flavor: 'postfix', mx: [{ host: 'www1234.sakura.ne.jp', ip: '153.126.210.44' }], tls: 'untrusted' },
  { domain: 'nishi-kensetsu.co.jp', flavor: 'postfix', mx: [{ host: 'mail.nishi-kensetsu.co.jp', ip: '203.0.113.140' }], tls: 'untrusted', greylist: true },
  { domain: 'tokai-shoji.co.jp', flavor: 'postfix', mx: [{ host: 'mail.tokai-shoji.co.jp', ip: '198.51.100.220' }], tls: 'untrusted', greylist: true },
  // brands whose addresses spammers forge: their MX answer our backscatter
  { domain: 'smbc-card.com', flavor: 'postfix', mx: [{ host: 'mx01.smbc-card.com', ip: '202.32.4.20' }], tls: 'trusted' },
  { domain: 'mufg.jp', flavor: 'exchange', mx: [{ host: 'mufg-jp.mail.protection.outlook.com', ip: '52.101.137.30' }], tls: 'trusted' },
  { domain: 'aeon.co.jp', flavor: 'postfix', mx: [{ host: 'mx.aeon.co.jp', ip: '210.148.111.34' }], tls: 'trusted' },
  { domain: 'mercari.com', flavor: 'gmail', mx: [{ host: 'aspmx.l.google.com', ip: '142.250.157.26' }], tls: 'trusted' },
  { domain: 'paypal.com', flavor: 'postfix', mx: [{ host: 'mx1.paypalcorp.com', ip: '64.4.244.71' }], tls: 'trusted' },
  { domain: 'amazon.co.jp', flavor: 'postfix', mx: [{ host: 'amazon-smtp.amazon.com', ip: '52.94.124.8' }], tls: 'trusted' },
  { domain: 'rakuten.co.jp', flavor: 'postfix', mx: [{ host: 'mx1.rakuten.co.jp', ip: '133.237.16.20' }], tls: 'trusted' },
  // throw-away spam domains: no MX, no A
  { domain: 'secure-acc.click', flavor: 'nxdomain', mx: [], tls: 'none' },
  { domain: 'jp-notice.xyz', flavor: 'nxdomain', mx: [], tls: 'none' },
  { domain: 'account-verify.top', flavor: 'nxdomain', mx: [], tls: 'none' },
];

const DOMAIN_INDEX = new Map<string, RemoteDomain>(REMOTE_DOMAINS.map((d) => [d.domain, d]));

export function remoteDomain(domain: string): RemoteDomain {
  const d = DOMAIN_INDEX.get(domain);
  if (d !== undefined) return d;
  // unknown domain: a small generic Postfix server
  const generic: RemoteDomain = { domain, flavor: 'postfix', mx: [{ host: `mail.${domain}`, ip: '203.0.113.200' }], tls: 'untrusted' };
  DOMAIN_INDEX.set(domain, generic);
  return generic;
}

/** People our users write to (outbound). */
export const CORRESPONDENTS: readonly string[] = [
  'tanaka.family@gmail.com',
  'mori.takeshi@gmail.com',
  'k.suzuki.design@gmail.com',
  'hiroko.n1972@gmail.com',
  'yoshida_k@yahoo.co.jp',
  'kimura-shoten@yahoo.co.jp',
  'kondo.office@outlook.jp',
  'a.matsumoto@hotmail.com',
  'ito@client-a.co.jp',
  'watanabe@client-a.co.jp',
  'kobayashi@partner.co.jp',
  'eigyo@partner.co.jp',
  'nakajima@kaikei-office.jp',
  'kato@supplier-b.com',
  'order@supplier-b.com',
  'john.smith@globex-corp.com',
  'ishii@sakura-client.jp',
  'nishi@nishi-kensetsu.co.jp',
  'ivan.petrov@mail.ru',
  'kim.minjun@naver.com',
  'haruka-0312@docomo.ne.jp',
  'yumi.k@ezweb.ne.jp',
  'wang.lei@163.com',
];

/** An outside server that sends mail to us. name 'unknown' = no reverse DNS. */
export interface InboundServer {
  name: string;
  ip: string;
  helo: string;
  tls: boolean;
  senders: readonly string[];
  msgid: 'gmail' | 'outlook' | 'ses' | 'yahoojp' | 'postfix' | 'mailchimp' | 'php';
  weight: number;
}

export const INBOUND_SERVERS: readonly InboundServer[] = [
  { name: 'mail-pj1-f41.google.com', ip: '209.85.216.41', helo: 'mail-pj1-f41.google.com', tls: true, senders: ['tanaka.family@gmail.com', 'mori.takeshi@gmail.com', 'k.suzuki.design@gmail.com', 'hiroko.n1972@gmail.com'], msgid: 'gmail', weight: 6 },
  { name: 'mail-yw1-f178.google.com', ip: '209.85.128.178', helo: 'mail-yw1-f178.google.com', tls: true, senders: ['john.smith@globex-corp.com', 'mori.takeshi@gmail.com', 'noreply@mercari.jp'], msgid: 'gmail', weight: 4 },
  { name: 'mail-tycjpn01on2041.outbound.protection.outlook.com', ip: '40.107.74.41', helo: 'JPN01-TYC-obe.outbound.protection.outlook.com', tls: true, senders: ['kondo.office@outlook.jp', 'kato@supplier-b.com', 'order@supplier-b.com', 'a.matsumoto@hotmail.com'], msgid: 'outlook', weight: 6 },
  { name: 'mail-os0jpn01on2072.outbound.protection.outlook.com', ip: '40.107.113.72', helo: 'JPN01-OS0-obe.outbound.protection.outlook.com', tls: true, senders: ['kato@supplier-b.com', 'order@supplier-b.com'], msgid: 'outlook', weight: 3 },
  { name: 'a48-94.smtp-out.amazonses.com', ip: '54.240.48.94', helo: 'a48-94.smtp-out.amazonses.com', tls: true, senders: ['0106019363a1b2c3-d4e5f607-1a2b-4c3d-8e9f-0a1b2c3d4e5f-000000@ap-northeast-1.amazonses.com', 'bounce-67466@amazonses.com'], msgid: 'ses', weight: 4 },
  { name: 'mta01.mail.yahoo.co.jp', ip: '182.22.12.38', helo: 'mta01.mail.yahoo.co.jp', tls: true, senders: ['yoshida_k@yahoo.co.jp', 'kimura-shoten@yahoo.co.jp'], msgid: 'yahoojp', weight: 3 },
  { name: 'mail.client-a.co.jp', ip: '203.0.113.71', helo: 'mail.client-a.co.jp', tls: true, senders: ['ito@client-a.co.jp', 'watanabe@client-a.co.jp'], msgid: 'postfix', weight: 4 },
  { name: 'unknown', ip: '203.0.113.88', helo: 'mx.partner.co.jp', tls: false, senders: ['kobayashi@partner.co.jp', 'eigyo@partner.co.jp'], msgid: 'postfix', weight: 3 },
  { name: 'unknown', ip: '198.51.100.160', helo: 'mail.kaikei-office.jp', tls: false, senders: ['nakajima@kaikei-office.jp'], msgid: 'postfix', weight: 2 },
  { name: 'www1234.sakura.ne.jp', ip: '153.126.210.44', helo: 'www1234.sakura.ne.jp', tls: true, senders: ['ishii@sakura-client.jp', 'shop@sakura-client.jp'], msgid: 'php', weight: 2 },
  { name: 'mail139.suw11.mcdlv.net', ip: '198.2.139.236', helo: 'mail139.suw11.mcdlv.net', tls: true, senders: ['bounce-mc.us21_1234567.890123-abcdef@mail139.suw11.mcdlv.net'], msgid: 'mailchimp', weight: 2 },
  { name: 'mail.nishi-kensetsu.co.jp', ip: '203.0.113.140', helo: 'mail.nishi-kensetsu.co.jp', tls: true, senders: ['nishi@nishi-kensetsu.co.jp', 'keiri@nishi-kensetsu.co.jp'], msgid: 'postfix', weight: 1 },
];

/** Local parts that do not exist here (inbound User unknown rejects). */
export const UNKNOWN_LOCALS: readonly string[] = ['nakamura', 'saito', 'recruit', 'hr', 'kobayashi', 'eigyo', 'ito', 'office', 'contact', 'yamamoto'];

/** SASL brute-force dictionary (bare and with our domain). */
export const BRUTE_NAMES: readonly string[] = [
  'admin', 'info', 'test', 'sales', 'webmaster', 'support', 'office', 'contact', 'mail', 'postmaster',
  'root', 'user', 'guest', 'example', 'noreply', 'administrator', 'marketing', 'service', 'help', 'account',
  'test1', 'user1', 'staff', 'backup', 'scanner', 'tanaka', 'suzuki', 'demo', 'web', 'hr',
];

export function bruteUsername(rng: Rng): string {
  const r = rng.float();
  if (r < 0.12) return rng.pick(['tanaka', 'suzuki', 'sato', 'info', 'takahashi']) + '@' + SERVER.domain;
  const base = rng.pick(BRUTE_NAMES);
  if (r < 0.5) return `${base}@${SERVER.domain}`;
  return base;
}

/** Does Dovecot's passwd-file know this login name? */
export function isMailboxLogin(name: string): boolean {
  return (USERS as readonly string[]).some((u) => `${u}@${SERVER.domain}` === name);
}

// ---- spam vocabulary -------------------------------------------------------------------------

const SYLLABLES = ['a', 'i', 'u', 'e', 'o', 'ka', 'ki', 'ku', 'ke', 'ko', 'sa', 'shi', 'su', 'se', 'so', 'ta', 'chi', 'tsu', 'te', 'to', 'na', 'ni', 'nu', 'ne', 'no', 'ha', 'hi', 'fu', 'he', 'ho', 'ma', 'mi', 'mu', 'me', 'mo', 'ya', 'yu', 'yo', 'ra', 'ri', 'ru', 're', 'ro', 'wa', 'n'];

export function romaji(rng: Rng, minSyl: number, maxSyl: number): string {
  const n = rng.int(minSyl, maxSyl);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
  return s;
}

/** A harvested-looking address (`hiaiha7878`, `kisata_mayo`, `rohi.2505`). */
export function harvestedLocal(rng: Rng): string {
  const a = romaji(rng, 2, 4);
  switch (rng.int(0, 5)) {
    case 0:
      return a + rng.int(10, 9999);
    case 1:
      return `${a}_${romaji(rng, 2, 3)}`;
    case 2:
      return `${a}.${rng.int(1000, 9999)}`;
    case 3:
      return `${a}-${rng.int(100, 9999)}`;
    case 4:
      return `${a}${romaji(rng, 1, 2)}`;
    default:
      return `${a}.${romaji(rng, 2, 3)}`;
  }
}

/** Where the spam goes (free-mail heavy, like the real incident). */
export const SPAM_TARGETS: readonly (readonly [string, number])[] = [
  ['gmail.com', 20],
  ['yahoo.co.jp', 18],
  ['docomo.ne.jp', 14],
  ['ezweb.ne.jp', 11],
  ['softbank.ne.jp', 6],
  ['icloud.com', 7],
  ['hotmail.com', 4],
  ['outlook.jp', 4],
  ['yahoo.com', 3],
  ['qq.com', 3],
  ['163.com', 2],
  ['mail.ru', 3],
  ['naver.com', 3],
];

/** Brands forged as envelope senders, and throw-away domains. */
export const FORGED_DOMAINS: readonly (readonly [string, number])[] = [
  ['smbc-card.com', 5],
  ['mufg.jp', 4],
  ['aeon.co.jp', 4],
  ['paypal.com', 3],
  ['mercari.com', 3],
  ['amazon.co.jp', 4],
  ['rakuten.co.jp', 3],
  ['secure-acc.click', 2],
  ['jp-notice.xyz', 2],
  ['account-verify.top', 1],
];

export function forgedSender(rng: Rng): string {
  const domain = rng.weighted(FORGED_DOMAINS);
  const lp = rng.pick(['no-reply', 'support', 'account', 'card', 'info', 'security', 'notice', 'service']);
  if (domain.endsWith('.click') || domain.endsWith('.xyz') || domain.endsWith('.top')) return `${romaji(rng, 2, 3)}@${domain}`;
  return `${lp}${rng.int(1, 9999)}@${domain}`;
}

// ---- address space for attackers ------------------------------------------------------------

/** First octets that show up a lot in SMTP AUTH scans (hosting, residential botnets). */
const BOT_FIRST_OCTETS = [5, 23, 31, 36, 37, 41, 42, 45, 46, 49, 58, 59, 60, 61, 62, 77, 78, 79, 80, 81, 82, 85, 87, 88, 89, 91, 92, 93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 121, 122, 123, 124, 125, 139, 141, 146, 147, 149, 154, 156, 160, 167, 171, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 210, 211, 212, 213, 217, 218, 220, 222, 223];

/** A random public IPv4 that is not ours, not private, not a documentation range. */
export function botIp(rng: Rng): string {
  return `${rng.pick(BOT_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** n distinct bot IPs. */
export function botIps(rng: Rng, n: number, taken: Set<string> = new Set()): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const ip = botIp(rng);
    if (taken.has(ip)) continue;
    taken.add(ip);
    out.push(ip);
  }
  return out;
}

/** EHLO names bots use. */
export function botHelo(rng: Rng, ip: string): string {
  switch (rng.int(0, 6)) {
    case 0:
      return `[${ip}]`;
    case 1:
      return 'User';
    case 2:
      return 'ylmf-pc';
    case 3:
      return SERVER.domain;
    case 4:
      return SERVER.fqdn;
    case 5:
      return `WIN-${rng.hex(11, true)}`;
    default:
      return 'localhost';
  }
}
