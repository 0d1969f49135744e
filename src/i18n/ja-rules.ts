// 日本語: 各検出ルールの名前、「なぜ問題か」「対処方法」。設定やコマンドはそのまま、コメントだけ日本語にしています。
// Postfix / Dovecot の用語（SASL、smtpd、postsuper、master.cf …）は訳しません。

import type { AdviceMessages, BruteforceAdvice, ReceiversAdvice, CompromisedAdvice, LocalProgram, LocalProgramBulkAdvice, LocalProgramSpamAdvice, OpenRelayAdvice, TrustedHostAdvice, OwnNetworkBulkAdvice, OwnNetworkSpamAdvice, PoolText, PortBlockedAdvice, SenderMapAdvice, UnusualUseAdvice, RuleCopy, RuleId, ServerTroubleAdvice, TroubleClass } from './index.js';
import { commented, shellArg, tableLines } from '../detect/util.js';
import { ownNetworkClass } from '../detect/own-network.js';
import {
  SENDER_LOGIN_APPLY, SENDER_LOGIN_LOOK, SENDER_LOGIN_STRICT_25, loginEntry, senderCheckEntries, senderLoginCommands, senderLoginMapLines, senderLoginRefusal,
  senderLoginVerify,
} from '../detect/rules/compromised-account.js';
import { isSmtpService } from '../aggregate/smtp-service.js';
import { ANVIL_BLOCK, DOVECOT_DELAY_CHECK, deviceUsers, fail2banCheck, fail2banJail, fail2banJournal, jailIgnored, nftBlockCommands, port25Advised } from '../detect/rules/sasl-bruteforce.js';
import { RELAY_LOOK, mynetworksBlock, programName, relayConfigLines } from '../detect/rules/open-relay.js';
import { SUBMIT_USERS_BLOCK } from '../detect/rules/open-relay-local.js';
import { OPENDKIM_UNLOGGED_LINES, dkimBlocks, dmarcReportAddress, srsConfigLines } from '../detect/rules/receivers-refusing.js';
import { jaReceiverName } from './receiver-names.js';
import { evidenceRowName } from './evidence-labels.js';
import { jaUnsignedMail } from './ja-unsigned-mail.js';
import { POSTSCREEN_DNSBL_LINES, RELAY_JAIL_BLOCK, RELAY_PROBING_ERROR_LIMITS } from '../detect/rules/relay-probing.js';
import { portChecks, relayhostSteps } from '../detect/rules/outbound-port-blocked.js';
import { jaHolderSentences, jaNoRoom, jaRefused } from './ja-queue-holders.js';
import { FORWARD_FILTER_LOOK, RECIPIENT_RESTRICTIONS_LOOK, VERIFY_RECIPIENT_BLOCK, VIRTUAL_MAILBOX_BLOCK, forwardFilterBlock, listingCheck } from '../detect/rules/backscatter.js';

/**
 * 根拠の行を、表に出ている言葉で指す（review AP, AP4）: 「根拠の「SPF/DKIM に失敗したドメイン」」。report.json のキー名
 * （`domainsFailingAuthentication`）は日本語の表のどこにも出ていない。ラベル末尾の括弧書き（「（拒否数）」）は省く。
 */
function evidenceRow(rule: string, key: string): string {
  return `根拠の「${evidenceRowName(rule, key, 'ja')}」`;
}

/**
 * 受信側の組織が自分で管理するブロックリスト（Microsoft 5.7.513 "Customer Block list"、review AC, F14）は、スパムが止まっても
 * 解除されません（en: receivers-refusing.ts ownListsText）。載っていなければ ''。
 */
function jaOwnListsText(p: ReceiversAdvice): string {
  const own = p.ownLists ?? [];
  if (own.length === 0) return '';
  return `受信側の組織が自分で管理するブロックリスト（${own.map(jaReceiverName).join('、')}）は、スパムが止まっても解除されません。`
    + 'IP を外せるのはその組織の管理者だけです（下記を参照）。';
}

/** relayhostSteps の文（receivers-refusing の Gmail NotAuthorizedError の対処でも使います）。 */
const JA_RELAY_LINES = {
  look: '`postconf -e` の行は `main.cf` の同じ名前の設定を置き換えます。まず現在の設定を確認してください（'
    + '`smtp_sasl_password_maps` にすでにマップがあれば、その行にカンマ区切りで残します）:',
  login: 'ログイン情報は `/etc/postfix/sasl_passwd` に 1 行で書きます（`relayhost` と同じホストとポート、続けてログイン名:パスワード）:',
  map: 'その後マップを作成して root だけが読めるようにし、中継先を設定して反映し、キューを再送します:',
};

/** NFT_TABLE_NOTE (sasl-bruteforce.ts) in Japanese: what the first line of nftBlockCommands does (review Y6). */
export const JA_NFT_TABLE_NOTE = '最初の行は、nftables の `inet filter` テーブルが読み込まれていないときに nftables を起動します'
  + '（Debian は nftables.service を無効のままインストールします。`/etc/nftables.conf` にそのテーブルと `input` チェーンがあります）。'
  + 'この行が読み込む `/etc/nftables.conf` は `flush ruleset` で始まります。ほかのツール（ufw、firewalld、Docker）が nftables に'
  + 'ルールを置いている場合は、この行を使わず、テーブルとチェーンをそのツールで作成してください。fail2ban がすでに動いている場合は、'
  + 'その後 `systemctl restart fail2ban` を実行して、fail2ban のテーブルを作り直させます。';

const fmt = (n: number): string => n.toLocaleString('ja-JP');
/** queue-flood の助言のキュー確認（件数と、先頭の数件の最後の遅延理由）。 */
const LOOK_AT_QUEUE_JA = ['```',
  commented('postqueue -p | tail -1', 'キューにあるメールの件数', 40),
  commented('postqueue -p | head -50', '先頭の数件と、それぞれ最後に遅延した理由', 40),
  '```', ''];

/** 件数（推定値の上限を超えていれば「73,817 超」、推定値なら「約 1,200」）。 */
export function jaAtLeast(x: number, atLeast: boolean, about = false): string {
  return atLeast ? `${fmt(x)} 超` : about ? `約 ${fmt(x)}` : fmt(x);
}

/** sasl-bruteforce.ts deviceLine: a device with an old password that never logged in (review AN, AN1). */
function jaDeviceLine(c: BruteforceAdvice['staleClients'][number]): string {
  const name = c.names[0] ?? '';
  return `- ${c.ip}: ${name} で約 ${fmt(c.everyMinutes)} 分ごとに ${fmt(Math.round(c.spanHours))} 時間にわたり ${fmt(c.failures)} 回失敗し、`
    + `一度もログインしていません。${name} の古いスマートフォンやタブレット（または PC のメールソフト）が古いパスワードのまま接続している`
    + `可能性が高いです。${name} に、その端末のアカウントのパスワードを更新するか、アカウントを削除するよう依頼してください。`
    + `${name} にそのような端末がなければ、パスワードを変更してから ${c.ip} をファイアウォールで遮断してください。`;
}

/** sasl-bruteforce.ts DEVICE_LEAD. */
// Review AP, AP10: 主語のない「…含めなかった IP アドレスです。」ではなく、どの IP アドレスの話かを先に。
const JA_DEVICE_LEAD = '下の一覧には、一度もログインしていないのに `blocklist-ips.txt` に含めていない IP アドレスがあります。それぞれ、実在する一人の利用者'
  + '（このログでほかの場所からログインしている利用者）の名前だけで失敗し、その名前を試したほかの IP アドレスはなく、失敗の間隔は'
  + 'メールソフトのもの（2 時間以上にわたり 5 分以上の間隔。fail2ban が遮断する「10 分以内に 5 回」はありません）で、推測攻撃の'
  + '間隔ではありません。遮断しても古いパスワードのままの端末は直らず、携帯回線の NAT では同じ回線のほかの加入者も使えなくなります。'
  + 'まず利用者に確認してください。';

/** The IPs to check before blocking, one list item each (sasl-bruteforce.ts staleLine in English). */
function jaStaleList(p: BruteforceAdvice): string[] {
  return [
    ...p.staleClients.map((c) => {
      if (c.reason === 'device') return jaDeviceLine(c);
      const users = c.loggedInAs.length === 0 ? '送信のないログイン'
        : c.loggedInAs.slice(0, 5).join('、') + (c.loggedInAs.length > 5 ? ` ほか（計 ${fmt(c.loggedInAs.length)} 人）` : '');
      const did = [
        ...(c.messages > 0 ? [`送信 ${fmt(c.messages)} 通`] : []),
        ...(c.mailboxLogins > 0 ? [`IMAP/POP3 のログイン ${fmt(c.mailboxLogins)} 回`] : []),
      ];
      const names = c.names.length === 0 ? '（ユーザー名はログにありません）'
        : c.names.slice(0, 5).join('、') + (c.names.length > 5 ? ` ほか（計 ${fmt(c.names.length)} 件）` : '');
      return `- ${c.ip}: ${names} で ${fmt(c.failures)} 回失敗`
        + (c.reason === 'roaming' ? `。${c.network} でアドレスが変わる一台の端末のアドレスです（${c.names[0] ?? ''} は以前 ${c.earlierLoginIp} からログインしています）` : '')
        + (c.loggedInAs.length === 0 && (c.reason === 'this-host' || c.reason === 'roaming') ? '' : `。ログインしたユーザー: ${users}`)
        + (did.length > 0 ? `。${did.join('、')}` : '')
        + (c.reason === 'this-host' ? '。このサーバー自身のアドレスです（Web メールや IMAP プロキシが利用者の代わりにここからログインします）。'
          + '遮断せず、そのプログラム自身のログで背後のクライアントを探してください' : '');
    }),
    ...(p.moreStaleClients > 0 ? [`- ほか ${fmt(p.moreStaleClients)} 件（report.json のこの検出結果の evidence）`] : []),
  ];
}

/** 結果によって変わる「対処方法」（英語は detect/rules/*.ts の *Fix 関数）。null は一般向けの文面（rules[].fix）。 */
/** relay-probing の対処（src/detect/rules/relay-probing.ts relayProbingFix の日本語）。review AO, AO5。 */
function jaRelayProbing(p: { dnsblRanked: number } | null): string {
  const ranked = p?.dnsblRanked ?? 0;
  const dnsbl = ranked > 0 ? [
    `このサーバーの postscreen はすでに DNS ブロックリストでクライアントを評価しています（\`DNSBL rank\` の行が ${ranked.toLocaleString('en-US')} 件）。`
      + '追加するリストはありません。掲載されたクライアントを記録するだけ（既定値の `ignore`）ではなく、断っている（`enforce` または `drop`）ことを確認します:',
    '',
    '```',
    'postconf postscreen_dnsbl_sites postscreen_dnsbl_threshold postscreen_dnsbl_action',
    '```',
    '',
  ] : [
    'ポート 25 で postscreen を使っている場合（`postconf -M smtp/inet` に `postscreen` と表示されます）は、Spamhaus に掲載されている'
      + 'クライアントを postscreen で断ります。`postscreen_dnsbl_action` の既定値は `ignore` で、掲載されたクライアントはログに記録される'
      + 'だけです。`=127.0.0.[2..11]` のフィルターで、Spamhaus のエラー応答（127.255.255.x）ではなく掲載だけを数えます。Spamhaus は、'
      + '公開リゾルバー（8.8.8.8、1.1.1.1、多くのプロバイダーのリゾルバー）を経由した問い合わせには答えません。ローカルのリゾルバーを'
      + '動かす（`apt install unbound`、/etc/resolv.conf に `nameserver 127.0.0.1`、その後 `systemctl restart postfix` で Postfix の chroot に'
      + 'コピーされます）か、zen.spamhaus.org の代わりに Spamhaus の DQS（無料の問い合わせサービス）のゾーンを自分のキーで使ってください。'
      + '`postscreen_dnsbl_sites` にすでにサイトが並んでいる場合は、それも残して行を書いてください:',
    '',
    ...POSTSCREEN_DNSBL_LINES,
    '',
  ];
  return [
    'すべての試行が拒否されている限り、問題は起きていません。この状態を保ち、試行のコストを高くします:',
    '',
    '```',
    'postconf smtpd_relay_restrictions       # 最後が defer_unauth_destination または reject_unauth_destination であること',
    '```',
    '',
    'エラーの多いクライアントの応答を遅らせ、切断します（`postconf -e` の行は `main.cf` の同じ名前の設定を置き換えます。現在の設定は '
      + '`postconf -n` で確認できます）:',
    '',
    ...RELAY_PROBING_ERROR_LIMITS,
    '',
    ...dnsbl,
    'fail2ban の `postfix` jail（mode は `more` または `aggressive`）で、`Relay access denied` や `User unknown` の拒否を'
    + '繰り返す IP を遮断します（`/etc/fail2ban/jail.d/mail.local`）。`[DEFAULT]` の行で nftables で遮断させます（Debian 12 の既定は '
    + 'iptables で、nftables と一緒には入りません）。この行はファイルに一度だけ書きます。`ignoreip` には事務所のアドレスを加えます。'
    + 'rsyslog がない場合（ログが journal にしかない場合）は、`logpath` の代わりに `backend = systemd` と `journalmatch = '
    + '_SYSTEMD_UNIT=postfix@-.service` を書きます。その後 `fail2ban-client -t` と `systemctl restart fail2ban` を実行します:',
    '',
    ...RELAY_JAIL_BLOCK,
  ].join('\n');
}

