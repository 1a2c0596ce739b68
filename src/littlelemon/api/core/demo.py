"""Demo data for local runs: the menu, the role groups and three demo users (idempotent).

The menu is seeded once per database (a `SeedMarker` row records it), so a dish a manager
deleted does not come back on the next `make up`, and a changed price stays changed. Groups
and demo users are ensured on every run. Production seeds the menu and groups only, never
users with a known password.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from littlelemon.api.accounts import roles
from littlelemon.api.core.models import SeedMarker
from littlelemon.api.menu.models import Category, MenuItem

MENU_SEED = "demo-menu"

DEMO_PASSWORD_ENV = "DEMO_PASSWORD"
DEMO_PASSWORD_SECRET = "demo-password"

CATEGORIES = (
    ("starters", "Starters"),
    ("mains", "Mains"),
    ("desserts", "Desserts"),
    ("drinks", "Drinks"),
)

# (title, price, category slug, featured)
DISHES = (
    ("Greek Salad", "12.99", "starters", True),
    ("Bruschetta", "7.99", "starters", True),
    ("Hummus and Warm Pita", "6.50", "starters", False),
    ("Spanakopita", "8.25", "starters", False),
    ("Grilled Fish", "20.00", "mains", False),
    ("Lamb Souvlaki", "22.50", "mains", True),
    ("Moussaka", "18.75", "mains", False),
    ("Lemon Chicken Orzo", "17.50", "mains", False),
    ("Falafel Plate", "14.00", "mains", False),
    ("Lemon Dessert", "6.99", "desserts", True),
    ("Baklava", "5.50", "desserts", False),
    ("Greek Yogurt with Honey", "4.75", "desserts", False),
    ("Fresh Lemonade", "3.95", "drinks", False),
    ("Mountain Tea", "2.80", "drinks", False),
)

# (username, group or None)
DEMO_USERS = (
    ("manager", roles.MANAGER_GROUP),
    ("crew", roles.CREW_GROUP),
    ("customer", None),
)


@dataclass(frozen=True)
class DemoPassword:
    """The demo users' password and a sentence saying where it comes from."""

    value: str
    source: str


def demo_password() -> DemoPassword:
    """DEMO_PASSWORD if set, else a password generated once under the local data directory."""
    if value := os.environ.get(DEMO_PASSWORD_ENV, ""):
        return DemoPassword(value, f"from the {DEMO_PASSWORD_ENV} environment variable")
    import secrets

    from littlelemon.local.secrets import data_dir, local_secret

    value = local_secret(DEMO_PASSWORD_SECRET, lambda: secrets.token_urlsafe(12))
    path = data_dir() / "secrets" / DEMO_PASSWORD_SECRET
    return DemoPassword(value, f"generated, stored in {path}")


@dataclass(frozen=True)
class SeedReport:
    """What one run of the seed created (zero everywhere on a second run)."""

    categories: int
    dishes: int
    users: int
    password_source: str | None


def _menu_seed() -> tuple[int, int]:
    """The demo menu, the first time only; returns (categories, dishes) created."""
    _, first_time = SeedMarker.objects.get_or_create(name=MENU_SEED)
    # A database seeded before the marker existed has dishes already: seeded, too.
    if not first_time or MenuItem.objects.exists():
        return 0, 0
    categories = {}
    created_categories = 0
    for slug, title in CATEGORIES:
        category, created = Category.objects.get_or_create(
            slug__iexact=slug, defaults={"slug": slug, "title": title}
        )
        categories[slug] = category
        created_categories += created
    created_dishes = 0
    for title, price, slug, featured in DISHES:
        _, created = MenuItem.objects.get_or_create(
            title=title,
            defaults={"price": Decimal(price), "category": categories[slug], "featured": featured},
        )
        created_dishes += created
    return created_categories, created_dishes


@transaction.atomic
def demo_seed(*, with_users: bool) -> SeedReport:
    """Create the demo menu (once), the role groups and, if asked, the demo users."""
    created_categories, created_dishes = _menu_seed()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_GROUPS}
    if not with_users:
        return SeedReport(created_categories, created_dishes, 0, None)
    password = demo_password()
    created_users = 0
    for username, group_name in DEMO_USERS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@littlelemon.example"}
        )
        created_users += created
        # Re-hash only when needed: hashing is deliberately slow.
        if created or not user.check_password(password.value):
            user.set_password(password.value)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.add(groups[group_name])
    return SeedReport(created_categories, created_dishes, created_users, password.source)


def demo_users_allowed() -> bool:
    """Demo users with a known password exist only in local runs."""
    return not settings.PRODUCTION
