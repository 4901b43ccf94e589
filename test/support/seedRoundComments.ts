// A closed public comment round with residents' comments taken from the labelled evaluation set
// (eval/listening), written straight to the database: what residents would have sent over weeks.
import { readFileSync } from "node:fs";
import { type PrismaClient } from "../../src/generated/prisma/client.ts";
import { parseCommentsCsv } from "../../src/domain/listening/commentsCsv.ts";

export type TSeededRound = { roundId: string; number: number; title: string; comments: { id: string; theme: string; body: string; duplicateGroup: string }[] };

const AGE_BANDS = ["20s", "30s", "40s", "50s", "60s", "70plus"];
const DISTRICTS = ["nagato", "misumi", "heki", "yuya"];

export function evalComments(themes?: string[]) {
  return parseCommentsCsv(readFileSync("eval/listening/city-plan-comments.csv")).filter((r) => !themes || themes.includes(r.attributes.theme ?? ""));
}

/** count comments (the set's, repeated with a suffix when more are wanted) by count/2 residents. */
export async function seedClosedRound(prisma: PrismaClient, options: { title: string; themes?: string[]; count?: number }): Promise<TSeededRound> {
  const source = evalComments(options.themes);
  const count = options.count ?? source.length;
  const staff = await prisma.staff.findFirst();
  const now = Date.now();
  const round = await prisma.round.create({
    data: {
      title: options.title,
      summary: "市の総合計画（案）についてご意見を募集しました。",
      documentUrl: "https://www.city.nagato.example.jp/plan.pdf",
      sections: [],
      opensAt: new Date(now - 40 * 86_400_000),
      closesAt: new Date(now - 86_400_000),
      closedAt: new Date(now - 86_400_000),
      createdById: staff!.id,
    },
  });
  const residents = Math.max(1, Math.ceil(count / 2));
  const ids: string[] = [];
  for (let i = 0; i < residents; i++) {
    const r = await prisma.resident.create({
      data: { lineUserId: `Useed${round.number}x${i}`, consentVersion: "2026-11", consentedAt: new Date(), profile: { ageBand: AGE_BANDS[i % AGE_BANDS.length], district: DISTRICTS[i % DISTRICTS.length] } },
    });
    ids.push(r.id);
  }
  const comments: TSeededRound["comments"] = [];
  const rows = Array.from({ length: count }, (_, i) => {
    const s = source[i % source.length]!;
    const body = i < source.length ? s.body : `${s.body}（${Math.floor(i / source.length) + 1}回目の提出です）`;
    return { s, body, i };
  });
  for (let start = 0; start < rows.length; start += 500) {
    const created = await prisma.comment.createManyAndReturn({
      data: rows.slice(start, start + 500).map(({ body, i }) => ({
        roundId: round.id,
        residentId: ids[i % residents]!,
        receiptNumber: `R${round.number}-${String(i + 1).padStart(5, "0")}`,
        sectionId: "general",
        body,
        roundVersion: 1,
        submittedAt: new Date(now - 30 * 86_400_000 + i * 1000),
      })),
      select: { id: true, receiptNumber: true },
    });
    created.forEach((c, k) => {
      const { s, body } = rows[start + k]!;
      comments.push({ id: c.id, theme: s.attributes.theme ?? "", body, duplicateGroup: s.attributes.duplicate_group ?? "" });
    });
  }
  return { roundId: round.id, number: round.number, title: round.title, comments };
}