export const JA_ADVICE: AdviceMessages = {
  relayProbing: jaRelayProbing,
  openRelay: jaOpenRelay,
  ownNetworkRelay: jaOwnNetworkRelay,
  trustedHostRelay: jaTrustedHostRelay,
  ownNetworkSpam: jaOwnNetworkSpam,
  ownNetworkBulk: jaOwnNetworkBulk,
  localProgramSpam: jaLocalProgramSpam,
  localProgramBulk: jaLocalProgramBulk,
  senderMapEntry: jaSenderMapEntry,
  accountUnusualUse: jaAccountUnusualUse,
  serverTrouble: jaServerTrouble,
  queueFlood(p) {
    const out: string[] = [];
    if (p !== null && p.stillQueued === 0) {
      out.push(p.deletedInBulk > 0
        ? `削除するものは残っていません。${p.deletedAt} に \`postsuper -d ALL\` がキューを空にし（${fmt(p.deletedInBulk)} 通。そのうち利用者自身の`
          + 'メールがどれだったかは queue-deleted の検出事項を参照）、ログの終わりの時点でキューにメールはありません。'
        : '削除するものは残っていません。ログの終わりの時点でキューにメールはありません（どのメールも配送済み、バウンス、期限切れのいずれかです）。');
      // 根拠にあることと、このレポートにある検出事項だけを書きます（review 12 L1）。
      const own = p.own;
      if (own !== null) {
        out.push('', `${own.deferrals === p.deferred ? `遅延 ${fmt(p.deferred)} 件はすべて` : `遅延 ${fmt(p.deferred)} 件のうち ${fmt(own.deferrals)} 件は`}`
          + `自社のドメイン（${own.domains.join(', ')}）宛てのメールで、`
          + (own.hosts.length > 0 ? `自社のサーバー ${own.hosts.join(', ')} を待っていたものです。` : '自社の次の配送先を待っていたものです。')
          + 'バックアップ MX やゲートウェイは、次の配送先が止まっている間（メンテナンスや再起動）メールを保持し、復旧したら配送します。'
          + 'それが本来の役割で、IP の評価の問題ではありません（外部の受信側はこのメールを拒否していません）。'
          + (own.deferrals === p.deferred ? '対処は不要です。ただし、次の配送先が予定より長く止まっていた場合は、そのサーバーのログで原因を確認してください。'
            : 'それ以外の遅延については次のとおりです。'));
      }
      if (own === null || own.deferrals < p.deferred) {
        if (p.causes.length > 0) {
          out.push('', `${own !== null ? 'それ以外の' : ''}遅延は原因がなくなれば止まります。${p.causes.join('、')} の検出事項を参照してください。`);
        } else {
          out.push('', 'ほかの検出事項には原因が出ていません。'
            + (p.top.length > 0 ? `遅延の多くは ${p.top.map((t) => `${t.domain} 宛て（${fmt(t.deferrals)} 件。宛先 ${fmt(t.recipients)} 件のうち `
              + `${fmt(t.delivered)} 件は最終的に配送済み）`).join('、')}でした。` : '')
            + `理由は${evidenceRow('queue-flood', 'topDeferralReasons')}にあります。` + 'グレーリスティング（`450 4.7.1 … Greylisted`）をしている受信側は再送で受け付け、'
            + '停止中や到達できない受信側（`Connection timed out`、`Connection refused`）は復旧すれば受け付けます。'
            + (p.deletedInBulk > 0 ? '' : 'キューは自然に空になっています。'));
        }
      }
      return out.join('\n');
    }
    if (p !== null && p.cleanup) {
      // 一覧とそのコマンドは queue-cleanup の検出事項にあります。ここでは繰り返しません（review Z, Z15）。
      out.push('キューに残っているメールのうち不正送信の分は、queue-cleanup の検出事項が `queue-delete.txt` に一覧にしています。'
        + 'その検出事項のコマンドで、保留して中身を確認してから、それだけを削除してください。削除すれば、そのスパムの遅延も止まります。', '');
    }
    if (p === null) {
      out.push('キューに不正利用されたアカウントのスパムがある場合は、queue-cleanup の検出事項が `queue-delete.txt` に一覧を出力します。保留して'
        + '中身を確認してから、それだけを削除します:',
      '', '```',
      commented('postqueue -p | tail -1', 'キューにあるメールの件数', 40),
      commented('postsuper -h - < queue-delete.txt', '不正なメールを保留', 40),
      commented('postsuper -d - < queue-delete.txt', 'その後で削除', 40),
      '```', '');
    }
    if (p !== null && p.cleanup && !p.portBlocked) {
      out.push('残るのは利用者自身のメールです。そのままにしておけば、受信側がこの IP からのメールを再び受け付けるようになった時点で送信'
        + 'されます。`maximal_queue_lifetime` は短くしないでください（バウンスしてしまいます）。', '');
    }
    // ログの終わりに残っているのが受信側に拒否されているメールだけなら、再送しても届かず、相手のサーバーを叩くだけです（review AI, AI4）。
    // メールボックスが満杯の宛先も、再送では配送できませんが、このサーバーのブロックではありません（review AI の残り）。
    const refusing = p?.holders.filter((h) => h.hold === 'refused') ?? [];
    const noRoom = p?.holders.filter((h) => h.hold === 'no-room') ?? [];
    const held = refusing.length + noRoom.length;
    const refusedOnly = p !== null && p.portBlocked && held > 0 && held === p.holders.length;
    if (p !== null && refusedOnly) {
      out.push((p.cleanup ? '残りの' : '') + '遅延しているメールは、ポート 25 のブロックで滞っていた利用者自身のメールです'
        + (p.portBlockOver ? '。ブロックは終わっています（outbound-port-blocked の検出事項: 外部への配送が再開しています）' : '（outbound-port-blocked の検出事項）')
        + '。削除せず、`maximal_queue_lifetime` も短くしないでください（バウンスしてしまいます）。'
        + (p.portBlockOver ? '' : 'その検出事項に従って送信経路を直してから、ほかのドメイン宛ての新しいメールが送られることを確認します。')
        + `ログの終了時点でキューに残っているのは、ブロックで滞っているメールではありません。${jaHolderSentences(p.holders, false).join('')}`
        + 'Postfix は自動で再送を続け、`maximal_queue_lifetime`'
        + '（既定で 5 日）を過ぎると送信者に返送します。キューの中身を確認します:',
      '', ...LOOK_AT_QUEUE_JA);
    }
    if (p === null || (p.portBlocked && !refusedOnly)) {
      out.push(p === null
        ? 'ポート 25 のブロックでメールが滞っている場合（outbound-port-blocked の検出事項）、それは利用者自身のメールです。削除せず、'
          + '`maximal_queue_lifetime` も短くしないでください（バウンスしてしまいます）。その検出事項に従って送信経路を直してから、キューを再送します:'
        // ブロックがログの中で終わっていれば、送信経路は直すものがなく、キューは次の再送を待っているだけです（review Y, Y13）。
        : p.portBlockOver
          ? (p.cleanup ? '残りの' : '') + '遅延しているメールは、ポート 25 のブロックで滞っていた利用者自身のメールで、ブロックは終わっています'
            + '（outbound-port-blocked の検出事項: 外部への配送が再開しています）。削除せず、`maximal_queue_lifetime` も短くしないでください'
            + '（バウンスしてしまいます）。送信経路の変更は不要です。次の再送を待たずに今すぐキューを再送し、減っていくことを確認します'
            + '（残るものには別の理由があります。`postqueue -p` がそれぞれの最後の理由を示します）:'
          : (p.cleanup ? '残りの' : '') + '遅延しているメールは、ポート 25 のブロックで滞っている利用者自身のメールです（outbound-port-blocked の検出事項）。削除せず、'
            + '`maximal_queue_lifetime` も短くしないでください（バウンスしてしまいます）。その検出事項に従って送信経路を直してから、キューを'
            + '再送し、減っていくことを確認します:',
      '', '```',
      commented('postqueue -f', '遅延しているメールをすべて今すぐ再送', 40),
      commented('postqueue -p | tail -1', 'キューにあるメールの件数', 40),
      '```', '',
      ...(refusing.length > 0 ? [jaRefused(refusing, 'ただし ') + 'そうでなければ、`maximal_queue_lifetime` を過ぎると送信者に返送されます。', ''] : []),
      ...(noRoom.length > 0 ? [jaNoRoom(noRoom), ''] : []));
    }
    if (p !== null && !p.cleanup && !p.portBlocked && p.holders.length > 0) {
      // ポート 25 のブロックではなく、宛先ごとの理由でキューが滞っています（review AI の残り）。種類ごとに対処を書きます。
      out.push('ログの終了時点でキューを止めているもの（宛先ごとの最後の遅延理由）:', '',
        ...jaHolderSentences(p.holders, true).map((line) => `- ${line}`), '',
        (held > 0 ? 'Postfix は自動で再送を続け、配送できないメールは `maximal_queue_lifetime`（既定で 5 日）を過ぎると送信者に返送します。' : '')
          + 'キューの中身を確認します:',
        '', ...LOOK_AT_QUEUE_JA,
        'スパムが含まれている場合は、キュー ID を指定してそれだけを削除します（`postsuper -d -` は 1 行に 1 つの ID を読み込みます）。'
          + '`postsuper -d ALL` は利用者のメールまで削除してしまいます。', '');
    } else if (p === null || (!p.cleanup && !p.portBlocked)) {
      out.push((p === null ? 'それ以外の場合は、' : '') + `メールが遅延している理由（${evidenceRow('queue-flood', 'topDeferralReasons')}）を調べて、その原因を取り除きます。`
        + '原因がなくなればキューは自然に減っていきます。キューの中身を確認します:',
      '', ...LOOK_AT_QUEUE_JA,
      'スパムが含まれている場合は、キュー ID を指定してそれだけを削除します（`postsuper -d -` は 1 行に 1 つの ID を読み込みます）。'
        + '`postsuper -d ALL` は利用者のメールまで削除してしまいます。', '');
    }
    return out.join('\n').trimEnd();
  },

  compromisedAccount(p) {
    const user = p?.user ?? '<user>';
    const userArg = p === null ? user : shellArg(user);
      const mapLines = p === null
      ? ['alice@example.com    alice@example.com', 'shared@example.com   alice@example.com, bob@example.com']
      : senderLoginMapLines(p, {
        own: '# このログにある SASL ログイン名（それぞれ自分のアドレスを所有）:',
        moreLogins: (n) => `# … ほか ${fmt(n)} 件のログイン名（report.json の bySaslUser）: それぞれ 1 行ずつ`,
        sentAs: '# このログでこれらのログイン名が送信者として使った、自ドメインの他のアドレス（別名・共有アドレス）と、使ったログイン名:',
        moreSentAs: (n) => `# … ほか ${fmt(n)} 件のアドレス（report.json の bySaslUser の senders）`,
        otherDomains: '# このログでこれらのログイン名が送信者として使った他ドメインのアドレス: その利用者自身のアドレスである場合だけ「# 」を外します',
        moreOtherDomains: (n) => `# … ほか他ドメインの ${fmt(n)} 件（report.json の bySaslUser の senders）`,
        alias: (another) => `# ${another ? 'ほかに' : ''}利用者が送信者として使う別名（エイリアス）: 別名の後に、所有者それぞれのログイン名をカンマ区切りで`,
      });
    const queue = p === null
      ? 'キューに残っているこのアカウントのメールは、保留（hold）して中身を確認してから、それだけを削除します。残っていれば queue-cleanup の検出事項（`queue-delete.txt`）に一覧があります。'
      : p.queue.state === 'cleanup'
        ? 'キューに残っているこのアカウントのメールは、保留（hold）して中身を確認してから、それだけを削除します。queue-cleanup の検出事項（`queue-delete.txt`）を参照してください。'
        : p.queue.state === 'deleted'
          ? `キューにあったこのアカウントのメールは、${p.queue.at} に \`postsuper -d ALL\` で削除されています（一緒に消えた利用者自身のメールは queue-deleted の検出事項を参照）。`
          : 'ログの終わりの時点で、このアカウントのメールはキューに残っていません。削除するものはありません。';
    const refused = p?.refusedSenders ?? null;
    const entries = senderCheckEntries(p?.loginServices ?? []);
    const login = p === null ? '<login>' : userArg;
    // 送信者の確認はすでに有効（その拒否が証拠）: 残っているのはパスワード。
    const senderCheck = refused !== null
      ? [
        '送信者の確認は有効で、攻撃者を止めているのはこの確認です。`reject_sender_login_mismatch` と `/etc/postfix/sender_login` のマップはそのままにしてください。'
          + 'パスワードを変更すれば、このログイン名に対する拒否は止まるはずです。それでも続く拒否は、マップがこのログイン名に与えていないアドレスを送信者にしている、所有者自身のメールソフトからのものです。',
      ]
      : [
        '認証済みのユーザーが他人のアドレスを送信者にできないようにします。`/etc/postfix/sender_login` には、利用者が送信者として使う'
          + 'アドレスごとに、それを所有する SASL ログイン名を書きます。使われているアドレスはすべて 1 行ずつ必要です。この制限を有効にすると、'
          + '一覧にないアドレスで送信したログインは拒否されます（`553 5.7.1 … Sender address rejected: not owned by user …`）。'
          + (p === null ? 'SASL ログイン名がメールアドレスそのものの場合:' : 'このログにある SASL ログイン名から作った例です（使われているほかのアドレスも追加してください）:'),
        '',
        '```',
        ...mapLines,
        '```',
        '',
        '送信者の確認は、ログインを受け付けるすべての smtpd に設定します。ポート 25 は `main.cf` の値を使いますが、`master.cf` の'
          + 'エントリで `-o smtpd_sender_restrictions=` を指定しているものは、代わりにその値を使います（Postfix 3.7 の submission と '
          + 'submissions のエントリは空の値を指定しています）。そのため、そこにも `postconf -P` で設定します。'
          + (p === null ? ''
            : p.loginServices.length > 0 ? `このログのログインが経由したサービス: ${jaLoginServices(p.loginServices)}。`
              : 'このログからは、ログインがどのサービスを経由したかはわかりません。')
          + '`postconf -e` の行は `main.cf` の同じ名前の設定を、`postconf -P` の行はエントリの `-o` の値を置き換えます。まず現在の設定を確認し、'
          + 'すでにほかの制限が並んでいる場合は、それも残して行を書いてください（`-P` の行では、空白を入れずにカンマで区切ります）:',
        '',
        ...SENDER_LOGIN_LOOK,
        '',
        '続いてマップを作成し、確認を有効にします。`master.cf` にないエントリへの `-P` の行は `unmatched service_name/type` と表示するだけで、'
          + '何も変更しません。ほかにもログインを受け付けるエントリ（`smtpd_sasl_auth_enable = yes`）があれば、その行も追加してください:',
        '',
        ...senderLoginCommands(entries),
        '',
        'ポート 25 の `reject_authenticated_sender_login_mismatch` は、ログインしたクライアントだけを確認します。より厳しい '
          + '`reject_sender_login_mismatch` をポート 25 に使うと、ログインせずに一覧にあるアドレスを送信者として送ってくるクライアントも'
          + 'すべて拒否されます。`mynetworks` にある自社のホスト（サーバー上や事務所のネットワークにある Web アプリケーション、スキャナー、'
          + '監視スクリプトには `553 5.7.1 … not logged in` が返ります）、外部でホストしている Web フォーム、メール配信サービス、'
          + 'ほかのサーバーが転送して戻ってくるメールなどです。それでもポート 25 に使う場合は、先に `mynetworks` を通します: '
          + `\`${SENDER_LOGIN_STRICT_25}\``,
        '',
        'ポート 25 とログインを受け付けるすべてのエントリに確認が設定されていることと、所有していないアドレスを送信者にしたログインが拒否されることを確認します'
          + '（swaks は `apt install swaks` で導入します。パスワードは swaks が尋ねます。`--quit-after RCPT` なのでメールは送信されません）:',
        '',
        ...senderLoginVerify(p?.loginServices ?? [], login),
        '',
        `\`${senderLoginRefusal(p === null ? '<login>' : p.user)}\` が返れば正しく設定されています。\`250\` が返る場合、そのポートでは確認が有効になっていません。`,
      ];
    return [
      ...(refused !== null
        ? [`パスワードはまだ使えます: IP アドレス ${fmt(refused.ips)} 件が ${user} でログインし、送信者の確認で ${fmt(refused.rejects)} 回拒否されています（\`not owned by user\`）。`
          + '送信者の確認を設定しただけでは足りません。パスワードを変更する必要があります。', '']
        : []),
      'ただちにアカウントを停止し、新しい強力なパスワードを設定してください（例は Dovecot の passwd-file です。お使いのユーザーデータベースに合わせてください）:',
      '',
      '```',
      commented('doveadm pw -s SHA512-CRYPT', '新しいパスワードの {SHA512-CRYPT}$6$… を表示'),
      '# /etc/dovecot/users（または SQL/LDAP のユーザーテーブル）で該当アカウントのハッシュを置き換えてから:',
      commented(`doveadm auth test ${userArg}`, '新しいパスワードでログインできるか確認'),
      commented(`doveadm kick ${userArg}`, '接続中の IMAP/POP3 セッションを切断'),
      '```',
      '',
      ...senderCheck,
      '',
      queue,
      ...(p === null ? [] : jaWhoUsedIt(p)),
      'アカウントの利用者には、パスワードが推測されたか漏えいしたことを伝えてください（十分に強いパスワードだった場合は、利用者の PC がマルウェアに感染していないか確認してください）。',
    ].join('\n');
  },

  mailboxBreach(p) {
    const user = p === null ? '<user>' : shellArg(p.user);
    const extra: string[] = [];
    if (p !== null && p.manageSieve) {
      extra.push('', '攻撃者は ManageSieve にもログインしています。Sieve スクリプトが書き換えられています。有効なものだけでなく、すべてのスクリプトを確認してください。');
    }
    if (p !== null && p.ownerIps.length > 0) {
      extra.push('', `利用者自身のメールソフト（${p.ownerIps.join(', ')}${p.ownerIpCount > p.ownerIps.length ? ', …' : ''}）にも新しいパスワードの設定が必要です。`
        + '設定されるまでは、そのログイン失敗が攻撃と見分けられません。');
    }
    return [
      'ただちにアカウントに新しい強力なパスワードを設定し（例は Dovecot の passwd-file です。お使いのユーザーデータベースに合わせてください）、'
        + '攻撃者を締め出します。Dovecot の認証キャッシュは、消去するまで古いパスワードを受け付けることがあります。接続中の IMAP/POP3 '
        + 'セッションは、切断するまでログインしたままです:',
      '',
      '```',
      commented('doveadm pw -s SHA512-CRYPT', '新しいパスワードの {SHA512-CRYPT}$6$… を表示'),
      '# /etc/dovecot/users（または SQL/LDAP のユーザーテーブル）で該当アカウントのハッシュを置き換えてから:',
      commented('doveadm auth cache flush', 'キャッシュされたパスワードを消去（auth_cache_size）'),
      commented(`doveadm kick ${user}`, '攻撃者の接続中のセッションを切断'),
      commented(`doveadm who ${user}`, '攻撃者の IP のセッションが残っていないか確認'),
      commented(`doveadm auth test ${user}`, '新しいパスワードでログインできるか確認'),
      '```',
      '',
      '攻撃者が残していったものを確認します。Sieve スクリプト（ManageSieve や Web メールのフィルター画面で設定できます）は、パスワードを'
        + '変更した後も、新しいメールをすべて攻撃者に転送したり削除したりできます:',
      '',
      '```',
      commented(`doveadm sieve list -u ${user}`, 'スクリプトの一覧（有効なものに ACTIVE）'),
      commented(`doveadm sieve get -u ${user} <script>`, 'redirect、vacation、discard を探す'),
      commented(`doveadm sieve deactivate -u ${user} <script>`, '利用者のものでなければ無効に'),
      '```',
      '',
      'アカウント自身で設定できる転送先（Web メールの転送設定、ホームディレクトリの `.forward`）も確認し、メールやフォルダーが'
        + '消えていないか利用者に尋ねてください。',
      ...extra,
      '',
      '攻撃した IP アドレスをブロックします（このレポートと同じ場所の `compromised-ips.txt`'
        + (p === null || p.inBlocklist === 0 ? '' : p.inBlocklist === p.intruders ? '。パスワード推測攻撃の検出事項の `blocklist-ips.txt` にも含まれています'
          : `。パスワード推測攻撃の検出事項の \`blocklist-ips.txt\` には ${fmt(p.intruders)} 件のうち ${fmt(p.inBlocklist)} 件が含まれています`)
        + '）。推測を遅くするには、fail2ban の `dovecot` jail で数回失敗した IP を遮断し、Dovecot の '
        + '`auth_failure_delay`（既定 2 秒）で失敗ごとの応答を遅らせます。',
      '',
      'アカウントの利用者とお客様に、メールボックスのメールが読まれた可能性があることを伝えてください。メールに含まれる個人情報が'
        + '漏えいした可能性があり、個人情報保護法などにより報告が必要になる場合があります。',
    ].join('\n');
  },

  saslBruteforce(p) {
    const devices = p === null ? 0 : p.staleClients.filter((c) => c.reason === 'device').length;
    if (p !== null && p.blocked === 0 && devices === p.staleClients.length) {
      // 対処を先に（review AN の残り: チケットはこの段落だけを引用する）。
      const who = deviceUsers(p);
      return [`${who.length === 0 ? '下に挙げた利用者' : who.join('、')} に、古いパスワードのままの古いスマートフォン、タブレット、PC がないかを確かめ、`
        + 'その端末のアカウントを更新するか削除するよう依頼してください。推測攻撃の間隔でパスワードを試している IP アドレスはありません。'
        + JA_DEVICE_LEAD, '', ...jaStaleList(p)].join('\n');
    }
    if (p !== null && p.blocked === 0) {
      return [
        'パスワードを推測している IP アドレスはありません。ログインの失敗はすべて、利用者がログインしている IP アドレスからのものです。'
          + 'それぞれ、失敗が始まる前にログインに成功していた（パスワードを変更した後、古いパスワードのままのメールソフトが再試行するときの形）か、'
          + '複数の利用者がログインしていて失敗したユーザー名もすべてそこからログインしている（Web メール、一つのアドレスを共有する事務所）か、'
          + '数回失敗した後に同じユーザー名でログインしたもの、またはアドレスが変わる一台の端末（携帯回線の NAT の背後のスマートフォンなど。アドレスは同じ回線の他の加入者も使います。'
          + 'そのユーザー名が以前ログインしたネットワークのアドレスから、その名前だけで、数分以上の間隔で次々に失敗したもの。ボットネットなら数秒間隔です）'
          + 'のアドレスです。これらの IP アドレスを遮断すると、その背後の利用者全員が使えなくなります。遮断せずに、その利用者のメールソフト'
          + '（スマートフォン、PC、Web メール、複合機など）に現在のパスワードを設定してください。',
        ...(devices > 0 ? ['', JA_DEVICE_LEAD] : []),
        '',
        ...jaStaleList(p),
        '',
        'この中に利用者のものではないアドレスがあれば、パスワードは知られています。もう一度変更し、そのアドレスを遮断してください。',
      ].join('\n');
    }
    const where = 'ポート 25（`smtp` サービス: `postfix/smtpd` の行。不正利用されたアカウントの攻撃者は除く）';
    const users = p === null ? ''
      : p.port25Users.length === 0
        ? `このログでは、${where}からログインして送信した利用者はいないため、ここで見えるメールソフトが送信できなくなることはありません。`
          + 'ログの期間が長ければ見つかる場合があります。'
        : `このログで${where}からログインして送信したのは、`
          + p.port25Users.map((u) => `${u.user}（${u.ips.join(', ')} から ${fmt(u.messages)} 通）`).join('、')
          + (p.morePort25Users > 0 ? ` ほか ${fmt(p.morePort25Users)} 人` : '') + 'です。';
    const noTag = p !== null && p.noSubmissionTag
      ? 'ただし、このログには `postfix/submission/smtpd` や `postfix/smtps/smtpd` のタグでのログインもログインの失敗も一つもありません。'
        + 'master.cf のサブミッションのエントリに `-o syslog_name=postfix/submission`（または `…/smtps`）がない場合、'
        + 'そのログも `postfix/smtpd` として記録されるため、これらの失敗や利用者はすでに 587 を使っている可能性があります。'
        + 'エントリは `postconf -M submission/inet smtps/inet` で確認できます。'
      : '';
    const port25 = port25Advised(p);
    const through = p === null ? ''
      : `（攻撃元の IP アドレスの SMTP ログイン失敗 ${fmt(p.smtpFailures)} 回のうち ${fmt(p.port25Failures)} 回がポート 25 の \`postfix/smtpd\` の行です）`;
    const port25Part = !port25 ? [] : [
      `AUTH はサブミッションポート（587/465）だけで受け付け、ポート 25 では無効にします${through}。先に、ポート 25 でログインしている利用者を `
        + '587（STARTTLS）か 465 に移してください。ポート 25 で AUTH を無効にすると、その利用者のメールソフトは送信できなくなります。' + users + noTag,
      '',
      '続いて `master.cf` で、既存の `smtp inet … smtpd` の行の下に 1 行追加します。その行の各列とほかの `-o` の行はそのままにします:',
      '',
      '```',
      '  -o smtpd_sasl_auth_enable=no',
      '```',
      '',
      'サブミッションのエントリ（465 の submissions/smtps があればそれも）に `-o smtpd_sasl_auth_enable=yes` があることを確認してから反映します:',
      '',
      '```',
      commented('postconf -P | grep sasl_auth_enable', 'smtp/inet/… = no、submission/inet/… = yes であること'),
      'postfix reload',
      '```',
      '',
    ];
    const where25 = p === null || port25 ? [] : [
      '攻撃元の IP アドレスのログイン失敗は、ポート 25 からは一つも来ていません（`postfix/smtpd` の失敗の行がありません）。'
        + [
          ...(p.smtpFailures > 0 ? [`${fmt(p.smtpFailures)} 回はサブミッション（\`postfix/submission/smtpd\` または \`…/smtps/smtpd\`）`] : []),
          ...(p.mailboxFailures > 0 ? [`${fmt(p.mailboxFailures)} 回は IMAP/POP3（Dovecot）`] : []),
        ].join('、')
        + 'からです。ポート 25 で AUTH を無効にしても止まりません。攻撃元を遮断し、試行を遅らせてください。',
      '',
    ];
    const anvil = p !== null && p.smtpFailures === 0 ? [] : [
      'クライアントごとの AUTH の試行回数を anvil で制限します（`postconf -e` は main.cf の同じ名前の行を置き換えます）:',
      '',
      ...ANVIL_BLOCK,
      '',
    ];
    const ignored = jailIgnored(p);
    const fail2ban = [
      '速い推測は、fail2ban に付属する `postfix-sasl` と `dovecot` の jail で遮断します（`/etc/fail2ban/jail.d/mail.local`）。'
        + 'Debian 12 の fail2ban は既定で iptables で遮断しますが、nftables と一緒には iptables は入りません。遮断はログに出ても'
        + '何も遮断されないため、`banaction` を指定します。`ignoreip` で、このサーバー自身'
        + (ignored.length > 0 ? 'と、遮断する前に確認する IP アドレス（下に一覧があります）' : '')
        + 'を遮断の対象から外します。jail を有効にする前に、事務所や利用者の固定アドレス・NAT のアドレスも加えてください。'
        + '古いパスワードのままのメールソフトが一つあるだけで、そのアドレス全体が 1 日遮断されます。',
      '',
      ...fail2banJail(ignored),
      '',
      '`/var/log/mail.log` は、Debian で rsyslog がメールのログを書く場所です（RHEL では `/var/log/maillog`）。Dovecot が'
        + '自分のログファイルに書いている場合（`doveconf log_path`）は、`[dovecot]` にはそのファイルを指定します。rsyslog がない'
        + '場合（Debian 12 の既定）、ログは journal にしかありません。各セクションの `logpath` の行の代わりに次の行を入れるか'
        + '（Debian は Postfix を `postfix@-.service` として動かしますが、フィルターは `postfix.service` を探します。'
        + '`python3-systemd` が必要です）、rsyslog をインストールします（`apt-get install rsyslog`）。その場合、Debian 自身の `[sshd]` jail'
        + '（`jail.d/defaults-debian.conf`）にも `backend = systemd` が必要です。ないと fail2ban が起動しません'
        + '（`Have not found any log file for sshd jail`）:',
      '',
      ...fail2banJournal(),
      '',
      '設定を確認して起動します。失敗が来るたびに `Total failed` が増え、最初の遮断の後は `nft list ruleset | grep f2b` に '
        + 'fail2ban の `f2b-table` が表示されるはずです（表示されなければ、遮断がファイアウォールに届いていません）:',
      '',
      ...fail2banCheck(),
      '',
      'jail が遮断するのは、10 分以内に 5 回失敗した IP です。速い推測は捕まえますが、多数のアドレスから少しずつ試す遅い攻撃は'
        + '捕まえません。それを止めるのは、再起動後も残るようにした下のブロックリストです。',
      '',
    ];
    const dovecot = p === null || p.mailboxFailures === 0 ? [] : [
      'Dovecot で IMAP/POP3 の推測を遅らせます。失敗したログインへの応答は `auth_failure_delay`（既定値 2 secs）だけ待たされ、'
        + '同じ IP アドレスからの失敗が続くと認証ペナルティで待ち時間が倍になっていきます（最大 15 秒）。`/etc/dovecot/dovecot.conf`、'
        + 'またはそこから読み込まれる `conf.d` のファイル（`!include conf.d/*.conf` があれば `conf.d/10-auth.conf`）で値を大きくします。'
        + 'dovecot.conf が読み込まないファイルは読まれず、設定は効きません:',
      '',
      '```',
      'auth_failure_delay = 5 secs',
      '```',
      '',
      'Dovecot を再読み込みし、設定ファイルから読み取られる値を確認します。`doveconf auth_failure_delay` が '
        + '`auth_failure_delay = 5 secs` と表示するはずです（`2 secs` のままなら、Dovecot が読まないファイルに書かれています）:',
      '',
      ...DOVECOT_DELAY_CHECK,
      '',
    ];
    const staleApart = p === null
      ? ['利用者がログインしている IP アドレスは `blocklist-ips.txt` に含めず、確認用として検出結果に一覧にします。失敗が始まる前に'
        + 'ログインに成功していたもの（古いパスワードのままのメールソフト）と、複数の利用者がログインしていて失敗したユーザー名もすべて'
        + 'そこからログインしているもの（Web メール、一つのアドレスを共有する事務所）、アドレスが変わる一台の端末のアドレス（携帯回線の NAT の'
        + '背後のスマートフォンなど。同じ /8 のネットワークから、以前そこからログインしたユーザー名だけで、5 分以上の間隔で次々に失敗したもの）です。'
        + 'このサーバー自身（127.0.0.1、::1）も同じです。']
      : p.staleClients.length === 0 ? []
      : devices === p.staleClients.length ? [JA_DEVICE_LEAD, '', ...jaStaleList(p)]
      : [
        '`blocklist-ips.txt` に含めなかった、ログインにも成功している IP アドレスです。遮断する前に確認してください。それぞれ、'
          + '失敗が始まる前にログインに成功していた（パスワードを変更した後、古いパスワードのままのメールソフトが再試行するときの形）か、'
          + '複数の利用者がログインしていて失敗したユーザー名もすべてそこからログインしている（Web メール、一つのアドレスを共有する事務所）か、'
          + '数回失敗した後に同じユーザー名でログインしたもの（ここでの広範な攻撃が狙っていない名前）か、アドレスが変わる一台の端末'
          + '（携帯回線の NAT の背後のスマートフォンなど。以前そのネットワークからログインした名前だけで、数分以上の間隔で次々に失敗したもの）'
          + 'のアドレスです。遮断すると'
          + 'その背後の利用者全員が使えなくなります。その利用者のメールソフトに現在のパスワードを設定してください。',
        ...(devices > 0 ? ['', JA_DEVICE_LEAD] : []),
        '',
        ...jaStaleList(p),
      ];
    const v4 = p === null || p.v4;
    const v6 = p === null || p.v6;
    const nft = 'nftables では、'
      + 'セットと遮断ルールを一度だけ作成してから、アドレスを追加します。' + JA_NFT_TABLE_NOTE + '`nft` で追加したアドレスは、'
      + '再起動するか nftables を再起動するまでしか有効ではありません。最後の数行で、セットと遮断ルールを '
      + '`/etc/nftables.d/blocklist.nft` に書き出し、`/etc/nftables.conf` から読み込むようにします（アドレスを追加したら再度実行します）:';
    const background = p?.background;
    if (background !== undefined) {
      // review Z, Z5: 日常的な背景レベルの推測。急ぐことはなく、対策は任意です。review AL, AL2: ただし実在するアカウントが
      // 名指しで狙われていれば、そのパスワードの確認と攻撃元の遮断が先です。
      const t = background.targeted;
      // review AO, AO4: ログ全体ではしきい値を超えても、ゆっくり戻ってくるだけのボット（slowReturner）はそう書きます。
      const slow = background.slow;
      const perIpText = slow === undefined ? `${fmt(background.perIp)} 回以上失敗した IP アドレスはなく、`
        : `${fmt(background.perIp)} 回以上失敗した IP アドレスは、ログの期間を通じて平均 ${fmt(slow.minutes)} 分以上の間隔でゆっくり戻ってきた `
          + `${fmt(slow.ips)} 件（実在するアカウントへの試行は ${fmt(background.perIp)} 回未満）だけで、`;
      const weather = `${perIpText}1 時間あたりの失敗は最大 ${fmt(background.peakHour)} 回で、`
        + 'これらの IP アドレスからのログインの成功もありません。';
      const again = 'この検出事項が高（1 つの IP からの集中的な試行、または失敗の急増）や重大（失敗の後のログイン）になった場合は、改めて対処してください。';
      return [
        ...(t === undefined ? [
          '急ぐ必要はありません。これはインターネット上のメールサーバーならどこでも受けている程度のパスワード推測です。' + weather
            + '以下は推測によるサーバーの負担を減らすための任意の強化策で、今日変更しなければならないものはありません。' + again,
        ] : [
          `いつもの推測だけではありません。実在するアカウント ${t.name}（このログでログインしているため、名前ではなくパスワードが`
            + `違っていたものです）が名指しで、${fmt(t.ips)} 件の IP アドレスから ${fmt(t.failures)} 回試されています（これらのログイン失敗の `
            + `${fmt(t.share)}%）。背景レベルの推測は適当な名前を試しますが、実在する名前を繰り返し試す相手はそのアカウントがあることを知っており、`
            + 'パスワードを知っていたことも少なくありません。乗っ取りの後にパスワードを変更したのであれば、これらは古いパスワードを試し続けている'
            + '侵入者の IP アドレスである可能性が高いです。パスワードが新しく強いもの（古いパスワードの一部を変えただけではないもの）であることと、'
            + 'このアカウントのメールソフト（スマートフォン、PC、Web メール）がすべて新しいパスワードを使っていることを確認してください。'
            + 'そのうえで、これらの IP アドレスを `blocklist-ips.txt` のほかのアドレスと一緒に遮断してください（コマンドは最後にあります）: '
            + `${t.ipList.join(', ')}${t.ips > t.ipList.length ? ` ほか ${fmt(t.ips - t.ipList.length)} 件` : ''}。`,
          '',
          '残りはインターネット上のメールサーバーならどこでも受けている程度のパスワード推測です。' + weather
            + '以下の対策は、こうした推測によるサーバーの負担を減らします。' + again,
        ]),
        '',
        ...fail2ban,
        ...anvil,
        ...dovecot,
        ...(port25 ? port25Part : []),
        (t === undefined
          ? 'これらのアドレスを手作業で遮断する必要はありません。こうしたボットはアドレスを変えますし、戻ってきたものは上記の fail2ban が'
            + '遮断します。それでも遮断する場合は、このレポートと同じ場所に書き出した `blocklist-ips.txt` に 1 行に 1 件あります。'
          : `攻撃元の IP アドレスを遮断します（${t.name} を試したものも含みます）。このレポートと同じ場所に書き出した `
            + '`blocklist-ips.txt` に 1 行に 1 件あります。') + nft,
        '',
        ...nftBlockCommands(v4, v6),
        ...(staleApart.length > 0 ? ['', ...staleApart] : []),
      ].join('\n');
    }
    return [
      ...port25Part,
      ...where25,
      ...(port25 ? [...anvil, ...fail2ban] : [...fail2ban, ...anvil]),
      ...dovecot,
      '攻撃元の IP をすぐに遮断します。このレポートと同じ場所に書き出した `blocklist-ips.txt` に 1 行に 1 件あります。' + nft,
      '',
      ...nftBlockCommands(v4, v6),
      ...(staleApart.length > 0 ? ['', ...staleApart] : []),
    ].join('\n');
  },

  backscatter(advice) {
    // 原因が分からない場合（不正利用されたアカウントも、受け付け後のバウンスも、転送もない）は一般的な文章に、分かればサーバーの IP を添えます。
    const ip = advice?.serverIp ?? '';
    const p = advice !== null && advice.inbound === 'no' && advice.forgedBy.length === 0 && advice.forwarded === 0 ? null : advice;
    const inbound = [
      '存在しない宛先は、後からバウンスするのではなく、SMTP の対話中に拒否します。Postfix は、宛先を知っているドメインについては'
        + '既定でそうします（`smtpd_reject_unlisted_recipient = yes`）。local(8) のドメインは `local_recipient_maps`、virtual の'
        + 'ドメインは `virtual_mailbox_maps` で宛先を知ります。まず、サーバーの設定を確認します:',
      '',
      '```',
      'postconf smtpd_reject_unlisted_recipient local_recipient_maps virtual_mailbox_domains virtual_mailbox_maps luser_relay',
      '```',
      '',
      (p === null || p.luserRelay ? '`luser_relay` の設定があれば削除してください（`postconf -X luser_relay` の後 `postfix reload`）。どんな名前でも受け付けてしまいます。' : '')
        + '`virtual_mailbox_domains` に自社のドメインがあり、`virtual_mailbox_maps` が空の場合は、実在するメールボックスをすべて '
        + '`/etc/postfix/vmailbox` に列挙し（1 行に `アドレス 任意の値`）、マップを作成してから設定します。ファイルを作る前には設定しないで'
        + 'ください。存在しないマップは、すべての宛先に `451 4.3.0 Temporary lookup failure` を返します。`virtual_mailbox_maps` にすでに'
        + 'マップ（SQL、LDAP）が設定されている場合も設定しないでください。`postconf -e` の行は同じ名前の設定を置き換えます。',
      '',
      ...VIRTUAL_MAILBOX_BLOCK,
      '',
      'Dovecot LMTP を使っていて Postfix 側にマップがない場合は、受け付ける前に Postfix に宛先を確認させ、存在しない名前は 550 で拒否します'
        + '（既定の 450 では、送信元に再送を求めるだけです）。まずリストを確認します:',
      '',
      ...RECIPIENT_RESTRICTIONS_LOOK,
      '',
      '表示されたリストの `reject_unauth_destination` の直後に `reject_unverified_recipient` を加え、ほかの項目はそのまま残します。'
        + '`postconf -e` の行はリスト全体を置き換えます。何も表示されないか、`permit_mynetworks, permit_sasl_authenticated, '
        + 'reject_unauth_destination` だけの場合は、そのまま実行できます:',
      '',
      ...VERIFY_RECIPIENT_BLOCK,
      '',
    ];
    const queue = p === null
      ? 'キューに残っているバウンスは、スパムと一緒に削除します（残っていれば queue-cleanup の検出事項の `queue-delete.txt` に一覧があります）。'
      : p.queue.state === 'cleanup' ? 'キューにあるバウンスは、スパムと一緒に削除します。queue-cleanup の検出事項の `queue-delete.txt` に入っています。'
        : p.queue.state === 'deleted' ? `削除するものは残っていません。キューにあったバウンスは、${p.queue.at} に \`postsuper -d ALL\` でスパムと一緒に削除されています。`
          : '削除するものは残っていません。ログの終わりの時点で、キューにバウンスはありません。';
    const forged = p !== null && p.forgedBy.length === 0 ? [] : [
      (p === null
        ? '不正利用されたアカウントが送信者を詐称して送ったスパムのバウンスであれば、スパムを止めて送信者の詐称を拒否し（compromised-account の'
          + '検出事項: sender_login マップと `reject_sender_login_mismatch`）、'
        : `このバウンスは、${p.forgedBy.join(', ')} が送信者を詐称して送ったスパムへの応答です。compromised-account の検出事項に従ってスパムを止め、`
          + '送信者の詐称を拒否してください（sender_login マップと `reject_sender_login_mismatch`）。') + queue,
      '',
    ];
    const forwarding = p === null || p.forwarded === 0 ? [] : [
      `バウンス通知のうち ${fmt(p.forwarded)} 件は、このサーバーが転送したメールの送信者に返されたものです。\`orig_to\` が自社の SRS アドレス`
        + '（`SRS0=…`）で、postsrsd がこれを元の送信者に戻しています。利用者の転送用エイリアスに届いたスパムが転送先（Gmail、Outlook）で'
        + '拒否され、Postfix がそのスパムの詐称された送信者にバウンスしています。転送する前に、SMTP の対話中にスパムを拒否してください。'
        + 'そうすれば拒否は送信元のサーバーに返り、無関係なアドレスには届きません。DNS ブロックリストとミルターのコンテンツフィルターを使います。'
        + '`postconf -e` の行はリスト全体を置き換えます。まず両方のリストと、コンテンツフィルターが待ち受けているか（rspamd のミルターは'
        + 'ポート 11332。応答しないミルターはすべてのメールを止めます）を確認します:',
      '',
      ...FORWARD_FILTER_LOOK,
      '',
      '表示されたリストに二つの項目を加えてください。ほかの項目（`check_policy_service`、`reject_unverified_recipient`、DKIM の'
        + 'ミルターなど）はカンマ区切りでそのまま残し、ブロックリストは `reject_unauth_destination` の後に置きます。ほかに何もないサーバーでは:',
      '',
      ...forwardFilterBlock('rspamd（または spamass-milter）: 転送するものはタグ付けでなく拒否'),
      '',
      'Spamhaus は、公開リゾルバーや大手 ISP のリゾルバー（8.8.8.8、1.1.1.1）経由の問い合わせを拒否し、127.255.255.254 を返します。'
        + '`=127.0.0.[2..11]` の絞り込みでこれを掲載とは見なしませんが、何も遮断されません。問い合わせにはローカルのキャッシュリゾルバー'
        + '（unbound）を使うか、Spamhaus DQS をキー付きで使ってください。',
      '',
      'または、転送をやめ、利用者に IMAP でメールを取りに来てもらいます。',
      '',
    ];
    const parts = p === null || p.inbound === 'first' ? [...inbound, ...forged] : p.inbound === 'after' ? [...forged, ...inbound] : forged;
    return [...forwarding, ...parts, ...(ip === ''
      ? ['リストへの掲載状況は `dig +short <reversed-ip>.ips.backscatterer.org` で確認できます（IP アドレスの数字を逆の順に並べます）。']
      : ['この IP アドレスがリストに載っているかを確認します（応答があれば掲載、なければ未掲載）:', '', ...listingCheck(ip)]),
    ].join('\n');
  },

  outboundPortBlocked: jaOutboundPortBlocked,
  unsignedMail: jaUnsignedMail,
  receiversRefusing(p) {
    const out: string[] = [];
    // このレポートにある検出事項だけを挙げます（review 12 H6）。
    const causes = p === null ? [] : p.causes;
    const named = `${causes.join('、')} の検出事項`;
    // 送信者の詐称の送信元はアカウントか中継です。バックスキャッターはその結果のバウンスです。
    const senders = causes.filter((c) => c !== 'backscatter');
    if (p === null) {
      out.push('まず評価を下げている原因（不正利用されたアカウント、オープンリレー、バックスキャッターの各検出事項）を止め、キューに残っている'
        + 'スパムを削除します（あれば queue-cleanup の検出事項に一覧があります）。送信量制限や評価によるブロックは、スパムが止まってから数日で'
        + '自然に解除されます。');
    } else if (causes.length > 0) {
      out.push(`まず評価を下げている原因（${named}）を止め${p.cleanup ? '、キューに残っているスパムを削除します（queue-cleanup の検出事項）' : 'ます'}。`
        + '送信量制限や評価によるブロックは、スパムが止まってから数日で自然に解除されます。' + jaOwnListsText(p));
    } else if (p.resolved === true) {
      // 拒否された宛先はすべて後で配送されました（review AN, AN4）。直すものはなく、次の一斉送信がまた制限にかかります。
      const named = p.refusedMessages ?? [];
      const own = p.resolvedOwnMailbox ?? 0;
      out.push('このレポートには、このサーバーからスパムが送られたことを示す検出事項はなく、受信側に拒否された宛先はすべて後でメールを受け取りました'
        + (own > 0 ? `（ただし ${own.toLocaleString("en-US")} 件は、制限とは関係なく宛先自身のメールボックスの理由（存在しない宛先、容量超過）で受け取っていません）` : '') + '。'
        + `${named.length > 0 ? `拒否されたメール: ${named.join('／')}。` : ''}修復するものはありません。メールマガジンのような一斉送信には送信量制限がかかり、`
        + '送る速度が下がれば自然に解除されます。次の送信が遅れないよう、小分けにして送るか、一斉送信用のサービスを使ってください。');
    } else if (p.rate || p.listed || p.auth === 'forged') {
      const named = p.refusedMessages ?? [];
      const look = 'このレポートには、このサーバーからスパムが送られたことを示す検出事項はありません。' + (named.length > 0
        ? `拒否されたメール: ${named.join('／')}。`
        : '誰のメールが拒否されたかを確認してください'
        + '（例のログ行。拒否された行のキュー ID でログを検索すると、`client=` の行で送信元のクライアントが、`sasl_username=` でログイン名が'
        + 'わかります）。');
      const own = p.ownLists ?? [];
      // 受信側の組織自身のリストだけのとき（review AC, F14）、それはスパムが止まって数日で解除されるリストではありません。
      const othersListed = p.listed && (p.delistAt === undefined || p.delistAt.length > own.length);
      out.push(own.length === 0
        ? `${look}メールマガジンのような一斉送信でも送信量制限はかかり、送る速度が下がれば自然に解除されます。ブロックリストや評価による`
          + 'ブロックは、スパムが止まってから数日で解除されます。'
        : look + (p.rate || othersListed
          ? 'メールマガジンのような一斉送信でも送信量制限はかかり、送る速度が下がれば自然に解除されます。'
            + `${othersListed ? 'ブロックリストや評価によるブロック' : '評価によるブロック'}は、スパムが止まってから数日で解除されます。`
          : '') + jaOwnListsText(p));
    }
    if (p !== null && p.resend !== undefined) {
      // 受信側がこのサーバーを拒否しているためにバウンスした利用者自身のメール（review AM, AM2）。宛先には届いていません。
      const r = p.resend;
      out.push('', `受信側がこのサーバーを拒否しているためにバウンスした利用者自身のメール: ${fmt(r.messages)} 通、宛先 ${fmt(r.recipients)} 件`
        + `（${evidenceRow('receivers-refusing', 'usersMailRefused')}）、送信者は ${r.users.join('、')} です。これらの宛先はこのメールを受け取っていません。受信側がこのサーバーのメールを`
        + '再び受け取るようになったら（IP のリストからの削除、制限の解除の後）、送信者に送り直すよう伝えてください。');
    }
    const auth = p === null ? 'general' : p.auth;
    if (auth === 'forged') {
      out.push('', `認証なし（5.7.26、5.7.27）: 受信側が確認したのは他者のドメインだけです（${evidenceRow('receivers-refusing', 'domainsFailingAuthentication')}）。このサーバーが`
        + '送信者を詐称したメールを送っており、受信側はそれを正しく拒否しています。DNS レコードを変えても結果は変わらないので、'
        + (senders.length > 0 ? `その送信を止めてください（${senders.join('、')} の検出事項）。`
          : 'その送信元を止めてください（このレポートの検出事項には送信元が出ていません。拒否された行のキュー ID から、送信したクライアントと'
            + 'ログイン名がわかります）。'));
    }
    if (p !== null && p.forwarded !== null) {
      const f = p.forwarded;
      const domain = f.domain !== '' ? f.domain : 'your-domain.example';
      out.push('', `転送されたメール（5.7.26）: 拒否のうち ${fmt(f.refusals)} 件は、このサーバーが自社のエイリアス（${f.forwards.join('、')}。`
        + 'ログ行の `orig_to=`）のために転送したメールです。転送しても送信者は元のままなので、その送信者のドメインの SPF にこのサーバーは'
        + '含まれておらず、受信側は SPF でも DKIM でも認証されないメールや、送信者の DMARC ポリシーが拒否を求めるメールを拒否します。'
        + 'バウンスは元の送信者に返り、エイリアスの持ち主にはメールが'
        + '届きません。詐称されたメールではなく、DNS レコードを変えても結果は変わりません。転送するメールのエンベロープの送信者を自社のアドレスに'
        + `書き換える（SRS）と、SPF は ${domain} について確認されます。postsrsd を導入し、SRS のドメインを `
        + `${domain} にして（1.x は /etc/default/postsrsd の \`SRS_DOMAIN\`、2.x は /etc/postsrsd.conf の \`srs-domain\`）、canonical マップを設定します`
        + '（`postconf -e` の行は同じ名前の設定を置き換えます。最初の行ですでにマップが表示された場合は、両方をカンマ区切りで並べてください）:',
      '', '```', ...srsConfigLines(), '```', '',
      'postsrsd 2.x では、二つのマップは `socketmap:unix:srs:forward` と `socketmap:unix:srs:reverse` です。その後 `postfix reload` し、'
        + `${domain} の SPF レコードにこのサーバーが含まれていることを確認します（\`dig +short txt ${domain}\`）。受信側では ${domain} `
        + 'について SPF が通ります。ただし DMARC ポリシーが reject の送信者のメールは、転送しても DKIM 署名が壊れないこと（メールを変更しなければ'
        + '壊れません）が引き続き必要です。あるいは転送をやめ、外部のアドレスへのエイリアスの代わりに、このサーバーのメールボックスに'
        + '残して IMAP で読んでもらいます（スマートフォンのメールアプリでも読めます）。');
    }
    if (auth !== null && auth !== 'forged' && auth !== 'forwarded') {
      const spfNames = auth === 'general' ? ['<domain>'] : auth.spfDomains;
      const dkimNames = auth === 'general' ? ['<domain>'] : auth.dkimDomains;
      const intro = auth === 'general'
        ? `認証なし（5.7.26、5.7.27）: まず、どのドメインが認証に失敗したかを確認します（${evidenceRow('receivers-refusing', 'domainsFailingAuthentication')}）。すべて他者の`
          + `ドメインであれば（${evidenceRow('receivers-refusing', 'ourDomainAmongThem')}が「いいえ」）、`
          + 'このサーバーが送信者を詐称したメールを送っており、受信側はそれを正しく拒否しています。'
          + 'DNS レコードを変えても結果は変わらないので、その送信を止めてください（compromised-account の検出事項）。ただし、拒否された行に'
          + `\`orig_to=\` がある場合（${evidenceRow('receivers-refusing', 'forwardedMailRefusals')}）は、` + '自社のエイリアスのために転送したメールで、送信者が元のままなだけです。'
          + 'SRS（postsrsd）で送信者を書き換えるか、転送をやめてください。自ドメインが含まれている'
          + '場合は、受信側が名前を挙げたドメイン（Gmail なら `SPF check for [mail.example.com]`）に SPF を、あわせて DKIM と DMARC を公開します。'
          + 'そのドメインと受信側が認識した IP を埋め込んだレコードが `dns-records.txt` にあります。'
        : auth.named
          ? `認証なし（5.7.26、5.7.27）: 受信側は自ドメインの ${auth.spfDomains.join(', ')} を確認し、認証に失敗しました。\`dns-records.txt\` の`
            + `レコードを公開してください。${auth.spfDomains.join(', ')} の SPF と、${auth.dkimDomains.join(', ')} の DKIM と DMARC で、`
            + '受信側が認識した IP を埋め込んであります。'
          : `認証なし（5.7.26、5.7.27）: 受信側は確認したドメインを示していません。利用者のドメインである ${auth.mailDomain} について、`
            + '`dns-records.txt` のレコード（受信側が認識した IP を埋め込んだもの）を公開してください。';
      out.push('', intro + `先に、公開済みのレコードを確認してください（${spfNames.map((d) => `\`dig +short txt ${d}\``).join('、')}）。`
        + 'SPF レコードは 1 つのドメインに 1 つだけなので、既存のものがあれば 2 つ目を公開せずに、そこへ IP を追加します（`v=spf1` の'
        + 'レコードが 2 つあると permerror になり、そのドメインのメールはすべて SPF に失敗します）。レコードの末尾が `~all` なのは、`-all` に'
        + 'すると、そのドメインで送信しているほかのサービス（Microsoft 365、Google Workspace、メール配信サービスなど）が、レコードに追加される'
        + 'まで SPF に完全に失敗するためです。DMARC は `p=none` から始めます。DMARC のレポートですべてのメールが認証に通っていることを確認して'
        + 'から、`-all` と `p=quarantine` に移行してください。');
      // 提示する DMARC レコードの rua のアドレスは、まだ存在しないのがふつうです（review AM, AM3）。
      const rua = dkimNames.map(dmarcReportAddress);
      out.push('', `DMARC レコードはレポートを ${rua.map((a) => `\`${a}\``).join('、')} に送らせます。先にこのアドレスを作ってください。`
        + 'ないと Postfix がレポートを「User unknown」で拒否し、読むレポートが届きません。仮想エイリアスのマップに実在するメールボックスへの'
        + `エイリアスを追加し（\`/etc/postfix/virtual\` に \`${rua[0]}  you@${dkimNames[0]}\`）、\`postmap /etc/postfix/virtual\` を実行します。`
        + `確認: ${rua.map((a) => `\`postmap -q ${a} hash:/etc/postfix/virtual\``).join('、')} でメールボックスが表示されます。`
        + '既存のメールボックスを `rua=mailto:` に書いてもかまいません。');
      const subs = auth === 'general' ? null : auth.subdomains;
      if (subs === null || subs.length > 0) {
        const domain = auth === 'general' ? 'example.com' : auth.mailDomain;
        out.push('', (subs === null ? 'mail.example.com のようなホスト名が名指しされた場合、それは' : `${subs.join(', ')} は ${domain} の下のホスト名で、`)
          + '`main.cf` が `myorigin = $myhostname` のとき、サーバー上のプログラムが送るメール（sendmail 経由で www-data として送る Web フォーム、'
          + `root として送る cron など）のエンベロープのドメインです。そのためのレコードを作る代わりに、${domain} のアドレスで送信する方法も`
          + `あります。プログラム側で \`sendmail -f webform@${domain}\` を使う（PHP なら php.ini に \`sendmail_path = /usr/sbin/sendmail -t -i `
          + `-f webform@${domain}\`）か、main.cf で \`myorigin = $mydomain\` としてすべてに適用します（その場合 root などのローカルユーザー宛ての`
          + `メールも ${domain} 宛てになるので、${domain} にそのアドレスが（エイリアスなどとして）存在することを確認してください）。そうすれば `
          + `${domain} の SPF レコードが適用されます。`);
      }
      const inUse = p === null ? [] : p.dkimInUse ?? [];
      if (inUse.length === 0 && p !== null && p.opendkimUnlogged === true) {
        out.push('', 'このサーバーでは OpenDKIM が動いています（メールについての行がログにあります）が、付けた署名を記録していません'
          + '（`SyslogSuccess` がオフ）。opendkim を入れ直したり鍵を新しく作ったりしないでください。新しい鍵は公開済みのレコードと一致しなくなります。'
          + '署名に使っている鍵を確認し、そのレコードが公開され一致していることを確かめてから、/etc/opendkim.conf で `SyslogSuccess yes` と '
          + '`LogWhy yes` を有効にして、何に署名し、なぜ署名しなかったかがログに出るようにしてください（このレポートに unsigned-mail の検出事項があれば、'
          + 'OpenDKIM を通っていない可能性のあるメールを示しています）:', '', ...OPENDKIM_UNLOGGED_LINES);
      } else if (inUse.length > 0) {
        const cut = inUse[0]!.indexOf('._domainkey.');
        const signers = p !== null && (p.dkimSigners ?? []).length > 0 ? p.dkimSigners!.join(' と ') : 'OpenDKIM';
        out.push('', `このサーバーでは ${signers} がすでに署名しています（ログにある鍵: ${inUse.join('、')}）。opendkim を入れ直したり鍵を新しく作ったり`
          + 'しないでください。新しい鍵は公開済みのレコードと一致しなくなります。レコードが公開され鍵と一致していることを確認してから、'
          + '署名されなかったメールを調べてください（このレポートに unsigned-mail の検出事項があれば、そのメールと理由を示しています）:',
        '', '```', `dig +short txt ${inUse[0]!}`, `opendkim-testkey -d ${inUse[0]!.slice(cut + 12)} -s ${inUse[0]!.slice(0, cut)} -vvv`, '```');
      } else {
      const dkim = dkimBlocks(dkimNames);
      const first = dkimNames[0]!;
      out.push('', '続いて opendkim でメールに署名します（`apt install opendkim opendkim-tools`）。'
        + (dkimNames.length === 1 ? 'ドメインの' : 'ドメインごとに') + '鍵を作成し（`opendkim-genkey` はディレクトリを作成しません）、'
        + 'opendkim ユーザーが読めるようにします:', '', ...dkim.key, '',
      '鍵と同じディレクトリの `mail.txt` が DNS レコード（`dns-records.txt` の `mail._domainkey` の TXT レコード）です。そのまま公開してください。'
        + '2048 ビットの鍵は TXT の 1 つの文字列の上限（255 文字）より長いため、複数の引用符付き文字列に分けてあり、DNS がそれをつなげます。'
        + '分けたままにしてください（255 文字を超える 1 つの文字列は、ゾーンファイルや多くの DNS の管理画面で拒否されるか切り詰められます）。',
      '', (dkimNames.length === 1
        ? '`/etc/opendkim.conf` に次の 4 行を設定します（Debian の設定ファイルでは `Domain`、`Selector`、`KeyFile` がコメントアウトされています。'
        : '`/etc/opendkim.conf` に次の行を設定し（')
        + '`Socket` の行は Debian の `Socket local:/run/opendkim/opendkim.sock` を置き換えます。Postfix は下の TCP ポートに接続します）'
        + (dkimNames.length === 1 ? ':' : '、2 つのテーブルを作成します:'),
      '', ...dkim.conf,
      ...dkim.tables.flatMap((t) => ['', `\`${t.file}\`:`, '', ...t.lines]),
      '', 'opendkim を再起動し、Postfix から使う前にポートで待ち受けていることを確認します（`ss` に `127.0.0.1:8891` が表示されること。'
        + '応答しない milter はすべてのメールを止めます）。`postconf -e` の行は同じ名前の設定を置き換えます。`smtpd_milters` にすでに milter が'
        + 'ある場合は、それも残してカンマ区切りで書いてください。`milter_default_action = accept` にすると、opendkim が止まっている間は、'
        + 'メールが拒否される（`451 4.7.1`、既定の `tempfail`）代わりに署名なしで送られます:',
      '', ...dkim.milter, '',
      `その後、外部のメールボックスにメールを送り、ヘッダーに \`DKIM-Signature: … d=${first}; s=mail;\` があることを確認します。`
        + `レコードを公開したら、\`opendkim-testkey -d ${first} -s mail -vvv\` が \`key OK\` と表示することを確認します`
        + '（`key not secure` は、ゾーンに DNSSEC がないという意味にすぎません）。');
      }
    }
    if (p === null || p.noPtr) {
      out.push('', 'PTR なし（5.7.25）: IP の逆引き DNS が、正引きでその IP に戻るホスト名を返す必要があります（`dig +short -x <ip>` の後に '
        + '`dig +short <その名前>`）。IP の管理者（プロバイダー、クラウドの管理画面）に、`myhostname` の名前を設定するよう依頼してください。');
    }
    if (p !== null && p.relayRequired === true) {
      // Gmail の NotAuthorizedError（review AC, F4）: Gmail のヘルプはプロバイダーの中継サーバーを使うよう案内しています。
      out.push('', '直接の送信を拒否（Gmail NotAuthorizedError）: 受信側は、送る内容にかかわらず、この IP から直接のメールを受け取りません。'
        + 'この IP が動的（家庭向け）アドレスの範囲と見なされています（Spamhaus の PBL にも載っていることがよくあります）。掲載解除の申請や '
        + 'PTR レコードでは解除されません。プロバイダーの中継サーバー（ログイン付きのサブミッションサーバー）経由で送るか、メール送信用の'
        + '固定 IP にメールサーバーを移してください。', '', ...relayhostSteps(JA_RELAY_LINES));
    }
    // 上の中継サーバーへの切り替え（`encrypt`）があるときは出しません（後の `may` が中継の設定を弱めるため）。
    if (p !== null && p.tlsRequired === true && p.relayRequired !== true) {
      // Gmail 4.7.29/5.7.29（review AC, F13）: Postfix の SMTP クライアントは smtp_tls_security_level の指定がなければ TLS を使いません。
      out.push('', 'TLS なし（Gmail 4.7.29、5.7.29）: 受信側は TLS でのメールを求めていますが、このサーバーは暗号化せずに送りました。'
        + '設定を確認し、受信側が TLS を提供するときは必ず使うようにします（Gmail は提供しています）。`may` なら TLS のないサーバーにも配送できます:',
      '', '```', 'postconf smtp_tls_security_level smtp_tls_loglevel',
      "postconf -e 'smtp_tls_security_level = may'", "postconf -e 'smtp_tls_loglevel = 1'", 'postfix reload && postqueue -f', '```', '',
      'その後の Gmail への配送で `Trusted TLS connection established to gmail-smtp-in.l.google.com[…]:25` が記録されます。');
    }
    if (p !== null && p.listed && p.delistAt !== undefined && p.delistAt.length > 0) {
      // 申請先を URL で（review Z, Z22）。受信側の組織自身のリストだけなら、掲載解除の申請先はありません（review AC, F14）。
      const ownOnly = (p.ownLists ?? []).length === p.delistAt.length;
      out.push('', ownOnly ? 'ブロックリスト: スパムが止まってから、IP を外すよう依頼します:'
        : 'ブロックリスト: スパムが止まってから、掲載されている所に掲載解除を申請します。止まる前に申請すると、より長い期間にわたって再び掲載されます:',
      '', ...p.delistAt.map((x) => `- ${x}`));
    } else if (p === null || p.listed) {
      out.push('', `ブロックリスト（Spamhaus、Microsoft S3150 など）: クリーンアップが終わってから掲載解除を申請します（申請先は${evidenceRow('receivers-refusing', 'delisting')}に`
        + 'あります）。スパムが止まる前に申請すると、より長い期間にわたって再び掲載されます。');
    }
    // 最初の段落がないとき（評価を下げる原因がない: 転送されたメール、自ドメインの認証失敗）は先頭が空行になります。
    return out.join('\n').replace(/^\n+/, '');
  },

  dnsRecordNotes(p) {
    const rua = p.dmarcDomains.map(dmarcReportAddress);
    return [
      `; 1. 先に確認: ${p.spfDomains.map((d) => `dig +short txt ${d}`).join('、')}。SPF レコードは 1 つのドメインに 1 つだけです。既存のものがあれば、`
        + `2 つ目の v=spf1 レコードを作らずに ${p.mechanism} をそこへ追加します（2 つあると permerror になり、そのドメインのメールはすべて SPF に失敗します）。`,
      '; 2. そのドメインで送信しているサービス（Microsoft 365、Google Workspace、メール配信サービスなど）をすべてレコードに含めるまでは ~all に'
        + 'します。-all にすると、含まれていないサービスが完全に失敗します。',
      '; 3. DMARC は p=none から始めます。rua のレポートを読み、すべてのメールが SPF か DKIM に通るようになってから p=quarantine に移行します。'
        + `公開する前に ${rua.join('、')} を作ってください。ないと Postfix がレポートを User unknown で拒否します。/etc/postfix/virtual に実在する`
        + `メールボックスへのエイリアス（${rua[0]}  you@${p.dmarcDomains[0]}）を追加して postmap /etc/postfix/virtual、確認: `
        + `${rua.map((a) => `postmap -q ${a} hash:/etc/postfix/virtual`).join('、')}。既存のメールボックスを rua=mailto: に書いてもかまいません。`,
      '; 4. DKIM: mail.txt（opendkim-genkey が鍵と同じ場所に作成）のレコードをそのまま公開します。2048 ビットの鍵は 255 文字までの'
        + '引用符付き文字列に分けてあり、DNS がそれをつなげます。それより長い 1 つの文字列は拒否されるか切り詰められます。',
    ];
  },
};


