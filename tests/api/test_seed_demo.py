"""`seed_demo`: idempotent, realistic, and honest about where the password comes from."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from littlelemon.api.accounts import roles
from littlelemon.api.menu.models import Category, MenuItem

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_uses_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "lemon-demo-pass")
    first = _seed()
    assert "14 dishes" in first
    assert "from the DEMO_PASSWORD environment variable" in first
    assert "lemon-demo-pass" not in first  # the password itself is never printed
    second = _seed()
    assert "0 categories, 0 dishes, 0 users created" in second
    assert MenuItem.objects.count() >= 12
    assert Category.objects.count() == 4
    assert MenuItem.objects.filter(featured=True).exists()
    for username in ("manager", "crew", "customer"):
        assert authenticate(username=username, password="lemon-demo-pass") is not None
    assert roles.is_manager(get_user_model().objects.get(username="manager"))
    assert roles.is_crew(get_user_model().objects.get(username="crew"))
    assert roles.is_customer(get_user_model().objects.get(username="customer"))


def test_seed_demo_keeps_a_managers_price_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "lemon-demo-pass")
    _seed()
    MenuItem.objects.filter(title="Greek Salad").update(price="99.00")
    _seed()
    assert str(MenuItem.objects.get(title="Greek Salad").price) == "99.00"


def test_seed_demo_generates_and_stores_a_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setenv("LITTLELEMON_DATA_DIR", str(tmp_path))
    output = _seed()
    stored = tmp_path / "secrets" / "demo-password"
    assert f"generated, stored in {stored}" in output
    password = stored.read_text().strip()
    assert len(password) >= 12
    assert authenticate(username="customer", password=password) is not None


def test_changing_demo_password_updates_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "first-password")
    _seed()
    monkeypatch.setenv("DEMO_PASSWORD", "second-password")
    _seed()
    assert authenticate(username="crew", password="second-password") is not None


def test_production_seeds_no_demo_users(settings: Any) -> None:
    settings.PRODUCTION = True
    output = _seed()
    assert "no demo users" in output
    assert not get_user_model().objects.exists()
    assert MenuItem.objects.count() == 14


def test_a_dish_a_manager_deleted_does_not_come_back_on_the_next_seed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "lemon-demo-pass")
    _seed()
    MenuItem.objects.filter(title="Greek Salad").delete()
    Category.objects.filter(slug="drinks").first().menu_items.all().delete()  # type: ignore[union-attr]
    Category.objects.filter(slug="drinks").delete()
    again = _seed()
    assert "0 categories, 0 dishes" in again
    assert not MenuItem.objects.filter(title="Greek Salad").exists()
    assert not Category.objects.filter(slug="drinks").exists()


def test_a_database_seeded_before_the_marker_is_not_seeded_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from littlelemon.api.core.models import SeedMarker

    monkeypatch.setenv("DEMO_PASSWORD", "lemon-demo-pass")
    _seed()
    SeedMarker.objects.all().delete()  # as an older release left it
    MenuItem.objects.filter(title="Baklava").delete()
    _seed()
    assert not MenuItem.objects.filter(title="Baklava").exists()
    assert SeedMarker.objects.filter(name="demo-menu").exists()
