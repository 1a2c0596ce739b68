"""Admin of accounts: Django's own user and group admin, behind the JWT login's lockout.

The admin's login calls `authenticate()`, so the lockout backend (accounts/backends.py)
applies to it as to `/auth/jwt/create/`; this form only says why a locked-out login fails.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from littlelemon.api.accounts import lockout

ADMIN_LOGIN_LOCKED = lockout.LOGIN_LOCKED + " Try again in {wait} seconds."


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, naming the backoff instead of "wrong password"."""

    def clean(self) -> dict[str, Any]:
        try:
            cleaned: dict[str, Any] = super().clean()
        except ValidationError:
            if (wait := lockout.locked_wait(self.request)) is not None:
                raise ValidationError(ADMIN_LOGIN_LOCKED.format(wait=wait), code="locked") from None
            raise
        return cleaned


admin.site.login_form = LockoutAdminAuthenticationForm