export const JA_RULES: Record<RuleId, RuleCopy> = {
  'compromised-account': {
    title: '不正利用されたメールアカウント',
    why: 'このアカウントのパスワードを第三者が知っています。認証済みのアカウントから送られるスパムはリレー制限をすべて通過し、'
      + 'このサーバーの IP アドレスとドメインの評価を背負って送信され、キューによって何日も再送されます。その結果、受信側'
      + '（Gmail、Yahoo、Microsoft）はこの IP からのメールをすべて拒否するようになり、お客様の正規のメールまで届かなくなります。',
    fix: JA_ADVICE.compromisedAccount(null),
  },

  'mailbox-breach': {
    title: 'パスワード推測攻撃者によるメールボックスへのログイン（IMAP/POP3）',
    why: 'パスワード推測攻撃者がこのメールボックスに入りました。他人のユーザー名で（または何度も）ログインに失敗していた IP アドレスが、'
      + 'このアカウントのパスワードでログインに成功しています。攻撃者はメールボックスのすべてのメールを読み、コピーし、削除でき、新しい'
      + 'メールを自分に転送する Sieve ルールも設定できます。メールを読むだけなら何も送信されないため、スパムやバウンスに現れるとは限らず、'
      + 'このログイン行が唯一の痕跡になることもあります（このアカウントとして送信されたメールは compromised-account の検出事項が報告します）。'
      + 'メールボックスにあるパスワード再設定のメール、請求書、お客様の情報は攻撃者の手に渡っています。',
    fix: JA_ADVICE.mailboxBreach(null),
  },

  'sasl-bruteforce': {
    title: 'パスワード推測攻撃（SASL ブルートフォース）',
    why: 'ボットは SMTP AUTH（および IMAP/POP3）に対して、成功するまでユーザー名とパスワードを試し続けます。メールボックスの'
      + 'パスワードが推測されると、サーバーはスパムの踏み台になります。スパムはこのサーバーの IP とドメインで送信されるため、IP が'
      + 'ブロックリストに載り、お客様自身のメールも受信を拒否されます。失敗した試行のたびに Dovecot や saslauthd への照会も発生します。',
    fix: JA_ADVICE.saslBruteforce(null),
  },

  'queue-flood': {
    title: '配送遅延の急増とキューの肥大化',
    why: '遅延（deferred）したメールはすべて再送されます（既定では maximal_queue_lifetime の 5 日間）。再送のたびに接続が 1 回、'
      + 'ログが 1 行増えます。受信側がスパムや送信量を理由に遅延させている場合は、再送のたびに IP の評価もさらに下がります。'
      + '数千通に膨らんだキューは正規のメールの配送を遅らせ、'
      + 'ログとディスクを埋め、再送の負荷でロードアベレージも上がります。',
    fix: JA_ADVICE.queueFlood(null),
  },

  'queue-cleanup': {
    title: 'キューに残るスパム: 削除リスト',
    why: 'キューをまとめて削除する（`postsuper -d ALL`）と、再送を待っている利用者の正規のメールまで消えてしまいます。'
      + 'このレポートと一緒に書き出したリストには、不正送信のキュー ID だけが入っています。不正利用されたアカウントから'
      + '送信されたメールと、それが原因で詐称された送信者宛てに生じたバウンス、そしてログインなしで中継されたスパム（オープンリレーの'
      + 'クライアント、自社のホストやこのサーバー上で改ざんされた Web アプリケーションやスクリプト）です。',
    fix: [
      '`queue-delete.txt` をサーバーにコピーし、いくつか中身を確認してから、保留、削除の順に実行します:',
      '',
      '```',
      'postcat -q $(head -1 queue-delete.txt) | head -40   # 1 通の中身を確認',
      'postsuper -h - < queue-delete.txt                    # 保留（postsuper -H で元に戻せます）',
      'postsuper -d - < queue-delete.txt                    # 削除',
      'postqueue -p | tail -1                               # 残っている件数',
      '```',
      '',
      'いまキューにあるものだけのリストが必要な場合は、サーバーで `postqueue -j > queue.json` を取得し、'
      + '`--queue queue.json` を付けて解析し直してください。',
    ].join('\n'),
  },

  'queue-deleted': {
    title: 'postsuper -d ALL によるキューの削除: 一緒に失われたメール',
    why: '`postsuper -d ALL` はキューにあるメールをすべて削除します。スパムだけでなく、再送を待っていた利用者の正規のメールも'
      + '消え、送信者には何も通知されないため、届いたものと思われたままになります。Postfix は削除した件数しか記録しないので、'
      + 'ここではその時点でキューにあった（その後のログ行がない）メールを、削除されたメールとして特定しています。',
    fix: [
      '「postsuper -d ALL でキューから削除されたメール」の一覧にある正規のメールの送信者に、その「届いていない宛先」の列の宛先へ'
      + '再送を依頼してください（「受信側が拒否」の宛先へは、その受信側がこのサーバーのメールを再び受け付けるようになってから）。'
      + 'そのメールのほかの宛先には、削除の前に配送が済んでいるか、別の理由（存在しない宛先など）でバウンスしています。',
      '',
      '次回は不正送信だけを削除し、何を削除したかの記録を残します:',
      '',
      '```',
      'postqueue -j > queue-before-delete.json   # 削除前のキューの記録',
      'postsuper -h - < queue-delete.txt         # 不正送信を保留（queue-cleanup のリスト）',
      'postsuper -d - < queue-delete.txt         # それだけを削除（1 通ごとに "QUEUEID: removed" が記録されます）',
      '```',
    ].join('\n'),
  },

  'open-relay': {
    title: 'オープンリレー: ログインしていないクライアントのメールを中継',
    why: 'このサーバーは、ログインしていないクライアントからメールを受け付け、他人のドメインへ中継しました。こうしたサーバーは'
      + 'ボットに数時間で見つけられ、このサーバーの IP を使ってスパムが送られます。IP はブロックリスト（Spamhaus、Microsoft、Gmail）に'
      + '載り、利用者自身のメールも拒否されます。Postfix がログインなしで中継するのは `mynetworks` と `relay_domains` に該当する場合'
      + 'だけなので、あるクライアント IP を信頼しすぎているか、制限リストの早い段階で許可（permit）してしまっています。'
      + 'ループバックアドレスやプライベートアドレスのクライアント（スマートホスト経由で送信する事務所の機器、localhost の Web アプリケーション）'
      + 'にはインターネットから届かないため、その中継は通常の `permit_mynetworks` の構成であり、確認のための参考情報として示します。'
      + '`sendmail` で送信するこのサーバー上のプログラム（PHP の mail()、メーリングリストの管理ソフト、cron）もログインしません。'
      + 'そのメールは、スパムの兆候があるか一斉送信である場合だけ示します。',
    fix: jaOpenRelay(null),
  },

  'relay-probing': {
    title: 'リレーの試行とアドレス収集',
    why: 'ボットはあらゆるメールサーバーに対してオープンリレーかどうかを試し、よくある名前（info、admin、sales など）を順に試して'
      + '実在するメールボックスを探します。見つかったメールボックスには、次にスパムとパスワード推測が向けられます。拒否された試行'
      + 'そのものに害はなく、重要なのはすべてが拒否されていることです。試行元の IP がログインせずにメールを中継させたことがあれば、'
      + 'このサーバーはオープンリレーです（open-relay の検出事項を参照）。',
    fix: jaRelayProbing(null),
  },

  backscatter: {
    title: 'バックスキャッター: 詐称された送信者へのバウンス',
    why: 'バウンスはエンベロープの送信者宛てに送られますが、スパムの送信者は詐称されています。配送できないメールをいったん受け付けて'
      + '後からバウンスするサーバーは、無関係な人にバウンスを送りつけることになります。これがバックスキャッターで、'
      + 'ips.backscatterer.org のようなリストや受信側のスパムフィルターは、これを送信元 IP の悪い評価として数えます。自サーバーから'
      + '出たスパム（不正利用されたアカウントが送信者を詐称して送ったもの）のバウンスも同じ結果になります。存在しないユーザー宛ての'
      + 'メールを `luser_relay` で /dev/null に捨てている場合は、メールが黙って失われるうえ、アドレス収集を行う相手に「どの名前も'
      + '実在する」と教えることになります。',
    fix: JA_ADVICE.backscatter(null),
  },

  'receivers-refusing': {
    title: '受信側によるメールの拒否（送信量制限、認証、ブロックリスト）',
    why: '大手の受信サーバーは、拒否する理由を公開されたコードとともに応答で示します。Gmail の 421-4.7.28／4.7.0 と 550-5.7.1'
      + '（迷惑メールの異常な量、評価の低下）、550-5.7.26／5.7.27（SPF や DKIM で認証されていない）、550-5.7.25（逆引き DNS がない）、'
      + 'Yahoo の TSS04（送信量または利用者からの苦情）、Microsoft の S3150 と 4.7.650（ブロックリスト、IP の評価）、そして Spamhaus '
      + 'などの DNS ブロックリストです。拒否が続く間、利用者の正規のメールはキューで待たされるかバウンスし、スパムが再送されるたびに'
      + '評価はさらに下がります。',
    fix: JA_ADVICE.receiversRefusing(null),
  },

  'unsigned-mail': {
    title: 'DKIM 署名なしで送られた自社ドメインのメール',
    why: 'Gmail、Yahoo、Microsoft は、SPF でも DKIM でも認証されないメールを拒否するか迷惑メールにし（Gmail の 550-5.7.26）、'
      + '自社ドメインの DMARC ポリシーもそれを指示します。このサーバーでは DKIM 署名ソフト（OpenDKIM、rspamd または amavis）が動いているのに、'
      + '自社ドメインのメールの一部が署名なしで送られました。sendmail で投入され、どのマイルターも通らなかった Web フォームのメール、'
      + '署名テーブルにない From アドレス、署名ソフトが外部とみなしたクライアントなどです。どれに当たるかは、署名ソフト自身のログ行がメールごとに示しています。',
    fix: JA_ADVICE.unsignedMail(null),
  },

  'outbound-port-blocked': {
    title: '送信ポート 25 のブロック（OP25B）',
    why: 'ネットワークがポート 25 への発信接続を遮断していると（OP25B: 感染した端末からのスパムを防ぐため、多くの ISP、モバイル回線、'
      + 'クラウドが実施しています）、どの外部サーバーにも接続できません。他のドメイン宛てのメールはすべて遅延し、何日も再送された末に'
      + 'バウンスします。一方で受信とローカル配送は動き続けるため、気付かれにくい障害です。',
    fix: jaOutboundPortBlocked(null),
  },

  'server-trouble': {
    title: 'サーバーの障害: 異常終了、ディスク、認証サービス、DNS、TLS',
    why: 'これは利用者ではなくサーバー自体の障害です。デーモンの異常終了やディスクの容量不足は、メールの消失や受信拒否につながります。'
      + '認証サービスが応答しなくなると（ブルートフォース攻撃を受けている間、Dovecot はログイン失敗へのペナルティとしてすべての応答を'
      + '遅らせます）、Postfix はその間にログインしようとしたクライアントに、正規の利用者も含めて `454 4.7.0 Temporary authentication failure` '
      + 'を返します（誰に返されたかは検出事項に示します）。DNS の名前解決に失敗すると'
      + '外部宛てのメールはすべて遅延します。複数のクライアントで TLS ハンドシェイクの失敗が繰り返される場合は、証明書かプロトコルの設定に'
      + '問題があります（IP アドレスごとに 1 回だけの失敗はスキャナーの探査なので数えません）。',
    fix: jaServerTrouble(null),
  },
};

