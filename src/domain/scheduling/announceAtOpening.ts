// The opening job of polls and rounds, one piece for both: each one whose time has come is
// announced to its audience once, however many processes run the job — the claim is a conditional
// UPDATE of announcedAt, in the same transaction as the send. Over the month's message budget the
// announcement is held for staff (the claim undone, said once in the audit trail), never sent.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";
import { type Logger } from "../../logger.ts";
import { audienceSize, type TAudience } from "../audience.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { checkBudget } from "../delivery/messageBudget.ts";
import { recordAudit } from "../recordAudit.ts";
import { claimOnce } from "./claimOnce.ts";

type Tx = Prisma.TransactionClient;

const TX = { timeout: 60_000, maxWait: 20_000 };

export type TAnnounced = { id: string; number: number; closesAt: Date };

export type TOpeningAnnouncement<T extends TAnnounced> = {
  /** "poll" or "round": the table ("Poll"), the audit actions ("poll.announced") and the purpose ("poll.announce:<id>"). */
  kind: "poll" | "round";
  /** Ids whose time has come and that are not announced yet, in order. */
  due: string[];
  /** The row as it is after the claim (an edit waits for the claim's lock). */
  read(tx: Tx, id: string): Promise<T>;
  audienceOf(row: T): TAudience;
  messagesIn(row: T, language: TLanguage): TOutMessage[];
  /** Also in the audit entries' detail (a round's number). */
  detail?(row: T): Record<string, string | number>;
};

export async function announceAtOpening<T extends TAnnounced>(
  deps: { prisma: PrismaClient; deliveries: DeliveryQueue; logger: Logger },
  spec: TOpeningAnnouncement<T>,
  now: Date,
): Promise<number> {
  const table = Prisma.raw(spec.kind === "poll" ? `"Poll"` : `"Round"`);
  let announced = 0;
  for (const id of spec.due) {
    const sent = await deps.prisma.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`UPDATE ${table} SET "announcedAt" = ${now} WHERE "id" = ${id}::uuid AND "announcedAt" IS NULL`;
      if (claimed !== 1) return false;
      const row = await spec.read(tx, id);
      const detail = spec.detail?.(row) ?? {};
      // Counted and recorded in the database: a city-wide announcement never lists its residents here.
      const size = await audienceSize(tx, spec.audienceOf(row));
      const budget = await checkBudget(tx, size, now);
      if (budget.exceeds) {
        // Held for staff: undo the claim (announcedAt stays null), say so in the audit trail once.
        await tx.$executeRaw`UPDATE ${table} SET "announcedAt" = NULL WHERE "id" = ${id}::uuid`;
        if (await claimOnce(tx, `${spec.kind}.announce_held:${id}`)) {
          await recordAudit(tx, { actor: "system", action: `${spec.kind}.announce_held`, target: `${spec.kind}:${id}`, detail: { ...detail, recipients: size, remaining: budget.remaining } });
        }
        deps.logger.warn(`${spec.kind} announcement held: over the month's message budget`, { [spec.kind]: row.number, recipients: size });
        return false;
      }
      const { recipients } = await deps.deliveries.enqueueAudienceByLanguage(tx, `${spec.kind}.announce:${id}`, spec.audienceOf(row), (lang) => spec.messagesIn(row, lang), { expiresAt: row.closesAt });
      await recordAudit(tx, { actor: "system", action: `${spec.kind}.announced`, target: `${spec.kind}:${id}`, detail: { ...detail, recipients, manual: false } });
      return true;
    }, TX);
    if (sent) announced++;
  }
  return announced;
}
