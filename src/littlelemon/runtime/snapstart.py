"""Lambda SnapStart hooks for the API function: prime before the snapshot, reset after restore.

With SnapStart, Lambda runs the init phase once when a version is published, snapshots the
memory, and starts every instance from that snapshot. Priming runs one request through the
handler first, so the snapshot already holds what the first request would otherwise import
(URLconf, views, serializers, DRF's renderers). Nothing that must be unique or fresh per
instance may survive into the snapshot: database connections are closed before it, and
after a restore cached credentials (an IAM token signed at snapshot time) are dropped, so
the first request connects anew with fresh credentials.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from littlelemon.runtime.context import LocalLambdaContext

PRIMING_PATH = "/health"  # answers without the database, which may be unreachable at publish
FALLBACK_HOST = "localhost"


def priming_host(allowed_hosts: Sequence[str]) -> str:
    """A host name that ALLOWED_HOSTS accepts, so the priming request reaches the view.

    Production allows only the API's own names; a `Host: localhost` request would stop at
    Django's host check with a 400 (and a DisallowedHost traceback in the log), priming
    none of the view code. A `.example.com` entry also matches `example.com` itself.
    """
    for entry in allowed_hosts:
        host = entry.lstrip(".")
        if host and "*" not in host:
            return host
    return FALLBACK_HOST


def priming_event(host: str = FALLBACK_HOST) -> dict[str, Any]:
    """A minimal payload 2.0 GET, enough to run the whole request path.

    Like AWS's sample events it has no Host header: the handler takes the host from
    `requestContext.domainName`, so priming also runs that path.
    """
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": PRIMING_PATH,
        "rawQueryString": "",
        "headers": {"user-agent": "snapstart-priming"},
        "requestContext": {
            "domainName": host,
            "http": {
                "method": "GET",
                "path": PRIMING_PATH,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "snapstart-priming",
            },
            "requestId": "snapstart-priming",
            "routeKey": "$default",
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }


def close_database_connections() -> None:
    from django.db import connections

    connections.close_all()


def prime(handler: Callable[[dict[str, Any], Any], dict[str, Any]]) -> None:
    """Serve one request so its imports are in the snapshot, then close every connection."""
    from django.conf import settings

    event = priming_event(priming_host(settings.ALLOWED_HOSTS))
    handler(event, LocalLambdaContext(function_name="api-priming"))
    close_database_connections()


def after_restore() -> None:
    """Forget what the snapshot captured that must be fresh per instance."""
    from littlelemon.runtime.credentials import forget_credentials

    forget_credentials()
    close_database_connections()


def register(handler: Callable[[dict[str, Any], Any], dict[str, Any]]) -> bool:
    """Register the hooks with the Lambda runtime; False where SnapStart is not available."""
    try:
        from snapshot_restore_py import (
            register_after_restore,
            register_before_snapshot,
        )
    except ImportError:  # not on Lambda's Python runtime (locally, in tests)
        return False
    register_before_snapshot(lambda: prime(handler))
    register_after_restore(after_restore)
    return True
