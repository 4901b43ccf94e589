-- The outbox: OutboundMessage now holds every message a turn decided to send (replies too), recorded
-- in the turn's transaction and delivered by the sender with retries until it expires.
DROP INDEX "OutboundMessage_status_createdAt_idx";

ALTER TABLE "OutboundMessage" ADD COLUMN     "callsDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedUntil" TIMESTAMPTZ(3),
ADD COLUMN     "eventId" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "pushes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "replyBefore" TIMESTAMPTZ(3),
ADD COLUMN     "replyToken" TEXT,
ADD COLUMN     "seq" BIGSERIAL NOT NULL,
ADD COLUMN     "via" TEXT,
ADD COLUMN     "wire" BOOLEAN NOT NULL DEFAULT false;

-- Rows from before: pushes in LINE's own format, one call each. A push still pending is retried
-- (same retry key, so LINE takes it once) for a day from when it was recorded.
UPDATE "OutboundMessage" SET "wire" = TRUE, "via" = 'push', "expiresAt" = "createdAt" + interval '24 hours',
  "pushes" = CASE WHEN "status" = 'sent' THEN 1 ELSE 0 END, "callsDone" = CASE WHEN "status" = 'sent' THEN 1 ELSE 0 END;
ALTER TABLE "OutboundMessage" ALTER COLUMN "expiresAt" SET NOT NULL;

CREATE INDEX "OutboundMessage_status_nextAttemptAt_idx" ON "OutboundMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboundMessage_lineUserId_seq_idx" ON "OutboundMessage"("lineUserId", "seq");
CREATE INDEX "OutboundMessage_createdAt_idx" ON "OutboundMessage"("createdAt");
