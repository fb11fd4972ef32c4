"""The granted download's one statement: what it checks, what it costs, whose eyes it uses."""

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delivery.models import DownloadEvent, DownloadLink
from delivery.redemption import download_redeem
from morpheus.db_context import Scope, rls_scope
from morpheus_testing.fixtures import TEST_DATABASE
from orders.transitions import ENTITLED_STATUSES, OrderStatus

FUNCTION = (
    "public.delivery_download_redeem("
    "text, boolean, boolean, timestamptz, inet, text, bigint, bigint, text)"
)


@pytest.fixture
def delivered_link(client, order_and_link):
    """A link whose first download has delivered the order: later ones take the short path."""
    order, link = order_and_link
    assert client.get(link.path).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    return order, link


def _token(link) -> str:
    return link.path.split("/")[2]


@pytest.mark.django_db
def test_a_granted_download_is_one_statement_without_the_request_transaction(
    client, delivered_link
):
    order, link = delivered_link

    with CaptureQueriesContext(connection) as queries:
        response = client.get(link.path)

    assert response.status_code == 200
    (statement,) = [query["sql"] for query in queries.captured_queries]
    assert "delivery_download_redeem" in statement
    assert DownloadLink.objects.get(order=order).download_count == 2
    assert DownloadEvent.objects.filter(link__order=order).count() == 2


@pytest.mark.django_db
def test_a_refused_download_is_one_statement_then_the_page_in_the_request_scope(
    client, delivered_link
):
    order, link = delivered_link
    DownloadLink.objects.filter(order=order).update(max_downloads=2)
    client.get(link.path)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(link.path)

    assert response.status_code == 403
    assert b"all its 2 downloads" in response.content
    statements = [query["sql"] for query in queries.captured_queries]
    assert "delivery_download_redeem" in statements[0]
    assert any("morpheus.context" in sql for sql in statements[1:])


@pytest.mark.django_db(transaction=True)
def test_the_statement_commits_the_count_and_the_history_by_itself(
    client, order_and_link, database_urls
):
    order, link = order_and_link
    client.get(link.path)  # the first download delivers the order in a transaction

    with CaptureQueriesContext(connection) as queries:
        assert client.get(link.path).status_code == 200

    assert len(queries.captured_queries) == 1
    assert connection.get_autocommit()
    with psycopg.connect(database_urls["admin"], dbname=TEST_DATABASE) as other:
        counted = other.execute(
            "SELECT download_count, (SELECT count(*) FROM delivery_downloadevent e "
            "WHERE e.link_id = l.id) FROM delivery_downloadlink l WHERE l.order_id = %s",
            [order.pk],
        ).fetchone()
    assert counted == (2, 2)


@pytest.mark.django_db
def test_the_function_sees_as_the_system_only_inside_its_own_body(delivered_link):
    order, link = delivered_link

    with rls_scope(scope=Scope.ANONYMOUS):
        grant = download_redeem(
            token=_token(link), ip_address=None, user_agent="reader", counted=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT scope, user_id FROM public.morpheus_verified_context()")
            assert cursor.fetchone() == ("anonymous", None)
        assert DownloadLink.objects.count() == 0
        assert DownloadEvent.objects.count() == 0

    assert grant.file_name == link.file_name
    assert DownloadLink.objects.get(order=order).download_count == 2


@pytest.mark.django_db
def test_a_hand_set_context_gains_nothing_from_the_function(delivered_link):
    """The function puts the caller's context back as it found it, even a forged one."""
    _, link = delivered_link
    with rls_scope(scope=Scope.ANONYMOUS):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('morpheus.context', 'system::forged', true)")
        download_redeem(token=_token(link), ip_address=None, user_agent="", counted=False)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('morpheus.context')")
            assert cursor.fetchone() == ("system::forged",)
        assert DownloadLink.objects.count() == 0


@pytest.mark.django_db
def test_the_function_entitles_exactly_the_apps_entitled_statuses():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_functiondef('{FUNCTION}'::regprocedure)")
        (definition,) = cursor.fetchone()

    statuses = ", ".join(f"'{status.value}'" for status in ENTITLED_STATUSES)
    assert f"link_row.status NOT IN ({statuses})" in definition


@pytest.mark.django_db
def test_only_the_app_role_may_call_the_function(database_urls):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_function_privilege(current_user, %s::regprocedure, 'EXECUTE'), "
            "has_function_privilege('public', %s::regprocedure, 'EXECUTE')",
            [FUNCTION, FUNCTION],
        )
        assert cursor.fetchone() == (True, False)


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.fixture
def durable_commits(db):
    """The test run's own server may skip durability (morpheus_testing.embedded_db): this
    test's transaction waits for its flush, as production's do, unless the function says
    otherwise."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('synchronous_commit', 'on', false)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


@pytest.mark.django_db
@pytest.mark.usefixtures("durable_commits")
@pytest.mark.parametrize(
    ("counted", "synchronous_commit"),
    [(True, "off"), (False, "on")],
    ids=["counted-commits-without-waiting-for-its-wal-flush", "uncounted-stays-durable"],
)
def test_only_a_counted_download_commits_without_waiting_for_its_wal_flush(
    delivered_link, counted, synchronous_commit
):
    _, link = delivered_link

    with rls_scope(scope=Scope.ANONYMOUS):
        download_redeem(token=_token(link), ip_address=None, user_agent="", counted=counted)
        assert _synchronous_commit() == synchronous_commit


@pytest.mark.django_db
@pytest.mark.usefixtures("durable_commits")
def test_the_first_download_that_delivers_the_order_commits_durably(order_and_link):
    order, link = order_and_link

    with rls_scope(scope=Scope.ANONYMOUS):
        download_redeem(token=_token(link), ip_address=None, user_agent="", counted=True)
        assert _synchronous_commit() == "on"
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
