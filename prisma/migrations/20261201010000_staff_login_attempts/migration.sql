-- Failed sign-ins move from Staff to a table keyed by login id (also ids with no account), so a
-- failed login answers the same whether or not the account exists. Current counts and locks carry over.

-- CreateTable
CREATE TABLE "StaffLoginAttempt" (
    "loginId" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffLoginAttempt_pkey" PRIMARY KEY ("loginId")
);

-- CreateIndex
CREATE INDEX "StaffLoginAttempt_updatedAt_idx" ON "StaffLoginAttempt"("updatedAt");

INSERT INTO "StaffLoginAttempt" ("loginId", "failures", "lockedUntil")
SELECT "loginId", "failedLogins", "lockedUntil" FROM "Staff" WHERE "failedLogins" > 0 OR "lockedUntil" IS NOT NULL;

-- AlterTable
ALTER TABLE "Staff" DROP COLUMN "failedLogins",
DROP COLUMN "lockedUntil";
