"""Cart lines. Prices are not stored: a cart shows today's prices; checkout snapshots them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from littlelemon.api.menu.models import MenuItem

MIN_QUANTITY = 1
MAX_QUANTITY = 99


class CartLine(models.Model):
    """One dish in a customer's cart; one line per dish."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_lines"
    )
    menuitem = models.ForeignKey(MenuItem, on_delete=models.CASCADE, related_name="cart_lines")
    quantity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_QUANTITY), MaxValueValidator(MAX_QUANTITY)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "menuitem"], name="cart_line_one_per_dish"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=MIN_QUANTITY, quantity__lte=MAX_QUANTITY),
                name="cart_line_quantity_1_to_99",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.menuitem_id} for {self.user_id}"

    @property
    def line_price(self) -> Decimal:
        """Today's price of the line: unit price times quantity."""
        return self.menuitem.price * self.quantity
