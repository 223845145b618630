// Test-only SAML 2.0 Identity Provider for Cognate's federation tests (samlify).
//
//   GET       /metadata        IdP metadata (EntityDescriptor with the signing cert)
//   GET       /cert.pem        the signing certificate (PEM)
//   GET|POST  /sso             SP-initiated SSO: AuthnRequest via HTTP-Redirect (GET) or HTTP-POST
//   POST      /sso/login       login form submission (only when AUTO_LOGIN=0)
//   GET       /idp-init        IdP-initiated (unsolicited) SSO to the configured ACS_URL
//   POST      /__test/sign     JSON options -> signed SAMLResponse without the browser dance
//   GET       /__test/last     the last AuthnRequest received and the last Response issued
//
// Responses are delivered with the HTTP-POST binding: an HTML page with an
// auto-submitting form (action = ACS URL, hidden SAMLResponse and RelayState);
// with `Accept: application/json` the same data comes back as JSON instead.
// See ../README.md. NEVER use outside tests.

'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const {
  loadConfig, signResponse, idpEntity, spEntity, setSchemaValidation,
} = require('./lib');

const cfg = loadConfig(process.env);
setSchemaValidation(cfg.schemaValidation);

const pending = new Map(); // login-form mode: id -> request context
const last = { request: null, response: null };

const html = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
const sendJson = (res, status, obj) => send(res, status, JSON.stringify(obj), 'application/json');

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function wantsJson(req) {
  return /application\/json/i.test(req.headers.accept || '');
}

/** The HTTP-POST binding page (or JSON) carrying the SAMLResponse to the ACS. */
function deliver(req, res, acsUrl, samlResponse, relayState) {
  if (wantsJson(req)) {
    return sendJson(res, 200, { acs_url: acsUrl, SAMLResponse: samlResponse, RelayState: relayState ?? null });
  }
  return send(res, 200, `<!doctype html>
<html><head><title>Test SAML IdP - posting to the service provider</title></head>
<body onload="document.forms[0].submit()">
<form id="saml-post" method="post" action="${html(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${html(samlResponse)}">
${relayState !== undefined && relayState !== null ? `<input type="hidden" name="RelayState" value="${html(relayState)}">` : ''}
<noscript><button type="submit">Continue</button></noscript>
</form>
</body></html>`);
}

function loginPage(res, pendingId, error) {
  return send(res, error ? 401 : 200, `<!doctype html>
<html><head><title>Test SAML IdP sign-in</title></head><body>
<h1>Test SAML IdP sign-in</h1>
${error ? `<p id="error">${html(error)}</p>` : ''}
<form id="login" method="post" action="/sso/login">
<input type="hidden" name="pending" value="${html(pendingId)}">
<input type="text" name="username" value="">
<input type="password" name="password" value="">
<button type="submit">Sign in</button>
</form></body></html>`);
}

async function issue(req, res, ctx) {
  const signed = await signResponse(cfg, {
    inResponseTo: ctx.requestId || '',
    acsUrl: ctx.acsUrl,
    spEntityId: ctx.spEntityId,
  });
  last.response = {
    at: new Date().toISOString(), in_response_to: ctx.requestId || null, acs_url: ctx.acsUrl,
    response_id: signed.responseId, assertion_id: signed.assertionId, xml: signed.xml,
  };
  return deliver(req, res, ctx.acsUrl, signed.samlResponse, ctx.relayState);
}

async function authenticateThenIssue(req, res, ctx) {
  if (cfg.autoLogin) return issue(req, res, ctx);
  const id = crypto.randomBytes(12).toString('hex');
  pending.set(id, ctx);
  return loginPage(res, id);
}