/** Who to block, whose mail clients need the new password, and whether the mail itself was exposed. */
function jaWhoUsedIt(p: CompromisedAdvice): string[] {
  const out: string[] = [''];
  if (p.usedByIps > 0) {
    out.push(`\`compromised-ips.txt\`（このレポートと同じ場所）には、推測以降にこのアカウントを使った IP アドレス ${p.usedByIps.toLocaleString('ja-JP')} 件が`
      + `入っています。${p.bruteforceBlocklist ? '総当たり攻撃の IP アドレスと同じようにブロックし、チケットにも記載してください。'
        : 'チケットに記載し、ブロックしてください（nftables の例。このレポートには、これらを加えられるパスワード推測の検出事項の一覧がありません）。'
          + JA_NFT_TABLE_NOTE + '最後の数行で、再起動後も遮断が残るようにします:'}`);
    if (!p.bruteforceBlocklist) out.push('', ...nftBlockCommands(p.usedByFamilies.v4, p.usedByFamilies.v6, 'compromised-ips.txt'), '');
  }
  if (p.ownerIps.length > 0) {
    out.push(`推測より前から使われていた利用者自身のメールソフト（${p.ownerIps.join(', ')}${p.ownerIpCount > p.ownerIps.length ? '、…' : ''}）には`
      + '新しいパスワードの設定が必要です。設定するまでは、そのログイン失敗が攻撃と見分けにくくなります。');
  }
  if (p.mailboxIntruders.length > 0) {
    out.push(`推測の後、${p.mailboxIntruders.join(', ')} から IMAP/POP3 でメールボックスにログインされています。メールが読まれた可能性があります。`
      + 'メールに含まれる個人情報が漏えいした可能性があり、個人情報保護法などにより報告が必要になる場合があることをお客様に伝えてください。');
  }
  return out.length > 1 ? out : [];
}

