# shellcheck shell=bash
# Starting and stopping the six Credentials services on the local stack. Sourced by scripts/up, scripts/down.
# Requires scripts/lib/common.sh and a sourced stack.env (CRED_RUN_DIR, CRED_TLS_DIR, ...).

CRED_SERVICES=(csca document-signer trust-anchor dtc pkd ledger)

# service_project NAME: the project folder name of a service (document-signer -> Credentials.DocumentSigner).
service_project() {
  case "$1" in
    csca) echo Credentials.Csca ;;
    document-signer) echo Credentials.DocumentSigner ;;
    dtc) echo Credentials.Dtc ;;
    trust-anchor) echo Credentials.TrustAnchor ;;
    pkd) echo Credentials.Pkd ;;
    ledger) echo Credentials.Ledger ;;
    *) die "unknown service $1" ;;
  esac
}

# artifacts_bin: where `dotnet build -c Release` puts the binaries (Directory.Build.props: artifacts output).
artifacts_bin() {
  local root="$1"
  echo "${CRED_ARTIFACTS:-$root/artifacts}/bin"
}

# build_suite ROOT: builds the six services and credctl in Release, in one parallel MSBuild run
# (scripts/lib/Credentials.Services.slnf lists them).
build_suite() {
  local root="$1" logfile="$CRED_RUN_DIR/logs/build.log"
  log "building the six services and credctl (Release)"
  dotnet build "$root/scripts/lib/Credentials.Services.slnf" -c Release -nologo -v quiet -clp:ErrorsOnly >"$logfile" 2>&1 \
    || { log_tail "$logfile"; die "build failed (see $logfile)"; }
}

# service_env NAME PORT: the environment a service runs with (ASP.NET configuration keys as variables).
# The CRED_ENDPOINT_* variables of services.env are set before it is called.
service_env() {
  local svc="$1" port="$2"
  cat <<ENV
ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
DOTNET_gcServer=0
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
Tls__ListenAddress=127.0.0.1
Tls__Port=$port
Tls__CertificatePath=$CRED_TLS_DIR/$svc.crt
Tls__KeyPath=$CRED_TLS_DIR/$svc.key
Tls__ClientCaPath=$CRED_TLS_DIR/ca.crt
Postgres__ConnectionString=$CRED_PG_CONNECTION
ConnectionStrings__Postgres=$CRED_PG_CONNECTION
Redis__Configuration=$CRED_REDIS_CONFIGURATION
Redis__CaPath=$CRED_REDIS_CA
S3__Endpoint=$CRED_S3_ENDPOINT
S3__AccessKey=$CRED_S3_ACCESS_KEY
S3__SecretKey=$CRED_S3_SECRET_KEY
S3__Region=$CRED_S3_REGION
S3__UseTls=false
S3__CreateBucket=true
Kafka__BootstrapServers=$CRED_KAFKA_BOOTSTRAP
KeyVault__ModulePath=$CRED_PKCS11_MODULE
KeyVault__TokenLabel=$svc
KeyVault__PinEnvironmentVariable=CRED_PKCS11_USER_PIN
KeyVault__Pkcs11__ModulePath=$CRED_PKCS11_MODULE
KeyVault__Pkcs11__TokenLabel=$svc
KeyVault__Pkcs11__PinEnvironmentVariable=CRED_PKCS11_USER_PIN
SOFTHSM2_CONF=$SOFTHSM2_CONF
CRED_LEDGER_WRITER_PASSWORD=${CRED_LEDGER_WRITER_PASSWORD:-}
DocumentSigner__CscaEndpoint=${CRED_ENDPOINT_CSCA:-}
Dtc__CscaEndpoint=${CRED_ENDPOINT_CSCA:-}
CRED_PKCS11_USER_PIN=$CRED_PKCS11_USER_PIN
Dtc__TrustAnchorEndpoint=$(sed -n "s/^export CRED_ENDPOINT_TRUST_ANCHOR='\(.*\)'\$/\1/p" "$CRED_RUN_DIR/services.env.tmp" "$CRED_RUN_DIR/services.env" 2>/dev/null | head -n 1)
ENV
}

