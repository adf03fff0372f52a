#!/usr/bin/env bash
# Replaces (or appends) one "## TITLE" section of benchmarks/RESULTS.md with a benchmark's output.
# usage: update-results.sh TITLE COMMAND ENVIRONMENT OUTPUT_FILE
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TITLE=$1 COMMAND=$2 ENVIRONMENT=$3 OUTPUT=$4
RESULTS="$ROOT/benchmarks/RESULTS.md"
SECTION=$(mktemp)
{
	echo "## $TITLE"
	echo
	echo "Command: \`$COMMAND\` — run of $(date -u '+%Y-%m-%d %H:%M UTC') on kernel $ENVIRONMENT."
	echo
	echo '```'
	grep -v '^|' "$OUTPUT" | sed '/^$/d'
	echo '```'
	echo
	# the tables, each followed by a blank line (two adjacent tables would render as one)
	awk '/^\|/ { print; t = 1; next } t { print ""; t = 0 } END { if (t) print "" }' "$OUTPUT"
} >"$SECTION"
python3 - "$RESULTS" "$TITLE" "$SECTION" <<'PY'
import re, sys
path, title, section = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
text = open(path).read()
pattern = re.compile(r"^## " + re.escape(title) + r"\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
rm -f "$SECTION"
echo "updated: $RESULTS (## $TITLE)"
