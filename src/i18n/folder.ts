// The words of the output folder's list (review Z, Z17: "Files in this folder" in the report, README.txt in the
// folder) and of the inputs appendix's path column (review Z, Z25), in each language. Plain text: the Markdown
// renderer escapes it, README.txt takes it as it is. File names, table names and commands stay as they are.

import type { Lang } from './index.js';

export interface FolderWords {
  /** The inputs table's column of the path as given on the command line (the other columns cite the file's name). */
  pathGiven: string;
  heading: string;
  /**
   * Under the heading (report.md and README.txt): `top` the run's --top, at which csv/ and report.json cut the tables
   * as the report does (review AM, AM4: it said they held all the rows).
   */
  intro(top: number): string;
  /** After the text of a csv/ table cut at --top (render/csv.ts CUT_AT_TOP), when `top` > 0. */
  cutAtTop(top: number): string;
  /** README.txt's first line: what made the folder, for which report and period. */
  readmeTitle(p: { tool: string; version: string; title: string; from: string; to: string }): string;
  reports: Record<'report.json' | 'report.md' | 'report.html' | 'ticket.md' | 'README.txt' | 'manifest', string>;
  /** A list a finding exports, with the number of its lines. */
  lists: Record<'blocklist-ips.txt' | 'compromised-ips.txt' | 'dns-records.txt' | 'queue-delete.txt', (n: number) => string>;
  /** A chart: its title. */
  chart(title: string): string;
  /** A table of csv/: what its rows are (the names of render/csv.ts); `table` for one of no known name. */
  csv: Record<string, string>;
  csvOther(table: string): string;
}

const EN: FolderWords = {
  pathGiven: 'Path as given',
  heading: 'Files in this folder',
  intro: (top) => (top > 0
    ? `What this run wrote next to this report, one file a line (a csv/ file marked "cut at --top ${top}" has the rows of the report's table, as report.json does; --top 0 writes every row):`
    : 'What this run wrote next to this report, one file a line (--top 0: the csv/ files and report.json have every row of the report\'s tables):'),
  cutAtTop: (top) => ` (cut at --top ${top}, as in the report)`,
  readmeTitle: (p) => `${p.title}: the files ${p.tool} ${p.version} wrote in this folder, for the log from ${p.from} to ${p.to}.`,
  reports: {
    'ticket.md': 'the short report to paste into a ticket: the verdict, the first steps, each finding with its evidence and what to do',
    'report.md': 'the whole report in Markdown: every finding with its log lines and complete advice, and every table',
    'report.html': 'the same report as one page to open in a browser, with the charts (no network needed)',
    'report.json': 'the report as data, for scripts and for the compare command',
    'README.txt': 'this list',
    manifest: 'the list of the files this run wrote: the next run in this folder removes only those',
  },
  lists: {
    'blocklist-ips.txt': (n) => `${n.toLocaleString('en-US')} attacking IP ${n === 1 ? 'address' : 'addresses'}, one a line, to block in the firewall`,
    'compromised-ips.txt': (n) => `${n.toLocaleString('en-US')} IP ${n === 1 ? 'address' : 'addresses'} that used a compromised account or mailbox, one a line, to block in the firewall`,
    'dns-records.txt': (n) => `the SPF, DKIM and DMARC records to publish (${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'})`,
    'queue-delete.txt': (n) => `${n.toLocaleString('en-US')} queue ${n === 1 ? 'ID' : 'IDs'} of the abuse still queued, for postsuper -d - < queue-delete.txt`,
  },
  chart: (title) => `chart: ${title}`,
  csv: {
    findings: 'the findings, one a row (rule, severity, title, evidence)',
    bySaslUser: 'SASL users: messages, recipients and client IPs of each login',
    byClientIp: 'client IPs: connections, messages, failed logins and rejects of each IP',
    // report/build.ts TOP_ATTACKING_IPS rows whatever --top: not the whole blocklist (review AM, AM4).
    topAttackingIps: 'the 15 IPs with the most failed logins, with their counts (blocklist-ips.txt lists every attacking IP)',
    bySender: 'envelope senders: messages and what became of them',
    bySenderDomain: 'envelope sender domains: messages and what became of them',
    byLocalProgram: 'local programs (sendmail): mail submitted on the server, by host and uid',
    byRecipientDomain: 'recipient domains: recipients delivered, deferred, bounced and expired',
    byRelay: 'next hops (relays) the mail was handed to, with counts',
    byStatus: 'delivery attempts by status (sent, deferred, bounced, expired)',
    deferralReasons: 'deferral reasons as Postfix wrote them (normalised), with an example log line each',
    deferralCauses: 'deferral causes by receiver, as the Deferral reasons table of the report groups them: deferrals, those Postfix repeated from its cache, receiving hosts, an example line each',
    bounceReasons: 'bounce reasons, with an example log line each',
    rejectReasons: 'reject reasons, with an example log line each',
    connectFailureReasons: 'reasons of failed connections to other servers, with an example line each',
    daemonProblems: 'Postfix and Dovecot warnings and errors, with an example line each',
    authFailuresByUser: 'failed SMTP logins by user name tried',
    authFailureReasons: 'failed SMTP logins by reason',
    authRefused: 'SMTP AUTH commands smtpd refused without a failed-login line (503 once AUTH is off on port 25), by service, with an example line',
    // Every failure Dovecot's auth logged: with smtpd_sasl_type = dovecot the SMTP AUTH ones too (review AM, AM5:
    // "passwd-file(suzuki@example.jp,127.66.102.120): Password mismatch" from an IP that never spoke IMAP/POP3).
    dovecotAuthFailuresByUser: 'logins Dovecot refused (SMTP AUTH through Postfix, and IMAP/POP3) by user name tried',
    dovecotAuthFailuresByIp: 'logins Dovecot refused (SMTP AUTH through Postfix, and IMAP/POP3) by client IP',
    dovecotLoginsByUser: 'IMAP/POP3 logins by protocol and user',
    mailboxLoginsByUser: 'mailbox logins (IMAP/POP3): a row per user, with its client IPs',
    mailboxLoginsByUserIp: 'mailbox logins: a row per user and client IP, with an example line',
    postscreen: 'postscreen events by kind',
    hourly: 'activity per hour (received, sent, deferred, failed logins, queue size)',
    minutely: 'activity per minute, every minute of the log (received, sent, deferred, failed logins, queue size; only for a log of at most 12 hours)',
    stillQueued: 'the messages still queued at the end of the log, all of them (the legitimate column tells the users\' mail)',
    deletedInBulk: 'the messages postsuper -d ALL deleted, all of them (the legitimate column tells the users\' mail)',
    postsuperRequeues: 'every postsuper -r run',
    skippedInputs: 'the input files left out, with the file that holds their lines',
    eventKinds: 'log lines counted by kind of event (for checking the counts)',
    hosts: 'syslog host names and their lines',
    inputs: 'the input files with their lines parsed, ignored and not understood',
  },
  csvOther: (table) => `the table ${table} of report.json`,
};

