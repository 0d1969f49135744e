// The words for a finding's evidence keys in report.md and report.html (and compare.md/html): "messagesSinceGuessed"
// is shown as "Messages sent as the account since the guess" / "推測後にこのアカウントで送信されたメール" (review Z, Z3
// and Z18). report.json keeps the keys and values as they are: they are its contract (docs/report-json.md).
//
// Every key a rule can put in a finding's evidence has its words here; a key without them (a rule's new key) is shown
// as the key itself, and test/evidence-labels.test.ts fails until it has them (it reads the rules' source).
//
// Japanese counters, as ja.ts words the same things: 通 for messages, 回 for attempts and failed logins, 台 for
// servers, 行 for log lines, 件 for other counts (recipients, IP addresses, domains, refusals).

import { REFUSAL_KIND_WORDS } from './refusal-kind-words.js';
import { RECEIVERS, REFUSAL_KINDS, refusalEvidenceKey } from '../detect/refusal-kinds.js';
import type { Lang } from './index.js';
import { jaReceiverName } from './receiver-names.js';

/**
 * What a number counts, for its counter word (Japanese) or unit: `percent` "53.3%", `hours` "23 hours" / "23 時間";
 * the others only in Japanese: "300 通".
 */
export type EvidenceUnit = 'messages' | 'count' | 'times' | 'servers' | 'lines' | 'percent' | 'hours';

export interface EvidenceLabel {
  en: string;
  ja: string;
  /** Of a number value; a string value is shown as it is. */
  unit?: EvidenceUnit;
  /** The value names a file this run wrote (compromised-ips.txt): shown as code. */
  file?: true;
  /**
   * Reports of older versions cut the text of each item ("359× text | 246× text") at this many characters: an item that
   * long is shown with "…" (their report.json's "… refused to talk to me: 421 4" says nothing of the cut). This version
   * cuts at a word past the status code and writes the "…" itself (detect/cut-reason.ts; review AJ, AJ10).
   */
  itemsCutAt?: number;
  /**
   * A key reports of older versions carry and this one no longer writes, because it repeated the finding's title:
   * never shown, so that compare of an old report.json against a new one has no row "… | –" for it.
   */
  retired?: true;
  /**
   * An empty value is not shown: reports of older versions wrote the key with '' when there was nothing to list
   * (outbound-port-blocked's other connection failures, review AI, AI1), read by compare.
   */
  hiddenWhenEmpty?: true;
  /**
   * A string value's words in Japanese, per item of its ", " list: report.json keeps "no" and "auth", the Japanese
   * report shows "いいえ" and "認証サービス" (review AP, AP2).
   */
  jaValues?: Record<string, string>;
}

const UNITS: Record<EvidenceUnit, Record<Lang, (n: string, x: number) => string>> = {
  messages: { en: (n) => n, ja: (n) => `${n} 通` },
  count: { en: (n) => n, ja: (n) => `${n} 件` },
  times: { en: (n) => n, ja: (n) => `${n} 回` },
  servers: { en: (n) => n, ja: (n) => `${n} 台` },
  lines: { en: (n) => n, ja: (n) => `${n} 行` },
  percent: { en: (n) => `${n}%`, ja: (n) => `${n}%` },
  hours: { en: (n, x) => `${n} ${x === 1 ? 'hour' : 'hours'}`, ja: (n) => `${n} 時間` },
};

/** A number with its unit or counter in `lang`; `n` is the number already formatted ("1,073"). */
export function withUnit(label: EvidenceLabel | undefined, lang: Lang, n: string, x: number): string {
  return label?.unit === undefined ? n : UNITS[label.unit][lang](n, x);
}

