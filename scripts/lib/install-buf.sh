#!/usr/bin/env bash
# Installs the protobuf linter `buf` (npm package @bufbuild/buf) into <repo>/.tools/buf.
# Idempotent: does nothing when the pinned version is already installed.
# Usage: scripts/lib/install-buf.sh            -> prints the path of the buf binary
set -euo pipefail

BUF_VERSION="1.75.0"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prefix="${repo_root}/.tools/buf"
buf_bin="${prefix}/node_modules/.bin/buf"

if [[ -x "${buf_bin}" ]] && [[ "$("${buf_bin}" --version 2>/dev/null || true)" == "${BUF_VERSION}" ]]; then
  echo "${buf_bin}"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-buf: npm is required to install @bufbuild/buf ${BUF_VERSION}" >&2
  exit 1
fi

mkdir -p "${prefix}"
npm install --no-audit --no-fund --prefix "${prefix}" "@bufbuild/buf@${BUF_VERSION}" >&2

if [[ ! -x "${buf_bin}" ]]; then
  echo "install-buf: ${buf_bin} missing after npm install" >&2
  exit 1
fi
echo "${buf_bin}"
