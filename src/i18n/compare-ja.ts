// 日本語: 対策の前後を比べる比較レポート（compare、および analyze --baseline の「ベースラインとの比較」）の文言。
// 報告書（ja.ts）と同じく、数値は ja-JP 形式、英数字と日本語の間には半角スペースを入れ、ルール ID、Postfix の用語、
// ログの文言はそのままにします。2 つの実行は「対策前」「対策後」と呼びます。

import type { IntrudersStillTrying, MailboxUnchecked } from '../compare/model.js';
import type { ChartUnit, CompareMessages, CompareSide, HeadlineParts, MailboxNoteIp, MailFlowParts, StillGoingOnParts } from './compare.js';
import { anySieveLogin, intruderProtocols } from '../compare/mailbox-intruders.js';
import type { Severity } from '../types.js';
import { REFUSAL_KIND_WORDS } from './refusal-kind-words.js';
import type { EvidenceUnit } from './evidence-labels.js';

/** 侵入者の IP の送信を確認できなかった理由（review AB, F2）。 */
/** 言語コードを文中で呼ぶ名前。 */
const LANGUAGE_JA: Record<string, string> = { en: '英語', ja: '日本語' };

type ResolvedAfterParts = Parameters<CompareMessages['resolvedAfter']>[0];

const SENDING_CUT_JA = '対策後のレポートはクライアント IP を上位しか載せておらず、このアカウントの IP もすべては載っていません（--top。--top 0 ですべて載ります）';

const num = (x: number): string => x.toLocaleString('ja-JP');
// 検出事項の数の助数詞（review AP, AP7: 「送信したメール: 対策前 304 件」ではなく 304 通、ログイン失敗は回）。根拠のラベルの単位から。
const COUNTERS: Partial<Record<EvidenceUnit, string>> = { messages: '通', times: '回', servers: '台', lines: '行' };
const counter = (unit: EvidenceUnit | undefined): string => (unit === undefined ? '件' : COUNTERS[unit] ?? '件');
/** "75 時間"、"42.5 時間"。 */
const hours1 = (h: number): string => `${h.toLocaleString('ja-JP', { maximumFractionDigits: 1 })} 時間`;
/** 期間の長さ: "75 時間"（小数 `digits` 桁まで）、1 時間未満は分で "5 分"（review AK, AK11: "0 時間" と書いていた）。 */
const periodLength = (h: number, digits = 1): string => {
  if (h >= 1) return `${h.toLocaleString('ja-JP', { maximumFractionDigits: digits })} 時間`;
  const m = Math.round(h * 60);
  return m < 1 ? '1 分未満' : `${num(m)} 分`;
};
/** Review AK, AK11: 1 時間未満の期間の 1 日あたりの値は件数の 24 倍であることを、その値を出すところで書きます。 */
const shortRatesJa = (p: { before: number; after: number }): string => {
  const short = (['before', 'after'] as const).filter((x) => p[x] < 1);
  if (short.length === 0) return '';
  return `1 時間に満たない期間（${short.map((x) => `${SIDE[x]} ${periodLength(p[x])}`).join('、')}）は 1 時間として数えるため、`
    + 'その 1 日あたりの値は件数の 24 倍で、1 日分を実測した値ではありません。';
};
const span = (s: { from: string; to: string }): string => `${s.from} から ${s.to}`;

const SIDE: Record<CompareSide, string> = { before: '対策前', after: '対策後' };

/** しきい値未満で続いているもの（見出しと判定で共通）。 */
/** Backscatter's kinds of bounce still made after (StillGoingOn kind `bounces`), as the after report's totals count them. */
const BOUNCE_KINDS_JA: Record<string, (n: number) => string> = {
  bouncesBouncedThemselves: (n) => `送信者が偽造されていて、それ自体も配送できなかった外部あての不達通知 ${num(n)} 件`,
  acceptedThenBounced: (n) => `受け付けた後にここで不達にした受信メールの宛先 ${num(n)} 件`,
  devNullDeliveries: (n) => `/dev/null への配送 ${num(n)} 件`,
};

function stillGoingOnShortJa(p: Pick<StillGoingOnParts, 'rule' | 'kind' | 'list' | 'count' | 'of' | 'events' | 'atLeast'> & { items?: StillGoingOnParts['items'] }): string {
  const events = `${p.atLeast ? '少なくとも' : ''} ${num(p.events)} 件`;
  if (p.kind === 'bounces') {
    return `対策後も${(p.items ?? []).map((x) => BOUNCE_KINDS_JA[x.key]?.(x.events ?? 0) ?? `${x.key} ${num(x.events ?? 0)} 件`).join('、')}があります`;
  }
  if (p.kind === 'queued') {
    return `対策前のログの終わりにキューにあった ${num(p.of)} 通のうち ${num(p.count)} 通が対策後のログの終わりにもキューに残っており、対策後の遅延は${events}`;
  }
  const listed = p.list === 'blocklist-ips.txt' ? '対策前の実行が blocklist-ips.txt に挙げた' : '対策前の実行が名前を挙げた';
  // Review AK, AK8: 拒否されるのは良い結果。続いているのは試行のほう。
  const doing = p.rule === 'sasl-bruteforce' ? `がまだログインに失敗しており、対策後のログイン失敗は${events}` : `がまだ試行を続けており、対策後に拒否した試行は${events}`;
  return `${listed} IP ${num(p.of)} 件のうち ${num(p.count)} 件${doing}`;
}
const SEVERITY: Record<Severity, string> = { critical: '重大', high: '高', medium: '中', low: '低', info: '情報' };
const severity = (s: { before: Severity | null; after: Severity | null }): string => (s.before && s.after && s.before !== s.after
  ? `${SEVERITY[s.before]} → ${SEVERITY[s.after]}` : SEVERITY[(s.before ?? s.after)!]);

/** Why the before run's intruder IPs were not looked for among the Dovecot logins after (MailboxIntruders.why). */
const mailboxUncheckedJa = (why: MailboxUnchecked): string => (why === 'no-dovecot'
  ? '対策後のログには Dovecot のログインが成功・失敗ともどのユーザーのものも 1 件もありません（Dovecot が自分のログファイル（log_path）に書いている場合は、そのファイルも指定してください）'
  : why === 'no-table'
  ? '対策後のレポートにその表がありません（古いバージョンで作成）'
  : why === 'capped' ? 'このアカウントのログイン元の IP アドレスが、対策後のレポートに載る上限（1,000 件）を超えています'
    : '対策後のレポートには一部しか載っていません（古いバージョンで作成、--top で切り詰め。--top 0 ですべて載ります）');
/** Review Q, Q10: what Dovecot's login processes cover. */
const LOGINS = 'Dovecot へのログイン（IMAP・POP3・submission・ManageSieve）';
const REVERSED = '対策後のログが対策前のログより古くなっています（2 つを取り違えていませんか）。';
const LEFT_OUT = '不正利用されたアカウントの分を除く';
/** The overlay charts' x axis and counts, by the hour or (two short logs) by the minute. */
const X_NOTE: Record<ChartUnit, string> = { hour: '横軸はそれぞれの期間の開始からの経過時間です。', minute: '横軸はそれぞれの期間の開始からの経過時間（分）です。' };
const PER: Record<ChartUnit, string> = { hour: '1 時間あたり', minute: '1 分あたり' };
const UNIT: Record<ChartUnit, string> = { hour: '時間', minute: '分' };

