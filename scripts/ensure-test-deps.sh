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

# PostgreSQL for the dialect tests (both dialects are required; see server/db/testing/test-databases.ts): install it
# (root + apt) when missing, start the local cluster when down, create the `test` database, then check it answers.
# LOCKSTEP_TEST_POSTGRES=off skips all of it (the database suites then say that their PostgreSQL half did not run);
# LOCKSTEP_TEST_DATABASE_URL points the tests at another server, which must answer.
if [ "${LOCKSTEP_TEST_POSTGRES:-}" != off ]; then
  pg_url="${LOCKSTEP_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
  pg_answers() { node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query('select 1')).then(()=>process.exit(0),()=>process.exit(1))" "$1" 2>/dev/null; }
  if [ -z "${LOCKSTEP_TEST_DATABASE_URL:-}" ] && ! pg_answers "$pg_url"; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "== installing PostgreSQL from Debian"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
      echo "== starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
      for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
    fi
    if pg_isready -h 127.0.0.1 -p 5432 -q && ! pg_answers "$pg_url" && [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
      runuser -u postgres -- createdb test 2>/dev/null || true
    fi
  fi
  if ! pg_answers "$pg_url"; then
    where=127.0.0.1:5432/test
    [ -n "${LOCKSTEP_TEST_DATABASE_URL:-}" ] && where=LOCKSTEP_TEST_DATABASE_URL
    echo "PostgreSQL for the tests does not answer ($where): the database suites need it. Start it (or set" >&2
    echo "LOCKSTEP_TEST_DATABASE_URL), or run with LOCKSTEP_TEST_POSTGRES=off to test SQLite only." >&2
    exit 1
  fi
fi
