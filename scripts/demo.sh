#!/usr/bin/env bash
# The main job on an embedded default: build a Nydus (RAFS v6) image from a real directory tree, push it to a
# local registry (Debian's docker-registry on loopback, via skopeo), start the daemon with the best front end the
# kernel offers (cachefiles where it binds, else fanotify, else ublk), mount the image lazily from the registry, run a
# program from it and show how little was fetched; then read everything and check it against the source.
# usage: demo.sh [SOURCE_DIR]   (default /usr/share/doc). Needs root and /dev/cachefiles, or Linux 6.14+ with ext4
# under /var/tmp, or /dev/ublk-control (ublk, 6.1+); installs what else it needs (maven, docker-registry, skopeo, ...)
# through scripts/setup.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/jdk.sh
source "$ROOT/scripts/jdk.sh"
cd "$ROOT"
if [[ $(id -u) != 0 ]]; then echo "the demo mounts EROFS and runs the daemon: run it as root" >&2; exit 1; fi
scripts/setup.sh demo
[[ -f fscache-daemon/target/swiftlet.jar ]] || mvn -q -B -DskipTests package
SW="$ROOT/swiftlet"
SRC=${1:-/usr/share/doc}
W=$(mktemp -d /var/tmp/swiftlet-demo.XXXXXX)
DAEMON='' REGISTRY=''
cleanup() {
	mountpoint -q "$W/mnt" 2>/dev/null && "$SW" umount "$W/mnt" --apisock "$W/api.sock" >/dev/null 2>&1 || umount "$W/mnt" 2>/dev/null || true
	# each step may fail (wait returns the killed process's status): none may stop the rest of the clean-up
	if [[ -n "$DAEMON" ]]; then kill "$DAEMON" 2>/dev/null || true; wait "$DAEMON" 2>/dev/null || true; fi
	if [[ -n "$REGISTRY" ]]; then kill "$REGISTRY" 2>/dev/null || true; wait "$REGISTRY" 2>/dev/null || true; fi
	rm -rf "$W"
}
trap cleanup EXIT

echo "== $("$SW" version | sed -n 's/^Git Commit:/Swiftlet commit/p')"
mkdir -p "$W/tree" "$W/cache" "$W/mnt"
cp -a "$SRC" "$W/tree/doc"
printf '#!/bin/sh\necho "hello from inside a lazily loaded RAFS v6 image"\n' > "$W/tree/hello.sh"
chmod +x "$W/tree/hello.sh"

echo "== 1. Build an image from $SRC (+ hello.sh): zstd chunks, blake3 digests, dedup; also as an OCI layout"
"$SW" image build "$W/tree" --output "$W/image" --oci "$W/oci"
IMAGE_BYTES=$(du -sb "$W/image/blobs" | cut -f1)

echo; echo "== 2. Push it to a registry on loopback (docker-registry, filesystem storage under $W)"
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=$((20000 + RANDOM % 30000)); while port_in_use $PORT; do PORT=$((20000 + RANDOM % 30000)); done
cat > "$W/registry.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $W/registry}}
http: {addr: 127.0.0.1:$PORT}
YAML
docker-registry serve "$W/registry.yml" > "$W/registry.log" 2>&1 &
REGISTRY=$!
for _ in $(seq 100); do port_in_use $PORT && break; sleep 0.1; done
skopeo copy --quiet --dest-tls-verify=false "oci:$W/oci:latest" "docker://127.0.0.1:$PORT/demo:latest"
echo "pushed 127.0.0.1:$PORT/demo:latest"

echo; echo "== 3. Start the daemon (front end: cachefiles if the kernel has it, else fanotify, else ublk) and mount lazily from the registry"
"$SW" daemon --frontend auto --fscache "$W/cache" --apisock "$W/api.sock" > "$W/daemon.log" 2>&1 &
DAEMON=$!
for _ in $(seq 100); do [[ -S "$W/api.sock" ]] && break; sleep 0.1; done
[[ -S "$W/api.sock" ]] || { cat "$W/daemon.log"; exit 1; }
grep -o 'front end [a-z]*' "$W/daemon.log" | head -1 || true
"$SW" mount --image "127.0.0.1:$PORT/demo:latest" "$W/mnt" --work-dir "$W/images" --apisock "$W/api.sock" > /dev/null

echo; echo "== 4. Run a program from the mount"
"$W/mnt/hello.sh"
FETCHED=$("$SW" stats --apisock "$W/api.sock" --json | sed -n 's/.*"bytes_fetched":\([0-9]*\).*/\1/p')
printf 'fetched from the registry so far: %s bytes of a %s-byte image (%.3f%%)\n' "$FETCHED" "$IMAGE_BYTES" "$(echo "100 * $FETCHED / $IMAGE_BYTES" | bc -l)"

echo; echo "== 5. Read every file through the mount and compare with the source tree"
(cd "$W/mnt" && find . -type f | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum) > "$W/mount.sum"
(cd "$W/tree" && find . -type f | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum) > "$W/source.sum"
if cmp -s "$W/mount.sum" "$W/source.sum"; then echo "all $(wc -l < "$W/mount.sum") files match the source"; else
	echo "MISMATCH"; diff "$W/mount.sum" "$W/source.sum" | head; exit 1; fi
"$SW" stats --apisock "$W/api.sock"
