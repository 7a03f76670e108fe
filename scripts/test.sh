#!/usr/bin/env bash
# npm test: dependencies if missing, static checks, then every test tier against real infrastructure
# (the jest global setup brings up Kafka and Postgres databases, and stops what it started).
# Ends with the line `tests: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/jest ] || npm ci --no-audit --no-fund || exit 1
mkdir -p .data

status=0
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit || status=1
echo "== lint"
npx eslint . --max-warnings=0 || status=1

echo "== tests (unit + integration)"
rm -f .data/jest-results.json # never report an earlier run's results
npx jest --ci --json --outputFile=.data/jest-results.json "$@" || status=1

node -e '
  const fs = require("fs");
  let r = { numPassedTests: 0, numFailedTests: 0, numTotalTestSuites: 0, numFailedTestSuites: 0 };
  try { r = JSON.parse(fs.readFileSync(".data/jest-results.json", "utf8")); } catch {}
  // A suite that fails to load has no failed tests of its own: count it as a failure.
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  console.log(`tests: ${r.numPassedTests} passed, ${failed} failed`);
'
exit $status
