#!/usr/bin/env bash
# Issue 9, item 9: a 500,000-statement migration through stagegate vs `psql -1 -f`, interleaved, with
# the JVM's peak heap. Needs psql. Result: benchmarks/results/BigMigrationVsPsql.json.
# Usage: benchmarks/big-migration.sh [statements=500000] [rounds=3] (JAVA_OPTS, e.g. -Xmx512m, to bound the heap)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v psql >/dev/null || { echo "psql not found: apt-get install -y postgresql-client" >&2; exit 3; }
./mvnw -B -q -DskipTests -pl benchmarks -am package
java ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar dev.stagegate.benchmarks.BigMigrationVsPsql "${1:-500000}" "${2:-3}"
