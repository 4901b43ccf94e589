// Talking to the bot in the chat simulator as a resident does: tap a quick reply or type a message,
// then wait until the bot's answer is the newest thing in the chat. Shared by the simulator's browser
// tests and the README's screenshot script.
import { type Page } from "playwright-core";

export function simulatorChat(page: () => Page, seenWithinMs: number) {
  const chatLog = () => page().getByTestId("chat-log");
  const quickReply = (label: string) => page().getByTestId("quick-replies").getByRole("button", { name: label, exact: true });

  /** Does something on the page, then waits until the bot's answer is the newest thing in the chat. */
  async function andWaitForTheBot(act: () => Promise<void>): Promise<void> {
    const before = await chatLog().locator(":scope > *").count();
    await act();
    await page().waitForFunction(
      (n) => {
        const log = document.querySelector('[data-testid="chat-log"]')!;
        return log.children.length > n + 1 && log.lastElementChild?.getAttribute("data-testid") === "bot-message";
      },
      before,
      { timeout: seenWithinMs },
    );
  }
  const tap = (label: string) => andWaitForTheBot(() => quickReply(label).click());
  const type = (text: string) =>
    andWaitForTheBot(async () => {
      await page().getByTestId("message-input").fill(text);
      await page().getByTestId("send-button").click();
    });
  return { chatLog, quickReply, andWaitForTheBot, tap, type };
}
