# shellcheck shell=bash
# PostgreSQL 15 for the local stack: private cluster, TLS only (pg_hba hostssl), 127.0.0.1, scram-sha-256.
# As root the server runs as the `postgres` user (initdb refuses root); otherwise as the invoking user.

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/15/bin $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -Vr); do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { printf '%s\n' "$dir"; return 0; }
  done
  return 1
}

# _pg_as_owner COMMAND...: runs COMMAND as the user that owns the cluster.
_pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_dir RUN_DIR: where the cluster lives (inside the run directory unless the postgres user cannot reach it).
pg_dir() {
  local run="$1"
  if [[ -s "$run/postgres.dir" ]]; then
    cat "$run/postgres.dir"
  else
    printf '%s\n' "$run/postgres"
  fi
}

# pg_start RUN_DIR PORT PASSWORD TLS_DIR DATABASE
pg_start() {
  local run="$1" port="$2" password="$3" tls="$4" database="$5" bin dir
  bin="$(pg_bindir)" || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  dir="$run/postgres"
  if [[ "$(id -u)" == 0 ]] && ! runuser -u postgres -- test -x "$run"; then
    # The postgres user cannot traverse to the run directory: keep the cluster under /tmp instead.
    dir="$(mktemp -d /tmp/credentials-pg.XXXXXX)"
    printf '%s\n' "$dir" >"$run/postgres.dir"
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
  install -m 600 "$tls/postgres.crt" "$dir/server.crt"
  install -m 600 "$tls/postgres.key" "$dir/server.key"
  [[ "$(id -u)" == 0 ]] && chown -R postgres: "$dir"

  _pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pwfile" \
    -E UTF8 --locale=C.UTF-8 --no-sync --no-instructions >"$run/postgres-initdb.log" 2>&1 \
    || { log_tail "$run/postgres-initdb.log"; die "initdb failed"; }
  rm -f "$dir/pwfile"
  # TLS only: local socket for maintenance, every TCP connection must use TLS.
  _pg_as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<'HBA'
# TYPE   DATABASE USER ADDRESS       METHOD
local    all      all                scram-sha-256
hostssl  all      all  127.0.0.1/32  scram-sha-256
HBA

  printf '%s\n' "$port" >"$run/postgres.port"
  _pg_ctl_start "$run" "$dir" "$port"

  # Create the database over TLS, verifying the server certificate: proves the TLS path end to end.
  PGPASSWORD="$password" "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=verify-full sslrootcert=$tls/ca.crt" \
    -c "CREATE DATABASE \"$database\"" >"$run/postgres-createdb.log" 2>&1 \
    || { log_tail "$run/postgres-createdb.log"; die "could not create database $database over TLS"; }
}

# _pg_ctl_start RUN_DIR CLUSTER_DIR PORT: starts the server of an initialised cluster and writes its PID file.
_pg_ctl_start() {
  local run="$1" dir="$2" port="$3" bin
  bin="$(pg_bindir)" || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t "$CRED_READY_TIMEOUT" start -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c ssl=on \
     -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key -c ssl_min_protocol_version=TLSv1.2 \
     -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >"$run/postgres-start.log" 2>&1 9>&- \
    || { log_tail "$dir/postgres.log"; die "PostgreSQL did not start"; }
  head -n 1 "$dir/data/postmaster.pid" >"$run/pids/postgres.pid"
}

# pg_server_stop RUN_DIR: fast shutdown of the server only (scripts/infra stop postgres); the cluster, its data and
# its port stay, so pg_server_start brings the same database back. Clients see connection refused meanwhile.
pg_server_stop() {
  local run="$1"
  stop_pidfile postgres "$run/pids/postgres.pid" postgres INT
}

# pg_server_start RUN_DIR: starts the stopped server again on its port (scripts/infra start postgres).
pg_server_start() {
  local run="$1" dir port
  dir="$(pg_dir "$run")"
  [[ -d "$dir/data" && -s "$run/postgres.port" ]] || die "no PostgreSQL cluster in $run: run scripts/infra up"
  port="$(tr -dc '0-9' <"$run/postgres.port")"
  if pid_alive "$run/pids/postgres.pid" postgres; then
    log "postgres already running"
    return 0
  fi
  _pg_ctl_start "$run" "$dir" "$port"
  log "started postgres on 127.0.0.1:$port"
}

pg_stop() {
  local run="$1" dir
  dir="$(pg_dir "$run")"
  # SIGINT = PostgreSQL's fast shutdown.
  stop_pidfile postgres "$run/pids/postgres.pid" postgres INT
  if [[ -s "$run/postgres.dir" ]]; then
    rm -rf "$dir" "$run/postgres.dir"
  fi
}
