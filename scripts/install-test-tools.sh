#!/usr/bin/env bash
# Installs what the test suite runs against, idempotently: PostgreSQL server binaries and the
# CNCF distribution registry (Debian packages), htpasswd. As root it uses apt-get; as a normal
# user it checks and says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_debs=()
command -v docker-registry >/dev/null 2>&1 || need_debs+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need_debs+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || need_debs+=(openssl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need_debs+=(postgresql)

if [ ${#need_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need_debs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${need_debs[@]}" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q "${need_debs[@]}" >/dev/null; }
  else
    echo "missing: ${need_debs[*]} (install them, e.g. apt-get install ${need_debs[*]})" >&2
    exit 1
  fi
fi
