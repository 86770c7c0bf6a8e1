#!/usr/bin/env bash
# Installs what the test suite runs against, idempotently: PostgreSQL server binaries and the
# CNCF distribution registry (Debian packages), htpasswd, PgBouncer, Chromium and ChromeDriver for the operator
# page's browser test, kubectl (the Kubernetes manifests' test),
# promtool (the alert rules' tests), s3proxy (Maven Central) and Azurite (npm).
# As root it uses apt-get; as a normal user it checks and says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_debs=()
command -v docker-registry >/dev/null 2>&1 || need_debs+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need_debs+=(apache2-utils)
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1 || need_debs+=(pgbouncer)
command -v openssl >/dev/null 2>&1 || need_debs+=(openssl)
[ -x /usr/bin/chromium ] || need_debs+=(chromium)
[ -x /usr/bin/chromedriver ] || need_debs+=(chromium-driver)
# kubectl kustomize renders deploy/kubernetes/base for KubernetesManifestsTest; Debian's package
# only where none is installed (it would take the place of another /usr/bin/kubectl)
command -v kubectl >/dev/null 2>&1 || need_debs+=(kubernetes-client)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need_debs+=(postgresql)

# apt-get install as root (updating the package lists once if the install fails), else say what is missing
install_debs() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "$@" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q "$@" >/dev/null; }
  else
    echo "missing: $* (install them, e.g. apt-get install $*)" >&2
    exit 1
  fi
}

[ ${#need_debs[@]} -eq 0 ] || install_debs "${need_debs[@]}"

# promtool for AlertRulesTest. Without recommends: they would add node-exporter and smartmontools,
# and on a host with systemd the package starts a Prometheus on :9090, which the tests never use.
command -v promtool >/dev/null 2>&1 || install_debs --no-install-recommends prometheus

# Object-store stand-ins for the provider suites, kept under .casguard/tools (git-ignored):
# s3proxy (S3 API with SigV4, filesystem backend) from Maven Central and Azurite (Azure Blob)
# from npm. 3.35.0 is the last Azurite that runs on Node 20.
tools="$PWD/.casguard/tools"
s3proxy_version=4.1.0
azurite_version=3.35.0
if [ ! -f "$tools/s3proxy/s3proxy-$s3proxy_version-jar-with-dependencies.jar" ]; then
  echo "fetching s3proxy $s3proxy_version"
  mvn -q -B dependency:copy -Dartifact="org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" \
    -DoutputDirectory="$tools/s3proxy"
fi
if [ ! -x "$tools/azurite/node_modules/.bin/azurite-blob" ] \
    || ! grep -q "\"version\": \"$azurite_version\"" "$tools/azurite/node_modules/azurite/package.json" 2>/dev/null; then
  # Node.js 20 with npm runs Azurite
  command -v npm >/dev/null 2>&1 || install_debs npm
  echo "installing Azurite $azurite_version"
  # an absolute --prefix: a relative one is resolved against the enclosing project, not the cwd
  npm install --prefix "$tools/azurite" --no-audit --no-fund --loglevel=error "azurite@$azurite_version" >/dev/null
fi
