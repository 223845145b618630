#!/usr/bin/env bash
# Installs what the federation test peers need. Idempotent and non-interactive
# (works with CI=true and no stdin). Safe to run on every test run: it only
# does work when something is missing or a package-lock.json changed.
#
#   bash tests/peers/install.sh
#
# - Debian packages, only when missing: openssl (PKCE + GENERATE_KEYS),
#   xmlsec1 (the `xmlsec1 --verify` smoke test), curl (smoke tests), and
#   nodejs/npm only if there is no node at all.
# - `npm ci` in oidc/, saml/, cognito-js/ and axe/ (exact versions from the
#   committed lockfiles). oauth2/ has no dependencies. axe/ is axe-core, which the
#   browser tests inject into the hosted pages (no browser is downloaded: they
#   drive Debian's chromium, installed by .ci/install-deps). The Python side of the Cognito API
#   tests (tests/cognito) is installed by .ci/python-deps.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "peers/install.sh: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "peers/install.sh: WARNING node $(node -v) is too old: oidc-provider 9 needs node >= 20.19" >&2
fi

for dir in oidc saml cognito-js axe; do
  lock="$here/$dir/package-lock.json"
  stamp="$here/$dir/node_modules/.cognate-lock.sha256"
  sum="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    continue
  fi
  echo "peers/install.sh: npm ci in tests/peers/$dir"
  (cd "$here/$dir" && CI=true npm ci --no-audit --no-fund --loglevel=error </dev/null)
  echo "$sum" > "$stamp"
done
echo "peers/install.sh: ok"
