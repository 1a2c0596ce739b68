"""Django forms for every page that takes input, and the mapping of API errors onto them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from littlelemon.contract.roles import DELIVERY_CREW, MANAGER, ROLE_LABELS
from littlelemon.web.client import ApiError

MAX_GUESTS = 12
PASSWORDS_DIFFER = "The two passwords differ."
ORDERING_CHOICES = [
    ("", "Recommended"),
    ("price", "Price: low to high"),
    ("-price", "Price: high to low"),
    ("title", "Name"),
]
GROUP_CHOICES = [(group, ROLE_LABELS[group]) for group in (MANAGER, DELIVERY_CREW)]


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


class WebForm(forms.Form):
    """A form whose labels read as plain text ("Password", not "Password:")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def apply_api_errors(
    form: forms.Form, error: ApiError, field_names: Mapping[str, str] | None = None
) -> None:
    """Show an API validation error on the form: field errors by field, the rest on top."""
    names = dict(field_names or {})
    for api_name, messages in error.field_errors.items():
        name = names.get(api_name, api_name)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.detail)


class LoginForm(WebForm):
    username = forms.CharField(max_length=150, widget=forms.TextInput({"autocomplete": "username"}))
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput({"autocomplete": "current-password"})
    )


class SignUpForm(WebForm):
    username = forms.CharField(
        max_length=150,
        validators=[RegexValidator(r"^[\w.@+-]+\Z", "Letters, digits and @/./+/-/_ only.")],
        widget=forms.TextInput({"autocomplete": "username"}),
    )
    email = forms.EmailField(widget=forms.EmailInput({"autocomplete": "email"}))
    password = forms.CharField(
        strip=False, min_length=8, widget=forms.PasswordInput({"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label="Password (again)",
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", PASSWORDS_DIFFER)
        return cleaned


class MenuFilterForm(WebForm):
    """The menu's query string: every value optional, bad ones simply ignored."""

    search = forms.CharField(required=False, max_length=100, label="Search dishes")
    category = forms.ChoiceField(required=False, choices=[("", "All categories")])
    ordering = forms.ChoiceField(required=False, choices=ORDERING_CHOICES, label="Sort by")
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories"), *categories]  # type: ignore[attr-defined]


class AddToCartForm(WebForm):
    quantity = forms.IntegerField(min_value=1, max_value=20, initial=1)


class CartQuantityForm(WebForm):
    quantity = forms.IntegerField(min_value=0, max_value=99, help_text="0 removes the dish.")


class MenuItemForm(WebForm):
    title = forms.CharField(max_length=255)
    price = forms.DecimalField(min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    category = forms.TypedChoiceField(coerce=int, choices=[])
    featured = forms.BooleanField(required=False, label="Featured on the home page")
    available = forms.BooleanField(required=False, initial=True, label="Available today")

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]

    def api_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "price": str(data["price"]),
            "featured": data["featured"],
            "available": data["available"],
            "category": data["category"],
        }


class CategoryForm(WebForm):
    title = forms.CharField(max_length=255)
    slug = forms.SlugField(max_length=255, help_text="Lower-case letters, digits and dashes.")


class StaffAddForm(WebForm):
    group = forms.ChoiceField(choices=GROUP_CHOICES, label="Role")
    username = forms.CharField(max_length=150)


class AssignCrewForm(WebForm):
    delivery_crew = forms.TypedChoiceField(coerce=int, choices=[], label="Delivery rider")

    def __init__(self, *args: Any, crew: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery_crew"].choices = [("", "Choose a rider"), *crew]  # type: ignore[attr-defined]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AvailabilityForm(WebForm):
    date = forms.DateField(widget=DateInput())


class BookingForm(WebForm):
    date = forms.DateField(widget=forms.HiddenInput)
    slot = forms.ChoiceField(choices=[], label="Time")
    guests = forms.IntegerField(min_value=1, max_value=MAX_GUESTS, initial=2)
    name = forms.CharField(max_length=100, label="Name for the booking")
    note = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea({"rows": 3}), label="Note (optional)"
    )
    # One key per filled-in form: sending the same form twice stores one booking.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise forms.ValidationError("Pick today or a later date.")
        return value
