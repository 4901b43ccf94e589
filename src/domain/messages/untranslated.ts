// Which texts staff wrote that residents who read English, or who chose やさしい日本語, will see in
// Japanese: the console says so before anything is announced. Each entry names the field as staff
// know it (件名, 章「…」). A field's version in a language is the field's name with "En" or "Easy"
// after it (titleEn, titleEasy), as in the schema and the API.
type TWithVersions = { [key: string]: unknown };

/** The languages staff may write a version in besides Japanese. */
export type TVersionLanguage = "en" | "easy";
const suffix = (lang: TVersionLanguage) => (lang === "en" ? "En" : "Easy");

const missing = (ja: unknown, version: unknown) => typeof ja === "string" && ja.trim() !== "" && !(typeof version === "string" && version.trim() !== "");

/** Fields as [label, object, field name]: the labels of those with Japanese and no version in `lang`. */
function untranslated(lang: TVersionLanguage, fields: [string, TWithVersions, string][]): string[] {
  return fields.filter(([, o, name]) => missing(o[name], o[`${name}${suffix(lang)}`])).map(([label]) => label);
}

export function untranslatedRound(r: TWithVersions & { sections?: ({ title: string } & TWithVersions)[] }, lang: TVersionLanguage = "en"): string[] {
  return untranslated(lang, [
    ["件名", r, "title"],
    ["概要", r, "summary"],
    ...(r.sections ?? []).map((s): [string, TWithVersions, string] => [`章「${s.title}」`, s, "title"]),
  ]);
}

type TQuestion = TWithVersions & { text: string; choices?: ({ label: string } & TWithVersions)[]; scaleLabels?: { low: string; high: string } & TWithVersions };

export function untranslatedPoll(p: TWithVersions & { questions?: TQuestion[] }, lang: TVersionLanguage = "en"): string[] {
  return untranslated(lang, [
    ["件名", p, "title"],
    ["説明", p, "description"],
    ...(p.questions ?? []).flatMap((q, i): [string, TWithVersions, string][] => [
      [`問${i + 1}`, q, "text"],
      ...(q.choices ?? []).map((c): [string, TWithVersions, string] => [`問${i + 1}の選択肢「${c.label}」`, c, "label"]),
      ...(q.scaleLabels
        ? ([
            [`問${i + 1}の目盛り「${q.scaleLabels.low}」`, q.scaleLabels, "low"],
            [`問${i + 1}の目盛り「${q.scaleLabels.high}」`, q.scaleLabels, "high"],
          ] as [string, TWithVersions, string][])
        : []),
    ]),
  ]);
}

export function untranslatedEvent(e: TWithVersions, lang: TVersionLanguage = "en"): string[] {
  return untranslated(lang, [
    ["タイトル", e, "title"],
    ["説明", e, "description"],
    ["場所", e, "place"],
    ["主催", e, "organizer"],
  ]);
}

export function untranslatedOpportunity(o: TWithVersions & { shifts?: ({ place: string } & TWithVersions)[] }, lang: TVersionLanguage = "en"): string[] {
  return untranslated(lang, [
    ["タイトル", o, "title"],
    ["説明", o, "description"],
    ["主催", o, "organizer"],
    ...(o.shifts ?? []).map((s, i): [string, TWithVersions, string] => [`シフト${i + 1}の場所`, s, "place"]),
  ]);
}
