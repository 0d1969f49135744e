// ログの終わりにキューに残っているメールについての対処の文（日本語）。何が止めているか（queue-holders.ts）の種類ごとに 1 つで、
// queue-flood と outbound-port-blocked の対処が同じ文を使います（review AI の残り）。英語: src/detect/queue-holder-advice.ts。

import { reasonHost, withTrouble } from '../detect/queue-holder-advice.js';
import { isRefusedConnection, type QueueHolder, type RouteTrouble } from '../detect/queue-holders.js';

const fmt = (n: number): string => n.toLocaleString('ja-JP');

/** 「nishi-kensetsu.co.jp 宛て 5 通（最後の遅延: `connect to …: Connection refused`）」（Markdown）。 */
export function jaHolders(holders: readonly QueueHolder[]): string {
  return holders.map((h) => `${h.domain} 宛て ${fmt(h.messages)} 通` + (h.reason !== '' ? `（最後の遅延: \`${h.reason.replace(/`/g, "'")}\`）` : '')).join('、');
}

/**
 * 受信側が拒否している宛先（queue-holders.ts の `refused`）: 再送しても相手のサーバーに負担をかけるだけです（review AI, AI4）。
 * `lead` は、残りのためにキューを再送する文脈での文頭（「ただし 」）。なければ、再送しないように書きます。
 */
export function jaRefused(refusing: readonly QueueHolder[], lead = ''): string {
  return (lead !== '' ? `${lead}${jaHolders(refusing)}は、受信側が拒否しているため再送しても配送できません。`
    : `${jaHolders(refusing)}は、受信側が拒否しているため、今すぐ再送しても配送できず、相手のサーバーに負担をかけるだけです。`
      + 'このメールのためにキューを再送しないでください。')
    // 接続の拒否だけなら、読む応答はなく、相手のサーバーが停止しているかメールを受け付けていません（samples/deferred-flood.log）。
    + (refusing.every((h) => isRefusedConnection(h.reason))
      ? '相手のサーバーがポート 25 への接続を拒否しています（停止しているか、メールを受け付けていません）。宛先の相手に修正を依頼するか、送信者に伝えてください。'
      : '理由は応答にあります。ブロックリストやこちらの IP の評価を示していれば、IP の登録解除を申請するか評価を回復させてください。'
        + 'そうでなければ、宛先の相手にメールサーバーの修正を依頼してください。');
}

/**
 * 受信側に空きがない宛先（queue-holders.ts の `no-room`: "452 4.2.2 … over quota"）: 誰が解決するものか、このサーバーが拒否されて
 * いるのではないこと（review AI の残り）。`lead` は文頭（「ただし 」「また 」）。
 */
export function jaNoRoom(noRoom: readonly QueueHolder[], lead = ''): string {
  return `${lead}${jaHolders(noRoom)}は、受信側に空きがありません（宛先のメールボックスが満杯か容量超過、または受信側のディスクが満杯）。`
    + 'これは宛先の相手かそのプロバイダーが解決するもので、このサーバーへの拒否ではありません（ブロックリストの解除申請も、こちらの設定変更も'
    + '不要です）。相手が空きを作るまでは、再送しても配送できません。送信者に伝えてください（相手には別の方法で連絡できます）。';
}

/** 拒否されてはいないが途中で失敗している宛先（queue-holders.ts の `route`）: 何が失敗しているかごとに（英語 routeText）。 */
export function jaRoute(holders: readonly QueueHolder[], trouble: RouteTrouble): string {
  const list = jaHolders(holders);
  switch (trouble) {
    case 'tls':
      return `${list}は、このサーバーと受信側の間で TLS が失敗しています。どちらかの側で TLS が使えるようになるまでは、再送しても配送できません。`
        + 'こちらの TLS の方針（`postconf smtp_tls_security_level smtp_tls_policy_maps`。`encrypt`、`verify`、`dane` は TLS でしか送りません）と、'
        + `受信側の証明書と TLS のバージョン（\`openssl s_client -starttls smtp -connect ${reasonHost(holders, 'MX-HOST')}:25\`）を確認してから、`
        + 'キューを再送します（`postqueue -f`）。';
    case 'dns':
      return `${list}は、受信側のメールサーバーの DNS の検索が失敗しています。拒否されてはいません。サーバーから確認してください`
        + `（\`dig +short mx ${holders[0]?.domain ?? 'DOMAIN'}\`）。こちらのリゾルバーが失敗していれば直し（\`/etc/resolv.conf\`。Postfix を chroot で`
        + '動かしている場合は `/var/spool/postfix/etc/` のコピーも）、キューを再送します（`postqueue -f`）。そのドメインにメールサーバーがなければ'
        + '配送できません。送信者に伝えてください。';
    case 'no-answer':
      return `${list}は、応答がありません（接続がタイムアウトする、経路がない、または切断される）。拒否されてはいません。Postfix は自動で`
        + '再送し、経路が通れば配送します。ポート 25 に接続できるかをサーバーから確認してください'
        + `（\`nc -vz -w 5 ${reasonHost(holders, 'MX-HOST')} 25\`）。接続できればキューを再送します（\`postqueue -f\`）。`
        + 'このドメインだけタイムアウトする場合は、相手のサーバーが停止しているか到達できません。待って、長引くようなら送信者に伝えてください。';
    case 'waiting':
      return `${list}は、拒否されてはおらず、次の再送を待っています（グレーリスティングをしている受信側は再送で受け付けます）。`
        + 'Postfix が自動で配送するので、対処は不要です。';
  }
}

/** 対処で途中の失敗を挙げる順（英語 ROUTE_TROUBLES）。 */
const ROUTE_TROUBLES: readonly RouteTrouble[] = ['tls', 'dns', 'no-answer', 'waiting'];

/** 何が止めているかの種類ごとに 1 文（英語 holderSentences）。`route` がなければ、経路で滞っている宛先は呼び出し側が扱います。 */
export function jaHolderSentences(holders: readonly QueueHolder[], route: boolean): string[] {
  const refusing = holders.filter((h) => h.hold === 'refused');
  const noRoom = holders.filter((h) => h.hold === 'no-room');
  return [
    ...(refusing.length > 0 ? [jaRefused(refusing)] : []),
    ...(noRoom.length > 0 ? [jaNoRoom(noRoom)] : []),
    ...(route ? ROUTE_TROUBLES.map((t) => [t, withTrouble(holders, t)] as const).filter(([, hs]) => hs.length > 0)
      .map(([t, hs]) => jaRoute(hs, t)) : []),
  ];
}
