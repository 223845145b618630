// Test-only Facebook-style OAuth 2.0 provider (no OpenID Connect) for Cognate's
// federation tests. Dependency-free Node. It mimics the shape of Facebook Login
// and the Graph API:
//   GET       [/vNN.N]/dialog/oauth          authorize, auto-approves the fixed account
//   GET|POST  [/vNN.N]/oauth/access_token    code -> {access_token, token_type, expires_in}
//   GET       [/vNN.N]/me?fields=id,name,email   bearer header or ?access_token=
// Errors use Graph's shape: {"error":{"message","type":"OAuthException","code",...}}.
// See ../README.md. NEVER use outside tests.

'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const env = process.env;
const flag = (name, dflt) => {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  return !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
};

const HOST = env.HOST || '127.0.0.1';
const PORT = Number(env.PORT || 0);
const CLIENT_ID = env.CLIENT_ID || 'cognate-fb-app';
const CLIENT_SECRET = env.CLIENT_SECRET || 'cognate-fb-secret';
// Registered redirect URIs (comma/space separated). Empty = accept any.
const REDIRECT_URIS = (env.REDIRECT_URI || '').split(/[\s,]+/).filter(Boolean);
const TOKEN_TTL = Number(env.TOKEN_TTL || 5183944); // ~60 days, what Facebook returns
const AUTO_APPROVE = flag('AUTO_APPROVE', true);
// Like Facebook, `email` is only returned by /me when the `email` scope was granted.
const EMAIL_NEEDS_SCOPE = flag('EMAIL_NEEDS_SCOPE', true);

const ACCOUNT = {
  id: env.ACCOUNT_ID || env.ACCOUNT_SUB || '10000000000001',
  name: env.ACCOUNT_NAME || 'Facebook Test User',
  email: env.ACCOUNT_EMAIL || 'fb.user@example.test',
};
ACCOUNT.first_name = env.ACCOUNT_FIRST_NAME || ACCOUNT.name.split(' ')[0];
ACCOUNT.last_name = env.ACCOUNT_LAST_NAME || ACCOUNT.name.split(' ').slice(1).join(' ') || ACCOUNT.first_name;
if (env.ACCOUNT_FIELDS_JSON) Object.assign(ACCOUNT, JSON.parse(env.ACCOUNT_FIELDS_JSON));

const codes = new Map(); // code -> {client_id, redirect_uri, scopes, exp}
const tokens = new Map(); // access_token -> {scopes, exp}
const log = []; // requests to /oauth/access_token and /me, for assertions via /__test/log

