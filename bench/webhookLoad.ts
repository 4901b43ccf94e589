// Signed one-event webhooks, generated on the fly for autocannon, and the book-keeping that turns
// "which requests were acknowledged" into "how many Answer rows must exist".
//
// Each request goes to the next resident in round robin and carries that resident's next message
// in their script. Bodies are built per request (unique webhookEventId, a reply token the stand-in
// issued just now); this stays cheap (one JSON.stringify and one HMAC) so that the load generator is
// not what limits the measurement.
import autocannon, { type AutocannonResult } from "autocannon";
import { createUlid } from "../src/standin/createUlid.ts";
import { signWebhookBody } from "../src/standin/createLineStandIn.ts";

/** What the load needs of LINE: the bot's user id, and a reply token for each event it sends. */
export type TTokenSource = { readonly botUserId: string; issueReplyToken(userId: string): string };

/** What resident number r says at step p of their script (p = 0, 1, 2…), and how many answers it stores. */
export type TScript = { textAt(p: number): string; answersAt(p: number): number };

type InFlight = { resident: number; position: number; answers: number; eventId: string; sentAt: number };

export type TLoadOptions = { url: string; connections: number; record?: boolean } & ({ seconds: number } | { amount: number });

export class WebhookTraffic {
  private readonly positions: Uint32Array;
  private readonly lastTimestamp: Float64Array;
  private readonly ulid = createUlid();
  private cursor = 0;
  private messageId = 0;
  /** Sent, answer not seen yet: keyed by webhookEventId. */
  private readonly inFlight = new Map<string, InFlight>();

  /** Requests answered 2xx, and the answers their messages store. */
  acknowledged = 0;
  expectedAnswers = 0;
  /** Requests never answered (connection closed at the end of a run, error) that the bot stored anyway. */
  storedUnanswered = 0;
  /** Requests never answered and not stored: the resident's script was rewound past them. */
  rewound = 0;
  /** Lost requests that later messages of the same resident followed: those residents' answers are unpredictable. */
  desynced = 0;
  /**
   * Milliseconds from writing each request to reading its answer, for the requests of runs started
   * with `record: true` (autocannon gives percentiles, not how many answers were over LINE's limit).
   */
  readonly latencies: number[] = [];
  private recording = false;

  constructor(
    private readonly standIn: TTokenSource,
    private readonly channelSecret: string,
    readonly userIds: readonly string[],
    private readonly script: TScript,
  ) {
    this.positions = new Uint32Array(userIds.length);
    this.lastTimestamp = new Float64Array(userIds.length);
  }

  /** The next request: a signed body for the next resident in round robin. */
  next(): { body: string; signature: string; item: InFlight } {
    const resident = this.cursor;
    this.cursor = (this.cursor + 1) % this.userIds.length;
    const userId = this.userIds[resident]!;
    const position = this.positions[resident]!++;
    // One resident's events are handled in timestamp order; keep each resident's strictly increasing.
    const timestamp = Math.max(Date.now(), this.lastTimestamp[resident]! + 1);
    this.lastTimestamp[resident] = timestamp;
    const eventId = this.ulid();
    const id = String(++this.messageId);
    const body = JSON.stringify({
      destination: this.standIn.botUserId,
      events: [
        {
          type: "message",
          message: { type: "text", id, quoteToken: `q${id}`, text: this.script.textAt(position) },
          webhookEventId: eventId,
          deliveryContext: { isRedelivery: false },
          timestamp,
          source: { type: "user", userId },
          replyToken: this.standIn.issueReplyToken(userId),
          mode: "active",
        },
      ],
    });
    const item = { resident, position, answers: this.script.answersAt(position), eventId, sentAt: performance.now() };
    this.inFlight.set(eventId, item);
    return { body, signature: signWebhookBody(body, this.channelSecret), item };
  }

  answered(item: InFlight, status: number): void {
    if (this.recording) this.latencies.push(performance.now() - item.sentAt);
    if (status < 200 || status >= 300) return; // stays in flight: settle() decides from the database
    this.inFlight.delete(item.eventId);
    this.acknowledged++;
    this.expectedAnswers += item.answers;
  }

  /** webhookEventIds of requests whose 2xx was never seen (ask the bot which of them it stored). */
  unanswered(): string[] {
    return [...this.inFlight.keys()];
  }

  /**
   * After a run (and once the bot has drained): requests without an answer were either stored (they
   * count like acknowledged ones) or not (the resident never said it: rewind their script).
   */
  settle(storedIds: ReadonlySet<string>): void {
    for (const item of this.inFlight.values()) {
      if (storedIds.has(item.eventId)) {
        this.storedUnanswered++;
        this.expectedAnswers += item.answers;
      } else if (this.positions[item.resident] === item.position + 1) {
        this.positions[item.resident] = item.position;
        this.rewound++;
      } else {
        // A later message of the same resident went out after this lost one: the script is off.
        this.desynced++;
      }
    }
    this.inFlight.clear();
  }

  /** Loads url with these requests, for a duration or a number of requests, 1 event per request. */
  async run(options: TLoadOptions): Promise<AutocannonResult> {
    const { url, connections } = options;
    this.recording = options.record === true;
    try {
      return await this.load(url, connections, options);
    } finally {
      this.recording = false;
    }
  }

  private load(url: string, connections: number, options: TLoadOptions): Promise<AutocannonResult> {
    return autocannon({
      url,
      connections,
      pipelining: 1,
      ...("seconds" in options ? { duration: options.seconds } : { amount: options.amount }),
      requests: [
        {
          method: "POST",
          path: "/webhook",
          // Called right before each request is written; context lives until its response is read.
          setupRequest: (request, context) => {
            const { body, signature, item } = this.next();
            context.item = item;
            return {
              ...request,
              headers: { "content-type": "application/json; charset=utf-8", "x-line-signature": signature, "user-agent": "LineBotWebhook/2.0" },
              body,
            };
          },
          onResponse: (status, _body, context) => {
            this.answered(context.item as InFlight, status);
          },
        },
      ],
    });
  }
}
