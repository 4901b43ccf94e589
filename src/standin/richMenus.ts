// The stand-in's rich menus: the endpoints the bot uses, checked against LINE's contract
// (RichMenuRequest, the alias requests) and the limits LINE documents beside it, and what each
// resident sees (their own linked menu, else the default; a richmenuswitch tap shows another).
import express, { type Request, type RequestHandler, type Router } from "express";
import { randomBytes } from "node:crypto";
import { loadOpenApiSchemas, type ContractError } from "./loadOpenApiSchemas.ts";

export type RichMenuOperation =
  | "createRichMenu"
  | "setRichMenuImage"
  | "getRichMenuImage"
  | "getRichMenu"
  | "deleteRichMenu"
  | "getRichMenuList"
  | "setDefaultRichMenu"
  | "getDefaultRichMenuId"
  | "cancelDefaultRichMenu"
  | "linkRichMenuIdToUser"
  | "unlinkRichMenuIdFromUser"
  | "getRichMenuIdOfUser"
  | "createRichMenuAlias"
  | "updateRichMenuAlias"
  | "deleteRichMenuAlias"
  | "getRichMenuAlias"
  | "getRichMenuAliasList";

export type TStandInAction = { type: string; label?: string; data?: string; displayText?: string; uri?: string; richMenuAliasId?: string; text?: string };
export type TStandInArea = { bounds: { x: number; y: number; width: number; height: number }; action: TStandInAction };
export type TStandInRichMenu = {
  richMenuId: string;
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: TStandInArea[];
};

export type TRichMenuAnswer = { status: number; body: Record<string, unknown>; errors?: string[] };

/** What createLineStandIn lends: its checks (auth, faults, recording) around each operation. */
export type TRichMenuHost = {
  handle(operation: RichMenuOperation, perform: (req: Request) => TRichMenuAnswer | { binary: Buffer; contentType: string }): RequestHandler;
  changed(): void;
};

export interface RichMenuStandIn {
  /** The menu this resident sees now (a tab switch, else their own, else the default), with its image. */
  currentFor(userId: string): { menu: TStandInRichMenu; image?: { data: Buffer; contentType: string } } | undefined;
  /** What LINE's app does on a richmenuswitch tap: show the alias's menu. False when the alias is unknown. */
  switchTo(userId: string, aliasId: string): boolean;
  list(): TStandInRichMenu[];
  imageOf(richMenuId: string): { data: Buffer; contentType: string } | undefined;
  linkedTo(userId: string): string | undefined;
  readonly defaultId: string | undefined;
  aliases(): { richMenuAliasId: string; richMenuId: string }[];
  reset(): void;
}

const MESSAGING_API_SPEC = new URL("../../vendor/line-openapi/messaging-api.yml", import.meta.url);
const MAX_IMAGE_BYTES = 1024 * 1024;
const MAX_MENUS = 1000;
const MAX_ALIASES = 1000;
const AREA_ACTIONS = new Set(["postback", "message", "uri", "datetimepicker", "richmenuswitch", "camera", "cameraRoll", "location", "clipboard"]);

