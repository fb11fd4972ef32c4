"""promotions 0007: items bought in a bundle before it take the title their bundle has now."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory
from promotions.bundles import bundle_order_create
from promotions.models import Bundle, BundleItem

pytestmark = pytest.mark.django_db


def test_items_bought_in_a_bundle_before_take_its_title_of_now():
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        bundle.comics.set([ComicFactory(), ComicFactory()])
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
        items = BundleItem.objects.filter(order_item__order=order)
        items.update(title="")  # as the column was added
        Bundle.objects.filter(pk=bundle.pk).update(title="Trilogy, renamed")
    module = importlib.import_module("promotions.migrations.0007_bundle_item_title")

    module.titles_as_now(None, SimpleNamespace(connection=connection))

    with system_scope():
        assert sorted(items.values_list("title", flat=True)) == ["Trilogy, renamed"] * 2
