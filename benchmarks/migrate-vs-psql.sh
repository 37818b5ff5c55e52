#!/usr/bin/env bash
# stagegate migrate against psql on the same 250 migrations, interleaved, on the embedded PostgreSQL (needs psql:
# apt-get install postgresql-client).
#   small    (issue 3) 3-line files, against `psql -1 -f` of them all: benchmarks/results/MigrateVsPsql.json
#   session  (issue 14) real-sized files (RealSizedMigrations, ~1.5 KB), against one psql session with a transaction
#            per file, and against `psql -1`: benchmarks/results/MigrateVsPsqlSession.json
# Usage: benchmarks/migrate-vs-psql.sh [small|session] [rounds=15]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v psql >/dev/null || { echo "psql not found: apt-get install -y postgresql-client" >&2; exit 3; }
mode="${1:-small}"; rounds="${2:-15}"
if [[ $mode =~ ^[0-9]+$ ]]; then rounds="$mode"; mode=small; fi   # the issue-3 form: migrate-vs-psql.sh ROUNDS
case "$mode" in small) main=MigrateVsPsql ;; session) main=MigrateVsPsqlSession ;; *) echo "usage: $0 [small|session] [rounds]" >&2; exit 2 ;; esac
./mvnw -B -q -DskipTests -pl benchmarks -am package
java -cp benchmarks/target/benchmarks.jar "dev.stagegate.benchmarks.$main" "$rounds"
