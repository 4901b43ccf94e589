// The public results page of a round, /results/rounds/<id> (id or number): a plain Japanese page,
// no login, the default link residents are sent when the results are published. It shows what was
// published — sections, the comments as staff prepared them for publication (personal details
// hidden; never a name or address), groups and the city's responses — and nothing before publication.
import express, { type Router } from "express";
import { type PrismaClient, type Round } from "../generated/prisma/client.ts";
import { idOrNumber } from "../domain/idOrNumber.ts";
import { formatTokyoDate, formatTokyoDateTime } from "../tokyoTime.ts";
import { roundResults, type TRoundResults } from "../domain/rounds/RoundService.ts";

export type TRoundResultsPageDeps = { prisma: PrismaClient };

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

// Residents open this from LINE on a phone (390 px and narrower): nothing may be wider than the
// screen, so long URLs, receipt lists and unbroken text wrap, and the facts stack on narrow screens.
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { font-family: "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; line-height: 1.7; }
main { max-width: 860px; margin: 0 auto; padding: 1.5rem 1rem 3rem; background: #fff; overflow-wrap: anywhere; word-break: normal; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; line-height: 1.4; }
a { overflow-wrap: anywhere; word-break: break-all; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #0b5cad; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
.label { color: #0b5cad; font-weight: bold; font-size: 0.9rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.3rem 1rem; }
dl.facts dt { color: #57606a; }
dl.facts dd { margin: 0; min-width: 0; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
article { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.75rem 1rem; margin: 0.75rem 0; }
article .receipt { color: #57606a; font-size: 0.85rem; }
.response { background: #f0f6ff; border-left: 4px solid #0b5cad; padding: 0.5rem 0.75rem; margin-top: 0.5rem; }
.muted { color: #57606a; }
@media (max-width: 520px) {
  main { padding: 1rem 0.75rem 2rem; }
  h1 { font-size: 1.3rem; }
  h2 { font-size: 1.1rem; }
  dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dl.facts dd { margin-bottom: 0.6rem; }
  article { padding: 0.6rem 0.75rem; }
}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>`;
}

function resultsHtml({ round, sections, groups, comments, submitters }: TRoundResults): string {
  const groupsHtml =
    groups.filter((g) => g.commentCount > 0).length === 0
      ? ""
      : `<h2>主なご意見と市の考え方</h2>
${groups
  .filter((g) => g.commentCount > 0)
  .map(
    (g) => `<section>
<h3>${escape(g.title)}（${g.commentCount}件）</h3>
${g.summary ? `<div class="label">意見の概要</div><p class="pre">${escape(g.summary)}</p>` : ""}
<div class="response"><div class="label">市の考え方</div><div class="pre">${g.response ? escape(g.response) : "（検討中）"}</div></div>
${g.revised === null || g.revised === undefined ? "" : `<p><span class="label">修正の有無</span> ${g.revised ? "有（案を修正しました）" : "無"}</p>`}
<p class="muted">該当するご意見の受付番号：${g.receipts.map(escape).join("、")}</p>
</section>`,
  )
  .join("\n")}`;
  const bySection = sections
    .map((s) => ({ section: s, rows: comments.filter((c) => c.sectionId === s.id) }))
    .filter((s) => s.rows.length > 0)
    .map(
      ({ section, rows }) => `<section>
<h3>${escape(section.title)}（${rows.length}件）</h3>
${rows
  .map(
    (c) => `<article>
<div class="receipt">受付番号 ${escape(c.receiptNumber)}${c.groupTitle ? ` ／ ${escape(c.groupTitle)}` : ""}</div>
<div class="pre">${escape(c.text)}</div>
${c.response ? `<div class="response"><div class="label">市の考え方</div><div class="pre">${escape(c.response)}</div></div>` : ""}
</article>`,
  )
  .join("\n")}
</section>`,
    )
    .join("\n");
  return page(
    `意見募集の結果：${round.title}`,
    `<div class="label">意見募集（パブリックコメント）の結果</div>
<h1>${escape(round.title)}</h1>
<dl class="facts">
<dt>募集期間</dt><dd>${escape(formatTokyoDateTime(round.opensAt))} 〜 ${escape(formatTokyoDateTime(round.closesAt))}</dd>
<dt>公表日</dt><dd>${round.publishedAt ? escape(formatTokyoDate(round.publishedAt)) : ""}</dd>
<dt>寄せられたご意見</dt><dd>${comments.length}件${submitters !== undefined ? `（${submitters}人）` : ""}</dd>
<dt>資料</dt><dd><a href="${escape(round.documentUrl)}" rel="noopener noreferrer">${escape(round.documentUrl)}</a></dd>
</dl>
<h2>概要</h2>
<p class="pre">${escape(round.summary)}</p>
${groupsHtml}
<h2>ご意見と市の考え方</h2>
${comments.length === 0 ? "<p>この案件へのご意見はありませんでした。</p>" : bySection}
<p class="muted">ご意見は、個人が特定できる部分を伏せて掲載しています。ご意見をお寄せいただいた皆さま、ありがとうございました。</p>`,
  );
}

const notPublished = () =>
  page("意見募集の結果", `<h1>意見募集の結果</h1><p>この意見募集の結果は、まだ公表されていないか、見つかりません。</p>`);

export function roundResultsPage(deps: TRoundResultsPageDeps): Router {
  const router = express.Router();
  router.get("/results/rounds/:id", async (req, res, next) => {
    try {
      const id = req.params.id;
      const where = idOrNumber(id);
      const round: Round | null = where ? await deps.prisma.round.findUnique({ where }) : null;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader("X-Content-Type-Options", "nosniff");
      if (!round?.publishedAt) {
        res.status(404).send(notPublished());
        return;
      }
      res.setHeader("Cache-Control", "public, max-age=60");
      res.status(200).send(resultsHtml(await roundResults(deps.prisma, round)));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
