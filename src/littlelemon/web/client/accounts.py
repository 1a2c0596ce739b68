"""Account calls: sign-up, login and logout, the signed-in user, staff groups."""

from __future__ import annotations

from typing import Any

from littlelemon.web.client.auth import REFRESH_PATH, SESSION_EXPIRED_MESSAGE
from littlelemon.web.client.errors import (
    ApiError,
    ApiThrottledError,
    ApiUnavailableError,
    ApiValidationError,
    AuthenticationRequiredError,
)
from littlelemon.web.client.models import NewUser, Tokens, User, UserMatch, UserMatchPage
from littlelemon.web.client.transport import MAX_PAGE_SIZE, Endpoints, parse


class AccountEndpoints(Endpoints):
    """djoser's `/auth/users/`, simplejwt's `/auth/jwt/`, and `/api/groups/{group}/users`."""

    def sign_up(self, *, username: str, email: str, password: str) -> NewUser:
        body = {"username": username, "email": email, "password": password}
        return parse(NewUser, self.requester.request("POST", "/auth/users/", json=body, auth=False))

    def log_in(self, *, username: str, password: str) -> Tokens:
        """Tokens for the credentials (not stored: the caller decides where they go)."""
        body = {"username": username, "password": password}
        try:
            response = self.requester.request("POST", "/auth/jwt/create/", json=body, auth=False)
        except AuthenticationRequiredError as error:
            # simplejwt answers bad credentials with 401: for a login form that is a 400.
            raise ApiValidationError(400, error.detail) from error
        return parse(Tokens, response)

    def log_out(self) -> None:
        """Blacklist the refresh token at the API; the caller forgets the tokens."""
        store = self.requester.tokens
        tokens = store.get_tokens() if store else None
        if tokens is None:
            return
        self.requester.request("POST", "/auth/jwt/logout/", json={"refresh": tokens.refresh})

    def refresh(self) -> Tokens | None:
        """Trade the refresh token for a new pair now; None when nobody is signed in.

        The API refuses a revoked refresh token (after a logout elsewhere, or reuse of a
        rotated one): then the tokens are dropped and AuthenticationRequiredError raised.
        An API that is down or throttling says nothing about the session: its error passes.
        """
        store = self.requester.tokens
        tokens = store.get_tokens() if store else None
        if store is None or tokens is None:
            return None
        try:
            response = self.requester.request(
                "POST", REFRESH_PATH, json={"refresh": tokens.refresh}, auth=False
            )
        except (ApiUnavailableError, ApiThrottledError):
            raise
        except ApiError as error:
            store.clear_tokens()
            raise AuthenticationRequiredError(401, SESSION_EXPIRED_MESSAGE) from error
        fresh = parse(Tokens, response)
        store.set_tokens(fresh)
        return fresh

    def me(self) -> User:
        return self.requester.get(User, "/auth/users/me/", auth=True)

    def update_me(self, **fields: Any) -> User:
        """Change the profile (`first_name`, `last_name`, `email`, `phone`, `address`)."""
        return parse(User, self.requester.request("PATCH", "/auth/users/me/", json=fields))

    def set_password(self, *, current_password: str, new_password: str) -> None:
        body = {"current_password": current_password, "new_password": new_password}
        self.requester.request("POST", "/auth/users/set_password/", json=body)

    def reset_password(self, *, email: str) -> None:
        """Ask for a reset e-mail; the API answers the same whether the address is known."""
        body = {"email": email}
        self.requester.request("POST", "/auth/users/reset_password/", json=body, auth=False)

    def reset_password_confirm(self, *, uid: str, token: str, new_password: str) -> None:
        body = {"uid": uid, "token": token, "new_password": new_password}
        path = "/auth/users/reset_password_confirm/"
        self.requester.request("POST", path, json=body, auth=False)

    def search_users(self, text: str) -> list[UserMatch]:
        params = {"search": text, "page_size": MAX_PAGE_SIZE}
        envelope = self.requester.get(UserMatchPage, "/api/users", params=params, auth=True)
        return list(envelope.results)

    def group_members(self, group: str) -> list[User]:
        path = f"/api/groups/{group}/users"
        return list(self.requester.get(tuple[User, ...], path, auth=True))

    def group_add(self, group: str, *, username: str) -> User:
        body = {"username": username}
        response = self.requester.request("POST", f"/api/groups/{group}/users", json=body)
        return parse(User, response)

    def group_remove(self, group: str, user_id: int) -> None:
        self.requester.request("DELETE", f"/api/groups/{group}/users/{user_id}")
