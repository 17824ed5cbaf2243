-- DropIndex
DROP INDEX "Conversation_assigneeId_status_idx";

-- DropIndex
-- Also dropped by 20261204200000_customer_path_indexes (both replaced it).
DROP INDEX IF EXISTS "Conversation_customerId_idx";

-- DropIndex
DROP INDEX "Conversation_lastMessageAt_idx";

-- CreateIndex
CREATE INDEX "Customer_mergedIntoId_updatedAt_id_idx" ON "Customer"("mergedIntoId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_lastMessageAt_id_idx" ON "Conversation"("lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_status_lastMessageAt_id_idx" ON "Conversation"("status", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_status_channel_lastMessageAt_id_idx" ON "Conversation"("status", "channel", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_status_teamId_lastMessageAt_id_idx" ON "Conversation"("status", "teamId", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_assigneeId_status_lastMessageAt_id_idx" ON "Conversation"("assigneeId", "status", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_assigneeId_lastMessageAt_id_idx" ON "Conversation"("assigneeId", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_customerId_lastMessageAt_id_idx" ON "Conversation"("customerId", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_channel_lastMessageAt_id_idx" ON "Conversation"("channel", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Conversation_teamId_lastMessageAt_id_idx" ON "Conversation"("teamId", "lastMessageAt", "id");

