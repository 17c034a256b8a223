# shellcheck shell=bash
# Where the real-world ICAO corpus is (the same order as tests/Shared/IcaoVectors.cs):
#   1. $CRED_ICAO_VECTORS — a directory; the value `none` means "no corpus" (to measure what skips without it);
#   2. the cache that scripts/vectors fills: <repo>/.cache/icao-vectors;
#   3. ../shared/icao-vectors beside the checkout (the team's copy; machines without internet use it).
# Sourced, never executed.

# icao_vectors_cache ROOT: the cache directory of scripts/vectors.
icao_vectors_cache() { echo "$1/.cache/icao-vectors"; }

# icao_vectors_root ROOT: prints the corpus directory, or returns 1 when there is none.
icao_vectors_root() {
  local root="$1" candidate
  if [[ -n "${CRED_ICAO_VECTORS:-}" ]]; then
    [[ "$CRED_ICAO_VECTORS" == none ]] && return 1
    [[ -d "$CRED_ICAO_VECTORS" ]] || return 1
    (cd "$CRED_ICAO_VECTORS" && pwd)
    return 0
  fi
  for candidate in "$(icao_vectors_cache "$root")" "$root/../shared/icao-vectors"; do
    if [[ -d "$candidate" ]]; then
      (cd "$candidate" && pwd)
      return 0
    fi
  done
  return 1
}

# icao_vectors_file ROOT RELATIVE: prints the path of a corpus file from the first directory (in the order above)
# that holds it, or returns 1.
icao_vectors_file() {
  local root="$1" relative="$2" candidate
  if [[ -n "${CRED_ICAO_VECTORS:-}" ]]; then
    [[ "$CRED_ICAO_VECTORS" != none && -f "$CRED_ICAO_VECTORS/$relative" ]] || return 1
    echo "$CRED_ICAO_VECTORS/$relative"
    return 0
  fi
  for candidate in "$(icao_vectors_cache "$root")" "$root/../shared/icao-vectors"; do
    if [[ -f "$candidate/$relative" ]]; then
      echo "$candidate/$relative"
      return 0
    fi
  done
  return 1
}
