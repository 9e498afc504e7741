#!/usr/bin/env bash
# The whole suite: installs what the tests need (Chromium for Playwright), then typecheck, lint, unit and
# integration tests (vitest), the production build, and the end-to-end tests on the embedded demo relay.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-test-deps.sh

echo "== typecheck" && npx tsc --noEmit
echo "== lint" && npx eslint . --max-warnings=0
echo "== unit and integration tests" && npx vitest run
echo "== build" && npx next build
echo "== end-to-end tests" && npx playwright test
