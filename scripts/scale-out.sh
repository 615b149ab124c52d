#!/usr/bin/env bash
# Scale-out on this machine: two app servers against one PostgreSQL, and reports on a real
# streaming standby that they pass over when it lags or is down. See scripts/scale_out.py
# and docs/scale-out.md. Needs PostgreSQL on 127.0.0.1:5432 (trust for user postgres) and
# root or the postgres user (the standby runs as postgres).
#
#   scripts/scale-out.sh                         # seeds a fresh database first (minutes)
#   scripts/scale-out.sh --template lw_seeded    # copies an already seeded database instead
#   scripts/scale-out.sh --own-primary ...       # streams from a new cluster on port 5434
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/scale_out.py "$@"
