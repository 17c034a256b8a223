# shellcheck shell=bash
# S3-compatible object store for the local stack: moto's server (in memory, plain HTTP on 127.0.0.1).

moto_path() {
  local candidate
  for candidate in "$(command -v moto_server 2>/dev/null || true)" "${HOME:-/root}/.pyenv/shims/moto_server" \
    /root/.pyenv/shims/moto_server /usr/local/bin/moto_server; do
    [[ -n "$candidate" && -x "$candidate" ]] && { printf '%s\n' "$candidate"; return 0; }
  done
  return 1
}

# s3_launch RUN_DIR PORT: starts moto in the background (its own process group); s3_wait checks readiness.
s3_launch() {
  local run="$1" port="$2" moto dir
  moto="$(moto_path)" || die "moto_server not found (PATH, ~/.pyenv/shims): install moto[server] (pip install 'moto[server]'); PyPI is not reachable on every machine"
  dir="$run/s3"
  mkdir -p "$dir"
  setsid "$moto" -H 127.0.0.1 -p "$port" </dev/null >"$dir/moto.log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$run/pids/s3.pid"
}

s3_wait() {
  local run="$1" port="$2"
  wait_until_alive "moto S3 server" "$run/s3/moto.log" "$run/pids/s3.pid" _s3_ready "$port"
}

_s3_ready() {
  if command -v curl >/dev/null 2>&1; then
    curl -sf -o /dev/null "http://127.0.0.1:$1/moto-api/"
  else
    is_listening "$1"
  fi
}

s3_stop() {
  stop_pidfile "moto S3 server" "$1/pids/s3.pid" moto_server TERM
}
