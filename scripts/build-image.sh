#!/usr/bin/env bash
# Builds the casguard image from Dockerfile: target/casguard.war first if it is missing or stale
# (as bin/run does), then the image, with podman if it is installed, else docker.
#
#   scripts/build-image.sh [--stand-in] [--tag IMAGE]
#
# --stand-in   builds on the Debian stand-in for payara/micro (deploy/stand-in/build.sh; needs
#              root, podman and mmdebstrap) instead of pulling the official image; the test of
#              the image's build where Docker Hub cannot be reached (CI)
# --tag IMAGE  the image's name (default: casguard:<version in pom.xml, without -SNAPSHOT>, the tag
#              deploy/kubernetes names, and casguard:latest, the
#              image docker-compose.yml runs unless CASGUARD_IMAGE names another)
# CASGUARD_PAYARA_IMAGE names another base (default: the Dockerfile's, payara/micro:<pinned>-jdk17).
# Prints the image's name on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
CASGUARD_ROOT=$PWD
. scripts/war-and-payara.sh

# The project's own version: the first <version> after its <artifactId>; the release it leads to
# names the image, as in deploy/kubernetes (KubernetesManifestsTest holds the two together).
version=$(sed -n '/<artifactId>casguard<\/artifactId>/,$ s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
tags=("casguard:${version%-SNAPSHOT}" casguard:latest)
stand_in=
while [ $# -gt 0 ]; do
  case $1 in
    --stand-in) stand_in=1 ;;
    --tag) tags=("${2:?--tag needs an image name}"); shift ;;
    *) echo "usage: scripts/build-image.sh [--stand-in] [--tag IMAGE]" >&2; exit 2 ;;
  esac
  shift
done

if command -v podman >/dev/null 2>&1; then cli=podman; else cli=docker; fi
base=${CASGUARD_PAYARA_IMAGE:-}
if [ -n "$stand_in" ]; then
  base=$(deploy/stand-in/build.sh | sed -n 's/^CASGUARD_PAYARA_IMAGE=//p')
fi

casguard_war >&2
build_args=()
[ -z "$base" ] || build_args+=(--build-arg "PAYARA_MICRO_IMAGE=$base")
# podman writes OCI images by default, which have no HEALTHCHECK; the docker format keeps it.
[ "$cli" = docker ] || build_args+=(--format docker)
for tag in "${tags[@]}"; do build_args+=(-t "$tag"); done
echo "building ${tags[*]} on ${base:-payara/micro (the Dockerfile default)} with $cli" >&2
"$cli" build --quiet "${build_args[@]}" . >/dev/null
echo "${tags[0]}"
