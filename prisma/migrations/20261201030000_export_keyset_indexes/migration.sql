-- CreateIndex
CREATE INDEX "Comment_roundId_submittedAt_id_idx" ON "Comment"("roundId", "submittedAt", "id");

-- CreateIndex
CREATE INDEX "PollResponse_pollId_submittedAt_id_idx" ON "PollResponse"("pollId", "submittedAt", "id");

