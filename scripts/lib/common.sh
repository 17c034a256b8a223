# shellcheck shell=bash
# Shared helpers for the scripts under scripts/: logging, PID files, ports, bounded waits, Debian packages.
# Sourced, never executed. Callers set -euo pipefail themselves.

CRED_READY_TIMEOUT="${CRED_READY_TIMEOUT:-30}"

log() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the last lines of a log file to stderr (used when something fails to come up).
log_tail() {
  local file="$1"
  if [[ -f "$file" ]]; then
    printf -- '--- last lines of %s ---\n' "$file" >&2
    tail -n 30 "$file" >&2 || true
    printf -- '---\n' >&2
  fi
}

# wait_until DESCRIPTION LOGFILE COMMAND...: retries COMMAND every 0.1 s until it succeeds, for at most
# $CRED_READY_TIMEOUT seconds; on timeout prints the log tail and exits.
wait_until() {
  local what="$1" logfile="$2"
  shift 2
  wait_until_alive "$what" "$logfile" "" "$@"
}

# wait_until_alive DESCRIPTION LOGFILE PIDFILE COMMAND...: like wait_until, but gives up at once (with the log tail)
# when the process in PIDFILE exits meanwhile. An empty PIDFILE disables that check.
wait_until_alive() {
  local what="$1" logfile="$2" pidfile="$3"
  shift 3
  local deadline=$((SECONDS + CRED_READY_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pidfile" ]] && ! pid_alive "$pidfile"; then
      log_tail "$logfile"
      die "$what exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$logfile"
      die "$what not ready after ${CRED_READY_TIMEOUT} s"
    fi
    sleep 0.1
  done
}

# is_listening PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
is_listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_port: prints a free TCP port on 127.0.0.1 below the Linux ephemeral range, not handed out before in this
# shell. Random so that parallel runs with different run directories do not collide.
_CRED_PICKED_PORTS=" "
pick_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((15000 + RANDOM % 17000))
    [[ "$_CRED_PICKED_PORTS" == *" $port "* ]] && continue
    if command -v ss >/dev/null 2>&1; then
      ss -Htan "sport = :$port" 2>/dev/null | grep -q . && continue
    fi
    is_listening "$port" && continue
    _CRED_PICKED_PORTS+="$port "
    printf '%s\n' "$port"
    return 0
  done
  die "no free TCP port found"
}

# pid_alive PIDFILE [EXPECTED]: true when the PID in PIDFILE runs and its command line contains EXPECTED
# (guards against PID reuse).
pid_alive() {
  local file="$1" expected="${2:-}" pid
  [[ -s "$file" ]] || return 1
  pid="$(head -n 1 "$file" | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || [[ -d "/proc/$pid" ]] || return 1
  if [[ -n "$expected" && -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expected" || return 1
  fi
  return 0
}

# stop_pidfile NAME PIDFILE EXPECTED [SIGNAL]: stops the process (and its process group when it leads one) and
# waits up to 15 s, then SIGKILLs. Removes the PID file. Quiet when nothing runs.
stop_pidfile() {
  local name="$1" file="$2" expected="$3" signal="${4:-TERM}" pid pgid target
  if ! pid_alive "$file" "$expected"; then
    rm -f "$file"
    return 0
  fi
  pid="$(head -n 1 "$file" | tr -dc '0-9')"
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  target="$pid"
  [[ "$pgid" == "$pid" ]] && target="-$pid"
  kill "-$signal" -- "$target" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) did not stop in 15 s; killing it"
      kill -KILL -- "$target" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$file"
  log "stopped $name (pid $pid)"
}

# as_root COMMAND...: runs COMMAND as root (directly, or through sudo when available).
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 127
  fi
}

# ensure_debian_packages PACKAGE:PROBE...: installs the packages whose PROBE (a command name or an absolute path)
# is missing, with one apt-get update. Fails with a clear message when that is impossible.
ensure_debian_packages() {
  local missing=() spec package probe
  for spec in "$@"; do
    package="${spec%%:*}"
    probe="${spec#*:}"
    if [[ "$probe" == /* ]]; then
      [[ -e "$probe" ]] && continue
    else
      command -v "$probe" >/dev/null 2>&1 && continue
    fi
    missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0

  log "installing missing Debian packages: ${missing[*]}"
  if [[ "$(id -u)" != 0 ]] && ! command -v sudo >/dev/null 2>&1; then
    die "missing packages ${missing[*]}: run as root or install them: apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "missing packages ${missing[*]} and no apt-get: install them with your package manager"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || die "apt-get update failed; install ${missing[*]} by hand"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# write_env_line NAME VALUE: one sourceable `export NAME='VALUE'` line on stdout.
write_env_line() {
  local value="${2//\'/\'\\\'\'}"
  printf "export %s='%s'\n" "$1" "$value"
}

# random_secret: 32 hex characters from the system CSPRNG.
random_secret() { openssl rand -hex 16; }
