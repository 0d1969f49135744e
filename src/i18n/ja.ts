// 日本語: 日本の中小企業のメール管理者が読むレポート。数値は ja-JP 形式、英数字と日本語の間には半角スペースを入れます
// （読みやすさのためと、--redact がアドレスや IP を語の区切りで見つけられるように）。Postfix / Dovecot の用語、
// コマンド、設定、ログの文言はそのままにします。

import type { StaleClient } from '../detect/rules/stale-password.js';
import type { Messages, OwnBulkWords, OwnSpamWords } from './index.js';
import type { Severity } from '../types.js';
import type { LooksLike } from '../split/magic.js';
import { MAX_STRAY_BYTES } from '../split/compressed-data-end.js';
import { shellArg } from '../detect/util.js';
import { JA_ADVICE, JA_RULES, jaAtLeast, jaPool } from './ja-rules.js';
import { splitDuration } from './duration.js';
import { jaSpan } from './log-span.js';
import { REFUSAL_KIND_WORDS } from './refusal-kind-words.js';
import { MICROSOFT_CUSTOMER } from '../detect/refusal-kinds.js';
import { jaReceiverName } from './receiver-names.js';

const num = (x: number): string => x.toLocaleString('ja-JP');

/** "1 時間 5 分", "59 分 59 秒", "10 分" (whole seconds), "20,785 日 13 時間" from two days on; followed by a space. */
/** The words for a time the log does not give (shortTime's fallback). */
const UNKNOWN_TIME = '時刻不明';
/** 「この名前でのログイン失敗」が数えるもの（en.ts EN_LOGIN_KINDS、証拠の表の failedLoginsForThisName と同じ語）。 */
const JA_LOGIN_KINDS = 'SMTP AUTH、IMAP、POP3';

/** "A から B" of a finding's first and last time; a time the log does not give is left out (review AA, F2). */
function fromTo(first: string, last: string): string {
  const a = first !== UNKNOWN_TIME;
  const b = last !== UNKNOWN_TIME;
  return a && b ? `${first} から ${last}` : a ? `${first} 以降` : b ? `${last} まで` : UNKNOWN_TIME;
}

/** "A から B にかけて" (in a sentence), the same way. */
function during(first: string, last: string): string {
  const a = first !== UNKNOWN_TIME;
  const b = last !== UNKNOWN_TIME;
  return a && b ? `${first} から ${last} にかけて` : a ? `${first} 以降に` : b ? `${last} までに` : '時刻は不明ですが';
}

function jaDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s >= 2 * 86_400) return `${num(Math.floor(s / 86_400))} 日 ${s % 86_400 >= 3600 ? `${Math.floor((s % 86_400) / 3600)} 時間 ` : ''}`;
  const parts = [[Math.floor(s / 3600), '時間'], [Math.floor((s % 3600) / 60), '分'], [s % 60, '秒']] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, u]) => `${num(n)} ${u} `);
  return shown.length === 0 ? '0 秒 ' : shown.join('');
}

/** 送信の時間（「（40 分間）」、長い中継の中の最悪の 1 時間なら「（うち 400 通は 40 分間）」）。2 時間を超えれば書きません。 */
function jaBurstText(minutes: number, burstMessages: number | null): string {
  if (minutes > 120) return '';
  return burstMessages === null ? `（${num(minutes)} 分間）` : `（うち ${num(burstMessages)} 通は ${num(minutes)} 分間）`;
}


/** スパムの見出しの兆候: 送信時間、詐称された送信者、届かなかった宛先の割合（短時間の大量送信の宛先のうち）。 */
function jaOwnSpamTail(p: OwnSpamWords): string {
  return jaBurstText(p.minutes, p.burstMessages)
    + (p.forgedMessages > 0 ? `。うち ${num(p.forgedMessages)} 通は他社のドメイン（${p.forgedDomains.join('、')}${p.moreForgedDomains > 0 ? ` ほか ${num(p.moreForgedDomains)} 件` : ''}）を送信者としています` : '')
    + (p.sprayed ? `。送信者アドレスは ${jaAtLeast(p.sprayed.senders, p.sprayed.sendersAtLeast, p.sprayed.sendersAbout)} 種類、宛先は異なるアドレス ${jaAtLeast(p.sprayed.recipients, p.sprayed.recipientsAtLeast, p.sprayed.recipientsAbout)} 件です` : '')
    + (p.notDelivered !== null ? `。${p.burstMessages === null ? '' : `その ${num(p.burstMessages)} 通の`}宛先の ${p.notDelivered}% には届いていません` : '')
    + (p.spamRefused !== null
      ? `。${p.notDelivered !== null ? '届かなかった' : p.burstMessages === null ? '' : `その ${num(p.burstMessages)} 通の`}宛先のうち ${num(p.spamRefused)} 件は、受信側がスパムとして拒否しました`
      : '');
}

/** 一斉送信の見出しの送信時間、送信者のドメイン、届かなかった宛先の割合。 */
function jaOwnBulkTail(p: OwnBulkWords): string {
  return jaBurstText(p.minutes, p.burstMessages)
    + (p.senderDomains.length > 0 ? `。送信者のドメインは ${p.senderDomains.join('、')}` : '')
    + (p.burstMessages === null ? `、届かなかった宛先は ${p.notDelivered}% です` : `、その ${num(p.burstMessages)} 通の宛先のうち届かなかったものは ${p.notDelivered}% です`);
}
/** 語をつなぎ、英数字と日本語の境目にだけ半角スペースを入れる（「Gmail が」「その他の受信サーバーが」「の SPF」）。 */
const join = (...parts: string[]): string => parts.reduce((a, b) => {
  const ascii = (ch: string | undefined): boolean => ch !== undefined && /[\x21-\x7e]/.test(ch) && !/[（）「」、。]/.test(ch);
  return a === '' || b === '' || ascii(a[a.length - 1]) === ascii(b[0]) ? a + b : `${a} ${b}`;
}, '');
const zoneShort = (tz: string): string => (tz === 'local' ? 'サーバーのローカル時刻' : `UTC${tz}`);

const SEVERITY: Record<Severity, string> = { critical: '重大', high: '高', medium: '中', low: '低', info: '情報' };

const KIND_LABEL = REFUSAL_KIND_WORDS.ja;


const DELISTING: Record<string, string> = {
  Gmail: 'Gmail: 解除申請のフォームはありません。スパムが止まれば回復します（Postmaster Tools https://postmaster.google.com で状況を確認）',
  Yahoo: 'Yahoo: https://senders.yahooinc.com/contact （スパムが止まってから）',
  Microsoft: 'Microsoft: https://sender.office.com （IP の掲載解除を申請）',
  Spamhaus: 'Spamhaus: https://check.spamhaus.org （照会と削除の申請）',
  SpamCop: 'SpamCop: 最後の報告から 24 時間で自動的に解除されます',
  Barracuda: 'Barracuda: https://www.barracudacentral.org/rbl/removal-request',
  Proofpoint: 'Proofpoint: https://ipcheck.proofpoint.com',
  // Orange and Comcast refuse by Cloudmark's CSI list; its reset form (review AC, F7).
  Cloudmark: 'Cloudmark: https://csi.cloudmark.com/reset-request （IP のリセットを申請）',
  // Microsoft 5.7.513 "Customer Block list" (review AC, F14): the recipient's own list, which Microsoft's portal does not lift.
  [MICROSOFT_CUSTOMER]: 'Microsoft 365 の受信側組織: 受信側の組織が自分のブロックリスト（Customer Block list, AS16012607）に IP を載せたもので、'
    + 'Microsoft の掲載解除ポータルでは解除できません。外せるのはその組織の管理者だけなので、別の経路（電話や別のアドレス）で削除を依頼してください',
};

const SUBJECT_KIND: Record<string, string> = {
  saslUser: 'SASL ユーザー', ips: 'IP アドレス', localPrograms: 'ローカルプログラム', queue: 'キュー', receivers: '受信側', bounces: 'バウンス', port: 'ポート', daemons: 'デーモン',
};

const provider = jaReceiverName;

/** Recipients not delivered: bounced, expired, and the deferred ones still queued or deleted by postsuper -d ALL. */
/** コンテンツフィルターのコピーに配送結果があり、アカウント自身の行にはない場合（compromised-account outcomesKnown）。 */
const JA_OUTCOMES_UNKNOWN = 'これらの宛先の配送結果はコンテンツフィルターを通ったコピーの行にあり、アカウント自身の行にはありません';
const JA_UNDELIVERED = {
  queued: 'バウンス、期限切れ、配送待ちを含む',
  deleted: 'バウンス、期限切れ、および postsuper -d ALL で削除されるまで配送待ちだったものを含む',
  mixed: 'バウンス、期限切れ、配送待ち、postsuper -d ALL による削除を含む',
} as const;
/** Of the recipients not delivered yet, by what became of them: the log shows their last try (review AI, AI3). */
const JA_PENDING = {
  queued: 'ログ上の最後の試行で遅延',
  deleted: 'postsuper -d ALL で削除されるまで遅延',
  mixed: '遅延（キューに残存、または postsuper -d ALL で削除）',
} as const;

/** "（先頭の 50 通。全件は report.json、csv/… にあります）": where the rows a table leaves out are (if written). */
const jaFirstOf = (cut: string[] | null): string => (cut === null ? ''
  : cut.length === 0 ? '（先頭の 50 通）' : `（先頭の 50 通。全件は ${cut.join('、')} にあります）`);

/** 「192.0.2.30:143（拒否 3 件）、192.0.2.31」: ログが入力にないバックエンドと、auth_verbose の行が名指しした拒否の数。 */
function proxyBackendList(backends: string[], byBackend: Array<{ backend: string; ip: string; refused: number }>): string {
  const named = byBackend.map((b) => `${b.backend}（拒否 ${num(b.refused)} 件）`);
  return [...named, ...backends.filter((ip) => !byBackend.some((b) => b.ip === ip))].join('、');
}

/** sasl-bruteforce.ts staleText: 根拠の表の、利用者自身のクライアントの IP アドレス一件。 */
function jaStaleText(c: StaleClient): string {
  const users = c.loggedInAs.length === 0 ? '送信のないログイン'
    : c.loggedInAs.slice(0, 3).join('、') + (c.loggedInAs.length > 3 ? ` ほか（計 ${num(c.loggedInAs.length)} 人）` : '');
  const names = c.names.length === 0 ? '' : `${c.names.slice(0, 3).join('、')}${c.names.length > 3 ? ` ほか（計 ${num(c.names.length)} 件）` : ''} として `;
  if (c.reason === 'device') return `${c.ip}（${names}${num(c.failures)} 回失敗。ログインなし。約 ${c.everyMinutes} 分ごと、${c.spanHours} 時間にわたる）`;
  if (c.reason === 'roaming') {
    return `${c.ip}（${names}${num(c.failures)} 回失敗。${c.network} で変わるアドレス、以前は ${c.earlierLoginIp} からログイン`
      + `${c.loggedInAs.length > 0 ? `。ログインしたユーザー: ${users}` : ''}）`;
  }
  return `${c.ip}（${names}${num(c.failures)} 回失敗。ログインしたユーザー: ${users}${c.reason === 'this-host' ? '。このサーバー自身' : ''}）`;
}

/** en.ts failedLoginsEn: 問題のないログのログイン失敗（SMTP AUTH と IMAP/POP3）。なければ ''。 */
function failedLoginsJa(smtp: number, mailbox: number): string {
  if (smtp + mailbox === 0) return '';
  const parts = [...(smtp > 0 ? [`SMTP のログイン失敗 ${num(smtp)} 回`] : []), ...(mailbox > 0 ? [`IMAP/POP3 のログイン失敗 ${num(mailbox)} 回`] : [])];
  return `、${parts.join('、')}（いずれもしきい値未満）`;
}

/** someOf in Japanese prose: "a、b、c ほか 2 件" (review AP, AP9); someOf itself writes rules' subjects, kept as report.json has them. */
function jaSomeOf(items: string[], shown: number): string {
  return items.slice(0, shown).join('、') + (items.length > shown ? ` ほか ${num(items.length - shown)} 件` : '');
}

/** en.ts lostMailOthers: what became of the other recipients, after "ほかの N 件の宛先" (review AM, AM2). */
function jaLostMailOthers(others: number, bounced: number | null | undefined): string {
  if (bounced === null || bounced === undefined) return 'には削除の前に配送（またはバウンス）が済んでいる';
  if (bounced === 0) return 'には削除の前に配送が済んでいる';
  const why = '別の理由（存在しない宛先、容量超過など）でバウンスした';
  return bounced >= others ? `は削除の前に${why}` : `には削除の前に配送が済んでいるか、${why}`;
}

