-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('received', 'applied', 'partially_applied', 'exception', 'on_account', 'suspense');

-- AlterEnum
ALTER TYPE "InboundStatus" ADD VALUE 'payment_mail_processed';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "amountReliable" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "bankFileId" TEXT,
ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "depositBatchId" TEXT,
ADD COLUMN     "location" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "matchNote" TEXT,
ADD COLUMN     "memo" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "number" TEXT,
ADD COLUMN     "payerAccount" TEXT,
ADD COLUMN     "payerName" TEXT,
ADD COLUMN     "remittance" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "status" "PaymentStatus" NOT NULL DEFAULT 'received';

-- AlterTable
ALTER TABLE "PaymentApplication" ADD COLUMN     "deductionReason" TEXT,
ADD COLUMN     "key" TEXT,
ADD COLUMN     "recordedOnInvoice" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "writtenOff" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BankFile" (
    "id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "createdOn" DATE NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedBy" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "summary" JSONB NOT NULL,

    CONSTRAINT "BankFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepositBatch" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "depositDate" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "checkCount" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "bankReference" TEXT,
    "reconciledAt" TIMESTAMP(3),

    CONSTRAINT "DepositBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemittanceRecord" (
    "id" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "inboundId" TEXT,
    "customerId" TEXT,
    "payerName" TEXT,
    "paymentRef" TEXT,
    "method" TEXT,
    "totalMinor" BIGINT,
    "currency" TEXT NOT NULL,
    "paidOn" DATE,
    "lines" JSONB NOT NULL,
    "reliable" BOOLEAN NOT NULL,
    "warnings" TEXT[],
    "paymentId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemittanceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayerAccount" (
    "accountKey" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "learnedFrom" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayerAccount_pkey" PRIMARY KEY ("accountKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "BankFile_sha256_key" ON "BankFile"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "DepositBatch_number_key" ON "DepositBatch"("number");

-- CreateIndex
CREATE UNIQUE INDEX "DepositBatch_depositDate_currency_key" ON "DepositBatch"("depositDate", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "RemittanceRecord_sourceKey_key" ON "RemittanceRecord"("sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_number_key" ON "Payment"("number");

-- CreateIndex
CREATE INDEX "Payment_status_idx" ON "Payment"("status");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentApplication_key_key" ON "PaymentApplication"("key");

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_bankFileId_fkey" FOREIGN KEY ("bankFileId") REFERENCES "BankFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_depositBatchId_fkey" FOREIGN KEY ("depositBatchId") REFERENCES "DepositBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemittanceRecord" ADD CONSTRAINT "RemittanceRecord_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

