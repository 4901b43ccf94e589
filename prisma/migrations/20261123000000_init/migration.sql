-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Resident" (
    "id" UUID NOT NULL,
    "lineUserId" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'ja',
    "profile" JSONB NOT NULL DEFAULT '{}',
    "consentVersion" TEXT,
    "consentedAt" TIMESTAMPTZ(3),
    "reachable" BOOLEAN NOT NULL DEFAULT true,
    "unfollowedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "residentId" UUID NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "expiresAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" UUID NOT NULL,
    "residentId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowRevision" (
    "flowId" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "loadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowRevision_pkey" PRIMARY KEY ("flowId","revision")
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "webhookEventId" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "occurredAt" BIGINT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "InboundEvent_pkey" PRIMARY KEY ("webhookEventId")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" UUID NOT NULL,
    "lineUserId" TEXT NOT NULL,
    "retryKey" UUID NOT NULL,
    "messages" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Resident_lineUserId_key" ON "Resident"("lineUserId");

-- CreateIndex
CREATE INDEX "Conversation_residentId_status_idx" ON "Conversation"("residentId", "status");

-- CreateIndex
CREATE INDEX "Conversation_status_expiresAt_idx" ON "Conversation"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Answer_flowId_name_idx" ON "Answer"("flowId", "name");

-- CreateIndex
CREATE INDEX "Answer_residentId_idx" ON "Answer"("residentId");

-- CreateIndex
CREATE INDEX "InboundEvent_status_sourceKey_occurredAt_idx" ON "InboundEvent"("status", "sourceKey", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundMessage_retryKey_key" ON "OutboundMessage"("retryKey");

-- CreateIndex
CREATE INDEX "OutboundMessage_status_createdAt_idx" ON "OutboundMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_actor_idx" ON "AuditEntry"("actor");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- At most one active conversation per resident (Prisma cannot declare a partial unique index).
CREATE UNIQUE INDEX "Conversation_one_active_per_resident" ON "Conversation"("residentId") WHERE "status" = 'active';
