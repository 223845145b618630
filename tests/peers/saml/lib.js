// Shared core of the test SAML 2.0 IdP (server.js) and the signing CLI (sign.js).
//
// Signing, metadata and AuthnRequest parsing are done by `samlify` (an independent
// SAML implementation, xml-crypto underneath); this file builds the Response XML
// from a template so that every field can be overridden for negative tests.
// TEST ONLY: the default key pair in test-keys/ is public.

'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const samlify = require('samlify');

const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
};
const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};
const NAMEID_FORMAT = {
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
};
const SIG_ALGS = {
  'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
};
const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const KEY_DIR = path.join(__dirname, 'test-keys');

let schemaValidatorSet = false;
function setSchemaValidation(enabled) {
  if (schemaValidatorSet) return;
  schemaValidatorSet = true;
  if (enabled) {
    // xmllint compiled to JS (no native binary): validates inbound AuthnRequests
    // against the SAML 2.0 XSDs, like a strict production IdP would.
    samlify.setSchemaValidator(require('@authenio/samlify-node-xmllint'));
  } else {
    samlify.setSchemaValidator({ validate: async () => 'SKIPPED' });
  }
}

const flag = (v, dflt) => {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'boolean') return v;
  return !['0', 'false', 'no', 'off'].includes(String(v).toLowerCase());
};

function generateKeyPair() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognate-saml-idp-'));
  const key = path.join(dir, 'signing.key.pem');
  const cert = path.join(dir, 'signing.cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
    '-subj', '/CN=cognate-test-saml-idp-generated', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { keyFile: key, certFile: cert };
}

/** base64 body of a PEM certificate (what goes into X509Certificate / metadata). */
function certBody(pem) {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/** Configuration from the environment (server) or CLI options (sign.js use the same names). */
function loadConfig(env = process.env) {
  let keyFile = env.SIGNING_KEY_FILE;
  let certFile = env.SIGNING_CERT_FILE;
  if (flag(env.GENERATE_KEYS, false)) ({ keyFile, certFile } = generateKeyPair());
  keyFile = keyFile || path.join(KEY_DIR, 'TEST-ONLY-idp-signing.key.pem');
  certFile = certFile || path.join(KEY_DIR, 'TEST-ONLY-idp-signing.cert.pem');

  const nameId = env.NAME_ID || env.USER_EMAIL || 'saml.user@example.test';
  const email = env.USER_EMAIL || (nameId.includes('@') ? nameId : 'saml.user@example.test');
  const attributes = env.ATTRIBUTES_JSON ? JSON.parse(env.ATTRIBUTES_JSON) : {
    email,
    given_name: env.USER_GIVEN_NAME || 'Saml',
    family_name: env.USER_FAMILY_NAME || 'User',
    name: env.USER_NAME || `${env.USER_GIVEN_NAME || 'Saml'} ${env.USER_FAMILY_NAME || 'User'}`,
    ...(env.EXTRA_ATTRIBUTES_JSON ? JSON.parse(env.EXTRA_ATTRIBUTES_JSON) : {}),
  };
  return {
    host: env.HOST || '127.0.0.1',
    port: Number(env.PORT || 0),
    entityId: env.ENTITY_ID || '', // '' = <base-url>/metadata, filled in by the server
    spEntityId: env.SP_ENTITY_ID || '',
    acsUrl: env.ACS_URL || '',
    audience: env.AUDIENCE || '',
    keyFile,
    certFile,
    privateKey: fs.readFileSync(keyFile, 'utf8'),
    certPem: fs.readFileSync(certFile, 'utf8'),
    nameId,
    nameIdFormat: env.NAME_ID_FORMAT
      || (nameId.includes('@') ? NAMEID_FORMAT.emailAddress : NAMEID_FORMAT.unspecified),
    attributes,
    password: env.USER_PASSWORD || '',
    sign: env.SIGN || 'assertion', // assertion | response | both | none
    sigAlg: env.SIG_ALG || 'rsa-sha256',
    autoLogin: flag(env.AUTO_LOGIN, true),
    wantAuthnRequestsSigned: flag(env.WANT_AUTHN_REQUESTS_SIGNED, false),
    spCertFile: env.SP_CERT_FILE || '',
    schemaValidation: flag(env.SCHEMA_VALIDATION, true),
    lifetime: Number(env.ASSERTION_LIFETIME || 300),
  };
}

const xmlEscape = (s) => String(s).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;',
}[c]));

/**
 * Time option: ISO-8601 string, or seconds relative to `now` ("+300", "-60", 0),
 * or ""/null meaning "omit this attribute".
 */
function resolveTime(v, now, dflt) {
  if (v === undefined) return dflt;
  if (v === null || v === '' || v === 'none') return null;
  if (typeof v === 'number' || /^[+-]?\d+$/.test(String(v))) {
    return new Date(now.getTime() + Number(v) * 1000).toISOString();
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`bad time value: ${v}`);
  return d.toISOString();
}

