#!/usr/bin/env bash
# Issue 9, D1: `stagegate validate` on big files must keep its locks bounded and its time linear in
# the number of statements. Generates files of N INSERT statements, validates each against a
# private embedded PostgreSQL, samples the validating session's locks from another session (psql)
# every 0.2 s, and prints time per 100,000 statements. Needs psql (postgresql-client).
# Usage: benchmarks/validate-large.sh [sizes="50000 100000 200000 500000"]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v psql >/dev/null || { echo "psql not found: apt-get install -y postgresql-client" >&2; exit 3; }
sizes="${1:-50000 100000 200000 500000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STAGEGATE_EMBEDDED_DIR="$work/pg"
./stagegate status --env embedded -m scripts/c2pro/migrations >/dev/null 2>&1 || true   # starts and stops the server once
printf '%-10s %-10s %-12s %-10s\n' statements seconds s/100k max_locks
for n in $sizes; do
  dir="$work/m$n"; mkdir -p "$dir"
  python3 - "$n" "$dir" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(f"{d}/001_big.sql", "w") as f:
    f.write("CREATE TABLE big_t (id int PRIMARY KEY, v text);\n")
    for i in range(n):
        f.write(f"INSERT INTO big_t VALUES ({i}, 'row {i} with some text');\n")
open(f"{d}/001_big.rollback.sql", "w").write("DROP TABLE big_t;\n")
PY
  start=$(date +%s.%N)
  ./stagegate validate --env embedded -m "$dir" --evidence "$work/ev" > "$work/out$n.log" 2>&1 &
  pid=$!
  max=0
  while kill -0 "$pid" 2>/dev/null; do
    port=$(sed -n 4p "$STAGEGATE_EMBEDDED_DIR/postmaster.pid" 2>/dev/null || true)
    if [[ -n "$port" ]]; then
      l=$(psql -h localhost -p "$port" -U postgres -d postgres -Atc \
        "SELECT coalesce(max(c), 0) FROM (SELECT count(*) c FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'stagegate' GROUP BY pid) x" 2>/dev/null || echo 0)
      (( l > max )) && max=$l
    fi
    sleep 0.2
  done
  wait "$pid" || { echo "validate failed for $n:"; tail -3 "$work/out$n.log"; exit 1; }
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  printf '%-10s %-10.1f %-12.2f %-10s\n' "$n" "$secs" "$(echo "$secs * 100000 / $n" | bc -l)" "$max"
  grep -q "$((n + 1)) statement(s) parsed" "$work/ev"/*/syntax_validation.log || { echo "not every statement was parsed"; exit 1; }
  rm -rf "$work/ev"
done
