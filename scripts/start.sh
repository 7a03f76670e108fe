#!/usr/bin/env bash
# npm start: dependencies if missing, then the whole platform (see scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/tsx ] || npm ci --no-audit --no-fund
exec node --import tsx scripts/start.ts "$@"
