"""Warm invocations reuse one MariaDB connection (CONN_MAX_AGE + health checks).

The handler runs in a subprocess configured for MariaDB (this test process is configured
for the suite's database). It reports the server-side connection id seen after every
invocation and the server's `Connections` counter around the whole run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

MARIADB_URL = os.environ.get("MARIADB_URL", "mysql://root@127.0.0.1:3306/test")
INVOCATIONS = 100
PROBE = """
import json, sys
import pymysql
from littlelemon.runtime.api import handler
from littlelemon.runtime.context import LocalLambdaContext
from django.db import connection

event = json.loads(sys.argv[1])
probe = pymysql.connect(host="127.0.0.1", port=3306, user="root", database="test")

def server_connections():
    with probe.cursor() as cursor:
        cursor.execute("SHOW GLOBAL STATUS LIKE 'Connections'")
        return int(cursor.fetchone()[1])

def invoke():
    response = handler(event, LocalLambdaContext(function_name="api"))
    assert response["statusCode"] == 200, response
    with connection.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        return cursor.fetchone()[0]

invoke()  # the cold start opens the connection
before = server_connections()
ids = [invoke() for _ in range(int(sys.argv[2]))]
after = server_connections()
print(json.dumps({"distinct_ids": len(set(ids)), "connections_delta": after - before}))
"""


def run_probe(tmp_path: Path, conn_max_age: str) -> dict[str, Any]:
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/health",
        "rawQueryString": "deep=1",
        "headers": {"host": "localhost"},
        "requestContext": {
            "http": {
                "method": "GET",
                "path": "/health",
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
            },
            "requestId": "reuse",
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "DATABASE_URL": MARIADB_URL,
        "DATABASE_CONN_MAX_AGE": conn_max_age,
        "CACHE_URL": "locmemcache://",  # no cache table in this database; throttling off below
        "API_THROTTLE_ANON": "",
        "LITTLELEMON_DATA_DIR": str(tmp_path),
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(event), str(INVOCATIONS)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.mysql_pg
def test_warm_invocations_open_no_new_connection(tmp_path: Path) -> None:
    report = run_probe(tmp_path, conn_max_age="600")
    assert report["distinct_ids"] == 1
    # The counter is server-wide: other clients of the shared server may add to it, but our
    # 100 invocations must not have added one each.
    assert report["connections_delta"] < INVOCATIONS


@pytest.mark.mysql_pg
def test_without_persistent_connections_every_invocation_connects(tmp_path: Path) -> None:
    report = run_probe(tmp_path, conn_max_age="0")
    assert report["distinct_ids"] == INVOCATIONS
    assert report["connections_delta"] >= INVOCATIONS
