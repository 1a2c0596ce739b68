"""factory_boy factories of the API's models."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from littlelemon.api.accounts.models import Profile
from littlelemon.api.cart.models import CartLine
from littlelemon.api.menu.models import Category, MenuItem

PASSWORD = "correct-horse-battery-staple"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    phone = "+13125550100"
    address = "12 Lemon Street, Chicago, IL 60601"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a delivery profile; `UserFactory(profile=None)` makes one without."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # the profile is its own row; the user needs no resave

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    title = factory.Sequence(lambda n: f"Category {n}")


class MenuItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenuItem

    title = factory.Sequence(lambda n: f"Dish {n}")
    price = Decimal("9.50")
    category = factory.SubFactory(CategoryFactory)


class CartLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CartLine

    user = factory.SubFactory(UserFactory)
    menuitem = factory.SubFactory(MenuItemFactory)
    quantity = 1
