// The words of two tables of report.md and report.html, in every language (review Z, Z23 and Z27): the Client IPs
// table's Role column (what the findings say each IP did, detect/client-roles.ts, then what its own lines say,
// report/client-row-roles.ts), its IMAP/POP3 logins and session problems, and the
// Deferral reasons table grouped by receiver and cause (report/deferral-causes.ts). report.json keeps its codes
// ("guessed-password", "connect-failed"): they are its contract.

import type { ClientRole } from '../detect/client-roles.js';
import type { DeferralCause } from '../report/model.js';
import type { Lang } from './index.js';
import { jaReceiverName } from './receiver-names.js';
import { REFUSAL_KIND_WORDS } from './refusal-kind-words.js';

export interface TableWords {
  /** The Role column's heading, put after the IP. */
  roleHeading: string;
  /**
   * The IMAP/POP3 logins' column when a row has successful ones, failed and successful in one cell ("6 / 0",
   * mailboxLogins): in place of the failures' column, which a 12th column made too wide for a laptop's page.
   */
  mailboxLoginsHeading: string;
  mailboxLogins(failed: string, succeeded: string): string;
  /** A row's roles joined: "guessed the password, sent as the compromised account". */
  roles(roles: ClientRole[]): string;
  /** A kind of session problem as Postfix words it (escaped by the caller) with its count: "lost connection after AUTH (8)". */
  problemKind(kind: string, count: string): string;
  /** Session problem kinds past those shown, with their count: "others (3)". */
  otherProblems(count: string): string;
  /** The Client IPs row that stands for `count` more IPs that only guessed passwords over IMAP/POP3 (review Z). */
  moreMailboxGuessers(count: number): string;
  /**
   * Under the Client IPs table, when it does not show every client IP or groups some (review Z): `rows` of `total`
   * IPs, the `top` most active and `kept` below them that a finding names; `grouped` IMAP/POP3-only guessers in one row;
   * `asRows`: the --top the cut counted those `top` IPs as, the guessers folded (review AD/Z rest), when more than it.
   */
  clientIpsNote(p: { rows: number; total: number; top: number; kept: number; grouped: number; asRows?: number }): string;
  /** Under the Envelope senders table when --top cut it: `rows` of the log's `total` senders (review AM, AM4). */
  sendersNote(p: { rows: number; total: number }): string;
  /** The appendix's inputs table, its Kind column: a file's kind as report.json has it ("plain", "gz", "stdin") in words. */
  inputKind(kind: string): string;
  /** The grouped deferral reasons' headings. */
  causeHeadings: {
    receiver: string; cause: string; code: string; deferrals: string; fromCache: string; hosts: string; firstSeen: string;
  };
  /**
   * A receiver no text named: the log gives its relays as IP addresses only ("relay=127.0.1.1[127.0.1.1]:25"), so the
   * row may hold several receivers (review AG, AG13: "– (not named)" read as a fault of the report).
   */
  receiverNotNamed: string;
  /**
   * The receiver cell of a row of `cause` without a receiver: receiverNotNamed where Postfix reached a server or tried
   * to (every cause but a DNS failure and a text not understood names one, as "host [IP]" or "connect to [IP]"), else "–".
   */
  unnamedReceiver(cause: DeferralCause): string;
  /** Such a row's Receiving hosts cell: its example line's relay and recipient domain, an example, not a list. */
  unnamedRelayExample(ip: string, domain: string): string;
  /** "Other receivers", as receivers-refusing names those not in its list. */
  receiver(name: string): string;
  /**
   * A cause in words; `detail` is Postfix's or the receiver's own text (escaped by the caller), shown after the words
   * or alone ("lost connection while sending RCPT TO").
   */
  cause(cause: DeferralCause, detail: string): string;
  /** Under the table: what the cache column counts, and where every reason is verbatim. */
  causesNote(p: { reasons: number; groups: number; fromCache: number; files: string[]; unnamed: boolean }): string;
  /** " and 3 more" after the hosts named. */
  moreHosts(count: number): string;
  /**
   * One grouped cause on one line, for the deferral chart's bars and compare's table (plain text: the caller escapes
   * and cuts it): "Yahoo: rate limit / poor reputation", "– (not named): could not connect: Connection refused".
   */
  causeLine(receiver: string, cause: DeferralCause, detail: string): string;
}

