# shellcheck shell=bash
# Kafka-protocol broker for the local stack: tools/dev-broker (librdkafka's mock cluster), built into the run
# directory so a running broker never shares build output with anyone's `dotnet build`.

# kafka_build REPO RUN_DIR: builds tools/dev-broker when its sources are newer than the last build; prints the dll.
kafka_build() {
  local repo="$1" run="$2" out dll
  out="$run/build"
  dll="$out/bin/dev-broker/release/dev-broker.dll"
  if [[ ! -f "$dll" ]] || [[ -n "$(find "$repo/tools/dev-broker" "$repo/Directory.Build.props" \
      "$repo/Directory.Packages.props" -newer "$dll" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
    command -v dotnet >/dev/null 2>&1 || die "dotnet not found: the dev broker needs the .NET SDK (global.json)"
    log "building tools/dev-broker (Release) into $out"
    # No build servers: they would outlive `scripts/infra down`.
    CRED_ARTIFACTS="$out" dotnet build "$repo/tools/dev-broker" -c Release -nologo -v quiet -nodeReuse:false \
      -p:UseSharedCompilation=false \
      </dev/null >"$run/dev-broker-build.log" 2>&1 9>&- \
      || { log_tail "$run/dev-broker-build.log"; die "dotnet build tools/dev-broker failed"; }
    # An up-to-date incremental build leaves the dll untouched; mark it as checked.
    touch "$dll"
  fi
  printf '%s\n' "$dll"
}

# kafka_launch REPO RUN_DIR DLL: starts the broker in the background on a port of its own choosing; the address
# appears in $RUN_DIR/kafka/bootstrap once it listens.
kafka_launch() {
  local repo="$1" run="$2" dll="$3" dir
  dir="$run/kafka"
  mkdir -p "$dir"
  rm -f "$dir/bootstrap"
  setsid dotnet "$dll" --port 0 --bootstrap-file "$dir/bootstrap" --topics-file "$repo/tools/dev-broker/topics.txt" \
    </dev/null >"$dir/dev-broker.log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$run/pids/kafka.pid"
}

kafka_wait() {
  local run="$1"
  wait_until_alive "dev broker" "$run/kafka/dev-broker.log" "$run/pids/kafka.pid" _kafka_ready "$run"
}

_kafka_ready() {
  [[ -s "$1/kafka/bootstrap" ]] && is_listening "$(cut -d: -f2 "$1/kafka/bootstrap")"
}

kafka_stop() {
  stop_pidfile "dev broker" "$1/pids/kafka.pid" dev-broker TERM
}

# kafka_broker_down RUN_DIR: takes the dev broker down without ending it (SIGUSR1, tools/dev-broker): every client
# connection is closed and new ones are refused; topics, records and committed offsets stay in its memory, as with a
# Kafka broker that restarts from its disk. kafka_broker_up (SIGUSR2) brings it back on the same address.
kafka_broker_down() {
  local run="$1"
  pid_alive "$run/pids/kafka.pid" dev-broker || die "dev broker not running in $run: run scripts/infra up"
  kill -USR1 "$(head -n 1 "$run/pids/kafka.pid" | tr -dc '0-9')"
  : >"$run/kafka/down"
  log "dev broker down (connections refused; data kept)"
}

kafka_broker_up() {
  local run="$1"
  pid_alive "$run/pids/kafka.pid" dev-broker || die "dev broker not running in $run: run scripts/infra up"
  kill -USR2 "$(head -n 1 "$run/pids/kafka.pid" | tr -dc '0-9')"
  rm -f "$run/kafka/down"
  log "dev broker up on $(tr -d '[:space:]' <"$run/kafka/bootstrap")"
}
