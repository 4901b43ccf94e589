import { describe, expect, it } from "vitest";
import { matchVolunteer, type TMatchVolunteer } from "./matchVolunteer.ts";
import { shiftSlot } from "./shiftSlot.ts";

// 2026-12-05 is a Saturday, 2026-12-07 a Monday (Asia/Tokyo).
const at = (iso: string) => new Date(`${iso}+09:00`);

describe("shiftSlot", () => {
  it("When a shift starts, then its slot is read in Asia/Tokyo: weekday or weekend, before 12, 12–17, from 17", () => {
    expect(shiftSlot(at("2026-12-07T09:00:00"))).toBe("weekday_morning");
    expect(shiftSlot(at("2026-12-07T11:59:00"))).toBe("weekday_morning");
    expect(shiftSlot(at("2026-12-07T12:00:00"))).toBe("weekday_afternoon");
    expect(shiftSlot(at("2026-12-07T16:59:00"))).toBe("weekday_afternoon");
    expect(shiftSlot(at("2026-12-07T17:00:00"))).toBe("weekday_evening");
    expect(shiftSlot(at("2026-12-05T09:00:00"))).toBe("weekend_morning");
    expect(shiftSlot(at("2026-12-06T18:30:00"))).toBe("weekend_evening");
  });

  it("When a Monday morning in Tokyo is still Sunday in UTC, then it is a weekday morning", () => {
    expect(shiftSlot(new Date("2026-12-06T23:30:00Z"))).toBe("weekday_morning");
  });
});

describe("matchVolunteer", () => {
  const volunteer = (v: Partial<TMatchVolunteer> = {}): TMatchVolunteer => ({
    areas: ["environment"],
    districts: ["nagato"],
    availability: ["weekend_morning"],
    ageBand: "40s",
    ...v,
  });
  const beachCleanup = { areas: ["environment"], districts: ["nagato"], youthTargeted: false, shiftStarts: [at("2026-12-05T09:00:00")] };

  it("When areas, districts and a free slot all fit, then the volunteer matches", () => {
    expect(matchVolunteer(volunteer(), beachCleanup)).toBe("match");
  });

  it("When the area, the district or the time does not fit, then the volunteer is not invited", () => {
    expect(matchVolunteer(volunteer({ areas: ["culture"] }), beachCleanup)).toBeUndefined();
    expect(matchVolunteer(volunteer({ districts: ["yuya"] }), beachCleanup)).toBeUndefined();
    expect(matchVolunteer(volunteer({ availability: ["weekday_morning", "weekend_evening"] }), beachCleanup)).toBeUndefined();
  });

  it("When the opportunity names no area or district, then any area or district fits", () => {
    expect(matchVolunteer(volunteer({ areas: ["culture"], districts: ["yuya"] }), { ...beachCleanup, areas: [], districts: [] })).toBe("match");
  });

  it("When one of several shifts falls in a free slot, then the volunteer matches", () => {
    const twoShifts = { ...beachCleanup, shiftStarts: [at("2026-12-07T09:00:00"), at("2026-12-05T14:00:00")] };
    expect(matchVolunteer(volunteer({ availability: ["weekend_afternoon"] }), twoShifts)).toBe("match");
  });

  it("When the opportunity is youth-targeted, then a volunteer under 30 whose area fits is invited whatever their district and time", () => {
    const youth = { ...beachCleanup, youthTargeted: true };
    const student = volunteer({ districts: ["yuya"], availability: ["weekday_evening"], ageBand: "under18" });
    expect(matchVolunteer(student, youth)).toBe("youth");
    expect(matchVolunteer({ ...student, ageBand: "18to29" }, youth)).toBe("youth");
    expect(matchVolunteer({ ...student, ageBand: "30s" }, youth)).toBeUndefined();
    expect(matchVolunteer({ ...student, areas: ["culture"] }, youth)).toBeUndefined();
    expect(matchVolunteer(student, beachCleanup)).toBeUndefined();
  });
});