const EN_ROLES: Record<ClientRole, string> = {
  'guessed-password': 'guessed the password',
  'sent-as-compromised': 'sent as the compromised account',
  'opened-compromised-mailbox': 'opened the compromised mailbox',
  'relayed-without-login': 'relayed without logging in',
  'password-guessing': 'password guessing',
  'relay-probing': 'relay probing',
  'owner-client': "the account owner's client",
  'mailbox-password-guessing': 'password guessing over IMAP/POP3',
  'mailbox-login': 'logged in to a mailbox',
  'inbound-mx': 'mail server delivering to us',
  'submitted-without-login': 'sent mail without a login through submission or smtps',
  'sent-without-login': 'sent mail without a login',
};

const JA_ROLES: Record<ClientRole, string> = {
  'guessed-password': 'パスワードを破った',
  'sent-as-compromised': '乗っ取られたアカウントで送信',
  'opened-compromised-mailbox': '乗っ取られたメールボックスを開いた',
  'relayed-without-login': 'ログインせずに中継',
  'password-guessing': 'パスワードの推測',
  'relay-probing': '不正中継の試行',
  'owner-client': 'アカウント所有者の端末',
  'mailbox-password-guessing': 'IMAP/POP3 でのパスワードの推測',
  'mailbox-login': 'メールボックスにログイン',
  'inbound-mx': '当方宛てに配送するメールサーバー',
  'submitted-without-login': 'ログインせずに submission／smtps でメールを送信',
  'sent-without-login': 'ログインせずにメールを送信',
};

/** The receivers-refusing classes' words (refusal-kind-words.ts, as the finding's title says them). */
const EN_KINDS = REFUSAL_KIND_WORDS.en;
const JA_KINDS = REFUSAL_KIND_WORDS.ja;

