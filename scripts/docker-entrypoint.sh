#!/usr/bin/env bash
# Container entry point. `bootstrap` prepares infrastructure and local-only secrets in the shared
# /keys volume; a service container loads those secrets (when present) and runs its server.
set -euo pipefail
cd /app
if [ "${SERVICE}" = "bootstrap" ]; then
  exec node --import tsx scripts/docker-bootstrap.ts
fi
if [ -f /keys/secrets.env ]; then
  set -a; . /keys/secrets.env; set +a
fi
exec node --import tsx "services/${SERVICE}/src/server.ts"
