"""A new gunicorn worker is warmed before its first request: templates, URLconf, API client."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest
from django.template import engines
from django.test import override_settings

from littlelemon.web import warmup
from littlelemon.web.client import transport

CONFIG = Path(warmup.__file__).with_name("gunicorn.conf.py")


@override_settings(DEBUG=False)
def test_warm_up_compiles_every_template_and_builds_the_pooled_api_client() -> None:
    transport.close_shared_http_clients()
    loader = engines["django"].engine.template_loaders[0]  # the cached loader (DEBUG off)
    loader.reset()
    warmup.warm_up()
    names = {
        template.relative_to(warmup.TEMPLATES).as_posix()
        for template in warmup.TEMPLATES.rglob("*.html")
    }
    cached = {key.split("-")[0] for key in loader.get_template_cache}
    assert "web/menu.html" in names
    assert names <= cached
    assert [key[0] for key in transport._pools] == [os.getpid()]


def test_gunicorn_runs_the_warm_up_in_each_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    config = runpy.run_path(str(CONFIG))
    called: list[bool] = []
    monkeypatch.setattr(warmup, "warm_up", lambda: called.append(True))
    config["post_worker_init"](object())
    assert called == [True]
