#!/usr/bin/env bash
# Starts a PostgreSQL hot standby of the local cluster (127.0.0.1:5432) on port 5433, for the
# read-replica test and for operators trying DATABASE_REPLICA_URL on one machine (docs/server.md
# "Reports from a read replica"). Idempotent: does nothing when 5433 already answers. Run as root
# (it switches to the postgres user for the PostgreSQL tools).
# Usage: scripts/pg-standby.sh [DIR]   (default /var/lib/postgresql/aisle-standby)
set -euo pipefail
DIR="${1:-/var/lib/postgresql/aisle-standby}"
PORT=5433
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
CONF_DIR="$(ls -d /etc/postgresql/*/main | sort -V | tail -1)"

if pg_isready -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
  echo "standby: already running on $PORT"
  exit 0
fi

# The primary must accept replication connections from this machine.
if ! grep -qE '^host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$CONF_DIR/pg_hba.conf"; then
  echo 'host replication all 127.0.0.1/32 trust' >> "$CONF_DIR/pg_hba.conf"
  psql -h 127.0.0.1 -U postgres -qAtc 'select pg_reload_conf()' >/dev/null
fi

rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
chown postgres:postgres "$(dirname "$DIR")"
su postgres -s /bin/sh -c "'$BIN/pg_basebackup' -h 127.0.0.1 -U postgres -D '$DIR' -R -X stream"
# Debian keeps the primary's configuration in /etc: the standby starts from an empty one.
su postgres -s /bin/sh -c "touch '$DIR/postgresql.conf' '$DIR/pg_ident.conf'"
su postgres -s /bin/sh -c "printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' > '$DIR/pg_hba.conf'"
su postgres -s /bin/sh -c "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/standby.log' -o \"-p $PORT -c hot_standby=on -c unix_socket_directories=/tmp -c listen_addresses=127.0.0.1\" -w start"
pg_isready -h 127.0.0.1 -p "$PORT"
echo "standby: postgres://postgres@127.0.0.1:$PORT/<database> follows the primary"