const L: Record<string, EvidenceLabel> = {
  // compromised-account: the account's mail, over the whole log and since the guess.
  messages: { en: 'Messages sent as the account (whole log)', ja: 'このアカウントで送信されたメール（ログ全体）', unit: 'messages' },
  messagesSinceGuessed: { en: 'Messages sent as the account since the guess', ja: '推測後にこのアカウントで送信されたメール', unit: 'messages' },
  recipients: { en: 'Recipients of its mail (whole log)', ja: 'その宛先（ログ全体）', unit: 'count' },
  recipientsSinceGuessed: { en: 'Recipients since the guess', ja: '推測後の宛先', unit: 'count' },
  notDeliveredSinceGuessedPercent: { en: 'Of those recipients, not delivered', ja: 'そのうち配送されなかった宛先', unit: 'percent' },
  // The same over the whole log, beside those since the guess where they differ (review AI, AI6).
  notDeliveredPercent: { en: 'Of all its recipients, not delivered (whole log)', ja: 'すべての宛先のうち配送されなかったもの（ログ全体）', unit: 'percent' },
  bounceNoticesDelivered: { en: 'Bounce notices of its mail delivered (whole log)', ja: 'このアカウントのメールのバウンス通知で配送されたもの（ログ全体）', unit: 'messages' },
  refusedMessages: { en: 'Messages refused at the end of DATA (whole log)', ja: 'DATA の終わりで拒否されたメール（ログ全体）', unit: 'messages' },
  refusedMessageIps: { en: 'IP addresses whose mail was so refused (whole log)', ja: 'そのメールを送った IP アドレス（ログ全体）', unit: 'count' },
  bounceNoticesDeliveredSinceGuessed: { en: 'Bounce notices of that mail delivered', ja: 'そのメールのバウンス通知で配送されたもの', unit: 'messages' },
  // Review AK, AK9: they went to both (corpus incident: 59 out, 53 to info@example.jp's own mailbox).
  bounceNoticesToOutsideSinceGuessed: { en: 'Of those, to outside addresses (its forged senders)', ja: 'そのうち外部のアドレス（詐称された送信者）宛て', unit: 'messages' },
  bounceNoticesToMailboxesHereSinceGuessed: { en: 'Of those, to mailboxes on this server', ja: 'そのうちこのサーバーのメールボックス宛て', unit: 'messages' },
  clientIps: { en: 'IP addresses that logged in as the account (whole log)', ja: 'このアカウントでログインした IP アドレス（ログ全体）', unit: 'count' },
  // The IPs that sent as it, not the mailbox openers that compromised-ips.txt adds (review AJ: 42 beside the list's 43).
  ipsSinceGuessed: { en: 'IP addresses that sent as the account since the guess', ja: '推測後にこのアカウントで送信した IP アドレス', unit: 'count' },
  concurrentIps: { en: 'Most IP addresses sending in one hour', ja: '1 時間に送信した IP アドレスの最大数', unit: 'count' },
  concurrentNetworks: { en: 'Their networks (/8, IPv6 /32)', ja: 'そのネットワーク（/8、IPv6 は /32）', unit: 'count' },
  externalRecipientDomains: { en: 'Outside recipient domains (whole log)', ja: '送信先の外部ドメイン（ログ全体）', unit: 'count' },
  forgedSenderMessages: { en: 'Messages with a forged sender (whole log)', ja: '送信者を詐称したメール（ログ全体）', unit: 'messages' },
  distinctForgedSenders: { en: 'Different forged sender addresses (whole log)', ja: '詐称された送信者アドレスの種類（ログ全体）', unit: 'count' },
  rspamdActionsOnAccount: { en: 'rspamd\'s actions on the account\'s mail (its task summaries naming the login)', ja: 'このアカウントのメールに対する rspamd のアクション（ログイン名を記録したタスクの要約行）' },
  refusedMessagesSinceGuessed: { en: 'Messages refused at the end of DATA since the guess (a filter\'s 5xx)', ja: '推測後に DATA の終わりで拒否されたメール（フィルターの 5xx）', unit: 'messages' },
  refusedMessageIpsSinceGuessed: { en: 'IP addresses whose mail was so refused', ja: 'そのメールを送った IP アドレス', unit: 'count' },
  // SMTP AUTH and IMAP/POP3 failures together (timeline.ts loginFailuresUpTo), where the SASL users table counts SMTP
  // AUTH alone: review AG, AG8 (11 here beside 10 there read as a contradiction).
  failedLoginsForThisName: { en: 'Failed logins for this name before (SMTP AUTH, IMAP and POP3)', ja: 'それまでのこの名前でのログイン失敗（SMTP AUTH、IMAP、POP3）', unit: 'times' },
  failedLoginsOfGuessingIp: { en: 'Failed logins of the guessing IP address before (names not logged)', ja: '推測した IP アドレスのそれまでのログイン失敗（ユーザー名の記録なし）', unit: 'times' },
  sent: { en: 'Recipients delivered (whole log)', ja: '配送済みの宛先（ログ全体）', unit: 'count' },
  // Like `sent`, of the account's mail over the whole log: said so beside the figures since the guess (review AI, AI6).
  bounced: { en: 'Recipients bounced (whole log)', ja: 'バウンスした宛先（ログ全体）', unit: 'count' },
  lastTryDeferred: { en: 'Recipients deferred at their last try in the log', ja: 'ログ上の最後の試行で遅延した宛先', unit: 'count' },
  expired: { en: 'Recipients expired, returned after the queue lifetime (whole log)', ja: '期限切れで返送された宛先（ログ全体）', unit: 'count' },
  deferralAttempts: { en: 'Deferred delivery attempts (whole log)', ja: '配送の遅延（試行、ログ全体）', unit: 'times' },
  stillQueued: { en: 'Messages still queued at the end of the log', ja: 'ログの終了時点でキューに残っているメール', unit: 'messages' },
  topClientIps: { en: 'IP addresses that sent the most', ja: '送信の多い IP アドレス' },
  topForgedSenders: { en: 'Forged sender addresses used the most', ja: 'よく使われた詐称送信者アドレス' },
  mailboxLoginIpsSinceGuessed: { en: 'New IP addresses that opened the mailbox since the guess', ja: '推測後にメールボックスを開いた新しい IP アドレス', unit: 'count' },
  mailboxLoginsSinceGuessed: { en: 'Those mailbox logins (protocol, logins, first)', ja: 'そのメールボックスへのログイン（プロトコル、回数、最初の時刻）' },
  ownerIps: { en: 'The owner\'s IP addresses (from before)', ja: '本人の IP アドレス（それ以前から使用）', unit: 'count' },
  firstOwnerIps: { en: 'The owner\'s IP addresses (first five)', ja: '本人の IP アドレス（先頭の 5 件）' },
  ipsSinceGuessedList: { en: 'List of the IP addresses that used the account since the guess (sent as it or opened its mailbox)', ja: '推測後にこのアカウントを使った IP アドレス（送信した、またはメールボックスを開いた）の一覧', file: true },
  refusedSenderLogins: { en: 'Sending refused by the sender check (not owned by user)', ja: '送信者の確認による拒否（reject_sender_login_mismatch）', unit: 'count' },
  refusedSenderLoginIps: { en: 'IP addresses refused by it', ja: '拒否された IP アドレス', unit: 'count' },
  topRefusedIps: { en: 'IP addresses refused the most', ja: '拒否の多い IP アドレス' },
  distinctRefusedSenders: { en: 'Different sender addresses refused', ja: '拒否された送信者アドレスの種類', unit: 'count' },
  foreignRefusedSenders: { en: 'Of those, addresses of other domains', ja: 'そのうち他のドメインのアドレス', unit: 'count' },
  topRefusedSenders: { en: 'Sender addresses refused', ja: '拒否された送信者アドレス' },
  ownerRefusedIps: { en: 'Refused IP addresses that are the owner\'s', ja: '拒否された IP アドレスのうち本人のもの' },
  sharedRefusedIps: { en: 'Refused IP addresses other users also log in from', ja: '拒否された IP アドレスのうち他のユーザーも使うもの' },
  // compromised-account notes: a sender_login map entry missing, an account's unusual use.
  refusedSenders: { en: 'Sending refused by the sender check', ja: '送信者の確認による拒否', unit: 'count' },
  refusedSenderAddresses: { en: 'Sender addresses refused', ja: '拒否された送信者アドレス' },
  refusedIps: { en: 'IP addresses refused', ja: '拒否された IP アドレス', unit: 'count' },
  otherRefusedIps: { en: 'Refused IP addresses neither the owner\'s nor shared', ja: '本人のものでも共有でもない拒否された IP アドレス', unit: 'count' },
  topRefusedIpList: { en: 'Refused IP addresses (first five)', ja: '拒否された IP アドレス（先頭の 5 件）' },
  otherIps: { en: 'IP addresses not known as the owner\'s', ja: '本人のものと分かっていない IP アドレス', unit: 'count' },
  messagesFromOtherIps: { en: 'Messages from those IP addresses', ja: 'その IP アドレスからのメール', unit: 'messages' },
  recipientsPerMessage: { en: 'Recipients per message', ja: '1 通あたりの宛先' },
  notDeliveredFromOtherIpsPercent: { en: 'Of their recipients, not delivered', ja: 'その宛先のうち配送されなかったもの', unit: 'percent' },
  otherIpsAlsoOpeningTheMailbox: { en: 'Of those IP addresses, also opening the mailbox', ja: 'そのうちメールボックスも開いた IP アドレス', unit: 'count' },
  topOtherIps: { en: 'Those IP addresses, the most used first', ja: 'その IP アドレス（利用の多い順）' },
  unnamedGuessLoginIp: { en: 'IP address that logged in after failed logins with no name logged', ja: 'ユーザー名の記録がないログイン失敗の後にログインした IP アドレス' },
  unnamedGuessLoginFailures: { en: 'Its failed logins before', ja: 'その IP アドレスのそれまでのログイン失敗', unit: 'times' },

  // mailbox-breach
  intruderIps: { en: 'Guessing IP addresses that logged in to the mailbox', ja: 'メールボックスにログインした推測元の IP アドレス', unit: 'count' },
  intruderLogins: { en: 'Their mailbox logins', ja: 'そのメールボックスへのログイン', unit: 'times' },
  failedLoginsFromIntruderIps: { en: 'Failed logins from those IP addresses', ja: 'その IP アドレスからのログイン失敗', unit: 'times' },
  failedLoginsForThisNameBeforeFirstLogin: { en: 'Failed logins for this name before the first login', ja: '最初のログインまでのこの名前でのログイン失敗', unit: 'times' },
  intruders: { en: 'Each IP address (protocol, logins, first; its failed logins; how)', ja: 'IP アドレスごと（プロトコル、回数、最初の時刻、ログイン失敗、経緯）' },
  messagesSentFromIntruderIps: { en: 'Messages sent as the account from those IP addresses', ja: 'その IP アドレスからこのアカウントで送信されたメール', unit: 'messages' },
  intruderIpsList: { en: 'List of the guessing IP addresses that logged in', ja: 'ログインした推測元の IP アドレスの一覧', file: true },

  // sasl-bruteforce
  attackingIps: { en: 'Attacking IP addresses', ja: '攻撃元の IP アドレス', unit: 'count' },
  ipsOverThreshold: { en: 'Of those, over the per-IP threshold', ja: 'そのうち IP ごとのしきい値を超えたもの', unit: 'count' },
  slowAttackingIpsOverThreshold: {
    en: 'Of those, slow returners (a failure every half hour or slower on average, few on real accounts)',
    ja: 'そのうちゆっくり戻ってくるもの（平均 30 分以上の間隔、実在アカウントへの試行は少ない）', unit: 'count',
  },
  loggedInAttackingIps: { en: 'Attacking IP addresses that then logged in', ja: 'その後ログインに成功した攻撃元の IP アドレス', unit: 'count' },
  loggedInAttackingIpsList: { en: 'Those IP addresses', ja: 'その IP アドレス' },
  failedLoginsFromAttackingIps: { en: 'Failed logins from the attacking IP addresses', ja: '攻撃元の IP アドレスからのログイン失敗', unit: 'times' },
  smtpAuthFailuresFromAttackingIps: { en: 'Of those, SMTP AUTH', ja: 'そのうち SMTP AUTH', unit: 'times' },
  mailboxLoginFailuresFromAttackingIps: { en: 'Of those, IMAP/POP3', ja: 'そのうち IMAP/POP3', unit: 'times' },
  // After the IMAP/POP3 row (review AN, AN9): "of those" would read as a part of it.
  port25AuthFailuresFromAttackingIps: { en: 'Of the SMTP AUTH ones, on port 25', ja: 'SMTP AUTH のうちポート 25 でのもの', unit: 'times' },
  authRefusedOnPort25InLog: {
    en: 'SMTP AUTH refused on port 25, AUTH not offered there (503; whole log)', ja: 'ポート 25 で拒否された SMTP AUTH（AUTH を受け付けないため 503。ログ全体）', unit: 'times',
  },
  authRefusedOnPort25Ips: { en: 'IP addresses refused that way', ja: 'そのように拒否された IP アドレス', unit: 'count' },
  distinctUserNamesTriedByAttackingIps: { en: 'Different user names tried', ja: '試されたユーザー名の種類', unit: 'count' },
  topUserNamesTriedByAttackingIps: { en: 'User names tried the most', ja: 'よく試されたユーザー名' },
  topAttackingIps: { en: 'IP addresses with the most failed logins', ja: 'ログイン失敗の多い IP アドレス' },
  targetedAccount: { en: 'Real account tried the most (it logs in here)', ja: '最も多く試された実在のアカウント（ここでログインしているもの）' },
  failuresForTargetedAccount: { en: 'Failed logins for that account', ja: 'そのアカウントへのログイン失敗', unit: 'times' },
  ipsTryingTargetedAccount: { en: 'IP addresses that tried it', ja: 'それを試した IP アドレス', unit: 'count' },
  targetedByIps: { en: 'Those IP addresses (failed logins for it)', ja: 'その IP アドレス（そのアカウントへのログイン失敗）' },
  // Not "(they also logged in)": a device with an old password never does (review AN, AN1).
  ipsToCheckBeforeBlocking: { en: 'IP addresses to check before blocking (your users\' own clients)', ja: '遮断する前に確認する IP アドレス（利用者自身のクライアント）', unit: 'count' },
  failedLoginsFromIpsToCheck: { en: 'Failed logins from those IP addresses', ja: 'その IP アドレスからのログイン失敗', unit: 'times' },
  ipsToCheck: { en: 'Those IP addresses', ja: 'その IP アドレス' },
  ipsToCheckChangingAddress: { en: 'Of those, devices that change address', ja: 'そのうちアドレスが変わる端末', unit: 'count' },
  changingAddressNetworks: { en: 'Their networks', ja: 'そのネットワーク' },
  failedLoginsFromOtherIps: { en: 'Failed logins from other IP addresses', ja: 'その他の IP アドレスからのログイン失敗', unit: 'times' },
  failedLoginsInLog: { en: 'Failed logins in the whole log', ja: 'ログ全体のログイン失敗', unit: 'times' },
  peakHourFailedLoginsInLog: { en: 'Most failed logins in one clock hour (every client)', ja: '1 時間あたりのログイン失敗の最多（全クライアント）', unit: 'times' },

  // queue-flood
  deferredAttempts: { en: 'Deferred delivery attempts', ja: '配送の遅延（試行）', unit: 'times' },
  deferredShareOfAttempts: { en: 'Share of all delivery attempts', ja: '全配送試行に占める割合', unit: 'percent' },
  deferredMessages: { en: 'Messages deferred', ja: '遅延したメール', unit: 'messages' },
  deletedInBulk: { en: 'Messages deleted with postsuper -d ALL', ja: 'postsuper -d ALL で削除されたメール', unit: 'messages' },
  queuePeak: { en: 'Most messages in the queue', ja: 'キューの最大', unit: 'messages' },
  queuePeakAt: { en: 'Queue peak at', ja: 'キューが最大になった時刻' },
  maxDeferralsPerHour: { en: 'Most deferrals in one hour', ja: '1 時間あたりの遅延の最大', unit: 'times' },
  busiestDeferralHour: { en: 'That hour', ja: 'その時間帯' },
  maxLogLinesPerMinute: { en: 'Most log lines in one minute', ja: '1 分あたりのログ行の最大', unit: 'lines' },
  busiestMinute: { en: 'That minute', ja: 'その時刻' },
  topDeferralReasons: { en: 'Most frequent deferral reasons', ja: '多い遅延の理由', itemsCutAt: 90 },
  // Per recipient domain, its messages still queued at the end and its last deferral reason (review AI, AI4).
  queueHolders: { en: 'Recipient domains holding the queue at the end (messages, last deferral reason)', ja: 'ログの終了時点でキューに残るメールの宛先ドメイン（通数、最後の遅延の理由）', itemsCutAt: 90 },
  deferralsForOwnDomains: { en: 'Deferrals of mail for your own domains', ja: '自社ドメイン宛てのメールの遅延', unit: 'times' },
  ownDomainsDeferred: { en: 'Those domains', ja: 'そのドメイン' },
  ownHostsWaitedFor: { en: 'Your hosts it waited for', ja: '待っていた自社のホスト' },

  // queue-cleanup
  abusiveQueued: { en: 'Abusive messages still queued (queue-delete.txt)', ja: 'キューに残っている不正送信（queue-delete.txt）', unit: 'messages' },
  fromCompromisedAccounts: { en: 'Sent as compromised accounts', ja: '乗っ取られたアカウントからの送信', unit: 'messages' },
  relayedSpam: { en: 'Relayed without a login (spam)', ja: 'ログインなしで中継したもの（スパム）', unit: 'messages' },
  relayedFor: { en: 'Relayed for', ja: '中継元' },
  bouncesToForgedSenders: { en: 'Bounces to forged senders', ja: '詐称された送信者宛てのバウンス', unit: 'messages' },
  queuedSinceBeforeLogAsForgedDomains: { en: 'Queued since before the log, sent as the forged sender domains', ja: 'ログより前からキューにあり、詐称された送信者ドメインで送られたもの', unit: 'messages' },
  legitimateQueued: { en: 'Legitimate messages still queued (kept)', ja: 'キューに残っている正規のメール（残します）', unit: 'messages' },
  queueSnapshotIds: { en: 'Queue IDs in the postqueue -j dump', ja: 'postqueue -j の出力にあるキュー ID', unit: 'count' },
  notInQueueSnapshot: { en: 'Queued in the log but gone from the dump', ja: 'ログではキューにあり、出力にはないもの', unit: 'messages' },
  reusedInQueueSnapshot: { en: 'Of those, their queue ID in the dump another sender\'s message (reused: left out)', ja: 'そのうち、出力では同じキュー ID が別の送信者のメール（再利用: 除外）', unit: 'messages' },
  firstIds: { en: 'First queue IDs', ja: '先頭のキュー ID' },

  // queue-deleted
  abusive: { en: 'Of those, abusive', ja: 'そのうち不正送信', unit: 'messages' },
  legitimate: { en: 'Of those, legitimate mail lost', ja: 'そのうち失われた正規のメール', unit: 'messages' },
  legitimateRecipients: { en: 'Their recipients', ja: 'その宛先', unit: 'count' },
  legitimateRecipientsNotDelivered: { en: 'Their recipients not delivered', ja: 'その未配送の宛先', unit: 'count' },
  legitimateRecipientsRefused: { en: 'Of those, refused by a receiver that refuses this server', ja: 'そのうち、このサーバーを拒否している受信側でバウンスした宛先', unit: 'count' },
  legitimateRecipientsBounced: { en: 'Their recipients bounced for another reason (not to send to again)', ja: '別の理由でバウンスした宛先（再送不要）', unit: 'count' },
  legitimateSenders: { en: 'Their senders', ja: 'その送信者' },
  legitimateIds: { en: 'Their queue IDs', ja: 'そのキュー ID' },

  // open-relay
  relayingIps: { en: 'IP addresses that relayed without a login', ja: 'ログインなしで中継させた IP アドレス', unit: 'count' },
  localPrograms: { en: 'Local programs (sendmail) that sent it', ja: '送信したローカルプログラム（sendmail）', unit: 'count' },
  relayedMessages: { en: 'Messages relayed', ja: '中継されたメール', unit: 'messages' },
  relayedRecipients: { en: 'Outside recipients', ja: '外部の宛先', unit: 'count' },
  externalDomains: { en: 'Outside recipient domains', ja: '外部の宛先ドメイン', unit: 'count' },
  topDomains: { en: 'Recipient domains (recipients)', ja: '宛先ドメイン（宛先数）' },
  topLocalPrograms: { en: 'Programs (recipients)', ja: 'プログラム（宛先数）' },
  oneDomainRelayers: { en: 'Clients that relayed to fewer domains', ja: '少数のドメインにだけ中継させたクライアント', unit: 'count' },
  sprayedDomainAddresses: { en: 'Their domains (about how many addresses)', ja: 'そのドメイン（アドレス数の概数）' },
  sprayedDomainNextHops: { en: 'Where that mail went', ja: 'そのメールの配送先' },
  mynetworks: { en: 'mynetworks to keep', ja: '残す mynetworks' },
  relayDeniedOtherClientIps: { en: 'Other client IPs refused "Relay access denied"', ja: '「Relay access denied」で拒否された他のクライアント IP', unit: 'count' },
  relayDeniedOtherClientRefusals: { en: 'Their "Relay access denied" refusals', ja: 'それらの「Relay access denied」による拒否', unit: 'times' },
  ownHostNames: { en: 'Clients named inside your own domains (name in domain)', ja: '自社のドメインの名前のクライアント（名前とドメイン）' },
  distinctForgedSenderDomains: { en: 'Different forged sender domains', ja: '詐称された送信者ドメインの種類', unit: 'count' },
  topForgedSenderDomains: { en: 'Forged sender domains', ja: '詐称された送信者ドメイン' },
  hostSenderDomains: { en: 'Each host\'s own sender domain', ja: 'ホストごとの送信者ドメイン' },
  relayMinutes: { en: 'Minutes each sent for', ja: 'ホストごとの送信時間（分）' },
  relayNotDeliveredPercent: { en: 'Recipients not delivered, per host (%)', ja: 'ホストごとの未配送の宛先（%）' },
  spamRefusedRecipients: { en: 'Recipients refused as spam, per host', ja: 'ホストごとのスパムとして拒否された宛先' },
  spamRefusedPercent: { en: 'Refused as spam, per host (%)', ja: 'ホストごとのスパムとして拒否された割合（%）' },
  spamRefusalCode: { en: 'Receivers\' refusal code', ja: '受信側の拒否コード' },
  burstWindows: { en: 'Bursts (time, messages, domains)', ja: '集中送信（時刻、メール、ドメイン）' },
  outsideRecipientAddresses: { en: 'Different outside recipient addresses', ja: '外部の宛先アドレスの種類' },
  forgedSenderAddresses: { en: 'Different forged sender addresses', ja: '詐称された送信者アドレスの種類' },
  spamSigns: { en: 'Spam signs', ja: 'スパムの兆候' },

  // relay-probing
  relayDenied: { en: 'Relay attempts refused (Relay access denied)', ja: '拒否されたリレーの試行', unit: 'times' },
  probingIps: { en: 'IP addresses that tried', ja: '試行した IP アドレス', unit: 'count' },
  ipsThatRelayedAnyway: { en: 'Of those, IP addresses that relayed anyway', ja: 'そのうちそれでも中継させた IP アドレス', unit: 'count' },
  unknownRecipientRejects: { en: 'Unknown recipients refused', ja: '拒否された存在しない宛先', unit: 'count' },
  harvestingIps: { en: 'IP addresses that tried them', ja: 'それを試した IP アドレス', unit: 'count' },
  unknownRecipientRejectsFromOtherIps: {
    en: 'Unknown recipients refused from other IPs (too few each to count as harvesting, or more real ones)',
    ja: 'ほかの IP アドレスから拒否された存在しない宛先（アドレス収集とみなすには 1 件あたり少ないか、実在する宛先の方が多いもの）', unit: 'count',
  },
  otherIpsWithUnknownRecipients: { en: 'Those other IP addresses', ja: 'そのほかの IP アドレス', unit: 'count' },
  acceptedRecipientsFromThem: { en: 'Real recipients accepted from them', ja: 'それらから受け付けた実在する宛先', unit: 'count' },

  // backscatter
  bounceMessages: { en: 'Bounce notices sent (from=<>)', ja: '送信したバウンスメール（from=<>）', unit: 'messages' },
  // Answering the users' own mail (a login that is no compromised account's abuse), not in the counts (review AM, AM7).
  bouncesOfUsersOwnMail: { en: 'Bounce notices of the users\' own mail, not counted', ja: '利用者自身のメールへのバウンスメール（数えていないもの）', unit: 'messages' },
  // Bounces (one recipient each: the sender they answer), not addresses (review AK, AK4).
  bouncesToRemoteAddresses: { en: 'Of those, sent to outside addresses', ja: 'そのうち外部のアドレスへ送ったもの', unit: 'messages' },
  bouncesBouncedThemselves: { en: 'Of those, bounced themselves', ja: 'そのうちそれ自体もバウンスしたもの', unit: 'messages' },
  // What the log shows of them: their last try was a deferral (review AI, AI3; the key keeps its old name).
  bouncesStillDeferred: { en: 'Of those, deferred at their last try in the log', ja: 'そのうちログ上の最後の試行で遅延したもの', unit: 'messages' },
  undeliverableShare: { en: 'Share undeliverable', ja: '配送できなかった割合', unit: 'percent' },
  acceptedThenBounced: { en: 'Inbound recipients accepted, then bounced here', ja: '受け付けた後にこのサーバーでバウンスした外部からの宛先', unit: 'count' },
  devNullDeliveries: { en: 'Delivered to /dev/null (luser_relay or catch-all)', ja: '/dev/null への配送（luser_relay またはキャッチオール）', unit: 'messages' },
  bouncesToForwardedSenders: { en: 'Bounces to senders of mail you forwarded', ja: '転送したメールの送信者宛てのバウンス', unit: 'count' },
  fromAccounts: { en: 'Sent as', ja: '送信したアカウント' },

  // receivers-refusing
  recipientsRefused: { en: 'Recipients refused by receivers (each once)', ja: '受信側に拒否された宛先（重複なし）', unit: 'count' },
  messagesRefused: { en: 'Their messages', ja: 'そのメール', unit: 'messages' },
  refusals: { en: 'Refusal lines (every try counted)', ja: '拒否の行数（再試行ごとに数える）', unit: 'count' },
  reDeferredWithoutContact: { en: 'Re-deferred by Postfix without contacting them', ja: 'Postfix が接続せずに再び遅延させたもの', unit: 'count' },
  receivers: { en: 'Receivers', ja: '受信側' },
  ourIp: { en: 'Your sending IP address', ja: '送信元の IP アドレス' },
  sendingDomain: { en: 'Your sending domain', ja: '送信ドメイン' },
  recipientsRefusedDeliveredLater: { en: 'Of the refused recipients, delivered later', ja: '拒否された宛先のうち、後で配送されたもの', unit: 'count' },
  recipientsRefusedBounced: { en: 'Of the refused recipients, bounced', ja: '拒否された宛先のうち、バウンスしたもの', unit: 'count' },
  recipientsRefusedBouncedOwnMailbox: { en: 'Of those bounced, by their own mailbox (unknown user, full)', ja: 'バウンスしたもののうち、宛先自身のメールボックスによるもの（存在しない宛先、容量超過）', unit: 'count' },
  recipientsRefusedNotDelivered: { en: 'Of the refused recipients, still queued or expired', ja: '拒否された宛先のうち、キューに残っているか期限切れのもの', unit: 'count' },
  recipientsRefusedQueuedAfterLimit: { en: 'Of those, still queued over an hour after the last refusal (another reason)', ja: 'そのうち、最後の拒否から 1 時間以上たってもキューに残るもの（別の理由）', unit: 'count' },
  messagesRefusedNamed: { en: 'The refused messages', ja: '拒否されたメール' },
  usersMailRefused: { en: 'Your users\' own mail bounced by a receiver refusing this server (to send again once it accepts it)', ja: 'このサーバーを拒否している受信側でバウンスした利用者のメール（受け付けられるようになってから再送）', unit: 'messages' },
  usersMailRefusedRecipients: { en: 'Their recipients refused', ja: 'その拒否された宛先', unit: 'count' },
  usersMailRefusedSenders: { en: 'Their senders', ja: 'その送信者' },
  domainsFailingAuthentication: { en: 'Domains that failed SPF/DKIM (refusals)', ja: 'SPF/DKIM に失敗したドメイン（拒否数）' },
  ourDomainAmongThem: { en: 'Your own domain among them', ja: '自社ドメインが含まれるか', jaValues: { yes: 'はい', no: 'いいえ' } },
  forwardedMailRefusals: { en: 'Refusals of mail forwarded for your aliases', ja: '自社のエイリアスのために転送したメールの拒否', unit: 'count' },
  refusedForwards: { en: 'Those aliases (refusals)', ja: 'そのエイリアス（拒否数）' },
  spfRecord: { en: 'SPF record to publish', ja: '公開する SPF レコード' },
  dkimKey: { en: 'Command to make a DKIM key', ja: 'DKIM 鍵を作るコマンド' },
  dkimRecord: { en: 'DKIM record to publish', ja: '公開する DKIM レコード' },
  dmarcRecord: { en: 'DMARC record to publish', ja: '公開する DMARC レコード' },
  ptrCheck: { en: 'Reverse DNS (PTR) check', ja: '逆引き（PTR）の確認' },
  delisting: { en: 'Delisting', ja: '掲載解除の申請' },

  dkimKeyInUse: { en: 'DKIM key the server signs with already (no new key)', ja: 'このサーバーが署名に使っている鍵（新しい鍵は不要）' },

  // unsigned-mail
  unsignedMessages: { en: 'Messages to outside recipients without a DKIM signature', ja: 'DKIM 署名なしで外部へ送られたメール', unit: 'messages' },
  unsignedDomains: { en: 'Their sender domains (messages)', ja: 'その送信者ドメイン（通数）' },
  unsignedWhy: { en: 'Why, as the signers logged it (messages; none: no line at all)', ja: '理由（署名する側の記録、通数。none: 行なし）' },
  submittedWithSendmail: { en: 'Submitted with sendmail, seen by no milter', ja: 'sendmail で投入され、マイルターを通っていないもの', unit: 'messages' },
  loggedInWithoutMilter: { en: 'Of logged-in clients, not seen by OpenDKIM', ja: 'ログインしたクライアントのもので、OpenDKIM を通っていないもの', unit: 'messages' },
  signedMessages: { en: 'Messages signed (OpenDKIM, rspamd, amavis)', ja: '署名されたメール（OpenDKIM、rspamd、amavis）', unit: 'messages' },
  signingKeys: { en: 'Keys it signed with', ja: '署名に使われた鍵' },
  outsideRecipients: { en: 'Their outside recipients', ja: 'その外部の宛先', unit: 'count' },
  refusedRecipients: { en: 'Of those, refused or not delivered', ja: 'そのうち拒否されたか未配送のもの', unit: 'count' },
  refusedByDomain: { en: 'Refused at (recipients)', ja: '拒否した宛先ドメイン（宛先数）' },
  refusedQueueIds: { en: 'Queue IDs of the refused messages', ja: '拒否されたメールのキュー ID' },
  refusalsNamingTheDomain: { en: 'SPF/DKIM refusals naming the domain', ja: 'このドメインを名指しした SPF/DKIM による拒否', unit: 'count' },
  keyErrors: { en: 'OpenDKIM lines of a key that did not load', ja: '鍵を読み込めなかった OpenDKIM の行', unit: 'lines' },
  milterUnreachable: { en: 'Postfix warnings that a milter did not answer', ja: 'マイルターに接続できなかった Postfix の警告', unit: 'lines' },
  likelyUnsignedPickup: { en: 'Submitted with sendmail, likely seen by no milter (inferred)', ja: 'sendmail で投入され、マイルターを通っていない可能性のあるもの（推定）', unit: 'messages' },
  opendkimSawSmtpd: { en: 'Messages over SMTP OpenDKIM logged a line of', ja: 'OpenDKIM の行がある SMTP 経由のメール', unit: 'messages' },
  opendkimSawPickup: { en: 'Messages submitted with sendmail OpenDKIM logged a line of', ja: 'OpenDKIM の行がある sendmail 投入のメール', unit: 'messages' },
  sentWhileMilterDown: { en: 'Sent while Postfix could not reach the signing milter', ja: '署名のマイルターに接続できなかった間に送られたもの', unit: 'messages' },
  rspamdUnsigned: { en: 'Handled by rspamd without its signature', ja: 'rspamd が署名せずに処理したもの', unit: 'messages' },
  amavisUnsigned: { en: 'Passed by amavis without its signature', ja: 'amavis が署名せずに通したもの', unit: 'messages' },
  rspamdKeyErrors: { en: 'rspamd lines of a key that did not load', ja: '鍵を読み込めなかった rspamd の行', unit: 'lines' },
  signedByOthers: { en: 'Signed by rspamd or amavis (messages)', ja: 'rspamd または amavis が署名したメール（通数）' },

  // outbound-port-blocked
  timeoutsDuringBlock: { en: 'Connections to port 25 that timed out', ja: 'タイムアウトしたポート 25 への接続', unit: 'count' },
  remoteDeliveriesDuringBlock: { en: 'Remote deliveries meanwhile', ja: 'その間の外部への配送', unit: 'count' },
  failedShareDuringBlock: { en: 'Share of connections that failed', ja: '失敗した接続の割合', unit: 'percent' },
  blockedHours: { en: 'Blocked for', ja: 'ブロックされていた時間', unit: 'hours' },
  timedOutDestinations: { en: 'Servers that timed out', ja: 'タイムアウトした接続先', unit: 'servers' },
  destinationsContacted: { en: 'Servers contacted', ja: '接続を試みた接続先', unit: 'servers' },
  remoteDeliveriesAfter: { en: 'Remote deliveries after the block', ja: 'ブロック後の外部への配送', unit: 'count' },
  otherConnectFailures: { en: 'Other connection failures', ja: 'その他の接続の失敗', hiddenWhenEmpty: true },

  // server-trouble
  diskErrors: { en: 'Disk or queue file errors', ja: 'ディスクまたはキューファイルのエラー', unit: 'count' },
  crashes: { en: 'Daemon crashes', ja: 'デーモンの異常終了', unit: 'count' },
  smtpdLostAuthServer: { en: 'smtpd could not reach the authentication server', ja: 'smtpd が認証サーバーに接続できなかったもの', unit: 'count' },
  dovecotAuthErrors: { en: 'Dovecot authentication errors', ja: 'Dovecot の認証エラー', unit: 'count' },
  // Every failed login of the hours around the trouble, the 454s and aborted ones too (review AK, AK10).
  failedLoginsMeanwhile: { en: 'Failed logins meanwhile (password guessing, the 454s included)', ja: 'その間のログイン失敗（パスワード推測。454 を含む）', unit: 'times' },
  tempfail454ToRealUsers: { en: '454 answers to real users', ja: '正規の利用者への 454 応答', unit: 'times' },
  tempfail454ToAttackers: { en: '454 answers to attackers', ja: '攻撃元への 454 応答', unit: 'times' },
  attackingIpsThatGot454: { en: 'Attacking IP addresses that got 454', ja: '454 を受けた攻撃元の IP アドレス', unit: 'count' },
  dnsFailures: { en: 'DNS lookup failures', ja: 'DNS の名前解決の失敗', unit: 'count' },
  processLimitReached: { en: 'Process limit reached', ja: 'プロセス数の上限に達した回数', unit: 'times' },
  tlsErrors: { en: 'TLS handshake failures', ja: 'TLS ハンドシェイクの失敗', unit: 'count' },
  tlsFailingIps: { en: 'Client IP addresses with TLS failures', ja: 'TLS に失敗したクライアント IP アドレス', unit: 'count' },
  tlsRepeatFailingIps: { en: 'Of those, failing again and again', ja: 'そのうち繰り返し失敗したもの', unit: 'count' },
  topTlsRepeatIps: { en: 'Those IP addresses (failures)', ja: 'その IP アドレス（失敗数）' },
};

