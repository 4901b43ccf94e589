// What staff set up for the resident journey: an open round with two sections, an event and a
// volunteer opportunity with one shift, each with its やさしい日本語 version (the optional fields
// staff fill in the console).
import { type TStaffClient } from "./staffClient.ts";

const HOUR = 3600_000;
const JST = 9 * HOUR;

/** `days` Tokyo calendar days from today, at `hour`:00 Tokyo time. */
function tokyoDayAt(days: number, hour: number): Date {
  const t = new Date(Date.now() + JST);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + days, hour) - JST);
}

export async function easyJourneyItems(staff: TStaffClient["request"]) {
  const round = await staff("POST", "/rounds", {
    title: "第3次総合計画（素案）",
    summary: "これから10年のまちづくりの計画です。子育てと公園について、ご意見をお聞かせください。",
    titleEasy: "これからの 町の 計画（けいかく）",
    summaryEasy: "これから 10年の 町の 計画（けいかく）です。 子どもと 公園に ついて 意見を 教えて ください。",
    documentUrl: "https://www.city.example.jp/plan/draft.pdf",
    sections: [
      { id: "s1", title: "第1章 子育て", titleEasy: "1. 子ども" },
      { id: "s2", title: "第2章 公園", titleEasy: "2. 公園" },
    ],
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    audience: {},
    identity: "anonymous",
  });
  if (round.status !== 201) throw new Error(`round: ${round.status} ${round.text}`);
  // 10:00 Tokyo time, ten days ahead, as a city would set it: not the hour the test happens to run at
  // (run at 23:50, the event ran past midnight and its longer date line failed the plainness check).
  const start = tokyoDayAt(10, 10);
  const event = await staff("POST", "/events", {
    title: "まちなか清掃",
    description: "みんなで商店街をきれいにします。軍手はこちらで用意します。",
    titleEasy: "町を きれいに する 日",
    descriptionEasy: "みんなで 店の 多い 通りを そうじ します。 手ぶくろは 市が 用意（ようい） します。",
    placeEasy: "市役所の 前",
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * HOUR).toISOString(),
    place: "長門市役所 前庭",
    capacity: 10,
    signupDeadline: new Date(start.getTime() - 24 * HOUR).toISOString(),
    audience: {},
    maxCompanions: 0,
  });
  if (event.status !== 201) throw new Error(`event: ${event.status} ${event.text}`);
  // Announced before anyone has joined: it goes to nobody, and the event is listed from now on.
  const announced = await staff("POST", `/events/${event.json.event.id}/announce`, {});
  if (announced.status !== 200) throw new Error(`announce: ${announced.status} ${announced.text}`);
  const shiftStart = new Date(start.getTime() + 24 * HOUR);
  const opportunity = await staff("POST", "/opportunities", {
    title: "海岸清掃ボランティア",
    description: "青海島の海岸で漂着ごみを回収します。軍手・ごみ袋は主催者が用意します。",
    organizer: "長門青年会",
    titleEasy: "うみべを きれいに する 手伝い",
    descriptionEasy: "うみべの ごみを ひろいます。 手ぶくろと ごみの ふくろは こちらで 用意（ようい） します。",
    organizerEasy: "長門（ながと）の 町の 人たち",
    shifts: [{ startsAt: shiftStart.toISOString(), endsAt: new Date(shiftStart.getTime() + 2 * HOUR).toISOString(), place: "青海島 自然研究路 入口", placeEasy: "青海島（おおみじま）の 入り口", needed: 5 }],
  });
  if (opportunity.status !== 201) throw new Error(`opportunity: ${opportunity.status} ${opportunity.text}`);
  return {
    roundNumber: round.json.round.number as number,
    sectionId: "s2",
    eventNumber: event.json.event.number as number,
    shiftId: opportunity.json.opportunity.shifts[0].id as string,
  };
}
