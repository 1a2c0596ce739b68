"""Routes of the cart."""

from __future__ import annotations

from django.urls import path

from littlelemon.api.cart import views

urlpatterns = [
    path("cart", views.CartView.as_view(), name="cart"),
    path("cart/<int:pk>", views.CartLineView.as_view(), name="cart-line"),
]
