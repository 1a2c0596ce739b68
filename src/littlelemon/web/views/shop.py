"""The customer's cart, checkout and orders; orders are shared with managers and crew."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from littlelemon.contract.restaurant import (
    DELIVERED,
    ORDER_PROGRESS,
    ORDER_STATE_LABELS,
    OUT_FOR_DELIVERY,
)
from littlelemon.contract.roles import DELIVERY_CREW, MANAGER
from littlelemon.web.auth import (
    api_client,
    current_identity,
    customer_required,
    login_required,
    role_of,
)
from littlelemon.web.cart_count import add_to_cart_count, forget_cart, remember_cart
from littlelemon.web.client import (
    ApiClient,
    ApiConflictError,
    ApiPermissionError,
    ApiValidationError,
    CartLine,
    Order,
)
from littlelemon.web.conf import web_setting
from littlelemon.web.forms import (
    AddToCartForm,
    AssignCrewForm,
    CartQuantityForm,
    CheckoutForm,
    OrderFilterForm,
    apply_api_errors,
    posted,
)
from littlelemon.web.views.confirm import confirm_page

ADDED_TO_CART_MESSAGE = "Added {quantity} x {title} to your cart."
CART_EMPTIED_MESSAGE = "Your cart is empty now."
ORDER_PLACED_MESSAGE = "Thank you! Your order #{id} is placed."
EMPTY_CART_MESSAGE = "Your cart is empty: add a dish first."
SOLD_OUT_MESSAGE = "Not available at the moment: {names}. Remove them to check out."
ORDER_DELIVERED_MESSAGE = "Order #{id} is marked delivered."
ORDER_ON_ITS_WAY_MESSAGE = "Order #{id} is out for delivery."
ORDER_ASSIGNED_MESSAGE = "Order #{id} is assigned to {rider}."
ORDER_CANCELLED_MESSAGE = "Order #{id} is cancelled."
ORDER_STATE_MESSAGE = "Order #{id} is now: {state}."
# The price a customer saw when adding a dish, to tell them when it changed since.
SEEN_PRICES_KEY = "cart_prices"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


@customer_required
@require_POST
def cart_add(request: HttpRequest, item_id: int) -> HttpResponse:
    client = api_client(request)
    item = client.menu.item(item_id)
    form = AddToCartForm(request.POST)
    if form.is_valid():
        quantity = form.cleaned_data["quantity"]
        try:
            client.cart.add(menuitem=item.id, quantity=quantity)
        except ApiValidationError as error:
            apply_api_errors(form, error, {"menuitem": "quantity"})
        else:
            add_to_cart_count(request, quantity)
            seen = request.session.get(SEEN_PRICES_KEY) or {}
            request.session[SEEN_PRICES_KEY] = {**seen, str(item.id): str(item.price)}
            messages.success(
                request, ADDED_TO_CART_MESSAGE.format(quantity=quantity, title=item.title)
            )
            return HttpResponseRedirect(_safe_next(request, reverse("cart")))
    return render(request, "web/dish.html", {"item": item, "form": form}, status=400)


@dataclass(frozen=True)
class CartRow:
    line: CartLine
    sold_out: bool
    price_before: Decimal | None


def _cart_view(request: HttpRequest, client: ApiClient) -> dict[str, Any]:
    """The cart lines with what changed: dishes sold out, prices moved since they were added."""
    lines = client.cart.lines()
    remember_cart(request, lines)
    sold_out = client.menu.sold_out_ids() if lines else frozenset()
    seen: dict[str, str] = request.session.get(SEEN_PRICES_KEY) or {}
    rows = []
    for line in lines:
        before = seen.get(str(line.menuitem))
        changed = before is not None and Decimal(before) != line.unit_price
        rows.append(
            CartRow(
                line=line,
                sold_out=line.menuitem in sold_out,
                price_before=Decimal(before) if before is not None and changed else None,
            )
        )
    return {
        "rows": rows,
        "lines": lines,
        "total": sum((line.price for line in lines), start=Decimal("0")),
        "sold_out_names": [row.line.menuitem_name for row in rows if row.sold_out],
    }


@customer_required
def cart(request: HttpRequest) -> HttpResponse:
    return render(request, "web/cart.html", _cart_view(request, api_client(request)))


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
@require_http_methods(["GET", "POST"])
def cart_clear(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST empties the cart."""
    if request.method == "GET":
        return confirm_page(
            request,
            title="Empty the cart?",
            question="Every dish in your cart will be removed.",
            confirm_label="Empty the cart",
            back_url=reverse("cart"),
        )
    api_client(request).cart.clear()
    forget_cart(request)
    request.session.pop(SEEN_PRICES_KEY, None)
    messages.info(request, CART_EMPTIED_MESSAGE)
    return HttpResponseRedirect(reverse("cart"))


def _checkout_initial(client: ApiClient) -> dict[str, str]:
    me = client.accounts.me()
    return {"delivery_address": me.address, "delivery_phone": me.phone}


