"""Row-level security for API requests authenticated by token.

The middleware chose the request's scope before DRF knew who presents the token, so the
authentication narrows the request's transaction to that customer itself. The context is
transaction-local, like everything `morpheus.db_context` sets, and ends with the request's
scope.
"""

from morpheus.db_context import Scope, enter_scope


def rls_enter_customer(*, user_id: int) -> None:
    """From here to the end of the request's scope, see as this customer."""
    enter_scope(scope=Scope.CUSTOMER, user_id=user_id)