function mailFlowJa(p: MailFlowParts): string {
  const tail = `バウンス率 ${p.bounceRate.after.toFixed(1)}%（対策前 ${p.bounceRate.before.toFixed(1)}%）、`
    + `ログ終了時点でキューに残っていたメール ${num(p.stillQueued.after)} 通（対策前 ${num(p.stillQueued.before)} 通）。`;
  const l = p.leftOut;
  if (l === null) {
    return `対策後のメールの流れ: 受信したメール 1 日あたり ${p.received.after} 通（対策前 ${p.received.before} 通）、`
      + `配送完了 1 日あたり ${p.delivered.after} 件（対策前 ${p.delivered.before} 件）、${tail}`;
  }
  const sides = l.sides.map((s) => `${SIDE[s.side]}の集計には、不正利用されたアカウント ${s.users.join('、')} が`
    + `${s.sinceGuessed ? 'パスワードを推測された後に' : 'ログの期間中に'}送信したメール ${num(s.messages)} 通と、その配送完了 ${num(s.delivered)} 件`
    + (s.bounceNotices > 0 ? `、それに対するバウンス通知の配送完了 ${num(s.bounceNotices)} 件` : '') + 'が'
    + `含まれています（これらを含めると、受信 1 日あたり ${p.received[s.side]} 通、配送完了 1 日あたり ${p.delivered[s.side]} 件）。`);
  return `対策後の正規のメールの流れ（${LEFT_OUT}）: 受信したメール 1 日あたり ${l.received.after} 通（対策前 ${l.received.before} 通）、`
    + `配送完了 1 日あたり ${l.delivered.after} 件（対策前 ${l.delivered.before} 件）。${sides.join('')}全体では、${tail}`;
}

/** Review AH, AH2: 対策後の receivers-refusing の拒否を数えられなかった理由（resolvedAfter の refusalsUncounted）。 */
const REFUSALS_UNCOUNTED_JA = {
  older: '対策後のレポートに保留原因の表がありません（古いバージョンで作成: 対策後のログを解析し直してください）',
  cut: '対策後のレポートの保留原因とバウンス理由の表が --top で切られています（--top 0 で全件）',
} as const;

function resolvedAfterJa(p: ResolvedAfterParts): string {
  if (p.count === null) {
    if (p.queueIdsChecked != null) return `対策後はどれもキューに残っていません（対策前の不正なキュー ID ${num(p.queueIdsChecked)} 件、queue-delete.txt）`;
    return p.otherCause === true ? '対策後は 0 件（対策後の同じルールの検出事項は別のアカウントの不正送信で、新規です）'
      : '対策後は検出なし' + (p.sendingUnknown === undefined ? ''
        : `。対策前の実行が侵入者のものとした IP ${num(p.sendingUnknown)} 件（compromised-ips.txt）がまだこのアカウントとして送信しているかは確認していません: ${SENDING_CUT_JA}`)
        + (p.refusalsUncounted === undefined ? '' : `。対策後の拒否は数えていません: ${REFUSALS_UNCOUNTED_JA[p.refusalsUncounted]}`);
  }
  // Review P, P3 / review Q, Q8: what was checked against the before run's intruder IPs, and what could not be.
  const listed = (n: number): string => `対策前の実行が侵入者のものとした IP ${num(n)} 件（compromised-ips.txt）`;
  // Review R, R5: 匿名化したレポートは一覧を仮名で持つ。省いているのは旧版のものだけ。対策後の送信がなければログインだけ。
  const listWhy = p.intrudersUnchecked === 'no-list'
    ? '対策前のレポートに一覧がありません（旧版で匿名化したレポートは compromised-ips.txt を省いています。対策前のログを同じ --redact-key で分析し直してください）'
    : '対策前の検出事項に一覧がありません（compromised-ips.txt なし: 侵入後にこのアカウントを使った IP はどれも、ほかのユーザーも使っているか、このサーバー自身のものです）';
  const notListed = p.intrudersUnchecked === undefined ? ''
    : p.count === 0 ? `。${LOGINS}は侵入者の IP と照合していません: ${listWhy}`
      : `。侵入者の IP とは照合していません（送信も${LOGINS}も）: ${listWhy}`;
  const notChecked = typeof p.mailboxChecked === 'string';
  const unchecked = (notChecked ? `。侵入者のものとした IP の${LOGINS}は確認していません: ${mailboxUncheckedJa(p.mailboxChecked as MailboxUnchecked)}` : '')
    // Review AB, F2: --top で切った表の外で少し送信している侵入者は見えない。
    + (p.sendingUnknown === undefined ? '' : `。${listed(p.sendingUnknown)}がまだこのアカウントとして送信しているかは確認していません: ${SENDING_CUT_JA}`);
  const n = p.intrudersChecked ?? p.intrudersListed;
  // Review AL, AL3: 送信も照合したときは一文で（同じ「対策前の実行が侵入者のものとした IP …」を二度書かない）。
  const sentNone = p.count !== 0 && p.intrudersChecked != null;
  const mailboxNone = p.mailboxChecked === true && n != null ? (sentNone ? '' : `。${listed(n)}からの ${LOGINS}もありません`) : '';
  const sent = !sentNone ? '' : p.mailboxChecked === true
    ? `。${listed(p.intrudersChecked!)}からは、送信も ${LOGINS}もありません` : `。${listed(p.intrudersChecked!)}からの送信はありません`;
  if (p.count === 0) return `対策後は 0 ${counter(p.unit)}` + mailboxNone + unchecked + notListed;
  // Review R, R5: 送信も照合していないときは「メールには他人が使っている兆候はありません」と言わない。
  // Review AB, F7: 対策前の実行が知らない IP が送信しているとき、所有者の IP が全部分からないときも言わない。
  const why = p.rule !== 'compromised-account' || p.intrudersUnchecked !== undefined || p.sendingUnknown !== undefined
    || p.newSenders !== undefined || p.ownersUnknown === true ? 'ルールのしきい値未満'
    : notChecked ? 'ルールのしきい値未満で、メールには他人が使っている兆候はありませんが、確認できなかったことがあります（下記）'
      : '他人が使っている兆候はありません（ルールのしきい値未満）';
  const c = counter(p.unit);
  return `対策後は ${num(p.count)} ${c}${p.atLeast ? '以上' : ''}${p.perHour === null ? '' : `（1 時間あたり ${p.perHour} ${c}）`}で、${why}`
    + (p.sameRate ? '（対策後のログが短いためで、頻度は下がっていません）' : '')
    + sent + mailboxNone + unchecked + notListed;
}

