#!/usr/bin/env bash
# Headless end-to-end smoke test of the three federation test peers, with curl,
# python3 (stdlib only), node, openssl and xmlsec1. Starts each peer on an
# ephemeral port, completes a login like the Rust tests will, and checks the
# result (id_token signature, Graph /me, SAML signatures with `xmlsec1 --verify`).
#
#   bash tests/peers/install.sh && bash tests/peers/smoke.sh
#
# Only the processes it starts are stopped (by PID) when it exits.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
check() { local name="$1"; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name"; fi; }
eq() { [ "$1" = "$2" ] || { echo "     expected '$2', got '$1'" >&2; return 1; }; }

# start LABEL PEER [ENV=VALUE...]: runs `node PEER/server.js`, waits for READY, sets BASE.
start() {
  local label="$1" peer="$2"; shift 2
  env PORT=0 "$@" node "$here/$peer/server.js" >"$work/$label.out" 2>"$work/$label.err" &
  pids+=("$!")
  for _ in $(seq 100); do grep -q "^READY " "$work/$label.out" 2>/dev/null && break; sleep 0.1; done
  BASE="$(awk '/^READY /{print $2; exit}' "$work/$label.out")"
  [ -n "$BASE" ] || { echo "FAIL $label did not print READY"; cat "$work/$label.err"; exit 1; }
}

# follow URL STOP_PREFIX [CURL_ARGS...]: follows redirects with a cookie jar (like a
# browser) until the Location starts with STOP_PREFIX; prints that Location.
# The last page body is left in $work/body.
follow() {
  local url="$1" stop="$2"; shift 2
  local loc
  for _ in $(seq 20); do
    loc="$(curl -s -b "$work/jar" -c "$work/jar" -o "$work/body" -w '%{redirect_url}' "$@" "$url")"
    if [ -z "$loc" ] || [[ "$loc" == "$stop"* ]]; then echo "$loc"; return 0; fi
    url="$loc"
    set --   # POST data only for the first request
  done
  return 1
}
qparam() { python3 -c 'import sys,urllib.parse as u;print(u.parse_qs(u.urlparse(sys.argv[1]).query).get(sys.argv[2],[""])[0])' "$1" "$2"; }
jget() { python3 -c 'import sys,json;d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$1" "$2"; }

REDIRECT=http://127.0.0.1:9/cb   # never contacted: the flow stops at the redirect to it

###############################################################################
echo "# oidc (oidc-provider)"
start oidc oidc CLIENT_ID=c1 CLIENT_SECRET=s1 REDIRECT_URI=$REDIRECT \
  ACCOUNT_SUB=user-1 ACCOUNT_EMAIL=alice@example.test ACCOUNT_NAME="Alice Example"
OIDC=$BASE
curl -s "$OIDC/.well-known/openid-configuration" >"$work/disc.json"
check "oidc discovery issuer" eq "$(jget "$work/disc.json" issuer)" "$OIDC"
check "oidc discovery S256" grep -q '"S256"' "$work/disc.json"

pkce() { # sets V (verifier) and C (S256 challenge)
  V="$(openssl rand -hex 32)"
  C="$(printf %s "$V" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')"
}
authorize_url() { # $1 state, $2 nonce
  echo "$OIDC/auth?client_id=c1&response_type=code&scope=openid%20email%20profile&redirect_uri=$(python3 -c 'import urllib.parse,sys;print(urllib.parse.quote(sys.argv[1],safe=""))' "$REDIRECT")&state=$1&nonce=$2&code_challenge=$C&code_challenge_method=S256"
}
pkce
rm -f "$work/jar"
LOC="$(follow "$(authorize_url st-1 n-1)" "$REDIRECT")"
CODE="$(qparam "$LOC" code)"
check "oidc auto-login redirects with code" test -n "$CODE"
check "oidc state echoed" eq "$(qparam "$LOC" state)" st-1
curl -s -u c1:s1 -d grant_type=authorization_code -d "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" \
  -d "code_verifier=$V" "$OIDC/token" >"$work/tok.json"
check "oidc token (client_secret_basic)" grep -q '"id_token"' "$work/tok.json"
curl -s "$OIDC/jwks" >"$work/jwks.json"
verify_id_token() { # $1 token json, $2 nonce, $3 expected kid (optional)
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const [tokFile, jwksFile, nonce, iss, kidWanted] = process.argv.slice(1);
    const t = JSON.parse(fs.readFileSync(tokFile)).id_token.split(".");
    const h = JSON.parse(Buffer.from(t[0], "base64url")), p = JSON.parse(Buffer.from(t[1], "base64url"));
    const jwk = JSON.parse(fs.readFileSync(jwksFile)).keys.find((k) => k.kid === h.kid);
    const key = crypto.createPublicKey({ key: jwk, format: "jwk" });
    const good = crypto.verify("sha256", Buffer.from(`${t[0]}.${t[1]}`), key, Buffer.from(t[2], "base64url"));
    if (!good || h.alg !== "RS256" || p.nonce !== nonce || p.aud !== "c1" || p.iss !== iss
        || p.email !== "alice@example.test" || p.sub !== "user-1" || (kidWanted && h.kid !== kidWanted)) {
      console.error({ good, h, p }); process.exit(1);
    }' "$1" "$work/jwks.json" "$2" "$OIDC" "${3:-}"
}
check "oidc id_token RS256 signature, nonce, claims" verify_id_token "$work/tok.json" n-1
AT="$(jget "$work/tok.json" access_token)"
curl -s -H "Authorization: Bearer $AT" "$OIDC/me" >"$work/ui.json"
check "oidc userinfo email" eq "$(jget "$work/ui.json" email)" alice@example.test
check "oidc userinfo name" eq "$(jget "$work/ui.json" name)" "Alice Example"

pkce
LOC="$(follow "$(authorize_url st-2 n-2)" "$REDIRECT")"   # existing session: no interaction
CODE="$(qparam "$LOC" code)"
check "oidc wrong code_verifier rejected" bash -c "curl -s -u c1:s1 -d grant_type=authorization_code -d code=$CODE \
  --data-urlencode redirect_uri=$REDIRECT -d code_verifier=wrong$V $OIDC/token | grep -q invalid_grant"
LOC="$(follow "$(authorize_url st-3 n-3)" "$REDIRECT")"
CODE="$(qparam "$LOC" code)"
curl -s -d grant_type=authorization_code -d "code=$CODE" -d client_id=c1 -d client_secret=s1 \
  --data-urlencode "redirect_uri=$REDIRECT" -d "code_verifier=$V" "$OIDC/token" >"$work/tok2.json"
check "oidc token (client_secret_post)" grep -q '"id_token"' "$work/tok2.json"

NEWKID="$(curl -s -X POST "$OIDC/__test/rotate-keys?keep_old=1" | python3 -c 'import sys,json;print(json.load(sys.stdin)["signing_kid"])')"
curl -s "$OIDC/jwks" >"$work/jwks.json"
check "oidc rotation: jwks has old+new keys" eq "$(jget "$work/jwks.json" keys | python3 -c 'import sys;print(sys.stdin.read().count("kid"))')" 2
pkce
LOC="$(follow "$(authorize_url st-4 n-4)" "$REDIRECT")"
curl -s -u c1:s1 -d grant_type=authorization_code -d "code=$(qparam "$LOC" code)" \
  --data-urlencode "redirect_uri=$REDIRECT" -d "code_verifier=$V" "$OIDC/token" >"$work/tok3.json"
check "oidc rotation: new id_token signed with new kid" verify_id_token "$work/tok3.json" n-4 "$NEWKID"

echo "# oidc, login form mode (AUTO_LOGIN=0)"
start oidcform oidc CLIENT_ID=c1 CLIENT_SECRET=s1 REDIRECT_URI=$REDIRECT AUTO_LOGIN=0 \
  ACCOUNT_SUB=user-1 ACCOUNT_EMAIL=alice@example.test ACCOUNT_PASSWORD=pw
OIDC=$BASE
pkce
rm -f "$work/jar"
follow "$(authorize_url st-5 n-5)" "$REDIRECT" >/dev/null       # stops on the login page
FORM_ACTION="$(grep -o 'action="[^"]*"' "$work/body" | head -1 | cut -d'"' -f2)"
check "oidc login form shown" grep -q 'name="password"' "$work/body"
check "oidc wrong password -> 401" eq "$(curl -s -b "$work/jar" -c "$work/jar" -o /dev/null -w '%{http_code}' \
  -d login=alice@example.test -d password=nope "$OIDC$FORM_ACTION")" 401
LOC="$(follow "$OIDC$FORM_ACTION" "$REDIRECT" -d login=alice@example.test -d password=pw)"
check "oidc form login -> code" test -n "$(qparam "$LOC" code)"

###############################################################################
echo "# oauth2 (Facebook-style)"
start oauth2 oauth2 CLIENT_ID=fb-app CLIENT_SECRET=fb-secret REDIRECT_URI=$REDIRECT \
  ACCOUNT_ID=1234567890 ACCOUNT_NAME="Bob Graph" ACCOUNT_EMAIL=bob@example.test
FB=$BASE
LOC="$(curl -s -o /dev/null -w '%{redirect_url}' "$FB/v19.0/dialog/oauth?client_id=fb-app&redirect_uri=$REDIRECT&state=fb-st&scope=public_profile,email&response_type=code")"
CODE="$(qparam "$LOC" code)"
check "oauth2 dialog -> code + state" eq "$(qparam "$LOC" state)" fb-st
curl -s -d client_id=fb-app -d client_secret=fb-secret -d "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" \
  "$FB/v19.0/oauth/access_token" >"$work/fbtok.json"
check "oauth2 access_token" eq "$(jget "$work/fbtok.json" token_type)" bearer
FBAT="$(jget "$work/fbtok.json" access_token)"
curl -s -H "Authorization: Bearer $FBAT" "$FB/v19.0/me?fields=id,name,email" >"$work/me.json"
check "oauth2 /me email (bearer)" eq "$(jget "$work/me.json" email)" bob@example.test
check "oauth2 /me id (access_token param)" eq "$(curl -s "$FB/me?fields=id&access_token=$FBAT" | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')" 1234567890
check "oauth2 code is single-use" bash -c "curl -s '$FB/oauth/access_token?client_id=fb-app&client_secret=fb-secret&code=$CODE&redirect_uri=$REDIRECT' | grep -q OAuthException"

###############################################################################
echo "# saml (samlify)"
ACS=http://127.0.0.1:9/saml2/idpresponse
SP=urn:amazon:cognito:sp:test-pool
start saml saml SP_ENTITY_ID=$SP ACS_URL=$ACS NAME_ID=carol@example.test USER_GIVEN_NAME=Carol
IDP=$BASE
curl -s "$IDP/metadata" >"$work/idp-metadata.xml"
python3 - "$work/idp-metadata.xml" >"$work/idp-cert.pem" <<'PY'
import re, sys, textwrap
b = re.search(r'<ds:X509Certificate>(.*?)</ds:X509Certificate>', open(sys.argv[1]).read(), re.S).group(1)
print('-----BEGIN CERTIFICATE-----\n' + '\n'.join(textwrap.wrap(''.join(b.split()), 64)) + '\n-----END CERTIFICATE-----')
PY
check "saml metadata cert == /cert.pem" eq "$(openssl x509 -in "$work/idp-cert.pem" -noout -fingerprint)" \
  "$(curl -s "$IDP/cert.pem" | openssl x509 -noout -fingerprint)"

# An AuthnRequest for the HTTP-Redirect binding: raw DEFLATE, base64, URL-encoded.
REQ_ID="_req-$(openssl rand -hex 8)"
SSO_URL="$(python3 - "$IDP/sso" "$SP" "$ACS" "$REQ_ID" <<'PY'
import sys, zlib, base64, urllib.parse, datetime
sso, sp, acs, rid = sys.argv[1:5]
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
xml = (f'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
       f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{rid}" Version="2.0" IssueInstant="{now}" '
       f'Destination="{sso}" AssertionConsumerServiceURL="{acs}" '
       f'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>{sp}</saml:Issuer></samlp:AuthnRequest>')
c = zlib.compressobj(9, zlib.DEFLATED, -15)
print(sso + '?' + urllib.parse.urlencode({'SAMLRequest': base64.b64encode(c.compress(xml.encode()) + c.flush()).decode(),
                                          'RelayState': 'relay-xyz'}))
PY
)"
curl -s "$SSO_URL" >"$work/post.html"
# What a headless client does with the HTTP-POST binding page: read action + hidden inputs.
python3 - "$work/post.html" "$work" <<'PY'
import re, sys, html, base64
page = open(sys.argv[1]).read()
action = html.unescape(re.search(r'<form[^>]*action="([^"]*)"', page).group(1))
fields = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}
open(sys.argv[2] + '/acs', 'w').write(action)
open(sys.argv[2] + '/relay', 'w').write(fields.get('RelayState', ''))
open(sys.argv[2] + '/resp.xml', 'wb').write(base64.b64decode(fields['SAMLResponse']))
PY
check "saml POST form targets the ACS" eq "$(cat "$work/acs")" "$ACS"
check "saml RelayState round-trips" eq "$(cat "$work/relay")" relay-xyz
check "saml InResponseTo = AuthnRequest ID" grep -q "InResponseTo=\"$REQ_ID\"" "$work/resp.xml"
check "saml Audience = SP entity id" grep -q "<saml:Audience>$SP</saml:Audience>" "$work/resp.xml"
check "saml Recipient = ACS" grep -q "Recipient=\"$ACS\"" "$work/resp.xml"
xverify() { # $1 file, $2 cert, $3 element local name carrying the signature (Assertion|Response)
  local ns=urn:oasis:names:tc:SAML:2.0:assertion
  [ "$3" = Response ] && ns=urn:oasis:names:tc:SAML:2.0:protocol
  xmlsec1 --verify --enabled-key-data key-name --pubkey-cert-pem "$2" \
    --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
    --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response \
    --node-xpath "//*[local-name()='$3' and namespace-uri()='$ns']/*[local-name()='Signature']" "$1"
}
check "saml assertion signature: xmlsec1 --verify" xverify "$work/resp.xml" "$work/idp-cert.pem" Assertion
ROGUE="$here/saml/test-keys/TEST-ONLY-rogue-signing.cert.pem"
xfails() { ! xverify "$@"; }
check "saml assertion signature fails with another cert" xfails "$work/resp.xml" "$ROGUE" Assertion
sed 's/carol@example.test<\/saml:NameID>/mallory@example.test<\/saml:NameID>/' "$work/resp.xml" >"$work/tampered.xml"
check "saml tampered NameID fails xmlsec1 --verify" xfails "$work/tampered.xml" "$work/idp-cert.pem" Assertion

curl -s -H 'Accept: application/json' "$IDP/idp-init?RelayState=deep-link" >"$work/idpinit.json"
jget "$work/idpinit.json" SAMLResponse | base64 -d >"$work/idpinit.xml"
check "saml IdP-initiated: no InResponseTo" bash -c "! grep -q InResponseTo '$work/idpinit.xml'"
check "saml IdP-initiated: signed" xverify "$work/idpinit.xml" "$work/idp-cert.pem" Assertion

SIGN="node $here/saml/sign.js --issuer $IDP/metadata --sp-entity-id $SP --acs-url $ACS"
$SIGN --in-response-to abc --sign both --xml >"$work/both.xml"
check "sign.js --sign both: Response signature" xverify "$work/both.xml" "$work/idp-cert.pem" Response
check "sign.js --sign both: Assertion signature" xverify "$work/both.xml" "$work/idp-cert.pem" Assertion
$SIGN --in-response-to abc --audience urn:someone-else --not-on-or-after -600 --xml >"$work/neg.xml"
check "sign.js overrides applied (audience)" grep -q urn:someone-else "$work/neg.xml"
check "sign.js overrides still validly signed" xverify "$work/neg.xml" "$work/idp-cert.pem" Assertion
$SIGN --in-response-to abc --key-file "$here/saml/test-keys/TEST-ONLY-rogue-signing.key.pem" \
  --cert-file "$ROGUE" --xml >"$work/rogue.xml"
check "sign.js rogue key: fails against IdP cert" xfails "$work/rogue.xml" "$work/idp-cert.pem" Assertion
curl -s -X POST -H 'content-type: application/json' -d '{"inResponseTo":"q1","sign":"response"}' \
  "$IDP/__test/sign" >"$work/sign.json"
jget "$work/sign.json" SAMLResponse | base64 -d >"$work/endpoint.xml"
check "POST /__test/sign (sign=response)" xverify "$work/endpoint.xml" "$work/idp-cert.pem" Response

echo "# saml, login form mode (AUTO_LOGIN=0)"
start samlform saml SP_ENTITY_ID=$SP ACS_URL=$ACS NAME_ID=carol@example.test USER_PASSWORD=pw AUTO_LOGIN=0
curl -s "${SSO_URL/$IDP/$BASE}" >"$work/login.html"
PENDING="$(grep -o 'name="pending" value="[^"]*"' "$work/login.html" | cut -d'"' -f4)"
check "saml login form shown" test -n "$PENDING"
check "saml form login -> POST page" bash -c "curl -s -d pending=$PENDING -d username=carol@example.test -d password=pw \
  $BASE/sso/login | grep -q 'name=\"SAMLResponse\"'"

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
