// The comment files staff and the command exchange: UTF-8 (a BOM allowed), a header with
// comment-id and comment-body and any attribute columns (age_band, district, …), RFC 4180 quoting.
// The format broad-listening tools read. A bad file is refused with the line that is wrong.
export type TCommentRecord = { id: string; body: string; attributes: Record<string, string> };

export class CommentsCsvError extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(`${line}行目: ${reason}`);
  }
}

/** Splits CSV text into records, each with the line it starts on. */
function records(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === "")) out.push({ line: start, cells });
    cells = [];
    cell = "";
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") throw new CommentsCsvError(line, "引用符（\"）の後に区切り（,）がありません");
        continue;
      }
      if (ch === "\n") line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell !== "") throw new CommentsCsvError(line, "セルの途中に引用符（\"）があります。セル全体を\"で囲み、中の\"は\"\"と書いてください");
      quoted = true;
      i++;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      start = line;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new CommentsCsvError(start, "引用符（\"）が閉じられていません");
  if (cell !== "" || cells.length > 0) endRecord();
  return out;
}

export function parseCommentsCsv(input: string | Buffer): TCommentRecord[] {
  const buffer = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    // Find the line of the first byte that is not UTF-8, so staff know where to look.
    let line = 1;
    for (let i = 0; i < buffer.length; i++) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, i + 1), { stream: true });
      } catch {
        break;
      }
      if (buffer[i] === 0x0a) line++;
    }
    throw new CommentsCsvError(line, "UTF-8ではない文字があります（Excelでは「CSV UTF-8」で保存してください）");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = records(text);
  const head = rows[0];
  if (!head) throw new CommentsCsvError(1, "ファイルが空です。1行目に comment-id,comment-body の見出しが必要です");
  const names = head.cells.map((c) => c.trim());
  const idAt = names.indexOf("comment-id");
  const bodyAt = names.indexOf("comment-body");
  if (idAt < 0 || bodyAt < 0) throw new CommentsCsvError(head.line, `見出しに ${idAt < 0 ? "comment-id" : "comment-body"} がありません（見出し: ${names.join(",")}）`);
  const seen = new Map<string, number>();
  const out: TCommentRecord[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.length !== names.length) throw new CommentsCsvError(row.line, `列の数が見出しと違います（見出し${names.length}列、この行${row.cells.length}列）`);
    const id = row.cells[idAt]!.trim();
    if (id === "") throw new CommentsCsvError(row.line, "comment-id が空です");
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new CommentsCsvError(row.line, `comment-id「${id}」は${earlier}行目と同じです`);
    seen.set(id, row.line);
    const attributes: Record<string, string> = {};
    names.forEach((name, i) => {
      if (i !== idAt && i !== bodyAt && name !== "") attributes[name] = row.cells[i]!;
    });
    out.push({ id, body: row.cells[bodyAt]!, attributes });
  }
  return out;
}
