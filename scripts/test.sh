#!/usr/bin/env bash
# Runs every test of every module: unit tests, the layout-vs-C check, kernel tests on this host
# (file-backed EROFS + fanotify, as root) and the cachefiles tests inside the test VM (one boot). First installs
# what they need (scripts/setup.sh test: a no-op once done).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/jdk.sh
source "$ROOT/scripts/jdk.sh"
cd "$ROOT"
scripts/setup.sh test
exec mvn -B -ntp verify "$@"
