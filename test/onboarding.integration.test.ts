import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";

type Msg = { type: string; text?: string; altText?: string; quickReply?: { items: { action: { label: string; data?: string } }[] }; template?: { text: string } };

describe.each(databaseKinds)("Onboarding on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const messages = (user: string) => app.standIn!.messagesFor(user) as Msg[];
  const last = (user: string) => messages(user).at(-1)!;
  async function tap(user: string, label: string) {
    const item = last(user).quickReply?.items.find((i) => i.action.label === label);
    expect(item, `quick reply "${label}" in ${JSON.stringify(last(user))}`).toBeDefined();
    const before = messages(user).length;
    await app.standIn!.sendPostback(user, item!.action.data!, undefined, { displayText: label });
    await app.processor.drain();
    expect(messages(user).length).toBeGreaterThan(before);
  }

  it("When a new resident follows and answers every question, then their consent and profile are kept", async () => {
    const user = residentId(`onb-${kind}`);
    await app.standIn!.follow(user);
    await app.processor.drain();
    expect(messages(user)[0]!.text).toContain("友だち追加ありがとうございます");
    await tap(user, "日本語");
    expect(messages(user).some((m) => m.text?.includes("個人情報の取り扱い"))).toBe(true);
    await tap(user, "はい");
    // Eight bands: the question is a card listing every one (its alt text is the question).
    expect(last(user).altText).toContain("年代");
    await tap(user, "30代");
    await tap(user, "三隅");
    await tap(user, "環境・美化");
    await tap(user, "決定");
    const texts = messages(user).map((m) => m.text ?? m.template?.text ?? "").join("\n");
    expect(texts).toContain("地区：三隅");
    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user } });
    expect(resident.consentVersion).toBeTruthy();
    expect(resident.profile).toEqual({ ageBand: "30s", district: "misumi", interests: ["environment"] });
    expect(app.standIn!.rejected()).toEqual([]);
  });
});
