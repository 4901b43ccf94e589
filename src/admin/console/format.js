// Times are stored in UTC and shown in Asia/Tokyo, whatever the time zone of the staff member's
// computer: a datetime-local input's "2026-12-01T09:00" always means 9:00 in Tokyo. The console's
// Tokyo-time arithmetic is all here (the server's is in src/domain/tokyoTime.ts).

const JST_OFFSET_MS = 9 * 3600_000;
const pad = (n) => String(n).padStart(2, "0");
const weekdays = ["日", "月", "火", "水", "木", "金", "土"];

/** The Tokyo wall clock of an instant (Date or ISO string); undefined when it is not one. */
export function tokyoParts(value) {
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return undefined;
  const j = new Date(at.getTime() + JST_OFFSET_MS);
  return { y: j.getUTCFullYear(), mo: j.getUTCMonth() + 1, d: j.getUTCDate(), h: j.getUTCHours(), mi: j.getUTCMinutes(), s: j.getUTCSeconds(), wd: j.getUTCDay() };
}

/** "2026/12/05(土) 14:00" */
export function formatDateTime(value) {
  if (!value) return "";
  const p = tokyoParts(value);
  if (!p) return "";
  return `${p.y}/${pad(p.mo)}/${pad(p.d)}(${weekdays[p.wd]}) ${pad(p.h)}:${pad(p.mi)}`;
}

/** "2026/12/05 14:00:07" — for the audit trail, where seconds matter. */
export function formatDateTimeSeconds(value) {
  if (!value) return "";
  const p = tokyoParts(value);
  if (!p) return "";
  return `${p.y}/${pad(p.mo)}/${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** An instant → the value of a datetime-local input, in Tokyo ("2026-12-05T14:00"). */
export function toLocalInput(value) {
  if (!value) return "";
  const p = tokyoParts(value);
  if (!p) return "";
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** A datetime-local input's value, read as Tokyo time → ISO with +09:00 ("" stays ""). */
export function fromLocalInput(value) {
  if (!value) return "";
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  return `${withSeconds}+09:00`;
}

/** A date input's value ("2026-12-05") → the start of that day in Tokyo, or the start of the next day (endOfDay). */
export function fromDateInput(value, endOfDay = false) {
  if (!value) return "";
  const [y, m, d] = value.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0)) - JST_OFFSET_MS).toISOString();
}

/** A count of Tokyo calendar days: two instants on the same Tokyo day have the same number. */
export const tokyoDayNumber = (value) => Math.floor((new Date(value).getTime() + JST_OFFSET_MS) / 86_400_000);

export function formatPeriod(from, to) {
  return `${formatDateTime(from)} 〜 ${formatDateTime(to)}`;
}

export function formatPercent(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return `${(Math.round(value * 10) / 10).toFixed(1)}%`;
}

export function formatNumber(n) {
  return Number(n ?? 0).toLocaleString("ja-JP");
}

export const roleLabels = { admin: "管理者", staff: "職員", viewer: "閲覧のみ" };

export const roundStatusLabels = { scheduled: "予定", open: "受付中", closed: "締切", published: "公表済み" };
export const pollStatusLabels = { scheduled: "予定", open: "受付中", closed: "締切" };

export const identityLabels = { anonymous: "匿名可", name_address: "氏名・住所が必要" };

export const pollKindLabels = { single: "1つ選ぶ", multiple: "いくつでも選ぶ", scale: "5段階", text: "自由記述" };

export const commentStatusLabels = { submitted: "受付", withdrawn: "取り下げ" };
