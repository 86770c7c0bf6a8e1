#!/usr/bin/env bash
# Builds the stand-in images bin/compose-test runs where the official images cannot be pulled,
# and prints them as variable assignments for docker-compose.yml (to eval):
#   CASGUARD_POSTGRES_IMAGE=... CASGUARD_PAYARA_IMAGE=... CASGUARD_NGINX_IMAGE=...
#   CASGUARD_TEST_REGISTRY_IMAGE=...
#
#   deploy/stand-in/build.sh            # needs root, podman and mmdebstrap
#
# One Debian bookworm root file system (mmdebstrap, minbase) holds the packages of every stand-in,
# so it is bootstrapped once and shared as the bottom layer; each stand-in adds only the paths,
# users, entrypoint and command of the official image it stands in for (see its Containerfile).
# Images are tagged with a hash of what they are built from, so a second run reuses them and a
# change to a Containerfile, an entrypoint, the package list or the Payara jar rebuilds.
# Builds run with --network none: everything comes from the root file system and the build context.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CASGUARD_ROOT=$(cd "$here/../.." && pwd)
. "$CASGUARD_ROOT/scripts/war-and-payara.sh"

say() { printf 'stand-in: %s\n' "$*" >&2; }

# postgres: postgresql-15 (pg_isready, initdb) and gosu to drop root as the official image does;
# payara-micro: a JRE 17, tini, busybox (wget); nginx; registry: docker-registry (distribution 2.8).
packages=postgresql-15,gosu,openjdk-17-jre-headless,tini,busybox,nginx,docker-registry,ca-certificates,passwd
mirrors=(
  "deb http://deb.debian.org/debian bookworm main"
  "deb http://deb.debian.org/debian bookworm-updates main"
  "deb http://deb.debian.org/debian-security bookworm-security main"
)
# The official postgres image's user is uid/gid 999; Debian's package would pick the next free
# system id. Written before the packages are installed, so postgresql-common finds it.
postgres_user_hook='echo "postgres:x:999:999:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >>"$1/etc/passwd"
echo "postgres:x:999:" >>"$1/etc/group"
echo "postgres:*:19000:0:99999:7:::" >>"$1/etc/shadow"'

hash_of() { sha256sum | cut -c1-16; }
# Earlier builds of the same stand-in are of no further use (one still in use stays).
drop_other_tags() {
  podman images --format '{{.Repository}}:{{.Tag}}' "${1%:*}" | grep -vxF "$1" | xargs -r podman rmi >/dev/null 2>&1 || true
}

base_key=$(printf '%s\n' "$packages" "${mirrors[@]}" "$postgres_user_hook" | hash_of)
base=localhost/casguard-stand-in/base:$base_key
if podman image exists "$base"; then
  say "reusing $base"
else
  say "bootstrapping Debian bookworm with $packages (mmdebstrap)"
  tar_dir=$(mktemp -d)
  trap 'rm -rf "$tar_dir"' EXIT
  # Docs are of no use in these images (man pages stay: update-alternatives links into them).
  # postgresql-common creates a cluster in /var/lib/postgresql/15/main; the official image has
  # none, its entrypoint initialises PGDATA.
  mmdebstrap --variant=minbase --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --essential-hook="$postgres_user_hook" \
    --customize-hook='rm -rf "$1"/var/lib/postgresql/15 "$1"/etc/postgresql/15 "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "$tar_dir/rootfs.tar" "${mirrors[@]}" >&2
  podman import --quiet "$tar_dir/rootfs.tar" "$base" >/dev/null
  drop_other_tags "$base"
  rm -rf "$tar_dir"
  trap - EXIT
fi

payara_jar >&2

# build NAME CONTEXT: builds deploy/stand-in/NAME/Containerfile over CONTEXT unless built already;
# prints the tag.
build() {
  local name=$1 context=$2 key tag
  key=$( (echo "$base"; cd "$context" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | hash_of)
  tag=localhost/casguard-stand-in/$name:$key
  if podman image exists "$tag"; then
    say "reusing $tag"
  else
    say "building $tag"
    podman build --quiet --network none --build-arg STAND_IN_BASE="$base" \
      -f "$context/Containerfile" -t "$tag" "$context" >/dev/null
    drop_other_tags "$tag"
  fi
  echo "$tag"
}

payara_context=$(mktemp -d)
trap 'rm -rf "$payara_context"' EXIT
cp "$here/payara-micro/Containerfile" "$here/payara-micro/entrypoint.sh" "$payara_context/"
ln "$PAYARA_JAR" "$payara_context/payara-micro.jar" 2>/dev/null || cp "$PAYARA_JAR" "$payara_context/payara-micro.jar"

echo "CASGUARD_POSTGRES_IMAGE=$(build postgres "$here/postgres")"
echo "CASGUARD_PAYARA_IMAGE=$(build payara-micro "$payara_context")"
echo "CASGUARD_NGINX_IMAGE=$(build nginx "$here/nginx")"
echo "CASGUARD_TEST_REGISTRY_IMAGE=$(build registry "$here/registry")"