const en: TableWords = {
  // The findings' roles first, then what the IP's own lines say (report/client-row-roles.ts).
  roleHeading: 'Role',
  mailboxLoginsHeading: 'Logins (IMAP, POP3) failed / OK',
  mailboxLogins: (failed, succeeded) => `${failed} / ${succeeded}`,
  roles: (roles) => roles.map((r) => EN_ROLES[r]).join(', '),
  problemKind: (kind, count) => `${kind} (${count})`,
  otherProblems: (count) => `others (${count})`,
  causeHeadings: {
    receiver: 'Receiver', cause: 'Cause', code: 'Code', deferrals: 'Deferrals', fromCache: 'Of them repeated by Postfix without contact',
    hosts: 'Receiving hosts', firstSeen: 'First seen',
  },
  receiverNotNamed: 'By IP address only',
  unnamedReceiver(cause) { return cause === 'dns' || cause === 'other' ? '–' : this.receiverNotNamed; },
  unnamedRelayExample: (ip, domain) => `e.g. ${ip}${domain !== '' ? ` (mail for ${domain})` : ''}`,
  receiver: (name) => name,
  cause(c, detail) {
    switch (c) {
      case 'greylisted': return 'greylisting (asks to try again later)';
      case 'mailbox-full': return 'the recipient\'s mailbox is full';
      case 'connect-failed': return `could not connect: ${detail}`;
      case 'lost-connection': return `lost connection ${detail}`;
      case 'timed-out': return `timed out ${detail}`;
      case 'dns': return 'DNS lookup of the receiver failed';
      case 'tls': return `TLS failed: ${detail}`;
      case 'answer': case 'other': return detail;
      default: return EN_KINDS[c];
    }
  },
  causesNote: (p) => `${p.reasons === 1 ? '1 reason' : `${p.reasons.toLocaleString('en-US')} reasons`} as Postfix wrote them (normalised), grouped by receiver and cause into `
    + `${p.groups === 1 ? '1 row' : `${p.groups.toLocaleString('en-US')} rows`}. "Repeated by Postfix without contact" counts the deferrals Postfix made from its cache of a `
    + `receiver that had just refused or failed ("delivery temporarily suspended: …"): no receiver was asked again.`
    + (p.unnamed ? ' "By IP address only": the log names those receiving servers by their IP address alone, so such a row may hold several '
      + 'receivers; Receiving hosts gives its first line\'s, and the Recipient domains table the domains deferred.' : '')
    + (p.files.length > 0 ? ` Every reason, verbatim as normalised: ${p.files.join(' and ')}.` : ''),
  moreHosts: (n) => ` and ${n.toLocaleString('en-US')} more`,
  moreMailboxGuessers: (n) => `${n.toLocaleString('en-US')} more ${n === 1 ? 'IP' : 'IPs'}`,
  inputKind: (kind) => kind,
  sendersNote: (p) => {
    const n = (x: number): string => x.toLocaleString('en-US');
    const hidden = p.total - p.rows;
    return `${n(p.rows)} of the ${n(p.total)} envelope senders: the ${n(p.rows)} with the most messages; `
      + `${n(hidden)} ${hidden === 1 ? 'sender is' : 'senders are'} not shown (\`--top 0\` shows every sender).`;
  },
  clientIpsNote: (p) => {
    const n = (x: number): string => x.toLocaleString('en-US');
    const hidden = p.total - p.rows;
    return (hidden > 0
      ? `${n(p.rows)} of the ${n(p.total)} client IPs: the ${n(p.top)} most active`
        + `${p.asRows !== undefined ? ` (${n(p.asRows)} rows as shown, the IMAP/POP3-only guessers folded)` : ''}`
        + `${p.kept > 0 ? ` and ${n(p.kept)} below them that a finding names` : ''}; `
        + `${n(hidden)} ${hidden === 1 ? 'IP is' : 'IPs are'} not shown (\`--top 0\` shows every IP).`
      : '')
      + (p.grouped > 0
        ? `${hidden > 0 ? ' ' : ''}Of the rows, ${n(p.grouped)} IPs that only guessed passwords over IMAP/POP3 are one row ("${n(p.grouped)} more IPs"), `
          + 'after the 5 with the most failures: the password-guessing finding and `blocklist-ips.txt` name them, `csv/byClientIp.csv` has their rows.'
        : '');
  },
  causeLine(receiver, cause, detail) {
    return `${receiver === '' ? this.unnamedReceiver(cause) : this.receiver(receiver)}: ${this.cause(cause, detail)}`;
  },
};

