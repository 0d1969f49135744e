// Review AG15: Japanese table headers, cells and tiles break between phrases only (render/ja-phrases.ts puts a <wbr>
// there, the ja CSS keeps words whole): the browser broke them between any two characters ("配送完" / "了").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numbersWithTheirWords, numbersWithTheirWordsInHtml, phraseBreaks, withPhraseBreaks } from '../src/render/ja-phrases.js';
import { ja } from '../src/i18n/ja.js';
import { renderHtml } from '../src/render/html.js';
import { incidentReport } from './fixtures/render/reports.js';

/** `text` cut at its phraseBreaks. */
const phrases = (text: string): string[] => {
  const out: string[] = [];
  let from = 0;
  for (const at of [...phraseBreaks(text), text.length]) { out.push(text.slice(from, at)); from = at; }
  return out;
};

test('phraseBreaks: after a particle or an ending, after 、 and closing brackets, before an opening bracket; never inside a word', () => {
  assert.deepEqual(phrases('最後の試行で遅延'), ['最後の', '試行で', '遅延']);
  assert.deepEqual(phrases('当方宛てに配送するメールサーバー'), ['当方宛てに', '配送する', 'メールサーバー']);
  assert.deepEqual(phrases('アカウント所有者の端末、メールボックスにログイン'), ['アカウント所有者の', '端末、', 'メールボックスに', 'ログイン']);
  assert.deepEqual(phrases('1 時間あたりのログイン失敗の最多（全クライアント）'), ['1 時間あたりの', 'ログイン失敗の', '最多', '（全クライアント）']);
  // A compound verb (a stem in -i or a small tsu before kanji) is one word: not "乗っ" / "取られた", "積み" / "上げ".
  assert.deepEqual(phrases('乗っ取られたアカウント'), ['乗っ取られた', 'アカウント']);
  assert.deepEqual(phrases('積み上げ'), ['積み上げ']);
  // Words with no phrase end: whole.
  for (const word of ['配送完了', '期限切れ', 'クライアント IP 数', 'バウンス', '宛先ドメイン']) assert.deepEqual(phrases(word), [word]);
  // English and addresses: nothing.
  assert.deepEqual(phraseBreaks('Last try deferred, info@example.jp (imap)'), []);
});

test('withPhraseBreaks: <wbr>s in the text only, tags and entities whole; English HTML unchanged', () => {
  assert.equal(withPhraseBreaks('<code>postsuper</code> による一括削除'), '<code>postsuper</code> による<wbr>一括削除');
  // A particle stays with the closing bracket before it: no <wbr>, and the two in a span that does not break (a browser
  // breaks after a closing bracket or 、 even in keep-all text); an entity is one character.
  assert.equal(withPhraseBreaks('「Relay access denied」の中継&amp;拒否'), '「Relay access denied<span class="ja-nobreak">」の</span><wbr>中継&amp;拒否');
  assert.equal(withPhraseBreaks('IP アドレス（送信した、またはメールボックスを開いた）の一覧'),
    'IP アドレス<wbr>（送信した<span class="ja-nobreak">、ま</span>たは<wbr>メールボックスを<wbr>開いた<span class="ja-nobreak">）の</span><wbr>一覧');
  assert.equal(withPhraseBreaks('送信&amp;の受信'), '送信&amp;の<wbr>受信');
  assert.equal(withPhraseBreaks('<a href="#x-の-y">送信者の一覧</a>'), '<a href="#x-の-y">送信者の<wbr>一覧</a>');
  const en = '<a href="#f1">info@example.jp</a>, Last try deferred';
  assert.equal(withPhraseBreaks(en), en);
});

test('report.html in Japanese: table headers and tiles carry the phrase breaks, and the ja CSS keeps words whole', async () => {
  const html = renderHtml(await incidentReport(), { title: 't', charts: [], messages: ja });
  assert.match(html, /<th[^>]*>最後の<wbr>試行で<wbr>遅延<\/th>/);
  assert.match(html, /<div class="kpi-label">IMAP\/POP3 の<wbr>ログイン失敗<\/div>/);
  assert.match(html, /html\[lang="ja"\] th, html\[lang="ja"\] td[^{]*\{ word-break: keep-all; \}/);
  assert.match(html, /html\[lang="ja"\] \.ja-nobreak \{ white-space: nowrap; \}/);
});

test('phraseBreaks: a last word of one character stays with the phrase before it', () => {
  assert.deepEqual(phrases('試されたユーザー名の数'), ['試された', 'ユーザー名の数']);
  assert.deepEqual(phrases('使用した送信者数'), ['使用した', '送信者数']);
});

// A number and the word it counts stay on one line: a line ended at "… 289" with "回のログイン失敗" on the next.
test('numbersWithTheirWords: the space between a number and its Japanese word does not break; English and other spaces do', () => {
  assert.equal(numbersWithTheirWords('61 件の IP アドレスから 289 回のログイン失敗'), '61\u00a0件の IP アドレスから 289\u00a0回のログイン失敗');
  assert.equal(numbersWithTheirWords('3 日 3 時間、1,600 回'), '3\u00a0日 3\u00a0時間、1,600\u00a0回');
  for (const text of ['289 failed logins from 61 IPs', 'IMAP/POP3 のログイン', '回 3', 'user2 が']) assert.equal(numbersWithTheirWords(text), text);
});

test('report.html in Japanese: prose, table cells, the verdict and the finding lines keep a number with its word; commands keep their spaces', async () => {
  const html = renderHtml(await incidentReport(), { title: 't', charts: [], messages: ja });
  const outside = html.replace(/<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>/g, '');
  const texts = outside.match(/>[^<]+</g) ?? [];
  assert.deepEqual(texts.filter((t) => numbersWithTheirWords(t) !== t), [], 'a number and its word split by a breaking space');
  assert.ok((outside.match(/\d\u00a0[回件通日]/g) ?? []).length >= 10);
  // Inside code, as written: a command copied from the report must run.
  assert.ok(!/<(pre|code)[^>]*>[^<]*\u00a0/.test(html), 'a no-break space in a command');
});

test('numbersWithTheirWordsInHtml: the text of a page, not its tags, code, commands, charts or styles', () => {
  const page = '<p class="x 3 回">289 回の<a href="#a 2 件">失敗 3 件</a></p><pre><code>postqueue -p | tail -1   # 1 通</code></pre>'
    + '<p><code>sed -n 5 行</code> 7 日</p><svg><text>4 時</text></svg><style>/* 9 分 */</style>';
  assert.equal(numbersWithTheirWordsInHtml(page), '<p class="x 3 回">289\u00a0回の<a href="#a 2 件">失敗 3\u00a0件</a></p><pre><code>postqueue -p | tail -1   # 1 通</code></pre>'
    + '<p><code>sed -n 5 行</code> 7\u00a0日</p><svg><text>4 時</text></svg><style>/* 9 分 */</style>');
  const en = '<p>289 failed logins from 61 IPs</p>';
  assert.equal(numbersWithTheirWordsInHtml(en), en);
});
