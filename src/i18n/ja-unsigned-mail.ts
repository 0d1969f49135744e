// 日本語: unsigned-mail（DKIM 署名なしで送られた自社ドメインのメール）の対処方法。コマンドは英語版と同じものを
// detect/rules/unsigned-mail.ts から使います。

import type { UnsignedAdvice } from './index.js';
import {
  MILTER_OVERRIDE_LINES, NON_SMTPD_MILTER_LINES, OPENDKIM_TABLES_LOOK, RSPAMD_LOOK_LINES, amavisKeyLines, keyCheckLines, signingTableLines,
  unsignedFacts,
} from '../detect/rules/unsigned-mail.js';

const num = (n: number): string => n.toLocaleString('ja-JP');

export function jaUnsignedMail(p: UnsignedAdvice | null): string {
  const out: string[] = [];
  const all = p === null;
  const f = unsignedFacts(p);
  out.push('OpenDKIM がメールに署名するのは、Postfix がそのメールを渡し、かつ OpenDKIM の設定がその送信者を署名対象としている場合だけです。'
    + (all ? 'OpenDKIM のログ行（またはその欠如）からわかる原因ごとの対処は次のとおりです:' : 'このログからわかる原因と、それぞれの変更点は次のとおりです:'));
  if (p !== null && p.likely === true) {
    out.push('', `**推定であり、記録ではありません**: ここでは OpenDKIM が付けた署名を記録していません（\`DKIM-Signature field added\` の行がなく、`
      + `\`SyslogSuccess\` がオフ）。そのため、署名されたことを示す行はありません。OpenDKIM は SMTP で届いたメール ${num(p.opendkimSmtpd ?? 0)} 通について行を`
      + '記録していますが、sendmail で投入されたメールについては 1 行もなく、受信側はそのメールを認証なしとして拒否しています。既知の原因は下の '
      + '`non_smtpd_milters` です。変更する前に確認してください: `postconf non_smtpd_milters`（空なら原因はこれです）。また、フォームから外部の'
      + '自分のメールボックスへテストを送り、ヘッダーに `DKIM-Signature:` の行があるか（署名されたか）を見てください。/etc/opendkim.conf で '
      + '`SyslogSuccess yes` と `LogWhy yes` を有効にすると、以後はログにそれが記録されます。');
  }
  if (all || p.pickup > 0) {
    out.push('', `**サーバー上で sendmail により投入されたメール**（PHP の \`mail()\`、Web フォーム、cron: postfix/pickup の行）${all ? '' : `${num(p.pickup)} 通`}は、`
      + 'どのマイルターも通っていません。`smtpd_milters` は SMTP で届いたメールのためのマイルターで、sendmail からのメールは cleanup を'
      + '通り、cleanup は `non_smtpd_milters` のマイルターを呼びます（Postfix の MILTER_README）。確認してから、同じマイルターを指定します:',
    '', ...NON_SMTPD_MILTER_LINES, '',
    `フォームと同じ方法でテストを送り（\`printf 'Subject: test\\n\\ntest\\n' | sendmail -f you@${f.testDomain} you@gmail.com\`）、`
      + 'そのメールの `DKIM-Signature field added` の行を確認してください。Postfix はこうしたメールを localhost [127.0.0.1] から来たものとして'
      + 'マイルターに渡し、これは OpenDKIM の既定の InternalHosts に含まれます。代わりに `not internal` と記録される場合は、'
      + 'InternalHosts に 127.0.0.1 を追加してください。');
  }
  if (all || p.submission > 0) {
    out.push('', `**ログインしたクライアントのメールで OpenDKIM の行がないもの**${all ? '' : `（${num(p.submission)} 通）`}: ほかのメールには署名されているので、`
      + 'master.cf のサービスがマイルターを上書きしています（`-o smtpd_milters=` が空か OpenDKIM を含まない、または `-o '
      + 'receive_override_options=no_milters`）。確認して、上書きを削除するか OpenDKIM を加えてください:',
    '', ...MILTER_OVERRIDE_LINES);
  }
  if (all || p.tableAddresses.length > 0) {
    out.push('', `**SigningTable に該当する行がない**（\`no signing table match for '…'\`）${all ? '' : `: ${p.tableAddresses.join('、')}`}。OpenDKIM は `
      + 'From: ヘッダーのアドレスを SigningTable で探します。テーブルの場所を確認してから、ドメインを追加します:',
    '', ...OPENDKIM_TABLES_LOOK, '',
    f.under
      ? `${f.tableDomain} は ${f.signedDomain} のサブドメインで、OpenDKIM はその鍵を持っています。SigningTable に 1 行加えれば、その鍵で署名されます（d=${f.signedDomain}。DMARC の relaxed アライメントではサブドメインも一致とみなされます）:`
      : `独自のドメインの場合は、鍵を作り、KeyTable と SigningTable に加え、\`mail.txt\` を TXT レコード \`mail._domainkey.${f.tableDomain}\` として公開します:`,
    '', ...signingTableLines(f), '',
    'grep で表示されたファイルを使ってください。`*@domain` の形の行は、テーブルをパターンのファイルとして読む場合にだけ一致します: '
      + '`SigningTable refile:/etc/opendkim/signing.table`（パスだけの指定は完全一致です。opendkim.conf(5)）。');
  }
  if (all || p.domainList.length > 0) {
    out.push('', `**Domain の一覧にない**（\`no signing domain match for '…'\`）${all ? '' : `: ${p.domainList.join('、')}`}。/etc/opendkim.conf の \`Domain\` `
      + '（カンマ区切りの一覧、またはファイル）に加えるか、上のように KeyTable と SigningTable で署名してから、`systemctl restart opendkim` を実行します。');
  }
  if (all || p.external > 0) {
    out.push('', `**OpenDKIM が外部とみなしたクライアント**（\`not internal\`、\`external host … attempted to send as …\`）${all || p.externalClients.length === 0 ? '' : `: ${p.externalClients.join('、')}`}。`
      + 'OpenDKIM が署名するのは InternalHosts にあるクライアントと、ログイン（SMTP AUTH）したクライアントのメールで、それ以外は受信メールとして'
      + '検証します。自社のクライアント（Web サーバー、複合機など）であれば、そのアドレスを InternalHosts に加えて（`InternalHosts '
      + 'refile:/etc/opendkim/TrustedHosts`、1 行に 1 つのホストまたはネットワーク、127.0.0.1 は残す）opendkim を再起動するか、ログインさせてください。');
  }
  if (all || p.keyErrors > 0) {
    out.push('', `**読み込めない鍵**${all ? '' : `（${num(p.keyErrors)} 行）`}（\`error loading key\`、\`signing table references unknown key\`）: `
      + 'OpenDKIM はそのメールに 451 4.7.1 を返し、クライアントが再送しています。KeyTable の各行は、opendkim が所有しモード 600 の鍵ファイル'
      + '（RequireSafeKeys）を指し、鍵は公開されているレコードと一致している必要があります:',
    '', ...keyCheckLines(f));
  }
  if (all || (p.rspamdUnsigned ?? 0) > 0 || (p.rspamdKeyErrors ?? 0) > 0) {
    out.push('', `**rspamd が署名しなかったメール**${all ? '' : `（${num(p.rspamdUnsigned ?? 0)} 通）`}（\`rspamd_task_write_log\` の行に \`DKIM_SIGNED\` がない）。`
      + 'rspamd はほかのメールには署名しています。dkim_signing モジュールが署名するのは、ログインしたユーザー（`auth_only`）と、ローカルまたは '
      + '`sign_networks` のアドレスからのメールで、From: のドメインがエンベロープの送信者（`allow_hdrfrom_mismatch = false`）とログイン名'
      + '（`allow_username_mismatch = false`）のドメインに一致し、`path` に鍵がある場合です（既定は `/var/lib/rspamd/dkim/$domain.$selector.key`、'
      + '`use_esld = true` では組織ドメイン）。理由はデバッグレベルでしか記録されないため、設定を確認し、テストの間だけデバッグ行を有効にしてください:',
    '', ...RSPAMD_LOOK_LINES);
    if (!all && (p.rspamdKeyErrors ?? 0) > 0) {
      out.push('', `rspamd は鍵を ${num(p.rspamdKeyErrors!)} 回読み込めませんでした（\`cannot load dkim key\`${p.rspamdKeyFile ? ` ${p.rspamdKeyFile}` : ''}）。`
        + `ファイルがその名前で存在し、rspamd のユーザーが読めることを確認してください（\`ls -l ${p.rspamdKeyFile ? p.rspamdKeyFile : '/var/lib/rspamd/dkim/'}\`、`
        + 'Debian では続けて `chown _rspamd: …`）。');
    }
  }
  if (all || (p.amavisUnsigned ?? 0) > 0) {
    const dom = p !== null && (p.amavisDomains ?? []).length > 0 ? p.amavisDomains![0]! : f.testDomain;
    out.push('', `**amavis が署名しなかったメール**${all ? '' : `（${num(p.amavisUnsigned ?? 0)} 通${(p.amavisDomains ?? []).length > 0 ? `、${p.amavisDomains!.join('、')}` : ''}）`}`
      + '（`Passed` の行に `dkim_new=` がない）。amavis はほかのメールには署名しています。amavis が署名するのは、送信元のクライアント'
      + '（`@mynetworks`、または submission ポートの ORIGINATING ポリシーバンク）からのメールで、From: のドメインに `dkim_key(…)` の行がある場合です。'
      + '行のないドメインには、鍵を作って行を加え、`amavisd showkeys` が表示するレコードを公開します:',
    '', ...amavisKeyLines(dom));
  }
  if (p !== null && (p.milterDown ?? 0) > 0) {
    const sent = p.sentWhileDown ?? 0;
    out.push('', `**Postfix がマイルターに接続できませんでした**（${num(p.milterDown!)} 回、\`warning: connect to Milter service …\`）。`
      + '`milter_default_action = accept` の場合、その間のメールは署名なしで送られています'
      + (sent > 0 ? `（警告から 1 分以内に自社ドメインのメール ${num(sent)} 通が送られ、署名する側の行がありません${p.downAt ? `。${p.downAt}` : ''}）` : '')
      + '。opendkim が動いていて、`smtpd_milters` の指す場所で'
      + '待ち受けていることを確認してください（`systemctl status opendkim`、`ss -ltnp | grep opendkim`。/run の下のソケットは chroot された smtpd '
      + 'からは届きません。127.0.0.1 の TCP ポートを使ってください）。');
  }
  out.push('', (p !== null && p.signingKeys.length > 0
    ? `${f.signedDomain} の鍵を新しく作らないでください: ${p.keySigners === undefined || p.keySigners.length === 0 ? 'OpenDKIM' : p.keySigners.join(' と ')} はすでに ${p.signingKeys.join('、')} で署名しており、新しい鍵は公開済みのレコードと一致しなくなります。`
    : '')
    + '`milter_default_action = accept` の場合、opendkim が止まっている間もメールは署名なしで送られます（Postfix は `warning: '
    + 'connect to Milter service …` と記録します）。'
    + (p !== null && p.refused > 0
      ? '受信側に拒否された宛先にはメールが届いていません。署名されるようになってから再送するよう、送信者に伝えてください（キュー ID は根拠にあります）。'
      : '署名されれば、自社ドメインについての受信側の SPF/DKIM による拒否はなくなります。'));
  if (all || p.otherSignersUnseen === true) {
    out.push('', 'この判断は OpenDKIM の行だけに基づいています。このログには rspamd と amavis の行がありません。どちらかがここでも署名していて、'
      + '専用のファイルに記録している場合（rspamd の既定は /var/log/rspamd/rspamd.log）、この検出事項に挙げたメールが署名されて送られた可能性があります。'
      + 'まずそこでキュー ID を探してください（`grep キューID /var/log/rspamd/rspamd.log`。行に `DKIM_SIGNED` があれば署名済みです）。'
      + 'そのファイルを maillog と一緒にこのツールに渡せば（`maillog-forensics analyze maillog /var/log/rspamd/rspamd.log`）、rspamd の判定を'
      + 'キュー ID でメールに突き合わせます。または rspamd が maillog に記録するようにします（/etc/rspamd/local.d/logging.inc に `type = "syslog"; facility = "mail";`）。');
  }
  return out.join('\n');
}
