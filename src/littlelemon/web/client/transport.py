"""The pooled connection to the API: one `httpx.Client` per process, timeouts, GET retry.

Every call has connect/read timeouts. An idempotent request (GET, HEAD, OPTIONS, or one
the caller marks with `RETRY_EXTENSION`, such as a booking with an idempotency key) is
sent once more when the connection fails before an answer: a refused connection or a
keep-alive socket the server already closed. Transport failures become
`ApiUnavailableError`, error answers the typed errors of `errors.py`, and answers are
read into the models of `models.py`.
"""

from __future__ import annotations

import functools
import logging
import os
import ssl
import threading
import time
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import httpx
from pydantic import TypeAdapter, ValidationError

from littlelemon.contract import webtier
from littlelemon.web.client.auth import TokenAuth, TokenStore
from littlelemon.web.client.errors import (
    TOO_SLOW_MESSAGE,
    UNREACHABLE_MESSAGE,
    UNREADABLE_ANSWER_MESSAGE,
    ApiUnavailableError,
    AuthenticationRequiredError,
    error_from_response,
)

logger = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_EXTENSION = "littlelemon_retry"
MAX_PAGE_SIZE = 100

M = TypeVar("M")


class RetryTransport(httpx.BaseTransport):
    """Sends an idempotent request a second time when the first never got an answer."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retry = request.method in IDEMPOTENT_METHODS or request.extensions.get(RETRY_EXTENSION)
        try:
            return self.inner.handle_request(request)
        except (httpx.ConnectError, httpx.RemoteProtocolError) as error:
            if not retry:
                raise
            # Nothing reached the API (or the answer was lost): repeating is harmless.
            logger.info("retrying %s %s after %s", request.method, request.url.path, error)
            return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


_pool_lock = threading.Lock()
_pools: dict[tuple[int, str, float, float], httpx.Client] = {}


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The process's TLS settings for the API, as httpx makes them (certifi, SSL_CERT_FILE).

    Built once: loading the CA bundle costs about 40 ms, and every pooled client would
    otherwise load it again. A context holds no connection, so the one gunicorn's master
    builds before forking serves every worker (sockets are per client, per process).
    """
    return httpx.create_ssl_context()


def shared_http_client(base_url: str, connect_timeout: float, read_timeout: float) -> httpx.Client:
    """The process's pooled client for `base_url` (a new one after a fork: sockets don't travel)."""
    key = (os.getpid(), base_url, connect_timeout, read_timeout)
    with _pool_lock:
        client = _pools.get(key)
        if client is None:
            limits = httpx.Limits(
                max_connections=50, max_keepalive_connections=20, keepalive_expiry=30.0
            )
            client = httpx.Client(
                base_url=base_url,
                timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
                transport=RetryTransport(httpx.HTTPTransport(verify=tls_context(), limits=limits)),
                headers={"Accept": "application/json", "User-Agent": "littlelemon-web"},
            )
            _pools[key] = client
        return client


def close_shared_http_clients() -> None:
    """Close every pooled client (tests, worker exit)."""
    with _pool_lock:
        for client in _pools.values():
            client.close()
        _pools.clear()


@functools.cache
def _adapter(shape: Hashable) -> TypeAdapter[Any]:
    # Building an adapter compiles a validator: once per shape, not once per answer.
    return TypeAdapter(cast(Any, shape))


def parse(shape: type[M], response: httpx.Response) -> M:
    """The answer read as `shape`; an answer of another shape is a broken contract."""
    try:
        value: M = _adapter(cast(Hashable, shape)).validate_json(response.content)
    except ValidationError as error:
        logger.error(
            "%s %s: answer is not a %s: %s",
            response.request.method,
            response.request.url.path,
            shape,
            error,
        )
        raise ApiUnavailableError(502, UNREADABLE_ANSWER_MESSAGE) from error
    return value


def page_params(page: int, page_size: int) -> dict[str, Any]:
    return {"page": page, "page_size": min(max(page_size, 1), MAX_PAGE_SIZE)}


@dataclass(frozen=True, kw_only=True)
class Visitor:
    """Whose request this is, as the web tier vouches for it to the API (contract/webtier)."""

    address: str
    key: bytes

    def headers(self, *, now: int | None = None) -> dict[str, str]:
        """The visitor's address and its signature, fresh for this call."""
        stamp = int(time.time()) if now is None else now
        return {
            webtier.CLIENT_IP_HEADER: self.address,
            webtier.SIGNATURE_HEADER: webtier.sign(key=self.key, client_ip=self.address, now=stamp),
        }


class Requester:
    """Sends requests on the pooled client, as one user (with their tokens) or anonymously.

    With a `visitor`, every call carries the visitor's signed address, so the API throttles
    and locks out per visitor instead of per web server.
    """

    def __init__(
        self, http: httpx.Client, tokens: TokenStore | None = None, visitor: Visitor | None = None
    ) -> None:
        self.http = http
        self.tokens = tokens
        self.visitor = visitor

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        retry: bool = False,
    ) -> httpx.Response:
        """The answer to one call; raises the typed error for an error answer or none."""
        token_auth: TokenAuth | None = None
        if auth:
            if self.tokens is None:
                raise AuthenticationRequiredError(401, "Please log in.")
            token_auth = TokenAuth(self.tokens)
        all_headers = {**(self.visitor.headers() if self.visitor else {}), **(headers or {})}
        try:
            response = self.http.request(
                method,
                path,
                params=params,
                json=json,
                data=data,
                files=files,
                headers=all_headers,
                auth=token_auth,
                extensions={RETRY_EXTENSION: True} if retry else None,
            )
        except httpx.TimeoutException as error:
            raise ApiUnavailableError(504, TOO_SLOW_MESSAGE) from error
        except httpx.TransportError as error:
            raise ApiUnavailableError(503, UNREACHABLE_MESSAGE) from error
        if response.is_error:
            raise error_from_response(response)
        return response

    def get(
        self, shape: type[M], path: str, *, params: Mapping[str, Any] | None = None, auth: bool
    ) -> M:
        return parse(shape, self.request("GET", path, params=params, auth=auth))


class Endpoints:
    """A group of related API calls sharing one `Requester`."""

    def __init__(self, requester: Requester) -> None:
        self.requester = requester
