// Flow actions of volunteers: registration (flows/volunteer.yaml), signing up for a shift (the
// generated "shift-<id>" flows), their own shifts (flows/myshifts.yaml) and cancelling one
// (flows/shift-cancel.yaml). Each runs inside the resident's turn transaction.
import { type TAction, type TActionContext } from "../actionContract.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { recordAudit } from "../recordAudit.ts";
import { DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { ShiftSignups, waitlistPosition } from "./ShiftSignups.ts";
import { opportunityTextsSelect, shiftFacts } from "./shiftFacts.ts";
import { labeller, volunteerOptions } from "./volunteerOptions.ts";
import { cancelledText, myShiftsMessages, notRegisteredMessage, openOpportunitiesMessages, shiftSummaryText, signupAlreadyText, signupClosedText, signupConfirmedText, signupWaitlistedText } from "./volunteerMessages.ts";
import { availabilityValues, minorAgeBand, volunteerSkillValues } from "./volunteerTypes.ts";
import { matchVolunteer } from "./matchVolunteer.ts";

// A flow action has no delivery queue of its own. A promotion push is a row in Delivery either
// way; the sender's poll (every 2 s) sends it once the turn's transaction has committed (a notice
// sent before the commit would find nothing to send).
const signups = new ShiftSignups(new DeliveryQueue());

const lang = (ctx: TActionContext): TLanguage => toLanguage(ctx.resident.language);
import { colon, tr } from "../messages/lang.ts";
import { storedJson } from "../../db/storedJson.ts";
import { type TLanguage, toLanguage } from "../../flows/flowSchema.ts";

/** A several-choice answer as a list of known values (a flow edited since may have sent others). */
function listAnswer(value: unknown, known?: readonly string[]): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
  return [...new Set(known ? list.filter((v) => known.includes(v)) : list)];
}

async function activeVolunteer(ctx: TActionContext) {
  const profile = await ctx.tx.volunteerProfile.findUnique({ where: { residentId: ctx.resident.id } });
  return profile?.status === "active" ? profile : null;
}

/** A resident deleting their data: their upcoming shifts go to the next on each waiting list first. */
export async function releaseUpcomingSignups(tx: TActionContext["tx"], residentId: string, now: Date): Promise<void> {
  const upcoming = await tx.shiftSignup.findMany({ where: { residentId, status: { not: "cancelled" }, shift: { startsAt: { gt: now } } } });
  for (const s of upcoming) await signups.cancel(tx, { signupId: s.id, residentId, now });
}

/** A resident declining or withdrawing consent: the volunteer profile kept on the strength of it goes. */
export async function forgetVolunteerProfile(tx: TActionContext["tx"], residentId: string): Promise<void> {
  await tx.volunteerProfile.deleteMany({ where: { residentId } });
}

