"""Django forms for every page that takes input, and the mapping of API errors onto them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core import validators
from django.core.validators import RegexValidator
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.text import slugify

from littlelemon.contract.restaurant import ORDER_STATE_LABELS, ORDER_STATES
from littlelemon.contract.roles import DELIVERY_CREW, MANAGER, ROLE_LABELS
from littlelemon.web.client import ApiError
from littlelemon.web.client.models import TAG_LABELS, TAGS
from littlelemon.web.conf import web_setting

PASSWORDS_DIFFER = "The two passwords differ."
DATE_IN_PAST_MESSAGE = "That date is in the past."
DATE_TOO_FAR_MESSAGE = "Bookings open at most {days} days ahead."
PHOTO_TOO_LARGE_MESSAGE = "The photo is larger than {megabytes} MB."
PHOTO_TYPE_MESSAGE = "Upload a JPEG, PNG or WebP photo."
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
SLUG_FROM_TITLE_MESSAGE = "Give a title with at least one letter or digit."
ORDERING_CHOICES = [
    ("", "Recommended"),
    ("price", "Price: low to high"),
    ("-price", "Price: high to low"),
    ("title", "Name"),
]
# No default: a manager picks the role on purpose.
GROUP_CHOICES = [("", "Choose a role"), *((g, ROLE_LABELS[g]) for g in (MANAGER, DELIVERY_CREW))]
STATE_CHOICES = [("", "Any state"), *((state, ORDER_STATE_LABELS[state]) for state in ORDER_STATES)]


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


class WebForm(forms.Form):
    """A form whose labels read as plain text ("Password", not "Password:")."""

    # Set by a view when the API was down: the page then answers 503 with the form kept.
    service_down = False

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
    title = forms.CharField(max_length=200)
    price = forms.DecimalField(min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    category = forms.TypedChoiceField(coerce=int, choices=[])
    description = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea({"rows": 4})
    )
    tags = forms.MultipleChoiceField(
        required=False,
        choices=[(tag, TAG_LABELS[tag]) for tag in TAGS],
        widget=forms.CheckboxSelectMultiple,
        label="Dietary tags",
    )
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
            "description": data["description"],
            "tags": [tag for tag in TAGS if tag in data["tags"]],
        }


class DishPhotoForm(WebForm):
    """A photo for a dish; the API checks the bytes, this only spares a useless upload."""

    # A plain file field: the API sniffs and decodes the picture (Pillow lives there only).
    image = forms.FileField(
        label="Choose a photo", widget=forms.ClearableFileInput({"accept": ",".join(PHOTO_TYPES)})
    )

    def clean_image(self) -> Any:
        image = self.cleaned_data["image"]
        limit = web_setting("DISH_PHOTO_MAX_BYTES")
        if image.size > limit:
            raise forms.ValidationError(PHOTO_TOO_LARGE_MESSAGE.format(megabytes=limit // 2**20))
        if getattr(image, "content_type", "") not in PHOTO_TYPES:
            raise forms.ValidationError(PHOTO_TYPE_MESSAGE)
        return image


class CategoryForm(WebForm):
    title = forms.CharField(max_length=255)
    slug = forms.SlugField(
        max_length=255,
        required=False,
        help_text="Part of the menu's web address. Leave it empty to make one from the title.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("title") and not cleaned.get("slug"):
            slug = slugify(cleaned["title"])
            if not slug:
                self.add_error("title", SLUG_FROM_TITLE_MESSAGE)
            cleaned["slug"] = slug
        return cleaned


class StaffSearchForm(WebForm):
    q = forms.CharField(max_length=100, label="Find a person", help_text="Username or name.")


class StaffAddForm(WebForm):
    group = forms.ChoiceField(choices=GROUP_CHOICES, label="Role")
    username = forms.CharField(max_length=150)


class OrderFilterForm(WebForm):
    """The managers' order list: a day (restaurant time) and a state, both optional."""

    date = forms.DateField(
        required=False, widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    state = forms.ChoiceField(required=False, choices=STATE_CHOICES)


PHONE_HELP = "With the country code, e.g. +1 312 555 0100."


class CheckoutForm(WebForm):
    delivery_address = forms.CharField(
        max_length=300,
        label="Delivery address",
        widget=forms.Textarea({"rows": 3, "autocomplete": "street-address"}),
    )
    delivery_phone = forms.CharField(
        max_length=32,
        label="Phone for the rider",
        help_text=PHONE_HELP,
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel"}),
    )
    delivery_notes = forms.CharField(
        max_length=500,
        required=False,
        label="Notes for the rider (optional)",
        widget=forms.Textarea({"rows": 2}),
        help_text="Door code, floor, where to leave it.",
    )


class ProfileForm(WebForm):
    first_name = forms.CharField(
        max_length=150, required=False, widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        max_length=150, required=False, widget=forms.TextInput({"autocomplete": "family-name"})
    )
    email = forms.EmailField(required=False, widget=forms.EmailInput({"autocomplete": "email"}))
    phone = forms.CharField(
        max_length=32,
        required=False,
        help_text=PHONE_HELP,
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel"}),
    )
    address = forms.CharField(
        max_length=300,
        required=False,
        label="Delivery address",
        widget=forms.Textarea({"rows": 3, "autocomplete": "street-address"}),
    )


class _NewPasswordForm(WebForm):
    new_password = forms.CharField(
        strip=False, min_length=8, widget=forms.PasswordInput({"autocomplete": "new-password"})
    )
    new_password_again = forms.CharField(
        label="New password (again)",
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new = cleaned.get("new_password")
        if new and new != cleaned.get("new_password_again"):
            self.add_error("new_password_again", PASSWORDS_DIFFER)
        return cleaned


class PasswordChangeForm(_NewPasswordForm):
    current_password = forms.CharField(
        strip=False, widget=forms.PasswordInput({"autocomplete": "current-password"})
    )
    field_order = ["current_password", "new_password", "new_password_again"]


class PasswordResetRequestForm(WebForm):
    email = forms.EmailField(widget=forms.EmailInput({"autocomplete": "email"}))


class PasswordResetConfirmForm(_NewPasswordForm):
    pass


class AssignCrewForm(WebForm):
    delivery_crew = forms.TypedChoiceField(coerce=int, choices=[], label="Delivery rider")

    def __init__(self, *args: Any, crew: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery_crew"].choices = [("", "Choose a rider"), *crew]  # type: ignore[attr-defined]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def booking_window() -> tuple[dt.date, dt.date]:
    """The first and last day a table can be booked, on the restaurant's clock."""
    today = timezone.localdate()
    return today, today + dt.timedelta(days=web_setting("BOOKINGS_MAX_DAYS_AHEAD"))


def check_booking_date(value: dt.date) -> dt.date:
    """The date, or the one reason it cannot be booked (and nothing else)."""
    first, last = booking_window()
    if value < first:
        raise forms.ValidationError(DATE_IN_PAST_MESSAGE)
    if value > last:
        days = web_setting("BOOKINGS_MAX_DAYS_AHEAD")
        raise forms.ValidationError(DATE_TOO_FAR_MESSAGE.format(days=days))
    return value


class AvailabilityForm(WebForm):
    date = forms.DateField(widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, last = booking_window()
        self.fields["date"].widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})
        self.fields[
            "date"
        ].help_text = f"From today up to {web_setting('BOOKINGS_MAX_DAYS_AHEAD')} days ahead."

    def clean_date(self) -> dt.date:
        return check_booking_date(self.cleaned_data["date"])


class DayForm(WebForm):
    """The managers' bookings day: any date (past days show what happened)."""

    date = forms.DateField(widget=DateInput())


class BookingMarkForm(WebForm):
    """A manager's verdict on a booking: the guests came, did not come, or it is cancelled."""

    status = forms.ChoiceField(
        choices=[("seated", "Seated"), ("no_show", "No-show"), ("cancelled", "Cancelled")]
    )


class BookingForm(WebForm):
    date = forms.DateField(widget=forms.HiddenInput)
    slot = forms.ChoiceField(choices=[], label="Time")
    guests = forms.IntegerField(initial=2)
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
        low, high = web_setting("BOOKINGS_MIN_GUESTS"), web_setting("BOOKINGS_MAX_GUESTS")
        guests = self.fields["guests"]
        guests.validators.extend(
            [validators.MinValueValidator(low), validators.MaxValueValidator(high)]
        )
        guests.widget.attrs.update({"min": str(low), "max": str(high)})
        guests.help_text = f"{low} to {high} guests; for a larger party, please call us."

    def clean_date(self) -> dt.date:
        return check_booking_date(self.cleaned_data["date"])
