"""Two staff saving the same unique value at the same moment: one is saved, the other sees
the form's "already exists" error, as when they save one after the other; never a 500."""

import contextlib
import itertools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django import forms
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from backoffice.admin_base import ModelAdmin
from backoffice.admin_catalog import ComicForm
from backoffice.admin_promotions import BundleForm, DiscountCodeForm
from backoffice.staff_groups import FINANCE
from backoffice.tests.helpers import code_form, page_version
from backoffice.tests.test_admin_catalog import comic_form
from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus.models import SettingChange
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicFactory, create_order
from promotions.models import Bundle, DiscountCode
from promotions.services import discount_apply
from promotions.tests.factories import make_code

TWICE = 2


@contextmanager
def checked_together(form_class: type[forms.ModelForm]) -> Iterator[None]:
    """The first `TWICE` unique checks of `form_class` end together, so each request finds
    the value free before either saves it: the race the outside tester hit, every time."""
    together = threading.Barrier(TWICE)
    checks = itertools.count()
    check = form_class.validate_unique

    def validate_unique(form: forms.ModelForm) -> None:
        check(form)
        if next(checks) < TWICE:
            together.wait(timeout=10)

    with mock.patch.object(form_class, "validate_unique", validate_unique):
        yield


@contextmanager
def cleaned_together(
    *form_classes: type[forms.ModelForm], parties: int | None = None
) -> Iterator[None]:
    """The forms' checks (`parties` of them, one per form by default) start together, before
    any of them reads anything: each would read what the other is about to change."""
    together = threading.Barrier(parties or len(form_classes))
    patches = []
    for form_class in form_classes:
        full_clean = form_class.full_clean

        def clean_together(form, full_clean=full_clean):
            together.wait(timeout=10)
            return full_clean(form)

        patches.append(mock.patch.object(form_class, "full_clean", clean_together))
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        yield


def posted_at_once(user, url: str, data: dict, together: contextlib.AbstractContextManager) -> list:
    """The answers to the same form sent by `user` from two browsers at once."""
    clients = []
    for _ in range(TWICE):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    with together:
        return at_once(lambda: clients.pop().post(url, data), times=TWICE)


def each_posted_at_once(user, posts: list[tuple[str, dict]]) -> list:
    """The answers to different forms (url, data) sent by `user` from two browsers at once."""
    posts = list(posts)

    def post_one():
        url, data = posts.pop()
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client.post(url, data)

    return at_once(post_one, times=len(posts))


def assert_one_saved_one_refused(answers: list, error: str) -> None:
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 302], statuses
    (refused,) = [answer for answer in answers if answer.status_code == 200]
    assert error in refused.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_same_discount_code_added_twice_at_once_is_saved_once(staff_groups):
    answers = posted_at_once(
        staff_user(FINANCE),
        reverse("admin:promotions_discountcode_add"),
        {
            "code": "spring",
            "percent_off": "15",
            "max_uses_per_customer": "1",
            "is_active": "on",
            "currencies-TOTAL_FORMS": "0",
            "currencies-INITIAL_FORMS": "0",
            "uses-TOTAL_FORMS": "0",
            "uses-INITIAL_FORMS": "0",
        },
        checked_together(DiscountCodeForm),
    )

    assert_one_saved_one_refused(answers, "Discount code with this Code already exists.")
    with system_scope():
        assert list(DiscountCode.objects.values_list("code", flat=True)) == ["SPRING"]


@pytest.mark.django_db(transaction=True)
def test_the_same_bundle_slug_added_twice_at_once_is_saved_once(staff_groups):
    comics = [ComicFactory(price_amount=499, currency="EUR") for _ in range(2)]

    answers = posted_at_once(
        staff_user(superuser=True),
        reverse("admin:promotions_bundle_add"),
        {
            "title": "Trilogy",
            "slug": "trilogy",
            "price_amount": "7.99",
            "currency": "EUR",
            "comics": [comic.pk for comic in comics],
            "is_active": "on",
        },
        # Bundle saves take turns from their checks on (see the next test): both start
        # their checks together, and the second finds the first's bundle.
        cleaned_together(BundleForm, parties=TWICE),
    )

    assert_one_saved_one_refused(answers, "Bundle with this Slug already exists.")
    with system_scope():
        assert list(Bundle.objects.values_list("slug", flat=True)) == ["trilogy"]


@pytest.mark.django_db(transaction=True)
def test_a_comic_added_to_a_bundle_while_repriced_in_another_currency_is_refused_once(
    staff_groups,
):
    euro = [ComicFactory(price_amount=499, currency="EUR") for _ in range(2)]
    joining = ComicFactory(title="Joining", slug="joining", price_amount=499, currency="EUR")
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=799)
        bundle.comics.set(euro)
    staff = staff_user(superuser=True)
    posts = [
        (
            reverse("admin:promotions_bundle_change", args=[bundle.pk]),
            {
                "title": "Trilogy",
                "slug": "trilogy",
                "price_amount": "9.99",
                "currency": "EUR",
                "comics": [comic.pk for comic in [*euro, joining]],
                "is_active": "on",
                "version": page_version(bundle),
            },
        ),
        (
            reverse("admin:catalog_comic_change", args=[joining.pk]),
            comic_form(
                title="Joining",
                slug="joining",
                price_amount="4.99",
                currency="USD",
                version=page_version(joining),
            ),
        ),
    ]

    with cleaned_together(BundleForm, ComicForm):
        answers = each_posted_at_once(staff, posts)

    assert sorted(answer.status_code for answer in answers) == [200, 302]
    with system_scope():
        bundle.refresh_from_db()
        currencies = {comic.currency for comic in bundle.comics.all()}
    assert currencies == {bundle.currency}


