"""gunicorn loads and warms the site in its master; each forked worker opens its API client."""

from __future__ import annotations

import gc
import json
import logging
import os
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from django.core.cache import cache
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.test import override_settings
from web_fakes import paginated

from littlelemon.web import warmup
from littlelemon.web.client import transport
from littlelemon.web.views.public import CATEGORIES_CACHE_KEY

CONFIG = Path(warmup.__file__).with_name("gunicorn.conf.py")
FORM_TEMPLATES = Path(__import__("django.forms").forms.__file__).parent / "templates"


@pytest.fixture
def gunicorn_config() -> Iterator[dict[str, Any]]:
    """The config file's names; reading it disables the collector, so it is restored after."""
    enabled = gc.isenabled()
    try:
        yield runpy.run_path(str(CONFIG))
    finally:
        if enabled:
            gc.enable()


def _cached_names(engine: Any) -> set[str]:
    loader = engine.template_loaders[0]  # the cached loader (DEBUG off)
    return {key.split("-")[0] for key in loader.get_template_cache}


def _names(directory: Path) -> set[str]:
    return {path.relative_to(directory).as_posix() for path in directory.rglob("*.html")}


def test_gunicorn_loads_the_site_once_and_forks_every_worker_from_it(
    gunicorn_config: dict[str, Any],
) -> None:
    assert gunicorn_config["preload_app"] is True


def test_the_master_warms_and_freezes_the_site_before_forking_and_workers_collect_again(
    gunicorn_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    monkeypatch.setattr(warmup, "warm_up_shared", lambda: steps.append("warm"))
    monkeypatch.setattr(gc, "freeze", lambda: steps.append("freeze"))

    assert not gc.isenabled()  # reading the config: no collection while the site loads
    gunicorn_config["when_ready"](object())
    gunicorn_config["pre_fork"](object(), object())

    assert steps == ["warm", "freeze"]
    assert gc.isenabled()


def test_each_worker_builds_its_own_api_client(
    gunicorn_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[bool] = []
    monkeypatch.setattr(warmup, "warm_up_worker", lambda: called.append(True))

    gunicorn_config["post_worker_init"](object())

    assert called == [True]


@override_settings(DEBUG=False)
def test_shared_warm_up_compiles_every_site_and_form_template_and_opens_no_connection() -> None:
    site = engines["django"].engine  # type: ignore[attr-defined]
    forms = get_default_renderer().engine.engine  # type: ignore[attr-defined]
    for engine in (site, forms):
        engine.template_loaders[0].reset()
    transport.close_shared_http_clients()

    warmup.warm_up_shared()

    assert "web/menu.html" in _names(warmup.TEMPLATES)
    assert _names(warmup.TEMPLATES) <= _cached_names(site)
    assert "django/forms/widgets/select.html" in _names(FORM_TEMPLATES)
    assert _names(FORM_TEMPLATES) <= _cached_names(forms)
    # Sockets must not cross a fork: the master builds no pooled client.
    assert transport._pools == {}


def test_every_pooled_client_of_a_process_shares_one_tls_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[object] = []
    create = httpx.create_ssl_context
    monkeypatch.setattr(httpx, "create_ssl_context", lambda: made.append(1) or create())
    transport.tls_context.cache_clear()
    try:
        transport.shared_http_client("https://api.one.test", 2.0, 8.0)
        transport.shared_http_client("https://api.two.test", 2.0, 8.0)
    finally:
        transport.tls_context.cache_clear()

    assert len(made) == 1


def test_a_worker_opens_its_first_api_connection_and_keeps_the_menu_categories(
    api: respx.MockRouter,
) -> None:
    listed = api.get("/api/categories").respond(
        200, json=paginated([{"id": 1, "slug": "mains", "title": "Mains"}])
    )

    warmup.warm_up_worker()

    assert listed.call_count == 1
    assert [key[0] for key in transport._pools] == [os.getpid()]
    assert [category.slug for category in cache.get(CATEGORIES_CACHE_KEY)] == ["mains"]


def test_a_worker_starts_even_when_the_api_does_not_answer(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get("/api/categories").mock(side_effect=httpx.ConnectError("refused"))

    with caplog.at_level(logging.WARNING, logger=warmup.__name__):
        warmup.warm_up_worker()

    assert caplog.records[-1].msg == warmup.WARM_UP_CALL_FAILED_MESSAGE
    assert cache.get(CATEGORIES_CACHE_KEY) is None


FIRST_PAGE_SCRIPT = """
import io, json, os, sys
from littlelemon.web.wsgi import application
from littlelemon.web.warmup import warm_up_shared
warm_up_shared()
loaded = set(sys.modules)
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/login", "QUERY_STRING": "",
    "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
    "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
    "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
}
status = []
b"".join(application(environ, lambda code, headers, exc_info=None: status.append(code)))
print(json.dumps({
    "status": status[0],
    "imported_by_the_first_page": sorted(set(sys.modules) - loaded),
    "httpx_cli": [name for name in ("click", "rich", "pygments") if name in loaded],
    "pydantic_plugins": os.environ["PYDANTIC_DISABLE_PLUGINS"],
}))
"""


def test_after_the_warm_up_a_first_page_imports_nothing_and_unused_extras_stay_out(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "DJANGO_ENV": "local",
        "LITTLELEMON_DATA_DIR": str(tmp_path),
        "API_BASE_URL": "http://127.0.0.1:9",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAGE_SCRIPT], env=env, capture_output=True, check=True
    )

    result = json.loads(done.stdout)
    assert result["status"].startswith("200")
    assert result["imported_by_the_first_page"] == []
    assert result["httpx_cli"] == []
    assert result["pydantic_plugins"] == "__all__"  # not looked for in every distribution
