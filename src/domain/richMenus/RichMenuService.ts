// Makes and keeps the city's rich menus on LINE from the definition staff edit, and links each
// resident to the menu of their state (before consent / after) and language.
//
// An apply never leaves a gap: the new menus are made (image uploaded) first, then the tab aliases
// and the default point at them, then residents are relinked by the reconcile pass, and only when no
// resident is linked to an old menu is it deleted. Each LINE call is retried on 429, 5xx and
// timeouts; an apply that still fails is reported (status) and tried again by the next passes.
import { createHash } from "node:crypto";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { asJson } from "../../db/asJson.ts";
import { languages } from "../../flows/flowSchema.ts";
import { menuTabPostback, startFlowPostback } from "../../flows/postback.ts";
import { type Logger, hashUserId } from "../../logger.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { defaultRichMenu } from "./defaultRichMenu.ts";
import { drawRichMenuImages } from "./richMenuImages.ts";
import {
  areaBounds,
  entryPage,
  menuText,
  richMenuLayouts,
  ZRichMenuDefinition,
  ZRichMenuDeployment,
  ZRichMenuStatus,
  type TMenuAudience,
  type TRichMenuDefinition,
  type TRichMenuDeployment,
  type TRichMenuPage,
  type TRichMenuStatus,
} from "./richMenuTypes.ts";

/** The LINE calls this needs (the project's LINE client has them, with timeouts). */
export type TRichMenuApi = {
  createRichMenu(request: TLineRichMenu): Promise<{ richMenuId: string }>;
  setRichMenuImage(richMenuId: string, image: Buffer, contentType: "image/png"): Promise<unknown>;
  deleteRichMenu(richMenuId: string): Promise<unknown>;
  getRichMenuList(): Promise<{ richmenus: { richMenuId: string; name: string }[] }>;
  setDefaultRichMenu(richMenuId: string): Promise<unknown>;
  linkRichMenuIdToUser(userId: string, richMenuId: string): Promise<unknown>;
  unlinkRichMenuIdFromUser(userId: string): Promise<unknown>;
  createRichMenuAlias(request: { richMenuAliasId: string; richMenuId: string }): Promise<unknown>;
  updateRichMenuAlias(richMenuAliasId: string, request: { richMenuId: string }): Promise<unknown>;
  getRichMenuAliasList(): Promise<{ aliases: { richMenuAliasId: string; richMenuId: string }[] }>;
};

type TLineAction =
  | { type: "postback"; label: string; data: string; displayText: string }
  | { type: "uri"; label: string; uri: string }
  | { type: "richmenuswitch"; label: string; richMenuAliasId: string; data: string };
export type TLineRichMenu = {
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: { bounds: { x: number; y: number; width: number; height: number }; action: TLineAction }[];
};

const APPLY_STALE_MS = 10 * 60_000;
const KEYS = { definition: "richMenu.definition", deployment: "richMenu.deployment", status: "richMenu.status" } as const;
/** Menus this bot made carry this name prefix; others (made by hand) are left alone. */
const NAME_PREFIX = "cityvoice:";

export const menuKey = (pageKey: string, language: string) => `${pageKey}:${language}`;
export const aliasId = (pageKey: string, language: string) => `cv-${pageKey}-${language}`;

export function revisionOf(def: TRichMenuDefinition): string {
  return createHash("sha256").update(JSON.stringify(def)).digest("hex").slice(0, 16);
}

/** The LINE rich menu object for one page in one language. */
export function toLineRichMenu(page: TRichMenuPage, language: string, revision: string): TLineRichMenu {
  const { width, height } = richMenuLayouts[page.layout];
  const bounds = areaBounds(page.layout);
  return {
    size: { width, height },
    selected: true,
    name: `${NAME_PREFIX}${revision}:${page.key}:${language}`,
    chatBarText: menuText(page.chatBarText, language),
    areas: page.areas.map((area, i) => {
      const label = menuText(area.label, language);
      const action: TLineAction =
        area.action.type === "flow"
          ? { type: "postback", label, data: startFlowPostback(area.action.flow), displayText: label }
          : area.action.type === "url"
            ? { type: "uri", label, uri: area.action.url }
            : { type: "richmenuswitch", label, richMenuAliasId: aliasId(area.action.page, language), data: menuTabPostback(area.action.page) };
      return { bounds: bounds[i]!, action };
    }),
  };
}

function isRetryable(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status !== "number" || status === 429 || status >= 500;
}

