"""Nothing stored that should not be: invisible characters, and names differing only by case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from littlelemon.api.accounts.serializers import UserSerializer
from littlelemon.api.core.validators import (
    TEXT_HAS_INVISIBLE_CHARACTERS,
    TEXT_HAS_REPLACEMENT_CHARACTER,
)
from littlelemon.api.menu.models import Category, MenuItem
from littlelemon.api.menu.serializers import CATEGORY_SLUG_TAKEN, CATEGORY_TITLE_TAKEN
from tests.api.factories import CategoryFactory

pytestmark = pytest.mark.django_db

BAD_TEXT = {
    "nul": "Sal\x00ad",
    "newline": "Sal\nad",
    "bidi-override": "Salad \u202eelcip",
    "bidi-isolate": "Salad \u2066x",
    "zero-width-space": "Sal\u200bad",
    "zero-width-joiner": "Sal\u200dad",
    "bom": "\ufeffSalad",
    "private-use": "Salad \ue000",
    "line-separator": "Sal\u2028ad",
}


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_dish_and_category_titles_reject_invisible_characters(
    manager: Any, client_for: Callable[[Any], APIClient], text: str
) -> None:
    client = client_for(manager)
    category = CategoryFactory()
    dish = client.post(
        "/api/menu-items", {"title": text, "price": "5.00", "category": category.pk}, format="json"
    )
    assert dish.status_code == 400
    assert TEXT_HAS_INVISIBLE_CHARACTERS in dish.json()["title"]
    new = client.post("/api/categories", {"slug": "s", "title": text}, format="json")
    assert new.status_code == 400
    assert TEXT_HAS_INVISIBLE_CHARACTERS in new.json()["title"]
    assert not MenuItem.objects.exists()
    assert Category.objects.count() == 1


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_sign_up_and_profile_names_reject_invisible_characters(customer: Any, text: str) -> None:
    signup = APIClient().post(
        "/auth/users/", {"username": text, "password": "a-Long-pass-42!"}, format="json"
    )
    assert signup.status_code == 400
    assert "username" in signup.json()
    profile = UserSerializer(customer, data={"first_name": text}, partial=True)
    assert not profile.is_valid()
    assert TEXT_HAS_INVISIBLE_CHARACTERS in profile.errors["first_name"]
    assert get_user_model().objects.count() == 1


def test_the_replacement_character_is_refused_with_its_own_message(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(manager).post(
        "/api/categories", {"slug": "cafe", "title": "Caf\ufffd"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["title"] == [TEXT_HAS_REPLACEMENT_CHARACTER]


def test_ordinary_non_ascii_titles_are_kept(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    response = client_for(manager).post(
        "/api/categories", {"slug": "cafe", "title": "Café Ελληνικό 🍋"}, format="json"
    )
    assert response.status_code == 201
    assert Category.objects.get().title == "Café Ελληνικό 🍋"


def test_usernames_differing_only_by_case_are_one_account(customer: Any) -> None:
    response = APIClient().post(
        "/auth/users/", {"username": "CUSTOMER", "password": "a-Long-pass-42!"}, format="json"
    )
    assert response.status_code == 400
    assert "username" in response.json()
    assert get_user_model().objects.count() == 1


def test_the_database_refuses_a_username_differing_only_by_case(customer: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(username="Customer")


def test_login_finds_the_account_whatever_the_case(customer: Any) -> None:
    from tests.api.factories import PASSWORD

    response = APIClient().post(
        "/auth/jwt/create/", {"username": "CusTomer", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"slug": "MAINS", "title": "Other"}, "slug", CATEGORY_SLUG_TAKEN),
        ({"slug": "other", "title": "MAINS course"}, "title", CATEGORY_TITLE_TAKEN),
    ],
)
def test_category_slugs_and_titles_are_unique_ignoring_case(
    manager: Any,
    client_for: Callable[[Any], APIClient],
    body: dict[str, str],
    field: str,
    message: str,
) -> None:
    CategoryFactory(slug="mains", title="Mains Course")
    response = client_for(manager).post("/api/categories", body, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert Category.objects.count() == 1


def test_the_database_refuses_a_category_differing_only_by_case() -> None:
    CategoryFactory(slug="mains", title="Mains")
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(slug="MAINS", title="Other")
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(slug="other", title="mains")


def test_a_slug_keeps_its_slug_rule(manager: Any, client_for: Callable[[Any], APIClient]) -> None:
    response = client_for(manager).post(
        "/api/categories", {"slug": "not a slug", "title": "T"}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()
