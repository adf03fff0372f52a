#!/usr/bin/env bash
# The main job on an embedded default: a local image served by a local backend.
# What it does today is printed as it runs; the steps still to come are listed at the end (README "Status").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
cd "$ROOT"
[[ -f fscache-daemon/target/swiftlet.jar ]] || mvn -q -B -DskipTests package
SW="$ROOT/swiftlet"
FIXTURE="${SWIFTLET_SHARED:-$ROOT/../shared}/fixtures/nydus"

echo "== Swiftlet $(sed -n 's/^Git Commit: *//p' < <("$SW" version))"
if [[ -f "$FIXTURE/rafs-v6-2.2.boot" ]]; then
	echo "== The embedded default image: a real RAFS v6 image written by Nydus ($FIXTURE)"
	"$SW" image inspect "$FIXTURE/rafs-v6-2.2.boot" || true
	echo "== Every file read through the userspace reader, every chunk digest verified:"
	"$SW" image check "$FIXTURE/rafs-v6-2.2.boot" --blob-dir "$FIXTURE/blobs" || true
fi
cat <<'TXT'
== Still to come (see README "Status"): build an image from a directory tree, serve it lazily to the
   kernel (fanotify on this host, cachefiles in the VM), run a program from the mount and print the bytes
   fetched against the image size.
TXT
