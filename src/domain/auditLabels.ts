// The audit trail in words staff read (操作履歴): actions, who, what, and the details' keys and
// values in Japanese. Raw keys stay in the data (filters and exports use them); this is only how
// they are shown. An action or key not listed here shows as recorded.
import { formatTokyoDateTime } from "../tokyoTime.ts";

export const auditActionLabels: Record<string, string> = {
  "staff.login": "ログイン",
  "staff.login_failed": "ログイン失敗",
  "staff.locked": "ログインの一時停止（失敗が続いたため）",
  "staff.created": "職員の追加",
  "staff.updated": "職員の変更",
  "staff.password_reset": "パスワードの再設定",
  "staff.api_token_issued": "APIトークンの発行",
  "staff.setup": "最初の管理者の登録（初期設定）",
  "settings.updated": "設定の変更",
  "richMenu.save": "リッチメニューの保存",
  "richMenu.apply": "リッチメニューの適用",
  "budget.exceeded_confirmed": "送信上限を超える送信の承認",
  "delivery.sent_now": "配信停止時間帯の配信を今すぐ送信",
  "round.created": "意見募集の作成",
  "round.updated": "意見募集の編集",
  "round.announced": "意見募集の告知",
  "round.announce_held": "意見募集の告知の保留（送信上限）",
  "round.closed": "意見募集の締切",
  "round.published": "意見募集の結果公表",
  "round.comments_exported": "意見のダウンロード",
  "round.results_exported": "結果のダウンロード",
  "round.publication_exported": "公表用資料のダウンロード",
  "round.opendata_exported": "オープンデータのダウンロード",
  "analysis.started": "意見の分析の開始",
  "analysis.edited": "分析結果の編集",
  "analysis.applied": "分析結果をまとまりに反映",
  "analysis.summarized": "分析結果の要約",
  "comment.submitted": "意見の提出（住民）",
  "comment.withdrawn": "意見の取り下げ（住民）",
  "comment.updated": "意見の編集",
  "group.created": "意見のまとまりの作成",
  "group.updated": "意見のまとまりの編集",
  "poll.created": "アンケートの作成",
  "poll.updated": "アンケートの編集",
  "poll.announced": "アンケートの告知",
  "poll.reminded": "アンケートの再度のお知らせ（未回答の方へ）",
  "poll.announce_held": "アンケートの告知の保留（送信上限）",
  "poll.closed": "アンケートの締切",
  "poll.exported": "アンケート回答のダウンロード",
  "event.created": "イベントの作成",
  "event.updated": "イベントの編集",
  "event.announced": "イベントの告知",
  "event.cancelled": "イベントの中止",
  "event.messaged": "イベント参加者への連絡",
  "event.attendance_marked": "イベントの出欠の記録",
  "event.registrations_exported": "イベント申込のダウンロード",
  "event.image_uploaded": "イベント画像のアップロード",
  "opportunity.created": "ボランティア募集の作成",
  "opportunity.updated": "ボランティア募集の編集",
  "opportunity.invited": "ボランティアへの案内",
  "opportunity.signups_exported": "ボランティア申込のダウンロード",
  "shift.signed_up": "ボランティアの申込（住民）",
  "shift.signup_recorded": "ボランティア申込の記録",
  "shift.cancelled": "ボランティアの取り消し",
  "shift.messaged": "シフトのボランティアへの連絡",
  "volunteer.registered": "ボランティア登録（住民）",
  "volunteer.updated": "ボランティア登録の変更（住民）",
  "volunteer.ended": "ボランティア登録の終了",
  "resident.followed": "友だち追加（住民）",
  "resident.unfollowed": "ブロック（住民）",
  "resident.consented": "個人情報の取り扱いへの同意（住民）",
  "resident.consent_declined": "個人情報の取り扱いに同意しない（住民）",
  "resident.consent_withdrawn": "同意の取り消し（住民）",
  "resident.data_deleted": "データの削除（住民）",
  "inquiry.received": "問い合わせの受付（住民）",
  "inquiry.message_added": "問い合わせへの追記（住民）",
  "inquiry.updated": "問い合わせの状態・担当・メモの変更",
  "inquiry.replied": "住民への返信（LINE）",
  "inquiry.retention_deleted": "保存期間を過ぎた問い合わせの削除",
};

