"""Reads of the catalog: only comics that are for sale are shown to customers."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from catalog.models import Comic, ComicAsset


def comics_for_sale() -> QuerySet[Comic]:
    """Active comics with a file to deliver: one without could be paid for, never delivered."""
    has_file = Exists(ComicAsset.objects.filter(comic=OuterRef("pk")))
    return Comic.objects.filter(has_file, is_active=True)


def comics_not_for_sale(comics: Iterable[Comic]) -> list[Comic]:
    """Those of `comics` no one may buy: withdrawn, or without a file to deliver."""
    comics = list(comics)
    sold = set(
        comics_for_sale().filter(pk__in=[comic.pk for comic in comics]).values_list("pk", flat=True)
    )
    return [comic for comic in comics if comic.pk not in sold]


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
