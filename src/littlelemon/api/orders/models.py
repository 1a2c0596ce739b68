"""Orders and their items. Items snapshot the dish's name and price at checkout."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from littlelemon.api.accounts.models import ADDRESS_MAX_LENGTH, PHONE_MAX_LENGTH
from littlelemon.api.cart.models import MAX_QUANTITY, MIN_QUANTITY
from littlelemon.api.menu.models import MenuItem
from littlelemon.contract import restaurant

NOTES_MAX_LENGTH = 500
STATE_MAX_LENGTH = 20


class Order(models.Model):
    """A placed order on its way through `littlelemon.contract.restaurant.ORDER_STATES`.

    `status` is the original API's boolean, kept in step: True exactly when delivered.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    delivery_crew = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    status = models.BooleanField(default=False, db_index=True)
    state = models.CharField(
        max_length=STATE_MAX_LENGTH,
        choices=[
            (state, restaurant.ORDER_STATE_LABELS[state]) for state in restaurant.ORDER_STATES
        ],
        default=restaurant.RECEIVED,
        db_index=True,
    )
    total = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivery_address = models.TextField(max_length=ADDRESS_MAX_LENGTH, default="")
    delivery_phone = models.CharField(max_length=PHONE_MAX_LENGTH, default="")
    delivery_notes = models.TextField(max_length=NOTES_MAX_LENGTH, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gt=0), name="order_total_positive"),
            models.CheckConstraint(
                condition=models.Q(state__in=restaurant.ORDER_STATES), name="order_state_known"
            ),
            # The boolean of old clients never disagrees with the state.
            models.CheckConstraint(
                condition=models.Q(status=True, state=restaurant.DELIVERED)
                | (models.Q(status=False) & ~models.Q(state=restaurant.DELIVERED)),
                name="order_status_in_step_with_state",
            ),
        ]

    def __str__(self) -> str:
        return f"Order {self.pk} of {self.user_id}"

    @property
    def eta(self) -> datetime.datetime | None:
        """When an open order should arrive (placed + ORDER_ETA_MINUTES); None once closed."""
        if self.state in (restaurant.DELIVERED, restaurant.CANCELLED):
            return None
        return self.created_at + datetime.timedelta(minutes=settings.ORDER_ETA_MINUTES)

    @property
    def date(self) -> datetime.date:
        """The day (UTC) the order was placed, as the original API showed it."""
        return self.created_at.date()


class OrderItem(models.Model):
    """One dish of an order, with the unit price it had when the order was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    # Deleting a dish from the menu must not rewrite history: the snapshot columns remain.
    menuitem = models.ForeignKey(
        MenuItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="order_items"
    )
    menuitem_name = models.CharField(max_length=200)
    quantity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_QUANTITY), MaxValueValidator(MAX_QUANTITY)]
    )
    unit_price = models.DecimalField(max_digits=6, decimal_places=2)
    price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=MIN_QUANTITY, quantity__lte=MAX_QUANTITY),
                name="order_item_quantity_1_to_99",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.menuitem_name}"
