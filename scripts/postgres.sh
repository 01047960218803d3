#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for the tests, on 127.0.0.1:${OUTBOX_PG_PORT:-54329}, its data in a
# temporary directory, run as the `postgres` user. `start` prints the URL; `stop` removes it all.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
PORT=${OUTBOX_PG_PORT:-54329}
DIR=${OUTBOX_PG_DIR:-/tmp/outbox-test-pg}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

case "${1:-}" in
  start)
    [ -d "$DIR/data" ] && as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR" && mkdir -p "$DIR" && chown postgres "$DIR" 2>/dev/null || sudo chown postgres "$DIR"
    as_postgres "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    [ -d "$DIR/data" ] && as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  pause)   # stop the server but keep its data (for a test of a database outage)
    as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    ;;
  resume)
    as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    ;;
  *) echo "usage: $0 start|stop|pause|resume" >&2; exit 2 ;;
esac
