// Words the event screens share: statuses of events and of sign-ups.

export const eventStatusLabels = { open: "受付中", full: "満席（キャンセル待ち受付）", closed: "締切", finished: "終了", cancelled: "中止" };

/** "参加確定", "待ち1番", "キャンセル". */
export function registrationStatusText(r) {
  if (r.status === "waitlisted") return r.position ? `待ち${r.position}番` : "キャンセル待ち";
  if (r.status === "confirmed") return "参加確定";
  if (r.status === "cancelled") return "キャンセル";
  return r.status;
}