/** open-relay の対処方法（英語は detect/rules/open-relay.ts openRelayFix）。null は一般向けの文面。 */
function jaOpenRelay(p: OpenRelayAdvice | null): string {
  const keep = p === null || p.fromLog.length === 0
    ? '# 自分で管理しているホストだけ。プロバイダーのアドレス範囲全体は決して入れない。社内 LAN（例: 192.168.1.0/24）がログインなしで送信するならそれも追加'
    : `# 自分で管理しているホストだけ。プロバイダーのアドレス範囲全体は決して入れない。${p.fromLog.join(' ')} はログインなしで中継していた自社のネットワークなので残す`;
  const r = p?.restricted;
  return [
    // review AO, AO3: 他のクライアントは「Relay access denied」で拒否されているため、誰にでも中継するサーバーではありません。
    ...(r === undefined ? [] : [
      `中継は制限されています: このログでは、他のクライアント IP ${fmt(r.clients)} 件が \`Relay access denied\` で拒否されています`
        + `（${fmt(r.refusals)} 回）。このサーバーは誰にでも中継するわけではありません。${r.ips.join('、')} は、\`mynetworks\` または`
        + 'アクセスマップ（`check_client_access`、あるいは OK や許可を返す `check_sender_access`／`check_helo_access` のエントリ）によって'
        + 'ログインなしで許可されています。下の設定と、そこで指定されているマップの中でそのエントリを探し、外してください。'
        + '自社のホストであれば、代わりに SASL のログインを設定します。',
      '',
    ]),
    'まず、現在有効な設定を確認します:',
    '',
    ...RELAY_LOOK,
    '',
    'そのうえで、中継をログインしたユーザーと自社で管理するホストだけに限定します。`postconf -e` の行は `main.cf` の同じ名前の設定を'
      + '置き換えます。`smtpd_relay_restrictions` にこの三つ以外の項目（ポリシーサービス、`check_…_access` のテーブルなど）があれば、'
      + '`defer_unauth_destination` の前にそれらを残してください:',
    '',
    '```',
    ...relayConfigLines(p, keep),
    '```',
    '',
    '社外のネットワークにあるホストからテストします（`454 4.7.1 … Relay access denied` が返れば正常です）:',
    '`swaks --server mail.example.jp --from test@example.org --to someone@gmail.com`',
    '一覧の IP が本当に自社のもの（Web サーバー、複合機、コンテンツフィルターからの再投入など）であれば、ログインさせるか '
    + '`--allow-ips` で除外してください。そのうえで、キューに残っている中継メールを保留・削除します（`postqueue -p`、`postsuper -h`／`-d`）。',
  ].join('\n');
}

