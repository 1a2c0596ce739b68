"""Sign up, log in, log out and the account page."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from littlelemon.contract.roles import CUSTOMER, DELIVERY_CREW, MANAGER
from littlelemon.web.auth import api_client, log_in, login_required, role_of
from littlelemon.web.client import ApiError, ApiValidationError
from littlelemon.web.forms import LoginForm, SignUpForm, apply_api_errors, posted

logger = logging.getLogger(__name__)

WELCOME_MESSAGE = "Welcome, {username}!"
SIGNED_UP_MESSAGE = "Your account is ready. Welcome to Little Lemon, {username}!"
SIGNED_UP_LOG_IN_MESSAGE = "Your account is ready. Please log in."
LOGGED_OUT_MESSAGE = "You are logged out."
LANDING_BY_ROLE = {MANAGER: "orders", DELIVERY_CREW: "orders", CUSTOMER: "menu"}


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
        else:
            identity = log_in(request, tokens)
            messages.success(request, WELCOME_MESSAGE.format(username=identity.username))
            landing = reverse(LANDING_BY_ROLE[role_of(identity)])
            return HttpResponseRedirect(_next_url(request, landing))
    context = {"form": form, "next": _next_url(request, "")}
    return render(request, "web/login.html", context, status=400 if form.errors else 200)


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
        else:
            return _log_in_new_account(request, credentials)
    return render(request, "web/signup.html", {"form": form}, status=400 if form.errors else 200)


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
    return render(request, "web/account.html", {"user": user})
