import type { ContractError } from "./loadOpenApiSchemas.ts";

/**
 * Limits that LINE documents (and enforces) but its OpenAPI contract does not encode.
 *
 * Already in the contract, so NOT repeated here (Ajv reports them): ≤5 messages per call
 * (`maxItems: 5`), quick reply ≤13 items, multicast `to` ≤500 ids, postback / datetimepicker
 * `data` ≤300, clipboard text ≤1000, `loadingSeconds` 5..60, the enums of `mode`, `layout`...
 *
 * Counting: text message `text` and `altText` count UTF-16 code units (an emoji is 2). Action
 * fields and template texts count grapheme clusters (LINE's "text character count" page).
 */

export type SendOperation = "reply" | "push" | "multicast" | "broadcast" | "narrowcast" | "showLoadingAnimation";

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const segmenter = new Intl.Segmenter("ja", { granularity: "grapheme" });
function graphemes(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

const URI_SCHEMES = /^(https?|line|tel):/i;
const COLOR = /^#([0-9a-f]{6}|[0-9a-f]{8})$/i;
const COLOR_KEYS = ["color", "backgroundColor", "separatorColor", "borderColor", "startColor", "endColor", "centerColor"];
const FLEX_BUBBLE_MAX_BYTES = 30 * 1024;
const FLEX_CAROUSEL_MAX_BYTES = 50 * 1024;

/** Pickers use local date-times without a zone; LINE accepts a lowercase `t` too. */
const PICKER_FORMATS: Record<string, { pattern: RegExp; example: string }> = {
  date: { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, example: "2017-06-18" },
  time: { pattern: /^([01]\d|2[0-3]):([0-5]\d)$/, example: "06:15" },
  datetime: { pattern: /^(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):([0-5]\d)$/, example: "2017-06-18T06:15" },
};

function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return true; // time mode
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

type ActionContext = "quickReply" | "template" | "defaultAction" | "imageCarousel" | "flexButton" | "flex";

/** Label rules from the action objects' reference; labels on flex components other than buttons are not shown. */
const LABEL_RULES: Record<ActionContext, { max: number; required: boolean }> = {
  quickReply: { max: 20, required: true },
  template: { max: 20, required: true },
  defaultAction: { max: 20, required: false },
  imageCarousel: { max: 12, required: false },
  flexButton: { max: 40, required: true },
  flex: { max: 40, required: false },
};

class LimitChecker {
  readonly errors: ContractError[] = [];

  add(property: string, message: string): void {
    this.errors.push({ property, message });
  }

  maxGraphemes(obj: Json, key: string, path: string, max: number, required = false): void {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add(`${path}.${key}`, "is required");
      return;
    }
    if (typeof value !== "string") return; // the schema reports the type
    if (required && value.length === 0) this.add(`${path}.${key}`, "must not be empty");
    // A text has no more graphemes than UTF-16 code units: only a longer one needs counting (the
    // segmenter took a fifth of the stand-in's CPU when it counted every quick-reply label).
    if (value.length <= max) return;
    const n = graphemes(value);
    if (n > max) this.add(`${path}.${key}`, `must be at most ${max} characters (got ${n})`);
  }

  maxUtf16(obj: Json, key: string, path: string, max: number): void {
    const value = obj[key];
    if (typeof value !== "string") return;
    if (value.length === 0) this.add(`${path}.${key}`, "must not be empty");
    if (value.length > max) this.add(`${path}.${key}`, `must be at most ${max} UTF-16 code units (got ${value.length})`);
  }

  uri(obj: Json, key: string, path: string): void {
    const value = obj[key];
    if (typeof value !== "string") return;
    if (!URI_SCHEMES.test(value)) this.add(`${path}.${key}`, "must use the http, https, line or tel scheme");
    if (value.length > 1000) this.add(`${path}.${key}`, `must be at most 1000 characters (got ${value.length})`);
  }

  action(action: unknown, path: string, context: ActionContext): void {
    if (!isRecord(action)) return;
    const rule = LABEL_RULES[context];
    this.maxGraphemes(action, "label", path, rule.max, rule.required);
    switch (action["type"]) {
      case "postback":
        this.maxGraphemes(action, "data", path, 300, true);
        this.maxGraphemes(action, "displayText", path, 300);
        this.maxGraphemes(action, "text", path, 300);
        if (action["displayText"] !== undefined && action["text"] !== undefined) {
          this.add(path, "displayText and text cannot both be set");
        }
        break;
      case "message":
        this.maxGraphemes(action, "text", path, 300, true);
        break;
      case "uri":
        if (action["uri"] === undefined) this.add(`${path}.uri`, "is required");
        this.uri(action, "uri", path);
        break;
      case "datetimepicker":
        this.datetimePicker(action, path);
        break;
      case "richmenuswitch":
        this.add(`${path}.type`, "richmenuswitch can only be used in rich menus");
        break;
      default:
        break;
    }
  }

  datetimePicker(action: Json, path: string): void {
    this.maxGraphemes(action, "data", path, 300, true);
    const mode = action["mode"];
    if (mode === undefined) {
      this.add(`${path}.mode`, "is required");
      return;
    }
    const format = typeof mode === "string" ? PICKER_FORMATS[mode] : undefined;
    if (!format) return; // the schema's enum reports it
    const values: Record<string, string> = {};
    for (const key of ["initial", "max", "min"]) {
      const value = action[key];
      if (value === undefined) continue;
      if (typeof value !== "string" || !format.pattern.test(value) || !isRealDate(value)) {
        this.add(`${path}.${key}`, `must be a ${String(mode)} like ${format.example} (mode is ${String(mode)})`);
        continue;
      }
      values[key] = value.replace("t", "T");
    }
    const { initial, max, min } = values;
    if (max !== undefined && min !== undefined && max <= min) this.add(`${path}.max`, "must be later than min");
    if (initial !== undefined && ((min !== undefined && initial < min) || (max !== undefined && initial > max))) {
      this.add(`${path}.initial`, "must be between min and max");
    }
  }

  quickReply(quickReply: unknown, path: string): void {
    if (!isRecord(quickReply) || !Array.isArray(quickReply["items"])) return;
    quickReply["items"].forEach((item, i) => {
      const itemPath = `${path}.items[${i}]`;
      if (!isRecord(item)) return;
      if (item["type"] !== "action") this.add(`${itemPath}.type`, 'must be "action"');
      if (item["action"] === undefined) this.add(`${itemPath}.action`, "is required");
      this.action(item["action"], `${itemPath}.action`, "quickReply");
    });
  }

  altText(message: Json, path: string): void {
    if (message["altText"] === undefined) return; // the schema reports missing altText
    this.maxUtf16(message, "altText", path, 1500);
  }

  actions(obj: Json, path: string, min: number, max: number, context: ActionContext): void {
    const actions = obj["actions"];
    if (!Array.isArray(actions)) return;
    if (actions.length < min || actions.length > max) {
      this.add(`${path}.actions`, min === max ? `must have exactly ${min} actions` : `must have ${min} to ${max} actions (got ${actions.length})`);
    }
    actions.forEach((action, i) => this.action(action, `${path}.actions[${i}]`, context));
    if (obj["defaultAction"] !== undefined) this.action(obj["defaultAction"], `${path}.defaultAction`, "defaultAction");
  }

  template(template: unknown, path: string): void {
    if (!isRecord(template)) return;
    switch (template["type"]) {
      case "buttons": {
        const compact = template["title"] !== undefined || template["thumbnailImageUrl"] !== undefined;
        this.maxGraphemes(template, "title", path, 40);
        this.maxGraphemes(template, "text", path, compact ? 60 : 160, true);
        this.actions(template, path, 1, 4, "template");
        break;
      }
      case "confirm":
        this.maxGraphemes(template, "text", path, 240, true);
        this.actions(template, path, 2, 2, "template");
        break;
      case "carousel": {
        const columns = Array.isArray(template["columns"]) ? template["columns"].filter(isRecord) : [];
        if (columns.length < 1 || columns.length > 10) this.add(`${path}.columns`, `must have 1 to 10 columns (got ${columns.length})`);
        const actionCounts = new Set<number>();
        columns.forEach((column, i) => {
          const columnPath = `${path}.columns[${i}]`;
          const compact = column["title"] !== undefined || column["thumbnailImageUrl"] !== undefined;
          this.maxGraphemes(column, "title", columnPath, 40);
          this.maxGraphemes(column, "text", columnPath, compact ? 60 : 120, true);
          this.actions(column, columnPath, 1, 3, "template");
          if (Array.isArray(column["actions"])) actionCounts.add(column["actions"].length);
        });
        if (actionCounts.size > 1) this.add(`${path}.columns`, "every column must have the same number of actions");
        for (const key of ["title", "thumbnailImageUrl"]) {
          const withKey = columns.filter((c) => c[key] !== undefined).length;
          if (withKey > 0 && withKey < columns.length) this.add(`${path}.columns`, `${key} must be set in all columns or in none`);
        }
        break;
      }
      case "image_carousel": {
        const columns = Array.isArray(template["columns"]) ? template["columns"] : [];
        if (columns.length < 1 || columns.length > 10) this.add(`${path}.columns`, `must have 1 to 10 columns (got ${columns.length})`);
        columns.forEach((column, i) => {
          if (isRecord(column)) this.action(column["action"], `${path}.columns[${i}].action`, "imageCarousel");
        });
        break;
      }
      default:
        break;
    }
  }

  flexContainer(contents: unknown, path: string): void {
    if (!isRecord(contents)) return;
    const bytes = Buffer.byteLength(JSON.stringify(contents), "utf8");
    if (contents["type"] === "bubble") {
      if (bytes > FLEX_BUBBLE_MAX_BYTES) this.add(path, `bubble JSON must be at most 30 KB (got ${bytes} bytes)`);
      this.flexNode(contents, path);
    } else if (contents["type"] === "carousel") {
      const bubbles = Array.isArray(contents["contents"]) ? contents["contents"] : [];
      if (bubbles.length < 1 || bubbles.length > 12) this.add(`${path}.contents`, `must have 1 to 12 bubbles (got ${bubbles.length})`);
      if (bytes > FLEX_CAROUSEL_MAX_BYTES) this.add(path, `carousel JSON must be at most 50 KB (got ${bytes} bytes)`);
      bubbles.forEach((bubble, i) => {
        const bubbleBytes = Buffer.byteLength(JSON.stringify(bubble), "utf8");
        if (bubbleBytes > FLEX_BUBBLE_MAX_BYTES) this.add(`${path}.contents[${i}]`, `bubble JSON must be at most 30 KB (got ${bubbleBytes} bytes)`);
        this.flexNode(bubble, `${path}.contents[${i}]`);
      });
    }
  }

  /** Walks a bubble or component: actions, text content, colours. */
  flexNode(node: unknown, path: string): void {
    if (!isRecord(node)) return;
    for (const key of COLOR_KEYS) {
      const value = node[key];
      if (typeof value === "string" && !COLOR.test(value)) this.add(`${path}.${key}`, "must be a colour like #RRGGBB or #RRGGBBAA");
    }
    if (node["type"] === "text") {
      const hasSpans = Array.isArray(node["contents"]) && node["contents"].length > 0;
      if (!hasSpans && (typeof node["text"] !== "string" || node["text"] === "")) this.add(`${path}.text`, "must be non-empty text");
    }
    if (node["action"] !== undefined) this.action(node["action"], `${path}.action`, node["type"] === "button" ? "flexButton" : "flex");
    for (const key of ["header", "hero", "body", "footer", "altContent"]) {
      if (node[key] !== undefined) this.flexNode(node[key], `${path}.${key}`);
    }
    if (isRecord(node["styles"])) {
      for (const [block, style] of Object.entries(node["styles"])) this.flexNode(style, `${path}.styles.${block}`);
    }
    if (isRecord(node["background"])) this.flexNode(node["background"], `${path}.background`);
    if (node["type"] === "box" && Array.isArray(node["contents"])) {
      node["contents"].forEach((child, i) => this.flexNode(child, `${path}.contents[${i}]`));
    }
  }

  message(message: unknown, path: string): void {
    if (!isRecord(message)) return;
    if (message["quickReply"] !== undefined) this.quickReply(message["quickReply"], `${path}.quickReply`);
    switch (message["type"]) {
      case "text":
      case "textV2":
        this.maxUtf16(message, "text", path, 5000);
        break;
      case "template":
        this.altText(message, path);
        this.template(message["template"], `${path}.template`);
        break;
      case "flex":
        this.altText(message, path);
        this.flexContainer(message["contents"], `${path}.contents`);
        break;
      case "imagemap":
        this.altText(message, path);
        if (Array.isArray(message["actions"])) {
          message["actions"].forEach((action, i) => {
            if (isRecord(action) && action["type"] === "uri") this.uri(action, "linkUri", `${path}.actions[${i}]`);
          });
        }
        break;
      default:
        break;
    }
  }

  recipients(body: Json, operation: SendOperation): void {
    const to = body["to"];
    const valid = operation === "multicast" ? /^U[0-9A-Za-z]{1,64}$/ : /^[UCR][0-9A-Za-z]{1,64}$/;
    const ids = typeof to === "string" ? [to] : Array.isArray(to) ? to : [];
    ids.forEach((id, i) => {
      if (typeof id === "string" && !valid.test(id)) {
        this.add(typeof to === "string" ? "to" : `to[${i}]`, operation === "multicast" ? "must be a user ID (U...)" : "must be a user, group or room ID");
      }
    });
  }
}

export function checkDocumentedLimits(operation: SendOperation, body: unknown): ContractError[] {
  if (!isRecord(body)) return [];
  const checker = new LimitChecker();
  if (operation === "showLoadingAnimation") {
    const seconds = body["loadingSeconds"];
    if (typeof seconds === "number" && seconds % 5 !== 0) checker.add("loadingSeconds", "must be a multiple of 5");
    return checker.errors;
  }
  if (operation === "push" || operation === "multicast") checker.recipients(body, operation);
  if (Array.isArray(body["messages"])) {
    body["messages"].forEach((message, i) => checker.message(message, `messages[${i}]`));
  }
  return checker.errors;
}
