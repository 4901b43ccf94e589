-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "dueAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "retryUntil" TIMESTAMPTZ(3);


-- Existing deliveries were meant for the moment they were recorded.
UPDATE "Delivery" SET "dueAt" = "createdAt";
