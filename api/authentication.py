from django.contrib.auth.models import AbstractBaseUser
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken
from api.rls import rls_enter_customer
from api.selectors import api_token_owner
from morpheus.middleware import order_scoped

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`; the rest of the request sees as the token's owner."""

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Give the token after 'Bearer', and nothing else."
            )
        token = api_token_owner(secret=parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        rls_enter_customer(user_id=token.user_id)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class AccountSessionAuthentication(authentication.SessionAuthentication):
    """The site's session, when it is an account's: a session opened by a guest's emailed
    order link sees that one order, and is no account the API could act for (found by an
    outside probe: an order placed through it could not be read back, a 500)."""

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, None] | None:
        if order_scoped(request._request):
            return None
        return super().authenticate(request)
