#!/usr/bin/env bash
# Installs what the non-.NET interoperability client (tests/interop/) needs: Debian's gRPC for Python
# (python3-grpcio, python3-grpc-tools with protoc, python3-protobuf). Idempotent; uses /usr/bin/python3 explicitly
# (a python3 earlier on PATH, e.g. pyenv, does not see Debian's packages).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$ROOT/scripts/lib/common.sh"
ensure_debian_packages \
  python3:/usr/bin/python3 \
  python3-grpcio:/usr/lib/python3/dist-packages/grpc/__init__.py \
  python3-grpc-tools:/usr/lib/python3/dist-packages/grpc_tools/__init__.py \
  python3-protobuf:/usr/lib/python3/dist-packages/google/protobuf/__init__.py
/usr/bin/python3 -c 'import grpc, grpc_tools.protoc, google.protobuf' \
  || die "python3-grpcio/python3-grpc-tools are installed but /usr/bin/python3 cannot import them"
