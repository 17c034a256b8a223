#!/usr/bin/env bash
# One command for the VerifyDocument benchmark (docs/benchmarks.md "## Trust anchor verification"):
# builds trust-anchor (Release) and the bench, starts a private trust-anchor process (one more replica on the local
# stack: same store, same consumer group) on a free port, runs the bench against it and stops that process.
# Usage: bench/Credentials.Bench.Verify/run.sh [bench options, e.g. --clients 64 --seconds 20]
# CRED_BENCH_NO_BUILD=1 runs the binaries already in $CRED_ARTIFACTS without building; CRED_BENCH_SERVER_ENV adds
# NAME=VALUE settings to the service's environment only.
# Needs the local stack (scripts/infra up); reads $CRED_STACK_ENV or .run/stack.env. Prints the bench summary line.
# BENCH_TRACE=FILE.nettrace additionally samples the service's thread stacks for 15 s after the warm-up (dotnet-trace on PATH);
# read it with `dotnet-trace report FILE.nettrace topN -n 40 --inclusive`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC1090
source "${CRED_STACK_ENV:-$root/.run/stack.env}"
# shellcheck source=../../scripts/lib/common.sh
source "$root/scripts/lib/common.sh"
# shellcheck source=../../scripts/lib/services.sh
source "$root/scripts/lib/services.sh"
export CRED_ARTIFACTS="${CRED_ARTIFACTS:-$root/artifacts}"

if [[ "${CRED_BENCH_NO_BUILD:-0}" != "1" ]]; then
  log "building trust-anchor and the bench (Release)"
  dotnet build "$root/services/Credentials.TrustAnchor" -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build "$root/bench/Credentials.Bench.Verify" -c Release -nologo -v quiet -clp:ErrorsOnly
fi

work="$(mktemp -d /tmp/bench-verify.XXXXXX)"
port="$(pick_port)"
dll="$(artifacts_bin "$root")/Credentials.TrustAnchor/release/Credentials.TrustAnchor.dll"
mapfile -t envs < <(service_env trust-anchor "$port" | grep -v '^ASPNETCORE_ENVIRONMENT=')
# Production settings (no Development detail), information-level logs. The bench measures capacity, so the
# per-caller rate limit of VerifyDocument (access-policy.json: 5,000/s for one relying party) is lifted on this
# private instance only; every other rule of the policy applies.
envs+=("ASPNETCORE_ENVIRONMENT=Production")
# The dev broker has no TLS, which Production refuses: the bench uses the named test-only exception (logged as
# warning 2110 at start-up; docs/operations.md, "Production Kafka settings").
envs+=("Kafka__AllowPlaintextForTests=true" "CRED_TEST_ONLY_ALLOW_PLAINTEXT_KAFKA=1")
envs+=("RateLimits__Rules__/credentials.trust_anchor.v1.TrustAnchorService/VerifyDocument__PermitsPerSecond=1000000")
envs+=("RateLimits__Rules__/credentials.trust_anchor.v1.TrustAnchorService/VerifyDocument__Burst=1000000")
# CRED_BENCH_SERVER_ENV="NAME=VALUE ...": extra environment for the service only (A/B runs of runtime settings).
if [[ -n "${CRED_BENCH_SERVER_ENV:-}" ]]; then
  read -ra extra <<<"$CRED_BENCH_SERVER_ENV"
  envs+=("${extra[@]}")
fi
(cd "$(dirname "$dll")" && env "${envs[@]}" dotnet "$dll" migrate </dev/null >"$work/migrate.log" 2>&1) || { log_tail "$work/migrate.log"; die "migrate failed"; }
(cd "$(dirname "$dll")" && exec setsid env "${envs[@]}" dotnet "$dll" >"$work/trust-anchor.log" 2>&1 </dev/null) &
echo $! >"$work/trust-anchor.pid"
cleanup() {
  local pid
  pid="$(cat "$work/trust-anchor.pid")"
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap cleanup EXIT
trap "exit 130" INT TERM
CRED_READY_TIMEOUT=120 wait_until_alive "trust-anchor" "$work/trust-anchor.log" "$work/trust-anchor.pid" is_listening "$port"
log "trust-anchor (pid $(cat "$work/trust-anchor.pid"), log $work/trust-anchor.log) listening on 127.0.0.1:$port; load: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -n "${BENCH_TRACE:-}" ]]; then
  (sleep 8 && dotnet-trace collect -p "$(cat "$work/trust-anchor.pid")" --profile dotnet-sampled-thread-time --duration 00:00:00:15 -o "$BENCH_TRACE" >"$work/trace.log" 2>&1) &
  trace_pid=$!
fi
dotnet "$(artifacts_bin "$root")/Credentials.Bench.Verify/release/Credentials.Bench.Verify.dll" --endpoint "127.0.0.1:$port" --tls-dir "$CRED_TLS_DIR" \
  --server-pid "$(cat "$work/trust-anchor.pid")" "$@"
if [[ -n "${trace_pid:-}" ]]; then
  wait "$trace_pid" || log "dotnet-trace failed: $(tail -n 3 "$work/trace.log")"
fi
log "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
