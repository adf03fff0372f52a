#!/usr/bin/env bash
# Prints the path of a guest kernel for the test VM, building it only when no cached one fits.
# Cache: ${SWIFTLET_VM_CACHE:-~/.cache/swiftlet/vm-kernel}/<key>/bzImage (outside the checkout), where
# key = sha256 of the config fragment and the kernel source package. A prebuilt kernel shipped beside the
# project (../shared/vm/bzImage, or $SWIFTLET_SHARED/vm/bzImage) is taken when its config has every
# setting of the fragment.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FRAG="$HERE/kernel.config-fragment"
SOURCE_PACKAGE=linux-source-6.12
KEY=$( (cat "$FRAG"; echo "$SOURCE_PACKAGE") | sha256sum | cut -c1-16)
CACHE="${SWIFTLET_VM_CACHE:-$HOME/.cache/swiftlet/vm-kernel}/$KEY"
if [[ -s "$CACHE/bzImage" ]]; then echo "$CACHE/bzImage"; exit 0; fi
mkdir -p "$CACHE"
for shared in "${SWIFTLET_SHARED:-}" "$ROOT/../shared"; do
	pre="$shared/vm/bzImage"
	if [[ -n "$shared" && -s "$pre" && -s "$pre.config" ]] && "$HERE/config-matches.sh" "$FRAG" "$pre.config" 2>/dev/null; then
		cp "$pre" "$CACHE/bzImage.tmp" && cp "$pre.config" "$CACHE/bzImage.config"
		mv "$CACHE/bzImage.tmp" "$CACHE/bzImage"
		echo "ensure-kernel: using the prebuilt kernel from $pre" >&2
		echo "$CACHE/bzImage"; exit 0
	fi
done
echo "ensure-kernel: no cached guest kernel for key $KEY; building one (about 16 min on 2 cores)" >&2
"$HERE/build-kernel.sh" "$CACHE/bzImage.tmp" >&2
mv "$CACHE/bzImage.tmp.config" "$CACHE/bzImage.config"
mv "$CACHE/bzImage.tmp" "$CACHE/bzImage"
echo "$CACHE/bzImage"
