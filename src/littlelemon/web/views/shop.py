"""The customer's cart, checkout and orders; orders are shared with managers and crew."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from littlelemon.contract.roles import DELIVERY_CREW, MANAGER
from littlelemon.web.auth import (
    api_client,
    current_identity,
    customer_required,
    login_required,
    role_of,
)
from littlelemon.web.client import ApiValidationError
from littlelemon.web.forms import AddToCartForm, AssignCrewForm, CartQuantityForm, apply_api_errors

ADDED_TO_CART_MESSAGE = "Added {quantity} x {title} to your cart."
CART_EMPTIED_MESSAGE = "Your cart is empty now."
ORDER_PLACED_MESSAGE = "Thank you! Your order #{id} is placed."
EMPTY_CART_MESSAGE = "Your cart is empty: add a dish first."
ORDER_DELIVERED_MESSAGE = "Order #{id} is marked delivered."
ORDER_ASSIGNED_MESSAGE = "Order #{id} is assigned to {rider}."


@customer_required
@require_POST
def cart_add(request: HttpRequest, item_id: int) -> HttpResponse:
    client = api_client(request)
    item = client.menu.item(item_id)
    form = AddToCartForm(request.POST)
    if form.is_valid():
        try:
            client.cart.add(menuitem=item.id, quantity=form.cleaned_data["quantity"])
        except ApiValidationError as error:
            apply_api_errors(form, error, {"menuitem": "quantity"})
        else:
            quantity = form.cleaned_data["quantity"]
            messages.success(
                request, ADDED_TO_CART_MESSAGE.format(quantity=quantity, title=item.title)
            )
            return HttpResponseRedirect(reverse("cart"))
    return render(request, "web/dish.html", {"item": item, "form": form}, status=400)


@customer_required
def cart(request: HttpRequest) -> HttpResponse:
    lines = api_client(request).cart.lines()
    total = sum((line.price for line in lines), start=0)
    return render(request, "web/cart.html", {"lines": lines, "total": total})


@customer_required
@require_POST
def cart_line_update(request: HttpRequest, line_id: int) -> HttpResponse:
    client = api_client(request)
    form = CartQuantityForm(request.POST)
    if form.is_valid():
        quantity = form.cleaned_data["quantity"]
        try:
            if quantity == 0:
                client.cart.remove(line_id)
            else:
                client.cart.set_quantity(line_id, quantity=quantity)
        except ApiValidationError as error:
            apply_api_errors(form, error)
        else:
            return HttpResponseRedirect(reverse("cart"))
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return HttpResponseRedirect(reverse("cart"))


@customer_required
@require_POST
def cart_line_remove(request: HttpRequest, line_id: int) -> HttpResponse:
    api_client(request).cart.remove(line_id)
    return HttpResponseRedirect(reverse("cart"))


@customer_required
@require_POST
def cart_clear(request: HttpRequest) -> HttpResponse:
    api_client(request).cart.clear()
    messages.info(request, CART_EMPTIED_MESSAGE)
    return HttpResponseRedirect(reverse("cart"))


@customer_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    client = api_client(request)
    if request.method == "POST":
        try:
            order = client.orders.place()
        except ApiValidationError as error:
            messages.error(request, error.detail or EMPTY_CART_MESSAGE)
            return HttpResponseRedirect(reverse("cart"))
        messages.success(request, ORDER_PLACED_MESSAGE.format(id=order.id))
        return HttpResponseRedirect(reverse("order", args=[order.id]))
    lines = client.cart.lines()
    if not lines:
        messages.info(request, EMPTY_CART_MESSAGE)
        return HttpResponseRedirect(reverse("menu"))
    total = sum((line.price for line in lines), start=0)
    return render(request, "web/checkout.html", {"lines": lines, "total": total})


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """Customers: their orders · crew: orders assigned to them · managers: every order."""
    status = request.GET.get("status", "")
    delivered = {"pending": False, "delivered": True}.get(status)
    page = api_client(request).orders.find(delivered=delivered, page=_page_number(request))
    query = f"status={status}" if delivered is not None else ""
    context = {"page": page, "status": status, "query": query}
    return render(request, "web/orders.html", context)


@login_required
def order(request: HttpRequest, order_id: int) -> HttpResponse:
    client = api_client(request)
    the_order = client.orders.get(order_id)
    context: dict[str, object] = {"order": the_order}
    if role_of(current_identity(request)) == MANAGER:
        crew = [(user.id, user.username) for user in client.accounts.group_members(DELIVERY_CREW)]
        initial = {"delivery_crew": the_order.delivery_crew}
        context["assign_form"] = AssignCrewForm(initial=initial, crew=crew)
    return render(request, "web/order.html", context)


@login_required
@require_POST
def order_assign(request: HttpRequest, order_id: int) -> HttpResponse:
    client = api_client(request)
    crew = [(user.id, user.username) for user in client.accounts.group_members(DELIVERY_CREW)]
    form = AssignCrewForm(request.POST, crew=crew)
    if form.is_valid():
        try:
            client.orders.update(order_id, delivery_crew=form.cleaned_data["delivery_crew"])
        except ApiValidationError as error:
            apply_api_errors(form, error)
        else:
            rider = dict(crew)[form.cleaned_data["delivery_crew"]]
            messages.success(request, ORDER_ASSIGNED_MESSAGE.format(id=order_id, rider=rider))
            return HttpResponseRedirect(reverse("order", args=[order_id]))
    the_order = client.orders.get(order_id)
    context = {"order": the_order, "assign_form": form}
    return render(request, "web/order.html", context, status=400)


@login_required
@require_POST
def order_delivered(request: HttpRequest, order_id: int) -> HttpResponse:
    api_client(request).orders.update(order_id, status=True)
    messages.success(request, ORDER_DELIVERED_MESSAGE.format(id=order_id))
    from_list = request.POST.get("from") == "list"
    return HttpResponseRedirect(
        reverse("orders") if from_list else reverse("order", args=[order_id])
    )
