#!/usr/bin/env bash
# Known vulnerabilities in the locked dependencies (decision 0112): exports uv.lock as
# pinned requirements and hands them to scripts/audit_dependencies.py, which asks pip-audit
# first and reads an offline PyPA advisory database ($ADVISORY_DB) for what it could not.
#
#   scripts/audit-dependencies.sh                 # fails on a known vulnerability
#   AUDIT_REQUIRED=1 scripts/audit-dependencies.sh  # fails too when nothing could check
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.tools/bin/uv}
requirements=$(mktemp -t linkwork-requirements.XXXXXX)
trap 'rm -f "$requirements"' EXIT
"$UV" export --frozen --format requirements-txt --no-hashes --no-emit-project --quiet >"$requirements"
.venv/bin/python scripts/audit_dependencies.py "$requirements"
