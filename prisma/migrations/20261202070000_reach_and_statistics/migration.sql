
-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "purpose" TEXT,
ADD COLUMN     "sendId" UUID;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "aggregationUnit" TEXT,
ADD COLUMN     "sendId" UUID,
ADD COLUMN     "skipped" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SendStatistics" (
    "sendId" UUID NOT NULL,
    "aggregationUnit" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "uniqueImpression" INTEGER,
    "uniqueClick" INTEGER,
    "error" TEXT,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SendStatistics_pkey" PRIMARY KEY ("sendId")
);

-- CreateTable
CREATE TABLE "ReachSnapshot" (
    "day" DATE NOT NULL,
    "friends" INTEGER NOT NULL,
    "consented" INTEGER NOT NULL,
    "reachable" INTEGER NOT NULL,
    "blocked" INTEGER NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReachSnapshot_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE INDEX "Delivery_sendId_idx" ON "Delivery"("sendId");


-- Sends recorded before send ids: one send per purpose and moment of recording (the rows of one transaction).
UPDATE "Delivery" SET "sendId" = md5('send:' || "purpose" || ':' || "createdAt"::text)::uuid WHERE "sendId" IS NULL;

-- Only a staff member's messages to one resident carry a send id: a turn's answers add nothing to this index.
CREATE INDEX "OutboundMessage_sendId_idx" ON "OutboundMessage"("sendId") WHERE "sendId" IS NOT NULL;
