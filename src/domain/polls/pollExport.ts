// The rows of a poll export (the CSV rules — BOM, CRLF, quoting, formulas kept as text — are in
// export/csv.ts). One row per response, one column per question (several choices: labels joined by 、).
import { csvLine } from "../export/csv.ts";
import { formatTokyoIso } from "../../tokyoTime.ts";
import { type TPollQuestion } from "./pollTypes.ts";
import { type TProfileLabels } from "./profileLabels.ts";

export type TExportRow = {
  id: string;
  /** When the answer as it stands was given (an answer changed later: the time of the change). */
  answeredAt: Date;
  firstAnsweredAt: Date;
  pollVersion: number;
  ageBand: string | null;
  district: string | null;
  answers: Record<string, unknown>;
};

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

/** Columns: the current questions, then any question removed by an edit that older responses answered. */
export type TExportColumns = { questions: TPollQuestion[]; removedIds: string[] };

export function csvHeaders(columns: TExportColumns): string[] {
  return [
    "回答ID",
    "回答日時",
    "初回回答日時",
    "アンケートの版",
    "年代",
    "地区",
    ...columns.questions.map((q, i) => `問${i + 1} ${clip(q.text.replace(/\s+/g, " "), 40)}`),
    ...columns.removedIds.map((id) => `削除された質問（${id}）`),
  ];
}

/** An answer as staff read it: labels for choices, the number for a scale, the text as written. */
export function answerText(q: TPollQuestion | undefined, value: unknown): string {
  if (value === undefined || value === null) return "";
  const label = (v: unknown) => q?.choices.find((c) => c.value === v)?.label ?? String(v);
  return Array.isArray(value) ? value.map(label).join("、") : label(value);
}

export function csvRow(row: TExportRow, columns: TExportColumns, labels: { ageBands: TProfileLabels; districts: TProfileLabels }): string {
  return csvLine([
    row.id,
    formatTokyoIso(row.answeredAt),
    formatTokyoIso(row.firstAnsweredAt),
    row.pollVersion,
    row.ageBand ? labels.ageBands.label(row.ageBand) : "",
    row.district ? labels.districts.label(row.district) : "",
    ...columns.questions.map((q) => answerText(q, row.answers[q.id])),
    ...columns.removedIds.map((id) => answerText(undefined, row.answers[id])),
  ]);
}

/** The same response as JSON: values as stored (choice values), with the labels beside them. */
export function jsonRow(row: TExportRow, columns: TExportColumns, labels: { ageBands: TProfileLabels; districts: TProfileLabels }) {
  const questionById = new Map(columns.questions.map((q) => [q.id, q]));
  return {
    id: row.id,
    answeredAt: row.answeredAt.toISOString(),
    firstAnsweredAt: row.firstAnsweredAt.toISOString(),
    pollVersion: row.pollVersion,
    ageBand: row.ageBand,
    ageBandLabel: row.ageBand ? labels.ageBands.label(row.ageBand) : null,
    district: row.district,
    districtLabel: row.district ? labels.districts.label(row.district) : null,
    answers: row.answers,
    answerLabels: Object.fromEntries(Object.entries(row.answers).map(([id, v]) => [id, answerText(questionById.get(id), v)])),
  };
}
