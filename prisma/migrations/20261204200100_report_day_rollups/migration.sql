-- CreateTable
CREATE TABLE "ReportDayChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "day" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ReportDayState" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "computedAt" DATETIME NOT NULL,
    "staleAfter" DATETIME
);

-- CreateTable
CREATE TABLE "ReportDay" (
    "day" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "conversations" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "frCount" INTEGER NOT NULL,
    "frSumMs" REAL NOT NULL,
    "resCount" INTEGER NOT NULL,
    "resSumMs" REAL NOT NULL,
    "frMet" INTEGER NOT NULL,
    "frBreached" INTEGER NOT NULL,
    "resMet" INTEGER NOT NULL,
    "resBreached" INTEGER NOT NULL,

    PRIMARY KEY ("day", "teamId", "channel", "type")
);

-- CreateTable
CREATE TABLE "ReportAgentDay" (
    "day" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "assigneeId" TEXT NOT NULL,
    "conversations" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "frValues" TEXT NOT NULL,
    "resValues" TEXT NOT NULL,

    PRIMARY KEY ("day", "teamId", "assigneeId")
);

-- CreateTable
CREATE TABLE "ReportCsatDay" (
    "day" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "responses" INTEGER NOT NULL,

    PRIMARY KEY ("day", "teamId", "agentId", "score")
);

-- CreateTable
CREATE TABLE "ReportCsatTotal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "responses" INTEGER NOT NULL,
    "scoreSum" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "ReportDayChange_day_id_idx" ON "ReportDayChange"("day", "id");


-- Hand-written below (Prisma's diff knows no triggers or data). A change to anything a report reads
-- logs its UTC day; server/reports/rollup-build.ts rebuilds logged days (docs/reports.md#roll-ups).
-- Keep these triggers when a later migration rebuilds "Conversation" or "CsatResponse".
CREATE TRIGGER "Conversation_rollup_insert" AFTER INSERT ON "Conversation"
FOR EACH ROW BEGIN
  INSERT INTO "ReportDayChange" ("day") VALUES (substr(NEW."createdAt", 1, 10));
END;

-- metricsRev: a team's business hours changed (Team_hours_metrics_stale), so durations change.
CREATE TRIGGER "Conversation_rollup_update" AFTER UPDATE OF "createdAt", "teamId", "channel", "type", "assigneeId", "firstResponseAt", "resolvedAt", "firstResponseDueAt", "resolutionDueAt", "metricsRev" ON "Conversation"
FOR EACH ROW WHEN OLD."createdAt" IS NOT NEW."createdAt" OR OLD."teamId" IS NOT NEW."teamId" OR OLD."channel" IS NOT NEW."channel"
  OR OLD."type" IS NOT NEW."type" OR OLD."assigneeId" IS NOT NEW."assigneeId" OR OLD."firstResponseAt" IS NOT NEW."firstResponseAt"
  OR OLD."resolvedAt" IS NOT NEW."resolvedAt" OR OLD."firstResponseDueAt" IS NOT NEW."firstResponseDueAt"
  OR OLD."resolutionDueAt" IS NOT NEW."resolutionDueAt" OR OLD."metricsRev" IS NOT NEW."metricsRev"
BEGIN
  INSERT INTO "ReportDayChange" ("day") VALUES (substr(NEW."createdAt", 1, 10));
  INSERT INTO "ReportDayChange" ("day") SELECT substr(OLD."createdAt", 1, 10) WHERE substr(OLD."createdAt", 1, 10) <> substr(NEW."createdAt", 1, 10);
END;

CREATE TRIGGER "Conversation_rollup_delete" AFTER DELETE ON "Conversation"
FOR EACH ROW BEGIN
  INSERT INTO "ReportDayChange" ("day") VALUES (substr(OLD."createdAt", 1, 10));
END;

CREATE TRIGGER "CsatResponse_rollup_insert" AFTER INSERT ON "CsatResponse"
FOR EACH ROW BEGIN
  INSERT INTO "ReportDayChange" ("day") VALUES (substr(NEW."createdAt", 1, 10));
  UPDATE "ReportCsatTotal" SET "responses" = "responses" + 1, "scoreSum" = "scoreSum" + NEW."score" WHERE "id" = 1;
END;

CREATE TRIGGER "CsatResponse_rollup_update" AFTER UPDATE OF "score", "createdAt", "teamId", "agentId" ON "CsatResponse"
FOR EACH ROW BEGIN
  INSERT INTO "ReportDayChange" ("day") VALUES (substr(NEW."createdAt", 1, 10));
  INSERT INTO "ReportDayChange" ("day") SELECT substr(OLD."createdAt", 1, 10) WHERE substr(OLD."createdAt", 1, 10) <> substr(NEW."createdAt", 1, 10);
  UPDATE "ReportCsatTotal" SET "scoreSum" = "scoreSum" + NEW."score" - OLD."score" WHERE "id" = 1;
END;

CREATE TRIGGER "CsatResponse_rollup_delete" AFTER DELETE ON "CsatResponse"
FOR EACH ROW BEGIN
  INSERT INTO "ReportDayChange" ("day") VALUES (substr(OLD."createdAt", 1, 10));
  UPDATE "ReportCsatTotal" SET "responses" = "responses" - 1, "scoreSum" = "scoreSum" - OLD."score" WHERE "id" = 1;
END;

-- Existing data: the totals as of now, and every day with data logged for the first build.
INSERT INTO "ReportCsatTotal" ("id", "responses", "scoreSum") SELECT 1, COUNT(*), COALESCE(SUM("score"), 0) FROM "CsatResponse";
INSERT INTO "ReportDayChange" ("day")
  SELECT substr("createdAt", 1, 10) FROM "Conversation" UNION SELECT substr("createdAt", 1, 10) FROM "CsatResponse";
