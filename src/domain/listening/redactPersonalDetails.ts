// Before a comment leaves the server (theme summaries by an outside model server), what could
// identify a person is replaced: e-mail addresses, URLs, phone and postal numbers, street
// addresses (…丁目…番地), long digit runs (member or account numbers) and names before an
// honorific or in a self-introduction (山田太郎さん, 私は山田です). Errs on the side of removing.
const RULES: [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "［メール］"],
  [/https?:\/\/\S+/g, "［URL］"],
  [/(\+81[-\s]?)?0\d{1,4}[-ー(（\s]?\d{1,4}[-ー)）\s]?\d{3,4}/g, "［電話］"],
  [/〒?\s?\d{3}[-ー]\d{4}/g, "［郵便］"],
  [/\d{6,}/g, "［数字］"],
  [/[\p{Script=Han}\p{Script=Katakana}ー\d一二三四五六七八九十]+(丁目|番地|番|号)([\d一二三四五六七八九十-]+(番地|番|号)?)*/gu, "［住所］"],
  [/[\p{Script=Han}]{1,4}[\p{Script=Han}\p{Script=Hiragana}]{0,3}(さん|様|さま|氏|君|くん|ちゃん)/gu, "［氏名］$1"],
  [/(私は|わたしは|僕は|ぼくは|名前は)[\p{Script=Han}\p{Script=Katakana}]{1,8}(です|と申します|といいます)/gu, "$1［氏名］$2"],
];

export function redactPersonalDetails(text: string): string {
  let out = text.normalize("NFKC");
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
