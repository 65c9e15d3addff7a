"""Server side of SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL uses it.

PostgreSQL clients send an empty SCRAM user name (the user comes from the startup packet), which
general SCRAM libraries refuse, so the exchange is implemented here on hashlib/hmac. No channel
binding (SCRAM-SHA-256-PLUS is not offered). Must not do any I/O.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


class ScramFailure(Exception):
    """Authentication failed or the client's messages were malformed."""


def _attrs(msg: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in msg.split(","):
        if len(part) < 2 or part[1] != "=":
            raise ScramFailure(f"malformed SCRAM attribute {part[:20]!r}")
        out[part[0]] = part[2:]
    return out


class ScramServer:
    """One SCRAM-SHA-256 exchange against a stored verifier."""

    def __init__(self, salt: bytes, stored_key: bytes, server_key: bytes, iterations: int) -> None:
        self.salt = salt
        self.stored_key = stored_key
        self.server_key = server_key
        self.iterations = iterations
        self.gs2 = ""
        self.client_first_bare = ""
        self.server_first = ""
        self.nonce = ""
        self.auth_message = ""

    def server_first_message(self, client_first: str) -> str:
        if client_first.startswith("p="):
            raise ScramFailure("channel binding is not supported; use SCRAM-SHA-256")
        if not (client_first.startswith("n,") or client_first.startswith("y,")):
            raise ScramFailure("malformed SCRAM client-first message")
        first_comma = client_first.index(",")
        second = client_first.index(",", first_comma + 1)
        self.gs2 = client_first[:second + 1]
        self.client_first_bare = client_first[second + 1:]
        attrs = _attrs(self.client_first_bare)
        cnonce = attrs.get("r", "")
        if not cnonce:
            raise ScramFailure("SCRAM client nonce missing")
        self.nonce = cnonce + base64.b64encode(secrets.token_bytes(18)).decode("ascii")
        self.server_first = (f"r={self.nonce},s={base64.b64encode(self.salt).decode('ascii')},"
                             f"i={self.iterations}")
        return self.server_first

    def server_final_message(self, client_final: str) -> str:
        """Verify the client's proof; the server signature to send back."""
        idx = client_final.rfind(",p=")
        if idx < 0:
            raise ScramFailure("SCRAM proof missing")
        without_proof = client_final[:idx]
        attrs = _attrs(without_proof)
        if attrs.get("r") != self.nonce:
            raise ScramFailure("SCRAM nonce mismatch")
        if attrs.get("c") != base64.b64encode(self.gs2.encode()).decode("ascii"):
            raise ScramFailure("SCRAM channel binding data mismatch")
        try:
            proof = base64.b64decode(client_final[idx + 3:], validate=True)
        except ValueError as exc:
            raise ScramFailure("SCRAM proof is not base64") from exc
        self.auth_message = f"{self.client_first_bare},{self.server_first},{without_proof}"
        signature = hmac.new(self.stored_key, self.auth_message.encode(), hashlib.sha256).digest()
        if len(proof) != len(signature):
            raise ScramFailure("SCRAM proof has the wrong length")
        client_key = bytes(a ^ b for a, b in zip(proof, signature, strict=True))
        if not hmac.compare_digest(hashlib.sha256(client_key).digest(), self.stored_key):
            raise ScramFailure("wrong password")
        server_sig = hmac.new(self.server_key, self.auth_message.encode(), hashlib.sha256).digest()
        return "v=" + base64.b64encode(server_sig).decode("ascii")
