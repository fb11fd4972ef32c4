import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from morpheus.transactions import all_or_nothing, prepared_statements


@pytest.mark.django_db
def test_nested_blocks_make_no_savepoints_inside_all_or_nothing():
    with all_or_nothing(), CaptureQueriesContext(connection) as queries:
        with transaction.atomic(), transaction.atomic():
            connection.cursor().execute("SELECT 1")
    assert [query["sql"] for query in queries.captured_queries] == ["SELECT 1"]


@pytest.mark.django_db
def test_a_failing_nested_block_dooms_the_whole_transaction():
    with transaction.atomic(), all_or_nothing():
        with pytest.raises(RuntimeError), transaction.atomic():
            raise RuntimeError("a handler failed")
        with pytest.raises(TransactionManagementError):
            connection.cursor().execute("SELECT 1")


@pytest.mark.django_db
def test_savepoints_come_back_after_the_block():
    with all_or_nothing():
        pass
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        pass
    assert any(query["sql"].startswith("SAVEPOINT") for query in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_it_needs_an_open_transaction():
    with pytest.raises(RuntimeError), all_or_nothing():
        pass


def _prepared() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_statements_run_again_in_a_prepared_block_are_prepared_on_the_server():
    sql = "SELECT count(*) FROM django_content_type WHERE app_label = %s"
    with prepared_statements():
        for label in ("orders", "payments"):
            with connection.cursor() as cursor:
                cursor.execute(sql, [label])
    assert "SELECT count(*) FROM django_content_type WHERE app_label = $1" in _prepared()


@pytest.mark.django_db
def test_outside_the_block_statements_go_as_text_again():
    with prepared_statements():
        pass
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_content_type WHERE model = %s", ["order"])
    assert not any("WHERE model =" in statement for statement in _prepared())


@pytest.mark.django_db
def test_prepared_statements_can_be_turned_off(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    with prepared_statements(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_content_type WHERE id = %s", [1])
    assert not any("WHERE id =" in statement for statement in _prepared())


@pytest.mark.django_db
def test_a_statement_run_once_is_not_prepared():
    with prepared_statements(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_content_type WHERE app_label <> %s", ["x"])
    assert not any("app_label <>" in statement for statement in _prepared())
