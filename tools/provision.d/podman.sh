#!/usr/bin/env bash
# Provides Podman for the image and compose tests (tools/src/deploy/*.images.test.ts) and the local
# cluster (npm run cluster): Debian's packages, plus /etc/containers/containers.conf with the settings
# this kind of machine needs. Idempotent: installs only what is missing and rewrites the config only
# when it differs.
#   runc                 crun refuses a kernel whose cgroups are half v1, half v2 ("hybrid mode")
#   cgroupfs, file       there is no systemd to manage cgroups or take events
#   default_ulimits      root lacks CAP_SYS_RESOURCE here, so Podman's default (raising nofile) fails
# The base-image stand-ins the Dockerfiles build FROM are made by tools/provision.d/podman-base-images.sh.
set -euo pipefail

PACKAGES=(podman buildah runc conmon catatonit containernetworking-plugins netavark aardvark-dns
  iptables uidmap fuse-overlayfs slirp4netns debootstrap)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "podman.sh: missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

config=/etc/containers/containers.conf
settings=('default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]' 'runtime = "runc"'
  'cgroup_manager = "cgroupfs"' 'events_logger = "file"')
has_all=1
for setting in "${settings[@]}"; do
  grep -qxF "$setting" "$config" 2>/dev/null || has_all=0
done
if [ "$has_all" = 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "podman.sh: $config lacks the settings listed in tools/provision.d/podman.sh (run it as root)" >&2
    exit 1
  fi
  mkdir -p /etc/containers
  # A config of the machine's own is kept aside, once, rather than merged into.
  [ ! -e "$config" ] || [ -e "$config.before-boutique" ] || cp "$config" "$config.before-boutique"
  cat >"$config" <<'CONF'
# Written by tools/provision.d/podman.sh (see the reasons there).
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
