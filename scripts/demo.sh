#!/usr/bin/env bash
# The main job on an embedded default (a local image, local blobs): build a RAFS v6 image from a real
# directory tree, start the daemon (fanotify front end on this kernel), mount the image lazily, run a
# program from it and show how little was fetched; then read everything and check it against the source.
# usage: demo.sh [SOURCE_DIR]   (default /usr/share/doc). Needs root and Linux 6.14+ with ext4 under /var/tmp.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
cd "$ROOT"
[[ -f fscache-daemon/target/swiftlet.jar ]] || mvn -q -B -DskipTests package
SW="$ROOT/swiftlet"
SRC=${1:-/usr/share/doc}
W=$(mktemp -d /var/tmp/swiftlet-demo.XXXXXX)
DAEMON=
cleanup() {
	mountpoint -q "$W/mnt" 2>/dev/null && "$SW" umount "$W/mnt" --apisock "$W/api.sock" >/dev/null 2>&1 || umount "$W/mnt" 2>/dev/null || true
	[[ -n "$DAEMON" ]] && kill "$DAEMON" 2>/dev/null && wait "$DAEMON" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
if [[ $(id -u) != 0 ]]; then echo "the demo mounts EROFS and runs the daemon: run it as root" >&2; exit 1; fi

echo "== $("$SW" version | sed -n 's/^Git Commit:/Swiftlet commit/p')"
mkdir -p "$W/tree" "$W/cache" "$W/mnt"
cp -a "$SRC" "$W/tree/doc"
printf '#!/bin/sh\necho "hello from inside a lazily loaded RAFS v6 image"\n' > "$W/tree/hello.sh"
chmod +x "$W/tree/hello.sh"

echo "== 1. Build an image from $SRC (+ hello.sh): zstd chunks, blake3 digests, dedup"
"$SW" image build "$W/tree" --output "$W/image"
IMAGE_BYTES=$(du -sb "$W/image/blobs" | cut -f1)

echo; echo "== 2. Start the daemon (fanotify front end, local backend) and mount the image lazily"
"$SW" daemon --frontend fanotify --fscache "$W/cache" --apisock "$W/api.sock" > "$W/daemon.log" 2>&1 &
DAEMON=$!
for _ in $(seq 100); do [[ -S "$W/api.sock" ]] && break; sleep 0.1; done
[[ -S "$W/api.sock" ]] || { cat "$W/daemon.log"; exit 1; }
"$SW" mount "$W/image/image.boot" "$W/mnt" --blob-dir "$W/image/blobs" --apisock "$W/api.sock" > /dev/null

echo; echo "== 3. Run a program from the mount"
"$W/mnt/hello.sh"
FETCHED=$("$SW" stats --apisock "$W/api.sock" --json | sed -n 's/.*"bytes_fetched":\([0-9]*\).*/\1/p')
printf 'fetched so far: %s bytes of a %s-byte image (%.3f%%)\n' "$FETCHED" "$IMAGE_BYTES" "$(echo "100 * $FETCHED / $IMAGE_BYTES" | bc -l)"

echo; echo "== 4. Read every file through the mount and compare with the source tree"
(cd "$W/mnt" && find . -type f | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum) > "$W/mount.sum"
(cd "$W/tree" && find . -type f | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum) > "$W/source.sum"
if cmp -s "$W/mount.sum" "$W/source.sum"; then echo "all $(wc -l < "$W/mount.sum") files match the source"; else
	echo "MISMATCH"; diff "$W/mount.sum" "$W/source.sum" | head; exit 1; fi
"$SW" stats --apisock "$W/api.sock"
