-- CreateIndex
CREATE INDEX "Conversation_createdAt_teamId_idx" ON "Conversation"("createdAt", "teamId");

-- CreateIndex
CREATE INDEX "Message_conversationId_authorKind_private_createdAt_idx" ON "Message"("conversationId", "authorKind", "private", "createdAt");

-- CreateIndex
CREATE INDEX "CsatResponse_teamId_createdAt_idx" ON "CsatResponse"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "CsatResponse_agentId_createdAt_idx" ON "CsatResponse"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_customerId_idx" ON "Lead"("customerId");

-- CreateIndex
CREATE INDEX "Lead_stage_createdAt_idx" ON "Lead"("stage", "createdAt");