export const ja: Messages = {
  lang: 'ja',
  locale: 'ja-JP',
  num,
  someOf: (items, shown) => items.slice(0, shown).join(', ') + (items.length > shown ? ` ほか ${num(items.length - shown)} 件` : ''),
  unknownTime: UNKNOWN_TIME,

  rules: JA_RULES,
  advice: JA_ADVICE,
  overview: {
    empty: '解析する行がありません: 入力から Postfix / Dovecot の行を 1 行も読み取れませんでした。',
    emptyDetails: '理由は下の警告のとおりです（logrotate 直後の空のファイル、別の種類のログ、ログの終わりより後の --since など）。問題の有無は調べられていません。',
    clean: (p) => `${p.duration}のログ（${p.from} から ${p.to}）に問題は見つかりませんでした。`,
    cleanDetails: (p) => `受信 ${num(p.received)} 通、配送完了 ${num(p.delivered)} 件`
      + `${failedLoginsJa(p.authFailures, p.mailboxFailures)}。${p.proxyRefused !== undefined ? '読んだ範囲では' : ''}どのルールにも該当しませんでした`
      + `${p.proxyRefused !== undefined ? `が、ログインプロキシのバックエンドが拒否したログイン ${num(p.proxyRefused)} 件（プロキシの行から数えました）の理由を記録したバックエンドのログは入力にありません` : ''}。`,
    notes: (p) => `${p.duration}のログに重大な問題は見つかりませんでした: 下の注記 ${num(p.notes)} 件は急ぎではありません。`,
    accountTaken: (p) => (p.critical
      ? `メールアカウント ${p.user} は ${p.at} 頃に乗っ取られ、スパムの送信に使われました。`
      : `メールアカウント ${p.user} には ${p.at} 以降、パスワード盗用の兆候があります: スパムを送信しました。`),
    accountDetails: (p) => `それ以降、${num(p.ips)} 件の IP アドレスがこのアカウントで ${num(p.messages)} 通を送信しました`
      + `${p.queued !== null && p.queued > 0 ? `。うち ${num(p.queued)} 通がまだキューに残っています` : ''}。`,
    moreAccounts: (users) => `ほかに ${num(users.length)} 件のアカウントも乗っ取られています: ${users.join('、')}。`,
    mailboxBreach: (p) => `パスワード推測攻撃の IP アドレスが ${p.at} 頃にメールボックス ${p.user} にログインしました。メールが読まれた可能性があります。`,
    worst: (short) => `最も重大な検出事項: ${short}。`,
    queuedSpam: (n) => `スパム ${num(n)} 通がまだキューに残っています。`,
    lostMail: (p) => `postsuper -d ALL で ${num(p.deleted)} 通が削除され、うち ${num(p.legitimate)} 通は利用者の正規のメールでした。`,
    refusing: (receivers) => `${receivers.join('、')} がこのサーバーからのメールを拒否しています。`,
    short: {
      account: (p) => (p.critical ? `アカウント ${p.user} の乗っ取り（${p.at} にパスワード推測）、スパム送信に使用` : `アカウント ${p.user} から ${p.at} 以降スパム送信`),
      mailboxBreach: (p) => `メールボックス ${p.user} にパスワード推測攻撃の IP アドレスがログイン（${p.at}）`,
      bruteforce: (p) => `${p.background === true ? 'パスワード推測（背景レベル）' : 'パスワード推測攻撃'}: ${num(p.ips)} 件の IP アドレスから ${num(p.failed)} 回のログイン失敗${p.loggedIn ? `、${p.loggedIn} がログイン成功` : ''}`
        + (p.targeted !== undefined ? `、うち ${num(p.targeted.failures)} 回は ${p.targeted.name}` : ''),
      staleClients: (p) => `利用者自身のクライアントのパスワード誤り: ${num(p.ips)} 件の IP アドレスから ${num(p.failed)} 回のログイン失敗`,
      queueCleanup: (n) => `スパム ${num(n)} 通がキューに残留（queue-delete.txt）`,
      queueDeleted: (p) => `postsuper -d ALL で ${num(p.deleted)} 通を削除、うち ${num(p.legitimate)} 通は正規のメール`,
      refusing: (receivers) => `${receivers.join('、')} がこのサーバーからのメールを拒否`,
      portBlocked: (p) => `送信ポート 25 がブロックされているようです: 外部のメールサーバーへの接続 ${num(p.timeouts)} 件がタイムアウト、`
        + `${p.sent === 0 ? '配送の成功は 0 件' : `配送の成功は ${num(p.sent)} 件のみ`}`,
      // アドレスの数ではなくバウンスの通数（review AK, AK4）。
      backscatter: (p) => `バックスキャッター: バウンスメール ${num(p.messages)} 通のうち ${num(p.remote)} 通が外部のアドレスへ送られ、そのうち ${num(p.undeliverable)} 通はそれ自体も配送できませんでした`,
      unsignedMail: (p) => `${p.domains.slice(0, 2).join('、')}${p.domains.length > 2 ? ' など' : ''} のメール ${num(p.messages)} 通が DKIM 署名なしで送信${p.likely === true ? 'された可能性' : ''}`,
    },
    stepsHeading: '最初にすること（この順に）',
    stepAccount: (users) => `${users.join('、')} のパスワードを変更します。攻撃者を締め出すのはこの変更です。そのあと開いているセッションを切断します。`,
    stepRelay: 'オープンリレーを閉じます: ログインしていないクライアントのためのリレーを止めます。',
    stepRelayFor: (p) => {
      const own = p.ownHosts.length === 0 ? ''
        : `${jaSomeOf(p.ownHosts, 3)} は自社のドメインのホストですが、中継したメールにスパムの兆候があります。再び中継させる前に、`
          + 'そのホストで何が送信しているか（乗っ取られた Web アプリケーションやスクリプト、漏えいしたキーなど）を調べてください。';
      return `オープンリレーを閉じます: ${p.ips} からのログインなしの中継を止めます`
        + (p.restricted ? '（他のクライアントは「Relay access denied」で拒否されているため、mynetworks またはアクセスマップで許可されています。そこから外します）' : '')
        + `。${own}`;
    },
    stepQueue: (n) => `キューに残っているスパム ${num(n)} 通を保留し、いくつか確認してから、それだけを削除します。`,
    stepLostMail: (p) => `${p.senders.split(', ').join('、')} に、postsuper -d ALL で削除された ${num(p.legitimate)} 通を、届いていない ${num(p.notDelivered)} 件の宛先`
      + '（レポートの「postsuper -d ALL でキューから削除されたメール」の一覧）へ送り直すよう伝えます。'
      + ((p.refused ?? 0) > 0 ? `そのうち ${num(p.refused!)} 件は、このサーバーからのメールを拒否している受信側でバウンスした宛先です。`
        + '受信側がこのサーバーのメールを再び受け付けるようになってから送り直します。' : '')
      + (p.recipients > p.notDelivered ? `ほかの ${num(p.recipients - p.notDelivered)} 件の宛先${jaLostMailOthers(p.recipients - p.notDelivered, p.bounced)}ので、送り直しは不要です。` : ''),
    stepBlock: (p) => `${[
      ...(p.guessers !== null ? [`パスワードを推測した ${num(p.guessers)} 件の IP アドレス`] : []),
      ...(p.intruders !== null ? [`アカウントを使った ${num(p.intruders)} 件の IP アドレス`] : []),
    ].join('と')}をファイアウォールで遮断します。${p.startsNftables ? '最初の行は inet filter テーブルがないときに nftables を起動し、'
      + 'flush ruleset で始まる /etc/nftables.conf を読み込みます。ufw、firewalld、Docker がファイアウォールを管理しているサーバーでは、'
      + 'その行は実行せず（それらのルールが消えます）、そのツールで IP アドレスを追加してください。' : ''}`,
    stepBlockWithheld: '攻撃元の IP アドレスをファイアウォールで遮断します: このレポートは匿名化されているため、その一覧は匿名化しない実行にだけあります。',
    stepHarden: (p) => (!p.after ? '各検出事項の対策を、重大なものから順に行います。'
      : p.fire ? '落ち着いたら: 再発しないよう、各検出事項にある恒久的な設定変更を行います。'
        : '続いて、再発しないよう各検出事項にある恒久的な設定変更を行います。'),
    findingRef: (ns) => `検出事項 ${ns.join('、')}`,
    paren: (text) => `（${text}）`,
    uses: (files) => `使うファイル: ${files.map((f) => `\`${f}\``).join('、')}`,
    overTime: '時間の推移',
    baselineFirst: '対策前との比較',
    baselineMore: '詳細は下記',
    cliCounts: (p) => (p.total === 0 ? '検出事項はありません。' : `検出事項 ${num(p.total)} 件: ${p.bySeverity.map(([s, c]) => `${SEVERITY[s]} ${num(c)}`).join('、')}`),
    cliMore: (n) => `… ほか ${num(n)} 件はレポートを参照`,
    cliWarning: (text) => `警告: ${text}`,
    cliOpen: (path) => `開く: ${path}`,
  },


  findings: {
    compromisedAccount(p) {
      const head = p.unnamedGuess === true
        ? `SASL アカウント ${p.user} は ${p.guessedAt} 頃にパスワードを推測された可能性が高いです。その時刻に ${p.guessedFrom} が `
          + `${num(p.failuresBefore)} 回のログイン失敗（ユーザー名はログに残っていません。Postfix 3.7.8 より前）の後にログインに成功しています。それ以降、`
        : p.failuresBefore > 0
        ? `SASL アカウント ${p.user} は ${p.guessedAt} 頃にパスワードを推測されました`
          + (p.guessedFrom ? `（${p.guessedFrom} から${p.loginSeen ? 'ログイン成功' : '最初の送信'}）` : '')
          + `。それまでにこの名前で ${num(p.failuresBefore)} 回のログイン失敗（${JA_LOGIN_KINDS}）がありました。それ以降、`
        : `SASL アカウント ${p.user} には、パスワードが盗まれた兆候があります。`;
      return head + `${num(p.ipsSince)} 件の IP アドレスがこのアカウントでログインし、`
        + `宛先 ${num(p.recipients)} 件へ ${num(p.messagesSince)} 通を送信しました`
        + (p.forgedMessages > 0 ? `（うち送信者の詐称 ${num(p.forgedMessages)} 通）` : '')
        + `。このアカウントの送信先の外部ドメインはログ全体で ${num(p.externalDomains)} 件です。`
        + (p.recipients === 0 && p.refusedAtData !== undefined ? `${num(p.queued)} 通がキューに残っています`
          : (p.queued === 0 ? 'キューに残っているメールはなく、' : `${num(p.queued)} 通がキューに残っており、`)
            + (p.notDeliveredShare === null ? JA_OUTCOMES_UNKNOWN : `これらの宛先の ${p.notDeliveredShare}% には配送されていません（${JA_UNDELIVERED[p.pendingFate]}）`))
        + (p.refusedAtData !== undefined
          ? `。それらの IP アドレスのうち ${num(p.refusedAtData.ips)} 件からの${p.messagesSince > 0 ? 'ほかの' : ''}メール ${num(p.refusedAtData.messages)} 通を、`
            + 'サーバーが DATA の終わりで拒否しました（milter や内容検査の 5xx。フィルターがスパムと判定）'
          : '')
        + ((p.filterDiscarded ?? 0) > 0 ? `。コンテンツフィルターがこのアカウントのメールの宛先 ${num(p.filterDiscarded!)} 件を破棄しました（スパム、マルウェア、禁止された添付ファイル、またはフィルター自身のバウンス）` : '')
        + (p.mailboxIntruders.length > 0
          ? `。それ以降、新しい IP アドレス ${num(p.mailboxIntruders.length)} 件からメールボックスにログインされています（`
            + p.mailboxIntruders.slice(0, 3).map((x) => `${x.at} に ${x.ip} から ${x.protocol.toUpperCase()}`).join('、')
            + (p.mailboxIntruders.length > 3 ? '、…' : '') + '）。メールが読まれた可能性があります'
          : '')
        + (p.refused !== null
          ? `。${p.refused.first} から ${p.refused.last} にかけて、このアカウントでログインした IP アドレス ${num(p.refused.ips)} 件が送信者の確認で `
            + `${num(p.refused.rejects)} 回拒否されています（「not owned by user」）。パスワードはまだ他人に使われています`
          : '');
    },
    accountUnusualUse: (p) => `SASL アカウント ${p.user} は、本人のものと分かっていない ${num(p.ips)} 件の IP アドレスから、宛先 ${num(p.recipients)} 件へ `
      + `${num(p.messages)} 通を送信しました（送信先の外部ドメインはログ全体で ${num(p.externalDomains)} 件、${p.notDeliveredShare === null ? JA_OUTCOMES_UNKNOWN : `これらの宛先の ${p.notDeliveredShare}% は未配送`}）`
      + (p.mailboxIps > 0 ? `。${p.mailboxIps === p.ips ? 'どの IP アドレスからも' : `そのうち ${num(p.mailboxIps)} 件の IP アドレスからは`}メールボックスも開かれています` : '')
      + (p.mistyped > 0 ? `。それまでの ${num(p.mistyped)} 回のログイン失敗は、そのあと同じ IP アドレスからログインに成功しており、推測ではなく入力ミスです` : '')
      + (p.pool !== undefined ? `。${jaPool(p.pool)}` : '')
      + (p.guessLogin !== undefined
        ? `。その前の ${p.guessLogin.at} に、${p.guessLogin.ip} が ${num(p.guessLogin.failures)} 回のログイン失敗（ユーザー名はログに残っていません。Postfix 3.7.8 より前）の後にログインに成功しており、`
          + 'このアカウントだった可能性があります（送信者は自社のアドレス、大部分が配送済み）。'
        : '。他人がパスワードを使っている兆候はありません（送信者は自社のアドレス、パスワード推測の後のログインなし、大部分が配送済み）。')
      + 'これらの IP アドレスが本人のものか確認してください',
    mailboxBreach: (p) => `パスワード推測攻撃者が ${p.user} のメールボックスにログインしました: `
      + p.intruders.slice(0, 3).map((x) => `${x.at} に ${x.ip} から ${x.protocol.toUpperCase()}（その IP から ${num(x.failures)} 回のログイン失敗の後）`).join('、')
      + (p.intruders.length > 3 ? ` ほか ${num(p.intruders.length - 3)} 件の IP アドレス` : '')
      + `。それまでにこの名前で ${num(p.failedForName)} 回のログイン失敗（${JA_LOGIN_KINDS}）がありました。メールが読まれた可能性があります`,
    compromisedStillUsed: (p) => `SASL アカウント ${p.user} のパスワードは、まだ他人に使われています。${during(p.first, p.last)}、`
      + `IP アドレス ${num(p.ips)} 件がこのアカウントでログインし、所有していないアドレスを送信者にして送ろうとしました。`
      + `送信者の確認（「reject_sender_login_mismatch」）が ${num(p.rejects)} 回拒否しており（「not owned by user」）、止めているのはこの確認だけです`
      + (p.messagesSince > 0 ? `。同じ IP アドレスから、このアカウントで ${num(p.messagesSince)} 通が受け付けられています` : ''),
    senderMapMissing: (p) => `sender_login マップに ${p.user} の行が足りません。${during(p.first, p.last)}、送信者の確認により `
      + `${p.senders.join('、')}${p.moreSenders > 0 ? ` ほか ${num(p.moreSenders)} 件` : ''} としての送信が ${num(p.ips)} 件の IP から ${num(p.rejects)} 回拒否されました。`
      + `そのうち ${num(p.ownerIps)} 件は本人のメールクライアント、${num(p.sharedIps)} 件は他のユーザーも使う IP です。`
      + (p.foreign === 0 ? '自社ドメインのアドレスなので、パスワードの盗用ではなく、マップに追加すべき共有アドレスです'
        : `他のドメインのアドレスが ${num(p.foreign)} 件含まれています。本人のアドレスか確認してください`),
    bruteforceStaleWhy: '間違ったパスワードや古いパスワードのままのメールソフトは、メールを確認するたびにログインに失敗します。ログでは'
      + 'パスワードの推測のように見えますが、利用者自身のものです。そのアドレスを遮断してもメールソフトは直らず失敗を続け、その'
      + 'アドレスの背後の全員（事務所、携帯回線の NAT）が使えなくなります。利用者がメールソフトに現在のパスワードを設定します。'
      + '利用者のものでないアドレスなら、実在するユーザー名を知って試しています。そのときはそのパスワードを変更してください。',
    senderMapMissingWhy: '送信者の確認（reject_sender_login_mismatch）が、ユーザーが本当に送りたいメールを拒否しています。本人のクライアントが、'
      + 'sender_login マップでそのログインに割り当てられていない自社ドメインの共有アドレスで送信しているため、そのメールは送られず、'
      + '送信者には 553 エラーが返ります。パスワードが他人に知られていることを示すものはありません。',
    accountUnusualUseGuessWhy: 'このアカウントの新しいアドレスからの送信が始まる前に、ログにユーザー名が残らない形で（Postfix 3.7.8 より前）'
      + 'パスワード推測攻撃者がログインに成功しており、このアカウントだった可能性があります。それ以外に他人を示すものはなく、'
      + 'メールは自分のアドレスで送られて配送されています。これらのアドレスが本人のものかどうかは、本人にしか分かりません。',
    accountUnusualUseWhy: 'ログには、このアカウントを他人が使ったことを示すものはありません。メールは自分のアドレスで送られて配送され、'
      + 'パスワード推測の後のログインもありません。送信元のアドレス（または宛先ドメイン）の数が多いことだけが目立ちますが、'
      + 'モバイル回線のスマートフォンや一斉配信ツールでもそうなります。それらのアドレスが本人のものかどうかは、本人にしか分かりません。',
    bruteforceDistributed: (p) => `分散型のパスワード推測攻撃: ${during(p.first, p.last)}、${num(p.ips)} 件の IP アドレスから `
      + `${num(p.failures)} 回のログイン失敗がありました`,
    bruteforceSingle: (p) => `パスワード推測攻撃: ${num(p.ips)} 件の IP アドレスから ${num(p.failures)} 回のログイン失敗がありました`,
    // review AL, AL2: 実在するアカウントが名指しで狙われていれば「通常のこと」とは言わず、そのアカウントを書きます。
    bruteforceBackground: (p) => `背景レベルのパスワード推測${p.targeted === undefined ? '（インターネットに公開されたサーバーでは通常のことです）' : ''}: `
      + `${p.hours < 1 ? '1 時間以内に' : p.hours < 48 ? `${num(Math.round(p.hours))} 時間で` : `${num(Math.round(p.hours / 2.4) / 10)} 日間で`}、`
      + `${num(p.ips)} 件の IP アドレスから ${num(p.failures)} 回のログイン失敗があり、成功したものはありません`
      + (p.targeted === undefined ? ''
        : `。うち ${num(p.targeted.failures)} 回は実在するアカウント ${p.targeted.name} に対するもので、${num(p.targeted.ips)} 件の IP アドレスからです`),
    bruteforceGotIn: (ips, more) => `。${ips.join('、')}${more > 0 ? ` ほか ${num(more)} 件` : ''} はその後 SMTP AUTH でログインに成功しており、パスワードが推測されています`,
    // Review AN, AN1: ログインしたことのない、一人の利用者の端末（メールソフトの間隔）。
    staleClientText: jaStaleText,
    bruteforceStaleOnly: (p) => (p.devices ?? 0) === p.ips && p.device !== undefined
      ? (p.ips === 1
        ? `1 件の IP アドレスから、すべて ${p.device.name}（ほかの場所からログインしている利用者）として、約 ${num(p.device.everyMinutes)} 分ごとに `
          + `${num(Math.round(p.device.spanHours))} 時間にわたり ${num(p.failures)} 回のログイン失敗がありました。この IP アドレスからのログインはありません。`
          + '推測攻撃ではなく、その利用者の古いスマートフォンやタブレットが古いパスワードのまま接続している可能性が高いです'
        : `${num(p.ips)} 件の IP アドレスから ${num(p.failures)} 回のログイン失敗がありました（それぞれ一人の利用者の名前だけ、計 ${num(p.users)} 件、`
          + 'メールソフトの間隔で。どれもログインしていません）。推測攻撃ではなく、古いパスワードのままの古い端末の可能性が高いです')
      : p.roaming === p.ips
      ? `${p.networks.join('、')} の ${num(p.ips)} 件の IP アドレスから、順に ${num(p.failures)} 回のログイン失敗がありました`
        + `（${p.users === 1 ? '一つのユーザー名' : `IP アドレスごとに ${num(p.users)} 件のうち一つのユーザー名`}。その名前は以前にこのネットワークからログインしています）。`
        + '推測攻撃ではなく、アドレスが変わる端末（携帯回線の NAT の背後のスマートフォンなど）の古いパスワードのままのメールソフトです。遮断する前に確認してください'
      : `ログインにも成功している${p.roaming > 0 ? `か、利用者が以前ログインしたネットワーク（${p.networks.join('、')}）でアドレスが変わった（${num(p.roaming)} 件）` : ''}`
      + `${(p.devices ?? 0) > 0 ? `か、一人の利用者の名前だけでメールソフトの間隔で失敗した（${num(p.devices!)} 件）` : ''} `
      + `${num(p.ips)} 件の IP アドレスから ${num(p.failures)} 回のログイン失敗がありました`
      + (p.shared
        ? ((p.strangers ?? 0) > 0
          ? `（${num(p.users)} 件のユーザー名。${num(p.strangers!)} 件を除き、その IP アドレスからログインしています）。推測攻撃ではなく、利用者のメールソフトです（入力ミス、古いパスワード、削除されたアカウント）`
          : `（${num(p.users)} 件のユーザー名。どれもその IP アドレスからログインしています）。推測攻撃ではなく、利用者のメールソフトです（入力ミスや古いパスワード）`)
        : `（${p.users > 1 ? `IP アドレスごとに ${num(p.users)} 件のうち一つのユーザー名` : '一つのユーザー名'}）。推測攻撃ではなく、`
          + (p.failures <= 2 * p.ips ? 'パスワードの入力ミスか、古いパスワードのままのメールソフトです' : '古いパスワードのままのメールソフトです')),
    // Review AL, AL4: 英語の見出しと同じく通数も見出し（firstClause は括弧を落とす）に残し、ほかの見出しと同じ名詞句に。
    queueFlood: (p) => `メール ${num(p.deferredMessages)} 通で配送の遅延（deferred）${num(p.deferred)} 回（全配送試行の ${p.share}%）。`
      + `キューは${p.peakAt === null ? '' : ` ${p.peakAt} 頃に`}最大約 ${num(p.peak)} 通に達し、`
      + (p.deletedInBulk > 0 ? `${p.deletedAt} に postsuper -d ALL で ${num(p.deletedInBulk)} 通が削除された後、` : '')
      + (p.stillQueued === 0 ? 'ログの終了時点でキューは空でした。遅延の急増は終わっています' : `ログの終了時点で ${num(p.stillQueued)} 通が残っていました`),
    queueDeleted: (p) => `${p.at} に postsuper -d ALL で ${num(p.deleted)} 通が削除されました`
      + (p.classified
        ? `（不正送信 ${num(p.abusive)} 通、正規のメール ${num(p.legitimate)} 通${p.legitimate > 0 ? `。${jaSomeOf(p.senders, 3)} の正規のメールが一緒に失われました` : ''}）`
        : p.legitimate > 0 ? `（${jaSomeOf(p.senders, 3)} のメールを含む）` : ''),
    queueCleanup: (p) => `キューに残っている ${num(p.queued)} 通のうち ${num(p.abusive)} 通は不正送信です（`
      + [
        ...(p.users.length > 0 ? [`${p.users.join('、')} からの送信 ${num(p.fromUsers)} 通`] : []),
        ...(p.relayed > 0 ? [`${jaSomeOf(p.relayers, 3)} のためにログインなしで中継したもの ${num(p.relayed)} 通`] : []),
        ...(p.users.length > 0 || p.backscatter > 0 ? [`詐称された送信者宛てのバウンス ${num(p.backscatter)} 通`] : []),
        ...(p.earlier !== undefined && p.earlier > 0 ? [`ログより前からキューにあり、不正送信が詐称した送信者ドメインで送られたもの ${num(p.earlier)} 通`] : []),
      ].join('、')
      + `）。正規のメール ${num(p.legitimate)} 通は残します`,
    queueIds: (n) => `キュー ID ${num(n)} 件`,
    openRelay: (p) => `オープンリレー: ${during(p.first, p.last)}、ログインしていない ${num(p.ips.length)} 件のクライアント IP`
      + `（${jaSomeOf(p.ips, 3)}）から受け付けたメール ${num(p.messages)} 通が、外部ドメイン ${num(p.domains)} 件の宛先 `
      + `${num(p.recipients)} 件へ中継されました`
      + (p.restricted === true ? '。中継は制限されています（他のクライアントは「Relay access denied」で拒否されています）。'
        + `${p.ips.length === 1 ? 'この IP アドレス' : 'これらの IP アドレス'}は mynetworks またはアクセスマップで許可されています` : ''),
    ownNetworkRelay: (p) => `自社のネットワークからのログインなしの中継: ${during(p.first, p.last)}、プライベートアドレスまたは`
      + `ループバックアドレスのクライアント IP ${num(p.ips.length)} 件（${jaSomeOf(p.ips, 3)}）から受け付けたメール ${num(p.messages)} 通が、`
      + `外部ドメイン ${num(p.domains)} 件の宛先 ${num(p.recipients)} 件へ中継されました。これらのアドレスにはインターネットから届かないため`
      + 'オープンリレーではありませんが、自社のホストであることを確認してください',
    trustedHostRelay: (p) => `自社のホストからのログインなしの中継: ${during(p.first, p.last)}、Postfix が自社のドメイン `
      + `${p.ownDomains.join('、')} の名前（${jaSomeOf(p.names, 3)}）で記録したクライアント IP ${num(p.ips.length)} 件（${jaSomeOf(p.ips, 3)}）から`
      + `受け付けたメール ${num(p.messages)} 通が、外部ドメイン ${num(p.domains)} 件の宛先 ${num(p.recipients)} 件へ中継されました。`
      + 'このホストには中継が許可されており（mynetworks またはアクセスマップ）、そのメールにスパムの兆候はないため、オープンリレーではありませんが、'
      + '自社のホストであることを確認してください',
    ownNetworkSpam: (p) => `自社のネットワークからのスパムの中継: ${during(p.first, p.last)}、プライベートアドレスまたはループバック`
      + `アドレスのクライアント IP ${num(p.ips.length)} 件（${jaSomeOf(p.ips, 3)}）から、ログインなしで受け付けたメール ${num(p.messages)} 通が、`
      + `外部ドメイン ${num(p.domains)} 件の宛先 ${num(p.recipients)} 件へ中継されました`
      + jaOwnSpamTail(p) + '。自社のホスト上の Web アプリケーションやスクリプトが乗っ取られています',
    ownNetworkBulk: (p) => `自社のネットワークからの一斉送信: ${during(p.first, p.last)}、プライベートアドレスまたはループバック`
      + `アドレスのクライアント IP ${num(p.ips.length)} 件（${jaSomeOf(p.ips, 3)}）から、ログインなしで受け付けたメール ${num(p.messages)} 通が、`
      + `外部ドメイン ${num(p.domains)} 件の宛先 ${num(p.recipients)} 件へ中継されました`
      + jaOwnBulkTail(p) + '。メールマガジンやメーリングリストの送信に見えます。自社で送ったものか確認してください',
    localProgramSpam: (p) => `このサーバー上のプログラムからのスパム: ${during(p.first, p.last)}、sendmail で送信するローカルプログラム `
      + `${num(p.programs.length)} 件（${jaSomeOf(p.programs, 3)}）から、メール ${num(p.messages)} 通が外部ドメイン ${num(p.domains)} 件の宛先 `
      + `${num(p.recipients)} 件へ送信されました`
      + jaOwnSpamTail(p) + '。このサーバー上の Web アプリケーションやスクリプトが乗っ取られています',
    localProgramBulk: (p) => `このサーバー上のプログラムからの一斉送信: ${during(p.first, p.last)}、sendmail で送信するローカルプログラム `
      + `${num(p.programs.length)} 件（${jaSomeOf(p.programs, 3)}）から、メール ${num(p.messages)} 通が外部ドメイン ${num(p.domains)} 件の宛先 `
      + `${num(p.recipients)} 件へ送信されました`
      + jaOwnBulkTail(p) + '。メールマガジンやメーリングリストの送信に見えます。自社で送ったものか確認してください',
    relayProbing: (p) => `リレーの試行: ${during(p.first, p.last)}、${num(p.ips)} 件の IP アドレスがこのサーバーを経由した`
      + `外部ドメインへの送信を ${num(p.denied)} 回試みました。`
      + (p.leaked.length === 0
        ? 'すべて拒否されています'
        : `うち ${num(p.leaked.length)} 件の IP アドレスは、ログインせずにメールを中継させていました（${p.leaked.slice(0, 3).join('、')}）`),
    addressHarvesting: (p) => `アドレス収集: ${during(p.first, p.last)}、${num(p.ips)} 件の IP アドレスが存在しない宛先 `
      + `${num(p.unknown)} 件を試しました。すべて RCPT の段階で拒否されています（これらの IP アドレスからの実在する宛先 `
      + `${num(p.accepted)} 件は受け付け）`,
    backscatter(p) {
      const parts: string[] = [];
      const d = p.ndr;
      // 一文で: 何へのバウンスかを先に（review AI, AI8: 「…。これは…のバウンスです」と二文になっていた）。
      if (d !== null) {
        parts.push((d.forgedBy.length > 0 ? `${d.forgedBy.join('、')} から送信者を詐称して送られたスパム（${num(d.forgedMessages)} 通）への` : '')
          + `バウンスメール（from=<>）${num(d.messages)} 通のうち ${num(d.remote)} 通が外部のアドレスへ送られ、そのうち `
          + `${num(d.undeliverable)} 通（${d.share}%）はそれ自体も配送できませんでした（バウンス ${num(d.failed)} 通、${JA_PENDING[d.pendingFate]} ${num(d.pending)} 通）`);
      }
      const a = p.accepted;
      if (a !== null) {
        parts.push(`外部から届いたメールの宛先 ${num(a.recipients)} 件を、RCPT の段階で拒否せずにいったん受け付け、このサーバーでバウンスしました`
          + (d === null && a.remote > 0 ? `（外部のアドレスへ送られたバウンス ${num(a.remote)} 通、うち ${num(a.undeliverable)} 通は配送不能）` : ''));
      }
      if (p.devNull !== null) parts.push(`${num(p.devNull)} 通が /dev/null に配送されました（luser_relay またはキャッチオールのエイリアス）`);
      return `バックスキャッター（${fromTo(p.first, p.last)}）: ${parts.join('。')}`;
    },
    backscatterSubject: (cause) => ({
      'accept-then-bounce': '受け付け後のバウンス',
      'forged-sender-spam': '送信者を詐称したスパムのバウンス',
      'forged-senders': '詐称された送信者へのバウンス',
      luser_relay: 'luser_relay',
    })[cause],
    refusalClass(p) {
      const n: string[] = [];
      if (p.deferred > 0) n.push(`遅延 ${num(p.deferred)} 件`);
      if (p.bounced > 0) n.push(`バウンス ${num(p.bounced)} 件`);
      if (p.suspended > 0) {
        n.push(`${join('Postfix が', p.provider === 'Other receivers' ? '受信側' : provider(p.provider), 'に接続せずに再び遅延させたもの')} ${num(p.suspended)} 件`);
      }
      return `${join(provider(p.provider), 'の', KIND_LABEL[p.kind])}${p.code !== '' ? `（${p.code}）` : ''}: ${n.join('、')}`;
    },
    receiversRefusing(p) {
      const who = p.providers.map(provider).join('、');
      const from = p.ip !== '' ? `${p.ip} から` : 'このサーバーから';
      const cause = p.spammers.length > 0 ? `（${p.spammers.join('、')} として送られたスパムの送信と同じ時期）` : '';
      const f = p.forgedAuth;
      const w = p.forwardedAuth;
      const fwd = w === null ? '' : w.forwards.join('、') + (w.moreForwards > 0 ? ` ほか ${num(w.moreForwards)} 件` : '');
      // 宛先と通数を区別し、応答の数は「回」で数えます（review AN, AN5: 「拒否 100 件」は 1 通の 80 宛先への 2 回の試行でした）。
      const r = p.refused;
      const counts = r === undefined ? `拒否 ${num(p.total)} 件`
        : `メール ${num(r.messages)} 通の宛先 ${num(r.recipients)} 件が計 ${num(p.total)} 回拒否されました${r.named.length > 0 ? `（${r.named.map((x) => `${x.qid}、送信者 ${x.sender !== '' ? x.sender : '不明'}`).join('／')}）` : ''}`;
      // 拒否された宛先がすべて後で配送されたとき（review AN, AN4）: 過去のこととして、結果とともに書きます。
      if (p.resolved !== undefined && r !== undefined) {
        const v = p.resolved;
        // Review AO, AO2: 残りは制限ではなく、宛先自身のメールボックスの理由によるものです。
        const others = v.bouncedOwn + v.pending;
        const outcome = others === 0
          ? `${r.recipients === 1 ? 'その宛先' : `${num(r.recipients)} 件すべて`}に ${v.deliveredBy} までに配送されました`
          : `そのうち ${num(v.delivered)} 件は${v.deliveredBy !== '' ? ` ${v.deliveredBy} までに` : '後で'}配送されました。残り ${num(others)} 件は制限ではなく宛先自身のメールボックスの理由によるものです（`
            + [v.bouncedOwn > 0 ? `存在しない宛先または容量超過で返送 ${num(v.bouncedOwn)} 件` : '',
              v.pending > 0 ? `別の理由でキューに残っているもの ${num(v.pending)} 件` : ''].filter((x) => x !== '').join('、') + '）';
        return `${join(who, 'が', from)}のメールの送信量を制限しました。${during(p.first, p.last)}${counts}が、${outcome}`
          + '。内訳: ' + p.classes.join(' ／ ');
      }
      return `${join(who, 'が', from)}のメールを拒否しています${cause}。${during(p.first, p.last)}${counts}`
        + (p.reDeferred > 0
          ? `（このほか、Postfix が受信側に接続しないまま、以前の拒否をもとに再び遅延させたものが ${num(p.reDeferred)} 件）`
          : '')
        // Review AP, AP13: 英語の「 — 」ではなく。
        + '。内訳: ' + p.classes.join(' ／ ')
        + (f !== null
          ? `。SPF/DKIM による拒否 ${num(f.refusals)} 件はすべて詐称された送信者ドメイン（${f.domains.join('、')} など）についてのもので、`
            + `${f.ownDomain} ではありません。受信側が詐称スパムを正しく拒否しているだけなので、DNS レコードの変更ではなく、`
            + `${p.spammers.length > 0 ? '不正利用されたアカウントからの送信' : 'そのメールの送信元'}を止めることが対策です`
          : '')
        + (w === null ? ''
          : w.all
            ? `。SPF/DKIM による拒否 ${num(w.refusals)} 件はすべて、自社のエイリアス（${fwd}）のために転送したメールについてのものです。`
              + '転送しても送信者は元のままで、その SPF にこのサーバーは含まれていません。DNS レコードの変更ではなく、SRS（postsrsd）を使うか'
              + '転送をやめることが対策です'
            : `。このほか ${num(w.refusals)} 件は自社のエイリアス（${fwd}）のために転送したメールについてのもので、送信者が元のままなためです`
              + '（SRS を使うか転送をやめれば解消します）');
    },
    refusedMessage: (p) => `${p.qid}（送信者 ${p.sender !== '' ? p.sender : '不明'}${p.saslUser !== '' && p.saslUser !== p.sender ? `、ログイン名 ${p.saslUser}` : ''}、`
      + `宛先 ${num(p.recipients)} 件、うち拒否 ${num(p.refused)} 件、${p.sentLater === p.refused ? 'すべて後で配送' : `後で配送 ${num(p.sentLater)} 件`}）`,
    receiversRefusingWhyNoSpam: '大手の受信サーバーは、拒否する理由を公開されたコードとともに応答で示します。Gmail の 421-4.7.28／4.7.0 と 550-5.7.1'
      + '（迷惑メールの異常な量、評価の低下）、550-5.7.26／5.7.27（SPF や DKIM で認証されていない）、550-5.7.25（逆引き DNS がない）、'
      + 'Yahoo の TSS04（送信量または利用者からの苦情）、Microsoft の S3150 と 4.7.650（ブロックリスト、IP の評価）、そして Spamhaus '
      + 'などの DNS ブロックリストです。このレポートには、このサーバーからスパムが送られたことを示す検出事項はありません。メールマガジンのような'
      + '一斉送信でも送信量制限はかかります。拒否が続く間、利用者のメールはキューで待たされるかバウンスし、受信側が受け取る速度より速く送ると'
      + '再び制限されます。',
    provider,
    delistAt: (p) => DELISTING[p] ?? `${provider(p)}: 応答に含まれる URL を参照`,
    delisting: (providers) => `クリーンアップの後に申請: ${providers.map((p) => DELISTING[p] ?? `${provider(p)}: 応答に含まれる URL を参照`).join('; ')}`,
    ptrCheck: (ip, domain) => `dig +short -x ${ip}   # 名前（例: mail.${domain}）が表示され、その名前の A レコードが ${ip} であること`,
    unsignedMail: (p) => `${p.domains.slice(0, 3).join('、')}${p.domains.length > 3 ? ' など' : ''} のメール ${num(p.messages)} 通が、DKIM 署名なしで外部の宛先へ送られ${p.likely === true ? 'た可能性があります' : 'ました'}`
      + `（${fromTo(p.first, p.last)}）。`
      + [
        ...(p.pickup > 0 && p.likely === true
          ? [`${num(p.pickup)} 通は sendmail で投入され（Web フォーム、スクリプト）、SMTP で届いたメールには OpenDKIM の行があるのにこれらには 1 行もなく、受信側に認証なしとして拒否されています（ここでは OpenDKIM が署名を記録しないため、推定です）`] : []),
        ...(p.pickup > 0 && p.likely !== true ? [`${num(p.pickup)} 通は sendmail で投入され（Web フォーム、スクリプト）、どのマイルターも通っていません`] : []),
        ...((p.milterDown ?? 0) > 0 ? [`${num(p.milterDown!)} 通は Postfix が署名のマイルターに接続できなかった間に送られました`] : []),
        ...((p.seen ?? 0) > 0 ? [`${num(p.seen!)} 通は署名する側が処理しましたが、署名しなかった理由を記録していません`] : []),
        ...((p.rspamd ?? 0) > 0 ? [`${num(p.rspamd!)} 通は rspamd が処理しましたが署名していません（ほかのメールには署名しています）`] : []),
        ...((p.amavis ?? 0) > 0 ? [`${num(p.amavis!)} 通は amavis が通しましたが署名していません（ほかのメールには署名しています）`] : []),
        ...(p.submission > 0 ? [`${num(p.submission)} 通はログインしたクライアントのもので、OpenDKIM を通っていません`] : []),
        ...(p.table > 0 ? [`${num(p.table)} 通は SigningTable に該当する行がありません${p.tableAddresses.length > 0 ? `（${p.tableAddresses.join('、')}）` : ''}`] : []),
        ...(p.domainList > 0 ? [`${num(p.domainList)} 通は OpenDKIM の Domain の一覧にありません`] : []),
        ...(p.external > 0 ? [`${num(p.external)} 通は OpenDKIM が外部とみなしたクライアントからのものです`] : []),
        ...(p.keyError > 0 ? [`${num(p.keyError)} 通は鍵を読み込めませんでした`] : []),
      ].join('。')
      + (p.refused > 0 ? `。その宛先のうち ${num(p.refused)} 件が拒否されたか未配送です${p.refusedBy.length > 0 ? `（${p.refusedBy.join('、')}）` : ''}` : '')
      + (p.namedRefusals > 0 ? `。このドメインを名指しした SPF/DKIM による拒否が ${num(p.namedRefusals)} 件あります` : ''),
    outboundPortBlocked: (p) => `送信ポート 25 がブロックされているようです（${fromTo(p.first, p.last)}）。外部のメールサーバーのポート 25 への`
      + `接続が ${num(p.timeouts)} 件タイムアウトし（接続先 ${num(p.destinations)} 台のうち ${num(p.timedOut)} 台）、その間に外部サーバーへの配送は`
      + (p.sent === 0 ? '1 件も成功していません' : ` ${num(p.sent)} 件しか成功していません`)
      + (p.after > 0 ? `。その後、外部への配送 ${num(p.after)} 件は再び成功しています` : ''),
    serverTrouble: (p) => `サーバーの障害（${p.first === p.last ? p.first : fromTo(p.first, p.last)}）: ${p.parts.join('。')}`,
    troubleDisk: (n, top) => `ディスクまたはキューファイルのエラー ${num(n)} 件（「${top}」）`,
    troubleCrash: (n, top) => `致命的なエラー、またはシグナルによるデーモンの強制終了 ${num(n)} 件（「${top}」）`,
    troubleAuth(p) {
      const parts: string[] = [];
      if (p.smtpdLost > 0) parts.push(`smtpd が認証サーバーとの接続を失ったため、SMTP のログインが ${num(p.smtpdLost)} 回失敗しました`);
      if (p.dovecot > 0) parts.push(`Dovecot の auth が ${num(p.dovecot)} 件のエラーを記録しました`);
      if (p.guessing !== null) {
        const g = p.guessing;
        const attack = `${g.span === 'log' ? 'ログ全体' : g.span === 'between' ? fromTo(g.first, g.last) : '障害の前後の時間帯'}のログイン失敗 ${num(g.failed)} 回`
          + (p.smtpdLost > 0 ? `、上の ${num(p.smtpdLost)} 回を含む` : '');
        parts.push(p.smtpdLost > 0 && p.toUsers === 0
          ? `パスワード推測攻撃（${attack}）の最中でしたが、一時的な認証エラー（454）${num(p.smtpdLost)} 回は`
            + `すべて攻撃元の IP アドレス（${num(p.attackerIps)} 件）に返されており、正規の利用者には返されていません`
          : `パスワード推測攻撃（${attack}）の最中でした`);
      }
      if (p.smtpdLost > 0 && p.toUsers > 0) {
        parts.push(`パスワードを推測していない利用者（${num(p.userIps)} 件のクライアント）にも一時的な認証エラー（454）が ${num(p.toUsers)} 回返されていました`
          + (p.toAttackers > 0 ? `（残りの ${num(p.toAttackers)} 回は攻撃元の IP アドレスへ）` : ''));
      }
      return parts.join('。');
    },
    troubleDns: (n, kinds) => `DNS の名前解決の失敗による配送遅延 ${num(n)} 件（応答の種類 ${num(kinds)} 種）`,
    troubleCapacity: (n) => `サービスがプロセス数の上限に達したこと ${num(n)} 回`,
    troubleTls: (p) => `TLS ハンドシェイクの失敗 ${num(p.failures)} 件`
      + (p.repeatIps > 0 ? `（${num(p.perIp)} 回以上失敗したクライアント ${num(p.repeatIps)} 件）` : ''),
  },

  warnings: {
    mixedZones: (zones) => `ログに複数のタイムゾーンが混在しています（${zones}）。時刻は変換せず、ログに記録されたとおりに表示しています。`,
    zonesMoved: (p) => `ログの行には${p.offsets.length > 1 ? `複数の UTC オフセット（${p.offsets.join('、')}）` : ` UTC オフセット ${p.offsets[0]} `}が付いています。`
      + `各行はその行が示す時点に置き、時刻は ${p.at}（${p.given ? '比較前の実行のオフセット。両方の実行を同じ時点で比較するため'
        : p.files ? 'ファイルの最初の日時付きの行のオフセット。標準入力とパイプは先読みしません' : '最初の行のオフセット'}）で表示しています`
      + `${p.local ? '。オフセットのない行（従来の syslog）は記録されたとおりに扱います' : ''}。証拠として示すログ行は記録されたままです。`,
    duplicates: (list) => `2 回指定された入力は 1 回だけ読み込みました: ${list}。`,
    sameContent: (p) => `${p.path} は読み込みませんでした: ${p.how === 'start' ? '最初の行とサイズが' : p.how === 'inside' ? '確認した行（最初、最後と途中の 30 行）がすべて' : 'すべての行が'} ${p.as} `
      + `（読み込み済み）と同じで、同じログ行が別の名前で保存されたものです（コピー、gunzip -k、Debian の mail.log と並ぶ mail.info や mail.warn）。`
      + '両方を読むと、すべての行を 2 回数えることになります。',
    setGap: (p) => `${p.before} の最後の行（${p.last}）から ${p.after} の最初の行（${p.first}）まで、${p.gap}のあいだ Postfix・Dovecot の行がありません`
      + `${p.missing.length > 0 ? `。${p.missing.join('、')} は入力にありません` : ''}。`
      + 'その間のローテーションされたファイルが欠けていませんか。その行はこのレポートに含まれていません。あれば一緒に指定してください。',
    streamsOutOfOrder: (p) => `${p.b} は ${p.a} の後に読みましたが、その行はすべてそれより前のものです（${p.bTo} まで。${p.a} は `
      + `${p.aFrom} から）。標準入力とパイプは先読みして時刻順に並べられないため、コマンドラインの順に読みます。同じログの`
      + 'ローテーションなら古い順に指定するか、ファイルそのもの（.gz はそのまま）を指定してください（ファイルは最初の行の時刻で並べます）。'
      + '両方にまたがるメッセージは二つに分かれ、postsuper -d ALL が削除したメッセージを見つけられないことがあります。',
    inputsOverlap: (p) => `${p.a} と ${p.b} の両方に、${p.host} の ${p.from} から ${p.to} までの行があります。ローテーションされた`
      + 'ログは時間が重ならないため、同じ行を 2 回数えている可能性があります（Debian は mail.log、mail.info、mail.warn に書き込みます。'
      + `mail.log とそのローテーションだけを指定してください）。その場合は、${p.drop} を外して再実行してください。`,
    // The reader's error message (file name and the gzip library's words) is quoted as it is.
    queueSnapshot: (p) => (p.ids === 0
      ? '--queue: キューのダンプにキュー ID が 1 件もありません（キューが空か、postqueue -j が失敗していませんか）。ログの終わりにキューに残っていたメールはすべて、もう無いものとして扱いました'
      : `--queue: キューのダンプにはキュー ID が ${num(p.ids)} 件あります。ログの終わりにキューに残っていた ${num(p.stillQueued)} 通のうち、`
        + `そこに含まれる ${num(p.inLog)} 通だけを削除リストの対象としてキューに残っているものとしました`),
    since: (p) => `${p.since} 以降の行だけを分析しました（--since）。それより前の Postfix/Dovecot の行 ${p.lines.toLocaleString('ja-JP')} 行は`
      + '無視した行として数え、それより前に始まったメールは途中からのメールとして数えています。',
    nulPadding: (p) => `${p.path} の ${num(p.line)} 行目（${num(p.offset)} バイト目${p.after === null ? '' : `、${p.after} の行の後`}）${p.blocks > 1 ? `から ${num(p.blocks)} か所` : ''}に、`
      + `NUL バイトの埋め草が計 ${num(p.bytes)} バイトあり、読み飛ばしました。クラッシュや停電（または logrotate の copytruncate）の跡で、`
      + `その直前に書かれた行が失われているおそれがあります${p.cut ? '。途中で切れた行は「解析できなかった行」として数えています' : ''}。`,
    partialRead: (error) => `読み込み中にエラーが発生しました（「${error}」）。レポートには、エラーの手前までに読み込めた部分だけが含まれています。`,
    trailingBytes: (path, bytes, format) => `${path} の ${format} データの後ろにある ${num(bytes)} バイトは、`
      + (format === 'gzip' ? 'gzip と同じく無視しました（「trailing garbage ignored」）。'
        : `${format} のデータではないため無視しました（故障しかけたディスクからのコピーなどで末尾に付く余分なバイト）。`)
      + '圧縮されたログの行はすべて読み込んでいます。',
    compressedReadFailed: (p) => `${p.path} の読み込みが、圧縮データ ${num(p.bytes)} バイトの後で失敗しました：`
      + (p.code === 'EIO' ? '入出力エラー（ディスクの故障か、デバイスが外れたのでは？）' : `読み込みエラー（${p.code}）`),
    compressedProblem: (p) => {
      if (p.kind === 'too-long') {
        return `${p.path} の ${p.format} データの後ろに、${p.format} のデータではないバイトが ${num(p.bytes)} バイトあります。`
          + `読み飛ばす余分なバイトの上限（${num(MAX_STRAY_BYTES / 1024)} KiB）を超えているため、ファイルが壊れているか、後ろに別のものが付け足されています`;
      }
      if (p.kind === 'gzip') {
        return `${p.path} の gzip データは、圧縮データ ${num(p.compressedBytes)} バイトの後で${p.reason === 'truncated' ? '途中で切れています' : '壊れています'}`
          + (p.checkFailed ? '（gzip のチェックに失敗しました。それまでに読み込んだ行もどこかが壊れており、解析できなかった行に表れていることがあります）' : '');
      }
      const at = `ログの ${num(p.logBytes)} バイト目`;
      const said = p.said === '' ? '' : `（${p.format}：「${p.said}」）`;
      if (p.reason === 'truncated') return `${p.path} の ${p.format} データは途中で切れています。${at}で終わっています${said}`;
      if (p.reason === 'corrupt') {
        return `${p.path} の ${p.format} データは、${at}の後で壊れています${said}。それより前に読み込んだ行も壊れているおそれがあり、解析できなかった行に表れていることがあります`;
      }
      return `${p.path} の ${p.format} の展開が、${at}の後で失敗しました${said}`;
    },
    allowPartialHint: '（--allow-partial を付けると、読み込めた部分をレポートします）',
    grewWhileRead: (p) => `${p.path} は読み込み中に ${num(p.planned)} バイトから ${num(p.now)} バイトに増えました（まだ書き込まれています）。`
      + `レポートには、実行開始時にあった先頭の ${num(p.planned)} バイトの行だけが含まれています。新しい行はもう一度実行すると含まれます。`,
    futureStart: (p) => `${p.path}: --year ${p.year} では最初の行の日付が ${p.firstDay} となり、ファイルの最終更新日（${p.modifiedDay}）の ${num(p.days)} 日後になります。`
      + 'ログにその最終更新より後に書かれた行はないので、年が誤っており、このレポートの日付もすべて誤っています。--year は最も古いファイルの最初の行の年です'
      + `（従来形式の syslog の行には年がありません）。--year ${p.likelyYear} を指定するか、--year を付けずにファイルの更新日時から決めて、もう一度実行してください。`,
    yearGap: (p) => `${p.after} は ${p.before} の ${num(p.days)} 日後から始まっています。同じローテーションの一組なら、どちらかのファイルの年が 1 年ずれています`
      + '（従来形式の syslog の行には年がなく、ファイルの更新日時か --year（ログ一式の最初の日付のある行の年）で決めています）。',
    clockJump: (p) => `タイムスタンプが ${num(p.spanDays)} 日にわたっており、${p.from} から ${p.to} の間で ${num(p.jumpDays)} 日飛んでいます`
      + '（時計のリセットか、一部の行の日付の誤り）。時間ごとの推移には、ログのある時間だけを載せています。',
    clockSteps: (p) => {
      const one = (x: typeof p.steps[number]): string => `${x.host === '' ? 'Dovecot のログ' : `ホスト ${x.host} `}の時計が `
        + `${x.where} で ${jaDuration(x.seconds)}戻っています（${x.from} → ${x.to}）`;
      const more = p.total - p.steps.length;
      const head = p.total === 1 ? `${one(p.steps[0]!)}。夏時間の切り替えか時計の補正です。`
        : `時計が ${num(p.total)} か所で戻っています: ${p.steps.map(one).join('、')}`
          + `${more > 0 ? `、ほか ${num(more)} か所（report.json の clockSteps に${p.kept === p.total ? 'すべて' : `最初の ${num(p.kept)} か所`}）` : ''}。夏時間の切り替えか時計の補正です。`;
      if (p.asWritten === undefined) {
        const by = p.steps.map((x) => jaDuration(x.correctedBy ?? 0).trimEnd());
        const dst = p.steps.some((x) => (x.correctedBy ?? 0) % 900 === 0);
        return head + (p.total === 1 ? `出来事が起きた順に並ぶよう、その行から後のこのホストの時刻は、記録された時刻より ${by[0]} 後の時刻（戻る前の時計）で表示しています`
          : `出来事が起きた順に並ぶよう、それぞれの行から後のホストの時刻は、戻った分だけ記録された時刻より後の時刻（戻る前の時計）で表示しています（${by.join('、')}${more > 0 ? '、…: report.json の clockSteps の correctedBy' : ''}）`)
          + `${dst ? '。夏時間の終了なら、その後のレポートの時刻は夏時間の時計での表示です' : ''}。`;
      }
      const why = p.asWritten === 'many' ? `戻った箇所が ${num(p.kept)} か所を超え、多すぎて補正できないため`
        : p.asWritten === 'stream' ? '標準入力やパイプは一度しか読めず、時刻を補正して読み直せないため'
          : p.asWritten === 'far' ? '1 日を超えて戻った箇所は時計のリセットか日付の誤りで、補正しないため'
          : '比較前のレポートを書いた旧版と同じく、ログを記録されたとおりに読むため';
      return head + `${why}、時刻はログに記録されたとおりに表示しています。時刻で出来事の順序を判断する検出結果（パスワードが推測された後のスパム、`
        + 'postsuper による削除、--since、compare の区切り）は、その前後で誤っている可能性があります。';
    },
    noMailLines: (p) => `${p.path}: ${num(p.lines)} 行のうち Postfix や Dovecot の行が 1 行もありません。`
      + (p.looksLike !== '' ? jaLooksLike(p.path, p.looksLike) : `メールのログで間違いないか確認してください。${JA_WHERE_MAIL_LOG}`),
    allBeforeSince: (p) => `${p.path}: Postfix と Dovecot の ${num(p.before)} 行はすべて --since より前のため、このレポートには含まれていません。`,
    mostlyUnparsed: (p) => `${p.path}: ${num(p.lines)} 行のうち ${num(p.unparsed)} 行を解析できませんでした（「解析できなかった行」を参照）。`
      + 'これらの行の内容は検出結果に反映されていません。'
      + (p.looksLike !== '' ? jaLooksLike(p.path, p.looksLike) : '別の形式のログか、gzip 以外の圧縮ファイルではありませんか。'
        + 'journal から取り出す場合は `journalctl -o short-iso`、`-o json` または `-o export` を使ってください（いずれも、gzip 圧縮したものも読めます）。'),
    implausibleStamps: (p) => `2000 年より前か ${p.latestYear} 年より後の時刻の行が ${num(p.lines)} 行あります（最初は ${p.where}: ${p.stamp}）。`
      + '日付を設定せずに起動した時計か、誤った時刻です。この時刻は位置づけられないため、これらの行は解析できなかった行として数え、期間と集計から除いています。',
    crLineEnds: (p) => `${p.path}: 全体が ${num(p.lines)} 行として読まれました。検出結果にはその内容が反映されていません。${jaLooksLike(p.path, 'cr')}`,
    binaryData: (p) => `${p.path} はログではなくバイナリデータです: ${num(p.bytes)} バイト、${num(p.lines)} 行`
      + (p.mailLines === 0 ? 'のうちメールの行は 1 行もありません' : `のうち Postfix や Dovecot の行は ${num(p.mailLines)} 行です`)
      + `。このファイルの NUL バイトはクラッシュによる埋め草ではありません。指定するファイルを間違えていませんか。${JA_WHERE_MAIL_LOG}`,
    noMailUnderstood: (p) => `${p.path}: ${num(p.lines)} 行のうち、解析できた Postfix や Dovecot の行が 1 行もありません`
      + `（解析できなかった行 ${num(p.unparsed)} 行。「解析できなかった行」を参照）。`
      + (p.looksLike !== '' ? jaLooksLike(p.path, p.looksLike) : `メールのログで間違いないか確認してください。${JA_WHERE_MAIL_LOG}`),
    emptyInput: (p) => (p.stream
      ? `${p.path}: 1 行も読み込めませんでした。このレポートには何も反映されていません。`
      : `${p.path}: 空のファイルです（行が 1 行もありません）。このレポートには何も反映されていません。`
        + 'logrotate でローテーションされた直後のログなら、内容はローテーション後のファイル（maillog.1 など）にあります。そのファイルも指定してください。'),
    bulkDeleteAmbiguous: (p) => `${p.at} に postsuper がキュー ID を記録せずに ${num(p.deleted)} 通を削除しましたが、その時点でキューには `
      + `${num(p.open)} 通ありました。どれが削除されたかは分からないため、キューに残っていたメールの一覧には削除済みのメールが含まれている可能性があります。`,
    unconfirmedHops: (p) => `このサーバーの ${p.relays} に渡した ${num(p.recipients)} 件の宛先は、「queued as」で返されたキュー ID `
      + 'のメールがこのログに再投入されていないため、その中継先への配送済みとして数えました（スマートホストへのローカルのトンネルや中継）。'
      + 'コンテンツフィルターの転送とは数えていません。再投入されたメールが別のログに記録される、または 1 分以上遅れて戻ってくるコンテンツフィルターの場合、'
      + 'それらの宛先は二重に数えられます（別のログで、またはこのログの中で）。',
    proxyBackendsNotRead: (p) => `ログインプロキシ: バックエンドが ${num(p.refused)} 件のログインを拒否しました（${p.from} から ${p.to} まで）。`
      + `それぞれを拒否した理由（パスワードの誤り、存在しない名前）を記録しているのは${p.backends.length > 0 ? ` ${proxyBackendList(p.backends, p.byBackend)} のログで` : 'バックエンド自身のログで（プロキシの行にはバックエンドの名前がありません。passdb の host= にあります）'}、`
      + '入力に含まれていません。加えてください。'
      + '拒否はプロキシの行（「proxy dest auth failed」）にある送信元 IP とユーザー名の IMAP/POP3 のログイン失敗として数えています。'
      + (p.byBackend.length === 0 && p.backends.length > 0 ? 'プロキシが拒否ごとにバックエンドを記録するのは auth_verbose = yes のときだけです（「proxy(user,host:port): Login failed」）。' : ''),
    redactedBlock: (reads) => (reads.length > 0
      ? `> *匿名化したレポートのため、ここに貼り付け用のコマンドは載せていません: このコマンドが読む ${reads.map((f) => `\`${f}\``).join(' と ')} は、中身が仮名になるため匿名化した実行では書き出しません。\`--redact\` を付けずに同じログを解析したレポートにコマンドと一覧があります。*`
      : '> *匿名化したレポートのため、ここに貼り付け用の設定・コマンドは載せていません: ユーザー名、アドレス、IP が仮名になっており、そのまま貼り付けると存在しない名前に作用します。`--redact` を付けずに同じログを解析したレポートにあります。*'),
    redactedSentence: (lists) => `*（${lists.map((f) => `\`${f}\``).join(' と ')} についての文は省いています。匿名化した実行では`
      + 'この一覧を書き出しません。`--redact` を付けずに同じログを解析したレポートにあります。）*',
    redactedPseudonyms: (p) => `共有用に匿名化しています: メールアドレスのローカル部、ユーザー名${p.domains ? '、ドメイン' : ''}、IP、クライアントのホスト名、`
      + `HELO 名、header_checks が記録した件名は仮名です（scrypt で強化した鍵による HMAC-SHA256、鍵のフィンガープリント ${p.fingerprint}）。`
      + `${p.domains ? '' : 'ドメインは自社のものも含めてそのままです。'}同じ値はレポート全体で同じ仮名になります。`,
    redactedRandomKey: '匿名化の鍵はランダムでした（--redact-key なし）: 仮名を別のレポートの仮名と比べることはできません。',
    redactedShortKey: (p) => `--redact-key は ${p.chars} 文字しかありません: 単語や短い鍵は、鍵のフィンガープリントから単語リストでまだ見つけられます`
      + '（scrypt により 1 回の試行に約 0.1 秒）。見つかればすべての仮名が元に戻ります。レポートを社外に出す前に、長いランダムな鍵'
      + '（openssl rand -hex 16）で作り直し、その鍵を次の実行のために保管してください。',
    redactedLeftOut: (p) => [
      ...(p.lists.length > 0 ? [`${p.lists.join('、')} は書き出していません（匿名化すると中身が仮名になり、ファイアウォールや DNS には使えないため）。`] : []),
      ...(p.blocks > 0 ? [`ユーザー名や IP を含む貼り付け用のブロック ${num(p.blocks)} 個を対処方法から省いています。`] : []),
      '適用するコマンドと一覧は、--redact を付けずに解析して得てください。',
    ].join(''),
  },

  report: {
    defaultTitle: 'メールログ調査レポート',
    none: '_なし。_',
    mailAuthenticationNote: 'OpenDMARC（DMARC、From: のドメインごと）と policyd-spf（SPF、エンベロープの送信者のドメインごと）が受信メールについて記録した'
      + '判定です。失敗は送信者のドメイン（多くは詐称）についてのもので、このサーバーではなく送信者側の問題です。表は失敗（SPF では fail と softfail）の'
      + 'あるドメインを、多い順に示します。',
    mailAuthenticationLine: (p) => `- **${p.check === 'dmarc' ? 'DMARC（OpenDMARC）' : p.check === 'spf' ? 'SPF（policyd-spf）' : 'SPF（OpenDMARC 自身の検査）'}**: ${num(p.domains)} ドメインのメールについて `
      + `${num(p.verdicts)} 件の判定: ${p.byResult}`,
    rspamdOutgoingNote: 'ログインしたユーザーが送ったメールを rspamd がどう扱ったか（ユーザーを記録した rspamd のタスクの要約行、`user: …`）です。'
      + 'ユーザーのメールへの `reject` や `add header` は、そのアカウントからスパムが出ていることを rspamd 自身が示すもので、とくにパスワードが'
      + '盗まれた場合に現れます。sendmail で投入されたメールはユーザーを記録しないため数えません。',
    rspamdOutgoingLine: (p) => `- ${num(p.users)} ユーザーの ${num(p.messages)} 通: ${p.byAction}`,
    rspamdFileJoined: (p) => `- rspamd 自身のログファイルを読み、キュー ID でメールログと突き合わせました。ほかの署名のない外部宛てメールのうち、`
      + `rspamd が署名したもの ${num(p.signed)} 通、署名しなかったもの ${num(p.unsigned)} 通です。`,
    localProgramsNote: 'サーバー上で `sendmail` 経由で投入されたメール（PHP の `mail()`、CMS、cron、スクリプト）を、postfix/pickup が記録する'
      + 'ユーザー ID ごとに示します。`getent passwd UID` でユーザー名がわかります（Debian では 33 が `www-data`、つまり Web アプリケーション）。'
      + '「外部」はこのサーバーが受信しないドメインの宛先です。',
    recipientDomainsOrderNote: '宛先数と遅延の試行回数の合計が多いドメインから順に並べています（キューに溜まったドメインが、受け取りが多いだけのドメインより先に来ます）。',
    saslUserAuthFailuresNote: '「AUTH 失敗」: その利用者名での SMTP のログイン失敗の数で、どの IP アドレスからのものも数えます。その名前を試したパスワード推測の'
      + 'ボットの失敗も含むため、この数は利用者の入力ミスを意味しません（どこからかは、パスワード推測の検出事項とクライアント IP の表にあります）。',
    deferredAtLastTryNote: '「最後の試行で遅延」: ログ上の最後の配送試行が遅延（deferred）だった宛先の数です（ログの終わりにまだキューにあるもの、'
      + 'またはその後キューから削除されたもの）。遅延した配送試行の回数ではありません（試行の回数は集計にあります）。',
    recipientDomainsNote: '「最後の試行で遅延」: そのドメインの宛先のうち、ログ上の最後の配送試行が遅延（deferred）だったものの数です（ログの終わりに'
      + 'まだキューにあるもの、またはその後キューから削除されたもの）。「遅延の試行回数」は遅延した配送試行をすべて数えます。',
    refusedFrom: (n, ips) => `${num(n)}（IP ${num(ips)} 件から）`,
    periodLabel: '期間: ',
    period: (p) => `期間: **${p.from}** から **${p.to}** まで（${p.zone}）、${p.duration}。`
      + `${p.files} ファイル、${p.lines} 行。ホスト: ${p.hosts}。`,
    duration: (hours) => {
      const { days, h, minutes } = splitDuration(hours);
      if (days === 0 && h === 0) return `${num(minutes)} 分`;
      if (days < 2) return `${num(Math.round(hours * 10) / 10)} 時間`;
      return `${num(days)} 日${h > 0 ? ` ${num(h)} 時間` : ''}`;
    },
    noDatedLine: '日付のある行なし',
    zone: (tz) => (tz === 'local' ? 'サーバーのローカル時刻。ログにタイムゾーンの記載なし' : `UTC${tz}`),
    warning: '**注意:**',
    activityPer: (minutes) => `${minutes} 分ごとの推移`,
    binStartColumn: '開始時刻',
    h: {
      summary: '概要', findings: '検出事項', totals: '集計', saslUsers: 'SASL ユーザー', clientIps: 'クライアント IP',
      senders: 'エンベロープ送信者', recipientDomains: '宛先ドメイン', deferralReasons: '配送遅延の理由',
      bounceReasons: 'バウンスの理由', rejectReasons: '受信拒否の理由', authFailures: 'ログイン失敗',
      stillQueued: 'ログ終了時点でキューに残っていたメール', hourly: '時間ごとの推移', charts: 'グラフ', appendix: '付録',
      inputs: '入力ファイルと行数の内訳', unparsed: '解析できなかった行（先頭の例）', daemonProblems: 'デーモンの警告とエラー',
      localPrograms: 'ローカルプログラム（sendmail）', mailboxLogins: 'メールボックスへのログイン（IMAP/POP3）', mailAuthentication: '受信メールの送信ドメイン認証',
      rspamdOutgoing: '送信メールに対する rspamd の判定',
    },
    summaryReceived: (p) => `- 受信したメール **${p.received}** 通（smtpd とローカルの pickup）。宛先単位で配送完了 **${p.delivered}** 件、`
      + `バウンス **${p.bounced}** 件、期限切れ **${p.expired}** 件（バウンス率 ${p.bounceRate}）。`,
    summaryDeferred: (p) => `- 配送の遅延（deferred）**${p.deferred}** 回（対象 **${p.deferredMessages}** 通）。`
      + (p.deletedInBulk > 0 ? `${p.deletedAt ?? '?'} に \`postsuper -d ALL\` で **${num(p.deletedInBulk)}** 通が削除され、` : '')
      + `ログの終了時点でキューに残っていたメール **${p.stillQueued}** 通。`
      + (p.requeues.length > 0
        ? '`postsuper -r` でキューに入れ直したメール: ' + p.requeues.map((x) => `${x.at} に **${num(x.count)}** 通`).join('、')
          + (p.moreRequeues > 0 ? `、ほか ${num(p.moreRequeues)} 回` : '') + '（削除ではありません）。'
        : ''),
    summaryAuthRefused: (p) => '- '
      + [
        ...(p.port25 > 0 ? [`ポート 25 で拒否された SMTP AUTH **${num(p.port25)}** 件（送信元 IP ${num(p.port25Ips)} 件）。`
          + 'ポート 25 では AUTH を受け付けていません（503。警告行はなく、切断行の auth=0/N だけが数えます）'] : []),
        ...(p.other > 0 ? [`ほかのサービス（submission、smtps）で警告なしに拒否された SMTP AUTH **${num(p.other)}** 件（送信元 IP ${num(p.otherIps)} 件。`
          + 'AUTH を提供していないか、STARTTLS の後でだけ提供しています）'] : []),
      ].join('。') + '。',
    summaryRejects: (p) => `- SMTP での受信拒否 **${p.rejected}** 件。SMTP AUTH の失敗 **${p.authFailures}** 件`
      + `${p.aborted > 0 ? `と中断 ${num(p.aborted)} 件` : ''}（送信元 IP ${num(p.ips)} 件${p.atLeast ? '以上' : ''}）。`
      + `IMAP/POP3 のログイン失敗 **${p.mailbox}** 件${p.mailboxIps !== null && p.mailboxIps > 0 ? `（送信元 IP ${num(p.mailboxIps)} 件）` : ''}。`
      + `${p.proxyRefused !== undefined ? `うち **${num(p.proxyRefused)}** 件はログインプロキシのバックエンドが拒否したもので、バックエンドのログは入力にありません。` : ''}`,
    noRuleFired: '_このログでは、どのルールにも該当しませんでした。_',
    severityTag: (s) => SEVERITY[s],
    severityWord: (s) => SEVERITY[s],
    subjectKind: (kind) => SUBJECT_KIND[kind] ?? kind,
    findingMeta: (p) => `- ルール: ${p.rule}、対象: ${p.kind} ${p.value}、期間: ${p.from} から ${p.to} まで`,
    evidence: '根拠',
    logLines: '該当するログ',
    why: '**なぜ問題か:**',
    fix: '**対処方法:**',
    cols: {
      measure: ['項目', '件数'],
      saslUsers: ['ユーザー', 'メール数', '宛先数', 'クライアント IP 数', '使用した送信者数', '配送完了', '最後の試行で遅延', 'バウンス', '期限切れ', 'AUTH 失敗', '初回', '最終'],
      saslUserRefused: 'DATA 終了時に拒否（milter など）',
      saslUserRejects: 'RCPT・MAIL などで拒否（Postfix 3.10 以降）',
      clientIps: ['IP', 'ホスト名', '接続数', 'メール数', 'AUTH 失敗', 'ログイン失敗（IMAP/POP3）', '拒否', 'セッションの異常（多い順）', 'SASL ユーザー', '試されたユーザー名の数'],
      senders: ['送信者', 'メール数', '宛先数', '配送完了', '最後の試行で遅延', 'バウンス', '期限切れ'],
      localPrograms: ['ホスト', 'UID', 'メール数', '宛先数', '外部宛先', '外部ドメイン', '外部の未配送', '外部への最初', '外部への最後'],
      recipientDomains: ['ドメイン', '宛先数', '配送完了', '最後の試行で遅延', 'バウンス', '期限切れ', '遅延の試行回数'],
      reasons: ['件数', 'DSN', '理由（正規化済み）', '初出'],
      userFailures: ['ユーザー名', '失敗回数'],
      reasonFailures: ['理由', '失敗回数'],
      stillQueued: ['キュー ID', '投入時刻', 'SASL ユーザー', '送信者', 'クライアント IP', '宛先数', '未配送の宛先', '遅延回数'],
      legitimate: ['キュー ID', '投入時刻', 'SASL ユーザー', '送信者', '届いていない宛先', '遅延回数'],
      hourly: ['時刻', '行数', '受信', '配送完了', '遅延', 'バウンス', '拒否', 'SMTP AUTH の失敗', 'IMAP/POP3 のログイン失敗', 'キュー内の件数'],
      inputs: ['ファイル', '種類', 'バイト数', '行数', '解析済み', '対象外（他のプログラム）', '解析不能'],
      mailboxLogins: ['ユーザー', 'ログイン数', 'クライアント IP 数', 'プロトコル', '初回', '最終', 'ログインの多いクライアント IP'],
      mailAuthentication: ['検査', '送信者ドメイン', '判定数', '失敗', '結果ごと'],
      rspamdOutgoing: ['ユーザー', '通数', '拒否・スパム判定', 'アクションごと'],
    },
    totals: {
      received: '受信したメール',
      delivered: '配送完了（宛先）',
      deferred: '配送の遅延（試行回数）',
      deferredMessages: '一度以上遅延したメール',
      bounced: 'バウンス（宛先）',
      expired: '期限切れで差出人に返送（宛先）',
      rejected: '受信拒否（NOQUEUE とキュー ID 付きの reject）',
      rejectWarnings: '拒否の警告（reject_warning）',
      heldDiscarded: '保留／破棄',
      authFailures: 'SMTP AUTH の失敗（Postfix）',
      authAborted: 'SMTP AUTH の中断',
      dovecotAuthFailures: 'Dovecot が照合したログイン失敗（SMTP AUTH と IMAP/POP3）',
      dovecotLoginFailures: 'IMAP/POP3 のログイン失敗',
      connections: 'SMTP 接続',
      connectFailures: '送信時の接続失敗',
      notifications: '生成したバウンス／遅延の通知',
      messagesRemoved: 'キューから削除されたメール',
      postsuperDeleted: 'postsuper による削除（集計行）',
      postsuperRequeued: 'postsuper -r による再キュー（集計行。新しいキュー ID でキューに残る）',
      proxyRefused: 'ログインプロキシのバックエンドが拒否した IMAP/POP3 のログイン（バックエンドのログは未読。上のログイン失敗に含む）',
      deletedInBulk: 'postsuper -d ALL による一括削除（消去法で特定）',
      stillQueued: 'ログ終了時点でキューに残っていたメール',
      partialMessages: 'ログの開始前からキューにあったメール',
      abandonedTransactions: 'キューに入らなかった SMTP トランザクション（受信者確認のプローブ、RCPT の後の切断、DATA 中の切断）',
      sessionProblems: 'SMTP セッションの異常と postscreen の判定（接続断、エラー過多、PREGREET など）',
    },
    noDomain: '（なし）',
    authByUser: 'SMTP AUTH（Postfix）の失敗を、試されたユーザー名ごとに集計（`sasl_username=` を記録する Postfix 3.7.8 以降が必要）:',
    authByUserScope: (p) => `_この表は、SMTP AUTH の失敗 ${num(p.all)} 件のうちパスワードを照合した ${num(p.credentials)} 件を数えています。`
      + `残りの ${num(p.all - p.credentials)} 件（${[
        ...(p.server > 0 ? [`認証サーバーとの接続が切れた 454 が ${num(p.server)} 件`] : []),
        ...(p.malformed > 0 ? [`解読できない AUTH データが ${num(p.malformed)} 件`] : []),
      ].join('、')}）は、下の理由別の表と IP ごとの件数に含まれています。_`,
    authByReason: '理由別:',
    dovecotByUser: 'Dovecot のログイン失敗（ユーザー名別）:',
    queueEmpty: '_ログの終了時点で、キューは空でした。_',
    stillQueuedIntro: (n, cut) => `${n} 通が削除されないまま残っています。古い順${jaFirstOf(cut)}:`,
    deletedInBulkHeading: 'postsuper -d ALL でキューから削除されたメール',
    deletedInBulkIntro: (p) => `${p.at} に \`postsuper -d ALL\` で ${p.count} 通が削除されました。ログには個々のメールは記録されないため、`
      + 'その時点でキューにあった（その後のログ行がない）メールを挙げます。この中の利用者のメールは失われたので、'
      + `送信者に再送を依頼してください。古い順${jaFirstOf(p.cut)}:`,
    legitimateQueuedIntro: (p) => `キューに残っているメールのうち **${p.count}** 通は利用者の正規のメールで、不正なメールではありません`
      + '（`queue-delete.txt` には含めていません）。次の宛先への配送を待っています'
      + `${jaFirstOf(p.cut)}:`,
    legitimateDeletedIntro: (p) => `削除されたメールのうち **${p.count}** 通は利用者の正規のメールで、不正なメールではありません。`
      + '次の宛先には届いていないので、送信者に伝えて再送を依頼してください'
      + `${jaFirstOf(p.cut)}:`,
    moreRecipients: (n) => `ほか ${num(n)} 件`,
    refusedRecipient: (a) => `${a}（受信側が拒否）`,
    refusedNote: '_「受信側が拒否」: 宛先の問題ではなく、受信側がこのサーバーからのメールを拒否している（ブロックリスト、評価の低下。'
      + '受信側の拒否の検出事項を参照）ためにバウンスした宛先です。この宛先にも届いていないので、受信側がこのサーバーのメールを'
      + '再び受け付けるようになってから送り直してください。_',
    mailboxLoginsIntro: (p) => 'Dovecot へのログイン成功をユーザーごとに示します（IMAP、POP3。submission と ManageSieve も含みます）。'
      + 'どのメールボックスに、どこからログインされたかが分かります。クライアント IP の多いユーザーから順に並べ、すべての IP からのログイン回数を'
      + 'プロトコルごとに示します。IP はログイン回数の多い順です（複数のプロトコルを使ったユーザーでは、各 IP のログイン回数もプロトコルごとに'
      + '示します。POP3 は通常メールボックス全体をダウンロードします）。本人に心当たりのない IP アドレスは、'
      + 'パスワードを知った他人の可能性があります。'
      + (p.cut === null ? '' : `ユーザー ${num(p.users)} 件のうち先頭の ${num(p.shown)} 件を示します。${p.cut.length === 0 ? '' : `全件は ${p.cut.join('、')} にあります。`}`),
    mailboxLoginIp: (p) => `${p.ip}${p.name ? `（${p.name}）` : ''}${p.protocols.length === 1 ? ` ${p.protocols[0]!.protocol}` : ''} ${num(p.logins)} 回`
      + (p.protocols.length > 1 ? `（${p.protocols.map((x) => `${x.protocol} ${num(x.logins)} 回`).join('、')}）` : ''),
    mailboxProtocols: (list) => (list.length === 1 ? list[0]!.protocol : list.map((x) => `${x.protocol} ${num(x.logins)} 回`).join('、')),
    mailboxLoginIps: (ips, more) => ips.join('、') + (more > 0 ? `、ほか ${num(more)} 件` : ''),
    clientIpsListed: (total, listed) => `${num(total)}（report.json には ${num(listed)} 件のみ）`,
    chartsIntro: 'このレポートと同じフォルダーにある SVG ファイルです（チケットにはレポートと一緒に添付してください）:',
    lineTotals: (p) => `合計: ${p.total} 行 = 解析済み ${p.parsed} 行 + 対象外 ${p.ignored} 行 + 解析不能 ${p.unparsed} 行。`,
    journalExports: (files) => `${files}: journal のエクスポート（journalctl -o json または -o export）で、エントリーごとに読み込みました。`
      + 'ここから引用している行は、各エントリーから作った syslog 形式の行です。時刻は journal が記録した正確な時刻を、'
      + 'サーバーの UTC オフセット（Postfix と Dovecot のエントリーが持つ syslog のタイムスタンプから求めたもの。どのエントリーにもなければ +0000）で、'
      + 'サーバー上で journalctl -o short-iso-precise が表示するとおりに示し、'
      + '行番号はそのエントリーが始まるファイルの行です。Postfix と Dovecot 以外のプログラムのエントリーは、syslog ファイルと同じく対象外としています。'
      + 'コンテナーの journald ログドライバーのエントリー（CONTAINER_ID または CONTAINER_NAME を持つもの）はコンテナーが書いた行そのものを持つため、'
      + '`docker logs -t` が表示するとおり、journal の時刻（UTC）に続けてその行を、行自身の時刻で読み込みました。',
    dockerJsonLogs: (files) => `${files}: Docker が保存したコンテナーのログ（json-file、/var/lib/docker/containers/…-json.log）で、`
      + '`docker logs -t` が表示するとおり 1 行ずつ読み込みました。Docker の時刻（UTC）に続けてコンテナーが書いた行（Postfix 自身の '
      + 'maillog_file、またはコンテナー内の syslog デーモンの行）があり、レポートはその行自身の時刻を使い、年は Docker の時刻から取ります。',
    cutShort: (p) => `解析できなかった ${p.unparsed} 行のうち ${p.lines} 行は途中で切れています（項目の途中で行が終わっています。ディスクの満杯、`
      + `書き込み中のログのコピー、syslog の行の長さの上限などが原因です）。ログはその箇所で壊れており、それらの行の内容は集計していません。`,
    repeatsNotExpanded: (p) => `「last message repeated」行のうち ${p.lines} 行はファイルの先頭か別ホストの行の後にあり、繰り返された行が分からないため、`
      + `その ${p.events} 件のイベントは数えていません（対象外の行に含まれます）。`,
    duplicates: (list) => `複数回指定され、1 回だけ読み込んだファイル: ${list}。`,
    generatedBy: (tool, version, schema) => `${tool} ${version} で作成（レポートスキーマ ${schema}）。`,
  },

  html: {
    kicker: 'メールログ調査',
    period: '期間',
    periodNote: (zone, duration) => `（${zone}、${duration}）`,
    logLines: 'ログの行数',
    fromFiles: (n) => `${n} ファイル`,
    findings: '検出事項',
    noFindings: '検出事項なし',
    severityCount: (s, c) => `${SEVERITY[s]} ${c} 件`,
    contents: '目次',
    redacted: (domains, fp) => `共有用に匿名化しています: ユーザー名、メールアドレスのローカル部${domains ? '、ドメイン' : ''}、IP、クライアントのホスト名を`
      + `仮名に置き換えました${domains ? '' : '（ドメインはそのまま）'}（鍵のフィンガープリント ${fp}）。`,
    kpi: {
      received: '受信したメール', delivered: '配送完了（宛先）', deferred: '配送の遅延（試行）', bounced: 'バウンス・期限切れ',
      rejected: 'SMTP での受信拒否', authFailures: 'SMTP AUTH の失敗', mailbox: 'IMAP/POP3 のログイン失敗', stillQueued: 'キューに残留',
    },
    kpiMailboxBackends: (refused) => `（うちプロキシのバックエンドが拒否 ${num(refused)} 件、ログ未読）`,
    // 日本語の字形を優先する（Windows の system-ui は Segoe UI になり、漢字が中国語の字形で表示されることがある）。Web フォントは使わない。
    css: 'html[lang="ja"] body { font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, '
      + '"Noto Sans JP", "Noto Sans CJK JP", system-ui, sans-serif; line-break: strict; }\n'
      // 表の見出し・セル・集計タイルは文節の区切り（render/ja-phrases.ts が入れる <wbr>）でだけ改行する。文字単位で改行すると、
      // 表が列を 1 文字幅まで縮めていた（「配送完」/「了」、スマートフォンで「ク」/「ラ」/「イ」…: review AG15）。
      + 'html[lang="ja"] th, html[lang="ja"] td, html[lang="ja"] .kpi-label, html[lang="ja"] .tile-label { word-break: keep-all; }\n'
      // 閉じ括弧や「、」のあとでは keep-all でも改行されるため、続く助詞などのかなと 1 つにまとめる（「開いた）」/「の一覧」）。
      + 'html[lang="ja"] .ja-nobreak { white-space: nowrap; }\n',
  },

  charts: {
    font: 'Hiragino Sans, Hiragino Kaku Gothic ProN, Yu Gothic UI, Yu Gothic, YuGothic, Meiryo, Noto Sans JP, Noto Sans CJK JP, system-ui, sans-serif',
    zone: zoneShort,
    perBin: (minutes) => (minutes % 60 === 0 ? `${minutes / 60} 時間あたり` : `${minutes} 分あたり`),
    timeAxis: (minutes, zone) => `開始時刻（${minutes % 60 === 0 ? `${minutes / 60} 時間` : `${minutes} 分`}単位、${zone}）`,
    minuteBins: (minutes, span) => `ログが ${jaSpan(span)}のため、${minutes} 分ごとの棒で示しています。`,
    alt: (title, description) => `${title}: ${description}`,
    deliveries: {
      title: '配送結果の推移',
      description: '上段: 配送完了した宛先と、バウンスまたは期限切れの宛先（積み上げ）。下段: SMTP での受信拒否。'
        + '配送遅延の試行（再試行）は次のグラフにあります。',
      sent: '配送完了（宛先）', bounced: 'バウンス・期限切れ（宛先）', rejected: '受信拒否（SMTP）',
      y: (per) => `宛先数（${per}）`,
      yRejected: (per) => `受信拒否（${per}）`,
      empty: 'このログには、配送、遅延、バウンス、受信拒否の記録がありません。',
    },
    compromisedDelivered: {
      title: '配送完了: 利用者自身のメールと不正利用アカウントのメール',
      description: '配送が完了した宛先数を、メールが届いた時間帯ごとに、利用者自身のメールと、パスワードが推測された後に不正利用されたアカウントが送ったメール（それに対するバウンス通知を含む）に分けて積み上げています。',
      legitimate: '利用者のメール', spam: '不正利用（推測後）',
      y: (per) => `配送完了の宛先数（${per}）`,
      empty: 'このログには、配送が完了したメールがありません。',
    },
    deferralsAuth: {
      title: '配送遅延とログイン失敗の推移',
      description: '上段: 配送遅延の試行回数。下段: SMTP AUTH の失敗（Postfix）と IMAP/POP3 のログイン失敗（Dovecot）。'
        + 'どの失敗も 1 回だけ数えています。',
      deferred: '配送の遅延（試行）', smtpAuth: 'SMTP AUTH の失敗', mailbox: 'IMAP/POP3 のログイン失敗',
      yDeferred: (per) => `配送の遅延（${per}）`,
      yAuth: (per) => `ログイン失敗（${per}）`,
      empty: 'このログには、配送の遅延もログイン失敗もありません。',
    },
    queue: {
      title: 'キュー内のメール数（ログから再構成）',
      description: '各期間の中で Postfix のキューにあったメールの数の最大値。ログから 1 分ごとに再構成しています。',
      series: 'キュー内のメール',
      y: 'キュー内のメール数（期間中の最大）',
      empty: 'ログの期間中、キューは常に空でした。',
    },
    users: {
      title: '送信数の多い SASL ユーザー',
      description: '認証済みユーザーごとの送信メール数と、そのアカウントでログインしたクライアント IP の数。',
      series: 'メール数',
      note: (m, ips) => `${num(m)} 通 · IP ${num(ips)} 件`,
      x: '送信したメール数',
      y: 'SASL ユーザー',
      empty: 'このログには、SMTP AUTH で送信されたメールがありません。',
    },
    ips: {
      title: 'ログイン失敗と中継の試みが多いクライアント IP（上位）',
      description: 'すべてのクライアント IP のうち、SMTP AUTH の失敗、IMAP/POP3 のログイン失敗、'
        + '「Relay access denied」の中継の試みが多い 15 件（積み上げ）。',
      smtpAuth: 'SMTP AUTH の失敗・中断', mailbox: 'IMAP/POP3 のログイン失敗', relayDenied: '中継の拒否（Relay access denied）',
      x: 'ログイン失敗と中継の試み（件数）',
      y: 'クライアント IP',
      empty: 'ログインに失敗した、または不正な中継を試みたクライアント IP はありません。',
    },
    reasons: {
      title: '配送遅延の主な理由',
      description: '配送遅延の試行回数を、正規化した理由ごとに集計（IP アドレス、ID、数値は置き換え済み）。',
      x: '配送遅延の試行回数',
      empty: 'このログには、配送が遅延したメールがありません。',
    },
    causes: {
      title: '配送遅延の主な原因',
      description: '配送遅延の試行回数を、「配送遅延の理由」の表と同じく受信側と原因ごとに集計（Postfix がキャッシュから繰り返したものを含む）。',
    },
    events: {
      takenOver: (user, at) => `${at} ${user} の乗っ取り`,
      deleted: (at) => `${at} postsuper -d ALL で削除`,
    },
  },

  cli: {
    summary: (p) => `${num(p.lines)} 行（${p.mb} MB）を ${p.secs} 秒で解析: 受信 ${num(p.received)}、配送完了 ${num(p.delivered)}、`
      + `配送の遅延 ${num(p.deferred)} 回、バウンス ${num(p.bounced)}、受信拒否 ${num(p.rejected)}、AUTH の失敗 ${num(p.authFailures)}、`
      + `キューに残留 ${num(p.stillQueued)}${p.deletedInBulk ? `（postsuper -d ALL で削除 ${num(p.deletedInBulk)}）` : ''}。検出事項 ${num(p.findings)} 件、解析できなかった行 ${num(p.unparsed)} 行。`
      + `${p.warnings ? `警告 ${num(p.warnings)} 件（下記）。` : ''}\n`,
    skippedOwnOutputs: (p) => `${p.dir}: 入力のうち ${num(p.files.length)} 個は以前の実行でこのツールがそこに書いたファイルで、ログではないため読みませんでした`
      + `（${jaSomeOf(p.files, 5)}）。\n`,
    removedStale: (p) => `${p.dir}: 以前の実行で書かれ、今回の実行では書かなかったファイル ${num(p.files.length)} 個を削除しました`
      + `（${jaSomeOf(p.files, 5)}）。\n`,
    replacedRun: (p) => `${p.dir} にあった ${p.from} から ${p.to} までのレポート（${jaSomeOf(p.files, 3)}）を今回の実行で置き換えました。`
      + '対策の前後を比較するには、実行ごとに出力先を分けてください: --out reports/before、次に --out reports/after。\n',
    keptOwnReadme: (p) => `${p.dir}: README.txt はこのツールが書いたものではないため、そのまま残しました。`
      + (p.name === null ? 'README.maillog-forensics.txt も既にあるため、今回の実行のファイル一覧は書いていません。\n'
        : `今回の実行のファイル一覧は ${p.name} です。\n`),
  },
};

