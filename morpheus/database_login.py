"""The web and the job worker refuse a database login that row-level security does not bind.

Row-level security keeps each customer's rows from every other customer's requests,
whatever a query forgot or an injection adds. PostgreSQL does not apply it to a superuser
or a role with BYPASSRLS, and a table's owner may switch it off: served with such a login
the shop would run as usual with nothing kept apart. Migrations (the owner) and an
operator's own `manage.py` commands are not checked; the processes that serve customers
check their login when they start, one query per process. With the database unreachable
then (/healthz must still answer), the first connection that opens is checked instead,
and a refused login opens no connection at all.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.backends.signals import connection_created

_PRIVILEGES = """
SELECT login.rolname, login.rolsuper, login.rolbypassrls, EXISTS (
    SELECT 1 FROM pg_catalog.pg_class AS guarded
    WHERE guarded.relrowsecurity
      AND pg_catalog.pg_has_role(current_user, guarded.relowner, 'USAGE')
)
FROM pg_catalog.pg_roles AS login
WHERE login.rolname = current_user
"""
_DISPATCH_UID = "morpheus.database_login"


def refuse_a_login_that_bypasses_row_level_security() -> None:
    connection_created.connect(_check_login, dispatch_uid=_DISPATCH_UID)
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()  # one a system check opened would not be checked
    try:
        connection.ensure_connection()
    except OperationalError:
        return
    connection.close()


def _check_login(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.alias != DEFAULT_DB_ALIAS:
        return
    with connection.cursor() as cursor:
        cursor.execute(_PRIVILEGES)
        role, superuser, bypasses, owns = cursor.fetchone()
    privileges = [
        what
        for what, held in (
            ("is a superuser", superuser),
            ("has BYPASSRLS", bypasses),
            ("owns tables under row-level security", owns),
        )
        if held
    ]
    if privileges:
        connection.close()
        raise ImproperlyConfigured(
            f"The database login {role} {' and '.join(privileges)}: row-level security would "
            "not keep one customer's rows from another's requests. Serve with the app role's "
            "DATABASE_URL and run the job worker with the worker role's (README, \"Database "
            "roles\"); only migrations use the owner's."
        )
    connection_created.disconnect(dispatch_uid=_DISPATCH_UID)
