"""Known-answer vectors for src/crypto/srp.rs, computed by pycognito's own client code.

Not run by CI: run it by hand and paste what it prints into the unit tests there.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pycognito==2024.5.1
    /tmp/venv/bin/python tests/vectors/srp_vectors.py

Every client-side number (A, u, the HKDF key, the claim signature, the device
verifier) comes from pycognito's functions, with its randomness replaced by fixed
values: `a` through a patched `generate_random_small_a`, the clock through a
patched `datetime`, and the device password and salt through a patched
`os.urandom`. pycognito has no server side, so v and B, which a server makes, are
computed here from the same formulas, and the server's S is checked to give the
client's key.
"""

import base64
import datetime
import hashlib
import types

from pycognito import aws_srp
from pycognito.aws_srp import (
    AWSSRP,
    calculate_u,
    compute_hkdf,
    hash_sha256,
    hex_hash,
    hex_to_long,
    long_to_hex,
    pad_hex,
)

POOL_ID = "us-east-1_AbC123"
USER_ID_FOR_SRP = "a3f9c2e1-5b7d-4e08-9c64-1f2e3d4c5b6a"
PASSWORD = "Correct-Horse-Battery-9!"
# First nibble 9, so its padded form gains a leading "00".
SALT_HEX = "9c41d2e8f07a3b5566e1a0b2c3d4e5f6"
DEVICE_GROUP_KEY = "-Xq3YbG8m"
DEVICE_KEY = "us-east-1_0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"
NOW = datetime.datetime(2026, 12, 1, 15, 13, 49)


def stream(label, n):
    """n deterministic bytes: SHA-256 of label-0, label-1, ... concatenated."""
    out = b"".join(hashlib.sha256(f"{label}-{i}".encode()).digest() for i in range(n // 32 + 1))
    return out[:n]


SMALL_A = int.from_bytes(stream("srp-test-a", 128), "big")
B_SECRET = stream("srp-test-b", 32)
B_SECRET_DEVICE = stream("srp-test-b-device", 32)
SECRET_BLOCK = stream("srp-test-secret-block", 48)


class FixedClock(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return cls(NOW.year, NOW.month, NOW.day, NOW.hour, NOW.minute, NOW.second)


aws_srp.datetime = types.SimpleNamespace(datetime=FixedClock, timezone=datetime.timezone)
AWSSRP.generate_random_small_a = lambda self: SMALL_A % self.big_n

urandom_calls = []


def fixed_urandom(n):
    urandom_calls.append(n)
    return stream(f"srp-test-urandom-{len(urandom_calls)}", n)


aws_srp.os = types.SimpleNamespace(urandom=fixed_urandom)


def server_b(helper, verifier, b_bytes):
    b = int.from_bytes(b_bytes, "big")
    return (helper.val_k * verifier + pow(helper.val_g, b, helper.big_n)) % helper.big_n


def server_key(helper, verifier, big_b, b_bytes):
    """What the server derives: S = (A * v^u)^b mod N, then the same HKDF."""
    n = helper.big_n
    u = calculate_u(helper.large_a_value, big_b)
    s = pow(helper.large_a_value * pow(verifier, u, n) % n, int.from_bytes(b_bytes, "big"), n)
    return compute_hkdf(bytearray.fromhex(pad_hex(s)), bytearray.fromhex(pad_hex(long_to_hex(u))))


def show(name, value):
    print(f"{name} = {value}")


def main():
    helper = AWSSRP(USER_ID_FOR_SRP, PASSWORD, POOL_ID, "client-id", client=object())
    realm = POOL_ID.split("_")[1]
    n = helper.big_n

    # The verifier a server stores for this user (as generate_hash_device makes one).
    inner = hash_sha256(f"{realm}{USER_ID_FOR_SRP}:{PASSWORD}".encode("utf-8"))
    x = hex_to_long(hex_hash(pad_hex(SALT_HEX) + inner))
    verifier = pow(helper.val_g, x, n)
    big_b = server_b(helper, verifier, B_SECRET)
    u = calculate_u(helper.large_a_value, big_b)
    key = helper.get_password_authentication_key(USER_ID_FOR_SRP, PASSWORD, big_b, SALT_HEX)
    assert key == server_key(helper, verifier, big_b, B_SECRET), "server and client keys differ"

    challenge = {
        "USERNAME": USER_ID_FOR_SRP,
        "USER_ID_FOR_SRP": USER_ID_FOR_SRP,
        "SALT": SALT_HEX,
        "SRP_B": long_to_hex(big_b),
        "SECRET_BLOCK": base64.standard_b64encode(SECRET_BLOCK).decode(),
    }
    response = helper.process_challenge(challenge, {"USERNAME": USER_ID_FOR_SRP})

    print("# user SRP (USER_SRP_AUTH / PASSWORD_VERIFIER)")
    show("pool_id", POOL_ID)
    show("user_id_for_srp", USER_ID_FOR_SRP)
    show("password", PASSWORD)
    show("salt", SALT_HEX)
    show("k", long_to_hex(helper.val_k))
    show("small_a", long_to_hex(helper.small_a_value))
    show("A", long_to_hex(helper.large_a_value))
    show("x", long_to_hex(x))
    show("verifier", pad_hex(verifier))
    show("b", B_SECRET.hex())
    show("B", long_to_hex(big_b))
    show("u", long_to_hex(u))
    show("hkdf_key", key.hex())
    show("secret_block_b64", challenge["SECRET_BLOCK"])
    show("timestamp", response["TIMESTAMP"])
    show("timestamp_unix", int(NOW.replace(tzinfo=datetime.timezone.utc).timestamp()))
    show("signature", response["PASSWORD_CLAIM_SIGNATURE"])

    # Device SRP: ConfirmDevice's verifier, then DEVICE_PASSWORD_VERIFIER.
    device_password, config = aws_srp.generate_hash_device(DEVICE_GROUP_KEY, DEVICE_KEY)
    device_verifier = int.from_bytes(base64.standard_b64decode(config["PasswordVerifier"]), "big")
    device_salt_hex = base64.standard_b64decode(config["Salt"]).hex()
    device = AWSSRP(
        USER_ID_FOR_SRP,
        None,
        POOL_ID,
        "client-id",
        client=object(),
        device_key=DEVICE_KEY,
        device_group_key=DEVICE_GROUP_KEY,
        device_password=device_password,
    )
    device_b = server_b(device, device_verifier, B_SECRET_DEVICE)
    device_challenge = {
        "USERNAME": USER_ID_FOR_SRP,
        "SALT": device_salt_hex,
        "SRP_B": long_to_hex(device_b),
        "SECRET_BLOCK": challenge["SECRET_BLOCK"],
    }
    device_key = device.get_device_authentication_key(
        DEVICE_GROUP_KEY, DEVICE_KEY, device_password, device_b, device_salt_hex
    )
    assert device_key == server_key(device, device_verifier, device_b, B_SECRET_DEVICE)
    device_response = device.process_device_challenge(device_challenge)

    print("# device SRP (ConfirmDevice, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER)")
    show("device_group_key", DEVICE_GROUP_KEY)
    show("device_key", DEVICE_KEY)
    show("device_password", device_password)
    show("config_password_verifier", config["PasswordVerifier"])
    show("config_salt", config["Salt"])
    show("device_b", B_SECRET_DEVICE.hex())
    show("device_B", long_to_hex(device_b))
    show("device_hkdf_key", device_key.hex())
    show("device_timestamp", device_response["TIMESTAMP"])
    show("device_signature", device_response["PASSWORD_CLAIM_SIGNATURE"])


if __name__ == "__main__":
    main()