/** enLooksLike in Japanese: what a file not understood looks like, and the command that converts it. */
function jaLooksLike(path: string, looks: Exclude<LooksLike, ''>): string {
  const f = shellArg(path);
  switch (looks) {
    case 'utf16': return `このファイルは UTF-16 のテキストです（先頭が UTF-16 のバイトオーダーマーク）。${jaConvert(path, '変換し', 'iconv -f UTF-16 -t UTF-8', `${f} > maillog.utf8`)}`;
    case 'utf16le': case 'utf16be': {
      const code = looks === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE';
      return `このファイルは ${code} のテキストです（バイトオーダーマークはなく、各文字の隣に NUL バイトがあります）。${jaConvert(path, '変換し', `iconv -f ${code} -t UTF-8`, `${f} > maillog.utf8`)}`;
    }
    case 'cr': return `このファイルの行末は CR だけです（先頭 64 KiB に LF の行末がありません。古い Mac や Windows のツールでコピーしたファイル）。${jaConvert(path, '変換し', "tr '\\r' '\\n'", `< ${f} > maillog.lf`)}`;
    case 'gzip-in-gzip': return `このファイルは gzip で二重に圧縮されています（展開した内容の先頭も gzip）。${jaConvert(path, '一度展開し', 'gzip -dc', `${f} > maillog.gz`)}`;
    case 'binary': return 'このファイルはテキストのログではなく、バイナリデータ（画像、プログラム、ランダムなバイト列）です。';
    case 'exim': return 'このファイルの行は Exim（cPanel の MTA、Debian の exim4）のものです。このツールが読むのは Postfix と Dovecot のログだけで、'
      + 'このサーバーは Exim でメールを送っています。このログは Exim 付属のツールで読めます（集計は `eximstats`、特定のアドレスや IP の行は `exigrep`）。'
      + 'サーバーで Dovecot が動いていれば、代わりにそのログ（`doveconf log_path`、cPanel では /var/log/maillog）を指定してください。IMAP/POP3 のログインとその失敗を読み取ります。';
    case 'sendmail': return 'このファイルの行は sendmail（sendmail、sm-mta）のものです。このツールが読むのは Postfix と Dovecot のログだけで、'
      + 'このサーバーは sendmail でメールを送っています。Dovecot が動いていれば、その行は同じログから読みますが、このファイルには 1 行もありません。';
  }
}

/** enConvert in Japanese: the command for a file, or in the pipe for standard input. */
function jaConvert(path: string, verb: string, command: string, operands: string): string {
  return path === '-' ? `パイプの中で \`analyze -\` の前に \`${command}\` で${verb.replace(/し$/, 'して')}ください。`
    : `\`${command} ${operands}\` で${verb}、${verb === '変換し' ? '変換した' : 'その'}ファイルを指定してください。`;
}

/** EN_WHERE_MAIL_LOG in Japanese. */
const JA_WHERE_MAIL_LOG = 'Postfix と Dovecot のログは /var/log/mail.log（Debian、Ubuntu）か /var/log/maillog（RHEL）、またはジャーナルだけにあります'
  + '（`journalctl -u postfix@- -u dovecot -o json > mail.json`）。';
