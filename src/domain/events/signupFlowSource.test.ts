import { describe, expect, it } from "vitest";
import { startFlow } from "../../flows/runFlow.ts";
import { buildSignupFlow } from "./signupFlowSource.ts";

const resident = { language: "ja" as const, consented: true, profile: {} };

describe("buildSignupFlow", () => {
  it("When an event allows companions, then the flow checks, asks how many (0..max), confirms and signs up", () => {
    const flow = buildSignupFlow({ id: "5b0c2c1e-3f0e-4a53-9d7e-0b1a2c3d4e5f", number: 3, title: "清掃活動", maxCompanions: 2 });
    expect(flow.id).toBe("event-3");
    expect(flow.requires_consent).toBe(true);
    expect(flow.steps.map((s) => s.id)).toEqual(["check", "stop", "companions", "confirm", "register", "declined"]);
    expect(flow.steps.find((s) => s.id === "companions")!.ask).toMatchObject({ kind: "number", min: 0, max: 2 });
    const started = startFlow(flow, { resident, now: new Date() }, "n1");
    expect(started.action).toEqual({ name: "checkEventSignup", args: { eventId: "5b0c2c1e-3f0e-4a53-9d7e-0b1a2c3d4e5f" } });
  });

  it("When an event allows no companions, then there is no companions question", () => {
    const flow = buildSignupFlow({ id: "5b0c2c1e-3f0e-4a53-9d7e-0b1a2c3d4e5f", number: 4, title: "{{answers.x}} 講座", maxCompanions: 0 });
    expect(flow.steps.map((s) => s.id)).not.toContain("companions");
    expect(JSON.stringify(flow.steps.find((s) => s.id === "confirm")!.say)).toContain("{ {answers.x}} 講座");
  });

  it("When the same event is built twice, then the revision is the same; after an edit it differs", () => {
    const e = { id: "5b0c2c1e-3f0e-4a53-9d7e-0b1a2c3d4e5f", number: 3, title: "清掃活動", maxCompanions: 2 };
    expect(buildSignupFlow(e).revision).toBe(buildSignupFlow(e).revision);
    expect(buildSignupFlow({ ...e, title: "清掃活動（雨天中止）" }).revision).not.toBe(buildSignupFlow(e).revision);
  });
});
