"""The effective role: admins and managers manage, crew deliver, the rest are customers."""

from __future__ import annotations

import pytest

from littlelemon.contract.roles import CUSTOMER, DELIVERY_CREW, MANAGER, effective_role


@pytest.mark.parametrize(
    ("is_staff", "groups", "expected"),
    [
        (False, [], CUSTOMER),
        (False, ["delivery-crew"], DELIVERY_CREW),
        (False, ["manager"], MANAGER),
        (False, ["manager", "delivery-crew"], MANAGER),
        (True, [], MANAGER),
        (True, ["delivery-crew"], MANAGER),
        (False, ["unrelated"], CUSTOMER),
    ],
)
def test_effective_role(is_staff: bool, groups: list[str], expected: str) -> None:
    assert effective_role(is_staff=is_staff, groups=groups) == expected
