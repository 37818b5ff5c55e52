#!/usr/bin/env bash
# Issue 11, speed: `stagegate backup --restore-test` against what it wraps, on the same database in the
# same run: pg_dump -Fc plus pg_restore into a fresh database (the minimum a restore test needs).
# stagegate adds a full read of the dump (pg_restore -f /dev/null), the schema, count and content
# comparison, and the JVM start. Target: <= 1.1x. Generates ROWS rows (default 2,000,000, ~250 MB)
# on a private PostgreSQL 15 (run as user postgres). Needs the Debian PostgreSQL 15 server and client.
# Usage: benchmarks/backup-vs-pgdump.sh [rows=2000000] [rounds=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows="${1:-2000000}"; rounds="${2:-3}"
source benchmarks/private-pg15.sh
psql -q -h "$work" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 10000) g;
CREATE TABLE events (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), at timestamptz NOT NULL, body text);
INSERT INTO events SELECT g, 1 + g % 10000, now() - (g || ' seconds')::interval, md5(g::text) || repeat('x', 60) FROM generate_series(1, $rows) g;
CREATE INDEX ON events (account_id);
VACUUM ANALYZE;
SQL
[[ -f console/target/stagegate.jar ]] || ./mvnw -B -o -q package -DskipTests
url="postgresql://postgres@localhost:$port/postgres"
ms() { echo "($(date +%s%N) - $1) / 1000000" | bc; }
printf '%-6s %-14s %-14s %-6s\n' round plain_ms stagegate_ms ratio
for r in $(seq "$rounds"); do
  s=$(date +%s%N)
  pg_dump -Fc -d postgres -f "$work/plain.dump"
  createdb plain_restore && pg_restore --exit-on-error -d plain_restore "$work/plain.dump" && dropdb plain_restore
  plain=$(ms "$s")
  s=$(date +%s%N)
  java -jar console/target/stagegate.jar backup --url "$url" --dir "$work/b" --restore-test --evidence "$work/ev" > "$work/sg.log"
  sg=$(ms "$s")
  grep -q "restore test PASSED" "$work/sg.log" || { cat "$work/sg.log"; exit 1; }
  printf '%-6s %-14s %-14s %-6.2f\n' "$r" "$plain" "$sg" "$(echo "$sg / $plain" | bc -l)"
  rm -rf "$work/b" "$work/plain.dump"
done
