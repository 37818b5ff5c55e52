# Sourced by the benchmark scripts: a private PostgreSQL 15 (Debian's server, run as user postgres) on a
# random port with its socket in a temporary folder, stopped and removed on exit. Sets work, bin, port and
# exports PGHOST, PGPORT, PGUSER. A script with cleanup of its own defines extra_cleanup first.
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/initdb ]] || { echo "PostgreSQL 15 server binaries not found: apt-get install -y postgresql-15" >&2; exit 3; }
work="$(mktemp -d)"; chmod 777 "$work"
port=$((20000 + RANDOM % 20000))
cleanup() {
  su postgres -c "$bin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true
  if declare -F extra_cleanup >/dev/null; then extra_cleanup; fi
  rm -rf "$work"
}
trap cleanup EXIT
su postgres -c "$bin/initdb -D $work/pg -U postgres -A trust" >/dev/null
su postgres -c "$bin/pg_ctl -D $work/pg -o '-p $port -k $work' -l $work/pg.log start -w" >/dev/null
export PGHOST=$work PGPORT=$port PGUSER=postgres
