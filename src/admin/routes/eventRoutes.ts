// Admin API for events (tag "events"): create, edit, announce, cancel, read and export sign-ups,
// mark attendance, message registrants. The services do the work; these only translate HTTP.
import { z } from "zod";
import { defineRoute, pathParams, ZConflict, ZIdParams, ZNoJson, ZPreviewMessages, ZSendConflict, type TRoute } from "../defineRoute.ts";
import { type EventService } from "../../domain/events/EventService.ts";
import {
  ZAttendanceUpdate,
  ZEventAnnounceInput,
  ZEventCancelInput,
  ZEventCreate,
  ZEventInput,
  ZEventListQuery,
  ZEventMessageInput,
  ZEventSendResult,
  ZEventView,
  ZRegistrationQuery,
  ZRegistrationView,
  type TRegistrationView,
} from "../../domain/events/eventTypes.ts";
import { ZBudgetCheck } from "../../domain/delivery/budgetTypes.ts";
import { toCsv } from "../../domain/export/csv.ts";
import { ZStaffMessagePreview } from "../../domain/messages/staffMessageInput.ts";
import { ZLanguage } from "../../flows/flowSchema.ts";
import { formatTokyoIso } from "../../tokyoTime.ts";

const tag = "events";
const ZEventWithRegistrations = z.object({ event: ZEventView, registrations: z.array(ZRegistrationView) });

const statusLabels: Record<TRegistrationView["status"], string> = { confirmed: "参加確定", waitlisted: "キャンセル待ち", cancelled: "キャンセル" };
const attendedLabel = (a: boolean | null) => (a === true ? "出席" : a === false ? "欠席" : "");
const tokyo = (iso: string | null) => (iso ? formatTokyoIso(new Date(iso)) : "");

export const registrationCsvHeaders = ["受付番号", "状態", "キャンセル待ち順", "同伴者数", "席数", "地区", "年代", "出欠", "申込日時", "繰り上げ日時", "キャンセル日時"];

export function registrationsCsv(rows: TRegistrationView[]): string {
  return toCsv(
    registrationCsvHeaders,
    rows.map((r) => [
      r.receiptNumber,
      statusLabels[r.status],
      r.position,
      r.companions,
      r.seats,
      r.districtLabel,
      r.ageBandLabel,
      attendedLabel(r.attended),
      tokyo(r.createdAt),
      tokyo(r.promotedAt),
      tokyo(r.cancelledAt),
    ]),
  );
}

