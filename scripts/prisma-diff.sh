#!/usr/bin/env bash
# Writes a new migration: the SQL that takes the last migration's schema snapshot to prisma/schema.prisma.
#   npm run db:diff -- add_invoice_numbering
# Prisma 7's `migrate diff` needs a native engine it downloads; Prisma 6.19.3, installed on its own in the
# cache (its install scripts off), diffs through the pg driver adapter instead, against a scratch
# PostgreSQL that devstack starts. Prisma 6 still wants `url` in the datasource, so it reads a copy of
# the schema with one added.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run db:diff -- <migration_name>}"
[[ "$name" =~ ^[a-z0-9_]+$ ]] || { echo "migration names are lower_snake_case" >&2; exit 2; }
cache="${ARFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/arflow}/prisma6"
if [[ ! -x "$cache/node_modules/.bin/prisma" ]]; then
  mkdir -p "$cache"
  echo '{"name":"arflow-prisma6-cli","private":true}' > "$cache/package.json"
  (cd "$cache" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error prisma@6.19.3 @prisma/adapter-pg@6.19.3 pg@8)
fi
cat > "$cache/prisma.config.ts" <<'TS'
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: process.env.ARFLOW_SCHEMA!,
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
});
TS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
with_url() { sed 's#^  provider = "postgresql"#  provider = "postgresql"\n  url      = env("DATABASE_URL")#' "$1"; }
with_url prisma/schema.prisma > "$work/to.prisma"
last=$(ls -d prisma/migrations/*/ 2>/dev/null | sort | tail -n 1)
from_args=(--from-empty)
if [[ -n "$last" && -f "$last/schema.snapshot.prisma" ]]; then
  with_url "$last/schema.snapshot.prisma" > "$work/from.prisma"
  from_args=(--from-schema-datamodel "$work/from.prisma")
fi
db_url=$(npx --no-install tsx scripts/scratch-postgres.ts start)
trap 'npx --no-install tsx scripts/scratch-postgres.ts stop >/dev/null; rm -rf "$work"' EXIT
placeholder="$work/no-engine"; touch "$placeholder"
(cd "$cache" && DATABASE_URL="$db_url" ARFLOW_SCHEMA="$work/to.prisma" PRISMA_QUERY_ENGINE_LIBRARY="$placeholder" \
  npx --no-install prisma migrate diff "${from_args[@]}" --to-schema-datamodel "$work/to.prisma" --script) > "$work/migration.sql"
if ! grep -qvE '^\s*(--.*)?$' "$work/migration.sql"; then echo "no schema changes since $last" >&2; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$dir"
cp "$work/migration.sql" "$dir/migration.sql"
cp prisma/schema.prisma "$dir/schema.snapshot.prisma"
echo "wrote $dir/migration.sql" >&2
