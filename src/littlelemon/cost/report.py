"""Format an estimate as a plain-text table, line by line, with both totals."""

from __future__ import annotations

from littlelemon.cost.model import Estimate, Usage

ITEM = 50
QUANTITY = 26
AMOUNT = 10
WIDTH = 14 + ITEM + QUANTITY + AMOUNT


def _quantity(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if value >= 100 else f"{value:,.3g}"
    return f"{number} {unit}"


def _row(stack: str, item: str, quantity: str, usd: float) -> str:
    return (
        f"{stack:<14}{item[: ITEM - 1]:<{ITEM}}{quantity[:QUANTITY]:>{QUANTITY}}{usd:>{AMOUNT}.2f}"
    )


def render(estimate: Estimate, usage: Usage) -> str:
    """The estimate of one profile: every line, the free allowances, list and net totals."""
    out = [
        f"Little Lemon, profile {estimate.profile!r}: monthly estimate, us-east-1 list prices",
        f"assuming {usage.requests_per_month:,} API requests/month "
        f"({usage.bookings_share:.0%} to bookings) and "
        f"{usage.web_page_views_per_month:,} page views",
        "-" * WIDTH,
        f"{'stack':<14}{'item':<{ITEM}}{'quantity':>{QUANTITY}}{'USD':>{AMOUNT}}",
    ]
    for line in sorted(estimate.lines, key=lambda line: (line.stack, -line.usd, line.item)):
        out.append(_row(line.stack, line.item, _quantity(line.quantity, line.price.unit), line.usd))
    out.append("-" * WIDTH)
    out.append(_row("", "total at list prices", "", estimate.list_total))
    for credit in estimate.credits:
        if credit.usd >= 0.005:
            out.append(_row("", credit.description, "", -credit.usd))
    out.append(_row("TOTAL", "per month, after always-free allowances", "", estimate.total))
    return "\n".join(out)
