"""The authentication backend of the JWT login and the Django admin: lockout, then password.

Both logins call `django.contrib.auth.authenticate()`, so one backend gives them the same
rules (accounts/lockout.py). Usernames are unique case-insensitively on every database, so
the login finds the account whatever the case typed (MariaDB's collation already did).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from littlelemon.api.accounts import lockout
from littlelemon.api.core.clientip import client_address


class LockoutModelBackend(ModelBackend):
    """ModelBackend behind the per-(account, address) backoff, case-insensitive usernames."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if not isinstance(username, str) or password is None:
            return None
        address = client_address(request) if request is not None else ""
        attempt = lockout.LoginAttempt.of(username=username, address=address)
        wait = lockout.login_wait_seconds(attempt)
        if wait:
            lockout.mark_locked(request, wait)
            # PermissionDenied stops authenticate() from trying any other backend.
            raise PermissionDenied(lockout.LOGIN_LOCKED)
        stored = (
            model._default_manager.filter(**{f"{model.USERNAME_FIELD}__iexact": username})
            .values_list(model.USERNAME_FIELD, flat=True)
            .first()
        )
        user = super().authenticate(request, username=stored or username, password=password)
        if user is None:
            lockout.login_failed(attempt)
        else:
            lockout.login_succeeded(attempt)
        return user
