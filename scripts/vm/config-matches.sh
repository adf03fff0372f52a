#!/usr/bin/env bash
# usage: config-matches.sh FRAGMENT DOTCONFIG
# Exits 0 when every setting of the fragment survived in the kernel's .config, else prints each one
# that did not and exits 1. An unset symbol that is simply absent (its dependency is off) is fine.
set -u
frag=$1; cfg=$2; bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) sym=${line%%=*} ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
	*) continue ;;
	esac
	got=$(grep -E "^(# )?${sym}([= ]|$)" "$cfg" | head -1)
	if [[ "$got" != "$line" ]]; then
		[[ "$line" == "# "* && -z "$got" ]] && continue
		echo "config mismatch: want '$line', got '${got:-<absent>}'" >&2
		bad=1
	fi
done < "$frag"
exit $bad
