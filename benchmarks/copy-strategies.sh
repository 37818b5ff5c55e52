#!/usr/bin/env bash
# Issue 11, speed: the rehearsal's copy by strategy on a generated database of about GB gigabytes, against
# what each wraps, in the same run: `createdb -T` for the template copy, `pg_dump -Fc` + `pg_restore -j 2`
# into a new database for the dump copy. stagegate's figure is the copy time it reports ("made by ... in
# N ms"); the whole rehearsal (fingerprints of the target before and after, the copy checked against them)
# is printed beside it. Target: template copy <= 10 s. On a private PostgreSQL 15 (run as user postgres).
# Usage: benchmarks/copy-strategies.sh [gb=1]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gb="${1:-1}"
source benchmarks/private-pg15.sh
rows=$((gb * 6500000))
createdb big
psql -q -d big -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 10000) g;
CREATE TABLE events (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), at timestamptz NOT NULL, body text);
INSERT INTO events SELECT g, 1 + g % 10000, now() - (g || ' seconds')::interval, md5(g::text) || repeat('x', 60) FROM generate_series(1, $rows) g;
VACUUM ANALYZE;
SQL
echo "database: $(psql -Atc "SELECT pg_size_pretty(pg_database_size('big'))" -d big)"
mkdir -p "$work/m"
echo "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);" > "$work/m/000_base.sql"
echo "ALTER TABLE accounts ADD COLUMN note text;" > "$work/m/001_note.sql"
echo "ALTER TABLE accounts DROP COLUMN note;" > "$work/m/001_note.rollback.sql"
[[ -f console/target/stagegate.jar ]] || ./mvnw -B -o -q package -DskipTests
url="postgresql://postgres@localhost:$port/big"
java -jar console/target/stagegate.jar migrate -m "$work/m" --url "$url" --baseline 000 --evidence "$work/ev" > "$work/base.log" 2>&1 || { cat "$work/base.log"; exit 1; }
psql -q -d big -c "ALTER TABLE accounts DROP COLUMN IF EXISTS note" >/dev/null
java -jar console/target/stagegate.jar rollback -m "$work/m" --url "$url" --to 000 --evidence "$work/ev" >/dev/null 2>&1 || true
ms() { echo "($(date +%s%N) - $1) / 1000000" | bc; }
s=$(date +%s%N); createdb -T big ref_tpl; tpl=$(ms "$s"); dropdb ref_tpl
s=$(date +%s%N); pg_dump -Fc -d big -f "$work/big.dump"; createdb ref_dump; pg_restore -j 2 --exit-on-error -d ref_dump "$work/big.dump"; dump=$(ms "$s"); dropdb ref_dump; rm -f "$work/big.dump"
for strategy in template dump; do
  s=$(date +%s%N)
  java -jar console/target/stagegate.jar rehearse -m "$work/m" --url "$url" --copy "$strategy" --evidence "$work/ev" > "$work/$strategy.log" 2>&1 || { cat "$work/$strategy.log"; exit 1; }
  total=$(ms "$s")
  copy=$(grep -o 'made by [a-z-]* in [0-9]* ms' "$work/$strategy.log" | grep -o '[0-9]* ms' | grep -o '[0-9]*')
  ref=$([[ $strategy == template ]] && echo "$tpl" || echo "$dump")
  printf '%-9s stagegate copy %7s ms   reference %7s ms   ratio %.2f   whole rehearsal %7s ms\n' "$strategy" "$copy" "$ref" \
    "$(echo "$copy / $ref" | bc -l)" "$total"
done
