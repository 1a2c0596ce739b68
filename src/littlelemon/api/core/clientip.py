"""The end user's address: the web tier's signed `X-Web-Client-IP`, else the connection's.

Every visitor of the web site reaches the API from the web server's address, so limits per
address would be site-wide. The web tier signs the visitor's address with WEB_TIER_KEY
(`littlelemon.contract.webtier`); the middleware below trusts the forwarded address only
when that signature is valid and fresh, and then makes it `REMOTE_ADDR`, so throttles
(DRF's `get_ident`), the login lockout and Django's request logs all see the end user.
Without the key, or with a bad signature, the headers are ignored: the connection's own
address (API Gateway's `requestContext.http.sourceIp`) stays the client address.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable
from typing import Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request

from littlelemon.contract import webtier

logger = logging.getLogger(__name__)

PEER_ADDRESS_META: Final = "LITTLELEMON_PEER_ADDR"  # the connection's address, kept for logs
_CLIENT_IP_META: Final = "HTTP_" + webtier.CLIENT_IP_HEADER.upper().replace("-", "_")
_SIGNATURE_META: Final = "HTTP_" + webtier.SIGNATURE_HEADER.upper().replace("-", "_")
MAX_ADDRESS_LENGTH: Final = 45  # the longest textual IPv6 address


def forwarded_client_address(request: HttpRequest, *, now: int | None = None) -> str | None:
    """The address the web tier vouches for, or None when nothing is (validly) vouched."""
    key: bytes = settings.WEB_TIER_KEY
    forwarded = request.META.get(_CLIENT_IP_META, "")
    signature = request.META.get(_SIGNATURE_META, "")
    if not key or not forwarded or not signature or len(forwarded) > MAX_ADDRESS_LENGTH:
        return None
    try:
        address = str(ipaddress.ip_address(forwarded))
    except ValueError:
        return None
    # verify() signs the address exactly as sent, so compare the canonical form too.
    if address != forwarded:
        return None
    moment = int(time.time()) if now is None else now
    if not webtier.verify(key=key, client_ip=forwarded, signature=signature, now=moment):
        logger.warning("ignored a forwarded client address with an invalid signature")
        return None
    return address


def client_address(request: HttpRequest | Request) -> str:
    """The end user's address as the middleware settled it."""
    return str(request.META.get("REMOTE_ADDR") or "")


class WebTierClientAddressMiddleware:
    """Replace REMOTE_ADDR by the web tier's verified forwarded address (first middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = forwarded_client_address(request)
        if forwarded is not None:
            request.META[PEER_ADDRESS_META] = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = forwarded
        return self.get_response(request)
