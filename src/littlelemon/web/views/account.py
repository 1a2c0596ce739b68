"""Sign up, log in, log out, the account page, profile, password change and reset."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from littlelemon.contract.roles import CUSTOMER, DELIVERY_CREW, MANAGER
from littlelemon.web.auth import (
    IDENTITY_KEY,
    api_client,
    current_identity,
    log_in,
    login_required,
    role_of,
)
from littlelemon.web.client import ApiError, ApiUnavailableError, ApiValidationError
from littlelemon.web.forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetConfirmForm,
    PasswordResetRequestForm,
    ProfileForm,
    SignUpForm,
    WebForm,
    apply_api_errors,
    posted,
)

logger = logging.getLogger(__name__)

WELCOME_MESSAGE = "Welcome, {username}!"
SIGNED_UP_MESSAGE = "Your account is ready. Welcome to Little Lemon, {username}!"
SIGNED_UP_LOG_IN_MESSAGE = "Your account is ready. Please log in."
LOGGED_OUT_MESSAGE = "You are logged out."
# The form comes back filled in (not the bare 503 page): nothing the visitor typed is lost.
SERVICE_DOWN_MESSAGE = (
    "We could not reach our service just now. What you typed is kept: please send it again "
    "in a moment."
)
SIGN_UP_SERVICE_DOWN_MESSAGE = (
    "We could not reach our service just now. What you typed is kept: please send it again "
    "in a moment (if your account was made meanwhile, you can log in)."
)
RETRY_AFTER_SECONDS = "5"


def _form_page(
    request: HttpRequest, template: str, form: WebForm, **context: object
) -> HttpResponse:
    """The form's page: 503 when the service was down, 400 with errors, else 200."""
    status = 503 if form.service_down else 400 if form.errors else 200
    response = render(request, template, {"form": form, **context}, status=status)
    if form.service_down:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


PROFILE_SAVED_MESSAGE = "Your profile is saved."
PASSWORD_CHANGED_MESSAGE = "Your password is changed."
PASSWORD_RESET_DONE_MESSAGE = "Your new password is set. Please log in with it."
RESET_LINK_INVALID_MESSAGE = (
    "This reset link is not valid any more (it was used, or it is over an hour old). "
    "Please ask for a new one."
)
LANDING_BY_ROLE = {MANAGER: "orders", DELIVERY_CREW: "orders", CUSTOMER: "menu"}
PASSWORD_FIELDS = {"new_password": "new_password", "current_password": "current_password"}


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else fallback


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            tokens = api_client(request).accounts.log_in(**form.cleaned_data)
        except ApiValidationError as error:
            apply_api_errors(form, error)
        except ApiUnavailableError as error:
            logger.warning("login: API unavailable: %s", error)
            form.add_error(None, SERVICE_DOWN_MESSAGE)
            form.service_down = True
        else:
            identity = log_in(request, tokens)
            messages.success(request, WELCOME_MESSAGE.format(username=identity.username))
            landing = reverse(LANDING_BY_ROLE[role_of(identity)])
            return HttpResponseRedirect(_next_url(request, landing))
    return _form_page(request, "web/login.html", form, next=_next_url(request, ""))


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        client = api_client(request)
        credentials = {"username": form.cleaned_data["username"]}
        credentials["password"] = form.cleaned_data["password"]
        try:
            client.accounts.sign_up(email=form.cleaned_data["email"], **credentials)
        except ApiValidationError as error:
            apply_api_errors(form, error)
        except ApiUnavailableError as error:
            logger.warning("sign-up: API unavailable: %s", error)
            form.add_error(None, SIGN_UP_SERVICE_DOWN_MESSAGE)
            form.service_down = True
        else:
            return _log_in_new_account(request, credentials)
    return _form_page(request, "web/signup.html", form)


def _log_in_new_account(request: HttpRequest, credentials: dict[str, str]) -> HttpResponse:
    try:
        tokens = api_client(request).accounts.log_in(**credentials)
    except ApiError as error:
        # The account exists now: never send the user back to a form that would say "taken".
        logger.warning("login right after sign-up failed: %s", error.detail)
        messages.info(request, SIGNED_UP_LOG_IN_MESSAGE)
        return HttpResponseRedirect(reverse("login"))
    identity = log_in(request, tokens)
    messages.success(request, SIGNED_UP_MESSAGE.format(username=identity.username))
    return HttpResponseRedirect(reverse("menu"))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    try:
        api_client(request).accounts.log_out()
    except ApiError as error:
        # The session is forgotten either way; the refresh token simply expires on its own.
        logger.info("refresh token not blacklisted at logout: %s", error.detail)
    request.session.flush()
    messages.info(request, LOGGED_OUT_MESSAGE)
    return HttpResponseRedirect(reverse("home"))


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = api_client(request).accounts.me()
    identity = current_identity(request)
    if identity is not None and user.role is not None and user.role != identity.role:
        # A manager changed this user's role: show it now, not at the next token refresh.
        request.session[IDENTITY_KEY] = identity.model_copy(update={"role": user.role}).model_dump()
        return HttpResponseRedirect(reverse("account"))
    return render(request, "web/account.html", {"user": user})


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest) -> HttpResponse:
    client = api_client(request)
    user = client.accounts.me()
    initial = {name: getattr(user, name) for name in ProfileForm.base_fields}
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            client.accounts.update_me(**form.cleaned_data)
        except ApiValidationError as error:
            apply_api_errors(form, error)
        else:
            messages.success(request, PROFILE_SAVED_MESSAGE)
            return HttpResponseRedirect(reverse("account"))
    status = 400 if form.errors else 200
    return render(request, "web/account_edit.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            api_client(request).accounts.set_password(
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ApiValidationError as error:
            apply_api_errors(form, error, PASSWORD_FIELDS)
        else:
            messages.success(request, PASSWORD_CHANGED_MESSAGE)
            return HttpResponseRedirect(reverse("account"))
    status = 400 if form.errors else 200
    return render(request, "web/password_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link; the next page reads the same whether the address is known."""
    form = PasswordResetRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            api_client(request).accounts.reset_password(email=form.cleaned_data["email"])
        except ApiValidationError as error:
            apply_api_errors(form, error)
        else:
            return HttpResponseRedirect(reverse("password-reset-sent"))
    status = 400 if form.errors else 200
    return render(request, "web/password_reset.html", {"form": form}, status=status)


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "web/password_reset_sent.html")


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    form = PasswordResetConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            api_client(request).accounts.reset_password_confirm(
                uid=uid, token=token, new_password=form.cleaned_data["new_password"]
            )
        except ApiValidationError as error:
            if {"uid", "token"} & set(error.field_errors):
                form.add_error(None, RESET_LINK_INVALID_MESSAGE)
            else:
                apply_api_errors(form, error, PASSWORD_FIELDS)
        else:
            messages.success(request, PASSWORD_RESET_DONE_MESSAGE)
            return HttpResponseRedirect(reverse("login"))
    status = 400 if form.errors else 200
    return render(request, "web/password_reset_confirm.html", {"form": form}, status=status)
