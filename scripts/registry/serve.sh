#!/usr/bin/env bash
# A throwaway OCI registry on loopback for trying the registry backend by hand: Debian's docker-registry with
# filesystem storage under DIR, optionally behind htpasswd basic auth, in the foreground (Ctrl-C stops it).
#
# usage: scripts/registry/serve.sh DIR [PORT] [USER PASSWORD]
#   then: skopeo copy --dest-tls-verify=false [--dest-creds USER:PASSWORD] oci:OCI_DIR:latest docker://127.0.0.1:PORT/demo:latest
#         (OCI_DIR from `swiftlet image build SRC --output IMG --oci OCI_DIR`), and point a backend at it:
#         {"backend_type":"registry","backend_config":{"scheme":"http","host":"127.0.0.1:PORT","repo":"demo",
#          "auth":"<base64 USER:PASSWORD>"}}
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
DIR=$(realpath -m "$1"); PORT=${2:-5000}; USER_NAME=${3:-}; PASSWORD=${4:-}
command -v docker-registry >/dev/null || { echo "needs docker-registry (apt-get install -t bookworm docker-registry)" >&2; exit 1; }
mkdir -p "$DIR/storage"
CONFIG="$DIR/config.yml"
cat > "$CONFIG" <<YAML
version: 0.1
log: {level: info}
storage: {filesystem: {rootdirectory: $DIR/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$PORT}
YAML
if [[ -n $USER_NAME ]]; then
	command -v htpasswd >/dev/null || { echo "basic auth needs htpasswd (apt-get install apache2-utils)" >&2; exit 1; }
	htpasswd -Bbn "$USER_NAME" "$PASSWORD" > "$DIR/htpasswd"
	printf 'auth: {htpasswd: {realm: swiftlet, path: %s}}\n' "$DIR/htpasswd" >> "$CONFIG"
	echo "basic auth: backend_config.auth = $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)" >&2
fi
echo "registry on http://127.0.0.1:$PORT (storage $DIR/storage)" >&2
exec docker-registry serve "$CONFIG"
