#!/usr/bin/env bash
# The main job on an embedded default (a local image, local blobs): build a RAFS v6 image from a real
# directory tree, inspect and verify it, and have the kernel mount it (file-backed EROFS) over the cache
# file the daemon would fill, then run a program from the mount. Needs root for the mount step.
# What is not here yet: the daemon serving that cache file lazily (see README "Status").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
cd "$ROOT"
[[ -f fscache-daemon/target/swiftlet.jar ]] || mvn -q -B -DskipTests package
SW="$ROOT/swiftlet"
SRC=${1:-/usr/share/doc}
W=$(mktemp -d /var/tmp/swiftlet-demo.XXXXXX)
trap 'mountpoint -q "$W/mnt" && umount "$W/mnt"; rm -rf "$W"' EXIT

echo "== $("$SW" version | sed -n 's/^Git Commit:/Swiftlet commit/p')"
mkdir -p "$W/tree"
cp -a "$SRC" "$W/tree/doc"
cat > "$W/tree/hello.sh" <<'SH'
#!/bin/sh
echo "hello from inside a RAFS v6 image: $(ls /proc/self/cwd/doc | wc -l) entries under doc/"
SH
chmod +x "$W/tree/hello.sh"

echo "== Building an image from $SRC (+ hello.sh): zstd chunks, blake3 digests, 1 MiB chunk size"
"$SW" image build "$W/tree" --output "$W/image"
BLOB=$(ls "$W/image/blobs")
echo; "$SW" image inspect "$W/image/image.boot"

echo; echo "== Reading every file back in userspace, verifying every chunk digest"
"$SW" image check "$W/image/image.boot" --blob-dir "$W/image/blobs" > "$W/check.sum"
(cd "$W/tree" && find . -type f | sed 's#^\./##' | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum) > "$W/source.sum"
if cmp -s "$W/check.sum" "$W/source.sum"; then echo "all $(wc -l < "$W/check.sum") files match the source tree"; else
	echo "MISMATCH between image and source"; diff "$W/check.sum" "$W/source.sum" | head; exit 1; fi

if [[ $(id -u) == 0 ]]; then
	echo; echo "== The kernel's view: EROFS mounted file-backed over the blob's cache file (what the daemon fills on demand)"
	"$SW" image unpack-blob "$W/image/image.boot" "$BLOB" --blob-dir "$W/image/blobs" --output "$W/cache"
	mkdir -p "$W/mnt"
	python3 -c 'import ctypes,sys; l=ctypes.CDLL(None,use_errno=True); r=l.mount(sys.argv[1].encode(),sys.argv[2].encode(),b"erofs",1,sys.argv[3].encode()); sys.exit(0 if r==0 else ctypes.get_errno())' \
		"$W/image/image.boot" "$W/mnt" "device=$W/cache"
	(cd "$W/mnt" && ./hello.sh)
	(cd "$W/mnt" && find . -type f | sed 's#^\./##' | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum) | cmp -s - "$W/source.sum" \
		&& echo "every file read through the kernel matches the source"
	printf 'image: %s bytes of files, blob %s bytes compressed\n' "$(du -sb "$W/tree" | cut -f1)" "$(stat -c %s "$W/image/blobs/$BLOB")"
else
	echo "(not root: skipping the kernel mount)"
fi
echo; echo "== Still to come: the daemon fetching only the chunks the kernel asks for (cachefiles / fanotify front ends)."
