// 日本語: 各検出ルールの名前、「なぜ問題か」「対処方法」。設定やコマンドはそのまま、コメントだけ日本語にしています。
// Postfix / Dovecot の用語（SASL、smtpd、postsuper、master.cf …）は訳しません。

import type { RuleCopy, RuleId } from './index.js';

export const JA_RULES: Record<RuleId, RuleCopy> = {
  'compromised-account': {
    title: '不正利用されたメールアカウント',
    why: 'このアカウントのパスワードを第三者が知っています。認証済みのアカウントから送られるスパムはリレー制限をすべて通過し、'
      + 'このサーバーの IP アドレスとドメインの評価を背負って送信され、キューによって何日も再送されます。その結果、受信側'
      + '（Gmail、Yahoo、Microsoft）はこの IP からのメールをすべて拒否するようになり、お客様の正規のメールまで届かなくなります。',
    fix: [
      'ただちにアカウントを停止し、新しい強力なパスワードを設定してください（例は Dovecot の passwd-file です。お使いのユーザーデータベースに合わせてください）:',
      '',
      '```',
      'doveadm pw -s SHA512-CRYPT            # 新しいパスワードの {SHA512-CRYPT}$6$… を表示',
      '# /etc/dovecot/users（または SQL/LDAP のユーザーテーブル）で該当アカウントのハッシュを置き換えてから:',
      'doveadm auth test <user>              # 新しいパスワードでログインできるか確認',
      'doveadm kick <user>                   # 接続中の IMAP/POP3 セッションを切断',
      '```',
      '',
      '認証済みのユーザーが他人のアドレスを送信者にできないようにします（`main.cf`）:',
      '',
      '```',
      'smtpd_sender_login_maps = hash:/etc/postfix/sender_login',
      'smtpd_sender_restrictions = reject_sender_login_mismatch',
      '```',
      '',
      'キューに残っているこのアカウントのメールは、保留（hold）して中身を確認してから、それだけを削除します。queue-cleanup の検出事項（`queue-delete.txt`）を参照してください。',
      'アカウントの利用者には、パスワードが推測されたか漏えいしたことを伝えてください（十分に強いパスワードだった場合は、利用者の PC がマルウェアに感染していないか確認してください）。',
    ].join('\n'),
  },

  'sasl-bruteforce': {
    title: 'パスワード推測攻撃（SASL ブルートフォース）',
    why: 'ボットは SMTP AUTH（および IMAP/POP3）に対して、成功するまでユーザー名とパスワードを試し続けます。メールボックスの'
      + 'パスワードが推測されると、サーバーはスパムの踏み台になります。スパムはこのサーバーの IP とドメインで送信されるため、IP が'
      + 'ブロックリストに載り、お客様自身のメールも受信を拒否されます。失敗した試行のたびに Dovecot や saslauthd への照会も発生します。',
    fix: [
      'AUTH はサブミッションポート（587/465）だけで受け付け、ポート 25 では無効にします（`master.cf`）:',
      '',
      '```',
      'smtp      inet  n       -       y       -       -       smtpd',
      '  -o smtpd_sasl_auth_enable=no',
      'submission inet n       -       y       -       -       smtpd',
      '  -o smtpd_sasl_auth_enable=yes',
      '  -o smtpd_tls_security_level=encrypt',
      '```',
      '',
      'クライアントごとの AUTH の試行回数を anvil で制限し（`main.cf`）、`postfix reload` します:',
      '',
      '```',
      'smtpd_client_auth_rate_limit = 10',
      'anvil_rate_time_unit = 60s',
      '```',
      '',
      '失敗を繰り返す IP は、fail2ban に付属する `postfix-sasl` と `dovecot` の jail で遮断します（`/etc/fail2ban/jail.d/mail.local`）:',
      '',
      '```',
      '[postfix-sasl]',
      'enabled  = true',
      'mode     = auth',
      'maxretry = 5',
      'findtime = 10m',
      'bantime  = 1d',
      '',
      '[dovecot]',
      'enabled = true',
      '```',
      '',
      '攻撃元の IP をすぐに遮断するには、このレポートと同じ場所に書き出した `blocklist-ips.txt`（1 行に 1 件）を使います。例:',
      '`while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done < blocklist-ips.txt`',
    ].join('\n'),
  },

  'queue-flood': {
    title: '配送遅延の急増とキューの肥大化',
    why: '遅延（deferred）したメールはすべて再送されます（既定では maximal_queue_lifetime の 5 日間）。再送のたびに接続が 1 回、'
      + 'ログが 1 行、受信拒否が 1 件増え、IP の評価はさらに下がります。数千通に膨らんだキューは正規のメールの配送を遅らせ、'
      + 'ログとディスクを埋め、再送の負荷でロードアベレージも上がります。',
    fix: [
      'キューの状態を確認し、削除する前に、自分たちのものではないメールを保留します（正確な一覧は queue-cleanup の検出事項を参照）:',
      '',
      '```',
      'postqueue -p | tail -1                 # キューにあるメールの件数',
      'postqueue -j > queue.json              # 機械処理用のスナップショット（--queue queue.json で本ツールに渡せます）',
      'postsuper -h - < queue-delete.txt      # 不正なメールを保留',
      'postsuper -d - < queue-delete.txt      # その後で削除',
      '```',
      '',
      'クリーンアップの間は、何日も再送し続けないように `main.cf` を変更します（作業が終わったら既定値に戻してください）:',
      '',
      '```',
      'maximal_queue_lifetime = 1d',
      'bounce_queue_lifetime = 1h',
      '```',
    ].join('\n'),
  },

  'queue-cleanup': {
    title: 'キューに残るスパム: 削除リスト',
    why: 'キューをまとめて削除する（`postsuper -d ALL`）と、再送を待っている利用者の正規のメールまで消えてしまいます。'
      + 'このレポートと一緒に書き出したリストには、不正送信のキュー ID だけが入っています。不正利用されたアカウントから'
      + '送信されたメールと、それが原因で詐称された送信者宛てに生じたバウンスです。',
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
      '「postsuper -d ALL でキューから削除されたメール」の一覧にある正規のメールの送信者に、再送を依頼してください。'
      + '宛先には届いていません。',
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
      + 'だけなので、あるクライアント IP を信頼しすぎているか、制限リストの早い段階で許可（permit）してしまっています。',
    fix: [
      '中継は、ログインしたユーザーと自社で管理するホストだけに限定します（`main.cf`）:',
      '',
      '```',
      'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination',
      'mynetworks = 127.0.0.0/8 [::1]/128        # 自分で管理しているホストだけ。プロバイダーのアドレス範囲全体は決して入れない',
      '```',
      '',
      '現在有効な設定を確認し、反映します:',
      '',
      '```',
      'postconf mynetworks smtpd_relay_restrictions smtpd_recipient_restrictions relay_domains',
      'postfix reload',
      '```',
      '',
      '社外のネットワークにあるホストからテストします（`454 4.7.1 … Relay access denied` が返れば正常です）:',
      '`swaks --server mail.example.jp --from test@example.org --to someone@gmail.com`',
      '一覧の IP が本当に自社のもの（Web サーバー、複合機、コンテンツフィルターからの再投入など）であれば、ログインさせるか '
      + '`--allow-ips` で除外してください。そのうえで、キューに残っている中継メールを保留・削除します（`postqueue -p`、`postsuper -h`／`-d`）。',
    ].join('\n'),
  },

  'relay-probing': {
    title: 'リレーの試行とアドレス収集',
    why: 'ボットはあらゆるメールサーバーに対してオープンリレーかどうかを試し、よくある名前（info、admin、sales など）を順に試して'
      + '実在するメールボックスを探します。見つかったメールボックスには、次にスパムとパスワード推測が向けられます。拒否された試行'
      + 'そのものに害はなく、重要なのはすべてが拒否されていることです。試行元の IP がログインせずにメールを中継させたことがあれば、'
      + 'このサーバーはオープンリレーです（open-relay の検出事項を参照）。',
    fix: [
      'すべての試行が拒否されている限り、問題は起きていません。この状態を保ち、試行のコストを高くします:',
      '',
      '```',
      'postconf smtpd_relay_restrictions       # 最後が defer_unauth_destination または reject_unauth_destination であること',
      '```',
      '',
      '`main.cf` で、エラーの多いクライアントの応答を遅らせ、切断します:',
      '',
      '```',
      'smtpd_soft_error_limit = 3',
      'smtpd_hard_error_limit = 5',
      'smtpd_error_sleep_time = 5s',
      'postscreen_dnsbl_sites = zen.spamhaus.org*2   # ポート 25 で postscreen を使っている場合',
      '```',
      '',
      'fail2ban の `postfix` jail（mode は `more` または `aggressive`）で、`Relay access denied` や `User unknown` の拒否を'
      + '繰り返す IP を遮断します（`/etc/fail2ban/jail.d/mail.local`）:',
      '',
      '```',
      '[postfix]',
      'enabled  = true',
      'mode     = aggressive',
      'maxretry = 5',
      '```',
    ].join('\n'),
  },

  backscatter: {
    title: 'バックスキャッター: 詐称された送信者へのバウンス',
    why: 'バウンスはエンベロープの送信者宛てに送られますが、スパムの送信者は詐称されています。配送できないメールをいったん受け付けて'
      + '後からバウンスするサーバーは、無関係な人にバウンスを送りつけることになります。これがバックスキャッターで、'
      + 'ips.backscatterer.org のようなリストや受信側のスパムフィルターは、これを送信元 IP の悪い評価として数えます。自サーバーから'
      + '出たスパム（不正利用されたアカウントが送信者を詐称して送ったもの）のバウンスも同じ結果になります。存在しないユーザー宛ての'
      + 'メールを `luser_relay` で /dev/null に捨てている場合は、メールが黙って失われるうえ、アドレス収集を行う相手に「どの名前も'
      + '実在する」と教えることになります。',
    fix: [
      '存在しない宛先は、後からバウンスするのではなく、SMTP の対話中に拒否します（`main.cf`）:',
      '',
      '```',
      'smtpd_reject_unlisted_recipient = yes',
      'local_recipient_maps = proxy:unix:passwd.byname $alias_maps     # local(8) のドメイン',
      'virtual_mailbox_maps = hash:/etc/postfix/vmailbox                # virtual のドメイン: 実在するメールボックスをすべて記載',
      '#luser_relay = devnull                                           # 削除する: どんな名前でも受け付けてしまう',
      '```',
      '',
      'Dovecot LMTP を使っていて Postfix 側にマップがない場合は、受け付ける前に Postfix に宛先を確認させます。'
      + '`smtpd_recipient_restrictions` に `reject_unverified_recipient` を入れるか、`virtual_mailbox_maps` にメールボックスを'
      + '列挙してください。その後、マップを `postmap` してから `postfix reload` します。',
      '',
      'バウンスが、不正利用されたアカウントから送信者を詐称して送られたスパムによるものなら、まずスパムを止め（compromised-account の'
      + '検出事項）、送信者の詐称を拒否し（`smtpd_sender_restrictions = reject_sender_login_mismatch`）、キューにあるバウンスを'
      + 'スパムと一緒に削除します（queue-cleanup の検出事項の `queue-delete.txt`）。リストへの掲載状況は '
      + '`dig +short <reversed-ip>.ips.backscatterer.org` で確認できます。',
    ].join('\n'),
  },

  'receivers-refusing': {
    title: '受信側によるメールの拒否（送信量制限、認証、ブロックリスト）',
    why: '大手の受信サーバーは、拒否する理由を公開されたコードとともに応答で示します。Gmail の 421-4.7.28／4.7.0 と 550-5.7.1'
      + '（迷惑メールの異常な量、評価の低下）、550-5.7.26／5.7.27（SPF や DKIM で認証されていない）、550-5.7.25（逆引き DNS がない）、'
      + 'Yahoo の TSS04（送信量または利用者からの苦情）、Microsoft の S3150 と 4.7.650（ブロックリスト、IP の評価）、そして Spamhaus '
      + 'などの DNS ブロックリストです。拒否が続く間、利用者の正規のメールはキューで待たされるかバウンスし、スパムが再送されるたびに'
      + '評価はさらに下がります。',
    fix: [
      'まず評価を下げている原因（不正利用されたアカウント、オープンリレー、バックスキャッターの各検出事項）を止め、キューからスパムを'
      + '取り除きます（queue-cleanup）。送信量制限や評価によるブロックは、スパムが止まってから数日で自然に解除されます。',
      '',
      '認証なし（5.7.26、5.7.27）: まず、どのドメインが認証に失敗したかを確認します（根拠の `domainsFailingAuthentication`）。'
      + 'すべて他者のドメインであれば（`ourDomainAmongThem = no`）、このサーバーが送信者を詐称したメールを送っており、受信側はそれを'
      + '正しく拒否しています。DNS レコードを変えても結果は変わらないので、その送信を止めてください（不正利用されたアカウントの検出事項）。'
      + '自ドメインが含まれている場合は、そのドメインに SPF、DKIM、DMARC を公開します。その場合、ドメインと受信側が認識した IP を'
      + '埋め込んだレコードが、この検出事項の根拠（`spfRecord`、`dkimRecord`、`dmarcRecord`）と `dns-records.txt` にあります。'
      + 'DKIM の鍵は次のように作成します:',
      '',
      '```',
      'opendkim-genkey -b 2048 -d <domain> -s mail -D /etc/opendkim/keys/<domain>/   # mail.txt に TXT レコードが出力されます',
      '# その後 opendkim（milter）で署名するよう、main.cf に追加:',
      'smtpd_milters = inet:localhost:8891',
      'non_smtpd_milters = $smtpd_milters',
      '```',
      '',
      'PTR なし（5.7.25）: IP の逆引き DNS が、正引きでその IP に戻るホスト名を返す必要があります（`dig +short -x <ip>` の後に '
      + '`dig +short <その名前>`）。IP の管理者（プロバイダー、クラウドの管理画面）に、`myhostname` の名前を設定するよう依頼してください。',
      '',
      'ブロックリスト（Spamhaus、Microsoft S3150 など）: クリーンアップが終わってから掲載解除を申請します（申請先は根拠の `delisting` に'
      + 'あります）。スパムが止まる前に申請すると、より長い期間にわたって再び掲載されます。',
    ].join('\n'),
  },

  'outbound-port-blocked': {
    title: '送信ポート 25 のブロック（OP25B）',
    why: 'ネットワークがポート 25 への発信接続を遮断していると（OP25B: 感染した端末からのスパムを防ぐため、多くの ISP、モバイル回線、'
      + 'クラウドが実施しています）、どの外部サーバーにも接続できません。他のドメイン宛てのメールはすべて遅延し、何日も再送された末に'
      + 'バウンスします。一方で受信とローカル配送は動き続けるため、気付かれにくい障害です。',
    fix: [
      'プロバイダーのサブミッションサーバー（ポート 587）に、認証付きで送信します（`main.cf`）:',
      '',
      '```',
      'relayhost = [smtp.provider.example]:587',
      'smtp_sasl_auth_enable = yes',
      'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
      'smtp_sasl_security_options = noanonymous',
      'smtp_tls_security_level = encrypt',
      '```',
      '',
      'ログイン情報は `/etc/postfix/sasl_passwd` に 1 行で書きます（`relayhost` と同じホストとポート、続けてログイン名:パスワード）:',
      '',
      '```',
      '[smtp.provider.example]:587 user@provider.example:password',
      '```',
      '',
      'その後マップを作成し、root だけが読めるようにして、設定を反映してキューを再送します:',
      '',
      '```',
      'postmap /etc/postfix/sasl_passwd && chmod 600 /etc/postfix/sasl_passwd*',
      'postfix reload && postqueue -f',
      '```',
      '',
      '先にブロックされていることを確認してください。`nc -vz -w 5 gmail-smtp-in.l.google.com 25` はタイムアウトし、'
      + '`nc -vz -w 5 smtp.provider.example 587` は接続できるはずです。固定 IP であれば、申請により OP25B を解除できるプロバイダーもあります。',
    ].join('\n'),
  },

  'server-trouble': {
    title: 'サーバーの障害: 異常終了、ディスク、認証サービス、DNS、TLS',
    why: 'これは利用者ではなくサーバー自体の障害です。デーモンの異常終了やディスクの容量不足は、メールの消失や受信拒否につながります。'
      + '認証サービスが応答しなくなると（ブルートフォース攻撃を受けている間、Dovecot は認証失敗へのペナルティとしてすべての応答を'
      + '遅らせます）、Postfix はその間にログインしようとしたクライアントに、正規の利用者も含めて `454 4.7.0 Temporary authentication failure` '
      + 'を返します（誰に返されたかは検出事項に示します）。DNS の名前解決に失敗すると'
      + '外部宛てのメールはすべて遅延し、TLS の失敗が大量にある場合は、証明書かプロトコルの設定に問題があります。',
    fix: [
      'まず各ログ行を確認し、種類ごとに対処します:',
      '',
      '```',
      'df -h /var/spool/postfix /var/log && df -i /var/spool/postfix   # ディスク: 空き容量と inode',
      'postfix check && postconf -n | less                          # fatal: 設定ファイルとマップファイル',
      'postmap /etc/postfix/<map> && postfix reload                  # 「open database …db」: マップを作り直す',
      'doveadm log errors | tail                                     # Dovecot の認証エラー',
      'dig +short mx gmail.com @127.0.0.1; cat /etc/resolv.conf     # DNS: リゾルバーが応答しているか',
      'openssl s_client -connect localhost:25 -starttls smtp </dev/null | head   # TLS: 証明書とプロトコル',
      '```',
      '',
      'ブルートフォース攻撃を受けている認証サービス: Dovecot の認証ペナルティ（auth penalty）は、失敗を繰り返す IP への応答を 2 秒、4 秒、'
        + '8 秒、最大 15 秒と遅らせます（https://doc.dovecot.org/2.3/configuration_manual/authentication/auth_penalty/）。smtpd は待ちきれずに '
        + '`454 4.7.0 Temporary authentication failure` を返します。それが正規の利用者に返されたのか攻撃者だけなのかは、検出事項に示しています。'
        + '攻撃元を遮断すれば（sasl-bruteforce の検出事項、fail2ban）解消します。`login_trusted_networks` からの IMAP/POP3 ログインには'
        + 'ペナルティがかかりません。事務所と Web メールをここに登録してください（自分で管理しているホストだけにします。Dovecot はこれらの'
        + 'ホストに、TLS なしのログインと、クライアントの IP の引き渡しも認めます）。`/etc/dovecot/dovecot.conf` に設定します:',
      '',
      '```',
      'login_trusted_networks = 192.0.2.0/28 127.0.0.1',
      '```',
      '',
      'プロセス数の上限に達している場合: 負荷が正当なものであることを確かめてから、`default_process_limit`（main.cf）または '
      + 'master.cf の該当サービスの maxproc 列を引き上げてください。',
    ].join('\n'),
  },
};
