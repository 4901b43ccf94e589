import { describe, expect, it } from "vitest";
import { termsOf } from "./japaneseTokenizer.ts";

const t = (surface: string, pos: string, posDetail: string, basic = surface, posDetail2 = "*") => ({ surface, pos, posDetail, posDetail2, basic });

describe("termsOf", () => {
  it("When a sentence has a compound noun, verbs and boilerplate, then content words and the compound are kept and the rest dropped", () => {
    const tokens = [t("避難", "名詞", "サ変接続"), t("所", "名詞", "接尾"), t("に", "助詞", "格助詞"), t("エアコン", "名詞", "一般"), t("を", "助詞", "格助詞"), t("設置", "名詞", "サ変接続"), t("し", "動詞", "自立", "する"), t("て", "助詞", "接続助詞"), t("ほしい", "形容詞", "非自立"), t("計画", "名詞", "サ変接続"), t("停め", "動詞", "自立", "停める")];
    expect(termsOf(tokens)).toEqual(["避難", "避難所", "エアコン", "設置", "停める"]);
  });

  it("When a comment names a person, then the name is marked so it is never shown as a theme's word", () => {
    const tokens = [t("山田", "名詞", "固有名詞", "山田", "人名"), t("太郎", "名詞", "固有名詞", "太郎", "人名"), t("です", "助動詞", "*"), t("公園", "名詞", "一般")];
    expect(termsOf(tokens)).toEqual(["~山田", "~太郎", "~山田太郎", "公園"]);
  });
});
