#!/usr/bin/env bash
# Issue 12: the CPU-placement noise that made bench pin its forks (benchmarks/placement/TwoConnections.java):
# c2pro at scale 1 on a private PostgreSQL 15, projects_for_tenant timed on two connections in turn,
#   floating  client and backends where the scheduler puts them
#   same      client JVM and both backends on the last CPU
#   cross     client JVM on CPU 0, both backends on the last CPU
# Prints the spread of the two connections' time ratio (1.0 when placement does not matter).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar="${STAGEGATE_JAR:-console/target/stagegate.jar}"
[[ -f $jar ]] || ./mvnw -B -o -q package -DskipTests
pgjdbc=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
source benchmarks/private-pg15.sh
createdb c2
STAGEGATE_EMBEDDED_DIR="$work/embedded" java -jar "$jar" example c2pro --url "postgresql://postgres@localhost:$port/c2" --scale 1 > "$work/example.log" 2>&1
psql -q -d c2 -c "VACUUM ANALYZE"
tenant=$(psql -At -d c2 -c "SELECT tenant_id FROM projects GROUP BY tenant_id ORDER BY count(*) DESC, tenant_id LIMIT 1")
sql="SELECT id, name, code, status, created_at FROM projects WHERE tenant_id = '$tenant' ORDER BY created_at DESC LIMIT 50"
url="jdbc:postgresql://localhost:$port/c2?user=postgres"
last=$(( $(nproc) - 1 ))
echo "== floating"; java -cp "$pgjdbc" benchmarks/placement/TwoConnections.java "$url" "$sql"
echo "== same CPU ($last)"; PIN=$last taskset -c "$last" java -cp "$pgjdbc" benchmarks/placement/TwoConnections.java "$url" "$sql"
echo "== cross (client 0, backends $last)"; PIN=$last taskset -c 0 java -cp "$pgjdbc" benchmarks/placement/TwoConnections.java "$url" "$sql"
