#!/usr/bin/env bash
# scripts/with_postgres.sh COMMAND [ARGS...]
# Runs COMMAND with a throwaway PostgreSQL server: initialises a cluster in a temporary directory (initdb, as the
# `postgres` user when run as root), starts it on a free loopback port with its Unix socket in that directory,
# exports GALEN_TEST_POSTGRES_URL=postgres://galen@127.0.0.1:PORT/galen_test?sslmode=disable, runs COMMAND,
# then stops the server and removes the directory. COMMAND's exit status is this script's.
# When the server cannot start (no PostgreSQL installed, initdb failing), it says why on stderr and runs COMMAND
# without GALEN_TEST_POSTGRES_URL, so the PostgreSQL tests skip with that message instead of failing.
set -uo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 64; }

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

CMD=("$@")
if ! BIN=$(find_bin); then
  echo "with_postgres: PostgreSQL tests will be skipped: no initdb found (install Debian's postgresql package; make setup does)" >&2
  unset GALEN_TEST_POSTGRES_URL
  exec "${CMD[@]}"
fi
DIR=$(mktemp -d /tmp/galen-pg.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then
  # initdb and postgres refuse to run as root.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres 2>/dev/null || true
  chown postgres "$DIR" 2>/dev/null
  RUN=(runuser -u postgres --)
fi
cleanup() {
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$DIR"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
if ! "${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U galen --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1; then
  echo "with_postgres: PostgreSQL tests will be skipped: initdb failed: $(tail -n 3 "$DIR/initdb.log")" >&2
  unset GALEN_TEST_POSTGRES_URL; "${CMD[@]}"; exit $?
fi
if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
     -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c max_connections=200 -c fsync=on" start >/dev/null 2>&1; then
  echo "with_postgres: PostgreSQL tests will be skipped: the server did not start: $(tail -n 3 "$DIR/server.log" 2>/dev/null)" >&2
  unset GALEN_TEST_POSTGRES_URL; "${CMD[@]}"; exit $?
fi
if ! "${RUN[@]}" "$BIN/createdb" -h "$DIR" -p "$PORT" -U galen galen_test >"$DIR/createdb.log" 2>&1; then
  echo "with_postgres: PostgreSQL tests will be skipped: createdb failed: $(tail -n 3 "$DIR/createdb.log")" >&2
  unset GALEN_TEST_POSTGRES_URL; "${CMD[@]}"; exit $?
fi
export GALEN_TEST_POSTGRES_URL="postgres://galen@127.0.0.1:$PORT/galen_test?sslmode=disable"
echo "with_postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $DIR)" >&2
"${CMD[@]}"
