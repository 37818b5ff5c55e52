#!/usr/bin/env bash
# Decisions 84 and 85: where the fork-to-fork noise of some c2pro queries comes from. Each LABEL=JAR is a
# stagegate build that reads rows differently (getObject or getBytes, one backend per fork or several);
# A/A on c2pro (private PostgreSQL 15), the noisy queries of the A/A runs and the control, RUNS times per
# jar, the jars taking turns: prints each run's per-query spread of the first six rounds' ratios and the
# forks' coefficient of variation per arm.
# Usage: RUNS=2 benchmarks/bench-decode.sh obj=/tmp/sg-obj.jar bytes=/tmp/sg-bytes.jar ...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-2}"; arms=("$@"); (( ${#arms[@]} )) || { echo "usage: RUNS=2 $0 LABEL=JAR ..." >&2; exit 2; }
source benchmarks/private-pg15.sh
out=benchmarks/results/bench-decode${TAG:+-$TAG}; rm -rf "$out"; mkdir -p "$out"  # TAG=x keeps runs apart
url() { echo "postgresql://postgres@localhost:$port/$1"; }
createdb c2
STAGEGATE_EMBEDDED_DIR="$work/embedded" java -jar "${arms[0]#*=}" example c2pro --url "$(url c2)" --scale 1 > "$work/example.log" 2>&1 || { cat "$work/example.log"; exit 1; }
psql -q -d c2 -c "VACUUM ANALYZE" >/dev/null
suite="$work/noisy.sql"
python3 - "$suite" <<'PY'
import re, sys
src = open('scripts/c2pro/queries.sql').read()
blocks = re.split(r'(?m)^(?=-- name: )', src)
keep = {'recent_ai_usage_for_tenant', 'wbs_of_project', 'documents_of_project', 'control'}
body = ''.join(b for b in blocks[1:] if re.match(r'-- name: (\S+)', b).group(1) in keep)
# only the parameters these queries use: a declared, unused one is refused
head = ''.join(l + '\n' for l in blocks[0].splitlines() if not l.startswith('-- param: ') or ':' + l.split()[2] in body)
open(sys.argv[1], 'w').write(head + '\n' + body)
PY
for i in $(seq 1 "$runs"); do
  for labelled in "${arms[@]}"; do
    arm="${labelled%%=*}"; jar="${labelled#*=}"
    java -jar "$jar" bench --suite "$suite" --baseline-db "$(url c2)" --candidate-db "$(url c2)" --rounds 6 \
      --evidence "$work/ev-$arm$i" > "$out/$arm$i.log" 2>&1 || true
    cp "$work"/ev-"$arm$i"/*/ce26_benchmark_results.json "$out/$arm$i.json"
    python3 - "$out/$arm$i.json" "$arm$i" <<'PY'
import json, sys, statistics as st
r = json.load(open(sys.argv[1]))
for q in r['baseline_ms']:
    b, c = r['baseline_ms'][q][:6], r['candidate_ms'][q][:6]
    ratios = sorted(x / y for x, y in zip(c, b)); m = st.median(ratios)
    spread = (ratios[-1] - ratios[0]) / m
    cv = lambda xs: st.pstdev(xs) / st.mean(xs)
    print(f"{sys.argv[2]:7} {q:28} first-6 ratio spread {spread:6.1%}  fork cv baseline {cv(b):6.1%} candidate {cv(c):6.1%}  median {st.median(b):.4f} ms")
PY
  done
done
