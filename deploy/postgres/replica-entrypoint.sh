#!/bin/sh
# The reporting replica: on first start, a base backup of the primary written as a standby
# (pg_basebackup -R: standby.signal and primary_conninfo), then a hot standby streaming
# from it. Read-only: reports read their facts here (REPORTS_DATABASE_URL).
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h primary -p 5432 -q; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h primary -p 5432 -U replicator \
    -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
