#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: node modules, a Chromium for Playwright, kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund

have_browser() {
  [ -n "${LOCKSTEP_CHROMIUM:-}" ] && [ -x "$LOCKSTEP_CHROMIUM" ] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  node -e "process.exit(require('fs').existsSync(require('playwright-core').chromium.executablePath())?0:1)" 2>/dev/null
}
need_apt=()
have_browser || need_apt+=(chromium)
# kubectl (with kustomize v4+) renders deploy/ for its tests. Debian's `kubectl` package is preferred; bookworm's
# `kubernetes-client` is kubectl 1.20 (kustomize v2.0.3), too old for `patches` and `components`.
if [ -z "${KUBECTL:-}" ] && ! command -v kubectl >/dev/null 2>&1; then
  if apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then need_apt+=(kubectl); else need_apt+=(kubernetes-client); fi
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need_apt[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing: ${need_apt[*]}. Install them (e.g. apt-get install ${need_apt[*]}) or set LOCKSTEP_CHROMIUM." >&2
    exit 1
  fi
fi

# PostgreSQL for the dialect tests (SQLite needs nothing): start the local cluster if it is installed but down.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "== starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
