#!/usr/bin/env bash
# Provides the Temporal CLI, whose `server start-dev` is arflow's Temporal server in development and
# tests. Uses a `temporal` already on PATH, else builds v1.5.1 from the Go module proxy into a cache
# outside the repository (a few minutes, once per machine). v1.5.1 is the newest tag whose go.mod has no
# replace directive, so `go install` can build it; it uses pure-Go SQLite, so no C toolchain is needed.
# With internet access and no Go, the official release can be installed instead:
#   curl -sSf https://temporal.download/cli.sh | sh   (then put it on PATH)
set -euo pipefail
version=1.5.1
cache="${ARFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/arflow}/temporal-$version"
if [[ -x "$cache/temporal" ]] || command -v temporal >/dev/null; then exit 0; fi
if ! command -v go >/dev/null; then
  echo "setup: the Temporal CLI is missing and Go is not installed to build it; install either (see README)" >&2
  exit 1
fi
echo "setup: building the Temporal CLI $version into $cache (once; a few minutes)" >&2
mkdir -p "$cache"
tmp="$cache.partial"
rm -rf "$tmp"; mkdir -p "$tmp"
GOBIN="$tmp" GOFLAGS=-mod=mod CGO_ENABLED=0 go install \
  -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$version" \
  "github.com/temporalio/cli/cmd/temporal@v$version"
mv "$tmp/temporal" "$cache/temporal"
rm -rf "$tmp"
"$cache/temporal" --version >&2
