"""Order calls: checkout, the caller's (or all, for managers) orders, state changes."""

from __future__ import annotations

from typing import Any

from littlelemon.web.client.models import Order, OrderPage, Page
from littlelemon.web.client.transport import Endpoints, page_params, parse


class OrderEndpoints(Endpoints):
    """`/api/orders`: customers see their own, crew their deliveries, managers all."""

    def find(
        self,
        *,
        delivered: bool | None = None,
        state: str = "",
        date: str = "",
        page: int = 1,
        page_size: int = 20,
    ) -> Page[Order]:
        params = page_params(page, page_size)
        params["ordering"] = "-id"
        if delivered is not None:
            params["status"] = "true" if delivered else "false"
        params.update(
            {name: value for name, value in {"state": state, "date": date}.items() if value}
        )
        envelope = self.requester.get(OrderPage, "/api/orders", params=params, auth=True)
        return Page.of(envelope, page=page, page_size=params["page_size"])

    def get(self, order_id: int) -> Order:
        return self.requester.get(Order, f"/api/orders/{order_id}", auth=True)

    def place(
        self, *, delivery_address: str = "", delivery_phone: str = "", delivery_notes: str = ""
    ) -> Order:
        """Checkout; an empty address or phone is taken from the profile by the API."""
        given = {
            "delivery_address": delivery_address,
            "delivery_phone": delivery_phone,
            "delivery_notes": delivery_notes,
        }
        body = {name: value for name, value in given.items() if value}
        return parse(Order, self.requester.request("POST", "/api/orders", json=body))

    def update(self, order_id: int, **fields: Any) -> Order:
        response = self.requester.request("PATCH", f"/api/orders/{order_id}", json=fields)
        return parse(Order, response)
