-- CreateTable
CREATE TABLE "CannedResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'any',
    "requestType" TEXT,
    "ownerId" TEXT,
    "teamId" TEXT,
    "scopeKey" TEXT NOT NULL,
    "useCount" INTEGER NOT NULL DEFAULT 0,
    "lastUsedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CannedResponse_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CannedResponse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CannedResponse_teamId_idx" ON "CannedResponse"("teamId");

-- CreateIndex
CREATE INDEX "CannedResponse_ownerId_idx" ON "CannedResponse"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "CannedResponse_scopeKey_shortcut_language_key" ON "CannedResponse"("scopeKey", "shortcut", "language");

