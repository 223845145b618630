#!/usr/bin/env node
// Print a signed SAMLResponse (base64) built by the test IdP's code, without any
// HTTP dance. For Cognate's SAML negative tests. See ../README.md ("sign.js").
//
//   node tests/peers/saml/sign.js --issuer http://127.0.0.1:4000/metadata \
//     --sp-entity-id urn:amazon:cognito:sp:pool --acs-url http://127.0.0.1:3000/saml2/idpresponse \
//     --in-response-to id-123 [--audience X] [--not-on-or-after -60] [--sign both] [--xml|--json]
//
// Every option may also come from the same env vars as server.js (ENTITY_ID, SP_ENTITY_ID,
// ACS_URL, NAME_ID, ATTRIBUTES_JSON, SIGNING_KEY_FILE, SIGNING_CERT_FILE, SIGN, SIG_ALG...).
// Option values "" or "none" omit the attribute/element. Times: ISO-8601 or seconds relative to now.

'use strict';

const { loadConfig, signResponse } = require('./lib');

const USAGE = `usage: node sign.js [options]
  --issuer URI                IdP entity id (Response and Assertion Issuer)   [env ENTITY_ID]
  --response-issuer URI       override the Response Issuer only ("" = omit)
  --assertion-issuer URI      override the Assertion Issuer only
  --sp-entity-id URI          SP entity id, default Audience                   [env SP_ENTITY_ID]
  --acs-url URL               default Destination and Recipient                [env ACS_URL]
  --audience URI              Audience ("" = no AudienceRestriction; repeat for several)
  --destination URL           Response Destination ("" = omit)
  --recipient URL             SubjectConfirmationData Recipient ("" = omit)
  --in-response-to ID         Response and SubjectConfirmationData InResponseTo (default: none = unsolicited)
  --subject-in-response-to ID override SubjectConfirmationData InResponseTo only
  --name-id VALUE             NameID                                           [env NAME_ID]
  --name-id-format URI        NameID Format                                    [env NAME_ID_FORMAT]
  --attribute NAME=VALUE      attribute (repeatable; replaces the configured set) [env ATTRIBUTES_JSON]
  --attributes-json JSON      attributes as {"name": "v" | ["v1","v2"]}
  --issue-instant T           Response+Assertion IssueInstant (T = ISO-8601 or +/-seconds from now)
  --assertion-issue-instant T Assertion IssueInstant only
  --authn-instant T           AuthnStatement AuthnInstant
  --not-before T              Conditions NotBefore (default -5)
  --not-on-or-after T         Conditions NotOnOrAfter (default +300)
  --subject-not-before T      SubjectConfirmationData NotBefore (default: omitted)
  --subject-not-on-or-after T SubjectConfirmationData NotOnOrAfter (default +300)
  --session-not-on-or-after T AuthnStatement SessionNotOnOrAfter (default +8h)
  --session-index VALUE       AuthnStatement SessionIndex
  --status-code URI           StatusCode (non-Success responses carry no Assertion)
  --response-id ID / --assertion-id ID
  --no-conditions             omit Conditions
  --no-subject-confirmation   omit SubjectConfirmation
  --no-assertion              omit the Assertion (use with --sign response|none)
  --sign MODE                 assertion (default) | response | both | none     [env SIGN]
  --sig-alg ALG               rsa-sha256 (default) | rsa-sha512 | rsa-sha1     [env SIG_ALG]
  --key-file PEM --cert-file PEM  sign with another key (e.g. test-keys/TEST-ONLY-rogue-*)
  --xml                       print the XML instead of base64
  --json                      print {"SAMLResponse","xml","response_id","assertion_id"}
`;

const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const BOOL = new Set(['noConditions', 'noSubjectConfirmation', 'noAssertion', 'xml', 'json', 'help']);

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '-h') { o.help = true; continue; }
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    let [key, value] = a.slice(2).split(/=(.*)/s, 2);
    key = camel(key);
    if (BOOL.has(key)) { o[key] = true; continue; }
    if (value === undefined) {
      i += 1;
      if (i >= argv.length) throw new Error(`missing value for ${a}`);
      value = argv[i];
    }
    if (key === 'attribute') {
      const [n, v] = value.split(/=(.*)/s, 2);
      o.attributes = o.attributes || {};
      o.attributes[n] = n in o.attributes ? [].concat(o.attributes[n], v) : v;
    } else if (key === 'audience' && o.audience !== undefined) {
      o.audience = [].concat(o.audience, value);
    } else if (key === 'attributesJson') {
      o.attributes = JSON.parse(value);
    } else {
      o[key] = value;
    }
  }
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) { process.stdout.write(USAGE); return; }
  const cfg = loadConfig(process.env);
  if (o.issuer) cfg.entityId = o.issuer;
  if (!cfg.entityId) throw new Error('need --issuer (or ENTITY_ID): the IdP entity id the SP trusts');
  if (!o.acsUrl && !cfg.acsUrl && (o.destination === undefined || o.recipient === undefined)) {
    throw new Error('need --acs-url (or ACS_URL), or both --destination and --recipient');
  }
  if (!o.spEntityId && !cfg.spEntityId && o.audience === undefined) {
    throw new Error('need --sp-entity-id (or SP_ENTITY_ID), or --audience');
  }
  const out = await signResponse(cfg, o);
  if (o.json) {
    process.stdout.write(`${JSON.stringify({
      SAMLResponse: out.samlResponse, xml: out.xml, response_id: out.responseId, assertion_id: out.assertionId,
    })}\n`);
  } else if (o.xml) {
    process.stdout.write(`${out.xml}\n`);
  } else {
    process.stdout.write(`${out.samlResponse}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`sign.js: ${err.message || err}\n`);
  process.exit(1);
});
