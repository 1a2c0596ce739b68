"""Cart calls: the signed-in customer's cart lines."""

from __future__ import annotations

from littlelemon.web.client.models import CartLine
from littlelemon.web.client.transport import Endpoints


class CartEndpoints(Endpoints):
    """`/api/cart` (a plain array, as in the original API)."""

    def lines(self) -> list[CartLine]:
        return list(self.requester.get(tuple[CartLine, ...], "/api/cart", auth=True))

    def add(self, *, menuitem: int, quantity: int) -> None:
        body = {"menuitem": menuitem, "quantity": quantity}
        self.requester.request("POST", "/api/cart", json=body)

    def set_quantity(self, line_id: int, *, quantity: int) -> None:
        self.requester.request("PATCH", f"/api/cart/{line_id}", json={"quantity": quantity})

    def remove(self, line_id: int) -> None:
        self.requester.request("DELETE", f"/api/cart/{line_id}")

    def clear(self) -> None:
        self.requester.request("DELETE", "/api/cart")