/** undefined -> default; ""/"none"/null -> omitted; anything else as is. */
function opt(v, dflt) {
  if (v === undefined) return dflt;
  if (v === null || v === '' || v === 'none') return null;
  return v;
}

const attr = (name, value) => (value === null || value === undefined ? '' : ` ${name}="${xmlEscape(value)}"`);

function attributeStatement(attributes) {
  const entries = Object.entries(attributes || {});
  if (entries.length === 0) return '';
  const attrs = entries.map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((v) => (
      `<saml:AttributeValue xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue>`)).join('');
    return `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values}</saml:Attribute>`;
  }).join('');
  return `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>`;
}

/**
 * Build the (unsigned) Response XML. Every option defaults to the config; a
 * value of "" (or null) omits that attribute/element, which is what negative
 * tests want (e.g. inResponseTo: "" = unsolicited, audience: "" = no
 * AudienceRestriction).
 */
function buildResponseXml(cfg, o = {}) {
  const now = o.now ? new Date(o.now) : new Date();
  const lifetime = Number(o.lifetime || cfg.lifetime);
  const responseId = o.responseId || `_${crypto.randomUUID()}`;
  const assertionId = o.assertionId || `_${crypto.randomUUID()}`;
  const issuer = o.issuer || cfg.entityId || null;
  const acs = o.acsUrl || cfg.acsUrl || null;
  const v = {
    responseIssuer: opt(o.responseIssuer, issuer),
    assertionIssuer: opt(o.assertionIssuer, issuer),
    destination: opt(o.destination, acs),
    recipient: opt(o.recipient, acs),
    inResponseTo: opt(o.inResponseTo, null),
    subjectInResponseTo: opt(o.subjectInResponseTo, opt(o.inResponseTo, null)),
    audience: opt(o.audience, cfg.audience || o.spEntityId || cfg.spEntityId || null),
    nameId: o.nameId || cfg.nameId,
    nameIdFormat: opt(o.nameIdFormat, cfg.nameIdFormat),
    statusCode: o.statusCode || STATUS_SUCCESS,
    issueInstant: resolveTime(o.issueInstant, now, now.toISOString()),
    assertionIssueInstant: resolveTime(o.assertionIssueInstant ?? o.issueInstant, now, now.toISOString()),
    authnInstant: resolveTime(o.authnInstant, now, now.toISOString()),
    notBefore: resolveTime(o.notBefore, now, resolveTime(-5, now)),
    notOnOrAfter: resolveTime(o.notOnOrAfter, now, resolveTime(lifetime, now)),
    subjectNotBefore: resolveTime(o.subjectNotBefore, now, null),
    subjectNotOnOrAfter: resolveTime(o.subjectNotOnOrAfter, now, resolveTime(lifetime, now)),
    sessionNotOnOrAfter: resolveTime(o.sessionNotOnOrAfter, now, resolveTime(8 * 3600, now)),
    sessionIndex: opt(o.sessionIndex, `_session-${crypto.randomBytes(8).toString('hex')}`),
    attributes: o.attributes || cfg.attributes,
  };
  const conditions = o.noConditions ? '' : `<saml:Conditions${attr('NotBefore', v.notBefore)}${attr('NotOnOrAfter', v.notOnOrAfter)}>${
    v.audience ? [].concat(v.audience).map((a) => `<saml:AudienceRestriction><saml:Audience>${xmlEscape(a)}</saml:Audience></saml:AudienceRestriction>`).join('') : ''
  }</saml:Conditions>`;
  const subjectConfirmation = o.noSubjectConfirmation ? ''
    : `<saml:SubjectConfirmation Method="${xmlEscape(o.subjectConfirmationMethod || 'urn:oasis:names:tc:SAML:2.0:cm:bearer')}"><saml:SubjectConfirmationData${
      attr('NotBefore', v.subjectNotBefore)}${attr('NotOnOrAfter', v.subjectNotOnOrAfter)}${attr('Recipient', v.recipient)}${attr('InResponseTo', v.subjectInResponseTo)}/></saml:SubjectConfirmation>`;
  const isSuccess = v.statusCode === STATUS_SUCCESS;
  const assertion = (isSuccess || o.forceAssertion) && !o.noAssertion
    ? `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${assertionId}" Version="2.0" IssueInstant="${v.assertionIssueInstant}">`
      + `<saml:Issuer>${xmlEscape(v.assertionIssuer)}</saml:Issuer>`
      + `<saml:Subject><saml:NameID${attr('Format', v.nameIdFormat)}>${xmlEscape(v.nameId)}</saml:NameID>${subjectConfirmation}</saml:Subject>`
      + conditions
      + `<saml:AuthnStatement AuthnInstant="${v.authnInstant}"${attr('SessionIndex', v.sessionIndex)}${attr('SessionNotOnOrAfter', v.sessionNotOnOrAfter)}>`
      + '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
      + attributeStatement(v.attributes)
      + '</saml:Assertion>'
    : '';
  const xml = `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${responseId}" Version="2.0" IssueInstant="${v.issueInstant}"${attr('Destination', v.destination)}${attr('InResponseTo', v.inResponseTo)}>`
    + (v.responseIssuer ? `<saml:Issuer>${xmlEscape(v.responseIssuer)}</saml:Issuer>` : '')
    + `<samlp:Status><samlp:StatusCode Value="${xmlEscape(v.statusCode)}"/></samlp:Status>`
    + assertion
    + '</samlp:Response>';
  return { xml, responseId, assertionId: assertion ? assertionId : null, values: v };
}

