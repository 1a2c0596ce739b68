"""Accounts use Django's `User` and `Group`; the roles are the groups named in `roles`.

`LoginSession` is what a logout ends: every token minted from one login (the rotated refresh
tokens and their access tokens) carries the session's id in the `sid` claim, and every
authenticated request checks that the session is still open.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

SESSION_ID_BYTES = 16


def new_session_id() -> str:
    """A random, unguessable session id (22 URL-safe characters)."""
    return secrets.token_urlsafe(SESSION_ID_BYTES)


class LoginSession(models.Model):
    """One login: open until logout, refresh-token reuse, or `expires_at` (absolute)."""

    id = models.CharField(primary_key=True, max_length=32, default=new_session_id)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="login_session_user_exp")]

    def __str__(self) -> str:
        return f"Login session of {self.user_id}"
