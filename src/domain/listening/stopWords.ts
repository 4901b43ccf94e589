// Words every comment on a city plan uses whatever it is about: the plan's own vocabulary
// (計画, 施策, 推進), requests (お願い, 検討, 要望), the city and its people. Left in, they would
// pull unrelated comments together and label themes with nothing.
export const STOP_WORDS = new Set(
  `計画 計画案 本計画 素案 案 章 節 項目 ページ 冊子 資料 記載 内容 部分 全体 意見 要望 提案 質問 お願い 願い 検討 推進 実施 実現 対応 取り組み 取組 取組み
  施策 事業 政策 方針 目標 今後 将来 現在 現状 具体 具体的 必要 重要 大切 十分 充実 強化 向上 改善 確保 整備 支援 対策 促進 拡充 継続 見直し
  市 本市 当市 長門 長門市 市役所 行政 市民 住民 皆さん 皆様 方 人 人々 者 私 わたし 僕 自分 うち 家族 みんな こと もの ところ ため よう 等 など
  感じ 気 点 面 件 的 化 性 上 中 下 前 後 間 時 とき 頃 場合 以上 以下 ほか 他 一つ 一 二 三 今 今回 最近 毎年 年 月 日 度 回 本 分 つ 所
  思う 考える 言う 聞く 見る 知る 感じる 願う 望む 求める 頂く いただく くださる 下さる 申し上げる 存じる 致す いたす おる 参る
  する できる 出来る なる ある いる 有る 居る 行う 進める 作る つくる 増やす 減る 増える 使う 持つ 出す 入れる 続ける 考え 思い
  ほしい 欲しい よい 良い いい ない 多い 少ない 大きい 小さい 高い 早い 強い 難しい 分かる わかる
  ぜひ 是非 もっと とても 大変 非常 本当 ほんと ほんとう まじ 特に やはり ちゃんと
  the a an to of and in for is are be please it this that on at by with from as or not can my we our i you`.split(/\s+/).filter(Boolean),
);
