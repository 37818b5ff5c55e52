#!/usr/bin/env bash
# Issue 3: 250 small migrations through stagegate vs the same SQL through `psql -1 -f`, interleaved,
# on the embedded PostgreSQL. Needs psql (apt-get install postgresql-client). Result JSON goes to
# benchmarks/results/MigrateVsPsql.json.   Usage: benchmarks/migrate-vs-psql.sh [rounds=15]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v psql >/dev/null || { echo "psql not found: apt-get install -y postgresql-client" >&2; exit 3; }
./mvnw -B -q -DskipTests -pl benchmarks -am package
java -cp benchmarks/target/benchmarks.jar dev.stagegate.benchmarks.MigrateVsPsql "${1:-15}"
