// Which texts staff wrote that residents who read English will see in Japanese: the console says
// so before anything is announced. Each entry names the field as staff know it (件名, 章「…」).
type TWithEnglish = { [key: string]: unknown };

const missing = (ja: unknown, en: unknown) => typeof ja === "string" && ja.trim() !== "" && !(typeof en === "string" && en.trim() !== "");

/** Fields as [label, Japanese, English]: the labels of those with Japanese and no English. */
function untranslated(fields: [string, unknown, unknown][]): string[] {
  return fields.filter(([, ja, en]) => missing(ja, en)).map(([label]) => label);
}

export function untranslatedRound(r: TWithEnglish & { sections?: { title: string; titleEn?: string }[] }): string[] {
  return untranslated([
    ["件名", r.title, r.titleEn],
    ["概要", r.summary, r.summaryEn],
    ...(r.sections ?? []).map((s): [string, unknown, unknown] => [`章「${s.title}」`, s.title, s.titleEn]),
  ]);
}

type TQuestion = { text: string; textEn?: string; choices?: { label: string; labelEn?: string }[]; scaleLabels?: { low: string; high: string; lowEn?: string; highEn?: string } };

export function untranslatedPoll(p: TWithEnglish & { questions?: TQuestion[] }): string[] {
  return untranslated([
    ["件名", p.title, p.titleEn],
    ["説明", p.description, p.descriptionEn],
    ...(p.questions ?? []).flatMap((q, i): [string, unknown, unknown][] => [
      [`問${i + 1}`, q.text, q.textEn],
      ...(q.choices ?? []).map((c): [string, unknown, unknown] => [`問${i + 1}の選択肢「${c.label}」`, c.label, c.labelEn]),
      ...(q.scaleLabels
        ? ([
            [`問${i + 1}の目盛り「${q.scaleLabels.low}」`, q.scaleLabels.low, q.scaleLabels.lowEn],
            [`問${i + 1}の目盛り「${q.scaleLabels.high}」`, q.scaleLabels.high, q.scaleLabels.highEn],
          ] as [string, unknown, unknown][])
        : []),
    ]),
  ]);
}

export function untranslatedEvent(e: TWithEnglish): string[] {
  return untranslated([
    ["タイトル", e.title, e.titleEn],
    ["説明", e.description, e.descriptionEn],
    ["場所", e.place, e.placeEn],
    ["主催", e.organizer, e.organizerEn],
  ]);
}

export function untranslatedOpportunity(o: TWithEnglish & { shifts?: { place: string; placeEn?: string | null }[] }): string[] {
  return untranslated([
    ["タイトル", o.title, o.titleEn],
    ["説明", o.description, o.descriptionEn],
    ["主催", o.organizer, o.organizerEn],
    ...(o.shifts ?? []).map((s, i): [string, unknown, unknown] => [`シフト${i + 1}の場所`, s.place, s.placeEn]),
  ]);
}