/** Keys whose words depend on the rule: one key, another meaning. */
const BY_RULE: Record<string, Record<string, EvidenceLabel>> = {
  'receivers-refusing': {
    // Until review AG (AG7): the classes in the title's words, each class's count again beside its own key's row.
    classes: { en: 'Refusals by receiver and kind', ja: '受信側と種類ごとの拒否', retired: true },
  },
  'server-trouble': {
    classes: {
      en: 'Kinds of trouble', ja: '障害の種類',
      jaValues: { disk: 'ディスク', crash: 'デーモンの異常終了', auth: '認証サービス', dns: 'DNS の名前解決', capacity: 'プロセス数の上限', tls: 'TLS' },
    },
  },
  'relay-probing': {
    topIps: { en: 'IP addresses refused the most (refusals)', ja: '拒否の多い IP アドレス（拒否数）' },
  },
  'open-relay': {
    topIps: { en: 'IP addresses that relayed the most (recipients)', ja: '中継の多い IP アドレス（宛先数）' },
  },
};


/** receivers-refusing's key per receiver and kind of refusal ("gmailRate": deferred and bounced). */
const REFUSAL_CLASSES: Record<string, EvidenceLabel> = {};
for (const provider of RECEIVERS) {
  const ja = jaReceiverName(provider);
  for (const [kind] of REFUSAL_KINDS) {
    REFUSAL_CLASSES[refusalEvidenceKey(provider, kind)] = {
      en: `${provider}: ${REFUSAL_KIND_WORDS.en[kind]}`, ja: `${ja}: ${REFUSAL_KIND_WORDS.ja[kind]}`, unit: 'count',
    };
  }
}

