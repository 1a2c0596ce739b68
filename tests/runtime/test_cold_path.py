"""A cold start imports what the request needs: what the menu and bookings never use stays out."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from littlelemon.runtime.imports import declined

REPOSITORY = Path(__file__).resolve().parents[2]
EVENT = REPOSITORY / "tests" / "gateway" / "aws-events" / "apiGatewayProxyV2Event_GET.json"
FLOOR = REPOSITORY / "benchmarks" / "floor"
# Modules a GET /api/menu-items on SQLite never needs (accounts views, JWT and the key
# parsing of cryptography, simplejwt's settings and with them django.test, the admin's
# model admins, cart, the PostgreSQL fields, requests) and one it does, so the probe
# itself is shown to work.
NOT_NEEDED = [
    "djoser.views",
    "jwt",
    "cryptography",
    "rest_framework_simplejwt.settings",
    "django.test",
    "django.contrib.auth.admin",
    "littlelemon.api.menu.admin",
    "littlelemon.api.accounts.views",
    "littlelemon.api.cart.views",
    "django.contrib.postgres",
    "psycopg",
    "requests",
    "yaml",
]


def run(script: str, env: dict[str, str]) -> list[object]:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded: list[object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


MENU_EVENT = f"""
import json
from littlelemon.runtime.context import LocalLambdaContext
event = json.load(open({str(EVENT)!r}))
event["rawPath"] = event["requestContext"]["http"]["path"] = "/api/menu-items"
event["rawQueryString"], event["queryStringParameters"] = "page_size=2", {{"page_size": "2"}}
event["headers"] = {{"host": "localhost"}}
event.pop("cookies", None)
context = LocalLambdaContext(function_name="api")
"""


def api_env(tmp_path: Path) -> dict[str, str]:
    """The local API settings on a migrated SQLite file whose keys already exist.

    Migrating (and making the local keys) in a process of its own: what a cold start
    imports is then what the measured process itself needed.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "LITTLELEMON_DATA_DIR": str(tmp_path),
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    migrate = "import django; django.setup(); from django.core.management import call_command; "
    run(migrate + "call_command('migrate', verbosity=0); print('[]')", env)
    return env


def test_a_cold_menu_request_imports_neither_accounts_cart_jwt_postgres_nor_requests(
    tmp_path: Path,
) -> None:
    script = f"""
import sys
from littlelemon.runtime.api import handler
{MENU_EVENT}
status = handler(event, context)["statusCode"]
loaded = [name for name in {NOT_NEEDED!r} if name in sys.modules]
from django.urls import reverse
print(json.dumps([status, loaded, "littlelemon.api.menu.views" in sys.modules,
                  reverse("user-create"), "djoser.views" in sys.modules]))
"""
    status, loaded, menu_loaded, reversed_path, djoser_after = run(script, api_env(tmp_path))
    assert (status, loaded, menu_loaded) == (200, [], True)
    # Every route is still there: reverse() imports the lazily included URLconfs.
    assert (reversed_path, djoser_after) == ("/auth/users/", True)


def test_the_floor_app_serves_the_handlers_json_byte_for_byte(tmp_path: Path) -> None:
    """The benchmark's floor (f) must answer what (a) answers, photos and tags included."""
    seed_and_serve = f"""
from littlelemon.runtime.api import handler
from littlelemon.api.menu.models import Category, MenuItem
mains = Category.objects.create(slug="mains", title="Mains")
MenuItem.objects.create(title="Moussaka", price="18.75", category=mains, featured=True,
                        description="Layers of aubergine.", tags=["vegetarian", "spicy"],
                        image="menu/1/photo.webp", image_thumbnail="menu/1/thumb.webp")
MenuItem.objects.create(title="Tea", price="2.80", category=mains, available=False)
MenuItem.objects.create(title="Baklava", price="5.50", category=mains)
{MENU_EVENT}
print(json.dumps(handler(event, context)["body"]))
"""
    floor = f"""
import sys
sys.path.insert(0, {str(FLOOR)!r})
from app import handler
{MENU_EVENT}
print(json.dumps(handler(event, context)["body"]))
"""
    env = api_env(tmp_path)
    ours = run(seed_and_serve, env)
    assert (
        json.loads(str(ours))["results"][0]["image"] == "http://localhost/media/menu/1/photo.webp"
    )
    assert run(floor, env) == ours


def test_bookings_tracer_patches_botocore_only(tmp_path: Path) -> None:
    script = """
import json, sys
import littlelemon.bookings.handlers.availability
print(json.dumps([name for name in ("httpx", "pymysql", "requests") if name in sys.modules]
                 + ["botocore.client" if "botocore.client" in sys.modules else "none"]))
"""
    # LAMBDA_TASK_ROOT: the Tracer is on, as on Lambda (and samples locally).
    env = {**os.environ, "LAMBDA_TASK_ROOT": str(tmp_path), "AWS_DEFAULT_REGION": "us-east-1"}
    env.pop("POWERTOOLS_TRACE_DISABLED", None)
    assert run(script, env) == ["botocore.client"]


