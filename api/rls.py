"""Row-level security for API requests authenticated by token.

The middleware chose the request's scope before DRF knew who presents the token, so the
authentication narrows the request's transaction to that customer itself. The settings are
transaction-local, like everything `morpheus.db_context` sets, and the middleware restores
the previous ones when the request's transaction ends.
"""

from django.db import connection

from morpheus.db_context import Scope


def rls_enter_customer(*, user_id: int) -> None:
    """From here to the end of the current transaction, see as this customer."""
    if not connection.in_atomic_block:
        raise RuntimeError("A row-level security context only lives inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('morpheus.scope', %s, true), "
            "set_config('morpheus.user_id', %s, true)",
            [Scope.CUSTOMER.value, str(user_id)],
        )
