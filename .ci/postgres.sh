# Sourced by .ci/run: gives the tests a real PostgreSQL server when it can, and never fails
# CI because of it. Debian's `postgresql` package (installed with apt-get when missing, as
# root, each step bounded in time), a throwaway cluster in a temp dir, trust auth, started on
# a free loopback port; DATABASE_URL is exported for the tests (the `database` scenario's
# real-server test runs only where it is set). `stop_postgres` stops it and removes the dir.

PG_DIR=""
PG_BINDIR=""
PG_RUN_AS=()

pg_find_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

pg_skip() {
  echo "postgres: skipped ($1); the real-server database test will be skipped"
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  PG_DIR=""
  return 0
}

start_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "postgres: using the DATABASE_URL given"
    return 0
  fi
  PG_BINDIR="$(pg_find_bindir)"
  if [ -z "$PG_BINDIR" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "postgres: installing Debian's postgresql package"
    local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql)
    if ! timeout 300 "${install[@]}" >/dev/null 2>&1; then
      timeout 180 apt-get update -q >/dev/null 2>&1 || true
      timeout 300 "${install[@]}" >/dev/null 2>&1 || true
    fi
    PG_BINDIR="$(pg_find_bindir)"
  fi
  [ -n "$PG_BINDIR" ] || { pg_skip "no PostgreSQL server found, and it could not be installed"; return 0; }
  PG_RUN_AS=()
  if [ "$(id -u)" = 0 ]; then
    # initdb and postgres refuse to run as root: run them as the user the package made.
    id postgres >/dev/null 2>&1 || { pg_skip "running as root and there is no postgres user"; return 0; }
    command -v runuser >/dev/null 2>&1 || { pg_skip "running as root without runuser"; return 0; }
    PG_RUN_AS=(runuser -u postgres --)
  fi
  PG_DIR="$(mktemp -d)"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  local port
  port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
  if ! timeout 120 "${PG_RUN_AS[@]}" "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    pg_skip "initdb failed: $(tail -n 1 "$PG_DIR/initdb.log")"
    return 0
  fi
  if ! timeout 60 "${PG_RUN_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-p $port -h 127.0.0.1 -k $PG_DIR -c fsync=off -c max_connections=100" start >/dev/null 2>&1; then
    pg_skip "the server did not start: $(tail -n 1 "$PG_DIR/server.log" 2>/dev/null)"
    return 0
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "postgres: $("$PG_BINDIR/postgres" --version) on 127.0.0.1:$port for the tests"
}

stop_postgres() {
  if [ -n "$PG_DIR" ]; then
    timeout 30 "${PG_RUN_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}
