// Test-only OpenID Connect provider for Cognate's federation tests.
//
// Built on panva's `oidc-provider` (an independent, certified OP implementation);
// this file only wires configuration from the environment, a fixed test account,
// headless (browser-less) interactions and a key-rotation hook. See ../README.md.
//
// NEVER use this outside tests: it auto-logs-in a fixed account.

import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

// oidc-provider prints notices with console.info (stdout); keep stdout for READY only.
console.info = console.error;
console.log = console.error;

const env = process.env;
const flag = (name, dflt) => {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  return !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
};

const HOST = env.HOST || '127.0.0.1';
const PORT = Number(env.PORT || 0);

const CLIENT_ID = env.CLIENT_ID || 'cognate-test-client';
const CLIENT_SECRET = env.CLIENT_SECRET || 'cognate-test-secret';
const REDIRECT_URIS = (env.REDIRECT_URI || 'http://127.0.0.1:3000/oauth2/idpresponse')
  .split(/[\s,]+/).filter(Boolean);
const CLIENT_AUTH_METHOD = env.CLIENT_AUTH_METHOD || 'client_secret_basic';

const ACCOUNT = {
  sub: env.ACCOUNT_SUB || 'oidc-user-1',
  email: env.ACCOUNT_EMAIL || 'oidc.user@example.test',
  name: env.ACCOUNT_NAME || 'Oidc Test User',
  password: env.ACCOUNT_PASSWORD || '', // only checked by the login form (AUTO_LOGIN=0), empty = any
};
const [givenDefault, ...familyRest] = ACCOUNT.name.split(' ');
const ACCOUNT_CLAIMS = {
  sub: ACCOUNT.sub,
  email: ACCOUNT.email,
  email_verified: flag('ACCOUNT_EMAIL_VERIFIED', true),
  name: ACCOUNT.name,
  given_name: env.ACCOUNT_GIVEN_NAME || givenDefault,
  family_name: env.ACCOUNT_FAMILY_NAME || familyRest.join(' ') || givenDefault,
  preferred_username: env.ACCOUNT_USERNAME || ACCOUNT.email.split('@')[0],
  ...(env.ACCOUNT_CLAIMS_JSON ? JSON.parse(env.ACCOUNT_CLAIMS_JSON) : {}),
};

const AUTO_LOGIN = flag('AUTO_LOGIN', true);
const PKCE_REQUIRED = flag('PKCE_REQUIRED', false);
// oidc-provider's default (true) keeps scope claims (email, name...) out of the id_token
// when an access token is issued; real IdPs (Google, Cognito...) put them in, so default off.
const CONFORM_ID_TOKEN_CLAIMS = flag('CONFORM_ID_TOKEN_CLAIMS', false);

// ---------------------------------------------------------------- signing keys

function newRsaJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `test-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

function loadKeys(source) {
  const parsed = typeof source === 'string' ? JSON.parse(source) : source;
  const keys = Array.isArray(parsed) ? parsed : parsed.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('key set must be {"keys":[...private JWKs...]}');
  return keys;
}

let signingKeys = env.KEYS_FILE ? loadKeys(readFileSync(env.KEYS_FILE, 'utf8'))
  : env.KEYS_JSON ? loadKeys(env.KEYS_JSON) : [newRsaJwk()];

// ---------------------------------------------------------------- provider

const cookieKeys = [randomBytes(32).toString('hex')];
let issuer; // set once listening
let prefix = ''; // issuer path, e.g. "/tenant-a"
let provider; // current Provider instance (replaced on key rotation)
let handler; // provider.callback() of the current instance

function buildProvider() {
  const clients = [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: REDIRECT_URIS,
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: CLIENT_AUTH_METHOD,
    id_token_signed_response_alg: 'RS256',
  }];
  if (env.EXTRA_CLIENTS_JSON) clients.push(...JSON.parse(env.EXTRA_CLIENTS_JSON));

  const p = new Provider(issuer, {
    clients,
    jwks: { keys: signingKeys },
    cookies: { keys: cookieKeys },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    },
    conformIdTokenClaims: CONFORM_ID_TOKEN_CLAIMS,
    pkce: { required: () => PKCE_REQUIRED },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    interactions: {
      url: (ctx, interaction) => `${prefix}/interaction/${interaction.uid}`,
    },
    // First-party test client: grant every requested scope/claim without a consent page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile offline_access');
      grant.addOIDCClaims(Object.keys(ACCOUNT_CLAIMS));
      await grant.save();
      return grant;
    },
    async findAccount(ctx, sub) {
      if (sub !== ACCOUNT.sub) return undefined;
      return { accountId: sub, async claims() { return { ...ACCOUNT_CLAIMS }; } };
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      Session: 86400,
      Grant: 86400,
      RefreshToken: 86400,
    },
  });
  return p;
}

// ---------------------------------------------------------------- interactions

const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function loginForm(res, uid, error) {
  res.statusCode = error ? 401 : 200;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(`<!doctype html><html><head><title>Test OIDC provider sign-in</title></head><body>
