# shellcheck shell=bash
# Development mTLS PKI: the internal TLS CA of the local stack (never the CSCA), one certificate per service,
# client certificates, a foreign CA for negative tests, and the Postgres/Redis server certificates.
# EC P-256 everywhere; keys are PKCS#8 PEM (openssl genpkey), readable by .NET X509Certificate2.CreateFromPemFile.

CRED_PKI_SERVICES="csca document-signer dtc trust-anchor pkd ledger"
CRED_PKI_CLIENTS="admin tests relying-party personalisation auditor"
CRED_CA_DAYS="${CRED_CA_DAYS:-5}"
CRED_LEAF_DAYS="${CRED_LEAF_DAYS:-4}"

_pki_key() {
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

# _pki_ca DIR NAME SUBJECT_CN
_pki_ca() {
  local dir="$1" name="$2" cn="$3"
  _pki_key "$dir/$name.key"
  openssl req -x509 -new -key "$dir/$name.key" -sha256 -days "$CRED_CA_DAYS" \
    -subj "/O=Credentials Development/CN=$cn" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$dir/$name.crt" 2>/dev/null
}

# _pki_leaf DIR CA NAME CN EXTENDED_KEY_USAGE SUBJECT_ALT_NAMES
_pki_leaf() {
  local dir="$1" ca="$2" name="$3" cn="$4" eku="$5" san="$6"
  _pki_key "$dir/$name.key"
  cat >"$dir/.$name.ext" <<EXT
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = $eku
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
  openssl req -new -key "$dir/$name.key" -subj "/O=Credentials Development/CN=$cn" 2>/dev/null \
    | openssl x509 -req -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -sha256 -days "$CRED_LEAF_DAYS" -extfile "$dir/.$name.ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/.$name.ext"
}

# pki_generate DIR: (re)creates the whole PKI in DIR.
pki_generate() {
  local dir="$1" name pid failed=0 pids=()
  mkdir -p "$dir"
  chmod 755 "$dir"
  _pki_ca "$dir" ca "Credentials Development Internal TLS CA"
  _pki_ca "$dir" foreign-ca "Unrelated Foreign CA"
  for name in $CRED_PKI_SERVICES; do
    _pki_leaf "$dir" ca "$name" "$name" "serverAuth,clientAuth" \
      "DNS:localhost,IP:127.0.0.1,URI:spiffe://credentials/$name" &
    pids+=($!)
  done
  for name in $CRED_PKI_CLIENTS; do
    _pki_leaf "$dir" ca "$name" "$name" "clientAuth" "URI:spiffe://credentials/$name" &
    pids+=($!)
  done
  # Same identity as the tests client, but signed by a CA the services must not trust.
  _pki_leaf "$dir" foreign-ca foreign-client "tests" "clientAuth" "URI:spiffe://credentials/tests" &
  pids+=($!)
  _pki_leaf "$dir" ca postgres "localhost" "serverAuth" "DNS:localhost,IP:127.0.0.1" &
  pids+=($!)
  _pki_leaf "$dir" ca redis "localhost" "serverAuth" "DNS:localhost,IP:127.0.0.1" &
  pids+=($!)
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
  done
  ((failed == 0)) || die "dev PKI: openssl failed to issue a certificate"
  for name in $CRED_PKI_SERVICES $CRED_PKI_CLIENTS foreign-client postgres redis; do
    openssl verify -CAfile "$dir/$([[ $name == foreign-client ]] && echo foreign-ca || echo ca).crt" \
      "$dir/$name.crt" >/dev/null 2>&1 || die "dev PKI: certificate $name.crt was not issued correctly"
  done
  chmod 600 "$dir"/*.key
  chmod 644 "$dir"/*.crt
}
