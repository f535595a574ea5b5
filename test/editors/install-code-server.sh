#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3 web, the last release for Node 20) offline-safe,
# following shared/clients/README.md: Debian's rg seeds @vscode/ripgrep's download cache,
# node-gyp builds against /usr/include/node, npx may install node-gyp without asking.
# Idempotent: does nothing when the right version is already installed in $CASCADE_CS_DIR.
set -eu
CS_DIR=${CASCADE_CS_DIR:-/tmp/cs}
WANT=4.100.3
if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && "$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null | grep -q "^$WANT "; then
  echo "code-server $WANT already in $CS_DIR"; exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium >/dev/null
fi
RG_CACHE=/tmp/vscode-ripgrep-cache-1.15.11
TARBALL=$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
if [ ! -f "$TARBALL" ]; then
  mkdir -p "$RG_CACHE" "${TMPDIR:-/tmp}/rgpkg"
  cp "$(command -v rg)" "${TMPDIR:-/tmp}/rgpkg/rg"
  tar czf "$TARBALL" -C "${TMPDIR:-/tmp}/rgpkg" rg
fi
mkdir -p "$CS_DIR"
cd "$CS_DIR"
[ -f package.json ] || npm init -y >/dev/null
npm_config_nodedir=/usr npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$WANT"
"$CS_DIR/node_modules/.bin/code-server" --version
