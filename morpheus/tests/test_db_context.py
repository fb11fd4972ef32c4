"""The signed row-level security context: what the app sets, and what it costs in SQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from morpheus.db_context import Scope, enter_scope, rls_scope, system_scope


def verified_context() -> tuple[str | None, int | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT scope, user_id FROM morpheus_verified_context()")
        return cursor.fetchone()


@pytest.mark.django_db
def test_each_scope_the_app_sets_verifies_in_the_database():
    with rls_scope(scope=Scope.CUSTOMER, user_id=7):
        assert verified_context() == ("customer", 7)
        with rls_scope(scope=Scope.STAFF, user_id=3):
            assert verified_context() == ("staff", 3)
        assert verified_context() == ("customer", 7)
    assert verified_context() == ("system", None)


@pytest.mark.django_db
def test_a_failing_nested_scope_leaves_the_outer_scope_in_force():
    with rls_scope(scope=Scope.CUSTOMER, user_id=7):
        with pytest.raises(ZeroDivisionError), rls_scope(scope=Scope.SYSTEM):
            1 / 0  # noqa: B018 - the block fails
        assert verified_context() == ("customer", 7)
        with rls_scope(scope=Scope.STAFF, user_id=3):
            assert verified_context() == ("staff", 3)
        assert verified_context() == ("customer", 7)


@pytest.mark.django_db
def test_switching_scope_inside_a_scope_is_one_statement_each_way():
    with rls_scope(scope=Scope.CUSTOMER, user_id=7):
        with CaptureQueriesContext(connection) as entering:
            with rls_scope(scope=Scope.SYSTEM):
                pass
    statements = [q["sql"] for q in entering.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2
    assert all("set_config" in statement for statement in statements)


@pytest.mark.django_db
def test_entering_the_scope_already_in_force_costs_no_statement():
    with system_scope(), CaptureQueriesContext(connection) as captured:
        with system_scope():
            pass
    assert [q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]] == []


@pytest.mark.django_db(transaction=True)
def test_a_request_transaction_gets_its_context_in_one_statement_and_never_restores_it():
    connection.ensure_connection()
    with CaptureQueriesContext(connection) as captured:
        with rls_scope(scope=Scope.CUSTOMER, user_id=7):
            assert verified_context() == ("customer", 7)
    statements = [
        q["sql"] for q in captured.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")
    ]
    assert len(statements) == 2  # entering, then the check above
    assert "morpheus_enter_context" in statements[0]


@pytest.mark.django_db(transaction=True)
def test_the_proof_of_the_key_never_appears_in_the_sql_text(database_urls):
    import psycopg

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with CaptureQueriesContext(connection) as captured, system_scope():
        # Another session of the same login sees its SQL text, as one web request sees
        # another's (the tests log in as the worker role).
        with psycopg.connect(database_urls["worker"]) as other:
            (seen,) = other.execute(
                "SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()
    (entering,) = [q["sql"] for q in captured.captured_queries if "enter_context" in q["sql"]]
    assert "morpheus_enter_context($1, $2, $3)" in entering
    assert "morpheus_enter_context($1, $2, $3)" in seen


@pytest.mark.django_db
@pytest.mark.parametrize("proof", ["", "0" * 64, None])
def test_entering_a_context_without_the_proof_of_the_key_sees_nothing(proof):
    with connection.cursor() as cursor:
        cursor.execute("SELECT context FROM morpheus_enter_context('system', NULL, %s)", [proof])
        assert cursor.fetchone() == ("",)
    assert verified_context() == (None, None)


@pytest.mark.django_db(transaction=True)
def test_a_proof_made_for_another_backend_sees_nothing(database_urls):
    import psycopg

    from morpheus.db_context import _proof

    connection.ensure_connection()
    proof = _proof(Scope.SYSTEM, None)
    with psycopg.connect(database_urls["app"]) as other:
        other.execute("SELECT morpheus_enter_context('system', NULL, %s)", [proof])
        assert other.execute("SELECT scope FROM morpheus_verified_context()").fetchone() == (None,)


@pytest.mark.django_db
def test_enter_scope_narrows_the_rest_of_the_enclosing_scope():
    with rls_scope(scope=Scope.ANONYMOUS):
        enter_scope(scope=Scope.CUSTOMER, user_id=5)
        assert verified_context() == ("customer", 5)
    assert verified_context() == ("system", None)


@pytest.mark.django_db
def test_every_security_definer_function_has_a_fixed_search_path_and_no_public_execute():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE') "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.prosecdef"
        )
        definers = cursor.fetchall()

    assert "morpheus_verified_context" in {name for name, _, _ in definers}
    for name, config, public_execute in definers:
        assert "search_path=pg_catalog, public, pg_temp" in (config or []), name
        assert not public_execute, name


@pytest.mark.django_db(transaction=True)
def test_a_new_key_works_once_installed_by_the_owner_and_not_before(database_urls, settings):
    import psycopg
    from django.core.management import call_command
    from django.db import DatabaseError

    from morpheus.db_context import install_context_key

    def install() -> None:
        with psycopg.connect(database_urls["owner"], autocommit=True) as owner:
            install_context_key(owner.cursor())

    settings.RLS_CONTEXT_KEY = "a-rotated-key"
    try:
        with system_scope():
            assert verified_context() == (None, None)
        with pytest.raises(DatabaseError, match="permission denied"):
            call_command("install_rls_context_key")
        install()
        with system_scope():
            assert verified_context() == ("system", None)
    finally:
        settings.RLS_CONTEXT_KEY = ""
        install()
