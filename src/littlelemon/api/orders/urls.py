"""Routes of orders."""

from __future__ import annotations

from django.urls import path

from littlelemon.api.orders import views

urlpatterns = [
    path("orders", views.OrderListView.as_view(), name="order-list"),
    path("orders/<int:pk>", views.OrderDetailView.as_view(), name="order-detail"),
]