# start_service ROOT NAME PORT: starts one service in its own process group; logs and PID in the run directory.
start_service() {
  local root="$1" svc="$2" port="$3" project dll
  project="$(service_project "$svc")"
  dll="$(artifacts_bin "$root")/$project/release/$project.dll"
  [[ -f "$dll" ]] || die "$dll not built"
  local pidfile="$CRED_RUN_DIR/pids/$svc.pid" logfile="$CRED_RUN_DIR/logs/$svc.log"
  if pid_alive "$pidfile" "$project.dll"; then
    log "$svc already running (pid $(cat "$pidfile"))"
    return 0
  fi
  local -a envs=()
  while IFS= read -r line; do envs+=("$line"); done < <(service_env "$svc" "$port")
  (cd "$(dirname "$dll")" && exec setsid env "${envs[@]}" dotnet "$dll" >>"$logfile" 2>&1 </dev/null) &
  echo $! >"$pidfile"
}

# migrate_service ROOT NAME PORT: applies the service's database migrations (the explicit migrate step) and exits.
migrate_service() {
  local root="$1" svc="$2" port="$3" project dll
  project="$(service_project "$svc")"
  dll="$(artifacts_bin "$root")/$project/release/$project.dll"
  local -a envs=()
  while IFS= read -r line; do envs+=("$line"); done < <(service_env "$svc" "$port")
  (cd "$(dirname "$dll")" && env "${envs[@]}" dotnet "$dll" migrate </dev/null)
}

# stop_services: stops every service whose PID file exists.
stop_services() {
  local svc project
  for svc in "${CRED_SERVICES[@]}"; do
    project="$(service_project "$svc")"
    stop_pidfile "$svc" "$CRED_RUN_DIR/pids/$svc.pid" "$project.dll"
  done
  rm -f "$CRED_RUN_DIR/services.env"
}

# start_suite ROOT: gives each service a port (kept from an earlier services.env of the run directory), writes
# services.env, migrates and starts the six services, and waits until each reports SERVING over mTLS.
# Used by scripts/up and by scripts/test (for the non-.NET interoperability test).
start_suite() {
  local root="$1" endpoints="$CRED_RUN_DIR/services.env.tmp" svc var port
  mkdir -p "$CRED_RUN_DIR/logs" "$CRED_RUN_DIR/pids"
  # Ports first, so that every service's configuration can name the others' endpoints.
  : >"$endpoints"
  for svc in "${CRED_SERVICES[@]}"; do
    var="CRED_ENDPOINT_$(echo "$svc" | tr 'a-z-' 'A-Z_')"
    port=""
    if [[ -f "$CRED_RUN_DIR/services.env" ]]; then
      port="$(grep "^export $var=" "$CRED_RUN_DIR/services.env" | sed "s/.*:\([0-9]*\)'\$/\1/" || true)"
    fi
    [[ -n "$port" ]] || port="$(pick_port)"
    write_env_line "$var" "127.0.0.1:$port" >>"$endpoints"
  done
  mv "$endpoints" "$CRED_RUN_DIR/services.env"
  # shellcheck disable=SC1091
  source "$CRED_RUN_DIR/services.env"

  for svc in "${CRED_SERVICES[@]}"; do
    var="CRED_ENDPOINT_$(echo "$svc" | tr 'a-z-' 'A-Z_')"
    port="${!var##*:}"
    log "migrating $svc"
    migrate_service "$root" "$svc" "$port" >>"$CRED_RUN_DIR/logs/$svc-migrate.log" 2>&1 \
      || { log_tail "$CRED_RUN_DIR/logs/$svc-migrate.log"; die "migration of $svc failed"; }
    start_service "$root" "$svc" "$port"
  done

  export CRED_TLS_DIR
  log "waiting for all six services to report SERVING over mTLS"
  CRED_READY_TIMEOUT=60 wait_until "services" "$CRED_RUN_DIR/logs/csca.log" \
    dotnet "$(artifacts_bin "$root")/credctl/release/credctl.dll" health --all --timeout-seconds 2
}
