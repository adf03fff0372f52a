#!/usr/bin/env bash
# Fetches the real nydus-snapshotter client once, into a cache outside the checkout, and prints its directory:
#   ${SWIFTLET_REAL_CLIENT_CACHE:-~/.cache/swiftlet/real-client}/<containerd>_<nydus-snapshotter>/root/usr/bin/...
# and points `current` beside it at that directory (the in-VM test RealClientInVmTest reads it).
#
# What and from where:
# - containerd 1.7.24 and nydus-snapshotter 0.13.4 (containerd-nydus-grpc) from Debian trixie: bookworm has neither
#   a containerd with the proxy-snapshotter + CRI pieces the snapshotter needs in this shape nor nydus-snapshotter.
#   Both need only libc >= 2.34, which bookworm's 2.36 satisfies, so `apt-get download` + `dpkg -x` is enough.
#   They are NEVER installed: `apt-get install` from trixie would pull trixie's libc6 and upgrade it under everything
#   else on the machine. To make that impossible rather than merely avoided, the trixie index lives in a private apt
#   tree (Dir::Etc::SourceParts, Dir::State::Lists under the cache), so the system's apt never sees trixie at all;
#   no pin is needed because /etc/apt is not touched.
# - runc (containerd's runtime), python3-grpcio (the CRI client, scripts/real-client/cri.py) and busybox-static (the
#   test image's only program) from bookworm, installed normally.
# Idempotent and quick when cached: one directory test, no network.
# env: CONTAINERD_VERSION, NYDUS_SNAPSHOTTER_VERSION (pins; when Debian has moved on and the pinned version is gone
# from the index, the current trixie version is taken instead, with a warning, and cached under its own name).
set -euo pipefail
CONTAINERD_VERSION=${CONTAINERD_VERSION:-1.7.24~ds1-6+deb13u1}
NYDUS_SNAPSHOTTER_VERSION=${NYDUS_SNAPSHOTTER_VERSION:-0.13.4-2.1+b10}
BASE=${SWIFTLET_REAL_CLIENT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/swiftlet/real-client}
export DEBIAN_FRONTEND=noninteractive

need_bookworm=()
command -v runc >/dev/null || need_bookworm+=(runc)
/usr/bin/python3 -c 'import grpc' 2>/dev/null || need_bookworm+=(python3-grpcio)
[[ -x /bin/busybox ]] || need_bookworm+=(busybox-static)
if ((${#need_bookworm[@]})); then
	echo "real-client: installing ${need_bookworm[*]} from bookworm" >&2
	apt-get install -y -qq -t bookworm --no-install-recommends "${need_bookworm[@]}" >/dev/null \
		|| { apt-get update -qq && apt-get install -y -qq -t bookworm --no-install-recommends "${need_bookworm[@]}" >/dev/null; }
fi

key() { echo "containerd-${1//[~+]/_}_nydus-snapshotter-${2//[~+]/_}"; }
dir=$BASE/$(key "$CONTAINERD_VERSION" "$NYDUS_SNAPSHOTTER_VERSION")
if [[ -f "$dir/.complete" ]]; then
	ln -sfn "$dir" "$BASE/current"
	echo "$dir"
	exit 0
fi

# the private apt tree: trixie's index only, used for `apt-get download` and nothing else
A=$BASE/apt
mkdir -p "$A/etc/sources.d" "$A/etc/preferences.d" "$A/lists/partial" "$A/cache/archives/partial"
cat >"$A/etc/sources.d/trixie.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
APT=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$A/etc/sources.d"
	-o Dir::Etc::Preferences=/dev/null -o "Dir::Etc::PreferencesParts=$A/etc/preferences.d"
	-o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache" -o APT::Sandbox::User=root)
apt-get "${APT[@]}" update -qq >&2

candidate() { apt-cache "${APT[@]}" policy "$1" | sed -n 's/^ *Candidate: //p'; }
for pkg in containerd nydus-snapshotter; do
	var=${pkg//-/_}; var=${var^^}_VERSION
	if ! apt-cache "${APT[@]}" show "$pkg=${!var}" >/dev/null 2>&1; then
		now=$(candidate "$pkg")
		echo "real-client: WARNING: trixie no longer has $pkg ${!var}; taking $now (update the pin in $0)" >&2
		printf -v "$var" '%s' "$now"
	fi
done
dir=$BASE/$(key "$CONTAINERD_VERSION" "$NYDUS_SNAPSHOTTER_VERSION")
tmp=$dir.tmp
rm -rf "$tmp"
mkdir -p "$tmp/debs" "$tmp/root"
(cd "$tmp/debs" && apt-get "${APT[@]}" download -qq "containerd=$CONTAINERD_VERSION" \
	"nydus-snapshotter=$NYDUS_SNAPSHOTTER_VERSION" >&2)
for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$tmp/root"; done
for bin in containerd ctr containerd-shim-runc-v2 containerd-nydus-grpc; do
	[[ -x "$tmp/root/usr/bin/$bin" ]] || { echo "real-client: $bin is missing from the packages" >&2; exit 1; }
done
printf 'containerd %s\nnydus-snapshotter %s\nrunc %s\n' "$CONTAINERD_VERSION" "$NYDUS_SNAPSHOTTER_VERSION" \
	"$(dpkg-query -W -f '${Version}' runc)" >"$tmp/VERSIONS"
touch "$tmp/.complete"
rm -rf "$dir"
mv "$tmp" "$dir"
ln -sfn "$dir" "$BASE/current"
echo "$dir"