/** 自社のネットワークからの中継（参考情報）の対処方法（英語は ownNetworkRelayFix）。 */
function jaOwnNetworkRelay(p: OpenRelayAdvice): string {
  return [
    'これは Postfix が `mynetworks` に対して行う中継（`permit_mynetworks`）です。事務所の複合機やサーバー、またはこのホスト上の Web '
      + 'アプリケーション、メーリングリスト、監視スクリプト（127.0.0.1）などが該当します。これらが自社のホストであれば、変更は不要です。'
      + '`mynetworks` にこれらが含まれ、自分で管理していない広い範囲が含まれていないことを確認します:',
    '',
    '```',
    'postconf mynetworks mynetworks_style smtpd_relay_restrictions',
    '```',
    '',
    '`mynetworks` をこれより狭くすると、これらのホストから送信できなくなります。自分で管理していない範囲が含まれている場合は、これらを残す値'
      + '（ループバックと、上記 IP のネットワーク）を設定します（この行は現在の設定を置き換えます）:',
    '',
    ...mynetworksBlock(p.mynetworks),
    '',
    '次の 2 つの構成では、実際にはオープンリレーになります。1 つは、プロキシ、ロードバランサー、ポートフォワードが、インターネットの'
      + 'クライアントを自身のプライベートアドレスで Postfix に渡している場合です（Postfix にはクライアントではなくプロキシが見えます。'
      + '`smtpd_upstream_proxy_protocol = haproxy` を使うか、アドレス変換をせずに転送してください）。もう 1 つは、これらの範囲に'
      + '自社のものではない VPN、ゲスト、テナントのネットワークがある場合です。ログインなしで中継させるべきでないホストには SASL の'
      + 'ログインを設定します。把握しているホストは `--allow-ips` でこの参考情報から除外できます。',
  ].join('\n');
}

