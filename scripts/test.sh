#!/usr/bin/env bash
# Runs every test of every module: unit tests, the layout-vs-C check, kernel tests on this host
# (file-backed EROFS + fanotify, as root) and the cachefiles tests inside the test VM (one boot).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/jdk.sh"
cd "$ROOT"
exec mvn -B -ntp verify "$@"
