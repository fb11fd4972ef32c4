import hashlib
from html import escape

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog import selectors
from catalog.models import COVER_TYPES
from morpheus.sessions import opens_visitor_session

COVER_MAX_AGE = 3600
PLACEHOLDER_PALETTE = ("#3b2f63", "#1f4e5f", "#6b2d3c", "#2f5a3a", "#5a4a1f", "#2d3f6b")


@require_safe
def comic_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "catalog/comic_list.html", {"comics": selectors.comics_for_sale_with_files()}
    )


@require_safe
@opens_visitor_session
def comic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    comic = selectors.comic_for_sale(slug=slug)
    if comic is None:
        raise Http404("No such comic.")
    return render(request, "catalog/comic_detail.html", {"comic": comic})


@require_safe
def comic_cover(request: HttpRequest, slug: str) -> HttpResponse:
    """Covers are public images in default storage; comic files never pass through here. A
    comic the visitor may not see, or none by that slug, answers the same untitled
    placeholder."""
    shown = selectors.comic_cover_for(slug=slug, viewer=request.user)
    if shown is None:
        response = HttpResponse(_placeholder_svg(""), content_type="image/svg+xml")
        patch_cache_control(response, private=True, no_cache=True)
        return response
    comic = shown.comic
    if comic.cover and comic.cover.storage.exists(comic.cover.name):
        content_type = COVER_TYPES.get(comic.cover.name.rpartition(".")[2].lower())
        if content_type is None:
            raise Http404("No cover image.")
        response = FileResponse(comic.cover.open("rb"), content_type=content_type)
    else:
        response = HttpResponse(_placeholder_svg(comic.title), content_type="image/svg+xml")
    audience = {"public": True} if shown.public else {"private": True}
    patch_cache_control(response, **audience, max_age=COVER_MAX_AGE)
    return response


def _placeholder_svg(title: str) -> str:
    shown = _cover_title(title)
    background = PLACEHOLDER_PALETTE[
        hashlib.sha256(title.encode()).digest()[0] % len(PLACEHOLDER_PALETTE)
    ]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 420" '
        'role="img" aria-label="Cover placeholder">'
        f'<rect width="300" height="420" fill="{background}"/>'
        '<circle cx="150" cy="170" r="70" fill="none" stroke="#fff" '
        'stroke-opacity=".35" stroke-width="6"/>'
        '<text x="150" y="330" fill="#fff" font-family="sans-serif" '
        f'font-size="{_cover_font_size(shown)}" text-anchor="middle">{escape(shown)}</text>'
        "</svg>"
    )


# How much of a title the placeholder shows, and how many characters fit at its full size.
COVER_TITLE_LIMIT = 24
COVER_TITLE_FULL_SIZE = 18


def _cover_title(title: str) -> str:
    """The title, or its first words and "…" when it is longer than the cover shows (outside
    probe GO-3: cut at 24 characters, mid-word and mid-emoji, with nothing saying so)."""
    if len(title) <= COVER_TITLE_LIMIT:
        return title
    cut = title[: COVER_TITLE_LIMIT - 1]
    if not title[len(cut)].isspace():  # the cut falls inside a word: the words before it
        cut = cut.rpartition(" ")[0] or cut
    return cut.rstrip() + "…"


def _cover_font_size(shown: str) -> int:
    """22 px, smaller for a longer title, so that it stays within the cover's width."""
    return min(22, 22 * COVER_TITLE_FULL_SIZE // max(len(shown), 1))
