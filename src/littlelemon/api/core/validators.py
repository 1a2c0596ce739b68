"""One rule for human-readable text (names, titles): nothing invisible or direction-changing.

A name that renders the same as another one, hides characters or reverses the text around it
(Trojan Source, CVE-2021-42574) misleads staff and customers, so the serializers of every
name and title reject control characters (Cc), format characters (Cf: bidi overrides and
isolates, zero-width space/joiners, BOM), lone surrogates (Cs, which no encoder accepts),
private-use characters (Co), line/paragraph separators and U+FFFD: the replacement
character only appears where undecodable bytes were replaced, and must not be stored as if
the user had typed it.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from django.core.exceptions import ValidationError

FORBIDDEN_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
REPLACEMENT_CHARACTER: Final = "\ufffd"
TEXT_HAS_INVISIBLE_CHARACTERS: Final = (
    "Control, invisible and text-direction characters are not allowed."
)
TEXT_HAS_REPLACEMENT_CHARACTER: Final = (
    "The text contains U+FFFD, the mark of undecodable bytes; send valid UTF-8."
)


def first_forbidden_character(value: str) -> str | None:
    """The first character of `value` that plain text must not contain, or None."""
    for character in value:
        if character == REPLACEMENT_CHARACTER:
            return character
        if unicodedata.category(character) in FORBIDDEN_CATEGORIES:
            return character
    return None


def validate_plain_text(value: object) -> None:
    """Django/DRF validator: reject invisible, control and direction-changing characters."""
    if not isinstance(value, str):
        return
    found = first_forbidden_character(value)
    if found is None:
        return
    if found == REPLACEMENT_CHARACTER:
        raise ValidationError(TEXT_HAS_REPLACEMENT_CHARACTER, code="replacement_character")
    raise ValidationError(TEXT_HAS_INVISIBLE_CHARACTERS, code="invisible_characters")
