#!/usr/bin/env bash
# Builds the test VM's guest kernel: a Debian linux-source package with x86_64_defconfig + kvm_guest.config
# + a config fragment (cachefiles on-demand, EROFS over fscache, 9p root; everything built in).
# usage: build-kernel.sh OUTPUT_BZIMAGE [WORKDIR]
# env: SOURCE_PACKAGE (linux-source-6.12, from bookworm-security; or linux-source-6.1, Debian 12's own kernel),
#      FRAGMENT (kernel.config-fragment; ensure-kernel.sh passes the series' own, without what its Kconfig lacks)
# About 16 minutes (6.12) or 20 (6.1) with -j2 on a 2-core machine. Called by ensure-kernel.sh, which caches the result.
set -euo pipefail
OUT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
W=${2:-${SWIFTLET_VM_CACHE:-$HOME/.cache/swiftlet/vm-kernel}/src}
PKG=${SOURCE_PACKAGE:-linux-source-6.12}
FRAG=$(realpath "${FRAGMENT:-$HERE/kernel.config-fragment}")
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq -t bookworm --no-install-recommends \
	build-essential flex bison bc libelf-dev libssl-dev cpio dwarves >/dev/null
mkdir -p "$W"; cd "$W"
ls "${PKG}"_*_all.deb >/dev/null 2>&1 || apt-get download "$PKG"
if [[ ! -f "$PKG/Makefile" ]]; then
	# the .deb only wraps a tarball
	dpkg-deb --fsys-tarfile "${PKG}"_*_all.deb | tar -xO "./usr/src/$PKG.tar.xz" | tar -xJ
fi
cd "$PKG"
B="$W/build-$PKG" # one object tree per source: two series never share one
make O="$B" x86_64_defconfig kvm_guest.config >/dev/null
scripts/kconfig/merge_config.sh -m -O "$B" "$B/.config" "$FRAG" >/dev/null
make O="$B" olddefconfig >/dev/null
"$HERE/config-matches.sh" "$FRAG" "$B/.config"
make O="$B" -j"$(nproc)" bzImage
cp "$B/arch/x86/boot/bzImage" "$OUT"
cp "$B/.config" "$OUT.config"