export function eventRoutes(events: EventService): TRoute[] {
  return [
    defineRoute({
      method: "get", path: "/events", tag, role: "viewer", summary: "List events, soonest first (filter by start with from / to)",
      response: z.object({ events: z.array(ZEventView) }),
      query: ZEventListQuery,
      handler: async ({ query }) => ({ events: await events.list(query) }),
    }),
    defineRoute({
      method: "post", path: "/events", tag, role: "staff", status: 201,
      conflict: ZConflict,
      response: z.object({ event: ZEventView, announcement: ZEventSendResult.nullable() }),
      summary: "Create an event (announceNow: also send the card to its audience; the answer says what it cost)",
      body: ZEventCreate,
      handler: async ({ body, staff }) => events.create(body, staff),
    }),
    defineRoute({
      method: "get", path: "/events/:id", tag, role: "viewer", summary: "One event (by id or number), with seats taken and left",
      params: ZIdParams, response: z.object({ event: ZEventView }),
      handler: async ({ params }) => ({ event: await events.get(params.id) }),
    }),
    defineRoute({
      method: "put", path: "/events/:id", tag, role: "staff", summary: "Edit an event (every field); seats freed by a larger capacity go to the waiting list",
      conflict: ZConflict,
      params: ZIdParams, response: z.object({ event: ZEventView, promoted: z.int() }),
      body: ZEventInput,
      handler: async ({ params, body, staff }) => events.update(params.id, body, staff),
    }),
    defineRoute({
      method: "post", path: "/events/:id/announce", tag, role: "staff",
      conflict: ZSendConflict,
      params: ZIdParams, response: ZEventSendResult,
      summary: "Send the event's card to its audience, once (409 if already announced, or with `budget` if over the month's budget)",
      body: ZEventAnnounceInput,
      handler: async ({ params, body, staff }) => events.announce(params.id, staff, body),
    }),
    defineRoute({
      method: "get", path: "/events/:id/preview", tag, role: "staff",
      params: ZIdParams, response: ZPreviewMessages,
      summary: "The card the audience will receive when the event is announced, in one language (lang); nothing is sent",
      query: z.object({ lang: ZLanguage.default("ja") }),
      handler: async ({ params, query }) => ({ messages: await events.previewAnnouncement(params.id, query.lang) }),
    }),
    defineRoute({
      method: "post", path: "/events/:id/message/preview", tag, role: "staff",
      params: ZIdParams, response: ZPreviewMessages,
      summary: "A message to everyone signed up, as they will read it in one language; nothing is sent",
      body: ZStaffMessagePreview,
      handler: async ({ params, body }) => ({ messages: await events.previewMessage(params.id, body) }),
    }),
    defineRoute({
      method: "post", path: "/events/:id/cancel", tag, role: "staff", summary: "Cancel the event and tell everyone signed up at once (urgent)",
      conflict: ZConflict,
      params: ZIdParams, response: z.object({ event: ZEventView, notified: z.int(), budget: ZBudgetCheck }),
      body: ZEventCancelInput,
      handler: async ({ params, body, staff }) => events.cancel(params.id, staff, body),
    }),
    defineRoute({
      method: "get", path: "/events/:id/registrations", tag, role: "viewer",
      params: ZIdParams, response: ZEventWithRegistrations,
      summary: "Who signed up: confirmed, then the waiting list in order (receipt number, companions, district, age band, attendance)",
      query: ZRegistrationQuery,
      handler: async ({ params, query }) => events.registrations(params.id, query),
    }),
    defineRoute({
      method: "patch", path: "/events/:id/registrations/:registrationId", tag, role: "staff", summary: "Mark attendance (attended: true, false or null)",
      params: pathParams("id", "registrationId"), response: z.object({ registration: ZRegistrationView }),
      body: ZAttendanceUpdate,
      handler: async ({ params, body, staff }) => ({ registration: await events.markAttendance(params.id, params.registrationId, body.attended, staff) }),
    }),
    defineRoute({
      method: "post", path: "/events/:id/message", tag, role: "staff",
      conflict: ZSendConflict,
      params: ZIdParams, response: ZEventSendResult,
      summary: "Message everyone signed up; the answer says the cost (dryRun: only the cost). Over the month's budget: 409 unless an administrator sets confirmOverBudget",
      body: ZEventMessageInput,
      handler: async ({ params, body, staff }) => events.message(params.id, staff, body),
    }),
    defineRoute({
      method: "get", path: "/events/:id/registrations.csv", tag, role: "staff", produces: ["text/csv"],
      params: ZIdParams, response: ZNoJson,
      summary: "Sign-ups as CSV (UTF-8 with BOM, Japanese headers), cancelled ones included",
      handler: async ({ params, staff, res }) => {
        const { event, registrations } = await events.exportRegistrations(params.id, staff, "csv");
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", `attachment; filename="event-${event.number}-registrations.csv"`);
        res.send(registrationsCsv(registrations));
        return undefined;
      },
    }),
    defineRoute({
      method: "get", path: "/events/:id/registrations.json", tag, role: "staff", summary: "Sign-ups as JSON, cancelled ones included",
      params: ZIdParams, response: ZEventWithRegistrations,
      handler: async ({ params, staff, res }) => {
        const result = await events.exportRegistrations(params.id, staff, "json");
        res.setHeader("Content-Disposition", `attachment; filename="event-${result.event.number}-registrations.json"`);
        return result;
      },
    }),
  ];
}