<h1>Test OIDC provider sign-in</h1>
${error ? `<p id="error">${html(error)}</p>` : ''}
<form id="login" method="post" action="${html(`${prefix}/interaction/${uid}`)}">
<input type="text" name="login" value="" autofocus>
<input type="password" name="password" value="">
<button type="submit">Sign in</button>
</form>
<a href="${html(`${prefix}/interaction/${uid}/abort`)}">Cancel</a>
</body></html>`);
}

async function finishConsent(req, res, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  if (prompt.details.missingResourceScopes) {
    for (const [ind, scope] of Object.entries(prompt.details.missingResourceScopes)) {
      grant.addResourceScope(ind, scope.join(' '));
    }
  }
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true });
}

async function handleInteraction(req, res, uid, action) {
  if (action === 'abort') {
    await provider.interactionFinished(req, res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false });
    return;
  }
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction uid mismatch');

  if (details.prompt.name === 'consent') {
    await finishConsent(req, res, details);
    return;
  }
  if (details.prompt.name !== 'login') {
    res.statusCode = 501;
    res.end(`unsupported prompt ${details.prompt.name}`);
    return;
  }

  if (AUTO_LOGIN) {
    await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT.sub } },
      { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'GET') {
    loginForm(res, uid);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const login = (form.get('login') || '').trim();
  const okUser = login === ACCOUNT.sub || login.toLowerCase() === ACCOUNT.email.toLowerCase();
  const okPass = !ACCOUNT.password || form.get('password') === ACCOUNT.password;
  if (!okUser || !okPass) {
    loginForm(res, uid, 'Invalid login or password');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT.sub } },
    { mergeWithLastSubmission: false });
}

// ---------------------------------------------------------------- test hooks

async function handleTestHook(req, res, url) {
  res.setHeader('content-type', 'application/json');
  if (url.pathname === '/__test/rotate-keys' && req.method === 'POST') {
    const body = (await readBody(req)).trim();
    const fresh = body ? loadKeys(body) : [newRsaJwk()];
    const keepOld = ['1', 'true', 'yes'].includes(url.searchParams.get('keep_old') || '');
    signingKeys = keepOld ? [...fresh, ...signingKeys] : fresh;
    provider = buildProvider();
    handler = provider.callback();
    res.end(JSON.stringify({ signing_kid: signingKeys[0].kid, kids: signingKeys.map((k) => k.kid) }));
    return;
  }
  if (url.pathname === '/__test/keys' && req.method === 'GET') {
    res.end(JSON.stringify({ signing_kid: signingKeys[0].kid, kids: signingKeys.map((k) => k.kid) }));
    return;
  }
  res.statusCode = 404;
  res.end('{"error":"not_found"}');
}

// ---------------------------------------------------------------- server

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname.startsWith('/__test/')) {
      await handleTestHook(req, res, url);
      return;
    }
    if (prefix) {
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
    }
    const m = /^\/interaction\/([^/]+)(?:\/(abort))?\/?$/.exec(new URL(req.url, 'http://localhost').pathname);
    if (m && (req.method === 'GET' || req.method === 'POST')) {
      await handleInteraction(req, res, m[1], m[2]);
      return;
    }
    handler(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) {
      res.statusCode = err.statusCode || 500;
      res.setHeader('content-type', 'text/plain');
    }
    res.end(`${err.name}: ${err.message}`);
  }
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  const base = `http://${HOST}:${port}`;
  issuer = (env.ISSUER || base).replace('{port}', String(port)).replace(/\/$/, '');
  prefix = new URL(issuer).pathname.replace(/\/$/, '');
  provider = buildProvider();
  handler = provider.callback();
  // The reachable base URL (same as the issuer unless ISSUER names another host).
  process.stdout.write(`READY ${base}${prefix}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
