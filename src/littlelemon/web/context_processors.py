"""Template context shared by every page: who is signed in and which navigation they get."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from littlelemon.contract.roles import ROLE_LABELS
from littlelemon.web.auth import current_identity, role_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    identity = current_identity(request)
    role = role_of(identity)
    return {"identity": identity, "role": role, "role_label": ROLE_LABELS.get(role, "")}