const bad = (message: string, details: ContractError[] = []): TRichMenuAnswer => ({
  status: 400,
  body: details.length ? { message, details: details.map((d) => ({ message: d.message, property: d.property })) } : { message },
  errors: details.length ? details.map((d) => (d.property ? `${d.property}: ${d.message}` : d.message)) : [message],
});
const notFound = (what: string): TRichMenuAnswer => ({ status: 404, body: { message: `${what} not found` }, errors: [`${what} not found`] });
const ok = (body: Record<string, unknown> = {}): TRichMenuAnswer => ({ status: 200, body });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The limits LINE documents for a rich menu object that the schema leaves out. */
export function checkRichMenuLimits(body: unknown): ContractError[] {
  const errors: ContractError[] = [];
  if (!isRecord(body)) return [{ property: "", message: "must be an object" }];
  for (const field of ["size", "selected", "name", "chatBarText", "areas"]) {
    if (body[field] === undefined) errors.push({ property: field, message: "is required" });
  }
  const size = isRecord(body["size"]) ? body["size"] : undefined;
  const width = Number(size?.["width"]);
  const height = Number(size?.["height"]);
  if (size) {
    if (!(width >= 800 && width <= 2500)) errors.push({ property: "size.width", message: "must be between 800 and 2500" });
    if (!(height >= 250)) errors.push({ property: "size.height", message: "must be 250 or more" });
    if (width / height < 1.45) errors.push({ property: "size", message: "width / height must be 1.45 or more" });
  }
  if (typeof body["chatBarText"] === "string" && [...body["chatBarText"]].length > 14) {
    errors.push({ property: "chatBarText", message: "must be 14 characters or fewer" });
  }
  const areas = Array.isArray(body["areas"]) ? body["areas"] : [];
  if (areas.length > 20) errors.push({ property: "areas", message: "must have 20 areas or fewer" });
  areas.forEach((area, i) => {
    if (!isRecord(area)) return;
    const b = isRecord(area["bounds"]) ? area["bounds"] : undefined;
    if (!b) errors.push({ property: `areas[${i}].bounds`, message: "is required" });
    else if (size && (Number(b["x"]) + Number(b["width"]) > width || Number(b["y"]) + Number(b["height"]) > height)) {
      errors.push({ property: `areas[${i}].bounds`, message: "must be inside the rich menu image" });
    }
    const action = isRecord(area["action"]) ? area["action"] : undefined;
    if (!action) {
      errors.push({ property: `areas[${i}].action`, message: "is required" });
      return;
    }
    const type = String(action["type"]);
    if (!AREA_ACTIONS.has(type)) errors.push({ property: `areas[${i}].action.type`, message: `${type} is not allowed in a rich menu` });
    if (typeof action["label"] === "string" && [...action["label"]].length > 20) errors.push({ property: `areas[${i}].action.label`, message: "must be 20 characters or fewer" });
    if (type === "postback" || type === "richmenuswitch") {
      if (typeof action["data"] !== "string") errors.push({ property: `areas[${i}].action.data`, message: "is required" });
      if (typeof action["displayText"] === "string" && [...action["displayText"]].length > 300) errors.push({ property: `areas[${i}].action.displayText`, message: "must be 300 characters or fewer" });
    }
    if (type === "richmenuswitch" && typeof action["richMenuAliasId"] !== "string") errors.push({ property: `areas[${i}].action.richMenuAliasId`, message: "is required" });
    if (type === "uri") {
      if (typeof action["uri"] !== "string") errors.push({ property: `areas[${i}].action.uri`, message: "is required" });
      else if (action["uri"].length > 1000) errors.push({ property: `areas[${i}].action.uri`, message: "must be 1000 characters or fewer" });
      else if (!/^(https?|line|tel):/.test(action["uri"])) errors.push({ property: `areas[${i}].action.uri`, message: "must be http, https, line or tel" });
    }
  });
  return errors;
}

