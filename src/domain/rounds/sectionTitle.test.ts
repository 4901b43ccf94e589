import { describe, expect, it } from "vitest";
import { StoredDataError } from "../../db/storedJson.ts";
import { sectionTitle } from "./sectionTitle.ts";

const round = (sections: unknown) => ({ id: "3f1c0b9e-0000-4000-8000-000000000007", sections: sections as never });
const sections = [{ id: "s1", title: "第1章 子育て", titleEn: "Childcare" }];

describe("The section a comment refers to", () => {
  it("When the section is the round's, then staff read its title and English readers its English", () => {
    expect(sectionTitle(round(sections), "s1")).toBe("第1章 子育て");
    expect(sectionTitle(round(sections), "s1", "en")).toBe("Childcare");
    expect(sectionTitle(round(sections), "general")).toBe("全体について");
  });

  it("When a later edit removed the section, then its id is shown", () => {
    expect(sectionTitle(round(sections), "s9")).toBe("s9");
  });

  it("When the stored sections are not what their schema says, then it fails naming the round and the field, not as a round without sections", () => {
    const bad = round([{ id: "s1", title: 42 }]);
    expect(() => sectionTitle(bad, "s1")).toThrow(StoredDataError);
    expect(() => sectionTitle(bad, "s1")).toThrow(/^Round 3f1c0b9e-0000-4000-8000-000000000007: the stored sections is not valid \(0\.title: /);
    expect(() => sectionTitle(round({ s1: "第1章" }), "s1")).toThrow(/the stored sections is not valid/);
  });
});
