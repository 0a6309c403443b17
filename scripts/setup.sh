#!/usr/bin/env bash
# Installs what arflow needs on this machine, and only what is missing, so a rerun takes seconds.
#   scripts/setup.sh              for `npm start`: node modules, the Prisma client, the Temporal CLI
#   scripts/setup.sh --for-tests  also PostgreSQL, Dovecot and poppler-utils from Debian's packages
# No step downloads from outside the package registries (npm, Debian, the Go module proxy, Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
[[ "${1:-}" == "--for-tests" ]] && for_tests=true
say() { printf 'setup: %s\n' "$*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then say "arflow needs Node.js 20 or newer (found $(node --version))"; exit 1; fi

# 1. Node modules, when package-lock.json changed since the last install.
# Not `npm ci`: the lock cannot list @swc/core's builds for other platforms where a registry mirror
# lacks them, and `npm ci` then refuses the lock. `npm install --no-save` installs the locked versions
# and leaves package-lock.json as it is.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing node modules"
  npm install --no-save --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

# 2. The Prisma client, generated from prisma/schema.prisma.
bash scripts/prisma-generate.sh

# 3. The Temporal CLI (our Temporal server in development and tests), cached outside the repository.
bash scripts/install-temporal-cli.sh

# 4. For tests: the real servers they run against, from Debian's packages, and Temporal's
# time-skipping test server from Maven Central.
if $for_tests; then
  missing=()
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  [[ -x /usr/sbin/dovecot ]] || missing+=(dovecot-imapd)
  [[ -x /usr/lib/dovecot/lmtp ]] || missing+=(dovecot-lmtpd)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # The acknowledgement PDF is rendered by Debian's Chromium (playwright-core drives it; no browser download).
  # The headless shell is preferred (pages open ~4x faster than in the full browser); either will do.
  [[ -x /usr/bin/chromium-headless-shell || -x /usr/bin/chromium ]] || missing+=(chromium-headless-shell fonts-liberation)
  if (( ${#missing[@]} )); then
    say "installing Debian packages: ${missing[*]}"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then
      if command -v sudo >/dev/null; then sudo_cmd=(sudo -n); else say "need root (or sudo) to install ${missing[*]}"; exit 1; fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    # policy-rc.d or not, our tests never use the system services these packages may start:
    # devstack/ runs private instances on their own ports.
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  bash scripts/install-temporal-test-server.sh
fi

# 5. For `npm start`: Debian's Chromium (its headless shell) for the acknowledgement PDF, when we may
# install it. Without it arflow runs all the same and sends acknowledgements without the PDF.
if ! $for_tests && [[ ! -x /usr/bin/chromium-headless-shell && ! -x /usr/bin/chromium ]]; then
  chromium_sudo=()
  if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then chromium_sudo=(sudo -n); fi
  if [[ $(id -u) -eq 0 || ${#chromium_sudo[@]} -gt 0 ]]; then
    say "installing Debian's chromium-headless-shell (for acknowledgement PDFs)"
    if ! { "${chromium_sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && "${chromium_sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell fonts-liberation >/dev/null; }; then
      say "could not install chromium-headless-shell: acknowledgements will be sent without the PDF"
    fi
  else
    say "no Chromium and no root or passwordless sudo to install it: acknowledgements will be sent without the PDF (install Debian's chromium-headless-shell or chromium to get it)"
  fi
fi
say "ready"
