-- The webhook events and the outbox are queues: a row is pending for a moment, then done or sent for
-- good. An index that starts with "status" kept an entry for every row's old pending version until
-- the next vacuum, and every look for pending rows walked them all (at 1,000 events/s, 14,000 dead
-- entries per look within a minute). Indexes of only the pending rows: a handled row leaves them,
-- and nothing is added for it.
DROP INDEX "InboundEvent_status_sourceKey_occurredAt_idx";
CREATE INDEX "InboundEvent_pending_idx" ON "InboundEvent"("sourceKey", "occurredAt", "webhookEventId") WHERE "status" = 'pending';

DROP INDEX "OutboundMessage_status_nextAttemptAt_idx";
CREATE INDEX "OutboundMessage_pending_idx" ON "OutboundMessage"("nextAttemptAt") WHERE "status" = 'pending';