const redact = (o) => (o.client_secret ? { ...o, client_secret: '<redacted>' } : o);
const rand = () => crypto.randomBytes(24).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function send(res, status, body, headers = {}) {
  const isJson = typeof body !== 'string';
  res.writeHead(status, {
    'content-type': isJson ? 'application/json; charset=UTF-8' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(isJson ? JSON.stringify(body) : body);
}

function graphError(res, status, message, code, type = 'OAuthException') {
  send(res, status, {
    error: { message, type, code, fbtrace_id: crypto.randomBytes(8).toString('hex') },
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function params(req, url) {
  const out = Object.fromEntries(url.searchParams);
  if (req.method === 'POST') {
    const raw = await readBody(req);
    const ct = (req.headers['content-type'] || '').toLowerCase();
    if (ct.includes('application/json')) Object.assign(out, JSON.parse(raw || '{}'));
    else Object.assign(out, Object.fromEntries(new URLSearchParams(raw)));
  }
  return out;
}

function redirectWith(res, redirectUri, q) {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
  res.writeHead(302, { location: u.href, 'cache-control': 'no-store' });
  res.end();
}

const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function issueCode(p) {
  const code = rand();
  const scopes = (p.scope || 'public_profile').split(/[\s,]+/).filter(Boolean);
  codes.set(code, { client_id: p.client_id, redirect_uri: p.redirect_uri, scopes, exp: now() + 600 });
  return code;
}

// GET /dialog/oauth?client_id&redirect_uri&state&scope&response_type=code
async function dialog(req, res, url) {
  const p = await params(req, url);
  if (p.client_id !== CLIENT_ID) return graphError(res, 400, 'Invalid App ID', 101);
  if (!p.redirect_uri) return graphError(res, 400, 'Missing redirect_uri parameter.', 191);
  if (REDIRECT_URIS.length && !REDIRECT_URIS.includes(p.redirect_uri)) {
    return graphError(res, 400, "URL blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.", 191);
  }
  if (p.response_type && p.response_type !== 'code') {
    return redirectWith(res, p.redirect_uri, { error: 'unsupported_response_type', state: p.state });
  }
  if (AUTO_APPROVE || p.decision === 'allow') {
    return redirectWith(res, p.redirect_uri, { code: issueCode(p), state: p.state });
  }
  if (p.decision === 'deny') {
    return redirectWith(res, p.redirect_uri, {
      error: 'access_denied', error_code: '200', error_description: 'Permissions error',
      error_reason: 'user_denied', state: p.state,
    });
  }
  // Manual mode (AUTO_APPROVE=0): a form re-submitting the same parameters plus decision.
  const hidden = Object.entries(p).filter(([k]) => k !== 'decision')
    .map(([k, v]) => `<input type="hidden" name="${html(k)}" value="${html(v)}">`).join('\n');
  return send(res, 200, `<!doctype html><html><head><title>Log in with Test Facebook</title></head><body>
<h1>Continue as ${html(ACCOUNT.name)}?</h1>
<form id="dialog" method="post" action="${html(url.pathname)}">
${hidden}
<button type="submit" name="decision" value="allow">Continue</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`);
}

// GET|POST /oauth/access_token
async function accessToken(req, res, url) {
  const p = await params(req, url);
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization || '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    p.client_id = p.client_id || decodeURIComponent(id);
    p.client_secret = p.client_secret || decodeURIComponent(secret || '');
  }
  log.push({
    endpoint: 'access_token', method: req.method,
    basic_auth: Boolean(basic), content_type: req.headers['content-type'] || null,
    query: redact(Object.fromEntries(url.searchParams)),
    params: redact(p),
  });
  if (p.client_id !== CLIENT_ID) return graphError(res, 400, 'Error validating application. Invalid application ID.', 101);
  if (p.client_secret !== CLIENT_SECRET) return graphError(res, 400, 'Error validating client secret.', 1);
  if (!p.redirect_uri) return graphError(res, 400, 'Missing redirect_uri parameter.', 191);
  const c = codes.get(p.code || '');
  if (!c) return graphError(res, 400, 'Invalid verification code format.', 100);
  codes.delete(p.code); // one-time use
  if (c.exp < now()) return graphError(res, 400, 'This authorization code has expired.', 100);
  if (c.client_id !== p.client_id || c.redirect_uri !== p.redirect_uri) {
    return graphError(res, 400, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 100);
  }
  const token = rand();
  tokens.set(token, { scopes: c.scopes, exp: now() + TOKEN_TTL });
  return send(res, 200, { access_token: token, token_type: 'bearer', expires_in: TOKEN_TTL });
}

// GET /me?fields=id,name,email
async function me(req, res, url) {
  const p = await params(req, url);
  const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization || '');
  const token = bearer ? bearer[1].trim() : p.access_token;
  log.push({ endpoint: 'me', method: req.method, query: Object.fromEntries(url.searchParams), bearer: Boolean(bearer) });
  if (!token) return graphError(res, 400, 'An active access token must be used to query information about the current user.', 2500);
  const t = tokens.get(token);
  if (!t || t.exp < now()) return graphError(res, 400, 'Invalid OAuth access token - Cannot parse access token', 190);
  const fields = (p.fields || 'id,name').split(',').map((f) => f.trim()).filter(Boolean);
  const out = {};
  for (const f of fields) {
    if (f === 'email' && EMAIL_NEEDS_SCOPE && !t.scopes.includes('email')) continue;
    if (f === 'picture') {
      out.picture = { data: { height: 50, width: 50, is_silhouette: true, url: 'https://example.test/pic.png' } };
    } else if (ACCOUNT[f] !== undefined) {
      out[f] = ACCOUNT[f];
    } else {
      return graphError(res, 400, `(#100) Tried accessing nonexisting field (${f}) on node type (User)`, 100);
    }
  }
  out.id = ACCOUNT.id; // Graph always returns id
  return send(res, 200, out);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    const path = url.pathname.replace(/^\/v\d+(\.\d+)?(?=\/)/, '').replace(/\/$/, '') || '/';
    if (path === '/__test/log') return send(res, 200, log);
    if (path === '/dialog/oauth') return await dialog(req, res, url);
    if (path === '/oauth/access_token') return await accessToken(req, res, url);
    if (path === '/me') return await me(req, res, url);
    return graphError(res, 404, `Unknown path components: ${url.pathname}`, 2500);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) graphError(res, 500, String(err.message || err), 1);
    else res.end();
  }
});

server.listen(PORT, HOST, () => {
  process.stdout.write(`READY http://${HOST}:${server.address().port}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
