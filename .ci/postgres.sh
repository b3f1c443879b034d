#!/usr/bin/env bash
# Makes a PostgreSQL server available for the server tests and benchmarks.
#
#   eval "$(bash .ci/postgres.sh)"
#
# Installs Debian's `postgresql` when it is missing, creates and starts a cluster, creates a role
# that may create databases (each test run makes its own fresh database and drops it afterwards),
# and prints one line on stdout: `export TEST_DATABASE_URL=postgres://…`. Everything else goes to
# stderr so that `eval` only sees that line.
set -euo pipefail

ROLE="${TILSYN_TEST_PG_ROLE:-tilsyn_test}"
PASSWORD="${TILSYN_TEST_PG_PASSWORD:-tilsyn_test}"
DB="${TILSYN_TEST_PG_DB:-tilsyn_test}"

log() { echo "postgres.sh: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installerer postgresql (apt-get)"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  log "opretter cluster $VERSION/main"
  as_root pg_createcluster "$VERSION" main >&2
fi
STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $4 }')"
if [ "$STATUS" != "online" ]; then
  log "starter cluster $VERSION/main"
  as_root pg_ctlcluster "$VERSION" main start >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $3 }')"

for _ in $(seq 1 50); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.2
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "PostgreSQL svarer ikke på port $PORT"; exit 1; }

as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
  ELSE
    ALTER ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
  END IF;
END
\$\$;
SQL
if ! as_postgres psql -tA -p "$PORT" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '${DB}'" | grep -q 1; then
  as_postgres createdb -p "$PORT" -O "$ROLE" "$DB" >&2
fi

log "PostgreSQL $VERSION kører på 127.0.0.1:$PORT"
echo "export TEST_DATABASE_URL=postgres://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DB}"
