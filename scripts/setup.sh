#!/usr/bin/env bash
# Installs what the README's two commands need on Debian 12 and is a quick no-op once it is all there.
# usage: setup.sh demo|test
#   demo: the build (maven; gcc + librust-blake3-dev for native BLAKE3), docker-registry, skopeo, bc
#   test: the build, the kernel-test tools (erofs-utils, e2fsprogs, qemu, htpasswd, registry, skopeo), then the test
#         VM's guest kernels (scripts/vm/ensure-kernel.sh, 6.12 and 6.1) and the real client (scripts/real-client/fetch.sh), both
#         cached outside the checkout
# Called by scripts/demo.sh, scripts/test.sh and .ci/run. Each package is probed first (its command on PATH, or
# dpkg for a library), so nothing is asked of apt when everything is present; what is missing is installed from
# bookworm only (`-t bookworm`: a package from a newer suite could upgrade libc under everything else), as root.
# SWIFTLET_SETUP=0 skips all of it (for a machine set up another way).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
purpose=${1:-}
[[ "${SWIFTLET_SETUP:-1}" == 0 ]] && exit 0

# package:command — the command that shows the package is usable; empty: a library, asked of dpkg
build=(maven:mvn gcc:gcc libc6-dev: linux-libc-dev: librust-blake3-dev:)
case $purpose in
demo) wanted=("${build[@]}" docker-registry:docker-registry skopeo:skopeo bc:bc) ;;
test) wanted=("${build[@]}" qemu-system-x86:qemu-system-x86_64 erofs-utils:mkfs.erofs e2fsprogs:mkfs.ext4
	util-linux:mount tar:tar skopeo:skopeo docker-registry:docker-registry apache2-utils:htpasswd) ;;
*) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

installed() { [[ "$(dpkg-query -W -f '${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }
# sets `missing` to the wanted packages whose probe fails
probe() {
	missing=()
	for entry in "${wanted[@]}"; do
		pkg=${entry%%:*} cmd=${entry#*:}
		if [[ -n "$cmd" ]]; then command -v "$cmd" >/dev/null || missing+=("$pkg")
		else installed "$pkg" || missing+=("$pkg"); fi
	done
}
probe

if ((${#missing[@]})); then
	if [[ $(id -u) != 0 ]]; then
		echo "setup: missing ${missing[*]}; as root: apt-get install -t bookworm --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]} from bookworm" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt_install() { apt-get install -y -qq -t bookworm --no-install-recommends "$@" >/dev/null; }
	# the package lists are refreshed only when the install needs them (a fresh machine has none)
	apt_install "${missing[@]}" 2>/dev/null || { apt-get update -qq && apt_install "${missing[@]}"; }
	probe
	if ((${#missing[@]})); then echo "setup: still missing after apt-get: ${missing[*]}" >&2; exit 1; fi
fi

if [[ $purpose == test ]]; then
	# the guest kernels for the VM tests, 6.12 and 6.1 (VmSuiteTest's second boot): each a cached or shared prebuilt
	# one, else built (~16 and ~20 min)
	"$ROOT/scripts/vm/ensure-kernel.sh" >/dev/null
	KERNEL_SERIES=6.1 "$ROOT/scripts/vm/ensure-kernel.sh" >/dev/null
	# containerd + nydus-snapshotter for RealClientInVmTest (unpacked, never installed), runc, python3-grpcio,
	# busybox-static; a no-op when cached
	"$ROOT/scripts/real-client/fetch.sh" >/dev/null
fi