const JA: FolderWords = {
  pathGiven: '指定されたパス',
  heading: 'このフォルダーのファイル',
  intro: (top) => (top > 0
    ? `この実行がレポートと同じフォルダーに書いたファイルです（1 行に 1 ファイル。「--top ${top} で省略」とある csv/ のファイルは、report.json と同じくレポートの表の行だけを持ちます。--top 0 ですべての行を書きます）:`
    : 'この実行がレポートと同じフォルダーに書いたファイルです（1 行に 1 ファイル。--top 0 のため、csv/ のファイルと report.json にはレポートの表の全行があります）:'),
  cutAtTop: (top) => `（レポートと同じく --top ${top} で省略）`,
  readmeTitle: (p) => `${p.title}: ${p.tool} ${p.version} がこのフォルダーに書いたファイル（ログの期間 ${p.from} ～ ${p.to}）。`,
  reports: {
    'ticket.md': 'チケットに貼る短いレポート: 結論、最初にすること、検出事項ごとの根拠と対処',
    'report.md': 'Markdown の完全なレポート: 検出事項ごとのログ行と対処のすべて、すべての表',
    'report.html': '同じレポートをブラウザーで開く 1 ページにしたもの（グラフ付き、ネットワーク不要）',
    'report.json': 'レポートのデータ（スクリプト用、compare コマンド用）',
    'README.txt': 'この一覧',
    manifest: 'この実行が書いたファイルの一覧: 次にこのフォルダーで実行するとき、これに載ったファイルだけを削除します',
  },
  lists: {
    'blocklist-ips.txt': (n) => `攻撃元の IP アドレス ${n.toLocaleString('ja-JP')} 件（1 行に 1 件、ファイアウォールで遮断する用）`,
    'compromised-ips.txt': (n) => `乗っ取られたアカウントやメールボックスを使った IP アドレス ${n.toLocaleString('ja-JP')} 件（1 行に 1 件、ファイアウォールで遮断する用）`,
    'dns-records.txt': (n) => `公開する SPF、DKIM、DMARC レコード（${n.toLocaleString('ja-JP')} 行）`,
    'queue-delete.txt': (n) => `まだキューにある不正なメールのキュー ID ${n.toLocaleString('ja-JP')} 件（postsuper -d - < queue-delete.txt 用）`,
  },
  chart: (title) => `グラフ: ${title}`,
  csv: {
    findings: '検出事項の一覧（1 行に 1 件: ルール、重大度、タイトル、根拠）',
    bySaslUser: 'SASL ユーザー: ログインごとのメール数、宛先数、接続元 IP 数',
    byClientIp: '接続元 IP: IP ごとの接続数、メール数、ログイン失敗数、拒否数',
    topAttackingIps: 'ログイン失敗の多い 15 件の IP アドレスとその件数（攻撃元の IP はすべて blocklist-ips.txt にあります）',
    bySender: 'エンベロープ送信者: メール数とその結果',
    bySenderDomain: 'エンベロープ送信者のドメイン: メール数とその結果',
    byLocalProgram: 'ローカルプログラム（sendmail）: サーバー上で投入されたメール（ホストと uid ごと）',
    byRecipientDomain: '宛先ドメイン: 配送済み、遅延、バウンス、期限切れの宛先数',
    byRelay: 'メールを渡した次の中継先と件数',
    byStatus: '配送試行の状態別件数（sent、deferred、bounced、expired）',
    deferralReasons: 'Postfix が書いたままの遅延の理由（正規化済み、それぞれログ行の例付き）',
    deferralCauses: '受信側ごとの遅延の原因（レポートの「配送遅延の理由」の表のまとめ方）: 遅延の件数、Postfix がキャッシュから繰り返した件数、受信ホスト、それぞれログ行の例付き',
    bounceReasons: 'バウンスの理由（それぞれログ行の例付き）',
    rejectReasons: '拒否の理由（それぞれログ行の例付き）',
    connectFailureReasons: '他のサーバーへの接続失敗の理由（それぞれログ行の例付き）',
    daemonProblems: 'Postfix と Dovecot の警告とエラー（それぞれログ行の例付き）',
    authFailuresByUser: 'SMTP ログイン失敗（試されたユーザー名ごと）',
    authFailureReasons: 'SMTP ログイン失敗（理由ごと）',
    authRefused: 'smtpd が失敗の行なしに拒否した SMTP AUTH のコマンド（ポート 25 で AUTH を無効にした後の 503）、サービスごと、ログ行の例付き',
    dovecotAuthFailuresByUser: 'Dovecot が拒否したログイン（Postfix 経由の SMTP AUTH と IMAP/POP3。試されたユーザー名ごと）',
    dovecotAuthFailuresByIp: 'Dovecot が拒否したログイン（Postfix 経由の SMTP AUTH と IMAP/POP3。接続元 IP ごと）',
    dovecotLoginsByUser: 'IMAP/POP3 ログイン（プロトコルとユーザーごと）',
    mailboxLoginsByUser: 'メールボックスへのログイン（IMAP/POP3）: ユーザーごとに 1 行、接続元 IP 付き',
    mailboxLoginsByUserIp: 'メールボックスへのログイン: ユーザーと接続元 IP ごとに 1 行、ログ行の例付き',
    postscreen: 'postscreen のイベント（種類ごと）',
    hourly: '1 時間ごとの動き（受信、送信、遅延、ログイン失敗、キューの大きさ）',
    minutely: 'ログの 1 分ごとの動き（受信、送信、遅延、ログイン失敗、キューの大きさ。12 時間以内のログのみ）',
    stillQueued: 'ログの終わりにまだキューにあったメールのすべて（legitimate 列が利用者の正規のメール）',
    deletedInBulk: 'postsuper -d ALL で削除されたメールのすべて（legitimate 列が利用者の正規のメール）',
    postsuperRequeues: 'postsuper -r の実行のすべて',
    skippedInputs: '読まなかった入力ファイルと、その行を含むファイル',
    eventKinds: 'イベントの種類ごとのログ行数（件数の確認用）',
    hosts: 'syslog のホスト名とその行数',
    inputs: '入力ファイルと、解析済み・対象外・解析不能の行数',
  },
  csvOther: (table) => `report.json の表 ${table}`,
};

const WORDS: Record<Lang, FolderWords> = { en: EN, ja: JA };

export function folderWords(lang: Lang): FolderWords {
  return WORDS[lang];
}
