"""Accounts use Django's `User` and `Group`; the roles are the groups named in `roles`."""

from __future__ import annotations
