#!/usr/bin/env bash
# Installs what bin/compose-test and scripts/build-image.sh --stand-in need, from Debian 12's
# packages, and configures podman for this kind of host. Idempotent; needs root.
#
#   scripts/install-container-tools.sh
#
# - podman 4.3 with netavark and aardvark-dns (container networks with name resolution),
#   podman-compose 1.0.3, runc;
# - mmdebstrap (the stand-in images' Debian root file system), apache2-utils (htpasswd for the
#   test registry), curl, jq, openssl;
# - /etc/containers/containers.conf.d/50-casguard.conf: runc instead of crun (crun refuses a
#   kernel with hybrid cgroups), cgroupfs (no systemd here), and no default ulimits (podman's
#   default RLIMIT_NOFILE is above this host's hard limit: "error setting rlimit type 7:
#   operation not permitted").
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-container-tools.sh: run as root" >&2; exit 1; }

packages=(podman podman-compose netavark aardvark-dns runc iptables mmdebstrap apache2-utils curl jq openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

conf=/etc/containers/containers.conf.d/50-casguard.conf
wanted='# Written by casguard scripts/install-container-tools.sh (see there why).
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"'
if [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
  mkdir -p "$(dirname "$conf")"
  printf '%s\n' "$wanted" >"$conf"
  echo "wrote $conf" >&2
fi
runtime=$(podman info --format '{{.Host.OCIRuntime.Name}}')
[ "$runtime" = runc ] || { echo "podman uses $runtime, not runc: is $conf overridden?" >&2; exit 1; }
