"""A software WebAuthn authenticator and client for the tests: it answers
`navigator.credentials.create()` and `.get()` options (as JSON, binary members
base64url) with the PublicKeyCredential JSON a browser's `toJSON()` gives (the shape
Amplify sends as CREDENTIAL). ES256 keys from `cryptography`, "none" attestation, and
a minimal CBOR encoder for what an authenticator writes. Everything a test may want to
get wrong is a parameter: the origin, the RP ID hashed into authenticatorData, the user
verification flag, the counter."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64u(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


def cbor(value) -> bytes:
    """CBOR (RFC 8949) for ints, bytes, text, lists and maps (keys in the given order)."""

    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | info]) + struct.pack(fmt, n)
        raise ValueError(n)

    if isinstance(value, bool):
        return bytes([0xF5 if value else 0xF4])
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    raise TypeError(type(value))


UP, UV, AT = 0x01, 0x04, 0x40


class Credential:
    def __init__(self, rp_id: str, user_handle: bytes, credential_id: bytes | None = None):
        self.rp_id = rp_id
        self.user_handle = user_handle
        self.id = credential_id or os.urandom(32)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.counter = 0

    def spki(self) -> bytes:
        return self.key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    def cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})


class SoftAuthenticator:
    """A platform authenticator holding discoverable ES256 credentials."""

    def __init__(self, origin: str):
        self.origin = origin
        self.credentials: list[Credential] = []

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin, "crossOrigin": False}).encode()

    def create(self, options: dict, origin: str | None = None, rp_id: str | None = None, uv: bool = True,
               reuse: Credential | None = None, store: bool = True) -> dict:
        """navigator.credentials.create({publicKey: options}).toJSON(). `rp_id` overrides
        the RP ID hashed into authenticatorData (to answer for another relying party);
        `reuse` answers with an existing credential's id and key."""
        rp = options["rp"].get("id") or ""
        cred = reuse or Credential(rp, unb64u(options["user"]["id"]))
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        flags = UP | AT | (UV if uv else 0)
        attested = bytes(16) + struct.pack(">H", len(cred.id)) + cred.id + cred.cose_key()
        auth_data = hashlib.sha256((rp_id or rp).encode()).digest() + bytes([flags]) + struct.pack(">I", cred.counter) + attested
        attestation = cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        if store and reuse is None:
            self.credentials.append(cred)
        return {
            "id": b64u(cred.id),
            "rawId": b64u(cred.id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            # What a browser's toJSON() adds beside the attestation (Amplify sends it too).
            "response": {"clientDataJSON": b64u(client_data), "attestationObject": b64u(attestation), "transports": ["internal", "hybrid"],
                         "authenticatorData": b64u(auth_data), "publicKeyAlgorithm": -7, "publicKey": b64u(cred.spki())},
        }

    def get(self, options: dict, origin: str | None = None, rp_id: str | None = None, uv: bool = True,
            credential: Credential | None = None, counter: int | None = None) -> dict:
        """navigator.credentials.get({publicKey: options}).toJSON(): the first allowed
        credential (any of this RP's, for a usernameless request), or `credential`."""
        allowed = {c["id"] for c in options.get("allowCredentials") or []}
        cred = credential or next(c for c in self.credentials if c.rp_id == options["rpId"] and (not allowed or b64u(c.id) in allowed))
        cred.counter = cred.counter + 1 if counter is None else counter
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = hashlib.sha256((rp_id or cred.rp_id).encode()).digest() + bytes([UP | (UV if uv else 0)]) + struct.pack(">I", cred.counter)
        signature = cred.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64u(cred.id),
            "rawId": b64u(cred.id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64u(client_data),
                "authenticatorData": b64u(auth_data),
                "signature": b64u(signature),
                "userHandle": b64u(cred.user_handle),
            },
        }
