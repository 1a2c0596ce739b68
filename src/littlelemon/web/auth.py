"""The signed-in user as the web tier knows them: tokens and identity inside the session.

The tokens never leave the encrypted session cookie: views get an `ApiClient` bound to the
session, and templates only ever see the `Identity` (user id, username, role).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import rotate_token
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from littlelemon.contract.roles import CUSTOMER, MANAGER, ROLES
from littlelemon.web.client import (
    ApiClient,
    ApiPermissionError,
    Identity,
    Tokens,
    identity_from_access_token,
    shared_http_client,
)
from littlelemon.web.conf import web_setting

TOKENS_KEY = "api_tokens"
IDENTITY_KEY = "identity"
LOGIN_REQUIRED_MESSAGE = "Please log in to continue."
WRONG_ROLE_MESSAGE = "That page is not available for your account."

View = Callable[..., HttpResponse]


class SessionTokenStore:
    """Keeps the API tokens (and the identity they carry) in the encrypted session."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    def get_tokens(self) -> Tokens | None:
        stored = self.session.get(TOKENS_KEY)
        if not isinstance(stored, dict):
            return None
        return Tokens.model_validate(stored)

    def set_tokens(self, tokens: Tokens) -> None:
        identity = identity_from_access_token(tokens.access)
        # Every refresh re-reads the role the API put into the new access token, so a
        # role change shows within one access-token lifetime, without logging out.
        self.session[TOKENS_KEY] = tokens.model_dump()
        self.session[IDENTITY_KEY] = identity.model_dump()

    def clear_tokens(self) -> None:
        # flush() drops every value and issues a new (empty) cookie: a full logout.
        self.session.flush()


def api_client(request: HttpRequest) -> ApiClient:
    """A client acting for the user of `request` (anonymous when nobody is logged in)."""
    http = shared_http_client(
        web_setting("API_BASE_URL"),
        web_setting("API_CONNECT_TIMEOUT"),
        web_setting("API_READ_TIMEOUT"),
    )
    return ApiClient(http, SessionTokenStore(request.session))


def log_in(request: HttpRequest, tokens: Tokens) -> Identity:
    """Start a signed-in session with fresh tokens (a new cookie value: no fixation)."""
    request.session.flush()
    # As django.contrib.auth.login does: a CSRF token planted before login is worthless after.
    rotate_token(request)
    SessionTokenStore(request.session).set_tokens(tokens)
    return current_identity(request) or identity_from_access_token(tokens.access)


def current_identity(request: HttpRequest) -> Identity | None:
    stored = request.session.get(IDENTITY_KEY)
    if not isinstance(stored, dict) or stored.get("role") not in ROLES:
        # A session written before identities carried a role: read as signed out.
        return None
    return Identity.model_validate(stored)


ANONYMOUS = "anonymous"


def role_of(identity: Identity | None) -> str:
    """`anonymous`, or the role the API computed (contract.roles): what pages are built around."""
    return ANONYMOUS if identity is None else identity.role


def return_url(request: HttpRequest) -> str:
    """Where to send the user back to: this page for a GET, the form's page for a POST."""
    if request.method == "GET":
        return request.get_full_path()
    # Never resend a form blindly: go back to the page the form was on.
    referer = request.headers.get("Referer", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed else "/"


def login_url_for(request: HttpRequest) -> str:
    return f"{reverse('login')}?{urlencode({'next': return_url(request)})}"


def role_required(*roles: str) -> Callable[[View], View]:
    """Only signed-in users with one of `roles` (any signed-in user when none is given)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            identity = current_identity(request)
            if identity is None:
                return HttpResponseRedirect(login_url_for(request))
            if roles and role_of(identity) not in roles:
                raise ApiPermissionError(403, WRONG_ROLE_MESSAGE)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


login_required = role_required()
customer_required = role_required(CUSTOMER)
manager_required = role_required(MANAGER)
