"""The admin discovers its model admins when first needed: its URLs, or its system checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DISCOVERY = """
import json, sys
import django
django.setup()
from django.contrib import admin
from django.core.checks import run_checks
from littlelemon.api.menu.models import MenuItem
at_start = [admin.site.is_registered(MenuItem), "littlelemon.api.menu.admin" in sys.modules]
{then}
print(json.dumps([at_start, admin.site.is_registered(MenuItem)]))
"""


def _run(then: str, tmp_path: Path) -> list[object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "LITTLELEMON_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", DISCOVERY.format(then=then)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded: list[object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_the_admins_checks_see_every_model_admin(tmp_path: Path) -> None:
    then = 'assert [m for m in run_checks(tags=["admin"]) if m.is_serious()] == []'
    assert _run(then, tmp_path) == [[False, False], True]


def test_reversing_an_admin_url_discovers_the_model_admins(tmp_path: Path) -> None:
    then = (
        "from django.urls import reverse\n"
        'assert reverse("admin:menu_menuitem_changelist") == "/admin/menu/menuitem/"'
    )
    assert _run(then, tmp_path) == [[False, False], True]
