from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from delivery.models import DownloadEvent, DownloadLink
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import Scope, rls_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def downloaded_order(client, order_and_link):
    order, link = order_and_link
    assert client.get(link.path).status_code == 200
    return order


def test_the_suite_talks_to_the_database_as_a_role_bound_by_rls():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)


def test_the_owner_sees_their_links_and_download_events(downloaded_order):
    with rls_scope(scope=Scope.CUSTOMER, user_id=downloaded_order.customer_id):
        assert DownloadLink.objects.filter(order=downloaded_order).count() == 1
        assert DownloadEvent.objects.count() == 1


def test_another_customer_sees_no_links_or_download_events(downloaded_order):
    with rls_scope(scope=Scope.CUSTOMER, user_id=UserFactory().pk):
        assert DownloadLink.objects.count() == 0
        assert DownloadEvent.objects.count() == 0


def test_an_anonymous_request_sees_no_links(downloaded_order):
    with rls_scope(scope=Scope.ANONYMOUS):
        assert DownloadLink.objects.count() == 0
        assert DownloadEvent.objects.count() == 0


def test_another_customer_cannot_change_or_attach_links_to_someone_elses_order(
    downloaded_order,
):
    link = DownloadLink.objects.get(order=downloaded_order)
    with rls_scope(scope=Scope.CUSTOMER, user_id=UserFactory().pk):
        assert DownloadLink.objects.filter(pk=link.pk).update(download_count=0) == 0
        refused = r"row-level security|is not of the comic"  # the link guard looks first
        with pytest.raises(DatabaseError, match=refused), transaction.atomic():
            DownloadLink.objects.create(
                order_id=link.order_id,
                order_item_id=link.order_item_id,
                asset_id=link.asset_id,
                token_digest="0" * 64,
                expires_at=link.expires_at,
                max_downloads=5,
            )
    assert DownloadLink.objects.get(pk=link.pk).download_count == 1


def test_download_history_cannot_be_rewritten_by_the_app(downloaded_order):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        DownloadEvent.objects.update(downloaded_at=timezone.now())


def test_a_link_can_only_give_a_file_of_the_comic_its_item_bought(downloaded_order):
    link = DownloadLink.objects.get(order=downloaded_order)
    other_file = ComicAssetFactory()

    with pytest.raises(DatabaseError, match="is not of the comic"), transaction.atomic():
        DownloadLink.objects.filter(pk=link.pk).update(asset_id=other_file.pk)

    assert DownloadLink.objects.get(pk=link.pk).asset_id == link.asset_id


@pytest.mark.parametrize(
    "change",
    [
        {"max_downloads": 1_000_000},
        {"expires_at": datetime(9999, 1, 1, tzinfo=UTC)},
        {"download_count": 0},
        {"revoked_at": None},
    ],
    ids=["quota", "expiry", "count", "un-revoke"],
)
def test_the_customers_own_session_writes_none_of_its_links(downloaded_order, change):
    link = DownloadLink.objects.get(order=downloaded_order)
    DownloadLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())

    with rls_scope(scope=Scope.CUSTOMER, user_id=downloaded_order.customer_id):
        with pytest.raises(DatabaseError, match="in a customer's session"), transaction.atomic():
            DownloadLink.objects.filter(pk=link.pk).update(**change)
        with (
            pytest.raises(DatabaseError, match="in a customer's session"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM delivery_downloadlink WHERE id = %s", [link.pk])

    assert DownloadLink.objects.get(pk=link.pk).revoked_at is not None


def test_a_context_switched_in_the_middle_of_a_statement_passes_for_no_one():
    """`set_config` in a WHERE clause changes the context while the rows are written (a
    forged "system" one for the first row, the customer's own again for the next, which the
    policies see): the guards verify it row by row, so the forged one passes for no one."""
    order, links = fulfilled_order(assets=[ComicAssetFactory(), ComicAssetFactory()])
    first, second = (link.link_id for link in links)

    with rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id), connection.cursor() as c:
        c.execute("SELECT current_setting('morpheus.context')")
        (signed,) = c.fetchone()
        with pytest.raises(DatabaseError, match="in a customer's session"), transaction.atomic():
            c.execute(
                "UPDATE delivery_downloadlink SET max_downloads = 1000000"
                " WHERE id IN (%(a)s, %(b)s) AND set_config('morpheus.context',"
                " CASE WHEN id = %(a)s THEN 'system::forged' ELSE %(signed)s END, true)"
                " IS NOT NULL",
                {"a": first, "b": second, "signed": signed},
            )

    assert set(DownloadLink.objects.values_list("max_downloads", flat=True)) == {5}
