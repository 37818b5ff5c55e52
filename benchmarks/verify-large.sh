#!/usr/bin/env bash
# Issue 10, speed: `stagegate verify` on a generated schema of N tables (several schemas, partitioned
# tables, membership policies through SECURITY DEFINER helpers, every table FK'd, indexed, RLS on).
# Measures, in the same run and on the same database:
#   - the catalog checks before issue 10 (a jar built from BASE, default 7dcb497, with the model
#     stated since it could not discover a membership model) and now (discovered), both --no-probe:
#     the ratio must stay <= 2;
#   - the probes: verify minus verify --no-probe, per probed table: <= 50 ms.
# Needs PostgreSQL 15 server binaries (/usr/lib/postgresql/15/bin) and psql; runs the server as
# user postgres on a private port in a temp dir.
# Usage: benchmarks/verify-large.sh [tables=1000] [base=7dcb497]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-1000}"
base="${2:-7dcb497}"
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/initdb ]] || { echo "PostgreSQL 15 server binaries not found: apt-get install -y postgresql-15" >&2; exit 3; }
work="$(mktemp -d)"; chmod 777 "$work"
port=$((20000 + RANDOM % 20000))
cleanup() { su postgres -c "$bin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true; git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
su postgres -c "$bin/initdb -D $work/pg -U postgres -A trust" >/dev/null
su postgres -c "$bin/pg_ctl -D $work/pg -o '-p $port -k $work -c max_locks_per_transaction=256' -l $work/pg.log start -w" >/dev/null
python3 - "$n" > "$work/schema.sql" <<'PY'
import sys
n = int(sys.argv[1])
out = ["CREATE SCHEMA app;",
       "CREATE TABLE app.users (id uuid PRIMARY KEY);",
       "CREATE TABLE app.accounts (id uuid PRIMARY KEY, name text NOT NULL);",
       "CREATE TABLE app.members (account_id uuid NOT NULL REFERENCES app.accounts, user_id uuid NOT NULL REFERENCES app.users, PRIMARY KEY (account_id, user_id));",
       "CREATE INDEX ON app.members (user_id);",
       "CREATE FUNCTION app.my_account_ids() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ SELECT account_id FROM app.members WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid $$;",
       "ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY; ALTER TABLE app.accounts FORCE ROW LEVEL SECURITY;",
       "CREATE POLICY m ON app.accounts USING (id IN (SELECT app.my_account_ids())) WITH CHECK (id IN (SELECT app.my_account_ids()));",
       "ALTER TABLE app.members ENABLE ROW LEVEL SECURITY; ALTER TABLE app.members FORCE ROW LEVEL SECURITY;",
       "CREATE POLICY m ON app.members USING (account_id IN (SELECT app.my_account_ids())) WITH CHECK (account_id IN (SELECT app.my_account_ids()));"]
made = 3
schemas = ["s%d" % i for i in range(4)]
for s in schemas:
    out.append(f"CREATE SCHEMA {s};")
i = 0
while made < n:
    s = schemas[i % 4]
    t = f"{s}.t{i}"
    if i % 25 == 0 and made + 5 <= n:
        out.append(f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY, account_id uuid NOT NULL REFERENCES app.accounts, at date NOT NULL DEFAULT current_date, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);")
        out.append(f"CREATE INDEX ON {t} (account_id);")
        for y in range(4):
            out.append(f"CREATE TABLE {t}_p{y} PARTITION OF {t} FOR VALUES FROM ('{2024 + y}-01-01') TO ('{2025 + y}-01-01');")
            out.append(f"ALTER TABLE {t}_p{y} ENABLE ROW LEVEL SECURITY; ALTER TABLE {t}_p{y} FORCE ROW LEVEL SECURITY;")
        made += 5
    else:
        out.append(f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id uuid NOT NULL REFERENCES app.accounts, v text);")
        out.append(f"CREATE INDEX ON {t} (account_id);")
        made += 1
    out.append(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY; ALTER TABLE {t} FORCE ROW LEVEL SECURITY;")
    out.append(f"CREATE POLICY m ON {t} USING (account_id IN (SELECT app.my_account_ids())) WITH CHECK (account_id IN (SELECT app.my_account_ids()));")
    i += 1
print("\n".join(out))
PY
psql -q -h "$work" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -f "$work/schema.sql" >/dev/null
tables=$(psql -h "$work" -p "$port" -U postgres -d postgres -Atc "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname IN ('app','s0','s1','s2','s3')")
url="postgresql://postgres@localhost:$port/postgres"
[[ -f console/target/stagegate.jar ]] || ./mvnw -B -o -q package -DskipTests
git worktree add -q --detach "$work/base" "$base"
(cd "$work/base" && ./mvnw -B -o -q package -DskipTests -Dmaven.test.skip=true >/dev/null)
timed() { local s e; s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
old=$(timed java -jar "$work/base/console/target/stagegate.jar" verify --url "$url" --no-probe --tenant-column account_id --tenant-setting app.user_id --evidence "$work/ev")
grep -q "Tally" "$work/last.log" || { echo "the base verify did not run:"; tail -3 "$work/last.log"; exit 1; }
new=$(timed java -jar console/target/stagegate.jar verify --url "$url" --no-probe --evidence "$work/ev")
grep -q "tenant model" "$work/last.log" || { echo "verify did not run:"; tail -3 "$work/last.log"; exit 1; }
probed=$(timed java -jar console/target/stagegate.jar verify --url "$url" --evidence "$work/ev")
cp "$work/last.log" "${VERIFY_LOG:-/dev/null}" 2>/dev/null || true
grep -E "tables (probed|isolated)" "$work/last.log"
count=$(grep -E "^  tables probed" "$work/last.log" | sed -E 's/.* ([0-9]+)\/([0-9]+).*/\1/')
printf 'tables in schema:            %s\n' "$tables"
printf 'catalog checks, base %s:  %.1f s\n' "$base" "$old"
printf 'catalog checks, now:         %.1f s   ratio %.2f (target <= 2)\n' "$new" "$(echo "$new / $old" | bc -l)"
printf 'with probes, now:            %.1f s   probes %.1f ms per probed table over %s tables (target <= 50)\n' "$probed" \
  "$(echo "($probed - $new) * 1000 / $count" | bc -l)" "$count"