@customer_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    client = api_client(request)
    form = CheckoutForm(posted(request), initial=_checkout_initial(client))
    if request.method == "POST" and form.is_valid():
        try:
            order = client.orders.place(**form.cleaned_data)
        except ApiValidationError as error:
            if error.code == "cart_empty":
                messages.error(request, error.detail or EMPTY_CART_MESSAGE)
                return HttpResponseRedirect(reverse("cart"))
            if error.code == "menu_item_unavailable":
                # The detail names the dishes; `menuitems` (their ids) flags them below.
                form.add_error(None, error.detail)
            else:
                apply_api_errors(form, error)
        else:
            forget_cart(request)
            request.session.pop(SEEN_PRICES_KEY, None)
            messages.success(request, ORDER_PLACED_MESSAGE.format(id=order.id))
            return HttpResponseRedirect(reverse("order", args=[order.id]))
    context = _cart_view(request, client)
    if not context["lines"]:
        messages.info(request, EMPTY_CART_MESSAGE)
        return HttpResponseRedirect(reverse("menu"))
    sold_out_names: list[str] = context["sold_out_names"]
    if sold_out_names and not form.errors:
        context["sold_out_message"] = SOLD_OUT_MESSAGE.format(names=", ".join(sold_out_names))
    context["form"] = form
    return render(request, "web/checkout.html", context, status=400 if form.errors else 200)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _rider_order(orders: list[Order]) -> list[Order]:
    """Riders see what is still to deliver first, oldest first; done ones after."""
    pending = sorted((o for o in orders if o.open), key=lambda o: o.when)
    return pending + [o for o in orders if not o.open]


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """Customers: their orders · crew: orders assigned to them · managers: every order."""
    role = role_of(current_identity(request))
    status = request.GET.get("status", "")
    delivered = {"pending": False, "delivered": True}.get(status)
    filters = OrderFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    day = chosen.get("date")
    page = api_client(request).orders.find(
        delivered=delivered,
        state=chosen.get("state") or "",
        date=day.isoformat() if day else "",
        page=_page_number(request),
    )
    query = request.GET.copy()
    query.pop("page", None)
    results = _rider_order(page.results) if role == DELIVERY_CREW else page.results
    context = {
        "page": page,
        "orders": results,
        "status": status,
        "query": query.urlencode(),
        "filters": filters,
    }
    return render(request, "web/orders.html", context)


def _order_context(request: HttpRequest, client: ApiClient, the_order: Order) -> dict[str, object]:
    # The page reloads itself only when the user asks (?live=1) and offers to stop: a timed
    # refresh the user did not choose fails WCAG 2.2.1 (axe-core's rule meta-refresh).
    live = request.GET.get("live") == "1" and the_order.open
    context: dict[str, object] = {
        "order": the_order,
        "refresh_seconds": web_setting("ORDER_REFRESH_SECONDS"),
        "live": live,
    }
    if role_of(current_identity(request)) == MANAGER and the_order.open:
        context["next_states"] = _next_kitchen_step(the_order)
        crew = [(user.id, user.username) for user in client.accounts.group_members(DELIVERY_CREW)]
        initial = {"delivery_crew": the_order.delivery_crew}
        context["assign_form"] = AssignCrewForm(initial=initial, crew=crew)
    return context


def _next_kitchen_step(the_order: Order) -> list[tuple[str, str]]:
    """The step a manager moves an order to next (delivery itself is the rider's button)."""
    if the_order.state is None:
        return []
    position = ORDER_PROGRESS.index(the_order.current_state)
    following = ORDER_PROGRESS[position + 1 : position + 2]
    return [(step, ORDER_STATE_LABELS[step]) for step in following if step != DELIVERED]


@login_required
def order(request: HttpRequest, order_id: int) -> HttpResponse:
    client = api_client(request)
    the_order = client.orders.get(order_id)
    return render(request, "web/order.html", _order_context(request, client, the_order))


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
    context = _order_context(request, client, client.orders.get(order_id))
    context["assign_form"] = form
    return render(request, "web/order.html", context, status=400)


def _back(request: HttpRequest, order_id: int) -> HttpResponseRedirect:
    from_list = request.POST.get("from") == "list"
    return HttpResponseRedirect(
        reverse("orders") if from_list else reverse("order", args=[order_id])
    )


@login_required
@require_POST
def order_delivered(request: HttpRequest, order_id: int) -> HttpResponse:
    api_client(request).orders.update(order_id, status=True)
    messages.success(request, ORDER_DELIVERED_MESSAGE.format(id=order_id))
    return _back(request, order_id)


@login_required
@require_POST
def order_state(request: HttpRequest, order_id: int) -> HttpResponse:
    """Move an order on (kitchen steps for managers, out for delivery/delivered for riders)."""
    state = request.POST.get("state", "")
    try:
        updated = api_client(request).orders.update(order_id, state=state)
    except (ApiValidationError, ApiConflictError, ApiPermissionError) as error:
        messages.error(request, error.detail)
        return _back(request, order_id)
    message = {
        DELIVERED: ORDER_DELIVERED_MESSAGE,
        OUT_FOR_DELIVERY: ORDER_ON_ITS_WAY_MESSAGE,
    }.get(state, ORDER_STATE_MESSAGE)
    messages.success(request, message.format(id=order_id, state=updated.state_label))
    return _back(request, order_id)


@login_required
@require_http_methods(["GET", "POST"])
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    """GET asks to confirm; POST cancels (the API refuses once the order is on its way)."""
    client = api_client(request)
    if request.method == "GET":
        the_order = client.orders.get(order_id)
        return confirm_page(
            request,
            title=f"Cancel order #{order_id}?",
            question=f"Order #{order_id} ({the_order.state_label.lower()}, "
            f"${the_order.total}) will be cancelled. This cannot be undone.",
            confirm_label="Cancel the order",
            back_url=reverse("order", args=[order_id]),
            back_label="Keep the order",
        )
    try:
        client.orders.update(order_id, state="cancelled")
    except (ApiConflictError, ApiPermissionError, ApiValidationError) as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, ORDER_CANCELLED_MESSAGE.format(id=order_id))
    return HttpResponseRedirect(reverse("order", args=[order_id]))