export const auditDetailLabels: Record<string, string> = {
  number: "番号",
  round: "意見募集の番号",
  receipt: "受付番号",
  version: "版",
  changed: "変更した項目",
  fields: "変更した項目",
  recipients: "送信先（人）",
  notified: "お知らせした人数",
  manual: "手動",
  overBudget: "送信上限を超えた送信",
  remaining: "今月の残り（通）",
  month: "月",
  limit: "月の上限（通）",
  used: "使用済み（通）",
  cost: "この送信（通）",
  sections: "章の数",
  questions: "質問の数",
  shifts: "シフトの数",
  removedShifts: "削除したシフトの数",
  identity: "意見を出す方の情報",
  opensAt: "受付開始",
  closesAt: "締切",
  plannedClosesAt: "予定していた締切",
  at: "日時",
  format: "形式",
  rows: "件数",
  personal: "氏名・住所を含む",
  from: "期間（から）",
  to: "期間（まで）",
  resultsUrl: "結果のページ",
  role: "権限",
  displayName: "氏名",
  disabled: "無効",
  capacity: "定員",
  organizer: "主催",
  promoted: "キャンセル待ちから繰り上げ（人）",
  status: "状態",
  position: "キャンセル待ちの順番",
  registration: "申込",
  attended: "出席",
  hours: "時間",
  urgent: "緊急",
  characters: "文字数",
  noticeVersion: "同意した通知の版",
  value: "設定値",
  bytes: "大きさ（バイト）",
  type: "種類",
  comments: "意見の数",
  planChapters: "計画の柱の数（指定）",
  themeCount: "テーマの数（指定）",
  kind: "編集の種類",
  themes: "テーマの数",
  groups: "まとまりの数",
  removed: "削除したまとまりの数",
  server: "要約に使ったサーバー",
  pages: "ページ数",
  assigneeId: "担当",
  memoChanged: "内部メモを変更",
  source: "返信の対象",
  replyToken: "応答で送信（無料）",
  count: "件数",
  retentionDays: "保存期間（日）",
};

/** Field names that appear inside "changed" / "fields" lists. */
const fieldLabels: Record<string, string> = {
  title: "タイトル",
  shortTitle: "短い名前",
  summary: "概要",
  description: "説明",
  documentUrl: "資料のURL",
  sections: "章",
  audience: "対象者",
  identity: "意見を出す方の情報",
  opensAt: "受付開始",
  closesAt: "締切",
  questions: "質問",
  publicText: "公開する文",
  groupId: "まとまり",
  response: "市の考え方",
  startsAt: "開始",
  endsAt: "終了",
  place: "場所",
  capacity: "定員",
  imageUrl: "画像",
};

const valueLabels: Record<string, Record<string, string>> = {
  role: { admin: "管理者", staff: "職員", viewer: "閲覧のみ" },
  identity: { anonymous: "不要（匿名）", name_address: "氏名・住所が必要" },
  status: { confirmed: "申込確定", waitlisted: "キャンセル待ち", cancelled: "取り消し" },
  format: { csv: "CSV", json: "JSON" },
};

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export type TAuditDetailShown = { key: string; label: string; value: string };

/** One detail value as staff read it. */
export function auditDetailValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "なし";
  if (typeof value === "boolean") return value ? "はい" : "いいえ";
  if (typeof value === "number") return value.toLocaleString("ja-JP");
  if (typeof value === "string") {
    if (isoInstant.test(value)) return formatTokyoDateTime(new Date(value));
    if (key === "changed" || key === "fields") return value.split(",").map((f) => fieldLabels[f] ?? f).join("、");
    return valueLabels[key]?.[value] ?? value;
  }
  return JSON.stringify(value);
}

export function auditDetails(detail: unknown): TAuditDetailShown[] {
  if (!detail || typeof detail !== "object") return [];
  return Object.entries(detail as Record<string, unknown>).map(([key, value]) => ({ key, label: auditDetailLabels[key] ?? key, value: auditDetailValue(key, value) }));
}

/** "staff:tanaka" → "職員 tanaka"; residents are never named (their id is a hash). */
export function auditActorLabel(actor: string): string {
  if (actor === "system") return "システム（自動）";
  if (actor.startsWith("staff:")) return `職員 ${actor.slice("staff:".length)}`;
  if (actor.startsWith("resident:")) return "住民";
  return actor;
}

const targetKinds: Record<string, string> = {
  round: "意見募集",
  poll: "アンケート",
  event: "イベント",
  opportunity: "ボランティア募集",
  shift: "シフト",
  signup: "ボランティア申込",
  comment: "意見",
  group: "意見のまとまり",
  staff: "職員",
  setting: "設定",
  image: "画像",
  analysis: "意見の分析",
  delivery: "配信",
  inquiry: "問い合わせ",
};

/** "round:<uuid>" → "意見募集"; a staff target keeps its login id, which staff know. */
export function auditTargetLabel(target: string | null): string {
  if (!target) return "";
  const [kind, ...rest] = target.split(":");
  const name = targetKinds[kind!];
  if (!name) return target;
  if (kind === "inquiry") return `${name} #${rest.join(":")}`;
  return kind === "staff" || kind === "setting" ? `${name} ${rest.join(":")}` : name;
}
