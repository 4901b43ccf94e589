import { createHmac, randomBytes } from "node:crypto";
import { validateSignature } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { isSignedBy } from "./webhookSignature.ts";

const secret = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
const sign = (body: Buffer) => createHmac("sha256", secret).update(body).digest("base64");

describe("the webhook's signature check", () => {
  it("When a body, its signature or the secret is changed, then the bot refuses it exactly when LINE's SDK does", () => {
    for (let i = 0; i < 200; i++) {
      const body = randomBytes(i * 7);
      const good = sign(body);
      const tampered = Buffer.from(body);
      if (tampered.length > 0) tampered[i % tampered.length]! ^= 1;
      const cases: [Buffer, string, string][] = [
        [body, good, secret],
        [tampered, good, secret],
        [body, good.slice(0, -4), secret],
        [body, `${good}AAAA`, secret],
        [body, good, `${secret}x`],
        [body, "not base64 at all!", secret],
      ];
      for (const [b, signature, s] of cases) expect(isSignedBy(s, b, signature)).toBe(validateSignature(b, s, signature));
    }
    const body = Buffer.from('{"destination":"U0","events":[]}');
    expect(isSignedBy(secret, body, sign(body))).toBe(true);
    expect(isSignedBy(secret, Buffer.from('{"destination":"U1","events":[]}'), sign(body))).toBe(false);
  });
});
