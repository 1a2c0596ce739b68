"""Shapes of the API's answers for the web tests: tokens, menu items, pages."""

from __future__ import annotations

import base64
import json
import os
import re
import time
from typing import Any

from littlelemon.contract.claims import ROLE_CLAIM
from littlelemon.contract.roles import effective_role

API = "http://api.test"
WEB_TIER_KEY = "test-web-tier-key-" + "k" * 32
JWT_PATTERN = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def make_jwt(
    username: str,
    groups: list[str],
    user_id: int,
    token_type: str = "access",
    lifetime_seconds: int = 900,
) -> str:
    """A token shaped like the API's (the web tier reads its claims, the API verifies it)."""
    now = int(time.time())
    claims = {
        "token_type": token_type,
        "sub": str(user_id),
        "username": username,
        "groups": groups,
        ROLE_CLAIM: effective_role(is_staff=False, groups=groups),
        "iat": now,
        "exp": now + lifetime_seconds,
        "jti": f"{username}-{token_type}-{time.monotonic_ns()}",
    }
    header = {"alg": "RS256", "typ": "JWT", "kid": "test"}
    signature = base64.urlsafe_b64encode(os.urandom(256)).rstrip(b"=").decode()
    return f"{_b64(header)}.{_b64(claims)}.{signature}"


USERS = {
    "customer": ([], 3),
    "crew": (["delivery-crew"], 2),
    "manager": (["manager"], 1),
}


def menu_item(item_id: int = 1, **overrides: Any) -> dict[str, Any]:
    item = {
        "id": item_id,
        "title": f"Dish {item_id}",
        "price": "12.50",
        "featured": False,
        "available": True,
        "category": 1,
        "category_title": "Mains",
        "description": "",
        "tags": [],
        "image": None,
        "image_thumbnail": None,
    }
    item.update(overrides)
    return item


def paginated(
    results: list[dict[str, Any]], *, count: int | None = None, next_page: str | None = None
) -> dict[str, Any]:
    total = len(results) if count is None else count
    return {"count": total, "next": next_page, "previous": None, "results": results}


def order(order_id: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "id": order_id,
        "user": 3,
        "username": "customer",
        "delivery_crew": None,
        "delivery_crew_username": None,
        "status": False,
        "state": "received",
        "total": "25.00",
        "date": "2030-01-02",
        "created_at": "2030-01-02T12:00:00Z",
        "placed_at": "2030-01-02T12:00:00Z",
        "eta": "2030-01-02T12:45:00Z",
        "delivery_address": "12 Lemon Street, Chicago",
        "delivery_phone": "+13125550100",
        "delivery_notes": "",
        "items": [
            {
                "id": 1,
                "menuitem": 1,
                "menuitem_name": "Greek Salad",
                "menuitem_title": "Greek Salad",
                "quantity": 2,
                "unit_price": "12.50",
                "price": "25.00",
            }
        ],
    }
    data.update(overrides)
    if "state" not in overrides:
        # The API keeps the seed's boolean `status` in step with `state`.
        data["state"] = "delivered" if data["status"] else "received"
    if data["state"] in ("delivered", "cancelled") and "eta" not in overrides:
        data["eta"] = None
    return data


def booking(booking_id: str = "bk-1", **overrides: Any) -> dict[str, Any]:
    data = {
        "id": booking_id,
        "date": "2030-01-02",
        "slot": "19:00",
        "guests": 2,
        "name": "Ada",
        "note": "",
        "status": "confirmed",
        "user_id": "3",
        "username": "customer",
        "created_at": "2029-12-01T10:00:00Z",
    }
    data.update(overrides)
    return data


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production web process: every required secret set."""
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.web.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "p" * 60 + "Q1!x",
        "SESSION_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "WEB_TIER_KEY": WEB_TIER_KEY,
        "API_BASE_URL": "https://api.example.com",
        "DJANGO_ALLOWED_HOSTS": "www.example.com",
    }
    env.update(overrides)
    return env


def user(user_id: int = 3, username: str = "customer", **overrides: Any) -> dict[str, Any]:
    """A user as `/auth/users/me/` and the group member lists show it."""
    data: dict[str, Any] = {
        "id": user_id,
        "username": username,
        "email": f"{username}@example.com",
        "first_name": "",
        "last_name": "",
        "phone": "",
        "address": "",
        "is_staff": False,
        "groups": [],
    }
    data.update(overrides)
    data.setdefault("role", effective_role(is_staff=data["is_staff"], groups=data["groups"]))
    return data


def placed_order(order_id: int = 1, state: str = "received", **overrides: Any) -> dict[str, Any]:
    """An order as the API shows it since issue 11: state, times and delivery details."""
    data = order(
        order_id,
        placed_at="2030-01-02T18:05:00Z",
        state=state,
        status=state == "delivered",
        eta=None if state in ("delivered", "cancelled") else "2030-01-02T18:50:00Z",
        delivery_address="12 Lemon St\nChicago",
        delivery_phone="+13125550100",
        delivery_notes="Ring twice",
    )
    data.update(overrides)
    return data


def profile(**overrides: Any) -> dict[str, Any]:
    """`/auth/users/me/` with the profile fields of issue 11."""
    data = user(3, "customer", first_name="Ada", last_name="Lovelace")
    data.update(phone="+13125550100", address="12 Lemon St, Chicago")
    data.update(overrides)
    return data