@pytest.mark.django_db(transaction=True)
def test_a_comic_and_a_bundle_given_one_title_at_once_are_not_both_saved(staff_groups):
    comics = [ComicFactory(price_amount=499, currency="EUR") for _ in range(2)]
    posts = [
        (
            reverse("admin:promotions_bundle_add"),
            {
                "title": "Night Ferry",
                "slug": "night-ferry-bundle",
                "price_amount": "7.99",
                "currency": "EUR",
                "comics": [comic.pk for comic in comics],
                "is_active": "on",
            },
        ),
        (
            reverse("admin:catalog_comic_add"),
            comic_form(
                title="Night ferry", slug="night-ferry", price_amount="4.99", currency="EUR"
            ),
        ),
    ]
    staff = staff_user(superuser=True)

    with cleaned_together(BundleForm, ComicForm):
        answers = each_posted_at_once(staff, posts)

    assert sorted(answer.status_code for answer in answers) == [200, 302]
    (refused,) = [answer for answer in answers if answer.status_code == 200]
    assert "give this" in refused.text and "its own title" in refused.text
    with system_scope():
        titles = [
            *Comic.objects.filter(title__iexact="night ferry").values_list("title", flat=True),
            *Bundle.objects.filter(title__iexact="night ferry").values_list("title", flat=True),
        ]
    assert len(titles) == 1


def test_every_page_of_the_back_office_is_built_on_its_model_admin():
    """Built on the theme's or a library's ModelAdmin alone, a page would answer such a race,
    a hand-made lookup or a hand-made action with a 500 (procrastinate's job list included)."""
    pages = list(admin.site._registry.values())
    assert len(pages) > 10
    assert [type(each).__name__ for each in pages if not isinstance(each, ModelAdmin)] == []


@pytest.mark.django_db(transaction=True)
def test_a_code_used_between_its_forms_check_and_save_is_refused_on_max_uses(staff_groups):
    """A checkout takes the code's second use after the form found one use, below the new
    limit of 1: the database refuses the save (discount_uses_within_limit), and the page
    says so on the field as when the use came first, not with a server error."""
    make_code("RACE", percent_off=10, max_uses=3)
    _used_once("RACE")
    with system_scope():
        code = DiscountCode.objects.get(code="RACE")
    check = DiscountCodeForm.clean_max_uses
    checks = itertools.count()

    def used_once_more_after_the_first_check(form):
        limit = check(form)
        if next(checks) == 0:
            at_once(lambda: _used_once("RACE"), times=1)
        return limit

    client = Client(raise_request_exception=False)
    client.force_login(staff_user(FINANCE))
    with mock.patch.object(
        DiscountCodeForm, "clean_max_uses", used_once_more_after_the_first_check
    ):
        response = client.post(
            reverse("admin:promotions_discountcode_change", args=[code.pk]),
            code_form(code="RACE", percent_off="10", max_uses="1", version=page_version(code)),
        )

    assert response.status_code == 200
    assert "This code has already been used 2 times" in response.text
    with system_scope():
        assert DiscountCode.objects.values_list("max_uses", "uses_count").get() == (3, 2)


def _used_once(code: str) -> None:
    order = create_order(comics=[ComicFactory(price_amount=999)])
    with system_scope():
        discount_apply(order=order, code=code, customer=order.customer, actor="test")


@pytest.mark.django_db(transaction=True)
def test_a_code_saved_from_two_pages_at_once_is_saved_from_one_the_other_refused_filled(
    staff_groups,
):
    """Both forms find their page as new as the code before either saves: the code's row,
    locked by the save, has the second see the first's change and refuse it; the page is
    worked out again and says who changed what, the values typed on it kept."""
    code = make_code("FLIP", percent_off=25, starts_at=None)
    url = reverse("admin:promotions_discountcode_change", args=[code.pk])
    typed = {"percent_off": "30", "max_uses": "10"}
    clients = {}
    for field in typed:
        client = Client(raise_request_exception=False)
        client.force_login(staff_user(FINANCE))
        clients[field] = client
    pages = {field: client.get(url) for field, client in clients.items()}
    posts = [
        (field, {**code_form(code="FLIP", percent_off="25"), field: value, "version": version})
        for field, value in typed.items()
        for version in re.findall(r'name="version" value="(\d+)"', pages[field].text)
    ]

    def post_one():
        field, data = posts.pop()
        return field, clients[field].post(url, data)

    with checked_together(DiscountCodeForm):
        answers = dict(at_once(post_one, times=TWICE))

    assert sorted(answer.status_code for answer in answers.values()) == [200, 302]
    [(refused_field, refused)] = [(f, a) for f, a in answers.items() if a.status_code == 200]
    assert "after you opened this page" in refused.text
    assert refused.context["adminform"].form[refused_field].value() == typed[refused_field]
    with system_scope():
        saved = DiscountCode.objects.values("percent_off", "max_uses").get()
        changes = list(SettingChange.objects.values_list("actor", flat=True))
    assert saved == (
        {"percent_off": 30, "max_uses": None}
        if refused_field == "max_uses"
        else {"percent_off": 25, "max_uses": 10}
    )
    assert len(changes) == 1
