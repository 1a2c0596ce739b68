"""/health, key discovery and the settings they rest on."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


def test_health_answers_ok_without_touching_the_database(api_client: APIClient) -> None:
    response = api_client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_deep_health_checks_the_database(api_client: APIClient) -> None:
    response = api_client.get("/health?deep=1")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
