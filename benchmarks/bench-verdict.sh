#!/usr/bin/env bash
# Issue 12, proof that the benchmark verdict is sound, on c2pro at SCALE on a private PostgreSQL 15:
#   aa      the same database as both arms, RUNS times: how many query verdicts come out FAIL, ROLLBACK
#           or NO_VERDICT (targets: false FAIL <= 2% of query verdicts, no ROLLBACK)
#   slow    the candidate is a copy where every suite query is made PCT% slower by a calibrated amount
#           of work (sg_pad, see below), RUNS times: how often it is caught (FAIL/FAIL_SOFT/ROLLBACK; target >= 95%)
#   index   the candidate is a copy without the indexes on clauses(document_id...) and alerts(analysis_id...) that
#           document_with_clauses, clause_by_number and analysis_with_alerts read: their index scans become
#           sequential scans of the two biggest tables; ROLLBACK every time (target). Use a SCALE that makes them big.
# Each run is `stagegate bench` with the gate's settings (--rounds, --measure as given); every run's
# ce26_benchmark_results.json and output are kept under benchmarks/results/bench-verdict/MODE/.
# The padded suite: each c2pro query filtered by sg_pad('<id>') >= 0 (a one-time filter), a PL/pgSQL function that
# counts n turns of a loop, n read from table sg_pad: 0 on the baseline, calibrated on the candidate so
# that it adds PCT% of that query's median measured in a calibration run (the figure the script prints).
# After the runs, "delivered" is each padded query's median r over all runs: what the padding really did.
# TAG=x writes to MODE-x instead (runs of another build apart). Usage: [KEEP=1] [TAG=x] benchmarks/bench-verdict.sh aa|slow|index [runs=20] [scale=1] [measure=3x300ms] [rounds=6] [pct=20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode="${1:?aa|slow|index}"; runs="${2:-20}"; scale="${3:-1}"; measure="${4:-3x300ms}"; rounds="${5:-6}"; pct="${6:-20}"
jar="${STAGEGATE_JAR:-console/target/stagegate.jar}"
[[ -f $jar ]] || ./mvnw -B -o -q package -DskipTests
cp "$jar" "$(dirname "$(mktemp -u)")/sg-bench-verdict.jar"; jar="$(dirname "$(mktemp -u)")/sg-bench-verdict.jar"
source benchmarks/private-pg15.sh
out="benchmarks/results/bench-verdict/$mode${TAG:+-$TAG}"; [[ -n ${KEEP:-} ]] || rm -rf "$out"; mkdir -p "$out"
# KEEP=1 adds runs to those already in the folder (numbered after them); the tally at the end counts them all
first=$(( $(ls "$out" 2>/dev/null | sed -n 's/^run\([0-9]*\)\.log$/\1/p' | sort -n | tail -1) + 1 ))
url() { echo "postgresql://postgres@localhost:$port/$1"; }
sg() { STAGEGATE_EMBEDDED_DIR="$work/embedded" java -jar "$jar" "$@"; }
createdb c2
sg example c2pro --url "$(url c2)" --scale "$scale" > "$work/example.log" 2>&1 || { cat "$work/example.log"; exit 1; }
psql -q -d c2 -c "VACUUM ANALYZE" >/dev/null
suite=scripts/c2pro/queries.sql
base=c2; cand=c2
case "$mode" in
  aa) ;;
  index)
    createdb -T c2 c2cand; cand=c2cand
    # the indexes those queries' plans use (whatever the migrations named them), so they turn into seq scans
    psql -q -d c2cand -v ON_ERROR_STOP=1 <<'SQL'
DO $$ DECLARE i record; BEGIN
  FOR i IN SELECT indexrelid::regclass AS ix FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
           WHERE NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) AND ((t.relname = 'clauses' AND a.attname = 'document_id') OR (t.relname = 'alerts' AND a.attname = 'analysis_id'))
  LOOP EXECUTE 'DROP INDEX ' || i.ix; END LOOP; END $$;
ANALYZE;
SQL
    ;;
  slow)
    # the padded suite: the same queries, each joined once with its own amount of extra work
    suite="$work/padded.sql"
    python3 - "$suite" <<'PY'
import re, sys
src = open('scripts/c2pro/queries.sql').read()
blocks = re.split(r'(?m)^(?=-- name: )', src)
out = [blocks[0]]
for b in blocks[1:]:
    qid = re.match(r'-- name: (\S+)', b).group(1)
    head = ''.join(l + '\n' for l in b.splitlines() if l.startswith('--'))
    sql = '\n'.join(l for l in b.splitlines() if not l.startswith('--')).strip().rstrip(';')
    if '-- control' in head:
        out.append(head + sql + ';\n\n')
    else:
        # a one-time filter: evaluated once per execution (a CROSS JOIN with an unused (SELECT sg_pad(..)) is planned away)
        out.append(head + "SELECT q.* FROM (" + sql + ") q WHERE sg_pad('" + qid + "') >= 0;\n\n")
