"""Admin of accounts: Django's own user and group admin is enough; nothing to add."""

from __future__ import annotations
