#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 with Debian's (or any) server binaries and prints
# the export lines that point casguard at it. Usage:
#   scripts/throwaway-postgres.sh DIR PORT            start (initialising DIR if empty)
#   scripts/throwaway-postgres.sh --stop DIR          stop it
# Works as root (the server then runs as the 'postgres' or 'nobody' user) and as a normal user.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/"$name" /usr/local/pgsql/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing PostgreSQL server binaries (apt-get install postgresql)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    for candidate in /usr/lib/postgresql/*/bin/"$name"; do
      [ -x "$candidate" ] && { echo "$candidate"; return; }
    done
  fi
  echo "no PostgreSQL server binary '$name' found: install PostgreSQL or set CASGUARD_DB_URL" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-}" = "--stop" ]; then
  dir=$2
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m fast -w stop >/dev/null || true
  exit 0
fi

dir=$1
port=$2
user=${PGUSER_NAME:-casguard}
password=${PGPASSWORD_VALUE:-casguard}
db=${PGDATABASE_NAME:-casguard}
initdb=$(find_bin initdb)
pg_ctl=$(find_bin pg_ctl)

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ "$(id -u)" = 0 ]; then
  owner=postgres; id "$owner" >/dev/null 2>&1 || owner=nobody
  chown "$owner" "$dir"
  # the server user must be able to reach DIR through its parents
  p=$dir; while [ "$p" != / ]; do chmod o+x "$p" 2>/dev/null || true; p=$(dirname "$p"); done
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown "$owner" "$dir/pwfile"
  as_owner "$initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" --auth-host=scram-sha-256 \
    --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
fi
if ! as_owner "$pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_owner "$pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; exit 1; }
fi
psql_bin=$(find_bin psql)
if ! as_owner "$psql_bin" -h "$dir" -p "$port" -U "$user" -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
  as_owner "$psql_bin" -h "$dir" -p "$port" -U "$user" -d postgres -qc "create database $db" >/dev/null
fi
echo "export CASGUARD_DB_URL=jdbc:postgresql://127.0.0.1:$port/$db"
echo "export CASGUARD_DB_USER=$user"
echo "export CASGUARD_DB_PASSWORD=$password"
