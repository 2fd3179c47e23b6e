# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the server tests. Sourced, not executed.
#
#   pg::start   initdb in a fresh temp folder, start on a free loopback port, create the
#               database wego_test; sets PG_TMP, PG_PORT, PG_BIN, PG_URL.
#   pg::stop    stop the cluster and remove its folder; safe to call twice or before start.
#
# initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user
# (created by Debian's postgresql package). The cluster trusts loopback connections
# (-A trust), listens on 127.0.0.1 only, and puts its Unix socket in its own temp folder,
# so it never touches the system cluster on 5432 or /var/run/postgresql.

# shellcheck disable=SC2034  # PG_PORT and PG_URL are read by the caller.
PG_TMP=""
PG_PORT=""
PG_BIN=""
PG_URL=""

# pg::_as_owner CMD... — run CMD as the cluster owner.
pg::_as_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg::start() {
  PG_BIN=$(deps::pg_bindir) || return 1
  PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/wego-pg.XXXXXX") || return 1
  if ((EUID == 0)); then
    chown postgres: "$PG_TMP" || return 1
  fi
  chmod 700 "$PG_TMP"
  PG_PORT=$(deps::free_port) || return 1

  local start=$EPOCHREALTIME
  pg::_as_owner "$PG_BIN/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$PG_TMP/initdb.log" 2>&1 || {
    echo "error: initdb failed:" >&2; tail -n 20 "$PG_TMP/initdb.log" >&2; return 1
  }
  # Durability off: this cluster lives for one test run, and fsync costs seconds per run.
  pg::_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    echo "error: PostgreSQL did not start:" >&2; tail -n 20 "$PG_TMP/server.log" >&2; return 1
  }
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c 'CREATE DATABASE wego_test' || return 1
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/wego_test"
  printf '==> PostgreSQL %s on 127.0.0.1:%s (started in %.1f s)\n' \
    "$("$PG_BIN/postgres" -V | awk '{print $3}')" "$PG_PORT" "$(awk "BEGIN{print $EPOCHREALTIME - $start}")"
}

pg::stop() {
  [[ -n "$PG_TMP" && -d "$PG_TMP" ]] || return 0
  if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
    pg::_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || pg::_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 \
      || true
  fi
  rm -rf "$PG_TMP"
  PG_TMP=""
}