/** Review AB, F7: 対策前の実行が知らない IP で、対策後にこのアカウントとして送信しているもの（resolvedAfter の後に付ける）。 */
function newSendersJa(n: ResolvedAfterParts['newSenders']): string {
  if (n === undefined) return '';
  const more = n.count > n.ips.length ? ` ほか ${num(n.count - n.ips.length)} 件` : '';
  return `。ただし対策前の実行が所有者のものとも侵入者のものともしていない IP ${num(n.count)} 件（${n.ips.join('、')}${more}`
    + `${n.messages === null ? '' : `: ${num(n.messages)} 通`}）が、対策後にこのアカウントとして送信しています: 所有者に確認してください（所有者の新しい端末か、パスワードを知る別人か）`
    // Review AB の残り: 対策前のレポートが所有者の IP の一部しか挙げていないとき、このうちに所有者のものがありえる。
    + (n.owners === undefined ? '' : `。対策前のレポートが挙げている所有者の IP は ${num(n.owners.of)} 件のうち ${num(n.owners.known)} 件だけで（検出事項に最初の 5 件、`
      + 'クライアント IP の表に --top の範囲のもの）、このうちに所有者のものがあるかもしれません。見分けるには対策前のログを --top 0 で解析し直してください');
}

/**
 * Review AK, AK2・AK3: 対策後も接続やログイン失敗を続けている侵入者の IP（resolvedAfter と carriedAfter の後に付ける）。
 * 何件、どれか、失敗したログインの回数と、どのユーザーとしてか。パスワードは破られていないが、遮断されていない。
 * `more`: 同じ一覧の IP でこのアカウントを使っているものを先に挙げたとき（carriedAfter）。
 */
function stillTryingJa(t: IntrudersStillTrying | undefined, of: number, more = false): string {
  if (t === undefined) return '';
  const shown = t.ips.slice(0, 5);
  const ips = `${shown.join('、')}${t.count > shown.length ? ` ほか ${num(t.count - shown.length)} 件` : ''}`;
  const users = t.users.length === 0 ? '' : `${t.users.join('、')}${t.usersTried > t.users.length ? ` ほか ${num(t.usersTried - t.users.length)} ユーザー` : ''} として`;
  const which = t.failing === t.count ? (t.count === 1 ? 'この IP は' : 'すべてが') : `うち ${num(t.failing)} 件が`;
  const failed = t.failing === 0 ? '。ログインの失敗はありません'
    : `。${which}${t.failing > 1 && t.failing < t.count && t.usersTried === 1 ? '、どれも' : ''}${users === '' ? '' : ` ${users}`}ログインに計 ${num(t.failedLogins)} 回失敗しています`;
  return `。ただし compromised-ips.txt の IP ${num(of)} 件のうち${more ? 'ほかに ' : ' '}${num(t.count)} 件${t.atLeast ? '以上' : ''}が対策後も接続しています（${ips}）`
    + `${failed}。${t.failing === 0 ? 'ログインはできていません' : '新しいパスワードは破られていません'}が、${t.count === 1 ? 'この IP は' : 'これらの IP は'}遮断されていません。`
    + 'compromised-ips.txt の IP をファイアウォールで遮断し（対策前のレポートの最初の手順の 1 つ）、遮断が効いていることを確認してください'
    + (t.atLeast ? '（対策後のレポートは古いバージョンで作成され、クライアント IP を上位しか載せていません。すべて数えるには対策後のログを分析し直してください）' : '');
}

/** Review AK, AK3（続き）: 対策後も接続している対策前の侵入者の IP を見出しで伝える一文（HeadlineParts.intrudersConnecting）。なければ ''。 */
function intrudersConnectingJa(c: HeadlineParts['intrudersConnecting']): string {
  if (c === undefined || c.count === 0) return '';
  return `侵入者の IP（compromised-ips.txt）${num(c.of)} 件のうち ${num(c.count)} 件${c.atLeast ? '以上' : ''}が対策後も接続しています。ファイアウォールで遮断してください。`;
}

/** Review AB, F6: 対策後のログが短すぎて、検出事項の問題が止まったことを示せない理由（resolvedAfter の後に付ける）。 */
function tooShortJa(t: ResolvedAfterParts['tooShort']): string {
  if (t === undefined) return '';
  const why = t.byPause && t.pauseHours !== null
    ? `対策前の実行ではこの問題が最長 ${hours1(t.pauseHours)}途切れていた`
    : `対策前の頻度ではこの間に約 ${t.expected} 件しか起きない`;
  return `。ただし対策後のログは ${t.afterHours} 時間分しかなく、${why}ため、止まったことはこの長さでは示せません（より長い対策後のログを分析してください）`;
}

