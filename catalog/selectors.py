"""Reads of the catalog: only comics that are for sale are shown to customers."""

from collections.abc import Iterable

from django.db.models import QuerySet

from catalog.models import Comic


def comics_for_sale() -> QuerySet[Comic]:
    return Comic.objects.filter(is_active=True)


def comic_for_sale(*, slug: str) -> Comic | None:
    return comics_for_sale().filter(slug=slug).first()


def comic_by_slug(*, slug: str) -> Comic | None:
    return Comic.objects.filter(slug=slug).first()


def comics_by_ids(ids: Iterable[int]) -> QuerySet[Comic]:
    return Comic.objects.filter(pk__in=list(ids))
