-- CreateTable
CREATE TABLE "SimulatorState" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SimulatorState_pkey" PRIMARY KEY ("key")
);

