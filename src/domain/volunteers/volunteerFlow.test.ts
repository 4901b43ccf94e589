import { describe, expect, it } from "vitest";
import path from "node:path";
import { loadFlows } from "../../flows/loadFlows.ts";
import { actionNames } from "../actions.ts";
import { choicesOf } from "../../flows/parseReply.ts";
import { profileChoices } from "./volunteerOptions.ts";
import { availabilityValues, volunteerSkillValues } from "./volunteerTypes.ts";

describe("flows/volunteer.yaml", () => {
  it("When the registration asks areas, districts, skills and times, then it offers the values matching uses", async () => {
    const files = await loadFlows(path.resolve("flows"), actionNames);
    const flow = files.get("volunteer")!;
    const values = (save: string) => choicesOf(flow.steps.find((s) => s.ask?.save === save)!.ask!).map((c) => c.value);
    expect(values("areas")).toEqual(profileChoices(files, "interests").map((c) => c.value));
    const districts = profileChoices(files, "district").map((c) => c.value);
    expect(values("districts").every((d) => districts.includes(d))).toBe(true);
    expect(values("skills")).toEqual(volunteerSkillValues);
    expect(values("times")).toEqual(availabilityValues);
    expect(values("ageBand")).toEqual(profileChoices(files, "ageBand").map((c) => c.value));
    expect(files.byMessage("ボランティア")?.id).toBe("volunteer");
    expect(files.byMessage("マイシフト")?.id).toBe("myshifts");
    expect(files.get("shift-cancel")?.params).toEqual(["signup"]);
  });
});
