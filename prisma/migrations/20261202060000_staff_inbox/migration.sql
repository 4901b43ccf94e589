-- CreateTable
CREATE TABLE "Inquiry" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "residentId" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "assigneeId" UUID,
    "memo" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'message',
    "sourceId" UUID,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "lastMessageAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Inquiry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InquiryMessage" (
    "id" UUID NOT NULL,
    "inquiryId" UUID NOT NULL,
    "author" TEXT NOT NULL,
    "staffId" UUID,
    "body" TEXT NOT NULL,
    "replyToken" TEXT,
    "replyBefore" TIMESTAMPTZ(3),
    "outboundMessageId" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InquiryMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Inquiry_number_key" ON "Inquiry"("number");

-- CreateIndex
CREATE INDEX "Inquiry_status_lastMessageAt_idx" ON "Inquiry"("status", "lastMessageAt");

-- CreateIndex
CREATE INDEX "Inquiry_residentId_status_idx" ON "Inquiry"("residentId", "status");

-- CreateIndex
CREATE INDEX "Inquiry_lastMessageAt_idx" ON "Inquiry"("lastMessageAt");

-- CreateIndex
CREATE INDEX "InquiryMessage_inquiryId_at_idx" ON "InquiryMessage"("inquiryId", "at");

-- AddForeignKey
ALTER TABLE "Inquiry" ADD CONSTRAINT "Inquiry_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inquiry" ADD CONSTRAINT "Inquiry_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InquiryMessage" ADD CONSTRAINT "InquiryMessage_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

