-- DropIndex
DROP INDEX "CustomerIdentity_customerId_idx";

-- DropIndex
DROP INDEX "Conversation_customerId_idx";

-- CreateIndex
CREATE INDEX "CustomerIdentity_customerId_kind_idx" ON "CustomerIdentity"("customerId", "kind");

-- CreateIndex
CREATE INDEX "Conversation_customerId_inboxId_createdAt_idx" ON "Conversation"("customerId", "inboxId", "createdAt");

-- CreateIndex
CREATE INDEX "Conversation_teamId_firstResponseAt_idx" ON "Conversation"("teamId", "firstResponseAt");

-- CreateIndex
CREATE INDEX "RoutingCorrection_conversationId_idx" ON "RoutingCorrection"("conversationId");

-- CreateIndex
CREATE INDEX "Lead_conversationId_idx" ON "Lead"("conversationId");

