#!/usr/bin/env node
// Signs in with amazon-cognito-identity-js (CognitoUser.authenticateUser, USER_SRP_AUTH)
// against a Cognito-compatible endpoint and prints ONE JSON line on stdout with what
// happened, so a test can assert on it. Everything else goes to stderr.
//
//   node srp_sign_in.js --endpoint http://127.0.0.1:PORT/ --pool us-east-1_X --client ID \
//        --username ana --password 'Corr3ct-horse!' [--new-password P] [--totp-code 123456] \
//        [--mfa-code 123456] [--auth-flow USER_SRP_AUTH|USER_PASSWORD_AUTH]
//
// Each flag can also be given as an environment variable: ENDPOINT, POOL_ID, CLIENT_ID,
// USERNAME, PASSWORD, NEW_PASSWORD, TOTP_CODE, MFA_CODE, AUTH_FLOW.
//
// Output (one line; exit code 0 for "success", 1 otherwise):
//   {"outcome":"success","access":{sub,token_use,username,client_id,scope},
//    "id":{sub,token_use,aud,"cognito:username",email,email_verified},"has_refresh":true}
//   {"outcome":"failure","code":"NotAuthorizedException","name":"...","message":"...","statusCode":400}
//   {"outcome":"newPasswordRequired","userAttributes":{...},"requiredAttributes":[...]}
//   {"outcome":"totpRequired","challengeName":"SOFTWARE_TOKEN_MFA","challengeParameters":{...}}
//   {"outcome":"mfaRequired" | "selectMFAType" | "mfaSetup" | "customChallenge", ...}
// When a challenge comes and the matching flag (--new-password, --totp-code, --mfa-code)
// was given, the script answers it and goes on; the final outcome is still one line
// ("challenges" lists the ones answered on the way).
'use strict';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require('amazon-cognito-identity-js');

function options() {
  const opts = {
    endpoint: process.env.ENDPOINT,
    pool: process.env.POOL_ID,
    client: process.env.CLIENT_ID,
    username: process.env.USERNAME,
    password: process.env.PASSWORD,
    'new-password': process.env.NEW_PASSWORD,
    'totp-code': process.env.TOTP_CODE,
    'mfa-code': process.env.MFA_CODE,
    'auth-flow': process.env.AUTH_FLOW || 'USER_SRP_AUTH',
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in opts)) {
      throw new Error(`unknown argument ${argv[i]}`);
    }
    opts[m[1]] = m[2] !== undefined ? m[2] : argv[++i];
  }
  for (const required of ['endpoint', 'pool', 'client', 'username', 'password']) {
    if (!opts[required]) throw new Error(`--${required} is required`);
  }
  return opts;
}

let printed = false;
function finish(result) {
  if (printed) return;
  printed = true;
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = result.outcome === 'success' ? 0 : 1;
  // The library keeps no timers, but do not let a stray socket hold the process.
  setImmediate(() => process.exit());
}

function pick(payload, keys) {
  const out = {};
  for (const k of keys) if (payload[k] !== undefined) out[k] = payload[k];
  return out;
}

function main() {
  let opts;
  try {
    opts = options();
  } catch (e) {
    finish({ outcome: 'usage', message: e.message });
    return;
  }
  const pool = new CognitoUserPool({ UserPoolId: opts.pool, ClientId: opts.client, endpoint: opts.endpoint });
  const user = new CognitoUser({ Username: opts.username, Pool: pool });
  user.setAuthenticationFlowType(opts['auth-flow']);
  const details = new AuthenticationDetails({ Username: opts.username, Password: opts.password });
  const challenges = [];

  const callbacks = {
    onSuccess(session) {
      const access = session.getAccessToken().decodePayload();
      const id = session.getIdToken().decodePayload();
      finish({
        outcome: 'success',
        challenges,
        access: pick(access, ['sub', 'token_use', 'username', 'client_id', 'scope', 'iss', 'device_key']),
        id: pick(id, ['sub', 'token_use', 'aud', 'iss', 'cognito:username', 'email', 'email_verified']),
        has_refresh: Boolean(session.getRefreshToken().getToken()),
      });
    },
    onFailure(err) {
      finish({
        outcome: 'failure',
        challenges,
        code: err && err.code,
        name: err && err.name,
        message: err && err.message,
        statusCode: err && err.statusCode,
      });
    },
    newPasswordRequired(userAttributes, requiredAttributes) {
      if (opts['new-password']) {
        challenges.push('NEW_PASSWORD_REQUIRED');
        // Attributes the service sent back may not be written again (email_verified etc.).
        user.completeNewPasswordChallenge(opts['new-password'], {}, callbacks);
        return;
      }
      finish({ outcome: 'newPasswordRequired', challenges, userAttributes, requiredAttributes });
    },
    totpRequired(challengeName, challengeParameters) {
      if (opts['totp-code']) {
        challenges.push(challengeName);
        user.sendMFACode(opts['totp-code'], callbacks, 'SOFTWARE_TOKEN_MFA');
        return;
      }
      finish({ outcome: 'totpRequired', challenges, challengeName, challengeParameters });
    },
    mfaRequired(challengeName, challengeParameters) {
      if (opts['mfa-code']) {
        challenges.push(challengeName);
        user.sendMFACode(opts['mfa-code'], callbacks, challengeName);
        return;
      }
      finish({ outcome: 'mfaRequired', challenges, challengeName, challengeParameters });
    },
    selectMFAType(challengeName, challengeParameters) {
      finish({ outcome: 'selectMFAType', challenges, challengeName, challengeParameters });
    },
    mfaSetup(challengeName, challengeParameters) {
      finish({ outcome: 'mfaSetup', challenges, challengeName, challengeParameters });
    },
    customChallenge(challengeParameters) {
      finish({ outcome: 'customChallenge', challenges, challengeParameters });
    },
  };
  user.authenticateUser(details, callbacks);
}

const timer = setTimeout(() => finish({ outcome: 'timeout', message: 'no answer within 30 s' }), 30000);
timer.unref();
try {
  main();
} catch (e) {
  finish({ outcome: 'crash', name: e && e.name, message: e && e.message, stack: e && e.stack });
}
