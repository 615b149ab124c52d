#!/usr/bin/env bash
# Fuzz /api/v1 (as link worker `aileen`) and /fhir/ (as a FHIR client of her first
# practice) with schemathesis on a throwaway database of demo data, and print the figures
# of each: operations, test cases, failures by kind. `make fuzz` is the small run CI makes.
#
#   scripts/api-fuzz.sh                          # default budget: 25 cases an operation, 5 min
#   MAX_EXAMPLES=10 MAX_TIME=60 scripts/api-fuzz.sh
#   DATABASE=postgres scripts/api-fuzz.sh        # a throwaway PostgreSQL database instead
#   KEEP=1 scripts/api-fuzz.sh                   # keep the report, server log and database
#
# Fuzzing writes (it posts referrals, closes cases ...), so it never uses data/ or your
# DATABASE_URL: SQLite lives in a temporary directory; PostgreSQL in a database of its own
# (lw_api_fuzz on 127.0.0.1:5432, dropped first and afterwards). Serves on 127.0.0.1:$PORT.
# /fhir/ has no OpenAPI of its own: linkwork.interop.fhir.openapi describes it from the
# routing table its CapabilityStatement comes from.
# Exits non-zero on a server error, a schema violation (an undocumented status code or
# content type, or a response that breaks its schema), a stack trace in an answer, or a
# refused (4xx) request that changed the records (scripts/fuzz_checks.py); other findings,
# such as a request that breaks the schema accepted, are listed in the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

PORT=${PORT:-8014}
MAX_EXAMPLES=${MAX_EXAMPLES:-25}
MAX_TIME=${MAX_TIME:-300}
SEED=${SEED:-2026}
DATABASE=${DATABASE:-sqlite}
CHECKS=${CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection,no_stack_trace,rejected_request_changes_nothing}
BIN=$root/.venv/bin
PG=postgres://postgres@127.0.0.1:5432

work=$(mktemp -d -t linkwork-fuzz.XXXXXX)
server_pid=""
drop_postgres() {
  [ "$DATABASE" = postgres ] && PGOPTIONS="--client-min-messages=warning" psql "$PG/postgres" -q \
    -c "DROP DATABASE IF EXISTS lw_api_fuzz" >/dev/null
  return 0
}
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "${KEEP:-}" ]; then echo "Kept $work"; else rm -rf "$work"; drop_postgres; fi
}
trap cleanup EXIT

# Debug mode: demo logins work and the server speaks plain HTTP on loopback.
export DEBUG=1 LINKWORK_DATA_DIR="$work"
unset LINKWORK_DEMO
case "$DATABASE" in
  sqlite) export DATABASE_URL="sqlite:///$work/fuzz.sqlite3" ;;
  postgres)
    drop_postgres
    psql "$PG/postgres" -q -c "CREATE DATABASE lw_api_fuzz"
    export DATABASE_URL="$PG/lw_api_fuzz"
    ;;
  *) echo "DATABASE is sqlite or postgres" >&2; exit 2 ;;
esac

echo "== demo data ($DATABASE) in $work"
"$BIN/linkwork" seed >/dev/null
token=$("$BIN/linkwork" apitoken aileen --name "API fuzzing" | tail -n 1)
practice=$("$BIN/linkwork" shell --no-imports -c "from linkwork.accounts.models import User; print(User.objects.get(username='aileen').link_worker.practices.order_by('code').first().code)" | tail -n 1)
fhir_token=$("$BIN/linkwork" fhir-client add --practice "$practice" --name "FHIR fuzzing" | tail -n 1)
# Half the generated ids are aileen's real records, so requests reach the rules past 404.
"$BIN/python" scripts/api_fuzz_config.py aileen >"$work/schemathesis.toml"
"$BIN/linkwork" shell --no-imports -c "import json; from linkwork.interop.fhir.openapi import document; print(json.dumps(document()))" | tail -n 1 >"$work/fhir-openapi.json"
# Served as in production (DEBUG off: no debug page to show a stack trace), in demo mode
# over plain HTTP; the static files its error pages name collected as `linkwork serve` does.
production=(DEBUG=0 LINKWORK_DEMO=1 SECURE_SSL_REDIRECT=0
  "SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')")
env "${production[@]}" "$BIN/linkwork" collectstatic --noinput --verbosity 0

echo "== serving on 127.0.0.1:$PORT"
# gunicorn as `linkwork serve` runs it, but without its 4094-byte limit on the request line,
# so that the API itself answers an over-long query (a 422); in production the web server's
# own 414 comes first.
env "${production[@]}" "$BIN/python" -m gunicorn linkwork.config.wsgi:application --bind "127.0.0.1:$PORT" \
  --workers 1 --limit-request-line 0 --access-logfile - \
  --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss' >"$work/server.log" 2>&1 &
server_pid=$!
origin="http://127.0.0.1:$PORT"

# One schemathesis run: NAME SCHEMA TOKEN CONFIG [BASE_URL]. Our own checks
# (fuzz_checks.py) read the same database as the server.
fuzz() {
  local name=$1 schema=$2 bearer=$3 config=$4 url=${5:-}
  echo "== schemathesis over $name: at most $MAX_EXAMPLES cases an operation and ${MAX_TIME}s, seed $SEED"
  set +e
  (cd "$work" && SCHEMATHESIS_HOOKS=fuzz_checks PYTHONPATH="$root/scripts:${PYTHONPATH:-}" \
    "$BIN/schemathesis" --config-file "$config" run "$schema" ${url:+--url "$url"} \
    --wait-for-schema 60 \
    --header "Authorization: Bearer $bearer" \
    --checks "$CHECKS" \
    --max-examples "$MAX_EXAMPLES" \
    --max-time "$MAX_TIME" \
    --seed "$SEED" \
    --workers 1 \
    --request-timeout 30 \
    --suppress-health-check all \
    --report ndjson --report-ndjson-path "$work/$name.ndjson" \
    >"$work/$name.txt" 2>&1)
  local status=$?
  set -e
  local figures=0
  "$BIN/python" "$root/scripts/api_fuzz_figures.py" "$work/$name.ndjson" || figures=$?
  if [ "$status" -ne 0 ]; then
    echo "schemathesis exited $status; its own account: $work/$name.txt (KEEP=1 keeps it)"
    grep -A3 "^Test cases:" "$work/$name.txt" || tail -n 20 "$work/$name.txt"
  fi
  # schemathesis's own status counts every check; the figures decide (and fail with no report).
  return "$figures"
}

failed=0
# schemathesis keeps its example database in the working directory.
fuzz api "$origin/api/v1/openapi.json" "$token" "$work/schemathesis.toml" || failed=1
# The FHIR document is a file, so its base URL is given: the server's /fhir.
: >"$work/fhir.toml"
fuzz fhir "$work/fhir-openapi.json" "$fhir_token" "$work/fhir.toml" "$origin/fhir" || failed=1
if grep -q "Traceback" "$work/server.log"; then
  # A request outside the schemas (schemathesis's probes) can still break an error page.
  echo "The server logged tracebacks: $work/server.log (KEEP=1 keeps it)"
  failed=1
fi
exit "$failed"