/** PNG or JPEG, by its first bytes; a PNG's size is in its header. */
function imageInfo(data: Buffer): { type: "image/png" | "image/jpeg"; width?: number; height?: number } | undefined {
  if (data.length > 24 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { type: "image/png", width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { type: "image/jpeg" };
  return undefined;
}

export function mountRichMenus(router: Router, host: TRichMenuHost): RichMenuStandIn {
  let schemas: ReturnType<typeof loadOpenApiSchemas> | undefined;
  const validate = (name: string, body: unknown) => (schemas ??= loadOpenApiSchemas(MESSAGING_API_SPEC)).validate(name, body);

  const menus = new Map<string, TStandInRichMenu>();
  const images = new Map<string, { data: Buffer; contentType: string }>();
  const aliases = new Map<string, string>();
  const links = new Map<string, string>();
  const switched = new Map<string, string>();
  let defaultId: string | undefined;

  const param = (req: Request, name: string) => String(req.params[name]);
  const withImage = (id: string): TRichMenuAnswer | undefined => {
    if (!menus.has(id)) return notFound("richmenu");
    if (!images.has(id)) return bad("must upload richmenu image before applying it to user");
    return undefined;
  };

  router.post(
    "/v2/bot/richmenu",
    host.handle("createRichMenu", (req) => {
      const errors = [...validate("RichMenuRequest", req.body), ...checkRichMenuLimits(req.body)];
      if (errors.length) return bad(`The request body has ${errors.length} error(s)`, errors);
      if (menus.size >= MAX_MENUS) return bad("The maximum number of rich menus has been reached");
      const richMenuId = `richmenu-${randomBytes(16).toString("hex")}`;
      menus.set(richMenuId, { ...(req.body as Omit<TStandInRichMenu, "richMenuId">), richMenuId });
      host.changed();
      return ok({ richMenuId });
    }),
  );
  router.post(
    "/v2/bot/richmenu/:richMenuId/content",
    express.raw({ type: () => true, limit: "3mb" }),
    host.handle("setRichMenuImage", (req) => {
      const id = param(req, "richMenuId");
      const menu = menus.get(id);
      if (!menu) return notFound("richmenu");
      if (images.has(id)) return bad("An image has already been uploaded to the richmenu");
      const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const declared = (req.get("content-type") ?? "").split(";")[0]!.trim();
      if (declared !== "image/png" && declared !== "image/jpeg") return { status: 415, body: { message: "Unsupported Media Type" }, errors: [`content type ${declared || "(none)"}: must be image/png or image/jpeg`] };
      if (data.length > MAX_IMAGE_BYTES) return bad("The image is larger than 1 MB");
      const info = imageInfo(data);
      if (!info || info.type !== declared) return bad("The image is not a valid " + declared);
      if (info.width !== undefined && (info.width !== menu.size.width || info.height !== menu.size.height)) {
        return bad(`The image is ${info.width}×${info.height}; the rich menu is ${menu.size.width}×${menu.size.height}`);
      }
      images.set(id, { data, contentType: declared });
      host.changed();
      return ok();
    }),
  );
  router.get(
    "/v2/bot/richmenu/:richMenuId/content",
    host.handle("getRichMenuImage", (req) => {
      const image = images.get(param(req, "richMenuId"));
      return image ? { binary: image.data, contentType: image.contentType } : notFound("richmenu image");
    }),
  );
  router.get("/v2/bot/richmenu/list", host.handle("getRichMenuList", () => ok({ richmenus: [...menus.values()] })));
  router.get("/v2/bot/richmenu/alias/list", host.handle("getRichMenuAliasList", () => ok({ aliases: [...aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })) })));
  router.post(
    "/v2/bot/richmenu/alias",
    host.handle("createRichMenuAlias", (req) => {
      const errors = validate("CreateRichMenuAliasRequest", req.body);
      if (errors.length) return bad(`The request body has ${errors.length} error(s)`, errors);
      const { richMenuAliasId, richMenuId } = req.body as { richMenuAliasId: string; richMenuId: string };
      if (aliases.has(richMenuAliasId)) return bad("conflict richmenu alias id");
      if (aliases.size >= MAX_ALIASES) return bad("The maximum number of rich menu aliases has been reached");
      const missing = withImage(richMenuId);
      if (missing) return missing.status === 404 ? bad("richmenu not found") : missing;
      aliases.set(richMenuAliasId, richMenuId);
      host.changed();
      return ok();
    }),
  );
  router.get("/v2/bot/richmenu/alias/:aliasId", host.handle("getRichMenuAlias", (req) => {
    const richMenuId = aliases.get(param(req, "aliasId"));
    return richMenuId ? ok({ richMenuAliasId: param(req, "aliasId"), richMenuId }) : notFound("richmenu alias");
  }));
  router.post(
    "/v2/bot/richmenu/alias/:aliasId",
    host.handle("updateRichMenuAlias", (req) => {
      const errors = validate("UpdateRichMenuAliasRequest", req.body);
      if (errors.length) return bad(`The request body has ${errors.length} error(s)`, errors);
      const aliasId = param(req, "aliasId");
      if (!aliases.has(aliasId)) return bad("richmenu alias not found");
      const { richMenuId } = req.body as { richMenuId: string };
      const missing = withImage(richMenuId);
      if (missing) return missing.status === 404 ? bad("richmenu not found") : missing;
      aliases.set(aliasId, richMenuId);
      host.changed();
      return ok();
    }),
  );
  router.delete("/v2/bot/richmenu/alias/:aliasId", host.handle("deleteRichMenuAlias", (req) => {
    if (!aliases.delete(param(req, "aliasId"))) return bad("richmenu alias not found");
    host.changed();
    return ok();
  }));
  router.get("/v2/bot/richmenu/:richMenuId", host.handle("getRichMenu", (req) => {
    const menu = menus.get(param(req, "richMenuId"));
    return menu ? ok(menu) : notFound("richmenu");
  }));
  router.delete(
    "/v2/bot/richmenu/:richMenuId",
    host.handle("deleteRichMenu", (req) => {
      const id = param(req, "richMenuId");
      if (!menus.delete(id)) return notFound("richmenu");
      images.delete(id);
      // As on LINE: a deleted menu is unlinked from everyone and is no longer the default.
      for (const [user, linked] of links) if (linked === id) links.delete(user);
      for (const [user, shown] of switched) if (shown === id) switched.delete(user);
      for (const [alias, target] of aliases) if (target === id) aliases.delete(alias);
      if (defaultId === id) defaultId = undefined;
      host.changed();
      return ok();
    }),
  );
  router.post(
    "/v2/bot/user/all/richmenu/:richMenuId",
    host.handle("setDefaultRichMenu", (req) => {
      const id = param(req, "richMenuId");
      const missing = withImage(id);
      if (missing) return missing;
      defaultId = id;
      switched.clear();
      host.changed();
      return ok();
    }),
  );
  router.get("/v2/bot/user/all/richmenu", host.handle("getDefaultRichMenuId", () => (defaultId ? ok({ richMenuId: defaultId }) : notFound("default richmenu"))));
  router.delete("/v2/bot/user/all/richmenu", host.handle("cancelDefaultRichMenu", () => {
    defaultId = undefined;
    host.changed();
    return ok();
  }));
  router.post(
    "/v2/bot/user/:userId/richmenu/:richMenuId",
    host.handle(
      "linkRichMenuIdToUser",
      (req) => {
        const id = param(req, "richMenuId");
        const missing = withImage(id);
        if (missing) return missing;
        links.set(param(req, "userId"), id);
        switched.delete(param(req, "userId"));
        host.changed();
        return ok();
      },
    ),
  );
  router.delete(
    "/v2/bot/user/:userId/richmenu",
    host.handle(
      "unlinkRichMenuIdFromUser",
      (req) => {
        links.delete(param(req, "userId"));
        switched.delete(param(req, "userId"));
        host.changed();
        return ok();
      },
    ),
  );
  router.get(
    "/v2/bot/user/:userId/richmenu",
    host.handle(
      "getRichMenuIdOfUser",
      (req) => {
        const id = links.get(param(req, "userId")) ?? defaultId;
        return id ? ok({ richMenuId: id }) : notFound("richmenu");
      },
    ),
  );

  return {
    currentFor: (userId) => {
      const id = switched.get(userId) ?? links.get(userId) ?? defaultId;
      const menu = id ? menus.get(id) : undefined;
      if (!menu) return undefined;
      const image = images.get(menu.richMenuId);
      return image ? { menu, image } : { menu };
    },
    switchTo: (userId, aliasId) => {
      const id = aliases.get(aliasId);
      if (!id) return false;
      switched.set(userId, id);
      host.changed();
      return true;
    },
    list: () => [...menus.values()],
    imageOf: (id) => images.get(id),
    linkedTo: (userId) => links.get(userId),
    get defaultId() {
      return defaultId;
    },
    aliases: () => [...aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
    reset: () => {
      menus.clear();
      images.clear();
      aliases.clear();
      links.clear();
      switched.clear();
      defaultId = undefined;
    },
  };
}
