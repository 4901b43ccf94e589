// Every call the console makes goes through here: same-origin cookie, the CSRF token on every
// change, and one error shape ({ error, issues? }) turned into an ApiError the screens can show.

let csrfToken = "";
let onUnauthorized = () => {};

export function setCsrfToken(token) {
  csrfToken = token ?? "";
}

/** Called when the session is gone (401): the app shows the login screen. */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/** @typedef {import("../consoleTypes.ts").TErrorAnswer | import("../consoleTypes.ts").TOverBudgetAnswer} TErrorBody */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {any[]} [issues]
   * @param {TErrorBody | {}} [body] the answer as the API's error schemas describe it ({} when there was none)
   */
  constructor(status, message, issues = [], body = {}) {
    super(message);
    this.status = status;
    /** [{ path: "sections.0.id", message }] from zod; plain strings from other validation. */
    this.issues = issues.map((i) => (typeof i === "string" ? { path: "", message: i } : { path: String(i.path ?? ""), message: String(i.message ?? "") }));
    this.body = body;
  }
}

/** api("GET", "/rounds") → parsed JSON; throws ApiError. Paths are under /api/admin. */
export async function api(method, path, body) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/admin${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "サーバーにつながりません。ネットワークを確認して、もう一度お試しください。");
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  if (!res.ok) {
    const error = new ApiError(res.status, json.error ?? `エラーが起きました（${res.status}）。`, Array.isArray(json.issues) ? json.issues : [], json);
    // The login call answers 401 for a wrong password: that is not a lost session.
    if (res.status === 401 && path !== "/login") onUnauthorized();
    throw error;
  }
  return json;
}

/** A POST answered with an image (the rich menu preview): an object URL for an <img>; throws ApiError. */
export async function apiImage(path, body) {
  const res = await fetch(`/api/admin${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const json = await res.json().catch(() => ({}));
    throw new ApiError(res.status, json.error ?? `エラーが起きました（${res.status}）。`, Array.isArray(json.issues) ? json.issues : [], json);
  }
  return URL.createObjectURL(await res.blob());
}
