#!/usr/bin/env bash
# Time to create a PR database from a seeded template (CREATE DATABASE .. TEMPLATE) against what a user would do
# without branching (pg_dump | pg_restore into a new database), side by side on one throwaway Postgres, at 10, 100
# and 500 MB of seeded data.   bench/branching.sh [sizes in MB...]
set -euo pipefail
sizes=("${@:-10 100 500}"); sizes=(${sizes[@]})
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/preview-branching-XXXX); chmod 755 "$dir"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= ${PG_BENCH_OPTIONS:-}" -l "$dir/log" start >/dev/null
trap 'as_pg "$bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null; rm -rf "$dir"' EXIT
psql() { command psql -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }
ms() { python3 -c "print(round(($2 - $1) * 1000))"; }
# Server-side duration of one statement (psql's \timing), without the client's start-up.
server_ms() { psql -c '\timing on' -c "$1" | sed -n 's/^Time: \([0-9]*\).*/\1/p'; }

printf '%-8s %-18s %-20s %-22s %s\n' "seed" "branch WAL_LOG (ms)" "branch FILE_COPY (ms)" "dump+restore (ms)" "speed-up (FILE_COPY)"
for mb in "${sizes[@]}"; do
  psql -c "DROP DATABASE IF EXISTS tpl WITH (FORCE)" -c "CREATE DATABASE tpl" 2>/dev/null
  # ~1 KB rows with an index, like an orders table with payloads.
  psql -d tpl -c "CREATE TABLE orders (id bigserial PRIMARY KEY, customer text, payload text); INSERT INTO orders (customer, payload) SELECT 'c' || g, repeat(md5(g::text), 30) FROM generate_series(1, $((mb * 1024 * 1024 / 1100))) g;" -c "VACUUM ANALYZE orders"
  psql -c "ALTER DATABASE tpl WITH IS_TEMPLATE true ALLOW_CONNECTIONS false" -c "CHECKPOINT"
  actual=$(psql -tA -c "SELECT pg_database_size('tpl') / 1048576")

  filecopy=$(server_ms "CREATE DATABASE branch_fc TEMPLATE tpl STRATEGY FILE_COPY")
  psql -c "CHECKPOINT"
  branch=$(server_ms "CREATE DATABASE branch TEMPLATE tpl")
  psql -c "ALTER DATABASE tpl WITH ALLOW_CONNECTIONS true"
  t2=$(date +%s.%N)
  psql -c "CREATE DATABASE restored"
  PGPASSWORD= pg_dump -h 127.0.0.1 -p "$port" -U postgres -Fc tpl | pg_restore -h 127.0.0.1 -p "$port" -U postgres -d restored
  t3=$(date +%s.%N)
  restore=$(ms "$t2" "$t3")
  printf '%-8s %-18s %-20s %-22s %sx\n' "${actual}MB" "$branch" "$filecopy" "$restore" "$(python3 -c "print(round($restore / max($filecopy, 1), 1))")"
  psql -c "DROP DATABASE branch" -c "DROP DATABASE branch_fc" -c "DROP DATABASE restored" -c "ALTER DATABASE tpl WITH IS_TEMPLATE false" -c "DROP DATABASE tpl WITH (FORCE)"
done
