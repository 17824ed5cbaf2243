-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "visitorContext" JSONB;

