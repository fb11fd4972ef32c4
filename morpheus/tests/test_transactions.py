import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from morpheus.transactions import all_or_nothing


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
