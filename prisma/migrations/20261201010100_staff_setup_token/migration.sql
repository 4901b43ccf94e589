-- CreateTable
CREATE TABLE "StaffSetupToken" (
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffSetupToken_pkey" PRIMARY KEY ("tokenHash")
);

