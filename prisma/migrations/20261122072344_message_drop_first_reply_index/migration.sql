-- DropIndex
DROP INDEX "Message_conversationId_authorKind_private_createdAt_idx";