/** 自社のドメインの名前で記録されたホストからの中継（参考情報）の対処方法（英語は trustedHostRelayFix）。 */
function jaTrustedHostRelay(p: TrustedHostAdvice): string {
  return [
    `${p.hosts.join('、')} は、Postfix がフォワード確認済みの逆引き名（逆引きした名前が同じ IP に正引きできる名前）で記録したホストで、その名前は`
      + '自社のドメインの中にあります。そのドメインの DNS に A レコードを登録できない第三者には、このような名前は付けられません。'
      + 'このホストはログインなしで中継を許可されています（`mynetworks` の `permit_mynetworks`、または `check_client_access` などのアクセスマップ）。'
      + 'CRM、Web アプリケーション、別のサーバーのメーリングリストなどがよくある例です。自社のホストであれば、変更は不要です。'
      + 'このホストを止めることになるため、中継の設定を閉じたり、そのメールをキューから削除したりしないでください。何が許可しているかを確認します:',
    '',
    ...RELAY_LOOK,
    '',
    '`mynetworks` には、このホスト（/32）と自社のネットワークだけを入れ、プロバイダーの範囲全体は入れません。設定し直す場合は、これらを残す値を'
      + '使います（この行は現在の設定を置き換えます）:',
    '',
    ...mynetworksBlock(p.mynetworks),
    '',
    'より安全なのは、このホストに SASL のログインを設定して `mynetworks` から外すことです。そうすればメールはログインごとに数えられ、'
      + '乗っ取られた場合も `reject_sender_login_mismatch` で他人のドメインの差出人を拒否できます。そのメールにスパムの兆候'
      + '（他人のドメインの差出人、スパムとしての拒否、大量の不達）が現れた場合、このツールはオープンリレーとして報告します。'
      + '把握しているホストは `--allow-ips` でこの参考情報から除外できます。',
  ].join('\n');
}

/** ログインが経由したサービスの名前（英語は enLoginServices）: `postfix/submission/smtpd`（`submission` のエントリ）など。 */
function jaLoginServices(tags: readonly string[]): string {
  return tags.map((t) => {
    const e = loginEntry(t);
    return e !== '' ? `\`${t}\`（\`${e}\` のエントリ）` : isSmtpService(t) ? `\`${t}\`（ポート 25）` : `\`${t}\``;
  }).join('、');
}

/** 本人のクライアントが、マップにない共有アドレスで送信して拒否された場合（英語は senderMapEntryFix）。 */
function jaSenderMapEntry(p: SenderMapAdvice): string {
  return [
    `${p.user} は、\`/etc/postfix/sender_login\` で許可されていないアドレスを送信者として、本人のメールクライアント（以前にこのアカウントで送信した IP、`
      + 'または他のユーザーも送信している IP）から送信しています。次の行を追加してください。他のユーザーと共有しているアドレスでは、その行にログイン名をカンマ区切りで追加します:',
    '',
    '```',
    ...tableLines(p.senders.map((s) => [s, p.user] as const)),
    '```',
    '',
    ...SENDER_LOGIN_APPLY,
    '',
    ...(p.foreign > 0
      ? ['他のドメインのアドレスは、本人のもの（このサーバー経由で送信している個人のアドレス）である場合だけ追加します。銀行、通販サイト、'
        + '他人のアドレスであれば、パスワードが他人に知られています。パスワードを変更してください（`doveadm pw` のあと `doveadm kick`）。', '']
      : []),
    ...(p.otherIps > 0
      ? [`拒否された IP のうち ${p.otherIps} 件は、以前にこのアカウントで送信しておらず、他のユーザーも使っていません。本人の IP（自宅、スマートフォン）か`
        + '確認し、そうでなければパスワードを変更してください。']
      : ['そのアドレスで送信してよいのか本人に確認してください。誰が送信できるかはマップで決まります。']),
  ].join('\n');
}

/** 多くの IP アドレスから使われているが、他人の兆候がないアカウント（英語は accountUnusualUseFix）。 */
/** 一つの事業者の送信用アドレスのプール（英語は enPool）。 */
export function jaPool(p: PoolText): string {
  return (p.domain !== null ? (p.ips === p.total ? `IP アドレス ${fmt(p.total)} 件すべてが ${p.domain} の名前を持ちます` : `IP アドレス ${fmt(p.total)} 件のうち ${fmt(p.ips)} 件は ${p.domain} の名前を持ちます`) : `${fmt(p.ips)} 件の IP アドレスは ${fmt(p.networks)} 個の /16 ネットワークに収まっています`)
    + '。一つの事業者のアドレスのプールの形で、このアカウントで設定された送信サービス（顧客管理、予約、請求書など）と考えられます';
}

function jaAccountUnusualUse(p: UnusualUseAdvice): string {
  const g = p.guessLogin;
  return [
    g !== undefined
      ? `${g.at} に ${g.ip} が ${g.failures} 回のログイン失敗の後にログインに成功しています。失敗の記録にユーザー名がないため（Postfix 3.7.8 より前）、`
        + `どのアカウントだったかはログからは分かりません。${p.user} の新しいアドレスからの送信はその後に始まっています。送信者は自社のアドレスで、大部分は配送されています。`
      : `この記録だけでは、${p.user} のパスワードを変更する理由にはなりません。送信者は自社のアドレスで、パスワード推測の後のログインはなく、`
        + '送信したメールの大部分は配送されています。目立つのは、送信に使われた IP アドレスの数（または送信先のドメインの数）だけです。',
    '',
    p.pool !== undefined
      ? `${p.user} として送信しているサービスが何か、本人に確認してください。${jaPool(p.pool)}（${p.ips.join(', ')}${p.moreIps > 0 ? ` ほか ${p.moreIps} 件` : ''}）。`
        + 'このようなサービスはアカウントのパスワードでクラウドのサーバーからログインし、そのアドレスはプールの中で変わります。'
        + (g !== undefined ? '' : 'これらのアドレスはブロックしないでください（事業者のアドレスは他の顧客の送信にも使われています）。')
      : `次の IP アドレスが本人のものか確認してください: ${p.ips.join(', ')}${p.moreIps > 0 ? ` ほか ${p.moreIps} 件` : ''}。`
        + 'モバイル回線のスマートフォンやノートパソコンは、携帯電話会社のアドレス範囲から数時間ごとに新しいアドレスを割り当てられます。'
        + 'メール配信ツールや監視スクリプトは、それが動くサーバーから送信します。'
        + (g !== undefined ? '' : 'これらのアドレスはブロックしないでください（携帯電話会社のアドレスは他の利用者も使っています）。'),
    '',
    '本人が知らないアドレスがあれば、パスワードが盗まれたものとして扱い、新しいパスワードを設定して（`doveadm pw -s SHA512-CRYPT`、'
      + `そのあと \`doveadm kick ${shellArg(p.user)}\`）、このレポートを作り直してください。`,
  ].join('\n');
}

/** 自社のホストからのスパムの中継の対処方法（英語は ownNetworkSpamFix）。 */
/** 迷惑メールの兆候が送信者ドメインだけのとき（OwnNetworkSpamAdvice.strangerOnly、review 15, F1）: ほかに考えられることと、その場合の対応。 */
function jaStrangerOnlyNote(p: { strangerOnly: boolean; strangerDomains: string[] }): string {
  if (!p.strangerOnly) return '';
  const d = p.strangerDomains.join(', ');
  return `迷惑メールの兆候はこれだけです。このサーバーでホストしているサイトが、メールボックスを別の場所に置いた自分のドメインでメールマガジンを送る場合も`
    + `同じように見えます。その時刻に誰かが ${d} でメールマガジンを送ったのであれば、これは攻撃ではなくメールマガジンです（届くように、${d} の SPF `
    + 'レコードにこのサーバーを加え、DKIM で署名してください）。誰も送っていなければ、迷惑メールです。';
}

/** ドメインが 1 つなら「このドメイン」、複数なら「これらのドメイン」（英語の it / them。review T, F6）。 */
function jaThese(domains: readonly string[]): string {
  return domains.length === 1 ? 'このドメイン' : 'これらのドメイン';
}

/**
 * 送信者の詐称とみなした有名企業のドメイン（OwnNetworkSpamAdvice.brandDomains、英語は open-relay.ts brandNote。review Q, Q5）。
 * 外部から届いたメールの転送（Sieve の redirect）でもないこと（open-relay.ts resentBrands。review T, F1）。
 */
function jaBrandNote(p: { brandDomains?: string[] }): string {
  const b = p.brandDomains ?? [];
  if (b.length === 0) return '';
  const these = jaThese(b);
  return `${b.join(', ')} はフィッシングでよく詐称される有名企業（銀行、カード会社、通販、配送業者、オンラインサービス）のドメインで、`
    + `このサーバーのドメインではありません。ここでホストしているサイトが${these}を送信者として送ることはありません。`
    + `外部から届いたメールを Sieve の redirect や \`.forward\` が元の送信者のまま転送したものでもありません。${these}を送信者として外部から届いた`
    + 'メールはずっと少ないか、まったくないか、別のアドレスからのものです。';
}

/**
 * 短時間の大量送信のスパムの兆候（「… 通が送信され、」に続く部分。英語は open-relay.ts burstSignsText）: 届かなかった宛先の割合と、
 * 受信側がスパムとして拒否した宛先（review 18）。
 */
function jaBurstSigns(p: { notDelivered: number | null; spamRefused: OwnNetworkSpamAdvice['spamRefused'] }): string {
  const r = p.spamRefused;
  const undelivered = p.notDelivered !== null || r === null
    ? `宛先の ${p.notDelivered ?? 0}% には届いていません（バウンス、期限切れ、または遅延のまま）。購入したり収集したりしたアドレスへのスパムは`
      + 'バウンスが多く、自社の顧客へのメールマガジンはほとんど届きます。'
    : '';
  if (r === null) return undelivered;
  return `${undelivered}${undelivered === '' ? '' : 'また、'}受信側自身が、宛先のうち ${fmt(r.recipients)} 件（${r.percent}%）をスパムとしてバウンスさせています`
    + `${r.code !== '' ? `（${r.code}。最初の 1 行は上のログ行にあります）` : ''}。読者が自分で登録したメールマガジンを受信側がスパムとして拒否することは`
    + 'まずなく、収集したアドレスへのスパムはよく拒否されます。';
}

function jaOwnNetworkSpam(p: OwnNetworkSpamAdvice): string {
  const local = p.ips.some((ip) => ownNetworkClass(ip) === 'loopback');
  // 根拠にあることだけを書きます: 送信者の詐称か、ほとんど届かなかった短時間の大量送信か。
  const seen = p.forgedDomains.length > 0
    ? `他社のドメイン（${p.forgedDomains.join(', ')} など）を送信者とするメールが、${p.ips.join(', ')} からログインなしで送信されています。`
    : `${p.ips.join(', ')} からログインなしで、${fmt(p.minutes)} 分間に外部ドメイン ${fmt(p.domains)} 件へメール ${fmt(p.messages)} 通が送信され、`
      + jaBurstSigns(p);
  // 自社のものではない送信者ドメインだけの短時間の大量送信（review 13, H5）: 他社のドメインとみなす理由を書きます。
  const stranger = p.strangerDomains.length > 0
    ? `${p.strangerDomains.join(', ')} はこのサーバーのドメインではありません。${jaThese(p.strangerDomains)}でログインする利用者はおらず、${jaThese(p.strangerDomains)}宛てのメールも`
      + `ここでは配送されていません。この大量送信のほかに、自社のホストが${jaThese(p.strangerDomains)}を送信者として使ったこともありません（自社のメールマガジンなら自社のドメインで送ります）。`
    : '';
  return [
    `これはスマートホストの通常の中継ではありません。${seen}${jaBrandNote(p)}${stranger}${jaStrangerOnlyNote(p)}`
      + (local ? '127.0.0.1 からの送信は、このサーバー上のプログラムによるものです。多くの場合、乗っ取られた Web フォーム、WordPress のプラグイン、'
        + 'アップロードされた PHP スクリプトが mail() を呼び出すか、ポート 25 に接続しています。'
        : 'そのホストでスパムを送信するものが動いています（乗っ取られた Web アプリケーション、またはマルウェアに感染した端末）。')
      + 'この IP は自社のホストなので遮断せず、スクリプトを特定して止めてください。',
    '',
    ...jaFindScriptSteps(),
    '',
    'PHP では `mail.add_x_header = On`（php.ini。mail() で送ったメールに `X-PHP-Originating-Script: UID:script.php` が付きます）と '
      + '`mail.log = /var/log/phpmail.log`（mail() の呼び出しごとにスクリプトと行番号を 1 行記録）を設定します。そのうえで、'
      + (p.burstFrom !== null ? `短時間の大量送信の時刻（${p.burstFrom} から）` : '最初に中継されたメールの時刻（上のログ行）')
      + 'を Web サーバーのログと照合します。その時刻の `grep POST /var/log/apache2/access.log` または '
      + '`/var/log/nginx/access.log` から、呼び出されたページがわかります。スクリプトを削除または修正し、Web アプリケーションと FTP／SSH '
      + 'アカウントのパスワードを変更してから、保留したスパムを削除します（`postsuper -d QUEUE_ID`、保留中がスパムだけなら `postsuper -d ALL hold`）。',
    '',
    '修正後、メールを送る必要のある Web アプリケーションは、`mynetworks` による中継ではなく SASL でログインさせることもできます。'
      + 'そうすればメールがログインごとに集計され、詐称された送信者は `reject_sender_login_mismatch` で拒否されます。',
  ].join('\n');
}

/** キューのメールを保留し、1 通のヘッダーを確認する手順（英語は open-relay.ts findScriptSteps）。 */
function jaFindScriptSteps(): string[] {
  return [
    'キューのメールを保留し、1 通を確認します。ヘッダーにスクリプトの名前が出ていることがよくあります。',
    '',
    '```',
    commented('postqueue -p | head -50', 'キューのメールの送信者と宛先'),
    commented('postcat -q QUEUE_ID | head -40', '1 通のヘッダー: X-PHP-Originating-Script、Received、送信ユーザー'),
    commented('postsuper -h ALL deferred', '調べている間、再送待ちのメールを保留'),
    '```',
  ];
}

/** 自社のホストからの、スパムの兆候のない一斉送信の対処方法（英語は ownNetworkBulkFix）。 */
function jaOwnNetworkBulk(p: OwnNetworkBulkAdvice): string {
  const senders = p.senderDomains.length > 0 ? `（送信者のドメインは ${p.senderDomains.join(', ')}）` : '';
  return [
    `${p.ips.join(', ')} から ${fmt(p.minutes)} 分間に外部ドメイン ${fmt(p.domains)} 件へメール ${fmt(p.messages)} 通${senders}が送信され、`
      + `届かなかった宛先は ${p.notDelivered}% です。Web アプリケーションやメーリングリストの管理ソフトが送るメールマガジンやお知らせは`
      + 'このように見えます' + (p.forgedMessages === 0 ? '。他社のドメインを送信者としたメールはありません' : '')
      + '。予定どおりの送信であれば、ここで変更するものはありません。',
    '',
    '一斉送信のメールは、受信側が確認できてはじめて届きます。送信者のドメインの SPF と DKIM（Gmail は、Gmail の利用者へ 1 日に 5,000 通'
      + '以上送る送信者に DMARC とワンクリックでの配信停止（RFC 8058）も求めており、Yahoo も一斉送信の送信者に同じことを求めています）と、'
      + 'バウンスするアドレスを取り除いた宛先リストが必要です。'
      + '`mynetworks` による中継ではなく SASL でログインさせれば、そのメールはログインごとに集計されます。',
    '',
    'そのころ誰も一斉送信をしていなければ、乗っ取られた Web アプリケーションとして扱い、送信したスクリプトを特定してください。',
    '',
    ...jaFindScriptSteps(),
  ].join('\n');
}

