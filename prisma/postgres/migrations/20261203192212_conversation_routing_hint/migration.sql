-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "routingHint" JSONB;

