"""Template context shared by every page: who is signed in and which navigation they get."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from littlelemon.contract.roles import CUSTOMER, DELIVERY_CREW, MANAGER, ROLE_LABELS
from littlelemon.web.auth import ANONYMOUS, current_identity, role_of
from littlelemon.web.cart_count import cart_count

# (label, URL name, the URL names that belong to that section) per role.
NAVIGATION: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    MANAGER: [
        ("All orders", "orders", ("orders", "order", "order-cancel")),
        ("Menu items", "manage-menu", ("manage-menu", "manage-menu-edit", "manage-menu-delete")),
        ("Categories", "manage-categories", ("manage-categories", "manage-category-edit")),
        ("Staff", "manage-staff", ("manage-staff", "manage-staff-remove")),
        ("Bookings", "manage-bookings", ("manage-bookings",)),
    ],
    DELIVERY_CREW: [
        ("My deliveries", "orders", ("orders", "order")),
        ("Menu", "menu", ("menu", "dish")),
    ],
    CUSTOMER: [
        ("Menu", "menu", ("menu", "dish")),
        ("Cart", "cart", ("cart", "cart-clear", "checkout")),
        ("My orders", "orders", ("orders", "order", "order-cancel")),
        ("Book a table", "bookings", ("bookings", "booking-new", "booking", "booking-cancel")),
    ],
    ANONYMOUS: [("Menu", "menu", ("menu", "dish"))],
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    identity = current_identity(request)
    role = role_of(identity)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else ""
    links = [
        {"label": label, "url": reverse(name), "current": current in section}
        for label, name, section in NAVIGATION[role]
    ]
    return {
        "identity": identity,
        "role": role,
        "role_label": ROLE_LABELS.get(role, ""),
        "nav_links": links,
        "nav_current": current,
        "cart_count": cart_count(request) if role == CUSTOMER else None,
    }
