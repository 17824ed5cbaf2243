-- AlterTable (a plain ADD COLUMN: SQLite need not rebuild a table that may hold years of jobs)
ALTER TABLE "OutboxJob" ADD COLUMN "lane" TEXT NOT NULL DEFAULT '';