function describe(err: unknown): string {
  const e = err as { status?: number; body?: string; message?: string };
  let reason = e?.message ?? String(err);
  if (typeof e?.body === "string") {
    try {
      reason = (JSON.parse(e.body) as { message?: string }).message ?? reason;
    } catch {
      /* not JSON */
    }
  }
  return typeof e?.status === "number" ? `${e.status} ${reason}` : reason;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Residents linked per pass at most: a pass stays short, the next one goes on. */
const RECONCILE_LIMIT = 2_000;

/** Asked for after stop(): not done, and not a failure worth a warning. */
class RichMenusStopped extends Error {
  constructor() {
    super("rich menus stopped");
    this.name = "RichMenusStopped";
  }
}

export class RichMenuService {
  private readonly prisma: PrismaClient;
  private readonly api: TRichMenuApi;
  private readonly logger: Logger;
  private readonly retryBaseMs: number;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private nextApplyAt = 0;

  constructor(options: { prisma: PrismaClient; api: TRichMenuApi; logger: Logger; retryBaseMs?: number }) {
    this.prisma = options.prisma;
    this.api = options.api;
    this.logger = options.logger;
    this.retryBaseMs = options.retryBaseMs ?? 500;
  }

  // ---- the definition ----

  async definition(): Promise<TRichMenuDefinition> {
    const row = await this.prisma.setting.findUnique({ where: { key: KEYS.definition } });
    const parsed = ZRichMenuDefinition.safeParse(row?.value);
    return parsed.success ? parsed.data : defaultRichMenu;
  }

  /** Saves the shipped default at the first start, so a city gets a working menu at once. */
  async ensureDefinition(): Promise<void> {
    await this.prisma.setting.upsert({ where: { key: KEYS.definition }, create: { key: KEYS.definition, value: asJson(defaultRichMenu) }, update: {} });
  }

  async saveDefinition(def: TRichMenuDefinition, staff: TStaffActor): Promise<void> {
    const revision = revisionOf(def);
    await this.prisma.$transaction(async (tx) => {
      await tx.setting.upsert({
        where: { key: KEYS.definition },
        create: { key: KEYS.definition, value: asJson(def), updatedById: staff.id },
        update: { value: asJson(def), updatedById: staff.id },
      });
      await recordAudit(tx, { actor: actorName(staff), action: "richMenu.save", target: revision, detail: { pages: def.pages.length } });
    });
  }

  async deployment(): Promise<TRichMenuDeployment | undefined> {
    const row = await this.prisma.setting.findUnique({ where: { key: KEYS.deployment } });
    const parsed = ZRichMenuDeployment.safeParse(row?.value);
    return parsed.success ? parsed.data : undefined;
  }

  async status(): Promise<TRichMenuStatus> {
    const row = await this.prisma.setting.findUnique({ where: { key: KEYS.status } });
    const parsed = ZRichMenuStatus.safeParse(row?.value);
    return parsed.success ? parsed.data : { state: "pending", revision: null, message: null, attempts: 0, at: new Date().toISOString(), retired: [] };
  }

  private async setStatus(patch: Partial<TRichMenuStatus>): Promise<TRichMenuStatus> {
    const next = { ...(await this.status()), ...patch, at: new Date().toISOString() };
    await this.prisma.setting.upsert({ where: { key: KEYS.status }, create: { key: KEYS.status, value: asJson(next) }, update: { value: asJson(next) } });
    return next;
  }

  /** The console's view: the last apply, and how many residents still wait for their menu. */
  async overview() {
    const [status, deployment, def] = await Promise.all([this.status(), this.deployment(), this.definition()]);
    return { status, deployment: deployment ?? null, upToDate: deployment?.revision === revisionOf(def), pendingResidents: deployment ? await this.pendingCount(deployment, def) : null };
  }

  // ---- applying ----

  private async call<T>(what: string, fn: () => Promise<T>, attempts = 4): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= attempts || !isRetryable(err)) throw new Error(`${what}: ${describe(err)}`);
        await sleep(this.retryBaseMs * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * Runs one thing at a time: the start, applies and passes never overlap, and stop() waits for the
   * one running. Nothing starts once stop() was called: the database is closed right after it.
   */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.running.then(() => (this.stopped ? Promise.reject(new RichMenusStopped()) : fn()));
    this.running = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Makes the menus of the current definition on LINE and points the default and the tabs at them. */
  apply(staff?: TStaffActor): Promise<TRichMenuStatus> {
    return this.serial(() => this.applyNow(staff));
  }

  private async applyNow(staff?: TStaffActor): Promise<TRichMenuStatus> {
    const def = await this.definition();
    const revision = revisionOf(def);
    const before = await this.status();
    // Several processes on one database: one applies at a time (an "applying" older than ten minutes was cut short).
    if (before.state === "applying" && Date.now() - Date.parse(before.at) < APPLY_STALE_MS) {
      return before;
    }
    if (!(await this.claimApply(before, revision))) return this.status();
    if (staff) await recordAudit(this.prisma, { actor: actorName(staff), action: "richMenu.apply", target: revision });
    try {
      const menus: Record<string, string> = {};
      const drawn = def.pages.flatMap((page) => languages.map((language) => ({ page, language })));
      const images = await drawRichMenuImages(drawn);
      for (const [i, { page, language }] of drawn.entries()) {
        const { richMenuId } = await this.call("リッチメニューの作成", () => this.api.createRichMenu(toLineRichMenu(page, language, revision)));
        menus[menuKey(page.key, language)] = richMenuId;
        await this.call("画像のアップロード", () => this.api.setRichMenuImage(richMenuId, images[i]!, "image/png"));
      }
      const existing = new Set((await this.call("エイリアス一覧", () => this.api.getRichMenuAliasList())).aliases.map((a) => a.richMenuAliasId));
      for (const page of def.pages) {
        for (const language of languages) {
          const id = aliasId(page.key, language);
          const richMenuId = menus[menuKey(page.key, language)]!;
          if (existing.has(id)) await this.call("エイリアスの更新", () => this.api.updateRichMenuAlias(id, { richMenuId }));
          else await this.call("エイリアスの作成", () => this.api.createRichMenuAlias({ richMenuAliasId: id, richMenuId }));
        }
      }
      const defaultMenuId = menus[menuKey(entryPage(def, "guest").key, "ja")]!;
      await this.call("デフォルトメニューの設定", () => this.api.setDefaultRichMenu(defaultMenuId));
      const deployment: TRichMenuDeployment = { revision, menus, defaultMenuId, appliedAt: new Date().toISOString() };
      await this.prisma.setting.upsert({ where: { key: KEYS.deployment }, create: { key: KEYS.deployment, value: asJson(deployment) }, update: { value: asJson(deployment) } });
      // Every menu this bot made before (also from failed attempts) goes once nobody is linked to it.
      const listed = (await this.call("リッチメニュー一覧", () => this.api.getRichMenuList())).richmenus;
      const keep = new Set(Object.values(menus));
      const retired = listed.filter((m) => m.name.startsWith(NAME_PREFIX) && !keep.has(m.richMenuId)).map((m) => m.richMenuId);
      this.nextApplyAt = 0;
      this.logger.info("rich menus applied", { revision, menus: Object.keys(menus).length });
      return await this.setStatus({ state: "applied", revision, message: null, attempts: 0, retired });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = before.attempts + 1;
      // Tried again by the passes, backing off to every ten minutes.
      this.nextApplyAt = Date.now() + Math.min(10 * 60_000, 5_000 * 2 ** (attempts - 1));
      this.logger.warn("rich menu apply failed", { revision, reason: message, attempts });
      return this.setStatus({ state: "failed", revision, message, attempts });
    }
  }

  /** Marks the status "applying" only if nobody changed it since `seen` was read. */
  private async claimApply(seen: TRichMenuStatus, revision: string): Promise<boolean> {
    const next: TRichMenuStatus = { ...seen, state: "applying", revision, message: null, at: new Date().toISOString() };
    const row = await this.prisma.setting.findUnique({ where: { key: KEYS.status } });
    if (!row) {
      try {
        await this.prisma.setting.create({ data: { key: KEYS.status, value: asJson(next) } });
        return true;
      } catch {
        return false; // another process made it first
      }
    }
    const { count } = await this.prisma.setting.updateMany({ where: { key: KEYS.status, updatedAt: row.updatedAt }, data: { value: asJson(next) } });
    return count === 1;
  }

  /** At start: whether LINE still has every deployed menu (a stand-in starts empty; staff may delete one by hand). */
  private async deployedMenusExist(deployment: TRichMenuDeployment): Promise<boolean> {
    const listed = new Set((await this.call("リッチメニュー一覧", () => this.api.getRichMenuList())).richmenus.map((m) => m.richMenuId));
    return Object.values(deployment.menus).every((id) => listed.has(id));
  }

  // ---- residents ----

  private groups(deployment: TRichMenuDeployment, def: TRichMenuDefinition) {
    const out: { audience: TMenuAudience; language: string; menuId: string | null }[] = [];
    for (const audience of ["guest", "member"] as const) {
      for (const language of languages) {
        const id = deployment.menus[menuKey(entryPage(def, audience).key, language)];
        if (!id) continue;
        // The default menu needs no link of its own.
        out.push({ audience, language, menuId: id === deployment.defaultMenuId ? null : id });
      }
    }
    return out;
  }

  private whereGroup(group: { audience: TMenuAudience; language: string; menuId: string | null }) {
    const others = languages.filter((l) => l !== "ja");
    return {
      reachable: true,
      consentVersion: group.audience === "guest" ? null : { not: null },
      // A language the menus do not have gets the Japanese ones.
      language: group.language === "ja" ? { notIn: [...others] } : group.language,
      ...(group.menuId === null ? { richMenuId: { not: null } } : { OR: [{ richMenuId: null }, { richMenuId: { not: group.menuId } }] }),
    };
  }

  private async pendingCount(deployment: TRichMenuDeployment, def: TRichMenuDefinition): Promise<number> {
    let n = 0;
    for (const group of this.groups(deployment, def)) n += await this.prisma.resident.count({ where: this.whereGroup(group) });
    return n;
  }

  /**
   * Links every resident whose state or language changed (or whose menu was replaced) to their menu,
   * then deletes replaced menus nobody is linked to any more. Idempotent: a resident is linked only
   * when the stored link differs from the one they should have.
   */
  reconcile(limit = RECONCILE_LIMIT): Promise<number> {
    return this.serial(() => this.reconcileNow(limit));
  }

  private async reconcileNow(limit: number): Promise<number> {
    const deployment = await this.deployment();
    if (!deployment) return 0;
    const def = await this.definition();
    let linked = 0;
    for (const group of this.groups(deployment, def)) {
      const residents = await this.prisma.resident.findMany({ where: this.whereGroup(group), select: { id: true, lineUserId: true, richMenuId: true }, take: limit - linked });
      for (const resident of residents) {
        // Stopping: the rest waits for the next start's passes.
        if (this.stopped) return linked;
        try {
          if (group.menuId === null) await this.api.unlinkRichMenuIdFromUser(resident.lineUserId);
          else await this.api.linkRichMenuIdToUser(resident.lineUserId, group.menuId);
        } catch (err) {
          if (isRetryable(err)) {
            this.logger.warn("rich menu link failed; retried on the next pass", { reason: describe(err) });
            return linked;
          }
          // LINE refuses this resident (e.g. gone): recorded as done, so it is not retried forever.
          this.logger.warn("rich menu link refused", { user: hashUserId(resident.lineUserId), reason: describe(err) });
        }
        await this.prisma.resident.updateMany({ where: { id: resident.id, richMenuId: resident.richMenuId }, data: { richMenuId: group.menuId } });
        linked++;
      }
      if (linked >= limit) return linked;
    }
    await this.deleteRetired();
    return linked;
  }

  private async deleteRetired(): Promise<void> {
    const status = await this.status();
    if (status.retired.length === 0) return;
    const remaining: string[] = [];
    for (const id of status.retired) {
      if ((await this.prisma.resident.count({ where: { richMenuId: id } })) > 0) {
        remaining.push(id);
        continue;
      }
      try {
        await this.api.deleteRichMenu(id);
      } catch (err) {
        const gone = (err as { status?: number }).status === 404;
        if (!gone) remaining.push(id);
      }
    }
    if (remaining.length !== status.retired.length) await this.setStatus({ retired: remaining });
  }

  /** One pass of the job: a failed apply is tried again once its wait is over, then residents are reconciled. */
  pass(): Promise<void> {
    return this.serial(async () => {
      const status = await this.status();
      const cutShort = status.state === "applying" && Date.now() - Date.parse(status.at) >= APPLY_STALE_MS;
      if ((status.state === "failed" && Date.now() >= this.nextApplyAt) || cutShort) await this.applyNow();
      await this.reconcileNow(RECONCILE_LIMIT);
    });
  }

  /**
   * At start: the default definition if none, menus made if LINE lacks them, then passes every
   * `everyMs`. All of it one at a time with the passes (serial), so a stop during the first start's
   * drawing and uploading waits for it instead of closing the database under it.
   */
  async start(everyMs: number): Promise<void> {
    try {
      await this.serial(async () => {
        await this.ensureDefinition();
        const deployment = await this.deployment();
        const status = await this.status();
        // An apply cut short by a stop is tried again by the first pass.
        if (status.state === "applying" && Date.now() - Date.parse(status.at) >= APPLY_STALE_MS) await this.setStatus({ state: "failed", message: "前回の適用が途中で止まりました。もう一度適用します。" });
        try {
          if (!deployment || !(await this.deployedMenusExist(deployment))) await this.applyNow();
        } catch (err) {
          this.logger.warn("rich menus not checked at start", { reason: describe(err) });
        }
      });
    } catch (err) {
      if (err instanceof RichMenusStopped) return;
      throw err;
    }
    const tick = () => {
      if (this.stopped) return;
      this.pass()
        .catch((err) => err instanceof RichMenusStopped || this.logger.warn("rich menu pass failed", { reason: describe(err) }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, everyMs);
        });
    };
    this.timer = setTimeout(tick, everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
