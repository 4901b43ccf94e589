import { describe, expect, it } from "vitest";
import { parseSetting, ZSettingsPatch } from "./SettingsService.ts";

describe("parseSetting", () => {
  it("When a setting was stored by an older version with fewer fields, then its fields are kept and the new ones take their defaults", () => {
    expect(parseSetting("reminders", { enabled: false, dayBeforeAt: "17:30" })).toEqual({ enabled: false, dayBeforeAt: "17:30", hourBefore: false, note: "" });
  });
  it("When one stored field no longer parses, then only that field falls back; the city's other choices stay", () => {
    expect(parseSetting("reminders", { enabled: false, dayBeforeAt: "9:00", hourBefore: true, note: "雨天決行" })).toEqual({
      enabled: false,
      dayBeforeAt: "18:00",
      hourBefore: true,
      note: "雨天決行",
    });
    expect(parseSetting("budget", { monthlyLimit: "5000" })).toEqual({ monthlyLimit: null });
  });
  it("When nothing or something that is not an object is stored, then the defaults apply", () => {
    expect(parseSetting("quietHours", undefined)).toEqual({ enabled: true, start: "21:00", end: "08:00" });
    expect(parseSetting("quietHours", "off")).toEqual({ enabled: true, start: "21:00", end: "08:00" });
  });
});

describe("ZSettingsPatch", () => {
  it("When a change names some fields, then only those are in it (no defaults fill the rest)", () => {
    expect(ZSettingsPatch.parse({ reminders: { note: "持ち物：軍手" } })).toEqual({ reminders: { note: "持ち物：軍手" } });
    expect(ZSettingsPatch.parse({ budget: { monthlyLimit: null } })).toEqual({ budget: { monthlyLimit: null } });
  });
  it("When a change names an unknown setting or field, or a wrong value, then it is refused", () => {
    expect(ZSettingsPatch.safeParse({ reminder: {} }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ quietHours: { begin: "22:00" } }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ quietHours: { start: "24:00" } }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ budget: { monthlyLimit: 1.5 } }).success).toBe(false);
  });
});
