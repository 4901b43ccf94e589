// POST /webhook: LINE's door into the bot. The signature is checked on the raw body, the events
// are stored, then 200 is answered; handling happens after, so LINE never waits on a flow.
import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Router } from "express";
import { type Logger, withLogContext } from "../logger.ts";
import { type EventProcessor } from "./EventProcessor.ts";
import { type InboundEventStore } from "./InboundEventStore.ts";
import { ZStorableEvent, ZWebhookBody } from "./webhookBody.ts";
import { checkWebhookSignature, WebhookJsonError, WebhookSignatureError } from "./webhookSignature.ts";

export type TWebhookDeps = { channelSecret: string; maxBytes: number; store: InboundEventStore; processor: EventProcessor; logger: Logger };

export function webhookRouter(deps: TWebhookDeps): Router {
  const router = express.Router();
  router.post(
    "/webhook",
    (req, res, next) => {
      const requestId = randomUUID();
      res.setHeader("x-request-id", requestId);
      res.locals.requestId = requestId;
      res.locals.started = performance.now();
      next();
    },
    // The raw body, size-limited, before anything parses it: the signature is over the exact bytes.
    express.raw({ type: () => true, limit: deps.maxBytes }),
    checkWebhookSignature(deps.channelSecret),
    async (req, res) => {
      const requestId = String(res.locals.requestId);
      await withLogContext({ requestId }, async () => {
        const body = ZWebhookBody.safeParse(req.body);
        if (!body.success) {
          deps.logger.warn("webhook body is not a LINE webhook", { issues: body.error.issues.length });
          res.status(400).json({ message: "The body is not a LINE webhook request." });
          return;
        }
        // Each event on its own: one LINE cannot give an id or a time to is refused alone, with a log line.
        const events = body.data.events.flatMap((e) => {
          const parsed = ZStorableEvent.safeParse(e);
          return parsed.success ? [parsed.data] : [];
        });
        if (events.length < body.data.events.length) deps.logger.warn("webhook events without id or timestamp not stored", { count: body.data.events.length - events.length });
        const fresh = await deps.store.store(events);
        // Stored: from here an acknowledged event cannot be lost.
        res.status(200).json({});
        deps.processor.enqueue(fresh);
        deps.logger.info("webhook", {
          events: body.data.events.length,
          fresh: fresh.length,
          ms: Math.round(performance.now() - Number(res.locals.started)),
        });
      });
    },
  );
  router.use("/webhook", webhookErrors(deps.logger));
  return router;
}

function webhookErrors(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const requestId = String(res.locals.requestId ?? "");
    if (err instanceof WebhookSignatureError) {
      logger.warn("webhook signature invalid", { requestId });
      res.status(401).json({ message: "Invalid signature." });
    } else if (err instanceof WebhookJsonError) {
      logger.warn("webhook body is not JSON", { requestId });
      res.status(400).json({ message: "The body is not JSON." });
    } else if ((err as { type?: string }).type === "entity.too.large") {
      logger.warn("webhook body too large", { requestId });
      res.status(413).json({ message: "The body is too large." });
    } else {
      // Not stored: LINE may deliver it again (redelivery), and nothing was acknowledged.
      logger.error("webhook failed", { requestId, reason: err instanceof Error ? err.name : "unknown" });
      res.status(500).json({ message: "The events could not be stored." });
    }
  };
}
