"""Permission classes for the roles of `accounts.roles`."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from littlelemon.api.accounts import roles


class IsManager(BasePermission):
    """Managers and admins only."""

    message = "Only managers can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return roles.is_manager(request.user)


class IsManagerOrReadOnly(BasePermission):
    """Anyone may read; managers and admins may write."""

    message = "Only managers can change the menu."

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or roles.is_manager(request.user)


class IsCustomer(BasePermission):
    """Customers only (managers, admins and crew have no cart)."""

    message = "Only customers have a cart and place orders."

    def has_permission(self, request: Request, view: Any) -> bool:
        return roles.is_customer(request.user)
