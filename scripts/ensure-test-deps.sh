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
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need_apt[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing: ${need_apt[*]}. Install them (e.g. apt-get install ${need_apt[*]}) or set LOCKSTEP_CHROMIUM." >&2
    exit 1
  fi
fi
