// Japanese morphological analysis (kuromoji with its IPADIC dictionary, shipped inside the npm
// package: nothing is downloaded). Loading the dictionary takes about a second, so it is loaded
// once per process, on first use. The one loader: the plain-language checks and the themes of
// comments (src/domain/listening/japaneseTokenizer.ts) both read its tokens. The package itself is
// imported then too, not when the bot starts: a bot that never analyses text never loads it.
import { createRequire } from "node:module";
import path from "node:path";

/** One morpheme, as the plain-language rules read it. `start` is its offset in the analysed text. */
export type TToken = {
  surface: string;
  start: number;
  /** 名詞, 動詞, 助動詞, 形容詞, 助詞, 記号, … (IPADIC) */
  pos: string;
  /** 自立, 接尾, 非自立, 固有名詞, 数, サ変接続, … */
  posDetail: string;
  /** 人名, 地域, 組織, … ("*" when none). */
  posDetail2: string;
  /** The dictionary form (行く for 行か); "*" for unknown words. */
  basic: string;
  /** 未然形, 連用形, … */
  conjugatedForm: string;
  /** Reading in katakana; missing for unknown words. */
  reading: string | undefined;
  known: boolean;
};

export type TTokenize = (text: string) => TToken[];

let loading: Promise<TTokenize> | undefined;

function dictionaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@sglkc/kuromoji/package.json")), "dict");
}

/** The tokenizer, loaded from the package's own dictionary the first time it is asked for. */
export function loadJapaneseTokenizer(): Promise<TTokenize> {
  loading ??= buildTokenizer().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function buildTokenizer(): Promise<TTokenize> {
  const { default: kuromoji } = await import("@sglkc/kuromoji");
  return new Promise<TTokenize>((resolve, reject) => {
    kuromoji.builder({ dicPath: dictionaryDir() }).build((err, tokenizer) => {
      if (err) {
        reject(err);
        return;
      }
      resolve((text) =>
        tokenizer.tokenize(text).map((t) => ({
          surface: t.surface_form,
          start: t.word_position - 1,
          pos: t.pos,
          posDetail: t.pos_detail_1,
          posDetail2: t.pos_detail_2,
          basic: t.basic_form,
          conjugatedForm: t.conjugated_form,
          reading: t.reading && t.reading !== "*" ? t.reading : undefined,
          known: t.word_type === "KNOWN",
        })),
      );
    });
  });
}
