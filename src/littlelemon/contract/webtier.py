"""How the web tier vouches for the end user's address on server-to-server api calls.

Every visitor reaches the api from the web server's address, so the web tier forwards the
visitor's address and signs it with a key only the two tiers hold (WEB_TIER_KEY); the api
trusts the forwarded address only when the signature is valid and fresh.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

KEY_VARIABLE: Final = "WEB_TIER_KEY"  # the same environment variable in both tiers
CLIENT_IP_HEADER: Final = "X-Web-Client-IP"
SIGNATURE_HEADER: Final = "X-Web-Signature"
MAX_SKEW_S: Final = 300  # a captured signature is worthless after five minutes
MIN_KEY_BYTES: Final = 32


def _mac(key: bytes, client_ip: str, timestamp: int) -> str:
    message = f"{timestamp}.{client_ip}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(*, key: bytes, client_ip: str, now: int) -> str:
    """The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256>`."""
    return f"t={now},v1={_mac(key, client_ip, now)}"


def verify(*, key: bytes, client_ip: str, signature: str, now: int) -> bool:
    """True when `signature` was made with `key` for `client_ip` within MAX_SKEW_S of now."""
    fields = dict(part.partition("=")[::2] for part in signature.split(","))
    timestamp, mac = fields.get("t", ""), fields.get("v1", "")
    if not timestamp.isdigit() or abs(now - int(timestamp)) > MAX_SKEW_S:
        return False
    return hmac.compare_digest(mac, _mac(key, client_ip, int(timestamp)))


# CloudFront adds this header, with a value from Secrets Manager, to every request it sends
# to the web origin; the web tier refuses requests without it (another CloudFront
# distribution passes the origin's prefix-list rule, but does not know the value).
ORIGIN_VERIFY_HEADER: Final = "X-Origin-Verify"
ORIGIN_VERIFY_VARIABLE: Final = "WEB_ORIGIN_VERIFY_SECRET"  # the web tier's setting
