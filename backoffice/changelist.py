"""The back office's list page (every ModelAdmin's, `backoffice.admin_base`)."""

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
