"""`manage.py seed_demo`: the demo menu, groups and (locally) the demo users; idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from littlelemon.api.core.demo import DEMO_USERS, demo_seed, demo_users_allowed


class Command(BaseCommand):
    help = "Create the demo menu, the role groups and, locally, the demo users (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with_users = demo_users_allowed()
        report = demo_seed(with_users=with_users)
        self.stdout.write(
            f"seed_demo: {report.categories} categories, {report.dishes} dishes, "
            f"{report.users} users created"
        )
        if not with_users:
            self.stdout.write("seed_demo: production settings, no demo users created")
            return
        names = ", ".join(username for username, _ in DEMO_USERS)
        self.stdout.write(f"seed_demo: demo users {names}; password {report.password_source}")