const ja: TableWords = {
  roleHeading: '役割',
  mailboxLoginsHeading: 'ログイン（IMAP/POP3）失敗 / 成功',
  mailboxLogins: (failed, succeeded) => `${failed} / ${succeeded}`,
  roles: (roles) => roles.map((r) => JA_ROLES[r]).join('、'),
  problemKind: (kind, count) => `${kind}（${count}）`,
  otherProblems: (count) => `その他（${count}）`,
  causeHeadings: {
    receiver: '受信側', cause: '原因', code: 'コード', deferrals: '遅延', fromCache: 'うち Postfix が接続せずに繰り返したもの',
    hosts: '受信ホスト', firstSeen: '初出',
  },
  receiverNotNamed: 'IP アドレスのみ',
  unnamedReceiver(cause) { return cause === 'dns' || cause === 'other' ? '–' : this.receiverNotNamed; },
  unnamedRelayExample: (ip, domain) => `例: ${ip}${domain !== '' ? `（${domain} 宛て）` : ''}`,
  receiver: jaReceiverName,
  cause(c, detail) {
    switch (c) {
      case 'greylisted': return 'グレーリスティング（後で再送するよう求める）';
      case 'mailbox-full': return '宛先のメールボックスが満杯';
      case 'connect-failed': return `接続できない: ${detail}`;
      case 'lost-connection': return `接続が切れた: ${detail}`;
      case 'timed-out': return `タイムアウト: ${detail}`;
      case 'dns': return '受信側の DNS 検索に失敗';
      case 'tls': return `TLS に失敗: ${detail}`;
      case 'answer': case 'other': return detail;
      default: return JA_KINDS[c];
    }
  },
  causesNote: (p) => `Postfix が書いた理由（正規化済み）${p.reasons.toLocaleString('ja-JP')} 種類を、受信側と原因ごとに ${p.groups.toLocaleString('ja-JP')} 行にまとめています。`
    + '「Postfix が接続せずに繰り返したもの」は、直前に拒否または失敗した受信側について Postfix がキャッシュから遅延させたもの'
    + '（"delivery temporarily suspended: …"）で、受信側には再び問い合わせていません。'
    + (p.unnamed ? '「IP アドレスのみ」の行は、ログが受信サーバーを IP アドレスだけで記録しているもので、複数の受信側を含むことがあります。'
      + '受信ホスト欄はその最初の行のものです。遅延した宛先ドメインは「宛先ドメイン」の表にあります。' : '')
    + (p.files.length > 0 ? `理由ごとの全件（正規化済みの原文）: ${p.files.join('、')}。` : ''),
  moreHosts: (n) => ` ほか ${n.toLocaleString('ja-JP')} 台`,
  moreMailboxGuessers: (n) => `ほか ${n.toLocaleString('ja-JP')} 件の IP`,
  // Review AP, AP2: 入力ファイルの表の「種類」列（英語は report.json の値のまま）。
  inputKind: (kind) => ({ plain: 'テキスト', stdin: '標準入力', stream: 'パイプ' } as Record<string, string>)[kind] ?? kind,
  sendersNote: (p) => {
    const n = (x: number): string => x.toLocaleString('ja-JP');
    return `エンベロープ送信者 ${n(p.total)} 件のうち、メールの多い ${n(p.rows)} 件を表示しています。`
      + `表示していない送信者は ${n(p.total - p.rows)} 件です（\`--top 0\` ですべて表示）。`;
  },
  clientIpsNote: (p) => {
    const n = (x: number): string => x.toLocaleString('ja-JP');
    const hidden = p.total - p.rows;
    return (hidden > 0
      ? `クライアント IP ${n(p.total)} 件のうち ${n(p.rows)} 件を表示しています（活動の多い ${n(p.top)} 件`
        + `${p.asRows !== undefined ? `〔IMAP/POP3 だけのパスワード推測をまとめて ${n(p.asRows)} 行〕` : ''}`
        + `${p.kept > 0 ? `と、その下で検出事項が名前を挙げた ${n(p.kept)} 件` : ''}）。`
        + `表示していない IP は ${n(hidden)} 件です（\`--top 0\` ですべて表示）。`
      : '')
      + (p.grouped > 0
        ? `IMAP/POP3 でパスワードの推測だけをした IP のうち、失敗の多い 5 件の後の ${n(p.grouped)} 件は 1 行（「ほか ${n(p.grouped)} 件の IP」）にまとめています。`
          + 'パスワード推測の検出事項と `blocklist-ips.txt` に IP があり、`csv/byClientIp.csv` に各行があります。'
        : '');
  },
  causeLine(receiver, cause, detail) {
    return `${receiver === '' ? this.unnamedReceiver(cause) : this.receiver(receiver)}: ${this.cause(cause, detail)}`;
  },
};

const WORDS: Record<Lang, TableWords> = { en, ja };

export function tableWordsFor(lang: Lang): TableWords {
  return WORDS[lang];
}
