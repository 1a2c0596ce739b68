"""Phone numbers as the rider dials them: E.164, `+` and 8 to 15 digits."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

INVALID_PHONE = "Enter a phone number with its country code, e.g. +1 312 555 0100."
# Separators people type; dropped before the digits are counted.
_SEPARATORS = re.compile(r"[\s().-]")
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")


def phone_normalize(value: str) -> str:
    """`+1 (312) 555-0100` -> `+13125550100`; "" stays ""; anything else is a ValidationError."""
    compact = _SEPARATORS.sub("", value.strip())
    if not compact:
        return ""
    if not _E164.fullmatch(compact):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return compact
