-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN     "lane" TEXT NOT NULL DEFAULT '';

