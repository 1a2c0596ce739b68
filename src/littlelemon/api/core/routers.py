"""Read replicas: reads go to a replica, writes to the primary, and a user reads their writes.

RDS read replicas follow the primary asynchronously (usually well under a second behind,
but more under load). Three rules keep that lag invisible:

1. After a write, the rest of the request (or management command) reads from the primary.
2. A user who wrote in the last `DATABASE_READ_YOUR_WRITES_SECONDS` reads their own data
   (the apps in `READ_YOUR_WRITES_APPS`: cart, orders) from the primary, so the order just
   placed is in the next page's list. The marker is a cache key per user with that
   timeout: the cache is shared by every Lambda instance (the database cache lives on the
   primary), and a request looks it up once, only when it reads such data.
3. Accounts, tokens, sessions and the cache always use the primary: a blacklisted refresh
   token or a deactivated user must count at once, and they are small, indexed reads.

Everything else (the menu, categories: most of the traffic, and all of the anonymous
traffic) is read from a replica.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

# Always on the primary (rule 3). `django_cache` is the database cache's model.
PRIMARY_ONLY_APPS = frozenset(
    {"auth", "accounts", "token_blacklist", "sessions", "admin", "contenttypes", "django_cache"}
)
# A user's own data, read from the primary for a while after that user wrote (rule 2).
READ_YOUR_WRITES_APPS = frozenset({"cart", "orders"})
MARKER_KEY = "littlelemon:wrote:{user_id}"


@dataclass
class _Pin:
    """What the current request has learnt about where it must read."""

    wrote: bool = False
    request: HttpRequest | None = None
    recent_writer: bool | None = None  # None: not looked up yet


_pin: ContextVar[_Pin | None] = ContextVar("littlelemon_db_pin", default=None)


def _current() -> _Pin:
    pin = _pin.get()
    if pin is None:
        # Outside a request (a management command, a shell): one pin for the whole context.
        pin = _Pin()
        _pin.set(pin)
    return pin


def forget_writes() -> None:
    """Start a fresh context outside a request (tests, a long-running worker between jobs)."""
    _pin.set(None)


def replicas() -> list[str]:
    """The aliases of the configured replicas (settings.DATABASE_REPLICAS)."""
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def marker_key(user_id: Any) -> str:
    """The cache key that says "this user wrote a moment ago"."""
    return MARKER_KEY.format(user_id=user_id)


def _user_id(request: HttpRequest | None) -> Any:
    """The authenticated user of the request, once DRF has set it (its Request sets both)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user.pk


def _recent_writer(pin: _Pin) -> bool:
    if pin.recent_writer is None:
        user_id = _user_id(pin.request)
        if user_id is None:
            return False  # not authenticated (yet): nothing of theirs to read
        pin.recent_writer = cache.get(marker_key(user_id)) is not None
    return pin.recent_writer


class ReplicaRouter:
    """Django database router: writes and pinned reads to `default`, other reads to a replica."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return str(instance._state.db)  # follow the object's own database
        choices = replicas()
        app = model._meta.app_label
        if not choices or app in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        pin = _current()
        if pin.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if app in READ_YOUR_WRITES_APPS and _recent_writer(pin):
            return DEFAULT_DB_ALIAS
        # Random spreads the instances' connections over the replicas without shared state.
        return random.choice(choices)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        if model._meta.app_label != "django_cache":  # throttle counters pin nothing
            _current().wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        databases = {DEFAULT_DB_ALIAS, *replicas()}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True  # replicas hold the same rows as the primary
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db in replicas():
            return False  # a replica takes its schema from the primary, by replication
        return None


class ReadYourWritesMiddleware:
    """A fresh pin per request; after a write, mark the user as a recent writer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pin = _Pin(request=request)
        token = _pin.set(pin)
        try:
            response = self.get_response(request)
        finally:
            _pin.reset(token)
        user_id = _user_id(request)
        if pin.wrote and user_id is not None:
            cache.set(marker_key(user_id), 1, timeout=settings.DATABASE_READ_YOUR_WRITES_SECONDS)
        return response
