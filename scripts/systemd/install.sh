#!/usr/bin/env bash
# Installs Swiftlet as a systemd service: the jar and a launcher under /opt/swiftlet, the default environment
# file under /etc/swiftlet (kept if present), the unit under /etc/systemd/system.
# usage: scripts/systemd/install.sh [--root DIR] [--no-enable] [--jar FILE]
#   --root stages into DIR (packaging, tests); --jar installs that jar instead of building fscache-daemon's
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROOT=/ ENABLE=1 JAR=
while [[ $# -gt 0 ]]; do
	case $1 in
	--root) ROOT=$2; shift 2 ;;
	--no-enable) ENABLE=0; shift ;;
	--jar) JAR=$2; shift 2 ;;
	*) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
source "$REPO/scripts/jdk.sh"
if [[ -z "$JAR" ]]; then
	JAR="$REPO/fscache-daemon/target/swiftlet.jar"
	[[ -f "$JAR" ]] || (cd "$REPO" && mvn -q -B -DskipTests -pl fscache-daemon -am package)
fi

install -d -m 0755 "$ROOT/opt/swiftlet/bin" "$ROOT/etc/swiftlet" "$ROOT/etc/systemd/system"
install -m 0644 "$JAR" "$ROOT/opt/swiftlet/swiftlet.jar"
install -m 0644 "$REPO/scripts/daemon.jvmopts" "$ROOT/opt/swiftlet/daemon.jvmopts"
cat >"$ROOT/opt/swiftlet/bin/swiftlet" <<LAUNCHER
#!/bin/sh
# Swiftlet launcher written by install.sh: JDK 25 at install time, native access granted; the daemon commands also
# get the daemon's JVM options (daemon.jvmopts next to the jar; SWIFTLET_JAVA_OPTS comes after them and wins).
daemon_opts=
case "\${1:-}" in
daemon | keeper | singleton) daemon_opts=@\$(dirname "\$(readlink -f "\$0")")/../daemon.jvmopts ;;
esac
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \\
	-Djdk.httpclient.bufsize=262144 \$daemon_opts \${SWIFTLET_JAVA_OPTS:-} -jar /opt/swiftlet/swiftlet.jar "\$@"
LAUNCHER
chmod 0755 "$ROOT/opt/swiftlet/bin/swiftlet"
ln -sf swiftlet "$ROOT/opt/swiftlet/bin/nydusd" 2>/dev/null || true
[[ -f "$ROOT/etc/swiftlet/swiftlet.env" ]] || install -m 0644 "$HERE/swiftlet.env" "$ROOT/etc/swiftlet/swiftlet.env"
install -m 0644 "$HERE/swiftlet.service" "$ROOT/etc/systemd/system/swiftlet.service"
if [[ "$ROOT" == / && $ENABLE == 1 ]] && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
	systemctl daemon-reload
	systemctl enable --now swiftlet.service
	systemctl --no-pager status swiftlet.service | head -5
else
	echo "installed into $ROOT (not enabled: run 'systemctl daemon-reload && systemctl enable --now swiftlet')"
fi