// SP-initiated SSO: AuthnRequest in via HTTP-Redirect (GET) or HTTP-POST.
async function sso(req, res, url) {
  let binding;
  let request;
  let relayState;
  if (req.method === 'GET') {
    binding = 'redirect';
    const query = Object.fromEntries(url.searchParams);
    // Octet string for redirect-binding signatures: the raw (still URL-encoded) params in order.
    const raw = (req.url.split('?')[1] || '').split('&');
    const pick = (k) => raw.find((p) => p.startsWith(`${k}=`));
    const octetString = ['SAMLRequest', 'RelayState', 'SigAlg'].map(pick).filter(Boolean).join('&');
    request = { query, octetString };
    relayState = query.RelayState;
  } else {
    binding = 'post';
    const body = Object.fromEntries(new URLSearchParams(await readBody(req)));
    request = { body };
    relayState = body.RelayState;
  }
  const samlRequest = binding === 'redirect' ? request.query.SAMLRequest : request.body.SAMLRequest;
  if (!samlRequest) return send(res, 400, 'missing SAMLRequest', 'text/plain');

  const idp = idpEntity(cfg);
  const sp = spEntity(cfg, {});
  let parsed;
  try {
    parsed = await idp.parseLoginRequest(sp, binding, request);
  } catch (err) {
    console.error('AuthnRequest rejected:', err);
    return send(res, 400, `invalid AuthnRequest: ${err.message || err}`, 'text/plain');
  }
  const ex = parsed.extract || {};
  const r = ex.request || {};
  last.request = {
    at: new Date().toISOString(), binding, id: r.id || null, issuer: ex.issuer || null,
    destination: r.destination || null, acs_url: r.assertionConsumerServiceUrl || null,
    relay_state: relayState ?? null, signed: Boolean(parsed.sigAlg), xml: parsed.samlContent,
  };
  if (cfg.spEntityId && ex.issuer !== cfg.spEntityId) {
    return send(res, 400, `AuthnRequest Issuer ${ex.issuer} is not the configured SP ${cfg.spEntityId}`, 'text/plain');
  }
  const requestAcs = r.assertionConsumerServiceUrl;
  if (cfg.acsUrl && requestAcs && requestAcs !== cfg.acsUrl) {
    return send(res, 400, `AssertionConsumerServiceURL ${requestAcs} is not the configured ${cfg.acsUrl}`, 'text/plain');
  }
  const acsUrl = cfg.acsUrl || requestAcs;
  if (!acsUrl) return send(res, 400, 'no ACS URL: set ACS_URL or send AssertionConsumerServiceURL', 'text/plain');
  return authenticateThenIssue(req, res, {
    requestId: r.id, acsUrl, spEntityId: cfg.spEntityId || ex.issuer, relayState,
  });
}

async function login(req, res) {
  const form = new URLSearchParams(await readBody(req));
  const ctx = pending.get(form.get('pending') || '');
  if (!ctx) return send(res, 400, 'unknown or expired login', 'text/plain');
  const user = (form.get('username') || '').trim().toLowerCase();
  const emailAttr = [].concat(cfg.attributes.email || [])[0];
  const okUser = user === cfg.nameId.toLowerCase() || (emailAttr && user === String(emailAttr).toLowerCase());
  const okPass = !cfg.password || form.get('password') === cfg.password;
  if (!okUser || !okPass) return loginPage(res, form.get('pending'), 'Invalid username or password');
  pending.delete(form.get('pending'));
  return issue(req, res, ctx);
}

// IdP-initiated SSO: unsolicited Response (no InResponseTo) to ACS_URL.
async function idpInit(req, res, url) {
  if (!cfg.acsUrl || !cfg.spEntityId) {
    return send(res, 400, 'IdP-initiated SSO needs ACS_URL and SP_ENTITY_ID', 'text/plain');
  }
  return authenticateThenIssue(req, res, {
    requestId: null, acsUrl: cfg.acsUrl, spEntityId: cfg.spEntityId,
    relayState: url.searchParams.get('RelayState') ?? undefined,
  });
}

async function testSign(req, res) {
  const raw = await readBody(req);
  const opts = raw.trim() ? JSON.parse(raw) : {};
  const out = await signResponse(cfg, opts);
  return sendJson(res, 200, {
    SAMLResponse: out.samlResponse, xml: out.xml, response_id: out.responseId, assertion_id: out.assertionId,
  });
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    const p = url.pathname.replace(/\/$/, '') || '/';
    if (p === '/metadata' && req.method === 'GET') {
      return send(res, 200, idpEntity(cfg).getMetadata(), 'application/samlmetadata+xml');
    }
    if (p === '/cert.pem' && req.method === 'GET') return send(res, 200, cfg.certPem, 'application/x-pem-file');
    if (p === '/sso' && (req.method === 'GET' || req.method === 'POST')) return await sso(req, res, url);
    if (p === '/sso/login' && req.method === 'POST') return await login(req, res);
    if (p === '/idp-init' && req.method === 'GET') return await idpInit(req, res, url);
    if (p === '/__test/sign' && req.method === 'POST') return await testSign(req, res);
    if (p === '/__test/last' && req.method === 'GET') return sendJson(res, 200, last);
    return send(res, 404, 'not found', 'text/plain');
  } catch (err) {
    console.error(err);
    if (!res.headersSent) return send(res, 500, `${err.message || err}`, 'text/plain');
    return res.end();
  }
});

server.listen(cfg.port, cfg.host, () => {
  cfg.baseUrl = `http://${cfg.host}:${server.address().port}`;
  if (!cfg.entityId) cfg.entityId = `${cfg.baseUrl}/metadata`;
  cfg.entityId = cfg.entityId.replace('{port}', String(server.address().port));
  process.stdout.write(`READY ${cfg.baseUrl}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

