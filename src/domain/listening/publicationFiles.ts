// The files a city publishes at the end of a round, built from plain rows:
//  - the results table (Excel opens it: UTF-8 CSV with a BOM): title, period, numbers of
//    submitters and opinions, then one row per theme (group) with 意見の概要, 市の考え方, 修正の有無;
//  - open data: each comment as published (personal details hidden by staff), as
//    comment-id,comment-body plus attribute columns, the format broad-listening tools read.
//    An attribute value fewer than five commenters share is left blank, so no one is singled out.
// Never a name, an address or a resident's id.
import { toCsv } from "../export/csv.ts";
import { MIN_GROUP_SIZE } from "../privacy/suppressSmallGroups.ts";

export type TPublicationGroup = { title: string; summary: string | null; response: string | null; revised: boolean | null; count: number };
export type TPublicationInput = { title: string; period: string; publishedOn: string; submitters: number; opinions: number; groups: TPublicationGroup[]; ungrouped: number };

export const revisedLabel = (revised: boolean | null) => (revised === true ? "有" : revised === false ? "無" : "検討中");

export function publicationCsv(input: TPublicationInput): string {
  const head = [
    ["案件名", input.title],
    ["意見募集期間", input.period],
    ["公表日", input.publishedOn],
    ["意見提出者数", `${input.submitters}人`],
    ["意見数", `${input.opinions}件`],
    [],
    ["No.", "項目", "意見の概要", "件数", "市の考え方", "修正の有無"],
  ];
  const rows = input.groups.map((g, i) => [String(i + 1), g.title, g.summary ?? "", String(g.count), g.response ?? "", revisedLabel(g.revised)]);
  if (input.ungrouped > 0) rows.push(["", "（まとまりに入っていない意見）", "", String(input.ungrouped), "", ""]);
  const [first, ...rest] = head;
  return toCsv(first!, [...rest, ...rows]);
}

export type TOpenDataRow = { id: string; body: string; attributes: Record<string, string> };

export function openDataCsv(rows: TOpenDataRow[], attributeNames: string[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) for (const a of attributeNames) counts.set(`${a}\u0000${r.attributes[a] ?? ""}`, (counts.get(`${a}\u0000${r.attributes[a] ?? ""}`) ?? 0) + 1);
  const value = (a: string, v: string | undefined) => (v && (counts.get(`${a}\u0000${v}`) ?? 0) >= MIN_GROUP_SIZE ? v : "");
  return toCsv(
    ["comment-id", "comment-body", ...attributeNames],
    rows.map((r) => [r.id, r.body, ...attributeNames.map((a) => value(a, r.attributes[a]))]),
  );
}
