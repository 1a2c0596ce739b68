"""Budget: an AWS Budgets monthly cost budget with forecast and actual alerts by e-mail."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_budgets as budgets
from constructs import Construct

from infra.config import InfraConfig

ALERT_PERCENTAGES = (50, 80, 100)
NOTIFICATION_TYPES = ("ACTUAL", "FORECASTED")


class BudgetStack(Stack):
    """A monthly COST budget: alerts at 50, 80 and 100 % of it, forecast and actual."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        amount_usd: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        subscriber = budgets.CfnBudget.SubscriberProperty(
            subscription_type="EMAIL", address=config.alarm_email
        )
        self.budget = budgets.CfnBudget(
            self,
            "MonthlyCost",
            budget=budgets.CfnBudget.BudgetDataProperty(
                budget_name=config.stack_name("monthly"),
                budget_type="COST",
                time_unit="MONTHLY",
                budget_limit=budgets.CfnBudget.SpendProperty(amount=amount_usd, unit="USD"),
            ),
            notifications_with_subscribers=[
                budgets.CfnBudget.NotificationWithSubscribersProperty(
                    notification=budgets.CfnBudget.NotificationProperty(
                        notification_type=kind,
                        comparison_operator="GREATER_THAN",
                        threshold=percentage,
                        threshold_type="PERCENTAGE",
                    ),
                    subscribers=[subscriber],
                )
                for kind in NOTIFICATION_TYPES
                for percentage in ALERT_PERCENTAGES
            ],
        )
