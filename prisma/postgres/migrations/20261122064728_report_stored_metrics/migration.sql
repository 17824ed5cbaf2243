-- DropIndex
DROP INDEX "Conversation_createdAt_teamId_idx";

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "firstResponseMs" DOUBLE PRECISION,
ADD COLUMN     "metricsRev" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "metricsRevDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resolutionMs" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "Conversation_createdAt_teamId_channel_type_assigneeId_first_idx" ON "Conversation"("createdAt", "teamId", "channel", "type", "assigneeId", "firstResponseMs", "resolutionMs", "firstResponseAt", "firstResponseDueAt", "resolvedAt", "resolutionDueAt", "metricsRev", "metricsRevDone");


-- Hand-written below (Prisma's diff knows no triggers or data). Keep these triggers when a later
-- migration redefines "Conversation" or "Team" (tests/integration/reports-metrics.test.ts checks).

-- First response as server/reports/first-response.ts defines it: the first public agent message.
UPDATE "Conversation" c SET "firstResponseAt" = f."at"
FROM (SELECT m."conversationId", MIN(m."createdAt") AS "at" FROM "Message" m
      WHERE m."authorKind" = 'agent' AND m."private" = false AND m."direction" = 'out' GROUP BY 1) f
WHERE f."conversationId" = c."id" AND (c."firstResponseAt" IS NULL OR f."at" < c."firstResponseAt");

-- A changed input makes the stored report metrics stale (server/reports/stored-metrics.ts).
CREATE FUNCTION "conversation_metrics_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."metricsRev" := OLD."metricsRev" + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER "Conversation_metrics_stale" BEFORE UPDATE OF "createdAt", "teamId", "firstResponseAt", "resolvedAt" ON "Conversation"
FOR EACH ROW WHEN (OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."teamId" IS DISTINCT FROM NEW."teamId"
  OR OLD."firstResponseAt" IS DISTINCT FROM NEW."firstResponseAt" OR OLD."resolvedAt" IS DISTINCT FROM NEW."resolvedAt")
EXECUTE FUNCTION "conversation_metrics_stale"();

-- search_path FROM CURRENT: the function finds "Conversation" in the schema it was created in.
CREATE FUNCTION "team_hours_metrics_stale"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE "Conversation" SET "metricsRev" = "metricsRev" + 1 WHERE "teamId" = NEW."id";
  RETURN NULL;
END $$;

CREATE TRIGGER "Team_hours_metrics_stale" AFTER UPDATE OF "businessHours" ON "Team"
FOR EACH ROW WHEN (OLD."businessHours" IS DISTINCT FROM NEW."businessHours")
EXECUTE FUNCTION "team_hours_metrics_stale"();

-- Backfill where no business hours apply (every second counts, as openSeconds does); rows of teams
-- with hours stay stale and are computed by the first report that reads them.
UPDATE "Conversation" c SET
  "firstResponseMs" = CASE WHEN c."firstResponseAt" IS NULL THEN NULL ELSE GREATEST(0, ROUND(EXTRACT(EPOCH FROM (c."firstResponseAt" - c."createdAt")) * 1000)) END,
  "resolutionMs" = CASE WHEN c."resolvedAt" IS NULL THEN NULL ELSE GREATEST(0, ROUND(EXTRACT(EPOCH FROM (c."resolvedAt" - c."createdAt")) * 1000)) END,
  "metricsRevDone" = c."metricsRev"
WHERE c."teamId" IS NULL OR c."teamId" IN (SELECT t."id" FROM "Team" t WHERE t."businessHours" IS NULL);
