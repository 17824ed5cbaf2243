-- Hand-written instead of Prisma's RedefineTables: migrate.ts runs each migration in a transaction,
-- where PRAGMA foreign_keys=OFF is ignored, so DROP TABLE "Conversation" would cascade-delete every
-- message. Adding columns in place keeps the rows (column order differs from the model; harmless).
ALTER TABLE "Conversation" ADD COLUMN "firstResponseMs" REAL;
ALTER TABLE "Conversation" ADD COLUMN "resolutionMs" REAL;
ALTER TABLE "Conversation" ADD COLUMN "metricsRev" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Conversation" ADD COLUMN "metricsRevDone" INTEGER NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "Conversation_createdAt_teamId_idx";

-- CreateIndex
CREATE INDEX "Conversation_createdAt_teamId_channel_type_assigneeId_firstResponseMs_resolutionMs_firstResponseAt_firstResponseDueAt_resolvedAt_resolutionDueAt_metricsRev_metricsRevDone_idx" ON "Conversation"("createdAt", "teamId", "channel", "type", "assigneeId", "firstResponseMs", "resolutionMs", "firstResponseAt", "firstResponseDueAt", "resolvedAt", "resolutionDueAt", "metricsRev", "metricsRevDone");

-- Hand-written below (Prisma's diff knows no triggers or data). Keep these triggers when a later
-- migration redefines "Conversation" or "Team" (tests/integration/reports-metrics.test.ts checks).

-- First response as server/reports/first-response.ts defines it: the first public agent message.
UPDATE "Conversation" SET "firstResponseAt" = (
  SELECT MIN(m."createdAt") FROM "Message" m
  WHERE m."conversationId" = "Conversation"."id" AND m."authorKind" = 'agent' AND m."private" = 0 AND m."direction" = 'out')
WHERE EXISTS (
  SELECT 1 FROM "Message" m
  WHERE m."conversationId" = "Conversation"."id" AND m."authorKind" = 'agent' AND m."private" = 0 AND m."direction" = 'out'
  AND ("Conversation"."firstResponseAt" IS NULL OR m."createdAt" < "Conversation"."firstResponseAt"));

-- A changed input makes the stored report metrics stale (server/reports/stored-metrics.ts).
CREATE TRIGGER "Conversation_metrics_stale" AFTER UPDATE OF "createdAt", "teamId", "firstResponseAt", "resolvedAt" ON "Conversation"
FOR EACH ROW WHEN OLD."createdAt" IS NOT NEW."createdAt" OR OLD."teamId" IS NOT NEW."teamId"
  OR OLD."firstResponseAt" IS NOT NEW."firstResponseAt" OR OLD."resolvedAt" IS NOT NEW."resolvedAt"
BEGIN
  UPDATE "Conversation" SET "metricsRev" = "metricsRev" + 1 WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Team_hours_metrics_stale" AFTER UPDATE OF "businessHours" ON "Team"
FOR EACH ROW WHEN OLD."businessHours" IS NOT NEW."businessHours"
BEGIN
  UPDATE "Conversation" SET "metricsRev" = "metricsRev" + 1 WHERE "teamId" = NEW."id";
END;

-- Backfill where no business hours apply (every second counts, as openSeconds does); rows of teams
-- with hours stay stale and are computed by the first report that reads them.
UPDATE "Conversation" SET
  "firstResponseMs" = CASE WHEN "firstResponseAt" IS NULL THEN NULL ELSE MAX(0, ROUND((julianday("firstResponseAt") - julianday("createdAt")) * 86400000)) END,
  "resolutionMs" = CASE WHEN "resolvedAt" IS NULL THEN NULL ELSE MAX(0, ROUND((julianday("resolvedAt") - julianday("createdAt")) * 86400000)) END,
  "metricsRevDone" = "metricsRev"
WHERE "teamId" IS NULL OR "teamId" IN (SELECT "id" FROM "Team" WHERE "businessHours" IS NULL);
