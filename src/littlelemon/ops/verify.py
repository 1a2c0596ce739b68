"""`littlelemon verify --api URL --web URL`: smoke-check a running system end to end.

One line per check (PASS or FAIL), the exit status says whether all passed. It runs
against `littlelemon up` as well as a deployed system (`deploy` runs it on the stack
outputs). It signs up one throwaway user (`verify-<hex>`), books a table through the JWT
authorizer and cancels it again; nothing else is written.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import httpx

from littlelemon.contract.claims import ACCESS_SCOPE

TIMEOUT_S = 30.0  # a cold VPC Lambda with SnapStart off can take several seconds
JWT_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DAYS_TO_TRY = range(2, 9)
# What every page of the web tier must send (littlelemon.web.settings, django-csp).
WEB_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")
Echo = Callable[[str], None]


class CheckFailedError(Exception):
    """One smoke check failed; the message says what was seen."""


@dataclass
class Run:
    """The session against one system: HTTP clients, what earlier checks found, results."""

    api: str
    web: str
    echo: Echo
    client: httpx.Client
    results: list[tuple[str, bool, str]] = field(default_factory=list)
    found: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str, step: Callable[[Run], str]) -> bool:
        try:
            message = step(self)
            ok = True
        except (CheckFailedError, httpx.HTTPError, ValueError, KeyError) as error:
            message, ok = f"{type(error).__name__}: {error}", False
        self.results.append((name, ok, message))
        self.echo(f"{'PASS' if ok else 'FAIL'} {name}: {message}")
        return ok


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailedError(message)


def _json(response: httpx.Response, status: int) -> Any:
    expect(
        response.status_code == status,
        f"{response.request.method} {response.request.url.path} answered "
        f"{response.status_code}, expected {status}: {response.text[:200]}",
    )
    return response.json()


def deep_health(run: Run) -> str:
    body = _json(run.client.get(f"{run.api}/health", params={"deep": "1"}), 200)
    expect(body.get("database") == "ok", f"database: {body}")
    return "the api and its database answer"


def discovery(run: Run) -> str:
    document = _json(run.client.get(f"{run.api}/.well-known/openid-configuration"), 200)
    issuer = str(document.get("issuer", "")).rstrip("/")
    expect(issuer == run.api, f"issuer {issuer!r} is not {run.api!r}")
    jwks = _json(run.client.get(str(document["jwks_uri"])), 200)
    keys = jwks.get("keys") or []
    expect(bool(keys), "the JWKS has no keys")
    expect(all("kid" in key and "d" not in key for key in keys), "a key lacks kid or is private")
    return f"issuer {issuer}, {len(keys)} signing key(s)"


def menu(run: Run) -> str:
    body = _json(run.client.get(f"{run.api}/api/menu-items"), 200)
    expect(isinstance(body.get("results"), list), f"no results list: {str(body)[:200]}")
    return f"{body.get('count', len(body['results']))} dishes"


def sign_up_and_login(run: Run) -> str:
    username = "verify-" + secrets.token_hex(4)
    password = secrets.token_urlsafe(18)
    _json(
        run.client.post(
            f"{run.api}/auth/users/",
            json={"username": username, "email": f"{username}@example.com", "password": password},
        ),
        201,
    )
    tokens = _json(
        run.client.post(
            f"{run.api}/auth/jwt/create/", json={"username": username, "password": password}
        ),
        200,
    )
    run.found.update(username=username, password=password, **tokens)
    return f"signed up and signed in as {username}"


def booking(run: Run) -> str:
    access, refresh = run.found["access"], run.found["refresh"]
    bearer = {"Authorization": f"Bearer {access}"}
    refused = run.client.get(f"{run.api}/bookings", headers={"Authorization": f"Bearer {refresh}"})
    expect(
        refused.status_code == 403,
        f"a refresh token got {refused.status_code} on GET /bookings, not 403 "
        f"(the routes must require {ACCESS_SCOPE})",
    )
    today = dt.datetime.now(dt.UTC).date()
    for days in DAYS_TO_TRY:
        day = (today + dt.timedelta(days=days)).isoformat()
        slots = _json(
            run.client.get(
                f"{run.api}/bookings/availability", params={"date": day}, headers=bearer
            ),
            200,
        )["slots"]
        free = [slot["slot"] for slot in slots if slot["available"] >= 2]
        if free:
            break
    else:
        raise CheckFailedError("no free slot in the next week")
    created = _json(
        run.client.post(
            f"{run.api}/bookings",
            json={"date": day, "slot": free[0], "guests": 2, "name": "Verify"},
            headers=bearer,
        ),
        201,
    )
    cancelled = run.client.delete(f"{run.api}/bookings/{created['id']}", headers=bearer)
    expect(cancelled.status_code in (200, 204), f"cancel answered {cancelled.status_code}")
    return f"booked {day} {free[0]} through the authorizer and cancelled it; refresh token: 403"


def web_headers(run: Run) -> str:
    response = run.client.get(f"{run.web}/")
    expect(response.status_code == 200, f"GET / answered {response.status_code}")
    missing = [name for name in WEB_HEADERS if name not in response.headers]
    if run.web.startswith("https://"):
        missing += [] if "strict-transport-security" in response.headers else ["hsts"]
    framing = "x-frame-options" in response.headers or "frame-ancestors" in response.headers.get(
        "content-security-policy", ""
    )
    expect(not missing and framing, f"missing: {', '.join(missing) or 'frame protection'}")
    expect(response.headers["x-content-type-options"] == "nosniff", "x-content-type-options")
    return "security headers present"


def web_login_without_jwt(run: Run) -> str:
    web = httpx.Client(timeout=TIMEOUT_S, follow_redirects=True)
    with web:
        form = web.get(f"{run.web}/login")
        expect(form.status_code == 200, f"GET /login answered {form.status_code}")
        token = CSRF_FIELD.search(form.text)
        expect(token is not None, "the login form has no CSRF token")
        assert token is not None
        page = web.post(
            f"{run.web}/login",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": run.found["username"],
                "password": run.found["password"],
            },
            headers={"Referer": f"{run.web}/login"},
        )
        expect(page.status_code == 200, f"POST /login answered {page.status_code}")
        expect(page.url.path != "/login", "the web login did not sign in")
        account = web.get(f"{run.web}/account")
        expect(account.status_code == 200, f"GET /account answered {account.status_code}")
        for where, text in (("login page", page.text), ("account page", account.text)):
            expect(JWT_PATTERN.search(text) is None, f"a JWT appears in the {where} HTML")
        for cookie in web.cookies.jar:
            expect(
                JWT_PATTERN.search(cookie.value or "") is None,
                f"cookie {cookie.name} holds a JWT",
            )
            expect(
                not (run.web.startswith("https://") and not cookie.secure),
                f"cookie {cookie.name} is not Secure",
            )
        return f"signed in on the web site; {len(web.cookies.jar)} cookie(s), no JWT in them"


CHECKS: tuple[tuple[str, Callable[[Run], str], bool], ...] = (
    # name, step, whether later checks need it
    ("deep health", deep_health, False),
    ("discovery and JWKS", discovery, False),
    ("menu", menu, False),
    ("sign-up and login", sign_up_and_login, True),
    ("booking through the authorizer", booking, False),
    ("web security headers", web_headers, False),
    ("web login, no JWT in HTML or cookies", web_login_without_jwt, False),
)


def verify_system(*, api_url: str, web_url: str, echo: Echo = print) -> bool:
    """Every check against the system at `api_url` and `web_url`; True when all pass."""
    with httpx.Client(timeout=TIMEOUT_S) as client:
        run = Run(api=api_url.rstrip("/"), web=web_url.rstrip("/"), echo=echo, client=client)
        for name, step, needed_later in CHECKS:
            if not run.check(name, step) and needed_later:
                echo("stopping: the checks after this one need it")
                break
    return all(ok for _, ok, _ in run.results) and len(run.results) == len(CHECKS)


@click.command()
@click.option("--api", "api_url", help="Base URL of the HTTP API (default: the deploy's outputs).")
@click.option(
    "--web", "web_url", help="Public URL of the web site (default: the deploy's outputs)."
)
@click.option(
    "--profile", type=click.Choice(["lean", "standard"]), default="lean", show_default=True
)
@click.option(
    "--assembly",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("cdk.out"),
    show_default=True,
    help="Where `deploy` wrote <profile>/outputs.json (read when --api/--web are not given).",
)
@click.option(
    "-c", "--context", "context_values", multiple=True, metavar="KEY=VALUE",
    help="Accepted like deploy's (e.g. env=staging); the URLs come from the outputs file.",
)  # fmt: skip
def command(
    api_url: str | None,
    web_url: str | None,
    profile: str,
    assembly: Path,
    context_values: tuple[str, ...],
) -> None:
    """Smoke-check a running system: health, discovery, menu, sign-up, a booking, the site."""
    if api_url is None or web_url is None:
        from littlelemon.deploy import deployed_urls

        outputs = assembly / profile / "outputs.json"
        if not outputs.is_file():
            raise click.UsageError(f"give --api and --web, or deploy first ({outputs} is missing)")
        found_api, found_web = deployed_urls(outputs)
        api_url, web_url = api_url or found_api, web_url or found_web
    if not verify_system(api_url=api_url, web_url=web_url, echo=click.echo):
        raise click.ClickException("verify failed (see FAIL above)")
    click.echo("all checks passed")
