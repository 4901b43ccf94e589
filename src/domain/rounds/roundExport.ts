// The rows of round exports (the CSV rules — BOM, CRLF, quoting, formulas kept as text — are in
// export/csv.ts). Comments are residents' words: every cell goes through csvLine, whoever wrote it.
import { csvLine } from "../export/csv.ts";
import { formatTokyoIso } from "../../tokyoTime.ts";
import { type TCommentView } from "./roundTypes.ts";

export const commentStatusLabel = (status: string) => (status === "withdrawn" ? "取り下げ" : "受付");

/** A comment as exported: the view plus labels a spreadsheet reader needs. */
export type TCommentExportRow = TCommentView & {
  districtLabel: string;
  ageBandLabel: string;
  groupTitle: string | null;
  /** The city's response to this comment: its own, or its group's. */
  cityResponse: string | null;
  roundVersion: number;
  withdrawnAt: string | null;
};

/** Name and address only for staff and above: a viewer's export has no such columns. */
export function commentCsvHeaders(personal: boolean): string[] {
  return ["受付番号", "章", "意見", "公表用の文面", ...(personal ? ["氏名", "住所"] : []), "地区", "年代", "状態", "まとまり", "市の考え方", "受付日時", "取り下げ日時", "案の版"];
}

export function commentCsvRow(row: TCommentExportRow, personal: boolean): string {
  return csvLine([
    row.receiptNumber,
    row.sectionTitle,
    row.body,
    row.publicBody,
    ...(personal ? [row.name, row.address] : []),
    row.districtLabel,
    row.ageBandLabel,
    commentStatusLabel(row.status),
    row.groupTitle,
    row.cityResponse,
    formatTokyoIso(new Date(row.submittedAt)),
    row.withdrawnAt ? formatTokyoIso(new Date(row.withdrawnAt)) : "",
    row.roundVersion,
  ]);
}

/** A published comment: public text only (staff's edited text, else the comment as written), never a name or address. */
export type TResultRow = {
  receiptNumber: string;
  sectionId: string;
  sectionTitle: string;
  text: string;
  groupId: string | null;
  groupTitle: string | null;
  response: string | null;
};

export const resultCsvHeaders = ["受付番号", "章", "意見（公表文）", "まとまり", "市の考え方"];

export function resultCsvRow(row: TResultRow): string {
  return csvLine([row.receiptNumber, row.sectionTitle, row.text, row.groupTitle, row.response]);
}
