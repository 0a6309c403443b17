-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "InboundStatus" ADD VALUE 'reply_routed';
ALTER TYPE "InboundStatus" ADD VALUE 'shipment_received';

-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "routedToWorkflow" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "erpExportedAt" TIMESTAMP(3),
ADD COLUMN     "erpExportedRevision" INTEGER,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "scheduledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "source" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'received';

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "context" JSONB,
ADD COLUMN     "escalatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OutboundAttachment" (
    "id" TEXT NOT NULL,
    "outboundId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "OutboundAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboundAttachment_outboundId_position_key" ON "OutboundAttachment"("outboundId", "position");

-- CreateIndex
CREATE INDEX "OutboundMessage_orderId_idx" ON "OutboundMessage"("orderId");

-- AddForeignKey
ALTER TABLE "OutboundAttachment" ADD CONSTRAINT "OutboundAttachment_outboundId_fkey" FOREIGN KEY ("outboundId") REFERENCES "OutboundMessage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

