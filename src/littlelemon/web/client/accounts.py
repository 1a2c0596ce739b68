"""Account calls: sign-up, login and logout, the signed-in user, staff groups."""

from __future__ import annotations

from littlelemon.web.client.errors import ApiValidationError, AuthenticationRequiredError
from littlelemon.web.client.models import NewUser, Tokens, User
from littlelemon.web.client.transport import Endpoints, parse


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

    def me(self) -> User:
        return self.requester.get(User, "/auth/users/me/", auth=True)

    def group_members(self, group: str) -> list[User]:
        path = f"/api/groups/{group}/users"
        return list(self.requester.get(tuple[User, ...], path, auth=True))

    def group_add(self, group: str, *, username: str) -> User:
        body = {"username": username}
        response = self.requester.request("POST", f"/api/groups/{group}/users", json=body)
        return parse(User, response)

    def group_remove(self, group: str, user_id: int) -> None:
        self.requester.request("DELETE", f"/api/groups/{group}/users/{user_id}")
