"""Bookkeeping of the API itself: which one-time seeds have run."""

from __future__ import annotations

from django.db import models


class SeedMarker(models.Model):
    """A seed that ran once (`demo-menu`): running it again must not undo a manager's edits."""

    name = models.CharField(primary_key=True, max_length=64)
    seeded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
