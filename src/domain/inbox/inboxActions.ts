// The flow action that puts a resident's message into the staff inbox (flows/not-understood.yaml).
import { type Prisma } from "../../generated/prisma/client.ts";
import { type TAction, type TActionContext } from "../actionContract.ts";
import { takeMessage } from "./InboxService.ts";

export const inboxActions = {
  /**
   * outcome: taken (a new inquiry, or a line after a while: the resident is told when a person reads
   * it, in the action's messages), added (a further line: nothing said), notConsented (nothing kept),
   * notText (a sticker, an image: nothing kept).
   */
  async takeInquiry({ tx, resident, message, now, actor }: TActionContext) {
    if (!message?.text) return { outcome: "notText" };
    const taken = await takeMessage(tx, { resident, text: message.text, reply: message.reply, now, actor });
    return { outcome: taken.outcome, messages: taken.messages };
  },
} satisfies Record<string, TAction>;

/** Consent withdrawn: messages to staff are kept only with consent (deleting the resident removes them too). */
export async function forgetInquiries(tx: Prisma.TransactionClient, residentId: string): Promise<void> {
  await tx.inquiry.deleteMany({ where: { residentId } });
}