/** The words of evidence key `key` of a finding of rule `rule`, or undefined when it has none (shown as the key). */
export function evidenceLabel(rule: string, key: string): EvidenceLabel | undefined {
  const own = Object.hasOwn(BY_RULE, rule) ? BY_RULE[rule]! : undefined;
  if (own !== undefined && Object.hasOwn(own, key)) return own[key];
  if (rule === 'receivers-refusing' && Object.hasOwn(REFUSAL_CLASSES, key)) return REFUSAL_CLASSES[key];
  return Object.hasOwn(L, key) ? L[key] : undefined;
}

/**
 * An evidence row as the advice points at it, by the words the table shows, its trailing bracket left out: "Domains that
 * failed SPF/DKIM" / "SPF/DKIM に失敗したドメイン" for domainsFailingAuthentication (review AP, AP4: the report.json key
 * named in the advice is nowhere in the report's table).
 */
export function evidenceRowName(rule: string, key: string, lang: Lang): string {
  return (evidenceLabel(rule, key)?.[lang] ?? key).replace(lang === 'ja' ? /（[^（）]*）$/ : / \([^()]*\)$/, '');
}

/** Every key with words, per rule where they depend on it: for the test that every key a rule makes has them. */
export function labelledKeys(rule: string): Set<string> {
  return new Set([...Object.keys(L), ...Object.keys(BY_RULE[rule] ?? {}), ...(rule === 'receivers-refusing' ? Object.keys(REFUSAL_CLASSES) : [])]);
}
