"""Accounts use Django's `User` and `Group` (roles are groups); `Profile` adds delivery details."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ADDRESS_MAX_LENGTH = 300
PHONE_MAX_LENGTH = 16  # "+" and at most 15 digits (E.164)


class Profile(models.Model):
    """What a customer keeps for deliveries: a phone number (E.164) and an address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(max_length=PHONE_MAX_LENGTH, blank=True, default="")
    address = models.TextField(max_length=ADDRESS_MAX_LENGTH, blank=True, default="")

    def __str__(self) -> str:
        return f"Profile of {self.user_id}"
