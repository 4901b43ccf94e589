-- AlterTable
ALTER TABLE "CommentGroup" ADD COLUMN     "revised" BOOLEAN,
ADD COLUMN     "summary" TEXT,
ADD COLUMN     "themeKey" TEXT;

-- CreateTable
CREATE TABLE "CommentAnalysis" (
    "id" UUID NOT NULL,
    "roundId" UUID,
    "pollId" UUID,
    "questionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "stage" TEXT,
    "options" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CommentAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommentAnalysis_roundId_createdAt_idx" ON "CommentAnalysis"("roundId", "createdAt");

-- CreateIndex
CREATE INDEX "CommentAnalysis_pollId_createdAt_idx" ON "CommentAnalysis"("pollId", "createdAt");

-- AddForeignKey
ALTER TABLE "CommentAnalysis" ADD CONSTRAINT "CommentAnalysis_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentAnalysis" ADD CONSTRAINT "CommentAnalysis_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

