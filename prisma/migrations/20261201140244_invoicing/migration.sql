-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "InboundStatus" ADD VALUE 'billing_reply_applied';
ALTER TYPE "InboundStatus" ADD VALUE 'billing_reply_review';
ALTER TYPE "InboundStatus" ADD VALUE 'tickets_imported';

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "dunningPolicy" TEXT;

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "fromAddress" TEXT;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "discountDate" DATE,
ADD COLUMN     "discountMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "poNumber" TEXT,
ADD COLUMN     "shipmentId" TEXT;

-- AlterTable
ALTER TABLE "CreditMemo" ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "requestKey" TEXT,
ADD COLUMN     "requestedBy" TEXT;

-- CreateTable
CREATE TABLE "ServiceTicket" (
    "id" TEXT NOT NULL,
    "ticketNumber" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "workDate" DATE NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL(18,3) NOT NULL,
    "unitPriceMinor" BIGINT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "poNumber" TEXT,
    "technician" TEXT,
    "billable" BOOLEAN NOT NULL DEFAULT true,
    "invoiceId" TEXT,
    "sourceMessageId" TEXT,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceTicket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceTicket_ticketNumber_key" ON "ServiceTicket"("ticketNumber");

-- CreateIndex
CREATE INDEX "ServiceTicket_customerId_invoiceId_idx" ON "ServiceTicket"("customerId", "invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_shipmentId_key" ON "Invoice"("shipmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditMemo_requestKey_key" ON "CreditMemo"("requestKey");

-- AddForeignKey
ALTER TABLE "ServiceTicket" ADD CONSTRAINT "ServiceTicket_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceTicket" ADD CONSTRAINT "ServiceTicket_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

