"""Services of login sessions: open one at login, end it at logout or on refresh-token reuse."""

from __future__ import annotations

import logging
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from littlelemon.api.accounts.models import LoginSession

logger = logging.getLogger(__name__)

SESSION_CLAIM: Final = "sid"
REVOKED_LOGOUT: Final = "logout"
REVOKED_REUSE: Final = "refresh_reuse"


def login_session_open(*, user: Any) -> LoginSession:
    """A new session for `user`, ending LOGIN_SESSION_MAX_AGE from now at the latest."""
    return LoginSession.objects.create(
        user=user, expires_at=timezone.now() + settings.LOGIN_SESSION_MAX_AGE
    )


@transaction.atomic
def login_session_revoke(*, session_id: str, reason: str) -> int:
    """End the session (every token of it stops working at once); returns rows changed."""
    changed = LoginSession.objects.filter(pk=session_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    if changed and reason == REVOKED_REUSE:
        logger.warning("refresh token reused: login session revoked")
    return changed


def login_session_active(*, session_id: object, user_id: int | None) -> LoginSession | None:
    """The session if it is the user's, not revoked and not past its absolute end."""
    if not isinstance(session_id, str) or not session_id or user_id is None:
        return None
    return (
        LoginSession.objects.filter(
            pk=session_id,
            user_id=user_id,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("user")
        .first()
    )
