"""Endpoints of accounts: group membership, login/refresh/logout, sign-up and "who am I"."""

from __future__ import annotations

from djoser.views import UserViewSet
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views

from littlelemon.api.accounts import lockout, selectors, services
from littlelemon.api.accounts.authentication import SessionJWTAuthentication
from littlelemon.api.accounts.serializers import (
    GroupMemberInputSerializer,
    TokenBlacklistSerializer,
    UserSerializer,
)
from littlelemon.api.core.permissions import IsManager
from littlelemon.api.core.throttling import (
    LoginRateThrottle,
    RefreshRateThrottle,
    SignUpRateThrottle,
    UserRateThrottle,
)


class GroupMembersView(APIView):
    """GET: members of `manager` or `delivery-crew`; POST `{"username"}`: add one."""

    permission_classes = [IsManager]

    def get(self, request: Request, group: str) -> Response:
        users = selectors.group_member_list(group_name=group)
        return Response(UserSerializer(users, many=True).data)

    def post(self, request: Request, group: str) -> Response:
        serializer = GroupMemberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.group_member_add(group_name=group, **serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class GroupMemberView(APIView):
    """DELETE: remove a user from the group (200 with the user)."""

    permission_classes = [IsManager]

    def delete(self, request: Request, group: str, user_id: int) -> Response:
        user = services.group_member_remove(group_name=group, user_id=user_id)
        return Response(UserSerializer(user).data)


class LoginView(jwt_views.TokenObtainPairView):
    """Username and password to an RS256 access/refresh pair."""

    throttle_classes = [LoginRateThrottle]

    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            # The backend refused to check the password: this account and address back off.
            if (wait := lockout.locked_wait(request)) is not None:
                raise Throttled(wait, detail=lockout.LOGIN_LOCKED) from None
            raise


class RefreshView(jwt_views.TokenRefreshView):
    """A refresh token to a new pair; the used refresh token is blacklisted."""

    throttle_classes = [RefreshRateThrottle]

    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().post(request, *args, **kwargs)


class VerifyView(jwt_views.TokenVerifyView):
    """Check a token's signature, expiry and blacklist state (200 `{}` when valid)."""

    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().post(request, *args, **kwargs)


class LogoutView(jwt_views.TokenBlacklistView):
    """Blacklist the caller's refresh token (204)."""

    authentication_classes = [SessionJWTAuthentication]  # type: ignore[assignment]
    permission_classes = [IsAuthenticated]  # type: ignore[assignment]
    serializer_class = TokenBlacklistSerializer
    throttle_classes = [UserRateThrottle]

    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignUpViewSet(UserViewSet):  # type: ignore[misc]
    """djoser's users: sign up (POST /auth/users/) and "who am I" (GET /auth/users/me/)."""

    throttle_classes = [SignUpRateThrottle, UserRateThrottle]