export const volunteerActions = {
  /** registered: an active registration exists (the flow offers update / end / keep). */
  async checkVolunteerStatus(ctx) {
    return { outcome: (await activeVolunteer(ctx)) ? "registered" : "not_registered" };
  },

  /**
   * Keeps the registration from the flow's answers (areas, skills, districts, times, and the age
   * band asked, else the profile's). A new registration, an update, or a return after ending.
   */
  async saveVolunteerProfile(ctx) {
    const { tx, resident, answers, now, actor } = ctx;
    const l = lang(ctx);
    // Defence in depth: the flow requires consent, and nothing personal is kept without it.
    if (!resident.consentedAt) return { outcome: "no_consent" };
    const options = volunteerOptions(ctx.flows, l);
    const profile = storedJson(ZResidentProfile, resident.profile, "Resident", "profile", resident.id);
    const areas = listAnswer(answers["areas"], options.areas.map((o) => o.value));
    const districts = listAnswer(answers["districts"], options.districts.map((o) => o.value));
    const availability = listAnswer(answers["times"], availabilityValues);
    let skills = listAnswer(answers["skills"], volunteerSkillValues);
    // 「特になし」 next to a real skill says nothing more.
    if (skills.length > 1) skills = skills.filter((s) => s !== "none");
    const ageBand = (typeof answers["ageBand"] === "string" ? answers["ageBand"] : profile.ageBand) ?? null;
    const isMinor = ageBand === minorAgeBand;
    const fields = { areas, skills, districts, availability, ageBand, isMinor };

    const before = await tx.volunteerProfile.findUnique({ where: { residentId: resident.id } });
    if (!before) await tx.volunteerProfile.create({ data: { residentId: resident.id, ...fields, registeredAt: now } });
    else if (before.status === "ended") await tx.volunteerProfile.update({ where: { residentId: resident.id }, data: { ...fields, status: "active", registeredAt: now, endedAt: null } });
    else await tx.volunteerProfile.update({ where: { residentId: resident.id }, data: fields });
    await recordAudit(tx, { actor, action: before?.status === "active" ? "volunteer.updated" : "volunteer.registered" });

    const label = (list: string[], opts: { value: string; label: string }[]) => {
      const of = labeller(opts);
      return list.length > 0 ? list.map((v) => of(v)).join(l === "en" ? ", " : "、") : tr(l, { ja: "（なし）", en: "(none)", easy: "（なし）" });
    };
    const lines = [
      before?.status === "active" ? tr(l, { ja: "ボランティア登録を更新しました。", en: "Your volunteer registration is updated.", easy: "登録（とうろく）を かえました。" }) : tr(l, { ja: "ボランティアに登録しました。ありがとうございます！", en: "You're registered as a volunteer. Thank you!", easy: "手伝う 人として 登録（とうろく） しました。 ありがとう ございます。" }),
      `${tr(l, { ja: "関心分野", en: "Areas", easy: "すきな こと" })}${colon(l)}${label(areas, options.areas)}`,
      `${tr(l, { ja: "できること", en: "Skills", easy: "できる こと" })}${colon(l)}${label(skills, options.skills)}`,
      `${tr(l, { ja: "活動できる地区", en: "Districts", easy: "行ける 所" })}${colon(l)}${label(districts, options.districts)}`,
      `${tr(l, { ja: "都合のよい時間", en: "Free times", easy: "あいて いる 時間" })}${colon(l)}${label(availability, options.availability)}`,
      `${tr(l, { ja: "年代", en: "Age band", easy: "年" })}${colon(l)}${ageBand ? labeller(options.ageBands)(ageBand) : tr(l, { ja: "（なし）", en: "(none)", easy: "（なし）" })}`,
      tr(l, { ja: "合う活動があれば、このLINEでお知らせします。", en: "We'll tell you here about activities that suit you.", easy: "あなたに あう 手伝いが あったら、 この LINEで 知らせます。" }),
    ];
    if (isMinor) {
      lines.push(
        tr(
          l,
          { ja: "【保護者の方の同意が必要です】18歳未満の方は、活動に参加する前に保護者の方の同意を得てください。", en: "[A guardian's consent is needed] If you are under 18, please get your parent's or guardian's consent before taking part.", easy: "【お父さんや お母さんなどに 聞いて ください】\n18さいより 下の 人は、 手伝いに 行く 前に 「いいよ」と 言って もらって ください。" },
        ),
      );
    }
    lines.push(tr(l, { ja: "変更・登録をやめるときは「ボランティア」、予定の確認は「マイシフト」と送ってください。", en: "Send \"volunteer\" to change or end it, \"my shifts\" to see your shifts.", easy: "かえる・やめる ときは 「ボランティア」と 送って ください。\n手伝う 日を 見る ときは 「マイシフト」と 送って ください。" }));
    return { outcome: isMinor ? "saved_minor" : "saved", messages: [{ type: "text", text: lines.join("\n") }] };
  },

  /** Ends the registration: no more invitations. Shifts already signed up for stay (the volunteer may still come). */
  async endVolunteerRegistration(ctx) {
    const { tx, resident, now, actor } = ctx;
    if (!(await activeVolunteer(ctx))) return { outcome: "not_registered" };
    await tx.volunteerProfile.update({ where: { residentId: resident.id }, data: { status: "ended", endedAt: now } });
    await recordAudit(tx, { actor, action: "volunteer.ended" });
    const upcoming = await tx.shiftSignup.count({ where: { residentId: resident.id, status: { not: "cancelled" }, shift: { startsAt: { gt: now } } } });
    const l = lang(ctx);
    const text = [
      tr(l, { ja: "ボランティア登録を終了しました。これまでありがとうございました。", en: "Your volunteer registration has ended. Thank you for everything.", easy: "登録（とうろく）を やめました。 いままで ありがとう ございました。" }),
      ...(upcoming > 0 ? [tr(l, { ja: `申し込み済みのシフト（${upcoming}件）はそのままです。「マイシフト」で確認・キャンセルできます。`, en: `Your ${upcoming} shift(s) stay booked; see or cancel them in "my shifts".`, easy: `申し込んで いる 日（${upcoming}つ）は そのままです。 「マイシフト」で 見る ことも やめる ことも できます。` })] : []),
      tr(l, { ja: "また登録するときは「ボランティア」と送ってください。", en: "Send \"volunteer\" to register again.", easy: "また 登録（とうろく） する ときは 「ボランティア」と 送って ください。" }),
    ].join("\n");
    return { outcome: "ended", messages: [{ type: "text", text }] };
  },

  /** args.shiftId: confirmed / waitlisted (with position) / already / closed / not_registered. */
  async signUpForShift(ctx) {
    const { tx, resident, now, actor, args } = ctx;
    const l = lang(ctx);
    const volunteer = await activeVolunteer(ctx);
    if (!volunteer) return { outcome: "not_registered", messages: [notRegisteredMessage(l)] };
    const result = await signups.signUp(tx, { shiftId: String(args["shiftId"] ?? ""), residentId: resident.id, now });
    switch (result.outcome) {
      case "closed":
        return { outcome: "closed", messages: [{ type: "text", text: signupClosedText(l) }] };
      case "already":
        return { outcome: "already", messages: [{ type: "text", text: signupAlreadyText(result.shift, result.position, l) }] };
      case "confirmed":
        await recordAudit(tx, { actor, action: "shift.signed_up", target: `shift:${result.shift.id}`, detail: { status: "confirmed" } });
        return { outcome: "confirmed", messages: [{ type: "text", text: signupConfirmedText(result.shift, volunteer.isMinor, l) }] };
      case "waitlisted":
        await recordAudit(tx, { actor, action: "shift.signed_up", target: `shift:${result.shift.id}`, detail: { status: "waitlisted", position: result.position } });
        return { outcome: "waitlisted", messages: [{ type: "text", text: signupWaitlistedText(result.shift, result.position, l) }] };
    }
  },

  /** The volunteer's upcoming shifts with 「キャンセル」 buttons, and their hours so far. */
  /**
   * 「ボランティア募集」: every shift still to come, as cards with 「参加する」 (LINE shows 12): for a
   * registered volunteer, the opportunities that suit them first, then by date.
   */
  async showOpenOpportunities(ctx) {
    const { tx, now } = ctx;
    const volunteer = await activeVolunteer(ctx);
    const opportunities = await tx.opportunity.findMany({
      where: { shifts: { some: { startsAt: { gt: now } } } },
      include: { shifts: { where: { startsAt: { gt: now } }, orderBy: { startsAt: "asc" } } },
    });
    const shiftIds = opportunities.flatMap((o) => o.shifts.map((s) => s.id));
    const confirmed = await tx.shiftSignup.groupBy({ by: ["shiftId"], where: { shiftId: { in: shiftIds }, status: "confirmed" }, _count: { _all: true } });
    const taken = new Map(confirmed.map((c) => [c.shiftId, c._count._all]));
    const shifts = opportunities.flatMap((o) => {
      const suits = volunteer ? matchVolunteer(volunteer, { areas: o.areas, districts: o.districts, youthTargeted: o.youthTargeted, shiftStarts: o.shifts.map((s) => s.startsAt) }) !== undefined : false;
      return o.shifts.map((s) => ({ ...shiftFacts(s, o), remaining: Math.max(0, s.needed - (taken.get(s.id) ?? 0)), suits }));
    });
    shifts.sort((a, b) => Number(b.suits) - Number(a.suits) || a.startsAt.getTime() - b.startsAt.getTime());
    const shown = shifts.slice(0, 12);
    return { outcome: shown.length > 0 ? "shown" : "none", messages: openOpportunitiesMessages(shown, shifts.length - shown.length, volunteer !== null, lang(ctx)) };
  },

  async listMyShifts(ctx) {
    const { tx, resident, now } = ctx;
    const rows = await tx.shiftSignup.findMany({
      where: { residentId: resident.id, status: { not: "cancelled" }, shift: { startsAt: { gt: now } } },
      include: { shift: { include: { opportunity: { select: opportunityTextsSelect } } } },
      orderBy: { shift: { startsAt: "asc" } },
    });
    const shifts = [];
    for (const r of rows) {
      shifts.push({
        ...shiftFacts(r.shift, r.shift.opportunity),
        signupId: r.id,
        position: r.status === "waitlisted" ? await waitlistPosition(tx, r) : null,
      });
    }
    const total = await tx.shiftSignup.aggregate({ where: { residentId: resident.id }, _sum: { hours: true } });
    return { outcome: shifts.length > 0 ? "some" : "none", messages: myShiftsMessages(shifts, total._sum.hours ?? 0, lang(ctx)) };
  },

  /** answers.signup (from the 「キャンセル」 button): says which shift, before asking to confirm. */
  async describeShiftSignup(ctx) {
    const { tx, resident, answers, now } = ctx;
    const l = lang(ctx);
    const id = String(answers["signup"] ?? "");
    const signup = /^[0-9a-f-]{36}$/i.test(id)
      ? await tx.shiftSignup.findUnique({ where: { id }, include: { shift: { include: { opportunity: { select: opportunityTextsSelect } } } } })
      : null;
    if (!signup || signup.residentId !== resident.id || signup.status === "cancelled") {
      return { outcome: "missing", messages: [{ type: "text", text: tr(l, { ja: "取り消せる申し込みが見つかりませんでした。「マイシフト」で予定をご確認ください。", en: "We couldn't find that sign-up. Send \"my shifts\" to see yours.", easy: "やめる ことが できる 申し込みは 見つかりませんでした。 「マイシフト」で 見て ください。" }) }] };
    }
    if (now >= signup.shift.startsAt) return { outcome: "started", messages: [{ type: "text", text: tr(l, { ja: "このシフトはすでに始まっているため、取り消せません。", en: "This shift has already started, so it can't be cancelled here.", easy: "この 手伝いは もう はじまったので、 やめる ことが できません。" }) }] };
    return { outcome: "found", messages: [{ type: "text", text: shiftSummaryText(shiftFacts(signup.shift, signup.shift.opportunity), l) }] };
  },

  /** answers.signup: cancels it; the first on the waiting list (if any) is confirmed and told. */
  async cancelShiftSignup(ctx) {
    const { tx, resident, answers, now, actor } = ctx;
    const l = lang(ctx);
    const result = await signups.cancel(tx, { signupId: String(answers["signup"] ?? ""), residentId: resident.id, now });
    if (result.outcome === "cancelled") {
      await recordAudit(tx, { actor, action: "shift.cancelled", target: `shift:${result.shift.id}`, detail: { promoted: result.promoted } });
      return { outcome: "cancelled", messages: [{ type: "text", text: cancelledText(result.shift, l) }] };
    }
    const text =
      result.outcome === "started"
        ? tr(l, { ja: "このシフトはすでに始まっているため、取り消せません。", en: "This shift has already started, so it can't be cancelled here.", easy: "この 手伝いは もう はじまったので、 やめる ことが できません。" })
        : tr(l, { ja: "この申し込みはすでに取り消されているか、見つかりませんでした。", en: "This sign-up was already cancelled or could not be found.", easy: "この 申し込みは もう やめて あるか、 見つかりませんでした。" });
    return { outcome: result.outcome, messages: [{ type: "text", text }] };
  },
} satisfies Record<string, TAction>;