// samlify warns on every entity without a SingleLogoutService; this peer has none.
function quiet(fn) {
  const warn = console.warn;
  console.warn = (...a) => { if (!/SingleLogoutService/.test(String(a[0]))) warn(...a); };
  try { return fn(); } finally { console.warn = warn; }
}

function idpEntity(cfg, { privateKey, certPem, sigAlg } = {}) {
  return quiet(() => samlify.IdentityProvider({
    entityID: cfg.entityId,
    privateKey: privateKey || cfg.privateKey,
    signingCert: certPem || cfg.certPem,
    requestSignatureAlgorithm: SIG_ALGS[sigAlg || cfg.sigAlg] || sigAlg || cfg.sigAlg,
    wantAuthnRequestsSigned: cfg.wantAuthnRequestsSigned,
    nameIDFormat: [cfg.nameIdFormat, NAMEID_FORMAT.emailAddress, NAMEID_FORMAT.persistent,
      NAMEID_FORMAT.transient, NAMEID_FORMAT.unspecified].filter((f, i, a) => a.indexOf(f) === i),
    // sign.js has no server: samlify still wants an SSO endpoint, any URL does there.
    singleSignOnService: [
      { Binding: BINDING.redirect, Location: `${cfg.baseUrl || 'http://127.0.0.1'}/sso` },
      { Binding: BINDING.post, Location: `${cfg.baseUrl || 'http://127.0.0.1'}/sso` },
    ],
  }));
}

function spEntity(cfg, { spEntityId, acsUrl, signAssertion = true, signResponse = false } = {}) {
  const settings = {
    entityID: spEntityId || cfg.spEntityId || 'urn:cognate:test-sp',
    assertionConsumerService: [{ Binding: BINDING.post, Location: acsUrl || cfg.acsUrl || 'http://127.0.0.1/acs' }],
    wantAssertionsSigned: signAssertion,
    wantMessageSigned: signResponse,
    authnRequestsSigned: cfg.wantAuthnRequestsSigned,
  };
  if (cfg.spCertFile) settings.signingCert = fs.readFileSync(cfg.spCertFile, 'utf8');
  return quiet(() => samlify.ServiceProvider(settings));
}

/**
 * Build and sign a SAML Response with samlify. Options (all optional) are the
 * buildResponseXml ones plus:
 *   sign: assertion | response | both | none   (default cfg.sign)
 *   sigAlg: rsa-sha256 | rsa-sha512 | rsa-sha1 | <URI>
 *   keyFile/certFile or privateKey/certPem: sign with another key (e.g. test-keys/TEST-ONLY-rogue-*)
 * Returns { samlResponse (base64), xml, responseId, assertionId, values }.
 */
async function signResponse(cfg, o = {}) {
  setSchemaValidation(cfg.schemaValidation);
  const built = buildResponseXml(cfg, o);
  const sign = o.sign || cfg.sign;
  if (!['assertion', 'response', 'both', 'none'].includes(sign)) throw new Error(`bad sign mode: ${sign}`);
  let xml = built.xml;
  if (sign !== 'none') {
    if (sign !== 'response' && !built.assertionId) throw new Error('cannot sign the assertion: the response has none (use sign=response)');
    const privateKey = o.privateKey || (o.keyFile ? fs.readFileSync(o.keyFile, 'utf8') : undefined);
    const certPem = o.certPem || (o.certFile ? fs.readFileSync(o.certFile, 'utf8') : undefined);
    const idp = idpEntity(cfg, { privateKey, certPem, sigAlg: o.sigAlg });
    const sp = spEntity(cfg, {
      spEntityId: o.spEntityId,
      acsUrl: o.acsUrl,
      signAssertion: sign === 'assertion' || sign === 'both',
      signResponse: sign === 'response' || sign === 'both',
    });
    const res = await idp.createLoginResponse(sp, {}, 'post', {}, {
      customTagReplacement: () => ({ id: built.responseId, context: built.xml }),
    });
    xml = Buffer.from(res.context, 'base64').toString('utf8');
  }
  return {
    samlResponse: Buffer.from(xml, 'utf8').toString('base64'),
    xml,
    responseId: built.responseId,
    assertionId: built.assertionId,
    values: built.values,
  };
}

module.exports = {
  NS, BINDING, NAMEID_FORMAT, SIG_ALGS, STATUS_SUCCESS, KEY_DIR,
  loadConfig, signResponse, buildResponseXml, idpEntity, spEntity, setSchemaValidation,
  certBody, xmlEscape, flag,
};
