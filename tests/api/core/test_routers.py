"""Read replicas on two real databases: replica reads, primary writes, users read their writes.

The "replica" is a second test database on the same server. Replication is emulated by
`replicate()`, which copies the primary's rows into it; rows written after the last copy
are exactly what a lagging replica does not have yet, so each test can tell which
database answered.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model
from rest_framework.test import APIClient

from littlelemon.api.cart.models import CartLine
from littlelemon.api.core.routers import ReplicaRouter, forget_writes, marker_key
from littlelemon.api.menu.models import Category, MenuItem
from littlelemon.api.orders.models import Order, OrderItem
from tests.api.factories import PASSWORD, CartLineFactory, MenuItemFactory, UserFactory

REPLICA = "replica1"
ROUTER = "littlelemon.api.core.routers.ReplicaRouter"
MIDDLEWARE = "littlelemon.api.core.routers.ReadYourWritesMiddleware"
# In the order their foreign keys need them.
REPLICATED: tuple[type[Model], ...] = (
    get_user_model(),
    Category,
    MenuItem,
    CartLine,
    Order,
    OrderItem,
)

# Transactional: a TestCase keeps the primary inside one transaction for the whole test,
# where every read must go to the primary.
pytestmark = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA], transaction=True)


@pytest.fixture(scope="module")
def replica_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """A second real test database with the primary's schema, registered as `replica1`."""
    primary = connections.settings[DEFAULT_DB_ALIAS]
    config = copy.deepcopy(primary)
    name = str(primary["NAME"])
    config["TEST"] = {**config.get("TEST", {}), "NAME": f"{name}_replica", "MIRROR": None}
    connections.settings[REPLICA] = config
    with django_db_blocker.unblock():
        # The router is not installed yet, so `migrate` builds the schema here: the stand-in
        # for the schema an RDS replica receives from its primary.
        old_name = connections[REPLICA].creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
    yield REPLICA
    with django_db_blocker.unblock():
        connections[REPLICA].creation.destroy_test_db(old_name, verbosity=0)
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def routed(replica_database: str, settings: Any) -> Iterator[None]:
    """The router and the middleware on, as settings.py turns them on with replicas."""
    settings.DATABASE_REPLICAS = [replica_database]
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    settings.DATABASE_READ_YOUR_WRITES_SECONDS = 10
    forget_writes()
    yield
    forget_writes()


def replicate() -> None:
    """Copy every row of the primary to the replica, as replication would have by now."""
    for model in reversed(REPLICATED):
        model._base_manager.using(REPLICA).all().delete()
    for model in REPLICATED:
        rows = list(model._base_manager.using(DEFAULT_DB_ALIAS).all())
        model._base_manager.using(REPLICA).bulk_create(rows)


def titles(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["results"]}


def test_menu_reads_come_from_the_replica(api_client: APIClient) -> None:
    MenuItemFactory(title="Greek Salad")
    replicate()
    MenuItemFactory(title="Lemon Dessert")  # on the primary only: the replica lags

    assert titles(api_client.get("/api/menu-items")) == {"Greek Salad"}


