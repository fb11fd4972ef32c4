"""Reads of the catalog: only comics that are for sale are shown to customers."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from catalog import signals
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


@dataclass(frozen=True)
class CoverShown:
    comic: Comic
    public: bool  # for sale: anyone may see it; otherwise only its owner does


def comic_cover_for(*, slug: str, viewer: AbstractBaseUser | AnonymousUser) -> CoverShown | None:
    """The comic whose cover `viewer` may see: one for sale, or one their library lists
    (withdrawn since they bought it; the delivery app answers, `signals.library_lists_asked`).
    None for any other, so a guessed slug tells nothing of a comic not yet announced."""
    comic = (
        Comic.objects.filter(slug=slug)
        .annotate(for_sale=Exists(comics_for_sale().filter(pk=OuterRef("pk"))))
        .first()
    )
    if comic is None:
        return None
    if comic.for_sale:
        return CoverShown(comic, public=True)
    if not viewer.is_authenticated:
        return None
    answers = signals.library_lists_asked.send(sender=Comic, customer=viewer, comic_id=comic.pk)
    if any(answer for _receiver, answer in answers):
        return CoverShown(comic, public=False)
    return None


def comics_by_ids(ids: Iterable[int]) -> QuerySet[Comic]:
    return Comic.objects.filter(pk__in=list(ids))
