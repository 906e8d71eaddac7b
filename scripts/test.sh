#!/usr/bin/env bash
# The one test command (`npm test`), and so what CI runs (.ci/run). Order follows style.md rule 46:
# cheap static gates first, then the jest projects (unit → contract → e2e → ui).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$1"; }

step "typecheck (tsc, app + tools)"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.tools.json --noEmit

step "lint (eslint, zero warnings)"
npx eslint . --max-warnings 0

step "format (prettier --check)"
npx prettier --check . --log-level warn

step "layer rules (dependency-cruiser)"
npx depcruise src local --config .dependency-cruiser.cjs --output-type err

step "dead code and unused dependencies (knip)"
npx knip --no-progress

step "forge lint (@forge/lint, client-side, official specs)"
npx tsx scripts/forge-lint.ts

step "chromium for the browser tests (apt-get when missing)"
bash scripts/ensure-chromium.sh

step "jest (unit, contract, e2e, ui, browser, reliability)"
rm -rf test-output/logs
npx jest --ci "$@"

step "privacy: no email address or display name in the captured logs (docs/reliability.md §6)"
# A full run always captures logs (every e2e journey); a run narrowed by arguments may capture none.
if [ "$#" -eq 0 ] || [ -d test-output/logs ]; then
  npx tsx scripts/scan-logs.ts test-output/logs
fi
