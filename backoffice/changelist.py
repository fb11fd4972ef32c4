"""The back office's list page (every ModelAdmin's, `backoffice.admin_base`)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.admin.views.main import ORDER_VAR
from django.template.defaultfilters import capfirst
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from unfold.templatetags import unfold_list
from unfold.views import ChangeList as ThemeChangeList


class ChangeList(ThemeChangeList):
    """The theme's list, whose header says "10 results (Show all)" only when a filter or a
    search narrows it. A list that skips counting every row (`show_full_result_count =
    False`) does not know its total, so the theme took every page for a filtered one; a
    list neither filtered nor searched holds every row, and its count is that total."""

    def get_results(self, request) -> None:
        super().get_results(request)
        if self.full_result_count is None and not (self.has_active_filters or self.query):
            self.full_result_count = self.result_count

    # A sort address (`?o=-4`) numbers the columns counting the checkbox column, which
    # Django shows only to staff who may use a list action: without it every number would
    # name the next column, and the same link (or export) would sort Support's list by
    # Total and Finance's by Refunded. Django's own methods read and write the numbers of
    # the columns shown; these translate the address's.

    def _checkbox_missing(self) -> bool:
        return "action_checkbox" not in self.list_display

    def get_ordering(self, request, queryset):
        with self._order_numbered_as_shown():
            return super().get_ordering(request, queryset)

    def get_ordering_field_columns(self):
        with self._order_numbered_as_shown():
            return super().get_ordering_field_columns()

    def get_query_string(self, new_params=None, remove=None):
        if new_params and new_params.get(ORDER_VAR) and self._checkbox_missing():
            new_params = {**new_params, ORDER_VAR: _renumbered(new_params[ORDER_VAR], 1)}
        return super().get_query_string(new_params, remove)

    @contextmanager
    def _order_numbered_as_shown(self) -> Iterator[None]:
        addressed = self.params.get(ORDER_VAR)
        if not addressed or not self._checkbox_missing():
            yield
            return
        self.params[ORDER_VAR] = _renumbered(addressed, -1)
        try:
            yield
        finally:
            self.params[ORDER_VAR] = addressed


def _renumbered(order: str, by: int) -> str:
    """`o`'s column numbers ("-4.2") moved `by`; a part naming no column is left out, as
    Django leaves it out of the sort."""
    parts = []
    for part in order.split("."):
        try:
            number = int(part.removeprefix("-")) + by
        except ValueError:
            continue
        if number >= 0:
            parts.append(f"{'-' if part.startswith('-') else ''}{number}")
    return ".".join(parts)


def result_list(context, cl) -> dict:
    """The context of the theme's table of rows (its `unfold_result_list`), each cell
    labelled on a phone as its column header reads, "Created at": the theme labels a cell
    with the header's text as the model or the `@display` names it ("created at"), which its
    CSS capitals made "Created At" (backoffice.css turns them off for every list)."""
    found = unfold_list.result_list(context, cl)
    labels = [
        (
            f' data-label="{conditional_escape(header["text"])}">',
            f' data-label="{conditional_escape(capfirst(header["text"]))}">',
        )
        for header in found["result_headers"]
    ]
    for row in found["results"]:
        # The theme writes a cell's own label last in its opening tag, after its classes.
        row[:] = [
            mark_safe(cell.replace(theirs, ours, 1))  # noqa: S308 (escaped labels swapped)
            for cell, (theirs, ours) in zip(row, labels, strict=False)
        ]
    return found
