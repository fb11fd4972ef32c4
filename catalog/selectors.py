"""Reads of the catalog: only comics that are for sale are shown to customers."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from catalog.models import Comic, ComicAsset


def comics_for_sale() -> QuerySet[Comic]:
    return Comic.objects.filter(is_active=True)


def comics_for_sale_with_files() -> QuerySet[Comic]:
    """For the shop's pages: each comic with its files (formats and sizes), by format."""
    return comics_for_sale().prefetch_related(
        Prefetch("assets", queryset=ComicAsset.objects.order_by("format"))
    )


def comic_for_sale(*, slug: str) -> Comic | None:
    return comics_for_sale_with_files().filter(slug=slug).first()


def comic_by_slug(*, slug: str) -> Comic | None:
    return Comic.objects.filter(slug=slug).first()


def comics_by_ids(ids: Iterable[int]) -> QuerySet[Comic]:
    return Comic.objects.filter(pk__in=list(ids))
