#!/usr/bin/env bash
# Generates the Prisma client when the schema changed. Prisma 7's CLI wants its native schema engine for
# every command and downloads it when missing, which fails offline; `generate` does not use it, so it is
# pointed at a placeholder file for this one command only (exported globally, it would make
# migration commands silently do nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f generated/prisma/client.ts && generated/prisma/client.ts -nt prisma/schema.prisma ]]; then exit 0; fi
placeholder=$(mktemp)
trap 'rm -f "$placeholder"' EXIT
echo "setup: generating the Prisma client" >&2
PRISMA_SCHEMA_ENGINE_BINARY="$placeholder" PRISMA_HIDE_UPDATE_MESSAGE=1 npx --no-install prisma generate >/dev/null
touch generated/prisma/client.ts
