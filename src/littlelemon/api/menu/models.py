"""Categories and menu items. Prices are positive decimals with two places."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower

MIN_PRICE = Decimal("0.01")
PRICE_MAX_DIGITS = 6  # up to 9999.99


class Category(models.Model):
    """A section of the menu (`starters`, `mains`, ...)."""

    slug = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "categories"
        # One rule on every database: "Mains" and "mains" are the same category. (MariaDB
        # has no expression indexes; its case-insensitive collation already makes the plain
        # unique indexes above behave so. MySQL 8 builds these.)
        constraints = [
            models.UniqueConstraint(Lower("slug"), name="category_slug_unique_ci"),
            models.UniqueConstraint(Lower("title"), name="category_title_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.title


class MenuItem(models.Model):
    """A dish. `available=False` keeps it on the menu but out of carts and checkouts."""

    title = models.CharField(max_length=200, unique=True)
    price = models.DecimalField(
        max_digits=PRICE_MAX_DIGITS,
        decimal_places=2,
        db_index=True,
        validators=[MinValueValidator(MIN_PRICE)],
    )
    featured = models.BooleanField(default=False, db_index=True)
    available = models.BooleanField(default=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="menu_items")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="menu_item_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title
