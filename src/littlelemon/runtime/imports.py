"""Optional imports a third-party module would make at start-up, declined where unused."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

# DRF's `rest_framework.compat` imports each of these if it can, once, and only uses them
# for features this API does not have: `requests` for `RequestsClient` (tests), PyYAML for
# DRF's own OpenAPI renderer (drf-spectacular imports PyYAML itself when the schema is
# asked for), Markdown and Pygments for the browsable API (off: JSON renderer only), the
# PostgreSQL fields (ArrayField, HStoreField…; this pulls in psycopg) for ModelSerializer's
# field mapping. Together about 50 to 100 ms of a cold start on a non-PostgreSQL database.
DRF_OPTIONAL = ("requests", "yaml", "markdown", "pygments")
DRF_OPTIONAL_POSTGRES = ("django.contrib.postgres",)
POSTGRESQL_ENGINE = "django.db.backends.postgresql"


@contextmanager
def declined(*names: str) -> Iterator[None]:
    """Inside the block `import name` raises ImportError for modules not yet imported.

    A None entry in `sys.modules` is Python's documented way to make an import fail
    (https://docs.python.org/3/reference/import.html#the-module-cache). The entries are
    removed afterwards, so code that imports the module later gets it as usual: only the
    modules that probe for it inside the block decide without it.
    """
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def drf_compat_without_unused_extras(database_engine: str) -> None:
    """Import DRF's compat module with the optional extras the API does not use declined."""
    names: tuple[str, ...] = DRF_OPTIONAL
    if not database_engine.startswith(POSTGRESQL_ENGINE):
        names += DRF_OPTIONAL_POSTGRES
    with declined(*names):
        import rest_framework.compat  # noqa: F401


def load_every_urlconf() -> None:
    """Import every URLconf and view now (for a snapshot), not when a path first needs it.

    Building the reverse lookup walks every resolver, which imports the lazily included
    URLconfs (as `reverse()` would).
    """
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 (the property populates the resolvers)


def load_for_snapshot() -> None:
    """Everything a restored instance's first requests would import, loaded before a snapshot.

    Every URLconf and view, and the bearer-token path (simplejwt, cryptography and the public
    key's JWK), which an anonymous cold start leaves out but most restored requests need.
    """
    from django.conf import settings

    from littlelemon.api.accounts import bearer  # noqa: F401
    from littlelemon.api.core import keys

    load_every_urlconf()
    keys.key_id(settings.JWT_PUBLIC_KEY)
