#!/usr/bin/env bash
# Draws benchmarks/plots/*.png from the tables in benchmarks/RESULTS.md (JFreeChart; dev.swiftlet.bench.plot) and
# rewrites its "Plots" section to embed them. Figures whose benchmark has not written its table yet are left out
# (and named). usage: benchmarks/plots.sh   env: SWIFTLET_REBUILD=1 rebuilds benchmarks.jar first
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
JAR=$ROOT/benchmarks/target/benchmarks.jar
if [[ ! -f "$JAR" || "${SWIFTLET_REBUILD:-0}" == 1 ]]; then (cd "$ROOT" && mvn -q -B -DskipTests -pl benchmarks -am package); fi
"$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "$JAR" dev.swiftlet.bench.plot.PlotResults \
	"$ROOT/benchmarks/RESULTS.md" "$ROOT/benchmarks/plots"
