# shellcheck shell=bash
# SoftHSM2 tokens for the local stack (the PKCS#11 HSM of development and CI). Tokens live in the run directory;
# SOFTHSM2_CONF must be in a process's environment when it starts (INFRA.md).

# shellcheck disable=SC2034 # used by scripts/infra
CRED_PKCS11_MODULE_PATH="/usr/lib/softhsm/libsofthsm2.so"
CRED_PKCS11_TOKEN_LABELS="csca document-signer dtc ledger tests"

# softhsm_init RUN_DIR USER_PIN SO_PIN: writes the config and initialises one token per label.
softhsm_init() {
  local run="$1" pin="$2" so_pin="$3" dir label
  dir="$run/softhsm"
  mkdir -p "$dir/tokens"
  chmod 700 "$dir" "$dir/tokens"
  cat >"$dir/softhsm2.conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
  for label in $CRED_PKCS11_TOKEN_LABELS; do
    SOFTHSM2_CONF="$dir/softhsm2.conf" softhsm2-util --init-token --free --label "$label" \
      --so-pin "$so_pin" --pin "$pin" >>"$dir/init.log" 2>&1 \
      || { log_tail "$dir/init.log"; die "SoftHSM2: could not initialise token $label"; }
  done
}
