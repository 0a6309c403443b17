-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "InboundStatus" ADD VALUE 'billing_reply_applied';
ALTER TYPE "InboundStatus" ADD VALUE 'billing_reply_review';

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "dunningPolicy" TEXT;

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "fromAddress" TEXT;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "discountDate" DATE,
ADD COLUMN     "discountMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "shipmentId" TEXT;

-- AlterTable
ALTER TABLE "CreditMemo" ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "requestKey" TEXT,
ADD COLUMN     "requestedBy" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_shipmentId_key" ON "Invoice"("shipmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditMemo_requestKey_key" ON "CreditMemo"("requestKey");

