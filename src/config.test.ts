import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

describe("TRUST_PROXY", () => {
  it("When it is unset, then the bot believes no proxy; a hop count, true or addresses are passed to express as they are", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.0/8, loopback" }).trustProxy).toBe("10.0.0.0/8, loopback");
  });

  it("When it is something else, then the start stops with a message naming it", () => {
    expect(() => parseConfig({ TRUST_PROXY: "yes please!" })).toThrow(ConfigError);
    expect(() => parseConfig({ TRUST_PROXY: "yes please!" })).toThrow(/TRUST_PROXY/);
  });
});
