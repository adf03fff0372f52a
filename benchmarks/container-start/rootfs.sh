#!/usr/bin/env bash
# Makes (once) the root filesystem the container-start benchmark serves: Debian bookworm minbase plus python3 and a
# few scientific/web libraries, at least 300 MiB on disk (bookworm's python3-scipy depends on pythran, which brings
# boost and g++: the tree is about 900 MiB, like the data-science images people pull; without scipy it is ~230 MiB,
# and matplotlib brings scipy back through fonttools). debootstrap takes minutes, so the tree is cached as a tar
# OUTSIDE the checkout, keyed by a hash of the package list, and later runs only print its path.
# usage: rootfs.sh          prints the path of the cached tar (building it first if missing). Needs root.
set -euo pipefail
PACKAGES=${SWIFTLET_BENCH_PACKAGES:-python3,python3-numpy,python3-yaml,python3-requests,python3-scipy,python3-pandas}
MIRROR=${SWIFTLET_BENCH_MIRROR:-http://deb.debian.org/debian}
CACHE=${SWIFTLET_BENCH_CACHE:-/var/cache/swiftlet-bench}
KEY=$(printf '%s %s' "$PACKAGES" bookworm | sha256sum | cut -c1-12)
TAR="$CACHE/rootfs-$KEY.tar"
if [[ -s "$TAR" ]]; then echo "$TAR"; exit 0; fi
command -v debootstrap >/dev/null || { echo "rootfs.sh needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
mkdir -p "$CACHE"
DIR=$(mktemp -d "$CACHE/build.XXXXXX")
# debootstrap mounts proc and sys in the target while it configures: nothing may be deleted under a mount
cleanup() {
	set +e # grep finding no mount must not end the clean-up (pipefail) before the tree is removed
	grep -o " $DIR/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
	rm -rf "$DIR" "$TAR.part"
}
trap cleanup EXIT
echo "rootfs.sh: debootstrap minbase + $PACKAGES (a few minutes; cached as $TAR)" >&2
debootstrap --variant=minbase --include="$PACKAGES" bookworm "$DIR/root" "$MIRROR" > "$DIR/debootstrap.log" 2>&1 \
	|| { tail -20 "$DIR/debootstrap.log" >&2; exit 1; }
# apt's package cache is not part of what a container image ships
rm -rf "$DIR/root/var/cache/apt/archives/"*.deb "$DIR/root/var/lib/apt/lists/"*
SIZE=$(du -sxm "$DIR/root" | cut -f1)
(( SIZE >= 300 )) || { echo "rootfs.sh: the tree is only $SIZE MiB (< 300 MiB): add packages" >&2; exit 1; }
# numeric owners and sorted names keep the tar (and so the images built from it) the same from run to run
tar --numeric-owner --sort=name --xattrs -C "$DIR/root" -cf "$TAR.part" .
mv "$TAR.part" "$TAR"
echo "$TAR"