export const compareJa: CompareMessages = {
  lang: 'ja',
  defaultTitle: '対策前後の比較',
  side: SIDE,
  redaction: (domains, fp) => `どちらのレポートも同じ鍵で匿名化されています（鍵のフィンガープリント ${fp}）。ユーザー名、`
    + `メールアドレスのローカル部${domains ? '、ドメイン' : ''}、IP、クライアントのホスト名は仮名です${domains ? '' : '（ドメインはそのまま）'}。`,
  redactionSchemes: (t) => `${t.beforeName}（仮名は ${t.beforeDigits} 桁の 16 進数）と ${t.afterName}（仮名は ${t.afterDigits} 桁の 16 進数）は比較できません。`
    + '異なるバージョンで匿名化されているため、ユーザー名・IP・ホスト名の仮名が一つも一致せず、すべてが新規と消滅に見えてしまいます。'
    + '両方のログを同じバージョン・同じ --redact-key でもう一度分析してください',

  measures: {
    received: '受信したメール',
    delivered: '配送完了（宛先）',
    deferred: '配送の遅延（試行回数）',
    deferredMessages: '一度以上遅延したメール',
    bounced: 'バウンスまたは期限切れ（宛先）',
    bounceRate: 'バウンス率（最終状態になった宛先に対する割合）',
    rejected: 'SMTP での受信拒否',
    authFailures: 'SMTP AUTH の失敗',
    dovecotLoginFailures: 'IMAP/POP3 のログイン失敗',
    stillQueued: 'ログ終了時点でキューに残っていたメール',
  },
  // 「配送完了（宛先）」は「配送完了（宛先、…を除く）」に（括弧を重ねない）。
  leftOut: (label) => (label.endsWith('）') ? `${label.slice(0, -1)}、${LEFT_OUT}）` : `${label}（${LEFT_OUT}）`),
  ruleMeasures: {
    'compromised-account': '送信したメール',
    'sasl-bruteforce': 'ログイン失敗',
    'queue-flood': '配送の遅延（試行回数）',
    'queue-cleanup': 'キューに残っている不正なメール',
    'queue-deleted': 'キューと一緒に削除された正規のメール',
    'receivers-refusing': '受信側の拒否',
    backscatter: '外部のアドレスへのバウンス（受け付け後のバウンスと /dev/null への配送を含む）',
    'relay-probing': '拒否した中継の試み',
    'open-relay': '中継された宛先',
    'outbound-port-blocked': '接続のタイムアウト',
    'server-trouble': '障害のログ行',
    impact: '影響度',
  },
  movers: {
    saslUsers: { title: 'SASL ユーザー', metric: '送信したメール数' },
    clientIps: { title: 'クライアント IP', metric: '活動量: 接続、メール、AUTH と IMAP/POP3 の失敗、受信拒否の合計' },
    senders: { title: 'エンベロープ送信者', metric: 'メール数' },
    localPrograms: { title: 'ローカルプログラム（sendmail）', metric: '外部ドメインの宛先数' },
    recipientDomains: { title: '宛先ドメイン', metric: '宛先数' },
    deferralCauses: { title: '配送遅延の原因', metric: '受信側と原因ごとの配送遅延の試行回数' },
    deferralReasons: { title: '配送遅延の理由', metric: '配送遅延の試行回数' },
  },
  ratesNote(p) {
    const lengths = `（対策前 ${periodLength(p.before)}、対策後 ${periodLength(p.after)}）`;
    return (p.sameLength ? `2 つの期間の長さはほぼ同じです${lengths}。` : `2 つの期間の長さが異なります${lengths}。`)
      + '件数は合計だけでなく 1 時間あたり・1 日あたりの頻度でも比べ、検出事項の変化は 1 時間あたりの頻度の変化で表します'
      + (p.shortPeriod ? '（1 時間に満たない期間は 1 時間として数えます）' : '') + '。';
  },
  orderAfterOlder: (p) => `対策後のログが対策前のログより古くなっています。2 つを取り違えていませんか。対策後の期間（${span(p.after)}）は、`
    + `対策前の期間（${span(p.before)}）が始まる${p.touching ? 'と同時に' : '前に'}終わっています。そのため、ここで「解決」とされた検出事項は、`
    + '対策によって消えたのではなく、古いほうのログにまだ現れていないだけです。早い時期のログ（またはそのレポート）を対策前に、'
    + '遅い時期のものを対策後に指定してください。'
    + (p.nextYear === undefined ? '' : `それとも、対策後のログは翌年のものですか。ログの行には年がなく、対策前にレポートを指定したときの --year は`
      + `対策後のログ自身の年です。--year ${p.nextYear} を指定してください。`),
  orderSame: (p) => `2 つの実行は同じ期間（${span(p.before)}）を対象にしています。同じログどうしであれば、この比較では対策の効果は分かりません。`,
  orderOverlapping(p) {
    const min = Math.max(1, Math.round(p.hours * 60));
    const length = p.hours < 1 ? `${num(min)} 分` : hours1(p.hours);
    return `2 つの期間が ${length}重なっています（対策前 ${span(p.before)}、対策後 ${span(p.after)}）。`
      + (p.afterFirst ? 'しかも対策後の期間のほうが先に始まっています。2 つを取り違えていませんか。'
        : p.holds === true ? '対策後の期間が対策前の期間をまるごと含み、さらに長くなっています（古いログも一緒にコピーしましたか）。' : '')
      + 'この時間帯のログ行は両方の実行に含まれて両方で数えられることがあり、そのぶん変化が見えにくくなります。'
      + '対策の効果を示すには、対策前のログが終わった後から始まるログを対策後に指定してください。'
      + (p.afterFirst ? '' : `同じログが伸びたものなら、--since "${p.before.to}" を付けて解析するか、ログそのものを compare に渡してください（その時点から読みます）。`);
  },
  unusable(p) {
    const what = `${SIDE[p.side]}の${p.source === 'report' ? 'レポート' : 'ログ'}`;
    const why = 'これと比べると、もう一方の検出事項はすべて「解決」または「新規」になり、対策の効果について何も分かりません。';
    if (p.reason === 'no-mail-lines' && p.since !== null) {
      return `${what}には、対策前の期間が終わる ${p.since} 以降の Postfix/Dovecot の行がありません（読んだ行 ${num(p.lines)} 行）。比較できません。`
        + '対策前と同じログか、それより古いログではありませんか。対策の後に書かれたログを指定してください。';
    }
    if (p.reason === 'no-mail-lines') {
      return `${what}には日付のある Postfix/Dovecot の行が 1 行もありません（読んだ行 ${num(p.lines)} 行）。比較できません。${why}`
        + `空のログ（ローテーション直後など）か、別の種類のファイルです。${SIDE[p.side]}の期間を含むログを指定してください。`;
    }
    return `${what}の大部分を解釈できませんでした（${p.path} の ${num(p.inputLines)} 行のうち ${num(p.unparsed)} 行を解析できません。`
      + `別の形式のログか、別の種類の圧縮ファイルではありませんか）。比較できません。${why}`;
  },
  headlineUnusable: (p) => `比較できません: ${p.sides.map((s) => `${SIDE[s.side]}の${s.source === 'report' ? 'レポート' : 'ログ'}`
    + (s.reason === 'no-mail-lines' ? 'に Postfix/Dovecot の行がありません' : 'の大部分を解釈できませんでした')).join('。')}。`,
  afterCut: (p) => `対策後のログは、対策前の期間が終わる ${p.since} 以降の行だけを分析しました。それより前の ${num(p.lines)} 行は除いています`
    + (p.uncounted === null ? '（対策前の期間の行で、対策前の側で数えています。'
      : `（対策前の期間の行ですが、${p.uncounted.lines === null || p.uncounted.lines === 0 ? 'その一部は'
        : `そのうち${p.uncounted.atLeast ? '少なくとも ' : ' '}${num(p.uncounted.lines)} 行は`}対策前の分析の開始（--since ${p.uncounted.since}）`
        + 'より前の行で、どちらの側でも数えていません。残りは対策前の側で数えています。')
    + 'それより前に始まったメールは途中からのメールとして数えます）。',
  afterCutUnlike: (p) => `対策後のログは、対策前の期間が終わる ${p.since} 以降の行だけを分析しました。それより前の ${num(p.lines)} 行は除いていますが、`
    + `対策前の期間の行ではないかもしれません。比べた対策前の期間の ${num(p.hours)} 時間で、対策前の分析は ${num(p.beforeLines)} 行、対策後のログは `
    + `${num(p.afterLines)} 行あり、行数がほぼ同じ時間は${p.alike === 0 ? 'ありません' : ` ${num(p.alike)} 時間だけです`}`
    + '（同じログが伸びたものなら、時間ごとの行は同じです）。対策後のログは'
    + `${p.host !== null ? `同じ名前（${p.host}）の` : ''}別のサーバーのものではありませんか。そうなら、その時間の行はどちらの側でも数えていません。`
    + '対策前のログと同じサーバーのログを指定してください。',
  zonesDiffer: (p) => {
    const zone = (z: string): string => (z === 'local' ? 'UTC との時差を含みません（従来の syslog 形式: サーバーのローカル時刻）' : `UTC${z} です`);
    return `対策前のログの時刻は${zone(p.before)}。対策後のログの時刻は${zone(p.after)}。2 つの期間の前後関係を正確に決められないため、記録どおりの時刻で比べています`
      + (p.afterLogs ? '。対策後のログは対策前の期間の終わりで区切らず、全体を分析しました。対策前のログと同じ行が含まれていないか確認してください' : '')
      + '。正確に比べるには、両方のログを同じ時刻形式で記録してください。';
  },
  olderBeforeOffsets: (p) => `対策前のレポートは、UTC との時差が途中で変わるログ（${p.offsets.join('、')}）から以前のバージョンで作られたものです。`
    + '時刻はログに記録されたままの時計の時刻で、期間の終わりは最後の行ではなくその最も遅い時刻のため、'
    + (p.afterCut ? '対策前の期間の終わりと、そこで区切った対策後のログの始まり' : '対策前の期間の終わりと 2 つの期間の前後関係')
    + 'が、時差の変わった分だけずれていることがあります。このバージョンで対策前のログを解析し直し、新しいレポートと比べてください（対策前のログそのものを指定しても構いません）。',
  optionsDiffer: (p) => `2 つの実行は異なる検出オプションで作られています（対策前: ${p.before ?? 'なし'}、対策後: ${p.after ?? 'なし'}）。`
    + '解決や新規の検出事項はログではなくオプションによるものかもしれません（許可したアカウントや IP は検出されず、しきい値を上げると検出が遅れます）。'
    + '対策の効果を比べるには、両方のログを同じオプションで解析してください。',
  purgeAfterCut: (p) => `対策後のログには postsuper による ${num(p.deleted)} 通の一括削除がありますが、対策前の期間の終わりから読んだ対策後の実行では、`
    + `どのメールかは分かりません（その前からキューにあったメールです）。対策前の期間の終わりにはキューに ${num(p.queued)} 通が残っていて`
    + (p.legitimate > 0 ? `、うち ${num(p.legitimate)} 通は ${p.senders.slice(0, 3).join('、')}${p.senders.length > 3 ? ' ほか' : ''} の正規のメールです。`
      + 'そのときまだキューにあったなら、削除で失われています（送信者に再送を依頼してください）。どれかを知るにはログ全体を解析してください。'
      : '。キューに残るメールの減少は削除によるもので、キューが空になったのではありません。'),
  versionsDiffer: (p) => '2 つのレポートは maillog-forensics の別のビルドで作られています: '
    + (['before', 'after'] as const).map((x) => `${SIDE[x]} ${p[x]}${p.noCommit.includes(x) ? '（コミットの記録なし: 旧版か、git のチェックアウト以外でビルドしたもの）' : ''}`).join('、')
    + '。ルールとその数値はビルドの間で変わるため、解決や新規の検出事項がそのためである可能性があります。対策の効果を比べるには、両方のログを同じビルドで分析してください。',
  languagesDiffer(p) {
    // レビュー AL, AL3: 両方が同じ言語なら「どちらも」（「対策前のレポートは英語、対策後のレポートは英語です」としない）。
    const langs = p.sides.map((x) => LANGUAGE_JA[x.lang] ?? x.lang);
    const which = p.sides.length === 1 ? `${SIDE[p.sides[0]!.side]}のレポートは${langs[0]}です`
      : langs[0] === langs[1] ? `対策前・対策後のレポートはどちらも${langs[0]}です` : `対策前のレポートは${langs[0]}、対策後のレポートは${langs[1]}です`;
    return `${which}: ここに出る検出事項の名前と対象はそのレポートのままです（日本語にするには --lang ja で分析し直してください）。`;
  },
  hostsDiffer: (p) => `2 つの実行に共通するホストがありません（対策前 ${p.before.join('、')}、対策後 ${p.after.join('、')}）。`
    + '同じサーバーのログですか。別々のサーバーを比べても、対策の効果は分かりません。',
  headline(p) {
    const c = p.counts;
    const total = c.resolved + c.reduced + c.persisting;
    // 背景レベルに戻った検出事項と、解消した検出事項の補足メモは別に数える（レビュー 19）。
    const background = p.background ?? [];
    const followUp = p.followUp ?? [];
    const reduced = c.reduced - background.length;
    const added = c.new - followUp.length;
    const stillGoingOn = p.stillGoingOn ?? [];
    let label: string;
    let rest: string;
    if (p.unchanged) {
      label = '変化なし';
      rest = `対策前の検出事項 ${num(total)} 件が${total === 1 ? '' : 'すべて'}同じ頻度で続いています。新たな検出事項はありません。`
        + intrudersConnectingJa(p.intrudersConnecting);
    } else if (total === 0 && c.new === 0) {
      label = '比較対象なし';
      rest = 'どちらの実行にも検出事項がありません。';
    } else {
      const parts: string[] = [];
      const unchecked = p.unchecked ?? [];
      const tooShort = p.tooShort ?? [];
      const newSenders = p.newSenders ?? [];
      // 対策後に検出されなくなった事項を解決と呼べない理由を一つの「ただし」にまとめる（review AK）。
      const caveats: string[] = [];
      if (p.sameRate.length > 0) {
        caveats.push(`${p.sameRate.join('、')}は 1 時間あたりの頻度が変わらず、対策後のログが ${p.afterHours} 時間と短いためにしきい値を下回っただけで、判断できません`);
      }
      // Review AB, F6: 対策後のログより長く途切れていた遅い不正は、止まったとは限らない。
      if (tooShort.length > 0) caveats.push(`対策後のログは ${p.afterHours} 時間分しかなく、${tooShort.join('、')}が止まったことを示すには短すぎます（その判定を参照）`);
      if (newSenders.length > 0) caveats.push(`${newSenders.join('、')}は対策後、対策前の実行が知らない IP から使われています（その判定を参照）`);
      if (unchecked.length > 0) caveats.push(`${unchecked.join('、')}は対策前の実行の侵入者の IP と照合できませんでした（その判定を参照）`);
      const but = caveats.length === 0 ? '' : `ただし${caveats.join('。また、')}`;
      if (total > 0) {
        parts.push(`対策前の検出事項 ${num(total)} 件のうち ${num(c.resolved)} 件が${caveats.length === 0 ? '解決' : `対策後は検出されていません。${but}`}`);
        for (const b of background) {
          // Review AL, AL2: 対策後の実行が実在するアカウントを狙っていると示すときは「いつものパスワード推測」と言わない。
          parts.push(`${b.rule}は背景レベルまで減少（対策後にログインに成功した推測者は`
            + (b.targeted === undefined ? 'なく、いつものパスワード推測が続いているだけ'
              : `ありませんが、ログイン失敗 ${num(b.targeted.of)} 回のうち ${num(b.targeted.failures)} 回は実在するアカウント ${b.targeted.name} を狙ったものです`)
            + `: 1 時間あたりのログイン失敗 ${b.after} 回、対策前 ${b.before} 回）`);
        }
        if (reduced > 0) parts.push(`${num(reduced)} 件が減少（${p.reduced.map((r) => (r.pct === null ? `${r.rule} ${r.severity ?? ''}`.trim() : `${r.rule} -${r.pct}%`)).join('、')}）`);
        // しきい値未満でも、対策前の実行の IP（またはメール）が続けているものは解決ではなく、別に挙げる。
        for (const g of stillGoingOn) parts.push(`${g.name}はルールのしきい値未満ですが継続中（${stillGoingOnShortJa(g)}）`);
        if (c.persisting > stillGoingOn.length) parts.push(`${num(c.persisting - stillGoingOn.length)} 件が継続`);
      } else if (but !== '') parts.push(but);
      rest = (parts.length > 0 ? `${parts.join('、')}。` : '')
        + (added === 0 ? '新たな検出事項はありません。' : `新たな検出事項が ${num(added)} 件あります（${p.added.join('、')}）。`)
        + (followUp.length > 0 ? `解決した検出事項の補足メモが ${num(followUp.length)} 件あります（${followUp.join('、')}: 対策の後に残った作業）。` : '')
        // Review AK, AK3: ラベルにかかわらず残っている遮断の作業（パスワードの対策は有効で、検出事項の状態は変わらない）。
        + intrudersConnectingJa(p.intrudersConnecting);
      label = added > 0 ? '要注意' : c.persisting > 0 ? '未解決' : p.sameRate.length > 0 || unchecked.length > 0 || tooShort.length > 0 || newSenders.length > 0 ? '判断保留' : reduced > 0 ? '改善' : '解決';
      // 新しいログと古いログの比較に「解決」とは書かない。
      if (p.reversed) return `順序を確認してください: ${REVERSED}${rest}`;
    }
    if (p.reversed) return `順序を確認してください: ${REVERSED}${label}: ${rest}`;
    // Review AB, F3: 伸びた同じログのレポートは対策前の期間も含み、その行は両方で数えられる。
    if (p.overlapHours !== undefined) {
      return `期間を確認してください: 2 つの期間が ${hours1(p.overlapHours)}重なり、その間の行は両方で数えられているため、対策の効果はほとんど分かりません。${label}: ${rest}`;
    }
    return `${label}: ${rest}`;
  },
  authOffOnPort25: (p) => `ポート 25 の SMTP AUTH: ${p.failedBefore > 0 ? `対策前は失敗 ${num(p.failedBefore)} 回、` : ''}`
    + `対策後は${p.failedAfter > 0 ? `失敗 ${num(p.failedAfter)} 回` : '失敗なし'}、拒否 ${num(p.refusedAfter)} 回（送信元 IP ${num(p.refusedIps)} 件）`
    + '（ポート 25 では AUTH が無効: 503 を返し、切断行の auth=0/N にだけ記録されます）'
    + (p.working ? '。パスワード推測の検出事項にあったポート 25 で SMTP AUTH を無効にする手順は実施済みで、効いています。ボットは今も試しており、拒否されています。' : '。'),
  newRefusals: (items) => `対策後に新たに: ${items.map((x) => `${x.receiver === 'Other receivers' ? 'その他の受信側' : x.receiver} からの「${REFUSAL_KIND_WORDS.ja[x.kind]}」による拒否 ${num(x.count)} 件`).join('、')}。`
    + '対策前にはなかった拒否です。検出事項になる件数には届きませんが、確認してください'
    + (items.some((x) => x.kind === 'unauthenticated') ? '（DNS レコードを変更した後に SPF/DKIM/DMARC による拒否が始まったなら、ドメインの SPF レコード、公開した DKIM の鍵、DMARC のポリシーのどれかに誤りがあります）。' : '。'),
  mailFlow: (p) => mailFlowJa(p) + (p.periodHours === undefined ? '' : shortRatesJa(p.periodHours)) + (p.relayedSpam ?? []).map((r) => `${SIDE[r.side]}の集計には、${r.sources.join('、')} がログインなしでスパムとして中継した宛先 `
    + `${num(r.recipients)} 件（open-relay）が、メールの流れとして含まれたままです。`).join(''),

  status(status, m, x) {
    const per = m.kind === 'count' ? '1 時間あたり ' : '';
    if (x?.followUp === true) return '補足メモ';
    if (x?.background === true) return '背景レベルまで減少（ログイン成功なし）';
    if (x?.stillGoingOn === true) return 'しきい値未満（継続中）';
    switch (status) {
      case 'resolved': return m.afterWithoutFinding?.sameRate === true ? '判断保留: しきい値未満（頻度は同じ）'
        : m.afterWithoutFinding?.tooShort !== undefined ? '判断保留: 対策後のログが短すぎます'
          : m.carriedOver?.newSenders !== undefined ? '判断保留: 対策前に見ていない IP から送信'
            : x?.intrudersUnchecked === true ? '判断保留: 侵入者の IP と照合できていません' : '解決';
      case 'new': return '新規';
      case 'reduced': return x?.bySeverity === true || m.changePct === null ? `減少（重大度 ${x?.severity ? severity(x.severity) : ''}）` : `${Math.round(-m.changePct)}% 減少`;
      default:
        if (x?.carried === 'queue-ids') return '継続（同じメールがキューに残っています）';
        if (x?.carried === 'intruder-ips') return '継続（ルールのしきい値未満）';
        if (m.changePct === null) return '継続';
        // 0% に丸まる変化は変化なし（レビュー 19、L1）。
        if (Math.round(m.changePct) === 0) return m.kind === 'count' ? '継続（1 時間あたりの頻度は変わらず）' : '継続（変化なし）';
        return m.changePct > 0 ? `継続（${per}${Math.round(m.changePct)}% 増加）` : `継続（${per}${Math.round(-m.changePct)}% 減少）`;
    }
  },
  amount: (value, perHour, unit) => {
    const c = counter(unit);
    return perHour === null ? `${num(value)} ${c}` : `${num(value)} ${c}（1 時間あたり ${perHour} ${c}）`;
  },
  noteMeasures: {
    failedLoginsFromIpsToCheck: 'ログインにも成功しているクライアントのログイン失敗（古いパスワード？）',
    refusedSenders: '送信者の拒否',
    messagesFromOtherIps: '所有者のものと分からない IP からのメール',
  },
  carriedAfter(p) {
    if (p.kind === 'queue-ids') {
      return `対策後は ${p.amount}。対策前の実行が不正と判定したキュー ID ${num(p.of)} 件（queue-delete.txt）のうち ${num(p.count)} 件が、`
        + '対策後のログの終わりにもキューに残っています（同じメールです）';
    }
    const mb = p.mailbox?.checked === true && p.mailbox.count > 0 ? p.mailbox : null;
    const sending = p.sending ?? (mb === null ? p.count : 0);
    const sends = `このアカウントで送信しています${p.messages === null ? '' : `（${num(p.messages)} 通）`}`;
    // Review P, P3 / review Q, Q10: the same IPs logging in through Dovecot, named with their logins.
    const ipText = (x: MailboxNoteIp): string => {
      if (x.logins === null) return `${x.ip}（ログインの詳細は対策後のレポートの詳細行の外）`;
      const p = intruderProtocols(x);
      return p.length === 1 ? `${x.ip} から ${p[0]![0].toUpperCase()} ${num(x.logins)} 回、${x.first ?? '?'} から`
        : `${x.ip} から ${num(x.logins)} 回（${p.map(([k, n]) => `${k.toUpperCase()} ${num(n ?? 0)} 回`).join('、')}）、${x.first ?? '?'} から`;
    };
    const opens = mb === null ? '' : ` Dovecot 経由でログインしています（ログイン ${num(mb.logins)} 回${mb.atLeast || mb.loginsAtLeast === true ? '以上' : ''}: `
      + mb.ips.slice(0, 5).map(ipText).join('。')
      + (mb.count > 5 ? `。ほか ${num(mb.count - 5)} 件の IP アドレス` : '') + '）';
    const what = mb === null ? `今も${sends}` : sending === 0 ? `今も${opens}` : `今もパスワードを使っています: ${num(sending)} 件は${sends}。${num(mb.count)} 件は${opens}`;
    const sieve = mb !== null && anySieveLogin(mb.ips)
      ? '。ManageSieve のログインではメールボックスの Sieve フィルター（メールの転送）を変更できます。確認してください' : '';
    const check = p.toCheck === undefined || p.toCheck.length === 0 ? ''
      : `。${p.toCheck.join('、')} は対策後にログインしているだけで（送信もログイン失敗も${p.toCheckUnknown === undefined || p.toCheckUnknown.length === 0 ? 'なし' : 'レポートの表にはなし'}）、所有者自身の端末でないかはログからは判断できません`
        + '（推測の後に初めて現れた携帯電話会社の共有アドレスの端末も一覧に入ります）: 所有者に確認してください'
        + (p.toCheckUnknown === undefined || p.toCheckUnknown.length === 0 ? ''
          : `（${p.toCheckUnknown.join('、')} が対策後にログインに失敗したかは不明です: 対策後のレポートはクライアント IP を上位 --top 件しか載せていません。--top 0 ですべて載ります）`);
    return `対策後は ${p.amount}${p.finding ? '' : 'で、ルールのしきい値未満'}。ただし対策前の実行が侵入者のものとした IP ${num(p.of)} 件（compromised-ips.txt）のうち `
      + `${num(p.count)} 件${p.atLeast ? '以上' : ''}が${what}。パスワードはまだ彼らに使えます`
      + check + sieve
      + (p.mailbox?.checked === false ? `。それらの IP の${LOGINS}は確認していません: ${mailboxUncheckedJa(p.mailbox.why)}` : '')
      + stillTryingJa(p.stillTrying, p.of, true);
  },
  stillGoingOnAfter(p) {
    if (p.kind === 'bounces') return `対策後は ${p.amount}で、ルールのしきい値未満。ただし${stillGoingOnShortJa(p)}。同じバックスキャッタが、しきい値未満で続いています`;
    const items = p.items.map((x) => (x.events === null ? x.key : `${x.key} ${num(x.events)} 回`)).join('、')
      + (p.more > 0 ? ` ほか ${num(p.more)} ${p.kind === 'queued' ? '通' : '件'}` : '');
    const below = p.finding ? 'で、対策後の実行では背景レベルのパスワード推測とされています' : 'で、ルールのしきい値未満';
    return `対策後は ${p.amount}${below}。ただし${stillGoingOnShortJa(p)}: ${items}。同じ${p.kind === 'queued' ? 'メール' : '攻撃元'}が、しきい値未満で続いています`;
  },
  ipsConnected(p) {
    // Review AK, AK8 follow-up: すべてのクライアント IP を持つ対策後のレポート（clientIpIndex）から、確かなこととして。
    const listed = p.list === 'blocklist-ips.txt' ? '対策前の実行が blocklist-ips.txt に挙げた' : '対策前の実行が名前を挙げた';
    const what = p.rule === 'sasl-bruteforce' ? 'ログインには失敗していません' : '試行はしていません';
    const where = p.connected === 0 ? (p.of === 1 ? `${listed} IP は対策後に接続していません` : `${listed} IP ${num(p.of)} 件はどれも対策後に接続していません`)
      : p.of === 1 ? `${listed} IP は対策後に接続しましたが、${what}`
        : `${listed} IP ${num(p.of)} 件のうち ${num(p.connected)} 件が対策後に接続しましたが、${p.connected === 1 ? '' : 'どれも'}${what}`;
    return `${p.complete ? p.after : `対策後 ${p.after}`}。${where}`;
  },
  ipsNotKnown(p) {
    // Review AK, AK8: 表に何が載っていないかを先に、分からないことをその後に（「まだ拒否されているか」ではなく「まだ試行しているか」）。
    const listed = p.list === 'blocklist-ips.txt' ? '対策前の実行が blocklist-ips.txt に挙げた' : '対策前の実行が名前を挙げた';
    const doing = p.rule === 'sasl-bruteforce' ? 'まだログインに失敗している' : 'まだ試行を続けている';
    const tables = `対策後のレポートのクライアント IP の表（--top ${num(p.top)} で打ち切り）`;
    const which = p.found === 0 && p.unknown === p.of ? `${listed} IP ${num(p.of)} 件はどれも`
      : `${listed} IP ${num(p.of)} 件のうち${p.found > 0 ? '残りの' : ''} ${num(p.unknown)} 件は`;
    return `${p.complete ? p.after : `対策後 ${p.after}`}。${which}${tables}にありません。その先で${doing}かどうかは分かりません`
      + '（--top 0 ですべて載せるか、対策後のログそのものと比較してください）';
  },
  resolvedAfter: (p) => resolvedAfterJa(p) + stillTryingJa(p.stillTrying, p.stillTrying?.of ?? 0) + newSendersJa(p.newSenders) + tooShortJa(p.tooShort),
  about: (name, value) => (value === null ? name : `${name}: ${value}`),
  findingVerdict(p) {
    const head = `${p.statusText}: ${p.about}（${p.rule}、${severity(p.severity)}）。${p.label}: `;
    if (p.status === 'resolved' || p.afterComplete === true) return `${head}対策前 ${p.before}、${p.after}。`;
    if (p.status === 'new') return `${head}対策後 ${p.after}。`;
    return `${head}対策前 ${p.before}、対策後 ${p.after}。`;
  },

  md: {
    verdict: '判定',
    warning: '警告',
    note: '注',
    sideWarning: (side) => `${SIDE[side]}のレポートの警告`,
    periodLabel: SIDE,
    baselineLabel: { before: 'ベースライン（対策前）', after: '今回の実行（対策後）' },
    periodLine: (p) => `- **${p.label}:** ${p.from} から ${p.to} まで（${p.timezone === 'local' ? 'サーバーのローカル時刻' : `UTC${p.timezone}`}）、`
      + `${p.hours} 時間。${num(p.lines)} 行、検出事項 ${num(p.findings)} 件。入力: ${p.kind === 'report' ? 'レポート' : 'ログ'} ${p.paths.join('、')}。`,
    change: (p) => `${p.label}: ` + (p.status === 'resolved' || p.afterComplete === true ? `対策前 ${p.before}、${p.after}`
      : p.status === 'new' ? `対策後 ${p.after}`
        : `対策前 ${p.before}、対策後 ${p.after}`),
    verdictLine: (p) => `- ${p.badge} [${p.severity}] ${p.about}。${p.change}。\`${p.rule}\``,
    totals: '集計の比較',
    totalsHeaders: ['項目', '対策前', '対策後', '増減', '対策前（1 日あたり）', '対策後（1 日あたり）', '頻度の変化'],
    points: (x) => `${x} ポイント`,
    ratesLine: (p) => `1 日あたりの値は、それぞれの期間の長さ（対策前 ${periodLength(p.before, 2)}、対策後 ${periodLength(p.after, 2)}）をもとに計算しています。${shortRatesJa(p)}`
      + 'バウンス率は、最終状態になった宛先のうちバウンスまたは期限切れになったものの割合です。'
      + '「ログ終了時点でキューに残っていたメール」は各ログの終了時点の値で、そのまま比べています。',
    leftOutLine: (sides) => `「${LEFT_OUT}」の行は、「不正利用されたメールアカウント」の検出事項が示すアカウントのメールを除いた値です。`
      + sides.map((s) => `${SIDE[s.side]}: ${s.accounts.map((x) => `${x.user}（${x.since === null ? 'ログの全期間' : `パスワードを推測された ${x.since} 以降`}: `
        + `メール ${num(x.messages)} 通、配送完了 ${num(x.delivered)} 件`
        + (x.bounceNotices > 0 ? `、それに対するバウンス通知の配送完了 ${num(x.bounceNotices)} 件` : '') + '）').join('、')}。`).join(''),
    evidence: '根拠',
    logLines: (side) => `該当するログ（${SIDE[side]}）:`,
    oneSide: (p) => (p.change === null
      ? `- ${p.badge}: ${p.about}。${SIDE[p.side]}の ${p.from} から ${p.to} まで。\`${p.rule}\``
      : `- ${p.badge}: ${p.about}。${p.change}。\`${p.rule}\`\n- 対策前: ${p.from} から ${p.to} まで。根拠と該当するログは`
        + `${p.source === 'report' ? '対策前のレポート' : '対策前のログを分析したレポート'}にあります。`),
    bothSides: (p) => `- ${p.badge}: ${p.about}。${p.label}${p.perHour ? 'の 1 時間あたりの頻度' : ''}で比べています。\`${p.rule}\``,
    sideTitle: (p) => `- ${SIDE[p.side]}: ${p.title}（${p.from} から ${p.to} まで）`,
    evidenceHeaders: ['根拠', '対策前', '対策後'],
    subjectRow: '対象',
    severityRow: '重大度',
    group: (which, n) => `${{ resolved: '解決', unclear: '判断保留', reduced: '減少', stillGoingOn: 'しきい値未満（継続中）', persisting: '継続', new: '新規' }[which]}（${num(n)} 件）`,
    groupNone: {
      resolved: '_対策前の検出事項のうち、解決したものはありません。_',
      reduced: '_対策前の検出事項のうち、減少したものはありません。_',
      persisting: '_対策前の検出事項で、対策後も続いているものはありません。_',
      new: '_対策前になかった検出事項はありません。_',
    },
    movers: '大きく変化した項目',
    moversIntro: '1 日あたりの頻度が大きく変わったものです（増加・減少とも）。「新規」は対策前になかったもの、「消滅」は対策後になくなったものです。',
    moverHeading: (title, metric) => `${title}（${metric}）`,
    moverNone: '_1 日あたりの頻度に変化はありません。_',
    moverHeaders: {
      key: '対象', reason: '理由（正規化済み）', dsn: 'DSN', cause: '受信側: 原因', code: 'コード', before: '対策前', after: '対策後', beforePerDay: '対策前（1 日あたり）',
      afterPerDay: '対策後（1 日あたり）', changePerDay: '1 日あたりの増減', status: '状態',
    },
    moverStatus: { new: '新規', gone: '消滅', up: '増加', down: '減少' },
    moverStatusCut: { new: '対策前の表になし（--top で打ち切り）', gone: '対策後の表になし（--top で打ち切り）' },
    noKey: '（なし）',
    approximate: '\\* 一方のレポートの表が `--top` で打ち切られていて、その表には含まれていません。その側は 0 として数えていますが、'
      + '実際の件数はその表の最後の行の値以下です。',
    charts: 'グラフ',
    chartsIntro: '対策前と対策後を、それぞれの期間の開始からの経過時間で重ねて表示しています（このファイルと同じフォルダーにある SVG ファイル）:',
    appendix: '付録',
    inputHeaders: ['区分', '入力ファイル'],
    generatedBy: (p) => `${p.tool} ${p.version} で作成（比較 ${p.comparison}、レポートスキーマ ${p.schema}。比較したレポートはバージョン `
      + `${p.before} と ${p.after} で作成）。`,
    baseline: 'ベースラインとの比較',
    baselineIntro: (paths) => `今回の実行を、ベースライン ${paths} と比較しました:`,
  },

  html: {
    kicker: 'メールログ調査 · 対策前後の比較',
    contents: '目次',
    periodNote: (hours, lines) => `（${hours} 時間、${lines} 行）`,
    tiles: { resolved: '解決', unclear: '判断保留', reduced: '減少', stillGoingOn: 'しきい値未満（継続中）', persisting: '継続', new: '新規' },
  },

  charts: {
    deferred: {
      title: '配送遅延の試行回数（対策前と対策後）',
      description: (u) => `${PER[u]}の配送遅延の試行回数。${X_NOTE[u]}`,
      empty: 'どちらの期間にも配送の遅延はありません。',
    },
    authFailures: {
      title: 'ログイン失敗（対策前と対策後）',
      description: (u) => `${PER[u]}の SMTP AUTH と IMAP/POP3 のログイン失敗。${X_NOTE[u]}`,
      empty: 'どちらの期間にもログイン失敗はありません。',
    },
    delivered: {
      title: '配送完了した宛先（対策前と対策後）',
      description: (u) => `${PER[u]}の配送完了（status=sent）の宛先数。${X_NOTE[u]}`,
      empty: 'どちらの期間にも配送完了の宛先はありません。',
    },
    deliveredLegitimate: {
      title: '正規のメールの配送完了（対策前と対策後）',
      description: (u) => `不正利用されたアカウントがパスワードを推測された後に送信したメールを除いた、${PER[u]}の配送完了の宛先数です`
        + `（集計の「${LEFT_OUT}」の行と同じ）。除いたスパムは赤い点線で別に示しています。メールが届いた時刻で数え、${X_NOTE[u]}`,
      empty: 'どちらの期間にも配送完了の宛先はありません。',
      spam: (side) => `除いたスパム（${SIDE[side]}）`,
    },
    deliveredSpamIncluded: {
      title: '配送完了した宛先（対策前と対策後、スパムを含む）',
      description: (u) => `${PER[u]}の配送完了（status=sent）の宛先数。${X_NOTE[u]}古いバージョンで作成したレポートには、不正利用された`
        + `アカウントのスパムがいつ届いたかの記録がないため、ここではスパムも含めています（集計の「${LEFT_OUT}」の行では除いています）。`,
      empty: 'どちらの期間にも配送完了の宛先はありません。',
    },
    queue: {
      title: 'キュー内のメール数（対策前と対策後）',
      description: (u) => `ログから再構成した Postfix のキュー内のメール数。${X_NOTE[u]}`,
      empty: 'どちらの期間も、キューは常に空でした。',
    },
    series: (side, h) => `${SIDE[side]}（${hours1(h)}）`,
    xAxis: (bin, u) => (u === 'hour'
      ? `各期間の開始からの経過時間${bin === 1 ? '' : `（${bin} 時間単位）`}`
      : `各期間の開始からの経過時間（分${bin === 1 ? '' : `、${bin} 分単位`}）`),
    yCount: (bin, u) => `${PER[u]}の件数${bin === 1 ? '' : `（${bin} ${UNIT[u]}の平均）`}`,
    yQueue: 'キュー内のメール数',
  },
};