class EmptyDynamoDB(BaseHTTPRequestHandler):
    """DynamoDB that holds nothing: every Query finds no item, every GetItem no item."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        query = self.headers.get("x-amz-target", "").endswith(".Query")
        body = b'{"Items": [], "Count": 0, "ScannedCount": 0}' if query else b"{}"
        self.send_response(200)
        self.send_header("content-type", "application/x-amz-json-1.0")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(
        self, format: str, *args: object
    ) -> None:  # quiet: the test reads no access log
        pass


@pytest.fixture
def empty_dynamodb() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EmptyDynamoDB)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()


# What a cold availability request never needs, and the bookings models it does not use.
BOOKINGS_NOT_NEEDED = ["boto3", "s3transfer", "aws_lambda_powertools.utilities.data_classes"]
UNUSED_MODELS = ["Booking", "BookingCreate", "BookingList", "BookingStatusChange", "SlotTotals"]


def test_a_cold_availability_request_loads_only_dynamodbs_model_and_the_models_it_uses(
    tmp_path: Path, empty_dynamodb: str
) -> None:
    script = f"""
import datetime as dt, json, os, sys
import botocore
data = os.path.join(os.path.dirname(botocore.__file__), "data")
listed = []
real_listdir = os.listdir
def listdir(path="."):
    listed.append(str(path))
    return real_listdir(path)
os.listdir = listdir
from littlelemon.bookings.handlers.availability import handler
from littlelemon.bookings import models
from littlelemon.runtime.context import LocalLambdaContext
day = (dt.date.today() + dt.timedelta(days=7)).isoformat()
claims = {{"sub": "3", "username": "customer", "token_type": "access"}}
event = {{"version": "2.0", "routeKey": "GET /bookings/availability",
          "rawPath": "/bookings/availability", "rawQueryString": f"date={{day}}",
          "queryStringParameters": {{"date": day}}, "headers": {{"accept": "application/json"}},
          "requestContext": {{"requestId": "r1", "authorizer": {{"jwt": {{"claims": claims}}}},
                              "http": {{"method": "GET", "path": "/bookings/availability"}}}}}}
status = handler(event, LocalLambdaContext(function_name="bookings-availability"))["statusCode"]
print(json.dumps([status, [name for name in {BOOKINGS_NOT_NEEDED!r} if name in sys.modules],
                  [name for name in {UNUSED_MODELS!r}
                   if getattr(models, name).__pydantic_complete__],
                  [models.Availability.__pydantic_complete__, __import__("gc").isenabled()],
                  sorted({{path for path in listed if path.startswith(data)}})]))
"""
    # As on Lambda: the Tracer on, patching botocore, with a sampled trace (its segments go
    # to a UDP port nobody listens on).
    env = {
        **os.environ,
        "LAMBDA_TASK_ROOT": str(tmp_path),
        "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_DYNAMODB": empty_dynamodb,
        "BOOKINGS_TABLE": "bookings-cold",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    for name in ("POWERTOOLS_TRACE_DISABLED", "AWS_ACCESS_KEY_ID", "AWS_PROFILE"):
        env.pop(name, None)
    status, loaded, built, [availability_built, collecting], listed = run(script, env)
    assert (status, loaded, built, availability_built) == (200, [], [], True)
    assert collecting  # off during init only (littlelemon.bookings.startup)
    # botocore's own loader would list its data directory and each of ~440 services in it
    assert [Path(path).name for path in listed] == ["dynamodb"]


def test_declined_modules_fail_to_import_inside_the_block_only() -> None:
    name = "littlelemon.contract"  # stdlib-only and cheap; removed first so it must import
    saved = sys.modules.pop(name, None)
    try:
        with declined(name), pytest.raises(ImportError):
            importlib.import_module(name)
        assert importlib.import_module(name).__name__ == name
    finally:
        if saved is not None:
            sys.modules[name] = saved


def test_before_a_snapstart_snapshot_every_view_and_the_token_path_are_loaded(
    tmp_path: Path,
) -> None:
    """Hooks run as Lambda's runtime would: the snapshot then holds the lazily routed views."""
    fake_runtime = tmp_path / "snapshot_restore_py.py"
    fake_runtime.write_text(
        "before = []\n"
        "def register_before_snapshot(hook): before.append(hook)\n"
        "def register_after_restore(hook): pass\n"
    )
    script = """
import json, sys
import snapshot_restore_py
from littlelemon.runtime.api import handler
from django.core.management import call_command
call_command("migrate", verbosity=0)
loaded_at_init = "djoser.views" in sys.modules
for hook in reversed(snapshot_restore_py.before):  # Lambda runs them last-registered first
    hook()
print(json.dumps([loaded_at_init, len(snapshot_restore_py.before),
                  [name for name in ("djoser.views", "littlelemon.api.cart.views",
                   "littlelemon.api.orders.views", "littlelemon.api.menu.views",
                   "littlelemon.api.accounts.bearer",
                   "cryptography.hazmat.primitives.serialization")
                   if name in sys.modules]]))
"""
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "LITTLELEMON_DATA_DIR": str(tmp_path),
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    loaded_at_init, hooks, loaded = run(script, env)
    assert (loaded_at_init, hooks) == (False, 2)
    assert loaded == [
        "djoser.views",
        "littlelemon.api.cart.views",
        "littlelemon.api.orders.views",
        "littlelemon.api.menu.views",
        "littlelemon.api.accounts.bearer",
        "cryptography.hazmat.primitives.serialization",
    ]
