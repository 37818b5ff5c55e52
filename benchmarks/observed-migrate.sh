#!/usr/bin/env bash
# Issue 11: the rehearsal's observation overhead. The 250-migration set through the plain engine and
# through the observed engine (locks after each statement + stand-in traffic; and with a snapshot after
# each migration for side effects), interleaved on fresh embedded databases. Target: locks-only <= 1.10x.
# Result JSON: benchmarks/results/ObservedMigrateVsPlain.json.   Usage: benchmarks/observed-migrate.sh [rounds=11]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -o -DskipTests -pl benchmarks -am package
java -cp benchmarks/target/benchmarks.jar dev.stagegate.benchmarks.ObservedMigrateVsPlain "${1:-11}"
