-- AlterTable
ALTER TABLE "CollectionNote" ADD COLUMN     "key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "CollectionNote_key_key" ON "CollectionNote"("key");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

