-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "fromAddress" TEXT;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "discountDate" DATE,
ADD COLUMN     "discountMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "shipmentId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_shipmentId_key" ON "Invoice"("shipmentId");

