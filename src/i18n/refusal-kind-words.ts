// The receivers-refusing classes' words, in one place: the finding's title (en.ts, ja.ts), the deferral-cause table
// (table-words.ts) and the evidence labels (evidence-labels.ts) say the same.

import type { RefusalKind } from '../detect/refusal-kinds.js';
import type { Lang } from './index.js';

export const REFUSAL_KIND_WORDS: Record<Lang, Record<RefusalKind, string>> = {
  en: {
    unauthenticated: 'unauthenticated mail (SPF/DKIM/DMARC)',
    'no-ptr': 'no reverse DNS (PTR)',
    'relay-required': 'IP not accepted directly (use a relay)',
    'tls-required': 'mail not sent over TLS',
    listed: 'block list',
    rate: 'rate limit / poor reputation',
  },
  ja: {
    unauthenticated: 'SPF/DKIM/DMARC 認証なし',
    'no-ptr': 'PTR レコードなし',
    'relay-required': 'IP から直接の送信を拒否（中継サーバー経由が必要）',
    'tls-required': 'TLS なしの送信を拒否',
    listed: 'ブロックリスト掲載',
    rate: '送信量制限／評価の低下',
  },
};
