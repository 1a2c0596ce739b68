"""The order confirmation e-mail (sent through Django's EMAIL_BACKEND, the outbox on AWS)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from littlelemon.api.orders.models import Order
from littlelemon.api.orders.selectors import placed_at_local

SUBJECT = "Little Lemon: your order #{number} is in"


def order_confirmation_body(*, order: Order) -> str:
    """The plain-text confirmation: dishes, total, where it goes and when it should arrive."""
    lines = [
        f"Hello {order.user.first_name or order.user.get_username()},",
        "",
        f"thank you for your order #{order.pk}, placed {placed_at_local(order):%A %d %B, %H:%M}.",
        "",
    ]
    lines += [
        f"  {item.quantity} x {item.menuitem_name}  {item.price}" for item in order.items.all()
    ]
    lines += ["", f"Total: {order.total}", "", "We deliver to:", order.delivery_address]
    lines += [f"Phone: {order.delivery_phone}"]
    if order.delivery_notes:
        lines += [f"Notes: {order.delivery_notes}"]
    eta = order.eta
    if eta is not None:
        local_eta = eta.astimezone(placed_at_local(order).tzinfo)
        lines += ["", f"It should be with you at about {local_eta:%H:%M}."]
    lines += ["", "Little Lemon"]
    return "\n".join(lines)


def order_confirmation_send(*, order_id: int) -> int:
    """Send the confirmation of a placed order to its customer (0 without an address)."""
    order = Order.objects.select_related("user").prefetch_related("items").get(pk=order_id)
    if not order.user.email:
        return 0
    message = EmailMessage(
        subject=SUBJECT.format(number=order.pk),
        body=order_confirmation_body(order=order),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.user.email],
    )
    return message.send()
