# Sourced by every Swiftlet script: selects JDK 25 and exports JAVA_HOME, or stops with a clear message.
# Order: $SWIFTLET_JAVA_HOME, Temurin 25 (shipped on our build machines), Debian's openjdk-25.
for _jdk in "${SWIFTLET_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
	if [[ -n "$_jdk" && -x "$_jdk/bin/javac" ]] && "$_jdk/bin/java" -version 2>&1 | grep -q 'version "25'; then
		export JAVA_HOME="$_jdk"
		break
	fi
done
unset _jdk
if [[ -z "${JAVA_HOME:-}" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
	echo "Swiftlet needs JDK 25: none found at /usr/lib/jvm/temurin-25-jdk-amd64 or /usr/lib/jvm/java-25-openjdk-amd64." >&2
	echo "Install one (Debian 13: apt-get install openjdk-25-jdk-headless) or set SWIFTLET_JAVA_HOME." >&2
	exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
