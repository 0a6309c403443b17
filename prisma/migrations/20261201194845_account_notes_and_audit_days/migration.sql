-- AlterTable
ALTER TABLE "CollectionNote" ADD COLUMN     "key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "CollectionNote_key_key" ON "CollectionNote"("key");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");


-- Deactivation now clears a person's password, so reactivation needs a new one: people deactivated
-- before this change lose theirs too, rather than coming back with an old one.
UPDATE "User" SET "passwordHash" = NULL WHERE "active" = false;
