-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "deliveryError" TEXT,
ADD COLUMN     "deliveryStatus" TEXT,
ADD COLUMN     "uploader" TEXT,
ALTER COLUMN "messageId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Attachment_uploader_messageId_idx" ON "Attachment"("uploader", "messageId");