/** uid のユーザーと、そのユーザーで今動いているもの（英語は open-relay-local.ts findUserSteps）。 */
function jaFindUserSteps(programs: readonly LocalProgram[]): string[] {
  const uids = [...new Set(programs.map((p) => p.uid))];
  return [
    '```',
    ...uids.flatMap((uid) => [
      commented(`getent passwd ${uid}`, 'ユーザー: www-data、apache、nginx、ホスティングのアカウントなど'),
      commented(`ps -u ${uid} -f`, 'そのユーザーで今動いているもの'),
      commented(`crontab -l -u "$(id -nu ${uid})"`, 'そのユーザーの cron ジョブ（繰り返し起動されるスクリプト）'),
    ]),
    commented('find /var/www -name \'*.php\' -mtime -7 -ls', '最近 1 週間に変更された PHP ファイル（アップロードされたスクリプト）'),
    '```',
  ];
}

/** このサーバー上のプログラムが sendmail で送ったスパムの対処方法（英語は open-relay-local.ts localProgramSpamFix）。 */
function jaLocalProgramSpam(p: LocalProgramSpamAdvice): string {
  const who = p.programs.map(programName).join(', ');
  const seen = p.forgedDomains.length > 0
    ? `他社のドメイン（${p.forgedDomains.join(', ')} など）を送信者とするメールを、${who} が送信しています。`
    : `${who} が ${fmt(p.minutes)} 分間に外部ドメイン ${fmt(p.domains)} 件へメール ${fmt(p.messages)} 通を送信し、` + jaBurstSigns(p);
  const s = p.sprayed ?? null;
  const n = jaAtLeast;
  // 少ないドメインの多数の異なるアドレス（review 19, M2）: 転送ではない理由。
  const spread = s !== null
    ? `それらのメールの宛先は外部の異なるアドレス ${n(s.recipients, s.recipientsAtLeast, s.recipientsAbout)} 件で、1 アドレスあたり平均 2 通以下です。`
      + `送信者は${p.forgedDomains.length === 1 ? 'そのドメイン' : 'それらのドメイン'}の `
      + `${n(s.senders, s.sendersAtLeast, s.sendersAbout)} 種類のアドレスです。宛先リストへフィッシングメールを送るフォームやスクリプトの送り方で、`
      + '元の送信者のまま同じ少数のメールボックスへ何度も送り直す転送（Sieve の redirect や `.forward`）とは違います。'
    : '';
  const stranger = p.strangerDomains.length > 0
    ? `${p.strangerDomains.join(', ')} はこのサーバーのドメインではありません。${jaThese(p.strangerDomains)}でログインする利用者はおらず、${jaThese(p.strangerDomains)}宛てのメールも`
      + `ここでは配送されていません。この大量送信のほかに、自社のホストやプログラムが${jaThese(p.strangerDomains)}を送信者として使ったこともありません`
      + '（自社のメールマガジンなら自社のドメインで送ります）。'
    : '';
  return [
    `このメールは、このサーバー上のプログラムが \`sendmail\` で Postfix に渡したものです（pickup はそのプログラムのユーザーを uid= で記録します）。${seen}${jaBrandNote(p)}${spread}${stranger}${jaStrangerOnlyNote(p)}`
      + 'Web サーバーでは、そのユーザーは多くの場合 Web サーバー自身のユーザー（www-data、apache、nginx）かホスティングのアカウントで、'
      + 'プログラムは乗っ取られた Web フォーム、WordPress のプラグイン、アップロードされた PHP スクリプトが mail() を呼び出しているものです。'
      + 'スクリプトを特定して止めてください。'
      + (p.forgedDomains.length > 0 ? '自社のドメインの SPF、DKIM、DMARC のレコードはここでは関係ありません。このメールは、自社のサーバー上のプログラムが'
        + '他社のドメインを送信者として送ったものです。' : ''),
    '',
    ...jaFindUserSteps(p.programs),
    '',
    ...jaFindScriptSteps(),
    '',
    'PHP では `mail.add_x_header = On`（php.ini。mail() で送ったメールに `X-PHP-Originating-Script: UID:script.php` が付きます）と '
      + '`mail.log = /var/log/phpmail.log`（mail() の呼び出しごとにスクリプトと行番号を 1 行記録）を設定します。そのうえで、'
      + (p.burstFrom !== null ? `短時間の大量送信の時刻（${p.burstFrom} から）` : '最初のメールの時刻（上の pickup の `uid=… from=<…>` の行）')
      + 'を Web サーバーのログと照合します。その時刻の `grep POST /var/log/apache2/access.log` '
      + 'または `/var/log/nginx/access.log`、PHP-FPM のログ（`/var/log/php*-fpm.log`、設定していればプールの `access.log`）から、'
      + '呼び出されたページがわかります。直るまでそのフォームを無効にするか、サイトを止めます。スクリプトを削除または修正し、Web '
      + 'アプリケーションと FTP／SSH アカウントのパスワードを変更してから、保留したスパムを削除します（`postsuper -d QUEUE_ID`、'
      + '保留中がスパムだけなら `postsuper -d ALL hold`）。',
    '',
    'それまでの間、そのユーザーの `sendmail` を Postfix で拒否することもできます（postconf(5) の `authorized_submit_users`。'
      + 'ユーザー名は `getent passwd` が示したものにします。Debian と Ubuntu では uid 33 が www-data、RHEL では 48 が apache です）。'
      + '現在のリストは `postconf authorized_submit_users` で確認できます（既定は `static:anyone`）。ほかの項目があれば、この行に残してください'
      + '（この行はリストを置き換えます）。sendmail はすぐに読み込むので、reload は不要です:',
    '',
    ...SUBMIT_USERS_BLOCK,
  ].join('\n');
}

/** このサーバー上のプログラムからの、スパムの兆候のない一斉送信の対処方法（英語は open-relay-local.ts localProgramBulkFix）。 */
function jaLocalProgramBulk(p: LocalProgramBulkAdvice): string {
  const senders = p.senderDomains.length > 0 ? `（送信者のドメインは ${p.senderDomains.join(', ')}）` : '';
  return [
    `${p.programs.map(programName).join(', ')} から \`sendmail\` で、${fmt(p.minutes)} 分間に外部ドメイン ${fmt(p.domains)} 件へメール `
      + `${fmt(p.messages)} 通${senders}が送信され、届かなかった宛先は ${p.notDelivered}% です。メーリングリストの管理ソフト（Mailman、Sympa）や `
      + 'Web アプリケーションが送るメールマガジンやお知らせはこのように見えます' + (p.forgedMessages === 0 ? '。他社のドメインを送信者としたメールはありません' : '')
      + '。予定どおりの送信であれば、ここで変更するものはありません。',
    '',
    '一斉送信のメールは、受信側が確認できてはじめて届きます。送信者のドメインの SPF と DKIM（Gmail は、Gmail の利用者へ 1 日に 5,000 通'
      + '以上送る送信者に DMARC とワンクリックでの配信停止（RFC 8058）も求めており、Yahoo も一斉送信の送信者に同じことを求めています）と、'
      + 'バウンスするアドレスを取り除いた宛先リストが必要です。',
    '',
    'そのころ誰も一斉送信をしていなければ、乗っ取られた Web アプリケーションとして扱い、そのユーザーから送信したプログラムとスクリプトを特定してください。',
    '',
    ...jaFindUserSteps(p.programs),
    '',
    ...jaFindScriptSteps(),
  ].join('\n');
}

/** server-trouble の対処方法: 検出された種類の分だけ（英語は serverTroubleFix）。null はすべての種類。 */
function jaServerTrouble(p: ServerTroubleAdvice | null): string {
  // 確認コマンド（種類ごと）。JA_RULES の初期化中に呼ばれるため、関数の中に置きます。
  const JA_LOOK: Record<TroubleClass, string[]> = {
    disk: ['df -h /var/spool/postfix /var/log && df -i /var/spool/postfix   # ディスク: 空き容量と inode'],
    crash: [
      'postfix check && postconf -n | less                          # fatal: 設定ファイルとマップファイル',
      'postmap /etc/postfix/<map> && postfix reload                  # 「open database …db」: マップを作り直す',
    ],
    auth: ['doveadm log errors | tail                                     # Dovecot の認証エラー'],
    dns: [
      'dig +short mx gmail.com; cat /etc/resolv.conf                 # DNS: サーバーのリゾルバーが応答しているか（dig: apt install bind9-dnsutils）',
      'diff /etc/resolv.conf /var/spool/postfix/etc/resolv.conf      # chroot の smtp はこのコピーを読む: 違えば systemctl restart postfix',
    ],
    capacity: [],
    tls: ['openssl s_client -connect localhost:25 -starttls smtp </dev/null | head   # TLS: 証明書とプロトコル'],
  };
  const order: TroubleClass[] = ['disk', 'crash', 'auth', 'dns', 'capacity', 'tls'];
  const on = new Set<TroubleClass>(p?.classes ?? order);
  const look = order.filter((t) => on.has(t)).flatMap((t) => JA_LOOK[t]);
  const out: string[] = [];
  // ブルートフォース攻撃中の 454 だけのとき: 止める方法を先に書きます（チケットは対処の最初の段落を引用します。review AG, AG3）。
  if (on.size === 1 && p?.guessing454 === true) {
    out.push('454 の応答はパスワード推測攻撃によるものです。攻撃元を遮断すれば（sasl-bruteforce の検出事項、fail2ban）止まります。'
      + 'ほかに失敗がないか、Dovecot 自身のエラーを確認します:', '', '```', ...look, '```');
  } else if (look.length > 0) out.push(on.size > 1 ? 'まず各ログ行を確認し、種類ごとに対処します:' : 'まずログ行を確認し、次のように調べます:', '', '```', ...look, '```');
  if (on.has('auth')) {
    out.push('', 'ブルートフォース攻撃を受けている認証サービス: Dovecot の認証ペナルティ（auth penalty）は、失敗を繰り返す IP への応答を 2 秒、4 秒、'
      + '8 秒、最大 15 秒と遅らせます（https://doc.dovecot.org/2.3/configuration_manual/authentication/auth_penalty/）。smtpd は待ちきれずに '
      + '`454 4.7.0 Temporary authentication failure` を返します。それが正規の利用者に返されたのか攻撃者だけなのかは、検出事項に示しています。'
      + '攻撃元を遮断すれば（sasl-bruteforce の検出事項、fail2ban）解消します。`login_trusted_networks` からの IMAP/POP3 ログインには'
      + 'ペナルティがかかりません。事務所と Web メールをここに登録してください（自分で管理しているホストだけにします。Dovecot はこれらの'
      + 'ホストに、TLS なしのログインと、クライアントの IP の引き渡しも認めます）。`/etc/dovecot/dovecot.conf` に設定します:',
    '',
    '```',
    'login_trusted_networks = 192.0.2.0/28 127.0.0.1',
    '```');
  }
  if (on.has('capacity')) {
    out.push('', 'プロセス数の上限に達している場合: 負荷が正当なものであることを確かめてから、`default_process_limit`（main.cf）または '
      + 'master.cf の該当サービスの maxproc 列を引き上げてください。');
  }
  if (on.has('tls')) {
    out.push('', 'TLS: ハンドシェイクの失敗を繰り返したクライアントは根拠（`topTlsRepeatIps`）に示しています。証明書の期限が切れていないこと'
      + '（`postconf smtpd_tls_chain_files smtpd_tls_cert_file` が示すファイルを `openssl x509 -enddate -noout -in` で確認）と、'
      + '`smtpd_tls_protocols`／`smtpd_tls_mandatory_protocols` がそれらのクライアントのプロトコルを拒否していないことを確認します。');
  }
  return out.join('\n').replace(/^\n/, '');
}

/**
 * outbound-port-blocked の対処（review Z, Z16、review Y, Y13）: ログの終わりで配送が通っていればブロックは終わっており、
 * キューを再送するだけです。最後の試行がまだタイムアウトしていれば、ブロックを確かめてからプロバイダー経由に切り替えます。
 */
function jaOutboundPortBlocked(p: PortBlockedAdvice | null): string {
  const relay = relayhostSteps(JA_RELAY_LINES);
  const lift = '固定 IP であれば、申請により OP25B を解除できるプロバイダーもあります（その場合 relayhost は不要です）。';
  // 再送はブロックで滞ったメールのためのもので、受信側が拒否しているメールのためではありません（review AI, AI4）。
  // メールボックスが満杯の宛先も同じく再送では配送できませんが、ブロックされているのではありません（review AI の残り）。
  const refusing = p?.holders?.filter((h) => h.hold === 'refused') ?? [];
  const noRoom = p?.holders?.filter((h) => h.hold === 'no-room') ?? [];
  const refusedOnly = refusing.length + noRoom.length > 0 && refusing.length + noRoom.length === (p?.holders?.length ?? 0);
  const refusedNote = (refusing.length === 0 ? '' : jaRefused(refusing, 'ただし '))
    + (noRoom.length === 0 ? '' : jaNoRoom(noRoom, refusing.length === 0 ? 'ただし ' : 'また '));
  if (p !== null && p.resumed && !p.inForce && refusedOnly) {
    return [
      `ブロックは終わっています。ブロックの後、外部への配送は再開し（${p.last} より後に ${fmt(p.after)} 件）、ログの最後の試行も`
        + '配送できています。設定を変える必要はなく、送信経路を待っているメールもありません。'
        + jaHolderSentences(p.holders ?? [], false).join(''),
      '',
      '後でまたポート 25 がタイムアウトするようになったら（サーバーから `nc -vz -w 5 gmail-smtp-in.l.google.com 25`）、ポート 25 への'
        + '発信をブロックしているか（OP25B）をプロバイダーに確認してください。恒久的な回避策は、認証付きでプロバイダーのサブミッション'
        + 'サーバー（ポート 587）を経由すること（`relayhost`）です。',
    ].join('\n');
  }
  if (p !== null && p.resumed && !p.inForce) {
    return [
      `ブロックは終わっています。ブロックの後、外部への配送は再開し（${p.last} より後に ${fmt(p.after)} 件）、ログの最後の試行も`
        + '配送できています。設定を変える必要はありません。キューに残っているメールは、次の再送を待たずに今すぐ再送します'
        + '（Postfix は再送の間隔を最大 `maximal_backoff_time`、既定で 4000 秒まで空けます）:',
      '',
      '```',
      commented('postqueue -f', '遅延しているメールをすべて今すぐ再送', 44),
      commented('postqueue -p | tail -1', '残っている件数', 44),
      '```',
      '',
      ...(refusedNote !== '' ? [refusedNote, ''] : []),
      'その後も残るメールには別の理由があります（`postqueue -p` がそれぞれの最後の理由を示します）。後でまたポート 25 がタイムアウト'
        + 'するようになったら（サーバーから `nc -vz -w 5 gmail-smtp-in.l.google.com 25`）、ポート 25 への発信をブロックしているか'
        + '（OP25B）をプロバイダーに確認してください。恒久的な回避策は、認証付きでプロバイダーのサブミッションサーバー（ポート 587）を'
        + '経由すること（`relayhost`）です。',
    ].join('\n');
  }
  const checks = portChecks({ port25: 'ポート 25 がブロックされていればタイムアウト', port587: 'プロバイダーのサブミッションサーバー: 接続できる' });
  const head = p !== null && p.resumed
    ? [
      `ブロックの後、外部への配送は再開しました（${p.last} より後に ${fmt(p.after)} 件）が、ログの最後の試行は再びタイムアウトしています`
        + `${p.lastTimeout !== '' ? `（最後は ${p.lastTimeout}）` : ''}。ブロックが戻ったか、一時的に解除されていただけです。サーバーから確認してください:`,
      '',
      ...checks,
      '',
      'ポート 25 に接続できれば、ブロックは解消しています。設定は変えずに、キューを再送します（`postqueue -f`）。' + refusedNote + 'タイムアウトする場合は、'
        + `プロバイダーがポート 25 への発信をブロックしています（OP25B）。${lift}`,
    ]
    : ['先に、ブロックされていることをサーバーから確認してください:', '', ...checks, '', lift];
  return [
    ...head,
    '',
    'そうでなければ、プロバイダーのサブミッションサーバー（ポート 587）に、認証付きで送信します。',
    '',
    ...relay,
  ].join('\n');
}
