# shellcheck shell=bash
# Redis 7 for the local stack: TLS only (plaintext port disabled), 127.0.0.1, password, no persistence.

# redis_start RUN_DIR PORT PASSWORD TLS_DIR
redis_start() {
  local run="$1" port="$2" password="$3" tls="$4" dir
  dir="$run/redis"
  mkdir -p "$dir"
  chmod 700 "$dir"
  # The password goes into a 0600 file, not onto the command line.
  (umask 077 && cat >"$dir/redis.conf" <<CONF
bind 127.0.0.1
protected-mode yes
port 0
tls-port $port
tls-cert-file $tls/redis.crt
tls-key-file $tls/redis.key
tls-ca-cert-file $tls/ca.crt
tls-auth-clients no
requirepass $password
save ""
appendonly no
daemonize yes
pidfile $run/pids/redis.pid
logfile $dir/redis.log
dir $dir
CONF
  )
  redis-server "$dir/redis.conf" </dev/null >"$dir/start.log" 2>&1 9>&- \
    || { log_tail "$dir/start.log"; log_tail "$dir/redis.log"; die "redis-server did not start"; }
  wait_until "Redis" "$dir/redis.log" _redis_ready "$run" "$port" "$password" "$tls"
}

_redis_ready() {
  [[ -s "$1/pids/redis.pid" ]] || return 1
  shift
  [[ "$(REDISCLI_AUTH="$2" redis-cli --tls --cacert "$3/ca.crt" --sni localhost -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]
}

redis_stop() {
  stop_pidfile redis "$1/pids/redis.pid" redis-server TERM
}