def test_writes_go_to_the_primary_only(
    manager: Any, client_for: Callable[[Any], APIClient]
) -> None:
    category = Category.objects.using(DEFAULT_DB_ALIAS).create(slug="mains", title="Mains")
    replicate()

    response = client_for(manager).post(
        "/api/menu-items",
        {"title": "Bruschetta", "price": "7.50", "featured": False, "category": category.pk},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert MenuItem.objects.using(DEFAULT_DB_ALIAS).filter(title="Bruschetta").exists()
    assert not MenuItem.objects.using(REPLICA).filter(title="Bruschetta").exists()


def test_a_customer_sees_the_order_just_placed_and_the_emptied_cart(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer, menuitem=MenuItemFactory(price=Decimal("12.99")), quantity=2)
    replicate()
    client = client_for(customer)

    placed = client.post("/api/orders")
    assert placed.status_code == 201, placed.content

    # Later requests: the replica has neither the order nor the emptied cart yet.
    assert not Order.objects.using(REPLICA).exists()
    assert CartLine.objects.using(REPLICA).filter(user=customer).count() == 1
    orders = client.get("/api/orders")
    assert [order["id"] for order in orders.json()["results"]] == [placed.json()["id"]]
    assert client.get("/api/cart").json() == []
    assert cache.get(marker_key(customer.pk)) is not None


def test_without_a_recent_write_a_customers_orders_come_from_the_replica(
    customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    replicate()
    client = client_for(customer)
    assert client.post("/api/orders").status_code == 201
    cache.delete(marker_key(customer.pk))  # the marker's timeout has passed

    assert client.get("/api/orders").json()["count"] == 0  # the replica has not caught up


def test_another_users_write_does_not_send_my_reads_to_the_primary(
    customer: Any, other_customer: Any, client_for: Callable[[Any], APIClient]
) -> None:
    CartLineFactory(user=customer)
    CartLineFactory(user=other_customer)
    replicate()
    CartLine.objects.using(DEFAULT_DB_ALIAS).filter(user=other_customer).delete()  # not replicated

    assert client_for(customer).post("/api/orders").status_code == 201

    other_cart = client_for(other_customer).get("/api/cart").json()
    assert len(other_cart) == 1  # the replica's (stale) copy: no marker for this user


def test_a_user_who_signed_up_a_moment_ago_can_sign_in(api_client: APIClient) -> None:
    replicate()
    UserFactory(username="newcomer")  # on the primary only

    response = api_client.post(
        "/auth/jwt/create/", {"username": "newcomer", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content  # accounts read from the primary


def test_within_one_context_reads_after_a_write_use_the_primary() -> None:
    assert router.db_for_read(MenuItem) == REPLICA
    assert router.db_for_write(MenuItem) == DEFAULT_DB_ALIAS
    assert router.db_for_read(MenuItem) == DEFAULT_DB_ALIAS
    forget_writes()
    assert router.db_for_read(MenuItem) == REPLICA


def test_cache_writes_do_not_pin_reads_to_the_primary() -> None:
    cache_model = BaseDatabaseCache("littlelemon_cache", {}).cache_model_class
    assert router.db_for_write(cache_model) == DEFAULT_DB_ALIAS
    assert router.db_for_read(cache_model) == DEFAULT_DB_ALIAS
    assert router.db_for_read(MenuItem) == REPLICA


def test_accounts_are_always_read_from_the_primary() -> None:
    assert router.db_for_read(get_user_model()) == DEFAULT_DB_ALIAS


def test_a_replica_is_never_migrated() -> None:
    assert ReplicaRouter().allow_migrate(REPLICA, "menu") is False
    assert ReplicaRouter().allow_migrate(DEFAULT_DB_ALIAS, "menu") is None


def test_replica_urls_become_aliases_that_keep_the_primarys_engine_and_options() -> None:
    script = (
        "import json; from django.conf import settings as s; "
        "r = s.DATABASES['replica2']; "
        "print(json.dumps([s.DATABASE_REPLICAS, s.DATABASE_ROUTERS, r['HOST'], r['NAME'], "
        "r['ENGINE'], r['OPTIONS']['charset'], r['TEST']['MIRROR'], s.MIDDLEWARE[-1]]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "DATABASE_URL": "mysql://app@primary.example:3306/littlelemon",
        "DATABASE_REPLICA_URLS": (
            "mysql://app@replica-a.example:3306/littlelemon,"
            "mysql://app@replica-b.example:3306/littlelemon"
        ),
    }
    completed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(completed.stdout) == [
        ["replica1", "replica2"],
        [ROUTER],
        "replica-b.example",
        "littlelemon",
        "django.db.backends.mysql",
        "utf8mb4",
        "default",
        MIDDLEWARE,
    ]
