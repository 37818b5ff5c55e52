#!/usr/bin/env bash
# Runs stagegate's own JMH benchmarks and keeps JMH's JSON under benchmarks/results/.
#   benchmarks/run.sh                      # every benchmark
#   benchmarks/run.sh SnapshotBenchmark    # one (any JMH include regex and options work)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
./mvnw -B -q -DskipTests -pl benchmarks -am package
mkdir -p benchmarks/results
name="${1:-all}"
java -jar benchmarks/target/benchmarks.jar "$@" -rf json -rff "benchmarks/results/${name}.json"
