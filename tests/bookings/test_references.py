"""Booking references: short, from an alphabet without look-alikes, forgiving when typed."""

from __future__ import annotations

import pytest

from littlelemon.bookings import references


def test_a_reference_is_six_characters_of_the_unambiguous_alphabet() -> None:
    drawn = {references.new_reference() for _ in range(500)}

    assert all(len(reference) == references.LENGTH == 6 for reference in drawn)
    assert set("".join(drawn)) <= set(references.ALPHABET)
    assert not set(references.ALPHABET) & set("0O1IL5S2Z8BUV")
    assert len(drawn) > 490  # random, not a counter or a constant


@pytest.mark.parametrize(
    ("typed", "reference"),
    [
        ("ACD347", "ACD347"),
        ("acd347", "ACD347"),
        (" acd-347 ", "ACD347"),
        ("ACD 347", "ACD347"),
        ("ACD34", None),
        ("ACD3470", None),
        ("ACD3O7", None),  # O is not in the alphabet
        ("00000000-0000-4000-8000-000000000000", None),
        ("", None),
    ],
)
def test_typed_references_are_normalized_or_refused(typed: str, reference: str | None) -> None:
    assert references.normalized_reference(typed) == reference
