#!/bin/sh
# Runs once, when the primary's data directory is first made (docker-entrypoint-initdb.d).
# A replication role for the standby, allowed in from the compose network; JIT off for the
# database itself, since pgbouncer drops the `-c jit=off` startup option linkwork sends.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
ALTER DATABASE "$POSTGRES_DB" SET jit = off;
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