open(sys.argv[1], 'w').write(''.join(out))
PY
    psql -q -d c2 -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE sg_pad (id text PRIMARY KEY, n int NOT NULL DEFAULT 0);
-- a PL/pgSQL counting loop: the same few instructions per turn, no memory that grows with n (the earlier
-- generate_series version spilled its tuplestore at the calibration's million rows, so it was calibrated
-- dearer per row than it cost at a query's few thousand: +20% asked, +7..15% delivered)
CREATE FUNCTION sg_pad(q text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE turns int; s bigint := 0;
BEGIN
  SELECT p.n INTO turns FROM sg_pad p WHERE p.id = q;
  FOR i IN 1 .. coalesce(turns, 0) LOOP s := s + 1; END LOOP;
  RETURN s;
END $$;
SQL
    grep -o '^-- name: .*' "$suite" | awk '{print $3}' | while read -r id; do psql -q -d c2 -c "INSERT INTO sg_pad VALUES ('$id', 0)"; done
    createdb -T c2 c2cand; cand=c2cand
    # calibration: each query's median on the baseline, from one bench run (A/A)
    sg bench --suite "$suite" --baseline-db "$(url c2)" --candidate-db "$(url c2)" --rounds 6 --measure "$measure" \
      --evidence "$work/calib" > "$work/calib.log" 2>&1 || true
    # what one turn of sg_pad's loop costs, timed by the server itself (EXPLAIN ANALYZE) over a million turns
    psql -q -d c2 -c "INSERT INTO sg_pad VALUES ('__calibration', 1000000)"
    perrow_us=$(psql -At -d c2 -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT sg_pad('__calibration')" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"] * 1000 / 1e6)')
    psql -q -d c2 -c "DELETE FROM sg_pad WHERE id = '__calibration'"
    python3 - "$work/calib" "$perrow_us" "$pct" > "$work/pad.sql" <<'PY'
import json, glob, sys, statistics
f = glob.glob(sys.argv[1] + '/*/ce26_benchmark_results.json')[0]
r = json.load(open(f)); perrow = float(sys.argv[2]); pct = float(sys.argv[3])
for q, xs in r['baseline_ms'].items():
    n = int(statistics.median(xs) * 1000 * pct / 100 / perrow)
    print(f"UPDATE sg_pad SET n = {n} WHERE id = '{q}' AND '{q}' <> 'control';")
PY
    psql -q -d c2cand -f "$work/pad.sql"
    echo "calibration: $(wc -l < "$work/pad.sql") queries padded by $pct% of their median (one turn of the loop: $perrow_us us)"
    ;;
  *) echo "mode: aa, slow or index" >&2; exit 2 ;;
esac
start=$(date +%s)
for i in $(seq "$first" $((first + runs - 1))); do
  set +e
  sg bench --suite "$suite" --baseline-db "$(url $base)" --candidate-db "$(url $cand)" --rounds "$rounds" --measure "$measure" \
    --evidence "$work/ev$i" > "$out/run$i.log" 2>&1
  rc=$?
  set -e
  cp "$work"/ev"$i"/*/ce26_benchmark_results.json "$out/run$i.json" 2>/dev/null || true
  echo "run $i: exit $rc, $(grep -c '^' "$out/run$i.log") lines, $(grep '^VERDICT' "$out/run$i.log")"
done
secs=$(( $(date +%s) - start ))
echo "== $mode: $runs runs of $rounds rounds, --measure $measure, c2pro scale $scale, $secs s ($((secs / runs)) s per run)"
grep -hE '^(PASS|PASS_WARN|INCONCLUSIVE|FAIL_SOFT|FAIL|ROLLBACK|NO_VERDICT) ' "$out"/run*.log | awk '{n[$1]++; t++} END {for (k in n) printf "  %-12s %4d of %d query verdicts (%.1f%%)\n", k, n[k], t, 100*n[k]/t}'
grep -hE '^(PASS|PASS_WARN|INCONCLUSIVE|FAIL_SOFT|FAIL|ROLLBACK|NO_VERDICT) ' "$out"/run*.log | awk '{k=$2" "$1; n[k]++} END {for (k in n) print "  " k, n[k]}' | sort
# each query's median r over the runs: for slow, what the padding really delivered (asked: 1 + PCT/100)
grep -hE '^(PASS|PASS_WARN|INCONCLUSIVE|FAIL_SOFT|FAIL|ROLLBACK|NO_VERDICT) ' "$out"/run*.log | awk '{print $2, $4}' | python3 -c '
import sys, statistics
rs = {}
for line in sys.stdin:
    q, r = line.split(); rs.setdefault(q, []).append(float(r))
for q, xs in rs.items():
    print(f"  median r {statistics.median(xs):.3f} over {len(xs)} runs (range {min(xs):.3f}-{max(xs):.3f}): {q}")'
