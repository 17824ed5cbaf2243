-- CreateTable
CREATE TABLE "ReportDayChange" (
    "id" SERIAL NOT NULL,
    "day" TEXT NOT NULL,

    CONSTRAINT "ReportDayChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDayState" (
    "day" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "staleAfter" TIMESTAMP(3),

    CONSTRAINT "ReportDayState_pkey" PRIMARY KEY ("day")
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
    "frSumMs" DOUBLE PRECISION NOT NULL,
    "resCount" INTEGER NOT NULL,
    "resSumMs" DOUBLE PRECISION NOT NULL,
    "frMet" INTEGER NOT NULL,
    "frBreached" INTEGER NOT NULL,
    "resMet" INTEGER NOT NULL,
    "resBreached" INTEGER NOT NULL,

    CONSTRAINT "ReportDay_pkey" PRIMARY KEY ("day","teamId","channel","type")
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

    CONSTRAINT "ReportAgentDay_pkey" PRIMARY KEY ("day","teamId","assigneeId")
);

-- CreateTable
CREATE TABLE "ReportCsatDay" (
    "day" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "responses" INTEGER NOT NULL,

    CONSTRAINT "ReportCsatDay_pkey" PRIMARY KEY ("day","teamId","agentId","score")
);

-- CreateTable
CREATE TABLE "ReportCsatTotal" (
    "id" INTEGER NOT NULL,
    "responses" INTEGER NOT NULL,
    "scoreSum" INTEGER NOT NULL,

    CONSTRAINT "ReportCsatTotal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportDayChange_day_id_idx" ON "ReportDayChange"("day", "id");


-- Hand-written below (Prisma's diff knows no triggers or data). A change to anything a report reads
-- logs its UTC day; server/reports/rollup-build.ts rebuilds logged days (docs/reports.md#roll-ups).
-- Inserts only, so concurrent writers never wait on one another's roll-up row.
-- search_path FROM CURRENT: the functions find their tables in the schema they were created in.
CREATE FUNCTION "report_day_change"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "ReportDayChange" ("day") VALUES (to_char(NEW."createdAt", 'YYYY-MM-DD'));
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND to_char(OLD."createdAt", 'YYYY-MM-DD') <> to_char(NEW."createdAt", 'YYYY-MM-DD')) THEN
    INSERT INTO "ReportDayChange" ("day") VALUES (to_char(OLD."createdAt", 'YYYY-MM-DD'));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Conversation_rollup_insert" AFTER INSERT OR DELETE ON "Conversation"
FOR EACH ROW EXECUTE FUNCTION "report_day_change"();

-- metricsRev: a team's business hours changed (Team_hours_metrics_stale), so durations change.
CREATE TRIGGER "Conversation_rollup_update" AFTER UPDATE OF "createdAt", "teamId", "channel", "type", "assigneeId", "firstResponseAt", "resolvedAt", "firstResponseDueAt", "resolutionDueAt", "metricsRev" ON "Conversation"
FOR EACH ROW WHEN (OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."teamId" IS DISTINCT FROM NEW."teamId" OR OLD."channel" IS DISTINCT FROM NEW."channel"
  OR OLD."type" IS DISTINCT FROM NEW."type" OR OLD."assigneeId" IS DISTINCT FROM NEW."assigneeId" OR OLD."firstResponseAt" IS DISTINCT FROM NEW."firstResponseAt"
  OR OLD."resolvedAt" IS DISTINCT FROM NEW."resolvedAt" OR OLD."firstResponseDueAt" IS DISTINCT FROM NEW."firstResponseDueAt"
  OR OLD."resolutionDueAt" IS DISTINCT FROM NEW."resolutionDueAt" OR OLD."metricsRev" IS DISTINCT FROM NEW."metricsRev")
EXECUTE FUNCTION "report_day_change"();

CREATE FUNCTION "report_csat_total"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE "ReportCsatTotal" SET
    "responses" = "responses" + (CASE TG_OP WHEN 'INSERT' THEN 1 WHEN 'DELETE' THEN -1 ELSE 0 END),
    "scoreSum" = "scoreSum" + (CASE WHEN TG_OP = 'DELETE' THEN 0 ELSE NEW."score" END) - (CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE OLD."score" END)
  WHERE "id" = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "CsatResponse_rollup_change" AFTER INSERT OR DELETE OR UPDATE OF "score", "createdAt", "teamId", "agentId" ON "CsatResponse"
FOR EACH ROW EXECUTE FUNCTION "report_day_change"();

CREATE TRIGGER "CsatResponse_rollup_total" AFTER INSERT OR DELETE OR UPDATE OF "score" ON "CsatResponse"
FOR EACH ROW EXECUTE FUNCTION "report_csat_total"();

-- Existing data: the totals as of now, and every day with data logged for the first build.
INSERT INTO "ReportCsatTotal" ("id", "responses", "scoreSum") SELECT 1, COUNT(*), COALESCE(SUM("score"), 0) FROM "CsatResponse";
INSERT INTO "ReportDayChange" ("day")
  SELECT to_char("createdAt", 'YYYY-MM-DD') FROM "Conversation" UNION SELECT to_char("createdAt", 'YYYY-MM-DD') FROM "CsatResponse";
