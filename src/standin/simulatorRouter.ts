import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import express, { type Request, type Response } from "express";
import { z } from "zod";
import type { LineStandIn, WebhookDelivery } from "./createLineStandIn.ts";

/**
 * Local mode's chat page: a person plays residents and talks to the bot through the stand-in.
 * `GET /simulator` serves one self-contained HTML page; `/simulator/api/...` is the JSON API it polls.
 */

const PAGE_URL = new URL("./simulatorPage.html", import.meta.url);

const ZCreateResident = z.object({ displayName: z.string().trim().max(20).optional() });
const ZText = z.object({ text: z.string().min(1).max(5000) });
const ZRichMenuSwitch = z.object({ richMenuAliasId: z.string().min(1).max(32), data: z.string().max(300) });
const ZPostback = z.object({
  data: z.string().max(300),
  params: z.record(z.string(), z.string()).optional(),
  displayText: z.string().max(300).optional(),
});

/** What the page needs to know about a webhook delivery (not the raw body). */
function summarize(delivery: WebhookDelivery) {
  return {
    status: delivery.status,
    ok: delivery.status >= 200 && delivery.status < 300,
    ...(delivery.error ? { error: delivery.error } : {}),
    ...(delivery.status >= 300 ? { responseText: delivery.responseText.slice(0, 500) } : {}),
  };
}

export function simulatorRouter(standIn: LineStandIn): express.Router {
  /** The menu this resident sees now, as the page draws it: the image and its tappable areas. */
  const richMenuOf = (userId: string) => {
    const current = standIn.richMenus.currentFor(userId);
    if (!current?.image) return null;
    const { richMenuId, chatBarText, selected, size, areas } = current.menu;
    return { richMenuId, chatBarText, selected, size, areas, imageUrl: `richmenus/${encodeURIComponent(richMenuId)}/image` };
  };
  const router = express.Router();
  let page: string | undefined;
  // Versions restart with the process: a page that polls across a restart must not take the new
  // process's version 5 for the old one's. So a version names the start it belongs to.
  const boot = randomBytes(4).toString("hex");

  router.get("/simulator", (_req, res) => {
    page ??= readFileSync(PAGE_URL, "utf8");
    res.type("html").set("cache-control", "no-store").send(page);
  });

  const api = express.Router();
  router.use("/simulator/api", express.json({ limit: "100kb" }), api);

  const userIdOf = (req: Request, res: Response): string | undefined => {
    const userId = String(req.params["userId"] ?? "");
    if (standIn.users().some((u) => u.userId === userId)) return userId;
    res.status(404).json({ message: "その住民はいません" });
    return undefined;
  };

  const badRequest = (res: Response, error: z.ZodError) =>
    res.status(400).json({ message: "入力が正しくありません", issues: error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });

  api.get("/residents", (_req, res) => {
    res.json({ residents: standIn.users() });
  });

  api.post("/residents", (req, res) => {
    const parsed = ZCreateResident.safeParse(req.body ?? {});
    if (!parsed.success) return void badRequest(res, parsed.error);
    const displayName = parsed.data.displayName || undefined;
    res.status(201).json(standIn.createUser(displayName ? { displayName } : {}));
  });

  api.post("/residents/:userId/follow", async (req, res) => {
    const userId = userIdOf(req, res);
    if (userId) res.json(summarize(await standIn.follow(userId)));
  });

  api.post("/residents/:userId/unfollow", async (req, res) => {
    const userId = userIdOf(req, res);
    if (userId) res.json(summarize(await standIn.unfollow(userId)));
  });

  api.post("/residents/:userId/text", async (req, res) => {
    const userId = userIdOf(req, res);
    if (!userId) return;
    const parsed = ZText.safeParse(req.body);
    if (!parsed.success) return void badRequest(res, parsed.error);
    res.json(summarize(await standIn.sendText(userId, parsed.data.text)));
  });

  api.post("/residents/:userId/postback", async (req, res) => {
    const userId = userIdOf(req, res);
    if (!userId) return;
    const parsed = ZPostback.safeParse(req.body);
    if (!parsed.success) return void badRequest(res, parsed.error);
    const { data, params, displayText } = parsed.data;
    res.json(summarize(await standIn.sendPostback(userId, data, params, displayText !== undefined ? { displayText } : {})));
  });

  // A richmenuswitch tap: LINE's app shows the alias's menu and sends a postback saying so.
  api.post("/residents/:userId/richmenu-switch", async (req, res) => {
    const userId = userIdOf(req, res);
    if (!userId) return;
    const parsed = ZRichMenuSwitch.safeParse(req.body);
    if (!parsed.success) return void badRequest(res, parsed.error);
    const switched = standIn.richMenus.switchTo(userId, parsed.data.richMenuAliasId);
    const delivery = await standIn.deliverEvents([
      {
        ...standIn.build.postback(userId, parsed.data.data, {
          newRichMenuAliasId: parsed.data.richMenuAliasId,
          status: switched ? "SUCCESS" : "RICHMENU_ALIAS_ID_NOTFOUND",
        }),
      },
    ]);
    res.json(summarize(delivery));
  });

  api.get("/richmenus/:richMenuId/image", (req, res) => {
    const image = standIn.richMenus.imageOf(String(req.params["richMenuId"]));
    if (!image) return void res.status(404).json({ message: "画像がありません" });
    res.type(image.contentType).set("cache-control", "private, max-age=3600").send(image.data);
  });

  // Polled about once a second: `since` lets an unchanged chat answer with a few bytes.
  api.get("/residents/:userId/chat", (req, res) => {
    const userId = userIdOf(req, res);
    if (!userId) return;
    const version = `${boot}.${standIn.version}`;
    const loadingMs = Math.max(0, standIn.loadingUntil(userId) - Date.now());
    if (req.query["since"] === String(version) && loadingMs === 0) {
      res.json({ version, unchanged: true });
      return;
    }
    res.json({
      version,
      resident: standIn.users().find((u) => u.userId === userId),
      entries: standIn.chatFor(userId),
      rejections: standIn
        .rejectionsFor(userId)
        .slice(-20)
        .map(({ at, operation, status, errors }) => ({ at, operation, status, errors })),
      loadingMs,
      richMenu: richMenuOf(userId),
    });
  });

  return router;
}
