"""Every table in the database enables and forces row-level security, unless this file says why not.
A new table without RLS fails here until someone adds it below with a reason."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# Readable by the app role on purpose.
EXEMPT = {
    # Django's users, groups and permissions: sign-in finds a user before any scope exists.
    "auth_group": "readable",
    "auth_group_permissions": "readable",
    "auth_permission": "readable",
    "auth_user": "readable",
    "auth_user_groups": "readable",
    "auth_user_user_permissions": "readable",
    # The catalogue is public.
    "catalog_comic": "readable",
    "catalog_comicasset": "readable",
    # Discount codes: what customers type at checkout; their checkouts count the uses.
    "promotions_discountcode": "readable",
    "promotions_discountcode_comics": "readable",
    "promotions_discountcode_bundles": "readable",
    "promotions_discountcodecurrency": "readable",
    # Bundles are products: public like the catalogue.
    "promotions_bundle": "readable",
    "promotions_bundle_comics": "readable",
    # Django's bookkeeping: staff's admin log, content types, applied migrations.
    "django_admin_log": "readable",
    "django_content_type": "readable",
    "django_migrations": "readable",
    # Out of the app role's reach: only their owner's SECURITY DEFINER functions use them.
    "django_session": "unreachable",
    "morpheus_rls_context_key": "unreachable",
    "morpheus_throttlebucket": "unreachable",
}
# dj-stripe's mirror of Stripe objects (we keep ours in payments_*) and procrastinate's job
# queue (job arguments are ids, never customer data).
EXEMPT_PREFIXES = ("djstripe_", "procrastinate_")
# dj-stripe tables holding secrets: never exempt.
SECRET_TABLES = {"djstripe_apikey", "djstripe_webhookendpoint"}


def tables() -> dict[str, tuple[bool, bool]]:
    """Every table and partitioned table outside PostgreSQL's own schemas: (row-level
    security enabled and forced, reachable by the current role)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity, "
            "has_table_privilege(current_user, c.oid, 'SELECT, INSERT, UPDATE, DELETE') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%%'"
        )
        return {name: (forced, reachable) for name, forced, reachable in cursor.fetchall()}


def exempt(table: str) -> bool:
    if table in SECRET_TABLES:
        return False
    return table in EXEMPT or table.startswith(EXEMPT_PREFIXES)


def test_every_table_forces_row_level_security_unless_exempt_with_a_reason():
    unprotected = sorted(name for name, (forced, _) in tables().items() if not forced)

    assert [name for name in unprotected if not exempt(name)] == []


def test_the_exemptions_name_tables_that_exist_and_the_unreachable_ones_are():
    found = tables()

    assert set(EXEMPT) <= set(found)
    assert set(found) >= SECRET_TABLES
    for name, reason in EXEMPT.items():
        assert found[name][1] is (reason == "readable"), name


def test_the_check_sees_the_tables_holding_customer_data():
    forced = {name for name, (is_forced, _) in tables().items() if is_forced}

    assert {"orders_order", "payments_payment", "delivery_downloadlink"} <= forced
