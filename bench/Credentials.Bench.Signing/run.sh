#!/usr/bin/env bash
# One command for the document signing benchmark (docs/benchmarks.md "## Document signing"): builds csca,
# document-signer and the bench (Release), starts private csca and document-signer processes on free ports against the
# local stack (same database schemas and buckets as scripts/up), runs the bench, then measures how long the EF.SOD
# archiver needs to copy the signed SODs to S3, and stops both processes.
# Usage: bench/Credentials.Bench.Signing/run.sh [bench options, default: --seconds 10 --rounds 3 --concurrency 16]
# Needs the local stack (scripts/infra up); reads $CRED_STACK_ENV or .run/stack.env. Prints the bench summary line.
# CRED_BENCH_NO_BUILD=1 runs the binaries already in $CRED_ARTIFACTS without building; CRED_BENCH_ARCHIVE_WAIT=0 skips
# the S3 archive drain (wait and row). CRED_BENCH_SIGNING_SERVICES=suite drives the csca and document-signer of the suite
# running in $CRED_RUN_DIR (scripts/up; what bench/run-all does) instead of starting private ones.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC1090
source "${CRED_STACK_ENV:-$root/.run/stack.env}"
stack_pids="$CRED_RUN_DIR/pids"
# shellcheck source=../../scripts/lib/common.sh
source "$root/scripts/lib/common.sh"
# shellcheck source=../../scripts/lib/services.sh
source "$root/scripts/lib/services.sh"
export CRED_ARTIFACTS="${CRED_ARTIFACTS:-$root/artifacts}"

if [[ "${CRED_BENCH_NO_BUILD:-0}" != "1" ]]; then
  log "building csca, document-signer and the bench (Release)"
  for project in services/Credentials.Csca services/Credentials.DocumentSigner bench/Credentials.Bench.Signing; do
    dotnet build "$root/$project" -c Release -nologo -v quiet -clp:ErrorsOnly
  done
fi

work="$(mktemp -d /tmp/bench-signing.XXXXXX)"
suite_dir="$CRED_RUN_DIR"
if [[ "${CRED_BENCH_SIGNING_SERVICES:-private}" == "suite" ]]; then
  # The suite's own csca and document-signer (bench/run-all): what a State running scripts/up gets, with no second
  # document-signer whose relay and archiver would share the schema's work.
  [[ -f "$suite_dir/services.env" ]] || die "CRED_BENCH_SIGNING_SERVICES=suite needs the suite running in $suite_dir (scripts/up)"
  # shellcheck disable=SC1091
  source "$suite_dir/services.env"
  cp "$suite_dir/pids/csca.pid" "$work/csca.pid"
  cp "$suite_dir/pids/document-signer.pid" "$work/document-signer.pid"
  log "using the suite's csca ($CRED_ENDPOINT_CSCA) and document-signer ($CRED_ENDPOINT_DOCUMENT_SIGNER); load: $(cut -d' ' -f1-3 /proc/loadavg)"
else
  : >"$work/services.env.tmp"
  export CRED_RUN_DIR="$work"
  csca_port="$(pick_port)"
  signer_port="$(pick_port)"
  export CRED_ENDPOINT_CSCA="127.0.0.1:$csca_port" CRED_ENDPOINT_DOCUMENT_SIGNER="127.0.0.1:$signer_port"
  start() {
    local svc="$1" port="$2" project dll
    project="$(service_project "$svc")"
    dll="$(artifacts_bin "$root")/$project/release/$project.dll"
    mapfile -t envs < <(service_env "$svc" "$port")
    (cd "$(dirname "$dll")" && env "${envs[@]}" dotnet "$dll" migrate </dev/null >"$work/$svc-migrate.log" 2>&1) || { log_tail "$work/$svc-migrate.log"; die "migrate of $svc failed"; }
    (cd "$(dirname "$dll")" && exec setsid env "${envs[@]}" dotnet "$dll" >"$work/$svc.log" 2>&1 </dev/null) &
    echo $! >"$work/$svc.pid"
  }
  cleanup() {
    local pid svc
    for svc in document-signer csca; do
      [[ -f "$work/$svc.pid" ]] || continue
      pid="$(cat "$work/$svc.pid")"
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    done
  }
  trap cleanup EXIT
  start csca "$csca_port"
  start document-signer "$signer_port"
  CRED_READY_TIMEOUT=120 wait_until_alive "csca" "$work/csca.log" "$work/csca.pid" is_listening "$csca_port"
  CRED_READY_TIMEOUT=120 wait_until_alive "document-signer" "$work/document-signer.log" "$work/document-signer.pid" is_listening "$signer_port"
  log "csca and document-signer listening (logs in $work); load: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

[[ $# -gt 0 ]] || set -- --seconds 10 --rounds 3 --concurrency 16
# CPU per SOD of each process tree taking part (PostgreSQL: the postmaster and its backends).
cpu="document-signer=$(cat "$work/document-signer.pid"),csca=$(cat "$work/csca.pid")"
for part in postgres kafka s3; do
  [[ -f "$stack_pids/$part.pid" ]] && cpu+=",$part=$(cat "$stack_pids/$part.pid")"
done
# With the suite up (bench/run-all), its ledger consumes this bench's events and its own document-signer's relay and
# archiver share the schema's work: their CPU is part of what a SOD costs there.
for part in ledger document-signer; do
  [[ "$part" == document-signer && "${CRED_BENCH_SIGNING_SERVICES:-private}" == "suite" ]] && continue
  if [[ -f "$stack_pids/$part.pid" ]] && kill -0 "$(cat "$stack_pids/$part.pid")" 2>/dev/null; then
    cpu+=",suite $part=$(cat "$stack_pids/$part.pid")"
  fi
done
dotnet "$(artifacts_bin "$root")/Credentials.Bench.Signing/release/Credentials.Bench.Signing.dll" "$@" --cpu "$cpu"
log "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# The archiver copies the SODs to S3 behind the signing path: report how many were pending and how long they took.
pending() {
  PGPASSWORD="$CRED_PG_PASSWORD" psql "host=$CRED_PG_HOST port=$CRED_PG_PORT user=$CRED_PG_USER dbname=$CRED_PG_DATABASE sslmode=require" -Atc \
    "SELECT count(*) FROM document_signer.archive_queue"
}
# The wait also keeps the drain out of whatever runs next (bench/run-all: it loaded the two cores for minutes and
# slowed the PKD sync rows 2-4x when it was skipped).
if command -v psql >/dev/null && [[ "${CRED_BENCH_ARCHIVE_WAIT:-1}" != "0" ]]; then
  start_pending="$(pending)"
  started=$SECONDS
  while [[ "$(pending)" != "0" ]] && ((SECONDS - started < 600)); do sleep 1; done
  left="$(pending)"
  took=$((SECONDS - started))
  log "EF.SOD archive: $start_pending SODs were waiting for S3 when the bench ended; $left left after $took s"
  if [[ "$left" == "0" && "$start_pending" -gt 0 ]]; then
    row="$(printf 'BENCH-RESULT\tEF.SOD archive drain after the signing run (%s SODs to S3)\t%s SOD/s (%s s)\t—\t—\t— (S3 server: moto)\t—\t%s' \
      "$start_pending" "$(( start_pending / (took > 0 ? took : 1) ))" "$took" "$(cut -d' ' -f1 /proc/loadavg)")"
    echo "$row"
    [[ -n "${CRED_BENCH_RESULTS:-}" ]] && echo "$row" >>"$CRED_BENCH_RESULTS"
  fi
fi
