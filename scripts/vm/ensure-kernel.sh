#!/usr/bin/env bash
# Prints the path of a guest kernel for the test VM, building it only when no cached one fits.
# env: KERNEL_SERIES = 6.12 (default: linux-source-6.12, Debian's backport in bookworm-security) or 6.1 (Debian 12's
# own kernel, linux-source-6.1: the oldest kernel Swiftlet supports).
# Cache: ${SWIFTLET_VM_CACHE:-~/.cache/swiftlet/vm-kernel}/<key>/bzImage (outside the checkout), where
# key = sha256 of the series' config fragment and the kernel source package. A prebuilt kernel shipped beside the
# project (../shared/vm/bzImage or bzImage-6.1, or the same under $SWIFTLET_SHARED/vm/) is taken when its config
# has every setting of the series' fragment.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SERIES=${KERNEL_SERIES:-6.12}
case "$SERIES" in
6.12) SOURCE_PACKAGE=linux-source-6.12; PREBUILT=bzImage ;;
6.1) SOURCE_PACKAGE=linux-source-6.1; PREBUILT=bzImage-6.1 ;;
*) echo "ensure-kernel: KERNEL_SERIES must be 6.12 or 6.1, not '$SERIES'" >&2; exit 2 ;;
esac

# The fragment as the series' Kconfig knows it. The one place that lists what 6.1 lacks: a symbol Kconfig does not
# know is dropped silently by olddefconfig, so config-matches.sh would reject every 6.1 kernel for it.
#   EROFS_FS_BACKED_BY_FILE (6.12+), EROFS_FS_ZIP_DEFLATE (6.6+): 6.1's EROFS mounts images only over block
#     devices and fscache, and reads no deflate-compressed ones.
#   BLKDEV_UBLK_LEGACY_OPCODES (6.4+): 6.1's ublk speaks only those legacy opcodes, with no option to choose.
fragment_for() {
	case "$1" in
	6.1) grep -v -E '^(# )?CONFIG_(EROFS_FS_BACKED_BY_FILE|EROFS_FS_ZIP_DEFLATE|BLKDEV_UBLK_LEGACY_OPCODES)[= ]' \
		"$HERE/kernel.config-fragment" ;;
	*) cat "$HERE/kernel.config-fragment" ;;
	esac
}
FRAG=$(mktemp)
trap 'rm -f "$FRAG"' EXIT
fragment_for "$SERIES" >"$FRAG"
KEY=$( (cat "$FRAG"; echo "$SOURCE_PACKAGE") | sha256sum | cut -c1-16)
CACHE="${SWIFTLET_VM_CACHE:-$HOME/.cache/swiftlet/vm-kernel}/$KEY"
if [[ -s "$CACHE/bzImage" ]]; then echo "$CACHE/bzImage"; exit 0; fi
mkdir -p "$CACHE"
cp "$FRAG" "$CACHE/kernel.config-fragment" # what this kernel was checked (or built) against
for shared in "${SWIFTLET_SHARED:-}" "$ROOT/../shared"; do
	pre="$shared/vm/$PREBUILT"
	if [[ -n "$shared" && -s "$pre" && -s "$pre.config" ]] && "$HERE/config-matches.sh" "$FRAG" "$pre.config" 2>/dev/null; then
		cp "$pre" "$CACHE/bzImage.tmp" && cp "$pre.config" "$CACHE/bzImage.config"
		mv "$CACHE/bzImage.tmp" "$CACHE/bzImage"
		echo "ensure-kernel: using the prebuilt $SERIES kernel from $pre" >&2
		echo "$CACHE/bzImage"; exit 0
	fi
done
echo "ensure-kernel: no cached $SERIES guest kernel for key $KEY; building one from $SOURCE_PACKAGE (16-20 min on 2 cores)" >&2
SOURCE_PACKAGE=$SOURCE_PACKAGE FRAGMENT=$CACHE/kernel.config-fragment "$HERE/build-kernel.sh" "$CACHE/bzImage.tmp" >&2
mv "$CACHE/bzImage.tmp.config" "$CACHE/bzImage.config"
mv "$CACHE/bzImage.tmp" "$CACHE/bzImage"
echo "$CACHE/bzImage"
