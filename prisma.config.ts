// Used by `prisma generate` only. Migrations are diffed by scripts/prisma-diff.sh and applied by
// db/migrate.ts (see README, "Database").
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
