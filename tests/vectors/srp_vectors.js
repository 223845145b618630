// The JavaScript client's answers for the same fixed values as srp_vectors.py, from
// amazon-cognito-identity-js's own AuthenticationHelper (the SRP code Amplify uses).
// Not run by CI. Run by hand and compare with srp_vectors.py and the Rust tests:
//
//   mkdir /tmp/acij && cd /tmp/acij && npm init -y && npm install amazon-cognito-identity-js@6.3.12
//   NODE_PATH=/tmp/acij/node_modules node tests/vectors/srp_vectors.js
//
// Randomness is replaced as in the Python script: `a` is set on the helper, the device
// password through `generateRandomString`, and the device salt by feeding
// crypto.getRandomValues the salt's bytes (generateHashDevice draws them through a
// module-private randomBytes). The claim signature is built as CognitoUser.js does it
// (authenticateUserDefaultAuth and getDeviceResponse): HMAC-SHA256 under the HKDF key
// of realm ‖ user ‖ SECRET_BLOCK bytes ‖ timestamp.
'use strict';

const nodeCrypto = require('crypto');
const { Sha256 } = require('@aws-crypto/sha256-js');
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const POOL_ID = 'us-east-1_AbC123';
const USER_ID_FOR_SRP = 'a3f9c2e1-5b7d-4e08-9c64-1f2e3d4c5b6a';
const PASSWORD = 'Correct-Horse-Battery-9!';
const SALT_HEX = '9c41d2e8f07a3b5566e1a0b2c3d4e5f6';
const DEVICE_GROUP_KEY = '-Xq3YbG8m';
const DEVICE_KEY = 'us-east-1_0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
const TIMESTAMP = 'Tue Dec 1 15:13:49 UTC 2026';

function stream(label, n) {
	const parts = [];
	for (let i = 0; i <= Math.floor(n / 32); i++) {
		parts.push(nodeCrypto.createHash('sha256').update(`${label}-${i}`).digest());
	}
	return Buffer.concat(parts).subarray(0, n);
}

const SMALL_A_HEX = stream('srp-test-a', 128).toString('hex');
const B_SECRET_HEX = stream('srp-test-b', 32).toString('hex');
const B_SECRET_DEVICE_HEX = stream('srp-test-b-device', 32).toString('hex');
const SECRET_BLOCK = stream('srp-test-secret-block', 48);
// srp_vectors.py's first two os.urandom calls: the device password, then the salt.
const DEVICE_PASSWORD = stream('srp-test-urandom-1', 40).toString('base64');
const DEVICE_SALT = stream('srp-test-urandom-2', 16);

// Words handed out by crypto.getRandomValues while this queue is not empty.
const queued = [];
const realGetRandomValues = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
globalThis.crypto.getRandomValues = arr => {
	if (queued.length === 0) return realGetRandomValues(arr);
	arr[0] = queued.shift();
	return arr;
};

function helperWithFixedA(realm) {
	const helper = new AuthenticationHelper(realm);
	helper.smallAValue = new BigInteger(SMALL_A_HEX, 16).mod(helper.N);
	helper.largeAValue = undefined;
	helper.getLargeAValue(() => {});
	return helper;
}

// This BigInteger's modPow answers through a callback, called before it returns.
function modPow(base, exponent, modulus) {
	let out;
	base.modPow(exponent, modulus, (err, result) => {
		if (err) throw err;
		out = result;
	});
	return out;
}

// What a server sends as SRP_B for verifier v: k·v + g^b mod N.
function serverB(helper, verifier, bHex) {
	return helper.k
		.multiply(verifier)
		.add(modPow(helper.g, new BigInteger(bHex, 16), helper.N))
		.mod(helper.N);
}

function sign(helper, user, password, bigB, saltHex, realm, cb) {
	helper.getPasswordAuthenticationKey(user, password, bigB, new BigInteger(saltHex, 16), (err, hkdf) => {
		if (err) throw err;
		const message = Buffer.concat([
			Buffer.from(realm, 'utf8'),
			Buffer.from(user, 'utf8'),
			SECRET_BLOCK,
			Buffer.from(TIMESTAMP, 'utf8'),
		]);
		const mac = new Sha256(hkdf);
		mac.update(message);
		cb(Buffer.from(hkdf).toString('hex'), Buffer.from(mac.digestSync()).toString('base64'));
	});
}

const realm = POOL_ID.split('_')[1];
const user = helperWithFixedA(realm);
const x = new BigInteger(user.hexHash(user.padHex(new BigInteger(SALT_HEX, 16)) + user.hash(`${realm}${USER_ID_FOR_SRP}:${PASSWORD}`)), 16);
const verifier = modPow(user.g, x, user.N);
const bigB = serverB(user, verifier, B_SECRET_HEX);
sign(user, USER_ID_FOR_SRP, PASSWORD, bigB, SALT_HEX, realm, (hkdf, signature) => {
	console.log('# user SRP');
	console.log(`k = ${user.k.toString(16)}`);
	console.log(`A = ${user.largeAValue.toString(16)}`);
	console.log(`verifier = ${user.padHex(verifier)}`);
	console.log(`B = ${bigB.toString(16)}`);
	console.log(`u = ${user.UValue.toString(16)}`);
	console.log(`hkdf_key = ${hkdf}`);
	console.log(`signature = ${signature}`);
});

const device = new AuthenticationHelper(DEVICE_GROUP_KEY);
device.generateRandomString = () => DEVICE_PASSWORD;
for (let i = 0; i < 16; i += 4) queued.push(DEVICE_SALT.readUInt32BE(i));
device.generateHashDevice(DEVICE_GROUP_KEY, DEVICE_KEY, err => {
	if (err) throw err;
	const saltHex = device.getSaltDevices();
	const deviceVerifier = new BigInteger(device.getVerifierDevices(), 16);
	const client = helperWithFixedA(DEVICE_GROUP_KEY);
	const deviceB = serverB(client, deviceVerifier, B_SECRET_DEVICE_HEX);
	sign(client, DEVICE_KEY, DEVICE_PASSWORD, deviceB, saltHex, DEVICE_GROUP_KEY, (hkdf, signature) => {
		console.log('# device SRP');
		console.log(`device_password = ${DEVICE_PASSWORD}`);
		console.log(`config_password_verifier = ${Buffer.from(device.getVerifierDevices(), 'hex').toString('base64')}`);
		console.log(`config_salt = ${Buffer.from(saltHex, 'hex').toString('base64')}`);
		console.log(`device_B = ${deviceB.toString(16)}`);
		console.log(`device_hkdf_key = ${hkdf}`);
		console.log(`device_signature = ${signature}`);
	});
});
