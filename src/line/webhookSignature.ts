// LINE signs each webhook body with the channel secret: HMAC-SHA256 of the exact bytes, base64, in
// x-line-signature. Checked here rather than by the SDK's middleware so that the SDK's runtime is not
// loaded at start-up; the same check (its validateSignature) is what the tests compare against.
import { createHmac, timingSafeEqual } from "node:crypto";
import { type RequestHandler } from "express";

/** The signature is missing or does not match the body. */
export class WebhookSignatureError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "WebhookSignatureError";
  }
}

/** The signed body is not JSON. */
export class WebhookJsonError extends Error {
  constructor() {
    super("The webhook body is not JSON.");
    this.name = "WebhookJsonError";
  }
}

export function isSignedBy(channelSecret: string, body: Buffer, signature: string): boolean {
  const expected = createHmac("sha256", channelSecret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** After express.raw(): checks the signature over req.body's bytes, then replaces req.body with the parsed JSON. */
export function checkWebhookSignature(channelSecret: string): RequestHandler {
  if (!channelSecret) throw new Error("no channel secret");
  return (req, _res, next) => {
    const signature = req.headers["x-line-signature"];
    if (typeof signature !== "string" || signature === "") return next(new WebhookSignatureError("no signature"));
    const body: unknown = req.body;
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    if (!isSignedBy(channelSecret, bytes, signature)) return next(new WebhookSignatureError("signature validation failed"));
    try {
      req.body = JSON.parse(bytes.toString("utf8")) as unknown;
    } catch {
      return next(new WebhookJsonError());
    }
    next();
  };
}
